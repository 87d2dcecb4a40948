# shellcheck shell=bash
# The six services and the HTTP port each serves /healthz, /readyz and /metrics on locally.
SERVICES=(ingest detect embed match policy notify)
# Node flags per service (NODE_OPTIONS); the Helm chart's <service>.nodeOptions and
# libs/testing's SERVICE_NODE_OPTIONS say the same (service-node-options.spec checks it).
declare -A SERVICE_NODE_OPTIONS=([detect]=--max-semi-space-size=64)
declare -A SERVICE_PORTS=([ingest]=8081 [detect]=8082 [embed]=8083 [match]=8084 [policy]=8085 [notify]=8086)
