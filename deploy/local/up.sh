#!/usr/bin/env bash
# Starts the local infrastructure (Kafka + FerretDB) and waits until both
# answer real protocol requests. Idempotent: when both are already up it only
# confirms their health.
#
#   deploy/local/up.sh            # KAFKA_PORT / KAFKA_CONTROLLER_PORT / MONGO_PORT to change ports
#
# Prints KAFKA_BROKERS=... and MONGO_URL=... at the end (also written to
# .local/infra.env, ready to `source`). Makes .local/auth.env (the services'
# token-signing secret, mode 600) once, if it is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

T_START=$(now_ms)
take_lock infra
mkdir -p "$LOG_DIR" "$RUN_DIR"

# Ports a running service of ours was started with; refuse to "confirm" a
# service that listens elsewhere than the caller asked for.
check_started_ports() { # $1 svc, $2 wanted "k=v ..." string
  local f="$RUN_DIR/$1.ports" had
  [[ -f "$f" ]] || return 0
  had="$(cat "$f")"
  [[ "$had" == "$2" ]] ||
    die "$1 from this checkout is already running with $had, but this call asks for $2.
  Run deploy/local/down.sh first (it stops it whatever the ports), then up.sh with the new ports."
}
KAFKA_PORTS_STR="KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT"
MONGO_PORTS_STR="MONGO_PORT=$MONGO_PORT"

kafka_pid="$(running_pid kafka)"
ferret_pid="$(running_pid ferretdb)"
[[ -z "$kafka_pid" ]] || check_started_ports kafka "$KAFKA_PORTS_STR"
[[ -z "$ferret_pid" ]] || check_started_ports ferretdb "$MONGO_PORTS_STR"

# Warm path: both running -> confirm health and leave.
if [[ -n "$kafka_pid" && -n "$ferret_pid" ]]; then
  ok=1
  health kafka --wait 10000 --pid "$kafka_pid" | sed 's/^/[local-infra] /' || ok=0
  health mongo --wait 10000 --pid "$ferret_pid" | sed 's/^/[local-infra] /' || ok=0
  (( ok )) || die "already running but not healthy; see $KAFKA_LOG and $FERRET_LOG (down.sh && up.sh to restart)"
  log "already running: kafka pid $kafka_pid, ferretdb pid $ferret_pid ($(( $(now_ms) - T_START )) ms)"
  write_env_file
  ensure_auth_env
  print_env
  exit 0
fi

# Something has to start. Check all its ports first, so that nothing is
# started when one of them is taken.
if [[ -z "$kafka_pid" ]]; then
  require_port_free "$KAFKA_PORT" KAFKA_PORT
  require_port_free "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
fi
[[ -n "$ferret_pid" ]] || require_port_free "$MONGO_PORT" MONGO_PORT

# Make sure jars / binary / tools are there.
"$DEPLOY_DIR/setup.sh"

# Launches "$@" detached (own session, stdin closed, output appended to $1's
# log), writing its pid to $2 before exec so the pid is the real process.
spawn() { # $1 logfile, $2 pidfile, rest: command
  local logf="$1" pidf="$2"; shift 2
  rotate_log "$logf"
  printf '\n===== %s starting: %s\n' "$(date -Is)" "$*" >>"$logf"
  # shellcheck disable=SC2016 # $$ and $@ expand in the child bash
  # {LOCK_FD}>&-: the long-running service must not inherit (and so hold) our lock
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' spawn "$pidf" "$@" >>"$logf" 2>&1 </dev/null {LOCK_FD}>&- &
  local _
  for _ in $(seq 100); do [[ -s "$pidf" ]] && break; sleep 0.02; done
  [[ -s "$pidf" ]] || die "could not start: $* (see $logf)"
}

