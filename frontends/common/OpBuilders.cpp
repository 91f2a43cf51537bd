#include "frontends/common/OpBuilders.h"

#include <cmath>

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"

using namespace mlir;

namespace dlc {
namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

std::optional<ArrayRef<int64_t>> optionalShape(Value v) {
  if (!v)
    return std::nullopt;
  return shapeOf(v);
}

// Builds `opName` with a result of `shape` (element type of operand 0); null
// operands are absent optional operands.
Value build(OpBuilder &b, Location loc, StringRef opName, ArrayRef<Value> operands,
            ArrayRef<int64_t> shape, ArrayRef<NamedAttribute> attributes = {}) {
  OperationState state(loc, opName);
  for (Value v : operands)
    if (v)
      state.addOperands(v);
  state.addAttributes(attributes);
  Type element = cast<ShapedType>(operands[0].getType()).getElementType();
  state.addTypes(RankedTensorType::get(shape, element));
  return b.create(state)->getResult(0);
}

NamedAttribute i64Array(OpBuilder &b, StringRef name, ArrayRef<int64_t> values) {
  return b.getNamedAttr(name, b.getDenseI64ArrayAttr(values));
}

template <typename PoolOp>
FailureOr<Value> buildPool2d(OpBuilder &b, Location loc, Value input, const Pool2dAttributes &attrs,
                             bool average) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferPool2d(loc, PoolOp::getOperationName(), shapeOf(input), attrs.kernel,
                                 attrs.strides, attrs.padding, shape)))
    return failure();
  SmallVector<NamedAttribute> attributes = {i64Array(b, "kernel", attrs.kernel),
                                            i64Array(b, "strides", attrs.strides),
                                            i64Array(b, "padding", attrs.padding)};
  if (average)
    attributes.push_back(b.getNamedAttr("count_include_pad", b.getBoolAttr(attrs.countIncludePad)));
  return build(b, loc, PoolOp::getOperationName(), {input}, shape, attributes);
}

} // namespace

LogicalResult checkElementCount(Location loc, StringRef what, ArrayRef<int64_t> shape) {
  int64_t count;
  if (!shapes::staticElementCount(shape, count) || count > kMaxTensorElements)
    return emitError(loc) << what << " shape [" << shapes::shapeToString(shape)
                          << "] has too many elements (more than 2^38)";
  return success();
}

FailureOr<Value> buildConv2d(OpBuilder &b, Location loc, Value input, Value weight, Value bias,
                             const Conv2dAttributes &attrs) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferConv2d(loc, shapeOf(input), shapeOf(weight), optionalShape(bias),
                                 attrs.strides, attrs.padding, attrs.dilations, attrs.groups,
                                 shape)))
    return failure();
  return build(b, loc, Conv2dOp::getOperationName(), {input, weight, bias}, shape,
               {i64Array(b, "strides", attrs.strides), i64Array(b, "padding", attrs.padding),
                i64Array(b, "dilations", attrs.dilations),
                b.getNamedAttr("groups", b.getI64IntegerAttr(attrs.groups))});
}

FailureOr<Value> buildConvTranspose2d(OpBuilder &b, Location loc, Value input, Value weight,
                                      Value bias, const Conv2dAttributes &attrs,
                                      ArrayRef<int64_t> outputPadding) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferConvTranspose2d(loc, shapeOf(input), shapeOf(weight),
                                          optionalShape(bias), attrs.strides, attrs.padding,
                                          outputPadding, attrs.dilations, attrs.groups, shape)))
    return failure();
  return build(b, loc, ConvTranspose2dOp::getOperationName(), {input, weight, bias}, shape,
               {i64Array(b, "strides", attrs.strides), i64Array(b, "padding", attrs.padding),
                i64Array(b, "output_padding", outputPadding),
                i64Array(b, "dilations", attrs.dilations),
                b.getNamedAttr("groups", b.getI64IntegerAttr(attrs.groups))});
}

FailureOr<Value> buildMaxPool2d(OpBuilder &b, Location loc, Value input,
                                const Pool2dAttributes &attrs) {
  return buildPool2d<MaxPool2dOp>(b, loc, input, attrs, /*average=*/false);
}

FailureOr<Value> buildAvgPool2d(OpBuilder &b, Location loc, Value input,
                                const Pool2dAttributes &attrs) {
  return buildPool2d<AvgPool2dOp>(b, loc, input, attrs, /*average=*/true);
}

Value buildUnary(OpBuilder &b, Location loc, StringRef opName, Value input,
                 ArrayRef<std::pair<StringRef, float>> params) {
  SmallVector<NamedAttribute> attributes;
  for (auto [name, value] : params)
    attributes.push_back(b.getNamedAttr(name, b.getF32FloatAttr(value)));
  return build(b, loc, opName, {input}, shapeOf(input), attributes);
}

