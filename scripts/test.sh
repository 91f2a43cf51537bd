#!/usr/bin/env bash
# README command 2: installs what dlc needs, builds it, and runs the whole
# test suite: ctest (lit, unit, op numerics, models, bad input), then the
# bad-input tests again with an AddressSanitizer + UBSan build of dlc.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

phase() { echo "== $1: $(($SECONDS - $2)) s"; }

start=$SECONDS
bash scripts/build.sh
phase "build (Release)" $start

start=$SECONDS
(cd build && ctest --output-on-failure -j2)
phase "ctest" $start

echo
echo "== bad input under AddressSanitizer + UndefinedBehaviorSanitizer =="
start=$SECONDS
# -O1 with line tables (-g1) is what the sanitizers' stack traces need; it
# builds in two thirds of -O2 -g's time (measured: 18 vs 27 s a file).
cmake -G Ninja -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLC_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >/dev/null
ninja -C build-asan -j2 dlc
phase "build (ASan + UBSan dlc)" $start
ASAN_OPTIONS=abort_on_error=0:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87 \
  bash test/bad_input/run.sh build-asan/compiler/dlc .