# ---------------------------------------------------------------- Kafka
start_kafka() {
  mkdir -p "$KAFKA_DATA"

  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
      -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      -e "s#@KAFKA_DATA_DIR@#$KAFKA_DATA#g" \
      "$DEPLOY_DIR/kafka/server.properties.template" >"$KAFKA_CONF.tmp"
  mv -f "$KAFKA_CONF.tmp" "$KAFKA_CONF"

  local jopts=(-Djava.awt.headless=true
               -Dlog4j2.configurationFile="$DEPLOY_DIR/kafka/log4j2.xml"
               -cp "$KAFKA_LIBS/*")

  # Class-data sharing: use a verified archive made from this jar set and
  # java; otherwise have this run dump one at exit (down.sh promotes it).
  local cds=() key
  if [[ "$KAFKA_CDS" == 1 ]]; then
    key="$(kafka_cds_key)"
    if [[ -f "$KAFKA_CDS_JSA" && "$(cat "$KAFKA_CDS_JSA.key" 2>/dev/null)" == "$key" ]]; then
      cds=(-XX:SharedArchiveFile="$KAFKA_CDS_JSA")
    else
      rm -f "$KAFKA_CDS_JSA" "$KAFKA_CDS_JSA.key" "$KAFKA_CDS_JSA.new"
      echo "$key" >"$KAFKA_CDS_JSA.key.new"
    fi
  fi

  # Storage is formatted once. Changing KAFKA_CONTROLLER_PORT later is fine:
  # with kraft.version 1 the single voter updates its own endpoint on start.
  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    # cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints).
    # Like Kafka's own Uuid.randomUuid, never one starting with '-': the tool would parse it as a flag.
    local cid="-"
    while [[ "$cid" == -* ]]; do
      cid="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    log "kafka: formatting storage (KRaft, --standalone, cluster id $cid)"
    printf '\n===== %s format: cluster id %s\n' "$(date -Is)" "$cid" >>"$KAFKA_LOG"
    java -Dsightline.log.level=WARN "${cds[@]}" "${jopts[@]}" kafka.tools.StorageTool format --standalone \
        --ignore-formatted -t "$cid" -c "$KAFKA_CONF" >>"$KAFKA_LOG" 2>&1 </dev/null ||
      die "formatting Kafka storage failed; see $KAFKA_LOG"
  fi

  if [[ "$KAFKA_CDS" == 1 && ${#cds[@]} == 0 ]]; then
    cds=(-XX:ArchiveClassesAtExit="$KAFKA_CDS_JSA.new")
  fi

  rm -f "$KAFKA_PID"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  spawn "$KAFKA_LOG" "$KAFKA_PID" java $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError "${cds[@]}" \
    "${jopts[@]}" kafka.Kafka "$KAFKA_CONF"
  echo "$KAFKA_PORTS_STR" >"$RUN_DIR/kafka.ports"
  log "kafka: started pid $(cat "$KAFKA_PID") on $KAFKA_BROKERS (controller :$KAFKA_CONTROLLER_PORT), log $KAFKA_LOG"
}

# ---------------------------------------------------------------- FerretDB
start_ferret() {
  mkdir -p "$FERRET_DATA"
  rm -f "$FERRET_PID"
  spawn "$FERRET_LOG" "$FERRET_PID" "$FERRET_BIN" \
    -listen-addr "$BIND_HOST:$MONGO_PORT" -data-dir "$FERRET_DATA"
  echo "$MONGO_PORTS_STR" >"$RUN_DIR/ferretdb.ports"
  log "ferretdb: started pid $(cat "$FERRET_PID") on $BIND_HOST:$MONGO_PORT, data $FERRET_DATA, log $FERRET_LOG"
}

if [[ -n "$kafka_pid" ]]; then log "kafka: already running (pid $kafka_pid)"; else start_kafka; fi
if [[ -n "$ferret_pid" ]]; then log "ferretdb: already running (pid $ferret_pid)"; else start_ferret; fi
kafka_pid="$(cat "$KAFKA_PID")"
ferret_pid="$(cat "$FERRET_PID")"

# ---------------------------------------------------------------- readiness
fail_with_log() { # $1 name, $2 pid, $3 log, $4 message
  echo >&2
  echo "----- last 25 lines of $3 -----" >&2
  tail -n 25 "$3" >&2 || true
  echo "-----" >&2
  if pid_alive "$2"; then
    kill -TERM "$2" 2>/dev/null || true
    local _
    for _ in $(seq 100); do pid_alive "$2" || break; sleep 0.1; done
    pid_alive "$2" && kill -KILL "$2" 2>/dev/null
    warn "$1 (pid $2) was not ready; stopped it so the next up.sh starts clean"
  fi
  rm -f "$RUN_DIR/$1.pid" "$RUN_DIR/$1.ports"
  die "$4 Full log: $3"
}

log "waiting for readiness (kafka <= ${KAFKA_START_TIMEOUT}s, ferretdb <= ${MONGO_START_TIMEOUT}s) ..."
# both waits run concurrently
health mongo --wait $(( MONGO_START_TIMEOUT * 1000 )) --pid "$ferret_pid" >"$RUN_DIR/ferretdb.health" 2>&1 &
mwait=$!
krc=0; health kafka --wait $(( KAFKA_START_TIMEOUT * 1000 )) --pid "$kafka_pid" >"$RUN_DIR/kafka.health" 2>&1 || krc=$?
mrc=0; wait "$mwait" || mrc=$?
sed 's/^/[local-infra] /' "$RUN_DIR/kafka.health" "$RUN_DIR/ferretdb.health"

why() { # $1 health exit code, $2 timeout s
  if (( $1 == 2 )); then echo "exited during start-up."; else echo "did not become ready within $2 s."; fi
}
if (( mrc != 0 )); then
  (( krc == 0 )) || { kill -TERM "$kafka_pid" 2>/dev/null || true; }
  fail_with_log ferretdb "$ferret_pid" "$FERRET_LOG" \
    "FerretDB ($BIND_HOST:$MONGO_PORT) $(why "$mrc" "$MONGO_START_TIMEOUT")"
fi
if (( krc != 0 )); then
  fail_with_log kafka "$kafka_pid" "$KAFKA_LOG" \
    "Kafka ($KAFKA_BROKERS) $(why "$krc" "$KAFKA_START_TIMEOUT")"
fi

log "up in $(( $(now_ms) - T_START )) ms: kafka pid $kafka_pid ($(rss_mib "$kafka_pid")), ferretdb pid $ferret_pid ($(rss_mib "$ferret_pid"))"
write_env_file
ensure_auth_env
print_env
