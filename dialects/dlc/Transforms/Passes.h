// Passes of the dlc dialect.
#pragma once

#include "dialects/dlc/IR/DLCDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "dialects/dlc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/dlc/Transforms/Passes.h.inc"

} // namespace dlc
