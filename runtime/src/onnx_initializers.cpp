#include "onnx_initializers.h"

namespace dlc::rt {
namespace {

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// Reads protobuf fields of one message in [pos, end) of `data`.
class FieldReader {
public:
  FieldReader(const uint8_t *data, size_t pos, size_t end) : data_(data), pos_(pos), end_(end) {}

  // The next field's number and wire type, and for a length-delimited field
  // the offset and size of its payload; false at the end or on malformed
  // bytes (then `malformed()`).
  bool next(uint64_t &field, int &wireType, size_t &payload, size_t &length) {
    if (pos_ >= end_)
      return false;
    uint64_t tag;
    if (!varint(tag))
      return fail();
    field = tag >> 3;
    wireType = static_cast<int>(tag & 7);
    uint64_t value;
    switch (wireType) {
    case kVarint:
      return varint(value) || fail();
    case kFixed64:
      return skip(8) || fail();
    case kFixed32:
      return skip(4) || fail();
    case kLengthDelimited:
      if (!varint(value) || value > end_ - pos_)
        return fail();
      payload = pos_, length = static_cast<size_t>(value);
      pos_ += length;
      return true;
    default: // groups (deprecated) and invalid types
      return fail();
    }
  }
  bool malformed() const { return malformed_; }

private:
  bool varint(uint64_t &value) {
    value = 0;
    for (int shift = 0; shift < 64 && pos_ < end_; shift += 7) {
      uint8_t byte = data_[pos_++];
      value |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return true;
    }
    return false;
  }
  bool skip(size_t n) {
    if (n > end_ - pos_)
      return false;
    pos_ += n;
    return true;
  }
  bool fail() {
    malformed_ = true;
    return false;
  }

  const uint8_t *data_;
  size_t pos_, end_;
  bool malformed_ = false;
};

constexpr uint64_t kModelGraph = 7, kGraphInitializer = 5, kTensorName = 8, kTensorRawData = 9;

} // namespace

bool findOnnxRawData(const uint8_t *data, size_t size, std::map<std::string, OnnxRawData> &out,
                     std::string &error) {
  uint64_t field;
  int type;
  size_t payload = 0, length = 0;
  FieldReader model(data, 0, size);
  while (model.next(field, type, payload, length)) {
    if (field != kModelGraph || type != kLengthDelimited)
      continue;
    FieldReader graph(data, payload, payload + length);
    while (graph.next(field, type, payload, length)) {
      if (field != kGraphInitializer || type != kLengthDelimited)
        continue;
      FieldReader tensor(data, payload, payload + length);
      std::string name;
      OnnxRawData raw;
      bool hasRaw = false;
      while (tensor.next(field, type, payload, length)) {
        if (type != kLengthDelimited)
          continue;
        if (field == kTensorName)
          name.assign(reinterpret_cast<const char *>(data + payload), length);
        else if (field == kTensorRawData)
          raw = {payload, length}, hasRaw = true;
      }
      if (tensor.malformed())
        return error = "malformed initializer in the embedded ONNX model", false;
      if (hasRaw)
        out[name] = raw;
    }
    if (graph.malformed())
      return error = "malformed graph in the embedded ONNX model", false;
  }
  if (model.malformed())
    return error = "the embedded ONNX model is not well-formed protobuf", false;
  return true;
}

} // namespace dlc::rt
