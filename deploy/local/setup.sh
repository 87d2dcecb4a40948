#!/usr/bin/env bash
# Installs / checks everything the local infrastructure needs. Idempotent:
# a second run only verifies (well under a second).
#
#   deploy/local/setup.sh
#
# - java >= 17 (runs Kafka), mvn (fetches the Kafka jars), go >= 1.24 (builds
#   FerretDB), node (health checks), ffmpeg (media pipeline). As root with apt,
#   missing java/maven/ffmpeg are apt-get installed; otherwise it says how.
#   mvn and go are only needed while the jars / binary are missing or stale.
# - Kafka jars: Maven Central -> .local/kafka/libs (per deploy/local/kafka/pom.xml)
# - FerretDB: go build deploy/local/ferretdb -> .local/bin/ferretdb-sightline
# Set SIGHTLINE_SKIP_FFMPEG=1 to skip the ffmpeg step.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

take_lock setup
mkdir -p "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"
SETUP_LOG="$LOG_DIR/setup.log"   # output of apt-get / mvn / go build

APT_UPDATED=0
apt_install() { # $@: packages
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  # apt-get update only when the package lists do not know the package yet
  local pkg
  for pkg in "$@"; do
    # (no `apt-cache | grep -q`: with pipefail, grep's early exit SIGPIPEs apt-cache)
    if (( APT_UPDATED == 0 )) && [[ "$(apt-cache policy "$pkg" 2>/dev/null)" != *"Candidate: "[0-9]* ]]; then
      log "apt-get update (package lists do not know $pkg yet)"
      apt-get update -qq </dev/null >>"$SETUP_LOG" 2>&1 || { tail -n 30 "$SETUP_LOG" >&2; return 2; }
      APT_UPDATED=1
    fi
  done
  log "apt-get install -y --no-install-recommends $* (output: $SETUP_LOG)"
  if ! apt-get install -y -qq --no-install-recommends "$@" </dev/null >>"$SETUP_LOG" 2>&1; then
    tail -n 30 "$SETUP_LOG" >&2
    return 2
  fi
}

# ---------------------------------------------------------------- java
java_major() {
  java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
if ! command -v java >/dev/null 2>&1; then
  apt_install openjdk-17-jre-headless ||
    die "java (>= 17) not found. Install it: apt-get install openjdk-17-jre-headless (as root), or any JDK/JRE >= 17 on PATH."
fi
JAVA_MAJOR="$(java_major)"
if ! [[ "$JAVA_MAJOR" =~ ^[0-9]+$ ]] || (( JAVA_MAJOR < 17 )); then
  die "Kafka 4 needs Java >= 17, found '$JAVA_MAJOR' ($(command -v java)). Install openjdk-17-jre-headless or put a newer java first on PATH."
fi

# ---------------------------------------------------------------- node
command -v node >/dev/null 2>&1 ||
  die "node not found (needed for health checks; the repo needs Node.js >= 18 anyway). Install Node.js 20 and re-run."

# ---------------------------------------------------------------- ffmpeg
if [[ "${SIGHTLINE_SKIP_FFMPEG:-0}" != 1 ]] && ! command -v ffmpeg >/dev/null 2>&1; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    t0=$(now_ms)
    apt_install ffmpeg || die "apt-get install ffmpeg failed (see output above)"
    log "ffmpeg: installed in $(( ($(now_ms) - t0) / 1000 )) s"
  else
    warn "ffmpeg not found and cannot be installed here (not root or no apt-get). Install it: sudo apt-get install -y ffmpeg"
  fi
fi

# ---------------------------------------------------------------- Kafka jars
KAFKA_POM="$DEPLOY_DIR/kafka/pom.xml"
kafka_stamp_want="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
kafka_stamp_file="$KAFKA_LIBS/.sightline-stamp"
if [[ -f "$kafka_stamp_file" && "$(cat "$kafka_stamp_file")" == "$kafka_stamp_want" ]] &&
   compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
  log "kafka jars: up to date ($KAFKA_LIBS)"
else
  if ! command -v mvn >/dev/null 2>&1; then
    apt_install maven ||
      die "mvn not found (needed once to fetch the Kafka jars). Install it: apt-get install maven (as root)."
  fi
  log "kafka jars: fetching from Maven Central via $KAFKA_POM ..."
  t0=$(now_ms)
  rm -rf "$KAFKA_LIBS.tmp"
  # -B: batch mode, no colours/progress; the Maven cache (~/.m2) is reused across clones.
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" \
        -Doutput.dir="$KAFKA_LIBS.tmp" dependency:copy-dependencies </dev/null >>"$SETUP_LOG" 2>&1; then
    rm -rf "$KAFKA_LIBS.tmp"
    tail -n 30 "$SETUP_LOG" >&2
    die "fetching the Kafka jars failed (full output: $SETUP_LOG). Is Maven Central reachable? Check ~/.m2/settings.xml."
  fi
  echo "$kafka_stamp_want" >"$KAFKA_LIBS.tmp/.sightline-stamp"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  rm -f "$KAFKA_CDS_JSA" "$KAFKA_CDS_JSA".*   # class-data archive of the old jars
  jars=("$KAFKA_LIBS"/*.jar)
  core=("$KAFKA_LIBS"/kafka_2.13-*.jar)
  log "kafka jars: ${#jars[@]} jars in $(( ($(now_ms) - t0) / 1000 )) s (${core[0]##*/})"
