#!/usr/bin/env bash
# The edge build (apps/edge: core + face-detector on onnxruntime-web's WASM
# and jimp, no Node APIs in its code) as a Workers-style module served by
# `deno serve` with read access to this repository and env (no ffi, sys,
# run or write permissions: no native addon can load), checked with a real
# photo by check-server.mjs. --allow-env only because jimp's image-type
# sniffer (file-type -> @tokenizer/inflate -> debug) lists process.env when
# it is imported.
#   bash test/packaging/edge-deno.sh        (port FACELAB_TEST_PORT, default 18207)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PORT=${FACELAB_TEST_PORT:-18207}
LOG=$(mktemp "${TMPDIR:-/tmp}/facelab-edge-XXXXXX.log")
node_modules/.bin/deno serve --quiet --conditions=source --allow-read="$ROOT" --allow-env --no-prompt --allow-net="127.0.0.1:$PORT" --host 127.0.0.1 --port "$PORT" apps/edge/src/worker.ts > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
node test/packaging/check-server.mjs "http://127.0.0.1:$PORT" node_modules/@vladmandic/face-api/demo/sample1.jpg 180 "face-detector" || { cat "$LOG"; exit 1; }
echo "edge-deno: passed on $(node_modules/.bin/deno --version | head -1)"
