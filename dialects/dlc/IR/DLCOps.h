// Operations of the dlc dialect (generated from DLCOps.td).
#pragma once

#include "dialects/dlc/IR/DLCDialect.h"
#include "dialects/dlc/IR/DLCTraits.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/dlc/IR/DLCOps.h.inc"
