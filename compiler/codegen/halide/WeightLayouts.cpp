#include "compiler/codegen/halide/WeightLayouts.h"

#include <cstring>

namespace dlc::halide {

int channelBlockOf(WeightLayout layout) {
  return layout == WeightLayout::OutputChannelBlocks16 ? 16
         : layout == WeightLayout::OutputChannelBlocks8 ? 8
                                                         : 0;
}

std::vector<int> layoutExtents(WeightLayout layout, llvm::ArrayRef<int64_t> shape) {
  switch (layout) {
  case WeightLayout::AsIs:
    return std::vector<int>(shape.rbegin(), shape.rend());
  case WeightLayout::Transposed2D:  // [K, M] -> (m, k)
    return {static_cast<int>(shape[0]), static_cast<int>(shape[1])};
  case WeightLayout::OutputChannelBlocks8:
  case WeightLayout::OutputChannelBlocks16: {  // [O/B, KH, KW, C, B] -> (b, c, kx, ky, ob)
    int block = channelBlockOf(layout);
    return {block, static_cast<int>(shape[1]), static_cast<int>(shape[3]),
            static_cast<int>(shape[2]), static_cast<int>(shape[0]) / block};
  }
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
  case WeightLayout::OutputChannelBlocks8:
  case WeightLayout::OutputChannelBlocks16: {
    int64_t block = channelBlockOf(layout);
    int64_t outs = shape[0], ins = shape[1], kh = shape[2], kw = shape[3];
    for (int64_t o = 0; o < outs; ++o)
      for (int64_t c = 0; c < ins; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x)
            target[((((o / block) * kh + y) * kw + x) * ins + c) * block + o % block] =
                source[((o * ins + c) * kh + y) * kw + x];
    return;
  }
  }
}

} // namespace dlc::halide
