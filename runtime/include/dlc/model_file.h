// Reading, verifying and writing dlc model files (binary FlatBuffers or the
// JSON form of the same schema). Internal C++ API shared by the compiler and
// the runtime; the on-disk format is defined by runtime/schema/model.fbs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/schema/model_generated.h"

namespace dlc {

// A verified model held in memory. `bytes` is a complete binary FlatBuffer
// that passed the FlatBuffers Verifier; `model()` is valid while it lives.
struct ModelFile {
  std::vector<uint8_t> bytes;
  const fb::Model *model() const { return fb::GetModel(bytes.data()); }
};

enum class ModelFormat { Binary, Json };

// Reads `path` in either form. Untrusted input: the binary form is checked
// by the FlatBuffers Verifier before any field is read. On failure returns
// false and sets `error` to one line naming the problem.
bool readModelFile(const std::string &path, ModelFile &out, std::string &error);

// Same as readModelFile for bytes already in memory; `what` names them in
// error messages. Pass the bytes by move to keep one copy of a large model.
bool parseModelBytes(std::vector<uint8_t> bytes, const std::string &what,
                     ModelFile &out, std::string &error,
                     ModelFormat *detected = nullptr);

// Checks that `size` bytes at `data` are a binary model file (identifier
// and FlatBuffers Verifier) without copying them; `fb::GetModel(data)` is
// then safe to read. `what` names them in the error.
bool verifyModelBinary(const uint8_t *data, size_t size, const std::string &what,
                       std::string &error);

// Returns replacement bytes for weight `index`, or nullptr to keep its data.
using WeightDataOverride =
    std::function<const std::vector<uint8_t> *(size_t index)>;

// Serializes `model` as a binary model file with every weight's data aligned
// to 64 bytes, optionally replacing some weights' data.
std::vector<uint8_t> writeModelBinary(const fb::Model &model,
                                      const WeightDataOverride &override = {});

// Renders `model` as JSON text (weights' bytes as arrays of numbers).
bool writeModelJson(const ModelFile &model, std::string &json, std::string &error);

// Writes `bytes` to `path` atomically (temporary file, then rename).
bool writeFileAtomically(const std::string &path, const void *data, size_t size,
                         std::string &error);

// Reads a whole file; false with `error` set when it cannot be read.
bool readWholeFile(const std::string &path, std::vector<uint8_t> &bytes,
                   std::string &error);

const char *dtypeName(fb::DType dtype);
// Bytes of one element, or 0 for an unknown dtype.
size_t dtypeSize(fb::DType dtype);

} // namespace dlc
