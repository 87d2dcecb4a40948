#!/usr/bin/env bash
# Prints whether Kafka and FerretDB of this checkout are running and healthy
# (a real Metadata request / mongo ping), their pid, RSS and ports.
# Exit code: 0 when both are healthy, 1 otherwise. Changes nothing.
#
#   deploy/local/status.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

rc=0
report() { # $1 svc, $2 health kind, $3 addr, $4 log
  local svc="$1" p h ports=""
  p="$(running_pid "$svc")"
  [[ -f "$RUN_DIR/$svc.ports" ]] && ports=" [started with $(cat "$RUN_DIR/$svc.ports")]"
  if [[ -z "$p" ]]; then
    if port_in_use "${3##*:}"; then
      printf '%-9s STOPPED  (but port %s is held by another process: %s)\n' "$svc" "${3##*:}" \
        "$(port_pids "${3##*:}" | while read -r q; do printf 'pid %s %s; ' "$q" "$(cmdline_of "$q" | cut -c1-100)"; done)"
    else
      printf '%-9s STOPPED\n' "$svc"
    fi
    rc=1
    return
  fi
  if h="$(health "$2" --wait 3000 --pid "$p")"; then
    printf '%-9s HEALTHY  pid %s, rss %s, %s%s\n' "$svc" "$p" "$(rss_mib "$p")" "$3" "$ports"
    printf '          %s\n' "$h"
  else
    printf '%-9s UNHEALTHY pid %s, rss %s, %s%s\n          %s\n          log: %s\n' \
      "$svc" "$p" "$(rss_mib "$p")" "$3" "$ports" "$h" "$4"
    rc=1
  fi
}

report kafka kafka "$KAFKA_BROKERS" "$KAFKA_LOG"
report ferretdb mongo "$BIND_HOST:$MONGO_PORT" "$FERRET_LOG"
echo
print_env
exit "$rc"
