// The weights of a model as the compiler sees them: named constant tensors
// whose bytes stay where the frontend found them (the model file buffer) or
// in storage the table owns. The IR refers to them by name (dlc.weight) and
// codegen copies their bytes straight into the output library.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dlc {

struct WeightEntry {
  std::vector<int64_t> shape;
  // float32 little-endian, row-major; `data` points into memory that outlives
  // the table (the model file) or into `owned`.
  const uint8_t *data = nullptr;
  size_t byteSize = 0;
  std::vector<uint8_t> owned;
  // A parameter a training step may update: every weight of a dlc model
  // file; of an ONNX model, the initializers (not Constant nodes' values).
  bool trainable = true;
};

class WeightTable {
public:
  void add(const std::string &name, WeightEntry entry) {
    auto &slot = entries_[name] = std::move(entry);
    if (!slot.owned.empty())
      slot.data = slot.owned.data();
  }
  const WeightEntry *find(const std::string &name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, WeightEntry> &entries() const { return entries_; }

private:
  std::map<std::string, WeightEntry> entries_;
};

} // namespace dlc
