// Compile-time evaluation of ops that compute only from weights (the
// batch-norm folding of --dlc-fuse-conv-bn-relu writes such ops): each
// becomes a new weight, so kernels read the result instead of computing it
// on every run.
#pragma once

#include "compiler/WeightTable.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

// Evaluates every op of `func` whose operands are all weights or folded
// values (with the reference interpreter) and replaces each folded value
// that other ops read by a dlc.weight added to `weights`, named after the
// op's location ("conv1.weight.bn"). Ops whose result is larger than their
// largest operand (broadcasts) stay: folding them would grow the library.
mlir::LogicalResult foldWeightExpressions(mlir::func::FuncOp func, WeightTable &weights);

} // namespace dlc
