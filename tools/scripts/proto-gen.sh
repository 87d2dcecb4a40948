#!/usr/bin/env bash
# Lints, format-checks and generates the TypeScript code for proto/ into libs/proto/src/generated.
#
#   tools/scripts/proto-gen.sh           # install buf if needed, lint, fix formatting, regenerate
#   tools/scripts/proto-gen.sh --check   # lint, fail on unformatted protos or stale generated code
#
# --check changes nothing in the working tree: it generates into a temporary directory and diffs
# that against the committed libs/proto/src/generated, exiting non-zero with a clear message when
# they differ (run by the test command). Only local plugins are used (ts-proto from node_modules),
# so nothing here needs the network once buf is installed. The generated code is deliberately not
# run through Prettier or ESLint (both ignore it), which keeps generation byte-for-byte reproducible.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../.." && pwd)"
GEN_DIR_REL="libs/proto/src/generated"
PLUGIN_REL="node_modules/.bin/protoc-gen-ts_proto"

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { printf '[proto-gen] %s\n' "$*" >&2; }
die() { printf '[proto-gen] error: %s\n' "$*" >&2; exit 1; }

check=false
while (($#)); do
  case "$1" in
    --check) check=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

BUF="$("${SCRIPT_DIR}/install-buf.sh")"
cd "${REPO_ROOT}"
[[ -x "${PLUGIN_REL}" ]] || die "${PLUGIN_REL} is missing; run 'npm ci' first (ts-proto is a devDependency)"

log "buf $("${BUF}" --version): lint"
"${BUF}" lint || die "buf lint failed (findings above); every element needs a comment, see buf.yaml"

if "${check}"; then
  log "format check"
  if ! "${BUF}" format --diff --exit-code; then
    die "protos are not buf-formatted (diff above); run tools/scripts/proto-gen.sh to fix"
  fi

  tmp="$(mktemp -d "${TMPDIR:-/tmp}/proto-gen-check.XXXXXX")"
  trap 'rm -rf -- "${tmp}"' EXIT
  log "generate into ${tmp} and compare with ${GEN_DIR_REL}"
  "${BUF}" generate --output "${tmp}"
  if [[ ! -d "${GEN_DIR_REL}" ]]; then
    die "${GEN_DIR_REL} does not exist; run tools/scripts/proto-gen.sh and commit the result"
  fi
  if ! diff -ru "${GEN_DIR_REL}" "${tmp}/${GEN_DIR_REL}" >"${tmp}/stale.diff"; then
    head -n 200 "${tmp}/stale.diff" >&2
    log "files that differ (committed vs freshly generated):"
    diff -rq "${GEN_DIR_REL}" "${tmp}/${GEN_DIR_REL}" | sed "s#${tmp}/##g" >&2 || true
    die "${GEN_DIR_REL} is stale (diff above, first 200 lines); run tools/scripts/proto-gen.sh and commit the result"
  fi
  log "ok: protos lint-clean, formatted, and ${GEN_DIR_REL} is up to date"
else
  log "format (write)"
  "${BUF}" format --write
  log "generate into ${GEN_DIR_REL}"
  "${BUF}" generate
  log "ok: regenerated ${GEN_DIR_REL}"
fi
