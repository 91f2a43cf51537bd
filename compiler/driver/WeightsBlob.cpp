#include "compiler/driver/WeightsBlob.h"

#include <cstdio>
#include <algorithm>
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

namespace {

// Writes the [rows, cols] matrix `source` transposed, a band of columns at a
// time: a whole transposed copy of a large linear layer (VGG16's first is
// 0.4 GB) would double the compiler's peak memory.
bool writeTransposed(const std::vector<int64_t> &shape, const float *source, std::FILE *f) {
  const int64_t rows = shape[0], cols = shape[1], band = 64;
  std::vector<float> chunk(static_cast<size_t>(band * rows));
  for (int64_t c0 = 0; c0 < cols; c0 += band) {
    int64_t width = std::min(band, cols - c0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < width; ++c)
        chunk[c * rows + r] = source[r * cols + c0 + c];
    size_t count = static_cast<size_t>(width * rows);
    if (std::fwrite(chunk.data(), sizeof(float), count, f) != count)
      return false;
  }
  return true;
}

// Writes a GEMM weight in panels (LinearPanels / MatmulPanels), one panel at
// a time, for the same reason.
bool writePanels(halide::WeightLayout layout, const std::vector<int64_t> &shape,
                 const float *source, std::FILE *f) {
  const int64_t width = halide::panelWidthOf(layout);
  bool linear = layout == halide::WeightLayout::LinearPanels8 ||
                layout == halide::WeightLayout::LinearPanels16;
  // Linear: [M, K]; matmul: [K, N]. Element (feature, k) of the source:
  const int64_t depth = linear ? shape[1] : shape[0], features = linear ? shape[0] : shape[1];
  std::vector<float> panel(static_cast<size_t>(width * depth));
  for (int64_t p = 0; p < features / width; ++p) {
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t i = 0; i < width; ++i) {
        int64_t feature = p * width + i;
        panel[k * width + i] = linear ? source[feature * depth + k] : source[k * features + feature];
      }
    if (std::fwrite(panel.data(), sizeof(float), panel.size(), f) != panel.size())
      return false;
  }
  return true;
}

} // namespace

bool WeightsBlob::writeTo(std::FILE *f) const {
  uint64_t position = 0;
  bool ok = true;
  std::vector<uint8_t> scratch;
  for (const Entry &e : entries_) {
    static const uint8_t zeros[64] = {};
    ok = ok && std::fwrite(zeros, 1, e.offset - position, f) == e.offset - position;
    const uint8_t *bytes = e.source->data;
    if (e.layout == halide::WeightLayout::Transposed2D) {
      ok = ok && writeTransposed(e.shape, reinterpret_cast<const float *>(bytes), f);
      position = e.offset + e.source->byteSize;
      continue;
    }
    if (halide::panelWidthOf(e.layout)) {
      ok = ok && writePanels(e.layout, e.shape, reinterpret_cast<const float *>(bytes), f);
      position = e.offset + e.source->byteSize;
      continue;
    }
    if (e.layout != halide::WeightLayout::AsIs) {
      scratch.resize(e.source->byteSize);
      halide::packWeight(e.layout, e.shape, reinterpret_cast<const float *>(bytes),
                         reinterpret_cast<float *>(scratch.data()));
      bytes = scratch.data();
    }
    ok = ok && std::fwrite(bytes, 1, e.source->byteSize, f) == e.source->byteSize;
    position = e.offset + e.source->byteSize;
  }
  return ok;
}

} // namespace dlc
