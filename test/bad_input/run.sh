#!/usr/bin/env bash
# Bad input to dlc: truncated, corrupt and hostile model files. Each must
# give exactly one error line naming the problem (and the node), exit status
# 1, no crash and no output file. Then a deterministic mutation sweep of a
# real model: every mutant must be accepted (0) or rejected cleanly (1); and
# hostile ONNX models (onnx_mutants.py) the same way.
# Run with an ASan/UBSan build of dlc to catch memory errors too.
#
# usage: run.sh DLC_BINARY [SOURCE_DIR]
set -u
dlc=$1
here=$(cd "$(dirname "$0")" && pwd)
source_dir=${2:-$(cd "$here/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
pass() { passed=$((passed + 1)); }

# expect_error NAME FILE PATTERN: compiling FILE fails with one line matching PATTERN.
expect_error() {
  local name=$1 file=$2 pattern=$3
  "$dlc" "$file" -o "$work/out.so" >"$work/stdout" 2>"$work/stderr"
  local status=$?
  local lines
  lines=$(wc -l <"$work/stderr")
  if [ "$status" -ne 1 ]; then
    fail "$name: exit status $status, expected 1 ($(head -c 300 "$work/stderr"))"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: $lines lines on stderr, expected 1: $(head -c 300 "$work/stderr")"
  elif ! grep -qE "$pattern" "$work/stderr"; then
    fail "$name: message '$(cat "$work/stderr")' does not match '$pattern'"
  elif [ -e "$work/out.so" ]; then
    fail "$name: an output file was written"
  else
    pass
  fi
  rm -f "$work/out.so"
}

lenet="$work/lenet5.dlcm"
if ! "$dlc" init "$source_dir/examples/lenet5/lenet5.json" --seed 0 -o "$lenet"; then
  echo "FAIL: cannot initialize LeNet-5"; echo "0 passed, 1 failed"; exit 1
fi
size=$(stat -c %s "$lenet")

head -c $((size / 2)) "$lenet" >"$work/truncated.dlcm"
expect_error truncated "$work/truncated.dlcm" "truncated.dlcm: corrupt or truncated model file"

# Random bytes (deterministic: a fixed LCG).
awk 'BEGIN { s = 12345; for (i = 0; i < 4096; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%c", 1 + s % 250 } }' >"$work/random.bin"
expect_error random_bytes "$work/random.bin" "random.bin: not a dlc model file"

cp "$lenet" "$work/wrong_id.dlcm"
printf 'XXXX' | dd of="$work/wrong_id.dlcm" bs=1 seek=4 conv=notrunc status=none
expect_error wrong_identifier "$work/wrong_id.dlcm" "wrong_id.dlcm: not a dlc model file \(no 'DLCM' file identifier"

: >"$work/empty.dlcm"
expect_error empty_file "$work/empty.dlcm" "empty.dlcm: not a dlc model file"

expect_error missing_file "$work/does_not_exist.dlcm" "does_not_exist.dlcm: cannot open file"

expect_error missing_tensor "$here/missing_tensor.json" \
  "missing_tensor.json: node 'act': input 'nowhere' is not a graph input, a weight, or the output of an earlier node"
expect_error weight_size_mismatch "$here/weight_size_mismatch.json" \
  "weight_size_mismatch.json: weight 'fc.weight' has 8 bytes of data, expected 24 for shape \[2x3\] of float32"
expect_error shape_overflow "$here/shape_overflow.json" \
  "shape_overflow.json: graph input 'x' shape \[1x4294967296x4294967296x16\] has too many elements"
expect_error unknown_op "$here/unknown_op.json" \
  "node 'mystery': unknown op type 'Frobnicate' \(supported: Abs, Add, Attention, AvgPool2d"

# Mutation sweep: truncations and byte overwrites across the whole file.
mutant="$work/mutant.dlcm"
bad_mutants=0
for i in $(seq 1 60); do
  head -c $(((size * i) / 61)) "$lenet" >"$mutant"
  "$dlc" "$mutant" --emit=mlir >/dev/null 2>"$work/stderr"
  status=$?
  if [ "$status" -gt 1 ]; then
    fail "truncation at $(((size * i) / 61)) bytes: exit status $status: $(head -c 300 "$work/stderr")"
    bad_mutants=$((bad_mutants + 1))
  fi
done
for i in $(seq 1 120); do
  cp "$lenet" "$mutant"
  # Mostly the header and tables (first 2 KiB), where structure lives.
  offset=$(((i * 7919) % (i % 3 == 0 ? size : 2048)))
  printf "$(printf '\\%03o' $(((i * 37) % 256)))" | dd of="$mutant" bs=1 seek=$offset conv=notrunc status=none
  "$dlc" "$mutant" --emit=mlir >/dev/null 2>"$work/stderr"
  status=$?
  if [ "$status" -gt 1 ]; then
    fail "byte $offset overwritten: exit status $status: $(head -c 300 "$work/stderr")"
    bad_mutants=$((bad_mutants + 1))
  fi
done
[ "$bad_mutants" -eq 0 ] && pass

# Hostile ONNX: mutants of a graph that exercises shape folding and ops with
# constant operands (onnx_mutants.py). Each is accepted or rejected with one
# line; the unmutated model also compiles.
if /usr/bin/python3 "$here/onnx_mutants.py" "$work/onnx" >/dev/null; then
  if "$dlc" "$work/onnx/base.onnx" --batch 1 -o "$work/base.so" 2>"$work/stderr"; then
    pass
  else
    fail "hostile ONNX base model does not compile: $(head -c 300 "$work/stderr")"
  fi
  bad_onnx=0
  for model in "$work"/onnx/mutant*.onnx; do
    "$dlc" "$model" --batch 1 --emit=mlir >/dev/null 2>"$work/stderr"
    status=$?
    lines=$(wc -l <"$work/stderr")
    if [ "$status" -gt 1 ] || { [ "$status" -eq 1 ] && [ "$lines" -ne 1 ]; }; then
      fail "$(basename "$model"): exit status $status, $lines lines: $(head -c 300 "$work/stderr")"
      bad_onnx=$((bad_onnx + 1))
    fi
  done
  [ "$bad_onnx" -eq 0 ] && pass
else
  fail "cannot generate the hostile ONNX models (python3-onnx)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
