#!/usr/bin/env bash
# Brings the whole mesh up on embedded defaults: installs what is missing, starts Kafka and
# FerretDB (deploy/local), then the six services, and waits until every one reports ready.
#   npm run up          # stop with: npm run down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
cd "$ROOT"
started_at=$(date +%s)
run_dir="$LOCAL_DIR/run"
log_dir="$LOCAL_DIR/logs"
mkdir -p "$run_dir" "$log_dir"

step "Prerequisites (java, maven, go, ffmpeg; Kafka jars; FerretDB build)"
bash deploy/local/setup.sh
ensure_node_modules
ensure_models

step "Building the services (SWC into dist/)"
bash tools/scripts/build.sh

step "Kafka and FerretDB"
bash deploy/local/up.sh
set -a
# shellcheck disable=SC1091
source "$LOCAL_DIR/infra.env"
# The token-signing secret (deploy/local/up.sh makes it once): the services verify with it, and
# the sample run and tools/auth/issue-token.ts sign with it.
# shellcheck disable=SC1091
source "$LOCAL_DIR/auth.env"
set +a

step "Services"
for service in "${SERVICES[@]}"; do
  pid_file="$run_dir/$service.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    note "$service already running (pid $(cat "$pid_file"))"
    continue
  fi
  port="${SERVICE_PORTS[$service]}"
  if ss -ltn "( sport = :$port )" 2>/dev/null | grep -q LISTEN; then
    die "port $port for $service is taken by another process: $(ss -ltnp "( sport = :$port )" | tail -n +2)"
  fi
  HTTP_PORT="$port" NODE_OPTIONS="${SERVICE_NODE_OPTIONS[$service]:-}" \
    setsid node "dist/apps/$service/src/main.js" >>"$log_dir/$service.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  note "$service starting (pid $!, log .local/logs/$service.log)"
done

step "Waiting for every service to be ready"
deadline=$(( $(date +%s) + 120 ))
printf '    %-8s %-6s %-10s %s\n' SERVICE PORT STATE CHECKS
for service in "${SERVICES[@]}"; do
  port="${SERVICE_PORTS[$service]}"
  body=""
  until body="$(curl -fsS "http://127.0.0.1:$port/readyz" 2>/dev/null)"; do
    if ! kill -0 "$(cat "$run_dir/$service.pid")" 2>/dev/null; then
      tail -n 20 "$log_dir/$service.log" >&2
      die "$service exited during start-up; its log is above and in .local/logs/$service.log"
    fi
    (( $(date +%s) < deadline )) || die "$service is not ready after 120 s: curl http://127.0.0.1:$port/readyz; log: .local/logs/$service.log"
    sleep 0.5
  done
  checks="$(node -e 'const r=JSON.parse(process.argv[1]); console.log(r.checks.map(c=>`${c.name}:${c.ok?"ok":"FAIL"}`).join(" "))' "$body")"
  printf '    %-8s %-6s %-10s %s\n' "$service" "$port" ready "$checks"
done

rss_kb=0
for service in "${SERVICES[@]}"; do
  rss_kb=$(( rss_kb + $(ps -o rss= -p "$(cat "$run_dir/$service.pid")" | tr -d ' ') ))
done
step "The mesh is up in $(( $(date +%s) - started_at )) s (services' RSS: $(( rss_kb / 1024 )) MiB)"
note "Kafka     $KAFKA_BROKERS"
note "MongoDB   $MONGO_URL (FerretDB)"
note "Probes    curl http://127.0.0.1:8085/readyz   Metrics: curl http://127.0.0.1:8085/metrics"
note "Logs      tail -f .local/logs/*.log"

step "Sample run: enrol a person, play a video as a camera, watch sightings and alerts"
node tools/scripts/run-ts.cjs tools/demo/run-demo.ts
