// Layouts in which kernels read constant weights. The compiler repacks the
// model's weights into these at compile time (WeightsBlob), so kernels get
// unit-stride vector loads along the dimension they vectorize.
#pragma once

#include <cstdint>
#include <vector>

#include "llvm/ADT/ArrayRef.h"

namespace dlc::halide {

enum class WeightLayout {
  AsIs,                 // as in the model: row-major in the tensor's shape
  Transposed2D,         // [M, K] stored as [K, M] (GEMM with M vectorized)
  // conv [O, C, KH, KW] stored as [O/B, KH, KW, C, B]: the weights of a
  // block of B output channels are contiguous, in the order the
  // channel-vector convolution reads them.
  OutputChannelBlocks8,
  OutputChannelBlocks16,
  OutputChannelBlocks32,
  // GEMM weights in panels of P output features, each panel contiguous
  // (Halide (p, k, panel)), so the GEMM streams one panel sequentially:
  // linear [M, K] stored as [M/P, K, P]; matmul rhs [K, N] as [N/P, K, P].
  LinearPanels8,
  LinearPanels16,
  MatmulPanels8,
  MatmulPanels16,
};

// The block of output channels of an OutputChannelBlocks layout; else 0.
int channelBlockOf(WeightLayout layout);

// The OutputChannelBlocks layout of `block` (8, 16 or 32) channels.
WeightLayout outputChannelBlocks(int block);

// The panel width P of a LinearPanels or MatmulPanels layout; else 0.
int panelWidthOf(WeightLayout layout);

// The panel layout of width `lanes` (8 or 16) for a linear weight or a
// matmul rhs.
WeightLayout linearPanels(int lanes);
WeightLayout matmulPanels(int lanes);

// The Halide extents (innermost first) of a weight of `shape` stored in
// `layout`.
std::vector<int> layoutExtents(WeightLayout layout, llvm::ArrayRef<int64_t> shape);

// Copies a float32 weight of `shape` from `source` (AsIs) into `target` in
// `layout`; both hold the product of `shape` elements.
void packWeight(WeightLayout layout, llvm::ArrayRef<int64_t> shape, const float *source,
                float *target);

} // namespace dlc::halide
