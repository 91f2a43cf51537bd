// The differentiation interface of dlc ops: each op builds its
// vector-Jacobian product as dlc ops (DifferentiableOpInterface.td).
#pragma once

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/OpDefinition.h"

#include "compiler/autodiff/DifferentiableOpInterface.h.inc"

namespace dlc {

// Attaches DifferentiableOpInterface to the dlc ops that have a gradient
// rule (Gradients.cpp). Call before the context loads the dlc dialect.
void registerDifferentiableOps(mlir::DialectRegistry &registry);

} // namespace dlc
