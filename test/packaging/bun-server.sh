#!/usr/bin/env bash
# The all-in-one server of this repository on Bun (the npm "bun" package), run
# as plain `bun apps/server/src/main.ts`: packages export a "bun" condition
# that points at their TypeScript sources, so no flag and no build is needed.
# Checks a real photo and a 404 with check-server.mjs, and the demo page,
# the explorer and /openapi.json (@facelab/web) with check-web.mjs.
#   bash test/packaging/bun-server.sh       (port FACELAB_TEST_PORT, default 18204)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${FACELAB_TEST_PORT:-18204}
LOG=$(mktemp "${TMPDIR:-/tmp}/facelab-bun-XXXXXX.log")
HOST=127.0.0.1 PORT=$PORT node_modules/.bin/bun apps/server/src/main.ts > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
node test/packaging/check-server.mjs "http://127.0.0.1:$PORT" node_modules/@vladmandic/face-api/demo/sample1.jpg 180 || { cat "$LOG"; exit 1; }
node test/packaging/check-web.mjs "http://127.0.0.1:$PORT" "face-detector, age-estimator, verify-matcher" || { cat "$LOG"; exit 1; }
echo "bun-server: passed on bun $(node_modules/.bin/bun --version)"
