#!/usr/bin/env bash
# Stops the six services (SIGTERM to all at once: each drains and commits), then Kafka and FerretDB.
#   npm run down            # npm run down -- --wipe also deletes local data
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
run_dir="$LOCAL_DIR/run"
declare -A pids=()
for service in "${SERVICES[@]}"; do
  pid_file="$run_dir/$service.pid"
  [[ -f "$pid_file" ]] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    pids[$service]="$pid"
  else
    rm -f "$pid_file"
  fi
done
for service in "${!pids[@]}"; do
  pid="${pids[$service]}"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    note "$service did not drain in 30 s; killing it"
    kill -KILL "$pid" || true
  fi
  note "$service stopped"
  rm -f "$run_dir/$service.pid"
done
bash "$ROOT/deploy/local/down.sh" "$@"
