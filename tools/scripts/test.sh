#!/usr/bin/env bash
# The full test suite, exactly as CI runs it (.ci/run calls this): install, static checks, unit
# tests, then integration and end-to-end tests against the real Kafka and FerretDB it starts.
#   npm test                 # or: bash tools/scripts/test.sh
# Leaves the infrastructure running if it was already running, stops it otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
started_at=$(date +%s)
results_dir="$LOCAL_DIR/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"

step "Prerequisites and local infrastructure binaries (deploy/local/setup.sh)"
bash deploy/local/setup.sh
ensure_node_modules
ensure_models

step "Protos: buf lint, format and generated code up to date"
bash tools/scripts/proto-gen.sh --check

step "Formatting (prettier --check)"
prettier --check --log-level warn .

step "Lint (ESLint with module boundaries, every project)"
# Boundary findings depend on other projects' tags, which a lint target's cache key does not see,
# so CI always lints afresh; local runs may reuse Nx's cache.
nx run-many -t lint --parallel=2 --outputStyle=static ${CI:+--skip-nx-cache}

step "Type check (tsc --noEmit)"
tsc -p tsconfig.json --noEmit

# A tier that leaves a handle open must fail the run, not hang it: each tier has a hard cap, and the
# tiers that spawn brokers' clients and service processes exit when their last test has finished.
tier() {
  local cap=$1
  shift
  timeout --signal=TERM --kill-after=30 "$cap" jest -c jest.config.cjs "$@" || {
    local status=$?
    (( status == 124 )) && echo "error: test tier exceeded its ${cap}s cap" >&2
    return "$status"
  }
}

step "Kubernetes chart: helm lint, helm template, kubeconform -strict, yamllint (tools/k8s/validate-chart.sh)"
bash tools/k8s/validate-chart.sh

step "Unit tests"
tier 1200 --selectProjects unit --json --outputFile="$results_dir/unit.json"

infra_was_running=0
if bash deploy/local/status.sh >/dev/null 2>&1; then infra_was_running=1; fi
step "Local infrastructure (Kafka, FerretDB)"
bash deploy/local/up.sh
if (( infra_was_running == 0 )); then trap 'bash "$ROOT/deploy/local/down.sh" >/dev/null 2>&1 || true' EXIT; fi
set -a
# shellcheck disable=SC1091
source "$LOCAL_DIR/infra.env"
# shellcheck disable=SC1091
source "$LOCAL_DIR/auth.env" # token-signing secret of the services the int and e2e tests start
set +a

step "Integration tests (real Kafka, FerretDB, ONNX models)"
tier 1800 --selectProjects int --runInBand --forceExit --json --outputFile="$results_dir/int.json"

step "End-to-end tests (test/)"
tier 2700 --selectProjects e2e --runInBand --forceExit --passWithNoTests --json --outputFile="$results_dir/e2e.json"

step "Summary"
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const tier of ["unit", "int", "e2e"]) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + tier + ".json", "utf8"));
    console.log(`    ${tier.padEnd(5)} ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped (${r.numTotalTestSuites} suites)`);
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests;
    for (const file of r.testResults) {
      for (const test of file.assertionResults) {
        if (test.status === "pending") console.log(`          skipped: ${test.fullName}`);
      }
    }
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results_dir"
echo "wall time: $(( $(date +%s) - started_at )) s"
