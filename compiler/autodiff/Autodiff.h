// Reverse-mode differentiation of a function of dlc ops: walks the ops
// backwards from an output and asks each op (DifferentiableOpInterface) for
// the gradients of its operands, summing the gradients of values used more
// than once.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace dlc {

// Appends to `func`'s body, before its terminator, the ops computing the
// gradient of `output` (weighted by `seed`, a value of `output`'s type)
// with respect to each value of `wrt`. A value `output` does not depend on
// gets a zero gradient. Fails with a diagnostic at the first op on the path
// that has no gradient rule.
mlir::FailureOr<llvm::SmallVector<mlir::Value>> buildBackward(mlir::func::FuncOp func,
                                                              mlir::Value output, mlir::Value seed,
                                                              llvm::ArrayRef<mlir::Value> wrt);

} // namespace dlc
