// The dlc dialect: deep-learning layers on ranked tensors.
#pragma once

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"

#include "dialects/dlc/IR/DLCOpsDialect.h.inc"