FailureOr<Value> buildClip(OpBuilder &b, Location loc, Value input, std::optional<float> min,
                           std::optional<float> max) {
  if ((min && std::isnan(*min)) || (max && std::isnan(*max)))
    return emitError(loc) << "'dlc.clip' (clip_c1) a bound is NaN, expected a number";
  if (min && max && *min > *max)
    return emitError(loc) << "'dlc.clip' (clip_c1) 'min' " << *min << " is greater than 'max' "
                          << *max;
  SmallVector<NamedAttribute> attributes;
  if (min)
    attributes.push_back(b.getNamedAttr("min", b.getF32FloatAttr(*min)));
  if (max)
    attributes.push_back(b.getNamedAttr("max", b.getF32FloatAttr(*max)));
  return build(b, loc, ClipOp::getOperationName(), {input}, shapeOf(input), attributes);
}

FailureOr<Value> buildGelu(OpBuilder &b, Location loc, Value input, StringRef approximate) {
  if (approximate != "none" && approximate != "tanh")
    return emitError(loc) << "'dlc.gelu' (gelu_c1) 'approximate' is '" << approximate
                          << "', accepted: none, tanh";
  return build(b, loc, GeluOp::getOperationName(), {input}, shapeOf(input),
               {b.getNamedAttr("approximate", b.getStringAttr(approximate))});
}

FailureOr<Value> buildDropout(OpBuilder &b, Location loc, Value input, float ratio) {
  if (!(ratio >= 0.f && ratio < 1.f))
    return emitError(loc) << "'dlc.dropout' (dropout_c1) 'ratio' is " << ratio
                          << ", expected a value in [0, 1)";
  if (ratio == 0.f)
    return input;
  return build(b, loc, DropoutOp::getOperationName(), {input}, shapeOf(input),
               {b.getNamedAttr("ratio", b.getF64FloatAttr(ratio))});
}

FailureOr<Value> buildLinear(OpBuilder &b, Location loc, Value input, Value weight, Value bias) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferLinear(loc, shapeOf(input), shapeOf(weight), optionalShape(bias), shape)))
    return failure();
  return build(b, loc, LinearOp::getOperationName(), {input, weight, bias}, shape);
}

FailureOr<Value> buildBinary(OpBuilder &b, Location loc, StringRef opName, Value lhs,
                             Value rhs) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferBroadcast(loc, opName, shapeOf(lhs), shapeOf(rhs), shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, opName, {lhs, rhs}, shape);
}

FailureOr<Value> buildBatchNorm(OpBuilder &b, Location loc, Value input, Value scale, Value bias,
                                Value mean, Value var, float epsilon) {
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> params[] = {shapeOf(scale), shapeOf(bias), shapeOf(mean), shapeOf(var)};
  if (failed(shapes::inferBatchNorm(loc, shapeOf(input), params, epsilon, shape)))
    return failure();
  return build(b, loc, BatchNormOp::getOperationName(), {input, scale, bias, mean, var}, shape,
               {b.getNamedAttr("epsilon", b.getF32FloatAttr(epsilon))});
}

FailureOr<Value> buildPad(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads,
                          float value) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferPad(loc, shapeOf(input), pads, shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, PadOp::getOperationName(), {input}, shape,
               {i64Array(b, "pads", pads), b.getNamedAttr("value", b.getF32FloatAttr(value))});
}

FailureOr<Value> buildMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferMatmul(loc, shapeOf(lhs), shapeOf(rhs), shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, MatmulOp::getOperationName(), {lhs, rhs}, shape);
}

FailureOr<Value> buildTranspose(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferTranspose(loc, shapeOf(input), perm, shape)))
    return failure();
  return build(b, loc, TransposeOp::getOperationName(), {input}, shape,
               {i64Array(b, "perm", perm)});
}

FailureOr<Value> buildWhere(OpBuilder &b, Location loc, Value cond, Value a, Value otherwise) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferWhere(loc, shapeOf(cond), shapeOf(a), shapeOf(otherwise), shape)))
    return failure();
  return build(b, loc, WhereOp::getOperationName(), {cond, a, otherwise}, shape);
}

FailureOr<Value> buildGather(OpBuilder &b, Location loc, Value data, Value indices,
                             int64_t axis) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferGather(loc, shapeOf(data), shapeOf(indices), axis, shape)))
    return failure();
  return build(b, loc, GatherOp::getOperationName(), {data, indices}, shape,
               {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))});
}

FailureOr<Value> buildReduce(OpBuilder &b, Location loc, StringRef opName, Value input,
                             ArrayRef<int64_t> axes, bool keepdims) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferReduce(loc, opName, shapeOf(input), axes, keepdims, shape)))
    return failure();
  return build(b, loc, opName, {input}, shape,
               {i64Array(b, "axes", axes), b.getNamedAttr("keepdims", b.getBoolAttr(keepdims))});
}

FailureOr<Value> buildSlice(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> offsets,
                            ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferSlice(loc, shapeOf(input), offsets, sizes, strides, shape)))
    return failure();
  return build(b, loc, SliceOp::getOperationName(), {input}, shape,
               {i64Array(b, "offsets", offsets), i64Array(b, "sizes", sizes),
                i64Array(b, "strides", strides)});
}

