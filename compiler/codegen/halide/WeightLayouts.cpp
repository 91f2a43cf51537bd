#include "compiler/codegen/halide/WeightLayouts.h"

#include <cstring>

namespace dlc::halide {

int channelBlockOf(WeightLayout layout) {
  switch (layout) {
  case WeightLayout::OutputChannelBlocks8:
    return 8;
  case WeightLayout::OutputChannelBlocks16:
    return 16;
  case WeightLayout::OutputChannelBlocks32:
    return 32;
  default:
    return 0;
  }
}

WeightLayout outputChannelBlocks(int block) {
  return block == 32   ? WeightLayout::OutputChannelBlocks32
         : block == 16 ? WeightLayout::OutputChannelBlocks16
                       : WeightLayout::OutputChannelBlocks8;
}

int panelWidthOf(WeightLayout layout) {
  switch (layout) {
  case WeightLayout::LinearPanels8:
  case WeightLayout::MatmulPanels8:
    return 8;
  case WeightLayout::LinearPanels16:
  case WeightLayout::MatmulPanels16:
    return 16;
  default:
    return 0;
  }
}

WeightLayout linearPanels(int lanes) {
  return lanes == 16 ? WeightLayout::LinearPanels16 : WeightLayout::LinearPanels8;
}

WeightLayout matmulPanels(int lanes) {
  return lanes == 16 ? WeightLayout::MatmulPanels16 : WeightLayout::MatmulPanels8;
}

std::vector<int> layoutExtents(WeightLayout layout, llvm::ArrayRef<int64_t> shape) {
  switch (layout) {
  case WeightLayout::AsIs:
    return std::vector<int>(shape.rbegin(), shape.rend());
  case WeightLayout::Transposed2D:  // [K, M] -> (m, k)
    return {static_cast<int>(shape[0]), static_cast<int>(shape[1])};
  case WeightLayout::LinearPanels8:
  case WeightLayout::LinearPanels16: {  // [M, K] -> (p, k, m / P)
    int width = panelWidthOf(layout);
    return {width, static_cast<int>(shape[1]), static_cast<int>(shape[0]) / width};
  }
  case WeightLayout::MatmulPanels8:
  case WeightLayout::MatmulPanels16: {  // [K, N] -> (p, k, n / P)
    int width = panelWidthOf(layout);
    return {width, static_cast<int>(shape[0]), static_cast<int>(shape[1]) / width};
  }
  case WeightLayout::OutputChannelBlocks8:
  case WeightLayout::OutputChannelBlocks16:
  case WeightLayout::OutputChannelBlocks32: {  // [O/B, KH, KW, C, B] -> (b, c, kx, ky, ob)
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
  case WeightLayout::LinearPanels8:
  case WeightLayout::LinearPanels16: {
    int64_t width = panelWidthOf(layout), rows = shape[0], depth = shape[1];
    for (int64_t m = 0; m < rows; ++m)
      for (int64_t k = 0; k < depth; ++k)
        target[((m / width) * depth + k) * width + m % width] = source[m * depth + k];
    return;
  }
  case WeightLayout::MatmulPanels8:
  case WeightLayout::MatmulPanels16: {
    int64_t width = panelWidthOf(layout), depth = shape[0], cols = shape[1];
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t n = 0; n < cols; ++n)
        target[((n / width) * depth + k) * width + n % width] = source[k * cols + n];
    return;
  }
  case WeightLayout::OutputChannelBlocks8:
  case WeightLayout::OutputChannelBlocks16:
  case WeightLayout::OutputChannelBlocks32: {
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