fi

# ---------------------------------------------------------------- FerretDB
ferret_stamp_want="$(cat "$FERRET_SRC/main.go" "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" | sha256sum | cut -d' ' -f1)"
ferret_stamp_file="$FERRET_BIN.stamp"
if [[ -x "$FERRET_BIN" && -f "$ferret_stamp_file" && "$(cat "$ferret_stamp_file")" == "$ferret_stamp_want" ]]; then
  log "ferretdb: up to date ($FERRET_BIN)"
else
  command -v go >/dev/null 2>&1 ||
    die "go not found (needed once to build FerretDB). Install Go >= 1.24 from the official tarball into /usr/local/go
  (Debian 12's 'golang' package is 1.19, too old: FerretDB v1.24 needs Go 1.24)."
  gov="$(go env GOVERSION)"   # e.g. go1.26.8
  gomin="$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"$gov")"
  if ! [[ "$gomin" =~ ^[0-9]+$ ]] || (( gomin < 21 )); then
    die "$gov is too old to build FerretDB (needs Go >= 1.24; 1.21+ can fetch it itself through the Go module proxy). Install a newer Go into /usr/local/go."
  fi
  log "ferretdb: building with $gov (first build compiles SQLite in Go: ~2 min on 2 cores; output: $SETUP_LOG) ..."
  t0=$(now_ms)
  if ! (
    cd "$FERRET_SRC"
    go build -mod=readonly -trimpath -buildvcs=false -ldflags='-s -w' -o "$FERRET_BIN.tmp" .
  ) </dev/null >>"$SETUP_LOG" 2>&1; then
    rm -f "$FERRET_BIN.tmp"
    tail -n 30 "$SETUP_LOG" >&2
    die "building FerretDB failed (full output: $SETUP_LOG)"
  fi
  mv -f "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$ferret_stamp_want" >"$ferret_stamp_file"
  log "ferretdb: built $FERRET_BIN in $(( ($(now_ms) - t0) / 1000 )) s"
fi

# ---------------------------------------------------------------- Kubernetes chart tools
# Offline validation of deploy/helm/sightline (tools/k8s/validate-chart.sh): helm and kubeconform
# built from the Go module proxy into .local/bin; yamllint, the Kubernetes JSON schemas
# (kubernetes-validate) and the KEDA / Prometheus-operator CRD models from PyPI into
# .local/venv-k8s; the CRD schemas generated from them into .cache/k8s-schemas.
# Set SIGHTLINE_SKIP_K8S_TOOLS=1 to skip this step.
HELM_MODULE="helm.sh/helm/v3/cmd/helm@v3.22.0"
KUBECONFORM_MODULE="github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0"
K8S_VENV="$STATE_DIR/venv-k8s"
K8S_SCHEMAS="$REPO_ROOT/.cache/k8s-schemas"
go_install_tool() { # $1: binary name, $2: module path@version
  local bin="$BIN_DIR/$1" stamp="$BIN_DIR/$1.stamp"
  if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$2" ]]; then
    log "$1: up to date ($bin)"
    return
  fi
  command -v go >/dev/null 2>&1 || die "go not found (needed once to build $1). Install Go >= 1.24."
  log "$1: go install $2 (first build ~5-15 min on 2 cores; output: $SETUP_LOG) ..."
  local t0
  t0=$(now_ms)
  if ! GOBIN="$BIN_DIR" go install -trimpath -ldflags='-s -w' "$2" </dev/null >>"$SETUP_LOG" 2>&1; then
    tail -n 30 "$SETUP_LOG" >&2
    die "building $1 failed (full output: $SETUP_LOG)"
  fi
  echo "$2" >"$stamp"
  log "$1: built in $(( ($(now_ms) - t0) / 1000 )) s"
}
if [[ "${SIGHTLINE_SKIP_K8S_TOOLS:-0}" != 1 ]]; then
  go_install_tool helm "$HELM_MODULE"
  go_install_tool kubeconform "$KUBECONFORM_MODULE"
  k8s_stamp_want="$(cat "$REPO_ROOT/tools/k8s/requirements.txt" "$REPO_ROOT/tools/k8s/build_schemas.py" \
    "$REPO_ROOT"/tools/k8s/schemas/*/*.json | sha256sum | cut -d' ' -f1)"
  k8s_stamp_file="$K8S_SCHEMAS/.sightline-stamp"
  if [[ -x "$K8S_VENV/bin/yamllint" && -f "$k8s_stamp_file" && "$(cat "$k8s_stamp_file")" == "$k8s_stamp_want" ]]; then
    log "k8s schemas and yamllint: up to date ($K8S_VENV, $K8S_SCHEMAS)"
  else
    command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv ||
      die "python3 not found (needed for yamllint and the CRD schemas). Install python3 and python3-venv."
    python3 -c 'import ensurepip' >/dev/null 2>&1 || apt_install python3-venv ||
      die "python3 cannot create a venv. Install python3-venv."
    log "k8s schemas and yamllint: pip install -r tools/k8s/requirements.txt into $K8S_VENV ..."
    t0=$(now_ms)
    rm -rf "$K8S_VENV" "$K8S_SCHEMAS.tmp"
    if ! { python3 -m venv "$K8S_VENV" &&
      "$K8S_VENV/bin/pip" install -q --disable-pip-version-check -r "$REPO_ROOT/tools/k8s/requirements.txt" &&
      "$K8S_VENV/bin/python" "$REPO_ROOT/tools/k8s/build_schemas.py" "$K8S_SCHEMAS.tmp"; } </dev/null >>"$SETUP_LOG" 2>&1; then
      tail -n 30 "$SETUP_LOG" >&2
      die "installing the chart validation tools failed (full output: $SETUP_LOG). Is PyPI reachable?"
    fi
    echo "$k8s_stamp_want" >"$K8S_SCHEMAS.tmp/.sightline-stamp"
    rm -rf "$K8S_SCHEMAS"
    mv "$K8S_SCHEMAS.tmp" "$K8S_SCHEMAS"
    log "k8s schemas and yamllint: installed in $(( ($(now_ms) - t0) / 1000 )) s"
  fi
fi

log "setup done"