FailureOr<Value> buildBroadcast(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> target) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferBroadcastTo(loc, shapeOf(input), target, shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, BroadcastOp::getOperationName(), {input}, shape,
               {i64Array(b, "shape", target)});
}

FailureOr<Value> buildLayerNorm(OpBuilder &b, Location loc, Value input, Value scale, Value bias,
                                int64_t axis, float epsilon) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferLayerNorm(loc, shapeOf(input), shapeOf(scale), optionalShape(bias),
                                    axis, epsilon, shape)))
    return failure();
  return build(b, loc, LayerNormOp::getOperationName(), {input, scale, bias}, shape,
               {b.getNamedAttr("axis", b.getI64IntegerAttr(axis)),
                b.getNamedAttr("epsilon", b.getF32FloatAttr(epsilon))});
}

FailureOr<Value> buildGroupNorm(OpBuilder &b, Location loc, Value input, Value scale, Value bias,
                                int64_t groups, float epsilon) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferGroupNorm(loc, shapeOf(input), shapeOf(scale), shapeOf(bias), groups,
                                    epsilon, shape)))
    return failure();
  return build(b, loc, GroupNormOp::getOperationName(), {input, scale, bias}, shape,
               {b.getNamedAttr("groups", b.getI64IntegerAttr(groups)),
                b.getNamedAttr("epsilon", b.getF32FloatAttr(epsilon))});
}

FailureOr<Value> buildResize(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> size,
                             StringRef mode, StringRef coordinateMode) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferResize(loc, shapeOf(input), size, mode, coordinateMode, shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, ResizeOp::getOperationName(), {input}, shape,
               {i64Array(b, "size", size), b.getNamedAttr("mode", b.getStringAttr(mode)),
                b.getNamedAttr("coordinate_mode", b.getStringAttr(coordinateMode))});
}

FailureOr<Value> buildAttention(OpBuilder &b, Location loc, Value q, Value k, Value v, Value mask,
                                float scale, bool causal) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferAttention(loc, shapeOf(q), shapeOf(k), shapeOf(v), optionalShape(mask),
                                    shape)))
    return failure();
  return build(b, loc, AttentionOp::getOperationName(), {q, k, v, mask}, shape,
               {b.getNamedAttr("scale", b.getF32FloatAttr(scale)),
                b.getNamedAttr("causal", b.getBoolAttr(causal))});
}

FailureOr<Value> buildConcat(OpBuilder &b, Location loc, ArrayRef<Value> inputs, int64_t axis) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : inputs)
    shapes.push_back(shapeOf(v));
  SmallVector<int64_t> shape;
  if (failed(shapes::inferConcat(loc, shapes, axis, shape)) ||
      failed(checkElementCount(loc, "result", shape)))
    return failure();
  return build(b, loc, ConcatOp::getOperationName(), inputs, shape,
               {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))});
}

FailureOr<Value> buildReshape(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> target) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferReshape(loc, shapeOf(input), target, shape)))
    return failure();
  return build(b, loc, ReshapeOp::getOperationName(), {input}, shape,
               {i64Array(b, "shape", target)});
}

FailureOr<Value> buildSoftmax(OpBuilder &b, Location loc, Value input, int64_t axis,
                              bool logarithm) {
  int64_t rank = static_cast<int64_t>(shapeOf(input).size());
  if (axis < -rank || axis >= rank)
    return emitError(loc) << "'axis' value is " << axis << ", accepted range is [" << -rank << ", "
                          << rank - 1 << "]";
  return build(b, loc,
               logarithm ? LogSoftmaxOp::getOperationName() : SoftmaxOp::getOperationName(),
               {input}, shapeOf(input), {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))});
}

FailureOr<Value> buildLrn(OpBuilder &b, Location loc, Value input, int64_t size, float alpha,
                          float beta, float bias) {
  if (shapeOf(input).size() < 3)
    return emitError(loc) << "'dlc.lrn' (lrn_c1) 'input' has rank " << shapeOf(input).size()
                          << ", expected 3 or more";
  if (size <= 0 || size > (1 << 20) || !(bias > 0.f) || !(alpha > 0.f) || !(beta >= 0.f))
    return emitError(loc) << "'dlc.lrn' (lrn_c2) 'size' " << size << ", 'alpha' " << alpha
                          << ", 'beta' " << beta << ", 'bias' " << bias
                          << ": expected positive size, alpha and bias and non-negative beta";
  return build(b, loc, LrnOp::getOperationName(), {input}, shapeOf(input),
               {b.getNamedAttr("size", b.getI64IntegerAttr(size)),
                b.getNamedAttr("alpha", b.getF32FloatAttr(alpha)),
                b.getNamedAttr("beta", b.getF32FloatAttr(beta)),
                b.getNamedAttr("bias", b.getF32FloatAttr(bias))});
}

Value buildWeight(OpBuilder &b, Location loc, StringRef name, Type type) {
  return b
      .create(OperationState(loc, WeightOp::getOperationName(), {}, {type},
                             {b.getNamedAttr("name", b.getStringAttr(name))}))
      ->getResult(0);
}

} // namespace dlc
