// The reference interpreter: runs a function of dlc ops with plain nested
// loops in float64. It is the numeric oracle that compiled code is checked
// against, so it favours being obviously correct over being fast.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace dlc::interp {

// A dense tensor in row-major order. `data` holds the product of `shape`
// values (1 for rank 0), whatever the element type of the IR value it stands
// for: the interpreter computes everything in float64.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;
};

// Gives the value of the weight called `name` (the name of a `dlc.weight`
// op) in `out`; returns false when no weight has that name. The interpreter
// checks the tensor's shape against the op's result type.
using WeightLookup = std::function<bool(llvm::StringRef name, Tensor &out)>;

// Runs `func` (a single-block func.func of dlc ops ending in func.return) on
// `inputs`, one per argument in order, and fills `outputs` with one tensor
// per returned value. A dynamic dimension of the signature takes its extent
// from the input; static ones must match. Nothing is kept after the call.
//
// On failure (wrong inputs, unknown weight, an op that is not supported, an
// op whose operands break its constraints) emits one error diagnostic at the
// location of the function or of the failing op, returns failure and leaves
// `outputs` empty.
mlir::LogicalResult run(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
                        const WeightLookup &weights, std::vector<Tensor> &outputs);

// Runs the single op `op` (not dlc.weight) on `operands`, one per operand
// in order, and sets `result` to its only result. Used to fold ops of
// weights at compile time.
mlir::LogicalResult evaluate(mlir::Operation *op, llvm::ArrayRef<Tensor> operands,
                             Tensor &result);

} // namespace dlc::interp

namespace dlc {
class WeightTable;
}

namespace dlc::interp {
// A WeightLookup reading float32 weights from `table`, which must outlive it.
WeightLookup lookupIn(const WeightTable &table);
} // namespace dlc::interp
