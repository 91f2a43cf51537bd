// Imports a dlc model file into the dlc dialect.
#pragma once

#include <optional>
#include <string>

#include "compiler/WeightTable.h"
#include "frontends/common/ImportOptions.h"
#include "dlc/model_file.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace dlc {

// Checks `model` (already through the FlatBuffers Verifier) for what the
// Verifier cannot see — names unique and resolved, dtypes known, weight sizes
// equal to their shapes, element counts that fit in int64 — then builds a
// module holding `func.func @forward`. Each op's location is its node's name
// inside `fileName`. Weights go to `weights`, pointing into `model`'s bytes.
// On failure emits one error diagnostic and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importModel(mlir::MLIRContext &context,
                                              const ModelFile &model,
                                              const std::string &fileName,
                                              const ImportOptions &options,
                                              WeightTable &weights);

} // namespace dlc
