#!/usr/bin/env bash
# Compiles the services and libraries to dist/ with SWC (decorator metadata kept for Nest's DI,
# @sightline/* aliases rewritten to relative requires) and copies the .proto files the gRPC
# transport loads at run time. Type checking is tsc's job in the test command, not this one's.
#   bash tools/scripts/build.sh      # then: node dist/apps/<service>/src/main.js
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
node -e '
  const fs = require("fs");
  const swcrc = JSON.parse(fs.readFileSync(".swcrc", "utf8"));
  const { paths } = JSON.parse(fs.readFileSync("tsconfig.base.json", "utf8")).compilerOptions;
  swcrc.jsc.baseUrl = process.cwd();
  swcrc.jsc.paths = paths;
  fs.writeFileSync(process.argv[1], JSON.stringify(swcrc));
' "$config"
rm -rf dist
swc apps libs -d dist --config-file "$config" --quiet \
  --ignore '**/*.spec.ts,**/*.int-spec.ts,**/*.fixture.ts'
cp -r proto dist/proto
note "built $(find dist -name '*.js' | wc -l) modules into dist/"
