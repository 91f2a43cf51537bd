// Builds dlc ops from already-decoded operands and attributes, shared by the
// frontends (FlatBuffers model files, ONNX). Each builder validates through
// the shape functions the verifier uses (dialects/dlc/IR/ShapeInference.h)
// and creates the op with its inferred result type. On a broken constraint it
// emits one error at `loc` and fails; it never creates an invalid op.
#pragma once

#include <optional>
#include <utility>

#include "mlir/IR/Builders.h"

namespace dlc {

// Largest tensor dlc accepts: 2^38 float32 elements (2^40 bytes). Anything
// larger in a model file is corrupt or hostile, and would make later stages
// allocate without bound.
constexpr int64_t kMaxTensorElements = int64_t(1) << 38;

// Fails with "WHAT shape [..] has too many elements (more than 2^38)" when
// `shape`'s static element count overflows or exceeds kMaxTensorElements.
mlir::LogicalResult checkElementCount(mlir::Location loc, llvm::StringRef what,
                                      llvm::ArrayRef<int64_t> shape);

struct Conv2dAttributes {
  llvm::SmallVector<int64_t> strides = {1, 1};
  llvm::SmallVector<int64_t> padding = {0, 0, 0, 0}; // [top, left, bottom, right]
  llvm::SmallVector<int64_t> dilations = {1, 1};
  int64_t groups = 1;
};

struct Pool2dAttributes {
  llvm::SmallVector<int64_t> kernel;
  llvm::SmallVector<int64_t> strides = {1, 1};
  llvm::SmallVector<int64_t> padding = {0, 0, 0, 0}; // [top, left, bottom, right]
  bool countIncludePad = false;                      // average pooling only
};

// `bias` may be null (no bias).
mlir::FailureOr<mlir::Value> buildConv2d(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                         mlir::Value weight, mlir::Value bias,
                                         const Conv2dAttributes &attrs);
// `weight` is [C, O/G, KH, KW]; `bias` may be null.
mlir::FailureOr<mlir::Value> buildConvTranspose2d(mlir::OpBuilder &b, mlir::Location loc,
                                                  mlir::Value input, mlir::Value weight,
                                                  mlir::Value bias, const Conv2dAttributes &attrs,
                                                  llvm::ArrayRef<int64_t> outputPadding);
mlir::FailureOr<mlir::Value> buildMaxPool2d(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, const Pool2dAttributes &attrs);
mlir::FailureOr<mlir::Value> buildAvgPool2d(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, const Pool2dAttributes &attrs);
// `opName` is an element-wise dlc op of one operand (dlc.relu, dlc.exp,
// dlc.leaky_relu, ...); `params` are its float attributes (alpha, beta).
mlir::Value buildUnary(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef opName,
                       mlir::Value input,
                       llvm::ArrayRef<std::pair<llvm::StringRef, float>> params = {});
// An absent bound is unbounded; fails when min > max.
mlir::FailureOr<mlir::Value> buildClip(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                       std::optional<float> min, std::optional<float> max);
// Dropout in training mode, without a step: the identity until a training
// step gives it one (see dlc.dropout). A ratio of 0 gives `input` itself.
mlir::FailureOr<mlir::Value> buildDropout(mlir::OpBuilder &b, mlir::Location loc,
                                          mlir::Value input, float ratio);
// `approximate` is "none" (erf form) or "tanh".
mlir::FailureOr<mlir::Value> buildGelu(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                       llvm::StringRef approximate);
// `weight` is [out_features, in_features]; `bias` may be null.
mlir::FailureOr<mlir::Value> buildLinear(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                         mlir::Value weight, mlir::Value bias);
// `opName` is a broadcasting element-wise dlc op of two operands (dlc.add,
// dlc.sub, dlc.mul, dlc.div, dlc.pow, dlc.min, dlc.max).
mlir::FailureOr<mlir::Value> buildBinary(mlir::OpBuilder &b, mlir::Location loc,
                                         llvm::StringRef opName, mlir::Value lhs,
                                         mlir::Value rhs);
mlir::FailureOr<mlir::Value> buildBatchNorm(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, mlir::Value scale,
                                            mlir::Value bias, mlir::Value mean, mlir::Value var,
                                            float epsilon);
// `pads` are ONNX-ordered: every dimension's begin, then every end.
mlir::FailureOr<mlir::Value> buildPad(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                      llvm::ArrayRef<int64_t> pads, float value);
mlir::FailureOr<mlir::Value> buildMatmul(mlir::OpBuilder &b, mlir::Location loc,
                                         mlir::Value lhs, mlir::Value rhs);
mlir::FailureOr<mlir::Value> buildTranspose(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, llvm::ArrayRef<int64_t> perm);
mlir::FailureOr<mlir::Value> buildWhere(mlir::OpBuilder &b, mlir::Location loc, mlir::Value cond,
                                        mlir::Value a, mlir::Value otherwise);
// `indices` is an int64 tensor computed at run time (a graph input).
mlir::FailureOr<mlir::Value> buildGather(mlir::OpBuilder &b, mlir::Location loc, mlir::Value data,
                                         mlir::Value indices, int64_t axis);
// `opName` is dlc.reduce_sum, dlc.reduce_mean, dlc.reduce_max or dlc.reduce_min.
mlir::FailureOr<mlir::Value> buildReduce(mlir::OpBuilder &b, mlir::Location loc,
                                         llvm::StringRef opName, mlir::Value input,
                                         llvm::ArrayRef<int64_t> axes, bool keepdims);
mlir::FailureOr<mlir::Value> buildSlice(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                        llvm::ArrayRef<int64_t> offsets,
                                        llvm::ArrayRef<int64_t> sizes,
                                        llvm::ArrayRef<int64_t> strides);
mlir::FailureOr<mlir::Value> buildBroadcast(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, llvm::ArrayRef<int64_t> shape);
// `bias` may be null.
mlir::FailureOr<mlir::Value> buildLayerNorm(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, mlir::Value scale,
                                            mlir::Value bias, int64_t axis, float epsilon);
mlir::FailureOr<mlir::Value> buildGroupNorm(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value input, mlir::Value scale,
                                            mlir::Value bias, int64_t groups, float epsilon);
mlir::FailureOr<mlir::Value> buildResize(mlir::OpBuilder &b, mlir::Location loc,
                                         mlir::Value input, llvm::ArrayRef<int64_t> size,
                                         llvm::StringRef mode, llvm::StringRef coordinateMode);
// `mask` may be null.
mlir::FailureOr<mlir::Value> buildAttention(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::Value q, mlir::Value k, mlir::Value v,
                                            mlir::Value mask, float scale, bool causal);
mlir::FailureOr<mlir::Value> buildConcat(mlir::OpBuilder &b, mlir::Location loc,
                                         llvm::ArrayRef<mlir::Value> inputs, int64_t axis);
// `target` follows dlc.reshape: 0 copies the input's dimension, one -1 is inferred.
mlir::FailureOr<mlir::Value> buildReshape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                          llvm::ArrayRef<int64_t> target);
// Checks `axis` against [-rank, rank-1] ("'axis' value is 4, accepted range is [-2, 1]").
// dlc.softmax, or dlc.log_softmax when `logarithm` is set.
mlir::FailureOr<mlir::Value> buildSoftmax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                          int64_t axis, bool logarithm = false);
mlir::FailureOr<mlir::Value> buildLrn(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                      int64_t size, float alpha, float beta, float bias);
// A dlc.weight handle for weight table entry `name` of type `type`.
mlir::Value buildWeight(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef name,
                        mlir::Type type);

} // namespace dlc
