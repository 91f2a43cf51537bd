#include "compiler/driver/WeightsBlob.h"

#include <cstdio>
#include <cstring>

namespace dlc {

uint64_t WeightsBlob::place(const std::string &name, halide::WeightLayout layout,
                            llvm::ArrayRef<int64_t> shape, const WeightTable &table) {
  std::vector<int64_t> dims(shape.begin(), shape.end());
  auto key = std::make_tuple(name, static_cast<int>(layout), dims);
  auto it = index_.find(key);
  if (it != index_.end())
    return entries_[it->second].offset;
  const WeightEntry *source = table.find(name);
  if (!source) {
    failed_ = true;
    return 0;
  }
  uint64_t offset = (size_ + 63) / 64 * 64;
  entries_.push_back({source, layout, dims, offset});
  index_[key] = entries_.size() - 1;
  size_ = offset + source->byteSize;
  return offset;
}

bool WeightsBlob::write(const std::string &path, std::string &error) const {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  uint64_t position = 0;
  bool ok = true;
  std::vector<uint8_t> scratch;
  for (const Entry &e : entries_) {
    static const uint8_t zeros[64] = {};
    ok = ok && std::fwrite(zeros, 1, e.offset - position, f) == e.offset - position;
    const uint8_t *bytes = e.source->data;
    if (e.layout != halide::WeightLayout::AsIs) {
      scratch.resize(e.source->byteSize);
      halide::packWeight(e.layout, e.shape, reinterpret_cast<const float *>(bytes),
                         reinterpret_cast<float *>(scratch.data()));
      bytes = scratch.data();
    }
    ok = ok && std::fwrite(bytes, 1, e.source->byteSize, f) == e.source->byteSize;
    position = e.offset + e.source->byteSize;
  }
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    error = path + ": cannot write the weights blob";
  return ok;
}

} // namespace dlc
