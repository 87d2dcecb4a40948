#!/usr/bin/env bash
# Installs a pinned buf (https://buf.build) into <repo>/.local/bin from the Go module proxy.
#
#   tools/scripts/install-buf.sh          # install if missing or at another version; prints the path
#
# Idempotent: when .local/bin/buf already reports BUF_VERSION it does nothing. `go install pkg@version`
# resolves buf's own go.mod (it ignores any go.mod/go.work here), so the only requirement is a Go
# toolchain new enough for that buf release (see its go.mod) and access to the Go module proxy.
# No Docker and no Buf Schema Registry access are needed, at install time or later.
set -euo pipefail

# Bump deliberately: lint rules and `buf format` output change between releases, and the test
# command runs proto-gen.sh --check with whatever version is pinned here.
BUF_VERSION="${BUF_VERSION:-1.75.0}"

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../.." && pwd)"
BIN_DIR="${REPO_ROOT}/.local/bin"
BUF="${BIN_DIR}/buf"

log() { printf '[install-buf] %s\n' "$*" >&2; }

if [[ -x "${BUF}" ]]; then
  have="$("${BUF}" --version 2>/dev/null || true)"
  if [[ "${have}" == "${BUF_VERSION}" ]]; then
    echo "${BUF}"
    exit 0
  fi
  log "found buf '${have:-unknown}' at ${BUF}, want ${BUF_VERSION}; reinstalling"
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: 'go' is not on PATH; install Go (>= the version in buf v${BUF_VERSION}'s go.mod) first"
  exit 1
fi

mkdir -p "${BIN_DIR}"
log "installing github.com/bufbuild/buf/cmd/buf@v${BUF_VERSION} into ${BIN_DIR} (first build takes a few minutes)"
start=$(date +%s)
# Build into a private staging GOBIN and rename into place: `go install` refuses to overwrite a
# non-Go file, and the rename means a concurrent or interrupted run never leaves a half-written buf.
# CGO is not needed; a static binary also survives libc changes on the host.
stage="$(mktemp -d "${BIN_DIR}/.buf-install.XXXXXX")"
trap 'rm -rf -- "${stage}"' EXIT
GOBIN="${stage}" CGO_ENABLED=0 go install "github.com/bufbuild/buf/cmd/buf@v${BUF_VERSION}"
mv -f -- "${stage}/buf" "${BUF}"
have="$("${BUF}" --version)"
if [[ "${have}" != "${BUF_VERSION}" ]]; then
  log "error: installed buf reports '${have}', expected ${BUF_VERSION}"
  exit 1
fi
log "buf ${have} ready in $(( $(date +%s) - start ))s"
echo "${BUF}"
