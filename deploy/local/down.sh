#!/usr/bin/env bash
# Stops the local infrastructure: SIGTERM, wait up to STOP_TIMEOUT (30 s),
# then SIGKILL; removes the pid files. Only this checkout's processes are
# touched (matched by their paths under .local/), whatever ports they use.
#
#   deploy/local/down.sh           # stop, keep data
#   deploy/local/down.sh --wipe    # stop and delete Kafka + FerretDB data
#                                  # (jars, binary and logs are kept)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WIPE=0
for a in "$@"; do
  case "$a" in
    --wipe|--reset) WIPE=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $a (usage: down.sh [--wipe])" ;;
  esac
done

take_lock infra

# Pid from the pid file, or our process found listening on the port it was
# started with (recorded in .local/run/<svc>.ports), or on this env's port.
find_pid() { # $1 svc
  local svc="$1" p port q
  p="$(running_pid "$svc")"
  if [[ -z "$p" && -f "$RUN_DIR/$svc.ports" ]]; then
    if [[ "$svc" == kafka ]]; then
      port="$(grep -o 'KAFKA_PORT=[0-9]*' "$RUN_DIR/$svc.ports" | cut -d= -f2)"
    else
      port="$(grep -o 'MONGO_PORT=[0-9]*' "$RUN_DIR/$svc.ports" | cut -d= -f2)"
    fi
    for q in $(port_pids "${port:-0}"); do
      if is_ours "$svc" "$q"; then p="$q"; break; fi
    done
  fi
  echo "$p"
}

stop_one() { # $1 svc, $2 pidfile
  local svc="$1" pidf="$2" p i t0 killed
  p="$(find_pid "$svc")"
  if [[ -z "$p" ]]; then
    log "$svc: not running"
  else
    t0=$(now_ms)
    log "$svc: stopping pid $p (SIGTERM) ..."
    kill -TERM "$p" 2>/dev/null || true
    local timeout="$STOP_TIMEOUT"
    # the first clean stop also writes the class-data archive (~5-15 s): allow for it
    if [[ "$svc" == kafka && -f "$KAFKA_CDS_JSA.key.new" ]] && (( timeout > 0 )); then
      timeout=$(( timeout + 60 ))
      log "kafka: (first clean stop: also writing the class-data-sharing archive)"
    fi
    for (( i = 0; i < timeout * 10; i++ )); do
      pid_alive "$p" || break
      sleep 0.1
    done
    killed=0
    if pid_alive "$p"; then
      killed=1
      warn "$svc: still running after ${timeout}s, sending SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
      for (( i = 0; i < 50; i++ )); do pid_alive "$p" || break; sleep 0.1; done
    fi
    pid_alive "$p" && die "$svc: pid $p survived SIGKILL?"
    log "$svc: stopped in $(( $(now_ms) - t0 )) ms"
    if [[ "$svc" == kafka ]]; then
      if (( killed )); then rm -f "$KAFKA_CDS_JSA.new"; else promote_kafka_cds; fi
    fi
  fi
  rm -f "$pidf" "$RUN_DIR/$svc.ports" "$RUN_DIR/$svc.health"
}

# FerretDB and Kafka are independent; stop both concurrently.
stop_one ferretdb "$FERRET_PID" &
fpid=$!
stop_one kafka "$KAFKA_PID"
wait "$fpid"

if (( WIPE )); then
  rm -rf "$KAFKA_DATA" "$KAFKA_CONF" "$FERRET_DATA"
  log "wiped data: $KAFKA_DATA, $FERRET_DATA"
fi
rm -f "$STATE_DIR/infra.env"
