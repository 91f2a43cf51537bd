#!/usr/bin/env bash
# The benchmark: installs the peers (ONNX Runtime from npm, jemalloc and the
# OpenMP OpenBLAS that PyTorch needs to run at its best), builds dlc, and
# times dlc, PyTorch and ONNX Runtime side by side (bench/bench.py).
#   bash bench/run.sh [--models lenet5_b8,resnet18] [--threads 1,2] [--runs 20]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash bench/setup.sh
bash scripts/build.sh
/usr/bin/python3 bench/kernels.py build/compiler/dlc "$@"
/usr/bin/python3 bench/bench.py build/compiler/dlc "$@"
/usr/bin/python3 bench/training.py build/compiler/dlc --threads 1,2
