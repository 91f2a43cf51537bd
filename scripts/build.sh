#!/usr/bin/env bash
# Configures and builds dlc in build/ (Release, Ninja, 2 jobs: ~0.7 GB each).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j2
