#include "compiler/codegen/halide/WeightLayouts.h"

#include <cstring>

namespace dlc::halide {

std::vector<int> layoutExtents(WeightLayout layout, llvm::ArrayRef<int64_t> shape) {
  switch (layout) {
  case WeightLayout::AsIs:
    return std::vector<int>(shape.rbegin(), shape.rend());
  case WeightLayout::Transposed2D:  // [K, M] -> (m, k)
    return {static_cast<int>(shape[0]), static_cast<int>(shape[1])};
  case WeightLayout::OutputChannelsLast:  // [KH, KW, C, O] -> (o, c, kw, kh)
    return {static_cast<int>(shape[0]), static_cast<int>(shape[1]), static_cast<int>(shape[3]),
            static_cast<int>(shape[2])};
  }
  return {};
}

void packWeight(WeightLayout layout, llvm::ArrayRef<int64_t> shape, const float *source,
                float *target) {
  switch (layout) {
  case WeightLayout::AsIs: {
    int64_t count = 1;
    for (int64_t d : shape)
      count *= d;
    std::memcpy(target, source, count * sizeof(float));
    return;
  }
  case WeightLayout::Transposed2D: {
    int64_t rows = shape[0], cols = shape[1];
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        target[c * rows + r] = source[r * cols + c];
    return;
  }
  case WeightLayout::OutputChannelsLast: {
    int64_t outs = shape[0], ins = shape[1], kh = shape[2], kw = shape[3];
    for (int64_t o = 0; o < outs; ++o)
      for (int64_t c = 0; c < ins; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x)
            target[((y * kw + x) * ins + c) * outs + o] = source[((o * ins + c) * kh + y) * kw + x];
    return;
  }
  }
}

} // namespace dlc::halide
