#!/usr/bin/env bash
# The benchmark's peers: Debian's jemalloc and OpenMP OpenBLAS (PyTorch at
# its best, ../shared/PEERS.md) and npm's onnxruntime-node 1.30.0, installed
# into bench/node_modules. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in libjemalloc2 libopenblas0-openmp; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere (NodeSource bundles npm): ask for the commands.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi
if [ ! -d node_modules/onnxruntime-node ]; then
  # Its post-install step would download CUDA files (and fail): the CPU
  # provider ships in the package.
  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save --no-audit --no-fund \
    onnxruntime-node@1.30.0
fi
