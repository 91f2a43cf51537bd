// Result shapes of dlc ops, as free functions so that the verifier (through
// InferTypeOpInterface) and the frontends compute and validate them the same
// way. Each function emits one diagnostic at `loc` naming the broken
// constraint and fails, or fills `result`. ShapedType::kDynamic marks a
// dynamic (batch) dimension.
#pragma once

#include <optional>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

namespace dlc::shapes {

using Shape = llvm::SmallVectorImpl<int64_t>;
using Loc = std::optional<mlir::Location>;

mlir::LogicalResult inferConv2d(Loc loc, llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> weight,
                                std::optional<llvm::ArrayRef<int64_t>> bias,
                                llvm::ArrayRef<int64_t> strides,
                                llvm::ArrayRef<int64_t> padding,
                                llvm::ArrayRef<int64_t> dilations, int64_t groups,
                                Shape &result);

mlir::LogicalResult inferConvTranspose2d(Loc loc, llvm::ArrayRef<int64_t> input,
                                         llvm::ArrayRef<int64_t> weight,
                                         std::optional<llvm::ArrayRef<int64_t>> bias,
                                         llvm::ArrayRef<int64_t> strides,
                                         llvm::ArrayRef<int64_t> padding,
                                         llvm::ArrayRef<int64_t> outputPadding,
                                         llvm::ArrayRef<int64_t> dilations, int64_t groups,
                                         Shape &result);

// `op` names the pooling op in diagnostics (dlc.max_pool2d, dlc.avg_pool2d).
mlir::LogicalResult inferPool2d(Loc loc, llvm::StringRef op, llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> kernel,
                                llvm::ArrayRef<int64_t> strides,
                                llvm::ArrayRef<int64_t> padding, Shape &result);

mlir::LogicalResult inferLinear(Loc loc, llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> weight,
                                std::optional<llvm::ArrayRef<int64_t>> bias,
                                Shape &result);

// `op` names the element-wise op (dlc.add, dlc.mul, ...) in diagnostics.
mlir::LogicalResult inferBroadcast(Loc loc, llvm::StringRef op, llvm::ArrayRef<int64_t> lhs,
                                   llvm::ArrayRef<int64_t> rhs, Shape &result);

// `params` are the shapes of scale, bias, mean and var.
mlir::LogicalResult inferBatchNorm(Loc loc, llvm::ArrayRef<int64_t> input,
                                   llvm::ArrayRef<llvm::ArrayRef<int64_t>> params,
                                   float epsilon, Shape &result);

mlir::LogicalResult inferPad(Loc loc, llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> pads,
                             Shape &result);

// dlc.broadcast: `shape` values must be non-negative.
mlir::LogicalResult inferBroadcastTo(Loc loc, llvm::ArrayRef<int64_t> input,
                                     llvm::ArrayRef<int64_t> shape, Shape &result);

mlir::LogicalResult inferMatmul(Loc loc, llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                                Shape &result);

mlir::LogicalResult inferTranspose(Loc loc, llvm::ArrayRef<int64_t> input,
                                   llvm::ArrayRef<int64_t> perm, Shape &result);

// dlc.where: `cond`, `a` and `b` broadcast together.
mlir::LogicalResult inferWhere(Loc loc, llvm::ArrayRef<int64_t> cond, llvm::ArrayRef<int64_t> a,
                               llvm::ArrayRef<int64_t> b, Shape &result);

mlir::LogicalResult inferGather(Loc loc, llvm::ArrayRef<int64_t> data,
                                llvm::ArrayRef<int64_t> indices, int64_t axis, Shape &result);

// `op` names the reduction (dlc.reduce_sum, ...) in diagnostics.
mlir::LogicalResult inferReduce(Loc loc, llvm::StringRef op, llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> axes, bool keepdims, Shape &result);

// The reduced axes of a reduction, normalized to [0, rank) and sorted;
// assumes inferReduce succeeded.
llvm::SmallVector<int64_t> normalizedAxes(llvm::ArrayRef<int64_t> axes, size_t rank);

mlir::LogicalResult inferSlice(Loc loc, llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> offsets, llvm::ArrayRef<int64_t> sizes,
                               llvm::ArrayRef<int64_t> strides, Shape &result);

mlir::LogicalResult inferLayerNorm(Loc loc, llvm::ArrayRef<int64_t> input,
                                   llvm::ArrayRef<int64_t> scale,
                                   std::optional<llvm::ArrayRef<int64_t>> bias, int64_t axis,
                                   float epsilon, Shape &result);

mlir::LogicalResult inferGroupNorm(Loc loc, llvm::ArrayRef<int64_t> input,
                                   llvm::ArrayRef<int64_t> scale, llvm::ArrayRef<int64_t> bias,
                                   int64_t groups, float epsilon, Shape &result);

mlir::LogicalResult inferResize(Loc loc, llvm::ArrayRef<int64_t> input,
                                llvm::ArrayRef<int64_t> size, llvm::StringRef mode,
                                llvm::StringRef coordinateMode, Shape &result);

mlir::LogicalResult inferAttention(Loc loc, llvm::ArrayRef<int64_t> q, llvm::ArrayRef<int64_t> k,
                                   llvm::ArrayRef<int64_t> v,
                                   std::optional<llvm::ArrayRef<int64_t>> mask, Shape &result);

mlir::LogicalResult inferConcat(Loc loc, llvm::ArrayRef<llvm::ArrayRef<int64_t>> inputs,
                                int64_t axis, Shape &result);

mlir::LogicalResult inferReshape(Loc loc, llvm::ArrayRef<int64_t> input,
                                 llvm::ArrayRef<int64_t> shape, Shape &result);

// Product of `shape`'s static dimensions; false when it overflows int64.
bool staticElementCount(llvm::ArrayRef<int64_t> shape, int64_t &count);

// "2x3x?" for diagnostics.
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

} // namespace dlc::shapes
