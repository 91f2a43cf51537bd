#!/usr/bin/env bash
# README command 1: installs what dlc needs, builds it, and runs LeNet-5 end
# to end: `dlc init` gives the model weights, `dlc` compiles it into
# build/examples/lenet5/lenet5.a + lenet5.h, and a C program linked with it
# prints the class scores of a drawn digit. Then LeNet-5 learns MNIST: its
# training step compiled by `dlc --train` into a static library, driven by
# examples/mnist-lenet5 (which fails below 98% test accuracy).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo
echo "== LeNet-5 compiled by dlc, called from C through its generated header =="
./build/examples/lenet5/lenet5_classify
echo
echo "== LeNet-5 trained on MNIST digits with a training step compiled by dlc =="
bash examples/mnist-lenet5/run.sh
