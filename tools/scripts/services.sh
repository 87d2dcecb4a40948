# shellcheck shell=bash
# The six services and the HTTP port each serves /healthz, /readyz and /metrics on locally.
SERVICES=(ingest detect embed match policy notify)
declare -A SERVICE_PORTS=([ingest]=8081 [detect]=8082 [embed]=8083 [match]=8084 [policy]=8085 [notify]=8086)
