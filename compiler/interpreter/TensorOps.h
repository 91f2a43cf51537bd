// Reference evaluation of dlc's shape-changing and reducing ops (matmul,
// transpose, reductions, slice, broadcast, layer_norm) in float64, written
// as plain index arithmetic over row-major tensors.
#pragma once

#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCOps.h"

namespace dlc::interp {

// A tensor of `shape` filled with zeros.
Tensor zerosOf(llvm::ArrayRef<int64_t> shape);

mlir::LogicalResult evalConvTranspose2d(ConvTranspose2dOp op, const Tensor &in,
                                        const Tensor &weight, const Tensor *bias, Tensor &out);
mlir::LogicalResult evalGroupNorm(GroupNormOp op, const Tensor &in, const Tensor &scale,
                                  const Tensor &bias, Tensor &out);
mlir::LogicalResult evalResize(ResizeOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalAttention(AttentionOp op, const Tensor &q, const Tensor &k,
                                  const Tensor &v, const Tensor *mask, Tensor &out);
mlir::LogicalResult evalLrn(LrnOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalMatmul(MatmulOp op, const Tensor &lhs, const Tensor &rhs, Tensor &out);
mlir::LogicalResult evalTranspose(TransposeOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalGather(GatherOp op, const Tensor &data, const Tensor &indices,
                               Tensor &out);

// A gathered tensor's row-major layout around `axis` (non-negative): the
// element count before it, its extent, and the count after it.
struct GatherLayout {
  int64_t before = 1, extent = 0, after = 1;
};
GatherLayout gatherLayout(llvm::ArrayRef<int64_t> shape, int64_t axis);
// Gather index `raw` (at `position` of the indices) made non-negative, or an
// error on `op` when it is outside [-extent, extent) (dlc.gather and
// dlc.gather_grad reject what their kernels would clamp).
mlir::FailureOr<int64_t> gatherIndex(mlir::Operation *op, double raw, int64_t position,
                                     int64_t extent);
// `op` is one of dlc.reduce_{sum,mean,max,min}.
mlir::LogicalResult evalReduce(mlir::Operation *op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalSlice(SliceOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalBroadcast(BroadcastOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalLayerNorm(LayerNormOp op, const Tensor &in, const Tensor &scale,
                                  const Tensor *bias, Tensor &out);

} // namespace dlc::interp
