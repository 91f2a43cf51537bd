// The scalar functions of dlc's element-wise ops in float64, as the
// reference interpreter applies them: the formulas of DLCOps.td written
// plainly with <cmath>, independent of the Halide kernels.
#pragma once

#include <functional>

#include "mlir/IR/Operation.h"

namespace dlc::interp {

using UnaryFunction = std::function<double(double)>;
using BinaryFunction = std::function<double(double, double)>;

// The function of a one-operand element-wise op (relu, exp, gelu, clip, ...)
// with its attributes bound, or null when `op` is not one.
UnaryFunction unaryFunctionOf(mlir::Operation *op);

// The function of a broadcasting two-operand op (add, sub, ...), or null.
BinaryFunction binaryFunctionOf(mlir::Operation *op);

} // namespace dlc::interp
