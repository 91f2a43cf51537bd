// Where a serialized ONNX model keeps its initializers' values, read from
// the protobuf wire format directly: the runtime has no protobuf library.
// A training library compiled from ONNX embeds the model with every float
// initializer's values in `raw_data` (the compiler moves them there); the
// trainer reads its parameters' initial values from those bytes and writes
// a checkpoint by replacing them in place, so no length prefix changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace dlc::rt {

// One initializer's `raw_data`: `size` bytes at `offset` into the model.
struct OnnxRawData {
  size_t offset = 0;
  size_t size = 0;
};

// Fills `out` with the raw_data of each initializer of the ModelProto in
// `data` (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.name
// = 8, TensorProto.raw_data = 9); initializers without raw_data are left
// out. False with `error` set when the bytes are not well-formed protobuf.
bool findOnnxRawData(const uint8_t *data, size_t size, std::map<std::string, OnnxRawData> &out,
                     std::string &error);

} // namespace dlc::rt
