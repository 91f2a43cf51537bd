// Imports ONNX models (as exported by PyTorch) into the dlc dialect.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/WeightTable.h"
#include "frontends/common/ImportOptions.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace onnx {
class ModelProto;
}

namespace dlc {

// A parsed ONNX model. Imported weights point into its initializers, so it
// must outlive the WeightTable that importOnnxModel fills.
class OnnxModel {
public:
  OnnxModel();
  ~OnnxModel();
  OnnxModel(OnnxModel &&) noexcept;
  OnnxModel &operator=(OnnxModel &&) noexcept;

  const onnx::ModelProto &proto() const { return *proto_; }
  onnx::ModelProto &proto() { return *proto_; }

private:
  std::unique_ptr<onnx::ModelProto> proto_;
};

// Parses untrusted `size` bytes as an ONNX ModelProto that has a graph. On
// failure returns false and sets `error` to one line starting with
// `fileName`. `out` is unspecified after a failure.
bool parseOnnxModel(const uint8_t *data, size_t size, const std::string &fileName, OnnxModel &out,
                    std::string &error);

// Same as parseOnnxModel, streaming from the file at `path`: the file's
// bytes are never held in memory beside the parsed proto (VGG16's weights
// are 0.5 GB).
bool parseOnnxFile(const std::string &path, OnnxModel &out, std::string &error);

// `model` serialized, with every float initializer's values in raw_data
// (moved there from float_data). A training library embeds these bytes:
// the runtime reads its parameters' initial values from the raw_data of
// the initializers of their names, and writes a checkpoint by replacing
// them in place (runtime/src/onnx_initializers.h).
std::vector<uint8_t> serializeWithRawInitializers(const OnnxModel &model);

// Checks `model` — default-domain opset 9 to 17, names resolved, initializer
// sizes equal to their shapes, element counts at most 2^38 — and builds a
// module holding `func.func @forward`, as the FlatBuffers frontend does. Each
// op's location is its node's name (unnamed nodes: `<OpType>_<index>`) inside
// `fileName`. Float initializers that nodes read go to `weights`, pointing into
// `model`. On failure emits one error diagnostic and returns null.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModel(mlir::MLIRContext &context, const OnnxModel &model, const std::string &fileName,
                const ImportOptions &options, WeightTable &weights);

} // namespace dlc
