# shellcheck shell=bash
# shellcheck disable=SC2034 # variables are used by the scripts that source this file
# Shared settings and helpers for deploy/local/*.sh. Source it; do not run it.
#
# Everything generated lives under <repo>/.local/ (git-ignored), computed from
# this file's own location so any clone in any folder works from any cwd.

set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # <repo>/deploy/local
REPO_ROOT="$(cd "$DEPLOY_DIR/../.." && pwd)"
STATE_DIR="$REPO_ROOT/.local"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
BIN_DIR="$STATE_DIR/bin"

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONF="$KAFKA_DIR/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_PID="$RUN_DIR/kafka.pid"
# AppCDS archive of the broker's classes (halves JVM start-up): dumped at the
# first clean shutdown, promoted by down.sh, used by later starts. KAFKA_CDS=0 disables.
KAFKA_CDS_JSA="$KAFKA_DIR/kafka-cds.jsa"
KAFKA_CDS="${KAFKA_CDS:-1}"

FERRET_SRC="$DEPLOY_DIR/ferretdb"
FERRET_BIN="$BIN_DIR/ferretdb-sightline"
FERRET_DATA="$STATE_DIR/ferretdb/data"
FERRET_LOG="$LOG_DIR/ferretdb.log"
FERRET_PID="$RUN_DIR/ferretdb.pid"

HEALTH_JS="$DEPLOY_DIR/lib/health.js"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"   # seconds
MONGO_START_TIMEOUT="${MONGO_START_TIMEOUT:-30}"    # seconds
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"                  # seconds before SIGKILL

BIND_HOST=127.0.0.1
KAFKA_BROKERS="$BIND_HOST:$KAFKA_PORT"
MONGO_URL="mongodb://$BIND_HOST:$MONGO_PORT/sightline"

for _v in KAFKA_PORT KAFKA_CONTROLLER_PORT MONGO_PORT; do
  if ! [[ "${!_v}" =~ ^[0-9]+$ ]] || (( ${!_v} < 1 || ${!_v} > 65535 )); then
    echo "error: $_v='${!_v}' is not a valid TCP port" >&2
    exit 1
  fi
done
if [[ "$KAFKA_PORT" == "$KAFKA_CONTROLLER_PORT" || "$KAFKA_PORT" == "$MONGO_PORT" || "$KAFKA_CONTROLLER_PORT" == "$MONGO_PORT" ]]; then
  echo "error: KAFKA_PORT ($KAFKA_PORT), KAFKA_CONTROLLER_PORT ($KAFKA_CONTROLLER_PORT) and MONGO_PORT ($MONGO_PORT) must differ" >&2
  exit 1
fi
unset _v

# Go installed from the official tarball is often not on PATH in non-login shells.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  PATH="$PATH:/usr/local/go/bin"
fi

export DEBIAN_FRONTEND=noninteractive

log()  { printf '[local-infra] %s\n' "$*"; }
warn() { printf '[local-infra] WARNING: %s\n' "$*" >&2; }
die()  { printf '[local-infra] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

is_root() { [[ "$(id -u)" == 0 ]]; }

# Serialise scripts that change state (two up.sh at once, up.sh vs down.sh).
# $1: lock name. Held until the calling script exits.
take_lock() {
  mkdir -p "$RUN_DIR"
  local f="$RUN_DIR/$1.lock"
  exec {LOCK_FD}>"$f"
  if flock -n "$LOCK_FD"; then return 0; fi
  log "waiting for $f (another deploy/local script is running) ..."
  if ! flock -w 600 "$LOCK_FD"; then
    die "could not get $f within 600 s (another deploy/local script is running?)"
  fi
}

# ---------- processes ----------

# Alive = exists and is not a zombie waiting to be reaped.
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local st
  st="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$st" != Z ]]
}

cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# Is PID one of *this checkout's* services? $1: kafka|ferretdb, $2: pid.
# Matches on the absolute paths under this repo's .local/, so another clone's
# broker, or an unrelated process that reused the pid, is never ours.
is_ours() {
  local cmd
  cmd="$(cmdline_of "$2")"
  case "$1" in
    kafka)    [[ "$cmd" == *kafka.Kafka*"$KAFKA_CONF"* ]] ;;
    ferretdb) [[ "$cmd" == "$FERRET_BIN "* ]] ;;
  esac
}

# Pids listening on TCP port $1 (any address), one per line.
port_pids() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}

port_in_use() {
  [[ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]]
}

