#include "frontends/ModelImporter.h"

#include <cctype>
#include <cstring>

#include "frontends/flatbuffers/Importer.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace dlc {
namespace {

bool looksLikeDlcModel(const std::vector<uint8_t> &bytes) {
  if (bytes.size() >= 8 && std::memcmp(bytes.data() + 4, "DLCM", 4) == 0)
    return true;
  for (uint8_t c : bytes)
    if (!std::isspace(c))
      return c == '{';
  return false;
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

OwningOpRef<ModuleOp> importModelFile(MLIRContext &context, const std::string &path,
                                      const ImportOptions &options, LoadedModel &storage,
                                      WeightTable &weights) {
  std::vector<uint8_t> bytes;
  std::string error;
  // File-level errors have no location: they print as "error: MESSAGE".
  Location loc = UnknownLoc::get(&context);
  if (!readWholeFile(path, bytes, error)) {
    emitError(loc) << error;
    return nullptr;
  }
  if (!looksLikeDlcModel(bytes)) {
    std::string onnxError;
    if (parseOnnxModel(bytes.data(), bytes.size(), path, storage.onnxModel, onnxError)) {
      // The parsed proto holds its own copy of the weights: drop the file's.
      std::vector<uint8_t>().swap(bytes);
      return importOnnxModel(context, storage.onnxModel, path, options, weights);
    }
    if (endsWith(path, ".onnx")) {
      emitError(loc) << onnxError;
      return nullptr;
    }
  }
  // Not ONNX either: the dlc model file reader names what is wrong.
  if (!parseModelBytes(std::move(bytes), path, storage.dlcModel, error)) {
    emitError(loc) << error;
    return nullptr;
  }
  return importModel(context, storage.dlcModel, path, options, weights);
}

} // namespace dlc
