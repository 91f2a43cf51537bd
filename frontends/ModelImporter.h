// Reads a model file of any supported format and imports it with the
// matching frontend. This is the one place that tells the formats apart.
#pragma once

#include <string>

#include "compiler/WeightTable.h"
#include "dlc/model_file.h"
#include "frontends/common/ImportOptions.h"
#include "frontends/onnx/OnnxImporter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace dlc {

// The parsed file that imported weights point into: keep it alive as long as
// the WeightTable. Exactly one member is filled by a successful import.
struct LoadedModel {
  ModelFile dlcModel;
  OnnxModel onnxModel;
  bool isOnnx = false;
};

// Reads `path` and picks the frontend by content: a FlatBuffers model has
// the 'DLCM' identifier at bytes 4..8, its JSON form starts with '{', and
// anything else is tried as ONNX. A file that is none of them gets the dlc
// model file error, unless its name ends in `.onnx`. On failure reports one
// error through `context`'s diagnostics and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importModelFile(mlir::MLIRContext &context,
                                                  const std::string &path,
                                                  const ImportOptions &options,
                                                  LoadedModel &storage, WeightTable &weights);

// Imports a model that importModelFile has read into `storage` again, with
// other options (the compiler compares the graph at two batch sizes). The
// new weights point into the same storage.
mlir::OwningOpRef<mlir::ModuleOp> reimportModel(mlir::MLIRContext &context,
                                                const std::string &path,
                                                const ImportOptions &options,
                                                const LoadedModel &storage,
                                                WeightTable &weights);

} // namespace dlc
