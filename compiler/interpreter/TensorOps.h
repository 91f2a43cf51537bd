// Reference evaluation of dlc's shape-changing and reducing ops (matmul,
// transpose, reductions, slice, broadcast, layer_norm) in float64, written
// as plain index arithmetic over row-major tensors.
#pragma once

#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"

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

// Walks a gather along `axis` (possibly negative) of a tensor of `shape` at
// `indices`: visit(source, result) for every element, with its flat offset
// in the gathered tensor and in the gather's result. An index outside
// [-n, n) is an error on `op`, not clamped as the kernels do (dlc.gather and
// dlc.gather_grad walk the same way, in opposite directions).
mlir::LogicalResult forEachGathered(mlir::Operation *op, llvm::ArrayRef<int64_t> shape,
                                    int64_t axis, const Tensor &indices,
                                    llvm::function_ref<void(int64_t, int64_t)> visit);
// `op` is one of dlc.reduce_{sum,mean,max,min}.
mlir::LogicalResult evalReduce(mlir::Operation *op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalSlice(SliceOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalBroadcast(BroadcastOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalLayerNorm(LayerNormOp op, const Tensor &in, const Tensor &scale,
                                  const Tensor *bias, Tensor &out);

} // namespace dlc::interp