# Prints the pid of our running service $1 (kafka|ferretdb), or nothing.
# Uses the pid file; if that is missing or stale, adopts our process found
# listening on the service's port and rewrites the pid file.
running_pid() {
  local svc="$1" pidfile port p
  if [[ "$svc" == kafka ]]; then pidfile="$KAFKA_PID"; port="$KAFKA_PORT"; else pidfile="$FERRET_PID"; port="$MONGO_PORT"; fi
  if [[ -f "$pidfile" ]]; then
    p="$(cat "$pidfile" 2>/dev/null || true)"
    if pid_alive "$p" && is_ours "$svc" "$p"; then echo "$p"; return 0; fi
    rm -f "$pidfile"
  fi
  for p in $(port_pids "$port"); do
    if is_ours "$svc" "$p"; then mkdir -p "$RUN_DIR"; echo "$p" >"$pidfile"; echo "$p"; return 0; fi
  done
  return 0
}

# Fails with a clear message if TCP port $1 (env var $2) is taken by a process
# that is not ours.
require_port_free() {
  local port="$1" var="$2" holders p desc=""
  port_in_use "$port" || return 0
  holders="$(port_pids "$port")"
  for p in $holders; do
    desc+=$'\n'"    pid $p: $(cmdline_of "$p" | cut -c1-200)"
  done
  [[ -n "$desc" ]] || desc=$'\n'"    (holder not visible to this user; try: sudo ss -ltnp 'sport = :$port')"
  die "port $port is already in use by a process that is not this checkout's local infra:
$(ss -ltnpH "sport = :$port" 2>/dev/null | sed 's/^/    /')$desc
  Stop that process, or pick another port: $var=<free port> $(basename "$0")
  (use the same $var for down.sh/status.sh and in the services' env)"
}

# Memory of a pid in MiB (RSS), or '-'.
rss_mib() {
  local kb
  kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true)"
  [[ -n "$kb" ]] && echo "$(( kb / 1024 )) MiB" || echo "-"
}

health() { # $1 kafka|mongo, then extra args for health.js
  local kind="$1"; shift
  local addr
  if [[ "$kind" == kafka ]]; then addr="$KAFKA_BROKERS"; else addr="$BIND_HOST:$MONGO_PORT"; fi
  node "$HEALTH_JS" "$kind" "$addr" "$@"
}

print_env() {
  echo "KAFKA_BROKERS=$KAFKA_BROKERS"
  echo "MONGO_URL=$MONGO_URL"
}

write_env_file() {
  mkdir -p "$STATE_DIR"
  print_env >"$STATE_DIR/infra.env"
}

# The local HS256 secret every service verifies bearer tokens with, made once and kept across
# restarts (tokens minted earlier stay valid). Git-ignored, readable by this user only; no secret
# is ever committed. tools/auth/issue-token.ts mints tokens from it.
AUTH_ENV_FILE="$STATE_DIR/auth.env"
ensure_auth_env() {
  mkdir -p "$STATE_DIR"
  if [[ -s "$AUTH_ENV_FILE" ]] && grep -q '^AUTH_JWT_SECRET=.\{43,\}$' "$AUTH_ENV_FILE"; then
    chmod 600 "$AUTH_ENV_FILE"
    return 0
  fi
  local secret tmp
  # 48 random bytes, base64url: 64 characters, well above HS256's 32-byte minimum.
  secret="$(head -c48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  tmp="$(mktemp "$STATE_DIR/auth.env.XXXXXX")"
  chmod 600 "$tmp"
  printf 'AUTH_JWT_SECRET=%s\n' "$secret" >"$tmp"
  mv -f "$tmp" "$AUTH_ENV_FILE"
  log "auth: generated a local token-signing secret in $AUTH_ENV_FILE"
}

# Keeps log files from growing without bound: rotates $1 past 50 MiB.
rotate_log() {
  local f="$1"
  if [[ -f "$f" ]] && (( $(stat -c %s "$f") > 50 * 1024 * 1024 )); then
    mv -f "$f" "$f.1"
  fi
}

# Identity of what a CDS archive was made from: the jar set and the java binary.
kafka_cds_key() {
  local j
  j="$(readlink -f "$(command -v java)")"
  echo "$(cat "$KAFKA_LIBS/.sightline-stamp" 2>/dev/null) $j $(stat -c '%s.%Y' "$j")"
}

# Called after Kafka stopped cleanly: a freshly dumped archive (.new) is
# checked by a throw-away JVM (a truncated archive would crash the JVM with
# SIGBUS) and only then promoted. Anything doubtful is deleted.
promote_kafka_cds() {
  local new="$KAFKA_CDS_JSA.new" out
  [[ -f "$new" ]] || return 0
  if out="$(java -XX:SharedArchiveFile="$new" -cp "$KAFKA_LIBS/*" -version 2>&1)" &&
     [[ "$out" != *"Unable to use shared archive"* && "$out" != *"rror"* ]]; then
    mv -f "$new" "$KAFKA_CDS_JSA"
    mv -f "$KAFKA_CDS_JSA.key.new" "$KAFKA_CDS_JSA.key"
    log "kafka: class-data-sharing archive saved; next starts are faster"
  else
    rm -f "$new" "$KAFKA_CDS_JSA.key.new"
  fi
}
