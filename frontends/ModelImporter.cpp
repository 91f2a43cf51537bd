#include "frontends/ModelImporter.h"

#include <cctype>
#include <cstdio>
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

// The first bytes of the file at `path` (enough to tell the formats apart).
std::vector<uint8_t> readHead(const std::string &path) {
  std::vector<uint8_t> head(4096);
  std::FILE *f = std::fopen(path.c_str(), "rb");
  head.resize(f ? std::fread(head.data(), 1, head.size(), f) : 0);
  if (f)
    std::fclose(f);
  return head;
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
  if (!looksLikeDlcModel(readHead(path))) {
    // ONNX streams from the file, so that its weights are in memory once.
    std::string onnxError;
    if (parseOnnxFile(path, storage.onnxModel, onnxError)) {
      storage.isOnnx = true;
      return importOnnxModel(context, storage.onnxModel, path, options, weights);
    }
    if (endsWith(path, ".onnx")) {
      emitError(loc) << onnxError;
      return nullptr;
    }
  }
  if (!readWholeFile(path, bytes, error)) {
    emitError(loc) << error;
    return nullptr;
  }
  // Not ONNX either: the dlc model file reader names what is wrong.
  if (!parseModelBytes(std::move(bytes), path, storage.dlcModel, error)) {
    emitError(loc) << error;
    return nullptr;
  }
  return importModel(context, storage.dlcModel, path, options, weights);
}

OwningOpRef<ModuleOp> reimportModel(MLIRContext &context, const std::string &path,
                                    const ImportOptions &options, const LoadedModel &storage,
                                    WeightTable &weights) {
  if (storage.isOnnx)
    return importOnnxModel(context, storage.onnxModel, path, options, weights);
  return importModel(context, storage.dlcModel, path, options, weights);
}

} // namespace dlc
