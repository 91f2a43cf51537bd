#include "frontends/onnx/OnnxNodes.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "frontends/common/OpBuilders.h"

using namespace mlir;

namespace dlc::onnx_import {

InFlightDiagnostic NodeContext::unsupported() {
  return emitError(loc) << "ONNX op '" << node.op_type() << "' (opset " << opset << "): ";
}

const onnx::AttributeProto *NodeContext::find(StringRef name) const {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

LogicalResult NodeContext::expectArity(int min, int max, int maxOutputs) {
  int inputs = node.input_size();
  if (inputs < min || inputs > max)
    return unsupported() << "takes " << min << (min == max ? "" : " to " + std::to_string(max))
                         << (max == 1 ? " input" : " inputs") << ", got " << inputs;
  for (int i = 0; i < min; ++i)
    if (node.input(i).empty())
      return unsupported() << "input " << i << " is required";
  if (node.output_size() < 1 || node.output(0).empty())
    return unsupported() << "output 0 is required";
  for (int i = maxOutputs; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return unsupported() << "output " << i << " ('" << node.output(i)
                           << "') is not supported; dlc computes output 0 only";
  return success();
}

LogicalResult NodeContext::expectAttributes(ArrayRef<StringRef> accepted) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (!llvm::is_contained(accepted, StringRef(a.name()))) {
      std::string list;
      for (StringRef name : accepted)
        list += (list.empty() ? "" : ", ") + name.str();
      return unsupported() << "unsupported attribute '" << a.name()
                           << "' (accepted: " << (list.empty() ? "none" : list) << ")";
    }
  return success();
}

FailureOr<Value> NodeContext::input(int i) {
  if (i >= node.input_size() || node.input(i).empty())
    return Value();
  return tensors.value(loc, node.input(i));
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(int i) {
  const onnx::TensorProto *t = tensors.constant(node.input(i));
  if (!t || t->data_type() != onnx::TensorProto::INT64 || t->dims_size() != 1)
    return unsupported() << "input " << i << " ('" << node.input(i)
                         << "') must be a 1-D int64 initializer or Constant";
  if (t->dims(0) > 16)
    return unsupported() << "input " << i << " ('" << node.input(i) << "') has " << t->dims(0)
                         << " values, at most 16 are supported";
  return int64Values(*t);
}

LogicalResult NodeContext::constantScalar(int i, std::optional<float> &value) {
  value.reset();
  if (i >= node.input_size() || node.input(i).empty())
    return success();
  const onnx::TensorProto *t = tensors.constant(node.input(i));
  int64_t count = 1;
  if (t)
    for (int64_t d : t->dims())
      count *= d;
  if (!t || t->data_type() != onnx::TensorProto::FLOAT || count != 1)
    return unsupported() << "input " << i << " ('" << node.input(i)
                         << "') must be a float32 scalar initializer or Constant";
  float scalar;
  if (!t->raw_data().empty())
    std::memcpy(&scalar, t->raw_data().data(), sizeof(float));  // size checked on import
  else
    scalar = t->float_data(0);
  value = scalar;
  return success();
}

FailureOr<int64_t> NodeContext::getInt(StringRef name, int64_t defaultValue) {
  const onnx::AttributeProto *a = find(name);
  if (!a)
    return defaultValue;
  if (a->type() != onnx::AttributeProto::INT)
    return unsupported() << "attribute '" << name << "' must be an int";
  return a->i();
}

FailureOr<float> NodeContext::getFloat(StringRef name, float defaultValue) {
  const onnx::AttributeProto *a = find(name);
  if (!a)
    return defaultValue;
  if (a->type() != onnx::AttributeProto::FLOAT)
    return unsupported() << "attribute '" << name << "' must be a float";
  return a->f();
}

FailureOr<std::string> NodeContext::getString(StringRef name, StringRef defaultValue) {
  const onnx::AttributeProto *a = find(name);
  if (!a)
    return defaultValue.str();
  if (a->type() != onnx::AttributeProto::STRING)
    return unsupported() << "attribute '" << name << "' must be a string";
  return a->s();
}

FailureOr<SmallVector<int64_t>> NodeContext::getInts(StringRef name,
                                                     ArrayRef<int64_t> defaultValue) {
  const onnx::AttributeProto *a = find(name);
  if (!a)
    return SmallVector<int64_t>(defaultValue);
  if (a->type() != onnx::AttributeProto::INTS)
    return unsupported() << "attribute '" << name << "' must be a list of ints";
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

SmallVector<int64_t> int64Values(const onnx::TensorProto &tensor) {
  if (tensor.raw_data().empty())
    return SmallVector<int64_t>(tensor.int64_data().begin(), tensor.int64_data().end());
  SmallVector<int64_t> values(tensor.raw_data().size() / sizeof(int64_t));
  std::memcpy(values.data(), tensor.raw_data().data(), values.size() * sizeof(int64_t));
  return values;
}

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

// Conv and the pools are imported in 2-D only (NCHW input).
LogicalResult expect2d(NodeContext &ctx, Value input) {
  if (shapeOf(input).size() != 4)
    return ctx.unsupported() << "only the 2-D form (4-D NCHW input) is supported, input '"
                             << ctx.node.input(0) << "' has rank " << shapeOf(input).size();
  return success();
}

// auto_pad: explicit padding only (NOTSET, or VALID = no padding).
LogicalResult checkAutoPad(NodeContext &ctx) {
  auto autoPad = ctx.getString("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad != "NOTSET" && *autoPad != "VALID")
    return ctx.unsupported() << "'auto_pad' value is '" << *autoPad
                             << "', accepted: NOTSET, VALID (export with explicit pads)";
  return success();
}

// A 2-D `name` attribute must hold `count` values when present.
LogicalResult checkCount(NodeContext &ctx, StringRef name, ArrayRef<int64_t> values, size_t count) {
  if (values.size() != count)
    return ctx.unsupported() << "'" << name << "' has " << values.size() << " values, expected "
                             << count;
  return success();
}

// A 1-D value [N, C, L] viewed as 2-D [N, C, 1, L], and back.
FailureOr<Value> addUnitHeight(NodeContext &ctx, Value v) {
  ArrayRef<int64_t> shape = shapeOf(v);
  return buildReshape(ctx.builder, ctx.loc, v, {0, 0, 1, shape[2]});
}
FailureOr<Value> dropUnitHeight(NodeContext &ctx, FailureOr<Value> v) {
  if (failed(v))
    return failure();
  return buildReshape(ctx.builder, ctx.loc, *v, {0, 0, shapeOf(*v)[3]});
}

// 1-D attributes [a] (or pads [begin, end]) as the 2-D ones of a unit height.
SmallVector<int64_t> liftPair(ArrayRef<int64_t> values, int64_t unit) {
  return values.size() == 1 ? SmallVector<int64_t>{unit, values[0]} : SmallVector<int64_t>(values);
}
SmallVector<int64_t> liftPads(ArrayRef<int64_t> pads) {
  return pads.size() == 2 ? SmallVector<int64_t>{0, pads[0], 0, pads[1]} : SmallVector<int64_t>(pads);
}

// Conv over [N, C, L] (nn.Conv1d): a 2-D convolution of height 1.
FailureOr<Value> importConv1d(NodeContext &ctx, Value input, Value weight, Value bias) {
  auto strides = ctx.getInts("strides", {1});
  auto pads = ctx.getInts("pads", {0, 0});
  auto dilations = ctx.getInts("dilations", {1});
  auto groups = ctx.getInt("group", 1);
  if (failed(strides) || failed(pads) || failed(dilations) || failed(groups) ||
      failed(checkCount(ctx, "strides", *strides, 1)) ||
      failed(checkCount(ctx, "pads", *pads, 2)) ||
      failed(checkCount(ctx, "dilations", *dilations, 1)))
    return failure();
  if (shapeOf(weight).size() != 3)
    return ctx.unsupported() << "a 1-D convolution needs a 3-D weight [O, C/G, K]";
  auto kernel = ctx.getInts("kernel_shape", {});
  if (failed(kernel))
    return failure();
  if (!kernel->empty() && (kernel->size() != 1 || (*kernel)[0] != shapeOf(weight)[2]))
    return ctx.unsupported() << "'kernel_shape' does not match the weight's shape";
  auto input2d = addUnitHeight(ctx, input), weight2d = addUnitHeight(ctx, weight);
  if (failed(input2d) || failed(weight2d))
    return failure();
  Conv2dAttributes attrs;
  attrs.strides = liftPair(*strides, 1);
  attrs.padding = liftPads(*pads);
  attrs.dilations = liftPair(*dilations, 1);
  attrs.groups = *groups;
  return dropUnitHeight(ctx, buildConv2d(ctx.builder, ctx.loc, *input2d, *weight2d, bias, attrs));
}

FailureOr<Value> importConv(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes(
          {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"})) ||
      failed(checkAutoPad(ctx)))
    return failure();
  auto input = ctx.input(0), weight = ctx.input(1), bias = ctx.input(2);
  if (failed(input) || failed(weight) || failed(bias))
    return failure();
  if (shapeOf(*input).size() == 3)
    return importConv1d(ctx, *input, *weight, *bias);
  if (failed(expect2d(ctx, *input)))
    return failure();
  Conv2dAttributes attrs;
  auto strides = ctx.getInts("strides", {1, 1});
  auto pads = ctx.getInts("pads", {0, 0, 0, 0});
  auto dilations = ctx.getInts("dilations", {1, 1});
  auto groups = ctx.getInt("group", 1);
  auto kernel = ctx.getInts("kernel_shape", {});
  if (failed(strides) || failed(pads) || failed(dilations) || failed(groups) || failed(kernel) ||
      failed(checkCount(ctx, "strides", *strides, 2)) ||
      failed(checkCount(ctx, "pads", *pads, 4)) ||
      failed(checkCount(ctx, "dilations", *dilations, 2)))
    return failure();
  ArrayRef<int64_t> w = shapeOf(*weight);
  if (!kernel->empty() && (w.size() != 4 || ArrayRef<int64_t>(*kernel) != w.drop_front(2)))
    return ctx.unsupported() << "'kernel_shape' does not match the weight's shape";
  // ONNX pads for 2-D are [top, left, bottom, right], as dlc's.
  attrs.strides = *strides;
  attrs.padding = *pads;
  attrs.dilations = *dilations;
  attrs.groups = *groups;
  return buildConv2d(ctx.builder, ctx.loc, *input, *weight, *bias, attrs);
}

FailureOr<Value> importConvTranspose(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes({"auto_pad", "dilations", "group", "kernel_shape",
                                   "output_padding", "output_shape", "pads", "strides"})) ||
      failed(checkAutoPad(ctx)))
    return failure();
  auto input = ctx.input(0), weight = ctx.input(1), bias = ctx.input(2);
  if (failed(input) || failed(weight) || failed(bias) || failed(expect2d(ctx, *input)))
    return failure();
  auto strides = ctx.getInts("strides", {1, 1});
  auto pads = ctx.getInts("pads", {0, 0, 0, 0});
  auto dilations = ctx.getInts("dilations", {1, 1});
  auto outputPadding = ctx.getInts("output_padding", {0, 0});
  auto groups = ctx.getInt("group", 1);
  auto kernel = ctx.getInts("kernel_shape", {});
  if (failed(strides) || failed(pads) || failed(dilations) || failed(outputPadding) ||
      failed(groups) || failed(kernel) || failed(checkCount(ctx, "strides", *strides, 2)) ||
      failed(checkCount(ctx, "pads", *pads, 4)) ||
      failed(checkCount(ctx, "dilations", *dilations, 2)) ||
      failed(checkCount(ctx, "output_padding", *outputPadding, 2)))
    return failure();
  ArrayRef<int64_t> w = shapeOf(*weight);
  if (!kernel->empty() && (w.size() != 4 || ArrayRef<int64_t>(*kernel) != w.drop_front(2)))
    return ctx.unsupported() << "'kernel_shape' does not match the weight's shape";
  if (ctx.hasAttribute("output_shape")) {
    // The pads follow from the requested size (ONNX: the start gets the
    // larger half); a size past the natural one is output padding.
    auto outputShape = ctx.getInts("output_shape", {});
    if (failed(outputShape))
      return failure();
    if (outputShape->size() != 2 && outputShape->size() != 4)
      return ctx.unsupported() << "'output_shape' must hold 2 (H, W) or 4 values";
    ArrayRef<int64_t> spatial = ArrayRef<int64_t>(*outputShape).take_back(2);
    ArrayRef<int64_t> in = shapeOf(*input);
    constexpr int64_t kLimit = int64_t(1) << 30;
    for (int d = 0; d < 2; ++d) {
      int64_t values[] = {spatial[d], (*strides)[d], (*dilations)[d], (*outputPadding)[d],
                          w.size() == 4 ? w[2 + d] : 1, in[2 + d]};
      if (llvm::any_of(values, [&](int64_t v) { return v < 0 || v > kLimit; }))
        return ctx.unsupported() << "'output_shape' or the other attributes are out of range";
      int64_t natural = (*strides)[d] * (in[2 + d] - 1) + (*outputPadding)[d] +
                        (values[4] - 1) * (*dilations)[d] + 1;
      int64_t total = natural - spatial[d];
      (*pads)[d] = total > 0 ? total - total / 2 : 0;
      (*pads)[2 + d] = total > 0 ? total / 2 : 0;
      (*outputPadding)[d] += total < 0 ? -total : 0;
    }
  }
  Conv2dAttributes attrs;
  attrs.strides = *strides;
  attrs.padding = *pads;
  attrs.dilations = *dilations;
  attrs.groups = *groups;
  return buildConvTranspose2d(ctx.builder, ctx.loc, *input, *weight, *bias, attrs,
                              *outputPadding);
}

// Pads the bottom/right so that rounding the output size down gives the
// ceil_mode size: out = ceil((in + pads - kernel) / stride) + 1, less one
// when the last window would start in the bottom/right padding (ONNX and
// PyTorch). Invalid windows are left for shape inference to report.
void addCeilModePadding(ArrayRef<int64_t> inputShape, Pool2dAttributes &attrs) {
  for (int d = 0; d < 2; ++d) {
    int64_t in = inputShape[2 + d], before = attrs.padding[d], after = attrs.padding[2 + d];
    int64_t kernel = attrs.kernel[d], stride = attrs.strides[d];
    constexpr int64_t kLimit = int64_t(1) << 30;
    if (llvm::any_of(std::initializer_list<int64_t>{before, after, kernel, stride},
                     [&](int64_t v) { return v < 0 || v > kLimit; }) ||
        stride == 0 || in < 0 || in > (int64_t(1) << 40))
      continue;
    int64_t span = in + before + after - kernel;
    if (span < 0)
      continue;
    int64_t out = (span + stride - 1) / stride + 1;
    if ((out - 1) * stride >= in + before)
      --out;
    attrs.padding[2 + d] += std::max<int64_t>(0, (out - 1) * stride + kernel - (in + before + after));
  }
}

// A 3-D pool over [N, C, D, H, W] whose window spans D only (kernel
// [k, 1, 1]): PyTorch exports nn.LocalResponseNorm as an average over a
// window of channels this way. It runs as a 2-D pool of [N, C, D, H*W].
template <bool kAverage> FailureOr<Value> importPoolOverDepth(NodeContext &ctx, Value input) {
  auto kernel = ctx.getInts("kernel_shape", {});
  auto strides = ctx.getInts("strides", {1, 1, 1});
  auto pads = ctx.getInts("pads", {0, 0, 0, 0, 0, 0});
  auto ceilMode = ctx.getInt("ceil_mode", 0);
  auto dilations = ctx.getInts("dilations", {1, 1, 1});
  auto countPad = ctx.getInt("count_include_pad", 0);
  if (failed(kernel) || failed(strides) || failed(pads) || failed(ceilMode) ||
      failed(dilations) || failed(countPad) || failed(checkCount(ctx, "kernel_shape", *kernel, 3)) ||
      failed(checkCount(ctx, "strides", *strides, 3)) ||
      failed(checkCount(ctx, "pads", *pads, 6)))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(input);
  if ((*kernel)[1] != 1 || (*kernel)[2] != 1 || (*strides)[1] != 1 || (*strides)[2] != 1 ||
      (*pads)[1] != 0 || (*pads)[2] != 0 || (*pads)[4] != 0 || (*pads)[5] != 0 ||
      *ceilMode != 0 || llvm::any_of(*dilations, [](int64_t d) { return d != 1; }) ||
      shape[3] == ShapedType::kDynamic || shape[4] == ShapedType::kDynamic)
    return ctx.unsupported() << "3-D pooling is supported over the first spatial dimension "
                                "only (kernel [k, 1, 1], strides [s, 1, 1], no padding of H and "
                                "W, ceil_mode 0), as PyTorch exports LocalResponseNorm";
  auto planes = buildReshape(ctx.builder, ctx.loc, input, {0, 0, 0, shape[3] * shape[4]});
  if (failed(planes))
    return failure();
  Pool2dAttributes attrs;
  attrs.kernel = {(*kernel)[0], 1};
  attrs.strides = {(*strides)[0], 1};
  attrs.padding = {(*pads)[0], 0, (*pads)[3], 0};
  attrs.countIncludePad = *countPad != 0;
  FailureOr<Value> pooled = kAverage ? buildAvgPool2d(ctx.builder, ctx.loc, *planes, attrs)
                                     : buildMaxPool2d(ctx.builder, ctx.loc, *planes, attrs);
  if (failed(pooled))
    return failure();
  return buildReshape(ctx.builder, ctx.loc, *pooled, {0, 0, 0, shape[3], shape[4]});
}

template <bool kAverage> FailureOr<Value> importPool(NodeContext &ctx) {
  SmallVector<StringRef> accepted = {"auto_pad", "ceil_mode", "kernel_shape", "pads", "strides"};
  if (kAverage)
    accepted.push_back("count_include_pad");
  else
    accepted.append({"dilations", "storage_order"});
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes(accepted)) ||
      failed(checkAutoPad(ctx)))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  if (shapeOf(*input).size() == 5)
    return importPoolOverDepth<kAverage>(ctx, *input);
  // 1-D pools ([N, C, L], nn.MaxPool1d/AvgPool1d) run as 2-D of height 1.
  bool oneD = shapeOf(*input).size() == 3;
  if (!oneD && failed(expect2d(ctx, *input)))
    return failure();
  size_t dims = oneD ? 1 : 2;
  if (!ctx.hasAttribute("kernel_shape"))
    return ctx.unsupported() << "needs attribute 'kernel_shape' (" << dims << " ints)";
  auto kernel = ctx.getInts("kernel_shape", {});
  auto strides = ctx.getInts("strides", SmallVector<int64_t>(dims, 1));
  auto pads = ctx.getInts("pads", SmallVector<int64_t>(2 * dims, 0));
  auto ceilMode = ctx.getInt("ceil_mode", 0);
  auto storageOrder = ctx.getInt("storage_order", 0);
  auto dilations = ctx.getInts("dilations", SmallVector<int64_t>(dims, 1));
  auto countPad = ctx.getInt("count_include_pad", 0);
  if (failed(kernel) || failed(strides) || failed(pads) || failed(ceilMode) ||
      failed(storageOrder) || failed(dilations) || failed(countPad) ||
      failed(checkCount(ctx, "kernel_shape", *kernel, dims)) ||
      failed(checkCount(ctx, "strides", *strides, dims)) ||
      failed(checkCount(ctx, "pads", *pads, 2 * dims)))
    return failure();
  // dlc's pools round the output size down and have no dilation; ceil_mode
  // becomes extra bottom/right padding, which max pooling and an average
  // that excludes padding both ignore.
  if (*storageOrder != 0)
    return ctx.unsupported() << "'storage_order' value is " << *storageOrder << ", accepted: 0";
  if (llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return ctx.unsupported() << "'dilations' must all be 1";
  Pool2dAttributes attrs;
  attrs.kernel = liftPair(*kernel, 1);
  attrs.strides = liftPair(*strides, 1);
  attrs.padding = liftPads(*pads);
  attrs.countIncludePad = *countPad != 0;
  Value pooled = *input;
  if (oneD) {
    auto lifted = addUnitHeight(ctx, *input);
    if (failed(lifted))
      return failure();
    pooled = *lifted;
  }
  if (*ceilMode != 0 && kAverage && attrs.countIncludePad) {
    // PyTorch divides by the window clipped to the padded input: the real
    // padding counts, the ceil-mode overhang does not. So the padding
    // becomes zeros in the tensor, and the overhang padding that is excluded.
    Pool2dAttributes ceil = attrs;
    addCeilModePadding(shapeOf(pooled), ceil);
    SmallVector<int64_t> zeros = {0, 0, attrs.padding[0], attrs.padding[1],
                                  0, 0, attrs.padding[2], attrs.padding[3]};
    if (llvm::any_of(zeros, [](int64_t p) { return p != 0; })) {
      auto padded = buildPad(ctx.builder, ctx.loc, pooled, zeros, 0.0f);
      if (failed(padded))
        return failure();
      pooled = *padded;
    }
    attrs.padding = {0, 0, ceil.padding[2] - attrs.padding[2], ceil.padding[3] - attrs.padding[3]};
    attrs.countIncludePad = false;
  } else if (*ceilMode != 0) {
    addCeilModePadding(shapeOf(pooled), attrs);
  }
  FailureOr<Value> result = kAverage ? buildAvgPool2d(ctx.builder, ctx.loc, pooled, attrs)
                                     : buildMaxPool2d(ctx.builder, ctx.loc, pooled, attrs);
  return oneD ? dropUnitHeight(ctx, result) : result;
}

template <typename UnaryOp> FailureOr<Value> importUnary(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  return buildUnary(ctx.builder, ctx.loc, UnaryOp::getOperationName(), *input);
}

// "1" or "0.5" rather than the diagnostic's "1.000000e+00".
std::string shortFloat(float v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", static_cast<double>(v));
  return text;
}

// Only PyTorch's nn.Linear form: Y = A * B^T + C, which is dlc.linear.
FailureOr<Value> importGemm(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes({"alpha", "beta", "transA", "transB"})))
    return failure();
  auto alpha = ctx.getFloat("alpha", 1.f), beta = ctx.getFloat("beta", 1.f);
  auto transA = ctx.getInt("transA", 0), transB = ctx.getInt("transB", 0);
  auto a = ctx.input(0), b = ctx.input(1), c = ctx.input(2);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB) || failed(a) || failed(b) ||
      failed(c))
    return failure();
  if (*transA != 0 || *transB != 1 || *alpha != 1.f || *beta != 1.f ||
      (*c && shapeOf(*c).size() != 1))
    return ctx.unsupported() << "only the nn.Linear form is supported (transA=0, transB=1, "
                                "alpha=1, beta=1, C 1-D or absent); this node has transA="
                             << *transA << ", transB=" << *transB
                             << ", alpha=" << shortFloat(*alpha) << ", beta=" << shortFloat(*beta)
                             << ", C of rank " << (*c ? shapeOf(*c).size() : 0);
  return buildLinear(ctx.builder, ctx.loc, *a, *b, *c);
}

// Add, Sub, Mul, Div, Pow; and Min, Max and Sum, which take 1 or more
// inputs and fold pairwise.
template <typename BinaryOp, bool kVariadic = false>
FailureOr<Value> importBinary(NodeContext &ctx) {
  if (failed(ctx.expectArity(kVariadic ? 1 : 2, kVariadic ? 64 : 2)) ||
      failed(ctx.expectAttributes({})))
    return failure();
  auto result = ctx.input(0);
  for (int i = 1; i < ctx.node.input_size() && succeeded(result); ++i) {
    auto rhs = ctx.input(i);
    if (failed(rhs))
      return failure();
    if (!*rhs)
      return ctx.unsupported() << "input " << i << " is required";
    result = buildBinary(ctx.builder, ctx.loc, BinaryOp::getOperationName(), *result, *rhs);
  }
  return result;
}

// PRelu: the slopes broadcast to the input's shape, never the other way.
FailureOr<Value> importPrelu(NodeContext &ctx) {
  auto result = importBinary<PreluOp>(ctx);
  if (failed(result))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  if (shapeOf(*result) != shapeOf(*input))
    return ctx.unsupported() << "the slopes must broadcast to the input's shape ["
                             << shapes::shapeToString(shapeOf(*input)) << "]";
  return result;
}

// LeakyRelu (alpha 0.01), Elu (alpha 1), HardSigmoid (alpha 0.2, beta 0.5).
template <typename UnaryOp> FailureOr<Value> importParamUnary(NodeContext &ctx) {
  constexpr bool kHardSigmoid = std::is_same_v<UnaryOp, HardSigmoidOp>;
  constexpr float kAlpha = std::is_same_v<UnaryOp, LeakyReluOp> ? 0.01f
                           : kHardSigmoid                       ? 0.2f
                                                                : 1.f;
  if (failed(ctx.expectArity(1, 1)) ||
      failed(ctx.expectAttributes(kHardSigmoid ? ArrayRef<StringRef>{"alpha", "beta"}
                                               : ArrayRef<StringRef>{"alpha"})))
    return failure();
  auto alpha = ctx.getFloat("alpha", kAlpha), beta = ctx.getFloat("beta", 0.5f);
  auto input = ctx.input(0);
  if (failed(alpha) || failed(beta) || failed(input))
    return failure();
  SmallVector<std::pair<StringRef, float>> params = {{"alpha", *alpha}};
  if (kHardSigmoid)
    params.push_back({"beta", *beta});
  return buildUnary(ctx.builder, ctx.loc, UnaryOp::getOperationName(), *input, params);
}

// Clip: bounds are attributes before opset 11 and optional scalar inputs
// from opset 11 (ReLU6 exports as Clip(x, 0, 6)).
FailureOr<Value> importClip(NodeContext &ctx) {
  bool boundsAsInputs = ctx.opset >= 11;
  if (failed(ctx.expectArity(1, boundsAsInputs ? 3 : 1)) ||
      failed(ctx.expectAttributes(boundsAsInputs ? ArrayRef<StringRef>{}
                                                 : ArrayRef<StringRef>{"min", "max"})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  std::optional<float> min, max;
  if (boundsAsInputs) {
    if (failed(ctx.constantScalar(1, min)) || failed(ctx.constantScalar(2, max)))
      return failure();
  } else {
    auto minAttr = ctx.getFloat("min", 0.f), maxAttr = ctx.getFloat("max", 0.f);
    if (failed(minAttr) || failed(maxAttr))
      return failure();
    if (ctx.hasAttribute("min"))
      min = *minAttr;
    if (ctx.hasAttribute("max"))
      max = *maxAttr;
  }
  return buildClip(ctx.builder, ctx.loc, *input, min, max);
}

// BatchNormalization: Y only, with the given statistics. A training-mode
// export (training_mode 1, or the running and saved statistics as outputs
// 1 to 4) imports the same: dlc --train normalizes with batch statistics
// and updates the running ones itself; the extra outputs are not computed
// (a node reading one gets the unknown-input error).
FailureOr<Value> importBatchNormalization(NodeContext &ctx) {
  if (failed(ctx.expectArity(5, 5, 5)) ||
      failed(ctx.expectAttributes({"epsilon", "momentum", "spatial", "training_mode"})))
    return failure();
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  auto trainingMode = ctx.getInt("training_mode", 0), spatial = ctx.getInt("spatial", 1);
  if (failed(epsilon) || failed(trainingMode) || failed(spatial))
    return failure();
  if (*trainingMode != 0 && *trainingMode != 1)
    return ctx.unsupported() << "'training_mode' value is " << *trainingMode
                             << ", accepted: 0 or 1";
  if (*spatial != 1)
    return ctx.unsupported() << "'spatial' value is " << *spatial << ", accepted: 1";
  SmallVector<Value, 5> operands;
  for (int i = 0; i < 5; ++i) {
    auto v = ctx.input(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return buildBatchNorm(ctx.builder, ctx.loc, operands[0], operands[1], operands[2],
                        operands[3], operands[4], *epsilon);
}

FailureOr<Value> importConcat(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1024)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  if (!ctx.hasAttribute("axis"))
    return ctx.unsupported() << "needs attribute 'axis'";
  auto axis = ctx.getInt("axis", 0);
  if (failed(axis))
    return failure();
  SmallVector<Value> inputs;
  for (int i = 0; i < ctx.node.input_size(); ++i) {
    auto v = ctx.input(i);
    if (failed(v))
      return failure();
    if (!*v)
      return ctx.unsupported() << "input " << i << " is required";
    inputs.push_back(*v);
  }
  return buildConcat(ctx.builder, ctx.loc, inputs, *axis);
}

// GlobalAveragePool (and PyTorch's AdaptiveAvgPool2d(1)): a 2-D average
// pool whose window is the whole image.
FailureOr<Value> importGlobalAveragePool(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input) || failed(expect2d(ctx, *input)))
    return failure();
  Pool2dAttributes attrs;
  attrs.kernel = {shapeOf(*input)[2], shapeOf(*input)[3]};
  return buildAvgPool2d(ctx.builder, ctx.loc, *input, attrs);
}

// ONNX Flatten always gives 2-D: [prod(d[0:axis]), prod(d[axis:])].
FailureOr<Value> importFlatten(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", 1);
  auto input = ctx.input(0);
  if (failed(axis) || failed(input))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  if (*axis < -rank || *axis > rank)
    return ctx.unsupported() << "'axis' value is " << *axis << ", accepted range is [" << -rank
                             << ", " << rank << "]";
  int64_t split = *axis < 0 ? *axis + rank : *axis;
  SmallVector<int64_t> target;
  if (split == 0) {
    target = {1, -1};
  } else {
    // Only dimension 0 may be dynamic, so the trailing product is static.
    int64_t inner = 1;
    for (int64_t d : shape.drop_front(split))
      inner *= d; // bounded: the input passed the 2^38 element check
    if (inner == 0)
      return ctx.unsupported() << "flattening an empty tensor is not supported";
    target = {-1, inner};
  }
  return buildReshape(ctx.builder, ctx.loc, *input, target);
}

FailureOr<Value> importReshape(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({"allowzero"})))
    return failure();
  auto allowZero = ctx.getInt("allowzero", 0);
  auto input = ctx.input(0);
  if (failed(allowZero) || failed(input))
    return failure();
  if (*allowZero != 0)
    return ctx.unsupported() << "'allowzero' value is " << *allowZero << ", accepted: 0";
  auto target = ctx.constantInts(1);
  if (failed(target))
    return failure();
  return buildReshape(ctx.builder, ctx.loc, *input, *target);
}

template <bool kLog> FailureOr<Value> importSoftmax(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  // Before opset 13 Softmax flattens the input to 2-D at `axis` (default 1),
  // which is dlc's softmax only when `axis` is the last dimension.
  bool coerces2d = ctx.opset < 13;
  auto axis = ctx.getInt("axis", coerces2d ? 1 : -1);
  auto input = ctx.input(0);
  if (failed(axis) || failed(input))
    return failure();
  int64_t rank = static_cast<int64_t>(shapeOf(*input).size());
  if (coerces2d && *axis != -1 && *axis != rank - 1)
    return ctx.unsupported() << "'axis' value is " << *axis << " for a rank-" << rank
                             << " input; before opset 13 only the last axis (" << rank - 1
                             << " or -1) is supported";
  return buildSoftmax(ctx.builder, ctx.loc, *input, *axis, kLog);
}

// InstanceNormalization: group normalization with one group per channel
// (PyTorch's GroupNorm exports as this over a [N, G, -1] view).
FailureOr<Value> importInstanceNormalization(NodeContext &ctx) {
  if (failed(ctx.expectArity(3, 3)) || failed(ctx.expectAttributes({"epsilon"})))
    return failure();
  auto input = ctx.input(0), scale = ctx.input(1), bias = ctx.input(2);
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  if (failed(input) || failed(scale) || failed(bias) || failed(epsilon))
    return failure();
  if (shapeOf(*input).size() < 3)
    return ctx.unsupported() << "input has rank " << shapeOf(*input).size()
                             << ", expected 3 or more";
  return buildGroupNorm(ctx.builder, ctx.loc, *input, *scale, *bias, shapeOf(*input)[1],
                        *epsilon);
}

FailureOr<SmallVector<int64_t>> constantIndexValues(NodeContext &ctx, int i,
                                                    SmallVectorImpl<int64_t> *dims = nullptr);

// The float32 constant input `i` (at most 16 values), or failure.
FailureOr<SmallVector<float>> constantFloats(NodeContext &ctx, int i) {
  const onnx::TensorProto *t =
      i < ctx.node.input_size() ? ctx.tensors.constant(ctx.node.input(i)) : nullptr;
  if (!t || t->data_type() != onnx::TensorProto::FLOAT || t->dims_size() > 1)
    return ctx.unsupported() << "input " << i << " must be a constant float32 1-D tensor";
  SmallVector<float> values;
  if (t->raw_data().empty()) {
    values.assign(t->float_data().begin(), t->float_data().end());
  } else {
    values.resize(t->raw_data().size() / sizeof(float));
    std::memcpy(values.data(), t->raw_data().data(), values.size() * sizeof(float));
  }
  if (values.size() > 16)
    return ctx.unsupported() << "input " << i << " has too many values";
  return values;
}

// Resize (opset 10+) and Upsample (opset 9): nearest with floor rounding
// (PyTorch's nearest) or linear (bilinear), on NCHW inputs, with constant
// scales or sizes.
FailureOr<Value> importResize(NodeContext &ctx) {
  bool upsample = ctx.node.op_type() == "Upsample";
  bool inputsV10 = upsample || ctx.opset < 11;  // (X, scales)
  if (failed(ctx.expectArity(inputsV10 ? 2 : 1, inputsV10 ? 2 : 4)) ||
      failed(ctx.expectAttributes({"coordinate_transformation_mode", "cubic_coeff_a",
                                   "exclude_outside", "extrapolation_value", "mode",
                                   "nearest_mode"})))
    return failure();
  auto input = ctx.input(0);
  auto mode = ctx.getString("mode", "nearest");
  auto coordinates =
      ctx.getString("coordinate_transformation_mode", inputsV10 ? "asymmetric" : "half_pixel");
  auto nearestMode = ctx.getString("nearest_mode", inputsV10 ? "floor" : "round_prefer_floor");
  auto excludeOutside = ctx.getInt("exclude_outside", 0);
  if (failed(input) || failed(mode) || failed(coordinates) || failed(nearestMode) ||
      failed(excludeOutside) || failed(expect2d(ctx, *input)))
    return failure();
  std::string kind = *mode == "bilinear" ? "linear" : *mode;
  if (kind != "nearest" && kind != "linear")
    return ctx.unsupported() << "'mode' value is '" << *mode << "', accepted: nearest, linear";
  if (kind == "nearest" && *nearestMode != "floor")
    return ctx.unsupported() << "'nearest_mode' value is '" << *nearestMode
                             << "', accepted: floor (PyTorch's nearest)";
  if (*excludeOutside != 0)
    return ctx.unsupported() << "'exclude_outside' must be 0";
  ArrayRef<int64_t> shape = shapeOf(*input);
  SmallVector<int64_t> size;
  int sizesInput = inputsV10 ? -1 : 3, scalesInput = inputsV10 ? 1 : 2;
  if (sizesInput > 0 && sizesInput < ctx.node.input_size() && !ctx.node.input(sizesInput).empty()) {
    auto sizes = constantIndexValues(ctx, sizesInput);
    if (failed(sizes))
      return failure();
    bool keepsBatch = shape[0] == ShapedType::kDynamic || (*sizes)[0] == shape[0];
    if (sizes->size() != 4 || !keepsBatch || (*sizes)[1] != shape[1])
      return ctx.unsupported() << "'sizes' must be 4 values that keep the batch and channels";
    size = {(*sizes)[2], (*sizes)[3]};
  } else {
    auto scales = constantFloats(ctx, scalesInput);
    if (failed(scales))
      return failure();
    if (scales->size() != 4 || (*scales)[0] != 1.f || (*scales)[1] != 1.f)
      return ctx.unsupported() << "'scales' must be 4 values with 1 for batch and channels";
    for (int d = 0; d < 2; ++d) {
      double extent = std::floor(double(shape[2 + d]) * (*scales)[2 + d]);
      if (!(extent >= 1 && extent <= double(int64_t(1) << 30)))
        return ctx.unsupported() << "scale " << (*scales)[2 + d] << " gives an empty or huge output";
      size.push_back(static_cast<int64_t>(extent));
    }
  }
  return buildResize(ctx.builder, ctx.loc, *input, size, kind, *coordinates);
}

FailureOr<Value> importLrn(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) ||
      failed(ctx.expectAttributes({"alpha", "beta", "bias", "size"})))
    return failure();
  if (!ctx.hasAttribute("size"))
    return ctx.unsupported() << "needs attribute 'size'";
  auto size = ctx.getInt("size", 0);
  auto alpha = ctx.getFloat("alpha", 1e-4f), beta = ctx.getFloat("beta", 0.75f);
  auto bias = ctx.getFloat("bias", 1.f);
  auto input = ctx.input(0);
  if (failed(size) || failed(alpha) || failed(beta) || failed(bias) || failed(input))
    return failure();
  return buildLrn(ctx.builder, ctx.loc, *input, *size, *alpha, *beta, *bias);
}

// Pad in constant mode; all-zero pads (what torch.onnx emits before some
// AveragePools) are a no-op.
FailureOr<Value> importPad(NodeContext &ctx) {
  bool padsAsInput = ctx.opset >= 11;  // before opset 11 pads are an attribute
  static const StringRef kPadsInput[] = {"mode"};
  static const StringRef kPadsAttribute[] = {"mode", "pads", "value"};
  ArrayRef<StringRef> accepted = padsAsInput ? ArrayRef<StringRef>(kPadsInput)
                                             : ArrayRef<StringRef>(kPadsAttribute);
  if (failed(ctx.expectArity(padsAsInput ? 2 : 1, padsAsInput ? 3 : 1)) ||
      failed(ctx.expectAttributes(accepted)))
    return failure();
  auto mode = ctx.getString("mode", "constant");
  auto input = ctx.input(0);
  if (failed(mode) || failed(input))
    return failure();
  if (*mode != "constant")
    return ctx.unsupported() << "'mode' value is '" << *mode << "', accepted: constant";
  auto pads = padsAsInput ? ctx.constantInts(1) : ctx.getInts("pads", {});
  if (failed(pads))
    return failure();
  std::optional<float> value;
  if (padsAsInput) {
    if (failed(ctx.constantScalar(2, value)))
      return failure();
  } else {
    auto attribute = ctx.getFloat("value", 0.f);
    if (failed(attribute))
      return failure();
    value = *attribute;
  }
  if (llvm::all_of(*pads, [](int64_t p) { return p == 0; }))
    return *input;
  return buildPad(ctx.builder, ctx.loc, *input, *pads, value.value_or(0.f));
}

// The int64 constant input `i` (any rank, at most 16 values), or failure.
FailureOr<SmallVector<int64_t>> constantIndexValues(NodeContext &ctx, int i,
                                                    SmallVectorImpl<int64_t> *dims) {
  const onnx::TensorProto *t =
      i < ctx.node.input_size() ? ctx.tensors.constant(ctx.node.input(i)) : nullptr;
  if (!t || t->data_type() != onnx::TensorProto::INT64 || t->dims_size() > 1)
    return ctx.unsupported() << "input " << i << " must be a constant int64 scalar or 1-D tensor";
  SmallVector<int64_t> values = int64Values(*t);
  if (values.size() > 16)
    return ctx.unsupported() << "input " << i << " has " << values.size()
                             << " values, at most 16 are supported";
  if (dims)
    dims->assign(t->dims().begin(), t->dims().end());
  return values;
}

FailureOr<Value> importMatMul(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  auto lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (shapeOf(*lhs).size() < 2 || shapeOf(*rhs).size() < 2)
    return ctx.unsupported() << "1-D operands are not supported (ranks "
                             << shapeOf(*lhs).size() << " and " << shapeOf(*rhs).size() << ")";
  return buildMatmul(ctx.builder, ctx.loc, *lhs, *rhs);
}

FailureOr<Value> importTranspose(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"perm"})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  SmallVector<int64_t> reversed;
  for (int64_t d = static_cast<int64_t>(shapeOf(*input).size()) - 1; d >= 0; --d)
    reversed.push_back(d);
  auto perm = ctx.getInts("perm", reversed);
  if (failed(perm))
    return failure();
  return buildTranspose(ctx.builder, ctx.loc, *input, *perm);
}

// The `axes` of Reduce*, Squeeze and Unsqueeze: constant input 1 when
// `axesInput` (newer opsets), else the attribute; empty when absent.
LogicalResult readAxes(NodeContext &ctx, bool axesInput, SmallVectorImpl<int64_t> &axes) {
  FailureOr<SmallVector<int64_t>> values = SmallVector<int64_t>();
  if (axesInput && ctx.node.input_size() > 1 && !ctx.node.input(1).empty())
    values = constantIndexValues(ctx, 1);
  else if (!axesInput)
    values = ctx.getInts("axes", {});
  if (failed(values))
    return failure();
  axes.assign(values->begin(), values->end());
  return success();
}

// ReduceSum takes its axes as an input from opset 13; the others until
// opset 18 (beyond what dlc accepts) as an attribute.
template <typename ReduceOp> FailureOr<Value> importReduce(NodeContext &ctx) {
  bool axesInput = std::is_same_v<ReduceOp, ReduceSumOp> && ctx.opset >= 13;
  if (failed(ctx.expectArity(1, axesInput ? 2 : 1)) ||
      failed(ctx.expectAttributes(axesInput
                                      ? ArrayRef<StringRef>{"keepdims", "noop_with_empty_axes"}
                                      : ArrayRef<StringRef>{"axes", "keepdims"})))
    return failure();
  auto input = ctx.input(0);
  auto keepdims = ctx.getInt("keepdims", 1);
  auto noop = ctx.getInt("noop_with_empty_axes", 0);
  if (failed(input) || failed(keepdims) || failed(noop))
    return failure();
  SmallVector<int64_t> axes;
  if (failed(readAxes(ctx, axesInput, axes)))
    return failure();
  if (axes.empty()) {
    if (*noop != 0)
      return *input;
    for (int64_t d = 0; d < static_cast<int64_t>(shapeOf(*input).size()); ++d)
      axes.push_back(d);  // no axes: all of them
  }
  return buildReduce(ctx.builder, ctx.loc, ReduceOp::getOperationName(), *input, axes,
                     *keepdims != 0);
}

// Slice (opset 10+: starts, ends, axes, steps as constant inputs) becomes
// dlc.slice with ONNX's clamping of negative and out-of-range bounds.
FailureOr<Value> importSlice(NodeContext &ctx) {
  if (ctx.opset < 10)
    return ctx.unsupported() << "the attribute form (before opset 10) is not supported";
  if (failed(ctx.expectArity(3, 5)) || failed(ctx.expectAttributes({})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  auto starts = constantIndexValues(ctx, 1), ends = constantIndexValues(ctx, 2);
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t> axes, steps(starts->size(), 1);
  for (size_t i = 0; i < starts->size(); ++i)
    axes.push_back(static_cast<int64_t>(i));
  bool hasAxes = ctx.node.input_size() > 3 && !ctx.node.input(3).empty();
  bool hasSteps = ctx.node.input_size() > 4 && !ctx.node.input(4).empty();
  if (hasAxes) {
    auto values = constantIndexValues(ctx, 3);
    if (failed(values))
      return failure();
    axes = *values;
  }
  if (hasSteps) {
    auto values = constantIndexValues(ctx, 4);
    if (failed(values))
      return failure();
    steps = *values;
  }
  if (ends->size() != starts->size() || axes.size() != starts->size() ||
      steps.size() != starts->size())
    return ctx.unsupported() << "'starts', 'ends', 'axes' and 'steps' differ in length";
  SmallVector<int64_t> offsets(rank, 0), sizes(shape), strides(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank)
      return ctx.unsupported() << "axis " << axes[i] << " is out of range for rank " << rank;
    if (steps[i] <= 0)
      return ctx.unsupported() << "step " << steps[i] << " is not supported (positive only)";
    int64_t extent = shape[axis];
    if (extent == ShapedType::kDynamic)
      return ctx.unsupported() << "slicing the dynamic batch dimension is not supported";
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v = v < -extent ? 0 : v + extent;
      return std::min(v, extent);
    };
    int64_t start = clampIndex((*starts)[i]), end = clampIndex((*ends)[i]);
    offsets[axis] = start;
    strides[axis] = steps[i];
    // (end - start - 1) / step + 1: no overflow for any positive step.
    sizes[axis] = end > start ? (end - start - 1) / steps[i] + 1 : 0;
  }
  for (int64_t d = 0; d < rank; ++d)
    if (sizes[d] == ShapedType::kDynamic)
      sizes[d] = -1;
  return buildSlice(ctx.builder, ctx.loc, *input, offsets, sizes, strides);
}

// Unsqueeze and Squeeze of a computed tensor: a reshape.
FailureOr<Value> importSqueeze(NodeContext &ctx) {
  bool unsqueeze = ctx.node.op_type() == "Unsqueeze";
  bool axesInput = ctx.opset >= 13;
  if (failed(ctx.expectArity(unsqueeze && axesInput ? 2 : 1, axesInput ? 2 : 1)) ||
      failed(ctx.expectAttributes(axesInput ? ArrayRef<StringRef>{}
                                            : ArrayRef<StringRef>{"axes"})))
    return failure();
  auto input = ctx.input(0);
  if (failed(input))
    return failure();
  SmallVector<int64_t> axes;
  if (failed(readAxes(ctx, axesInput, axes)))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  SmallVector<int64_t> target;
  if (unsqueeze) {
    int64_t outRank = rank + static_cast<int64_t>(axes.size());
    SmallVector<bool> inserted(outRank, false);
    for (int64_t a : axes) {
      int64_t d = a < 0 ? a + outRank : a;
      if (d < 0 || d >= outRank || inserted[d])
        return ctx.unsupported() << "'axes' value " << a << " is out of range or repeated";
      inserted[d] = true;
    }
    for (int64_t d = 0, next = 0; d < outRank; ++d)
      target.push_back(inserted[d] ? 1 : (shape[next++] == ShapedType::kDynamic ? 0 : shape[next - 1]));
  } else {
    SmallVector<bool> removed(rank, false);
    for (int64_t a : axes) {
      int64_t d = a < 0 ? a + rank : a;
      if (d < 0 || d >= rank || shape[d] != 1)
        return ctx.unsupported() << "'axes' value " << a << " is not a dimension of extent 1";
      removed[d] = true;
    }
    for (int64_t d = 0; d < rank; ++d)
      if (axes.empty() ? shape[d] != 1 : !removed[d])
        target.push_back(shape[d] == ShapedType::kDynamic ? 0 : shape[d]);
  }
  return buildReshape(ctx.builder, ctx.loc, *input, target);
}

// Expand of a computed tensor to a constant shape.
FailureOr<Value> importExpand(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  auto input = ctx.input(0);
  auto shape = constantIndexValues(ctx, 1);
  if (failed(input) || failed(shape))
    return failure();
  return buildBroadcast(ctx.builder, ctx.loc, *input, *shape);
}

// Gather of a computed tensor at constant indices: each index is a slice of
// extent 1 along `axis`; a scalar index then drops the axis.
FailureOr<Value> importGather(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto input = ctx.input(0);
  auto axisAttr = ctx.getInt("axis", 0);
  if (failed(input) || failed(axisAttr))
    return failure();
  if (!ctx.tensors.constant(ctx.node.input(1))) {
    // Run-time indices: an embedding lookup.
    auto indices = ctx.input(1);
    if (failed(indices))
      return failure();
    if (!cast<ShapedType>(indices->getType()).getElementType().isInteger(64))
      return ctx.unsupported() << "indices computed at run time must be an int64 graph input";
    return buildGather(ctx.builder, ctx.loc, *input, *indices, *axisAttr);
  }
  SmallVector<int64_t> indexDims;
  auto indices = constantIndexValues(ctx, 1, &indexDims);
  if (failed(indices))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t axis = *axisAttr < 0 ? *axisAttr + rank : *axisAttr;
  if (axis < 0 || axis >= rank || shape[axis] == ShapedType::kDynamic)
    return ctx.unsupported() << "'axis' value " << *axisAttr << " is out of range or dynamic";
  SmallVector<Value> pieces;
  for (int64_t index : *indices) {
    int64_t i = index < 0 ? index + shape[axis] : index;
    if (i < 0 || i >= shape[axis])
      return ctx.unsupported() << "index " << index << " is out of range [0, " << shape[axis]
                               << ")";
    SmallVector<int64_t> offsets(rank, 0), sizes(shape), strides(rank, 1);
    for (int64_t &s : sizes)
      s = s == ShapedType::kDynamic ? -1 : s;
    offsets[axis] = i;
    sizes[axis] = 1;
    auto piece = buildSlice(ctx.builder, ctx.loc, *input, offsets, sizes, strides);
    if (failed(piece))
      return failure();
    pieces.push_back(*piece);
  }
  if (pieces.empty())
    return ctx.unsupported() << "no indices";
  FailureOr<Value> gathered =
      pieces.size() == 1 ? FailureOr<Value>(pieces[0]) : buildConcat(ctx.builder, ctx.loc, pieces, axis);
  if (failed(gathered) || !indexDims.empty())
    return gathered;
  SmallVector<int64_t> target;  // scalar index: drop the axis
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      target.push_back(shape[d] == ShapedType::kDynamic ? 0 : shape[d]);
  return buildReshape(ctx.builder, ctx.loc, *gathered, target);
}

// Split along `axis` into the sizes of `split` (an attribute before opset
// 13, an input after), or into equal parts: one dlc.slice per output.
FailureOr<Value> importSplit(NodeContext &ctx) {
  bool splitInput = ctx.opset >= 13;
  int outputs = ctx.node.output_size();
  if (failed(ctx.expectArity(1, splitInput ? 2 : 1, outputs)) ||
      failed(ctx.expectAttributes(splitInput ? ArrayRef<StringRef>{"axis"}
                                             : ArrayRef<StringRef>{"axis", "split"})))
    return failure();
  auto input = ctx.input(0);
  auto axisAttr = ctx.getInt("axis", 0);
  if (failed(input) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t axis = *axisAttr < 0 ? *axisAttr + rank : *axisAttr;
  if (axis < 0 || axis >= rank || shape[axis] == ShapedType::kDynamic)
    return ctx.unsupported() << "'axis' value " << *axisAttr << " is out of range or dynamic";
  SmallVector<int64_t> sizes;
  if (splitInput && ctx.node.input_size() > 1 && !ctx.node.input(1).empty()) {
    auto values = constantIndexValues(ctx, 1);
    if (failed(values))
      return failure();
    sizes = *values;
  } else if (!splitInput && ctx.hasAttribute("split")) {
    auto values = ctx.getInts("split", {});
    if (failed(values))
      return failure();
    sizes = *values;
  } else {
    if (shape[axis] % outputs != 0)
      return ctx.unsupported() << "dimension " << axis << " (" << shape[axis]
                               << ") does not split into " << outputs << " equal parts";
    sizes.assign(outputs, shape[axis] / outputs);
  }
  // Each size is at most the dimension (a negative or larger one fails the
  // check below), so the sum cannot overflow.
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s < 0 || s > shape[axis] ? shape[axis] + 1 : s;
  if (static_cast<int>(sizes.size()) != outputs || total != shape[axis])
    return ctx.unsupported() << "the split sizes do not add up to dimension " << axis << " ("
                             << shape[axis] << ") over " << outputs << " outputs";
  SmallVector<Value> parts;
  int64_t offset = 0;
  for (int64_t size : sizes) {
    SmallVector<int64_t> offsets(rank, 0), extents(shape), strides(rank, 1);
    for (int64_t &e : extents)
      e = e == ShapedType::kDynamic ? -1 : e;
    offsets[axis] = offset;
    extents[axis] = size;
    auto part = buildSlice(ctx.builder, ctx.loc, *input, offsets, extents, strides);
    if (failed(part))
      return failure();
    parts.push_back(*part);
    offset += size;
  }
  ctx.moreResults.assign(parts.begin() + 1, parts.end());
  return parts.front();
}

// Tile: each repeated dimension d becomes [.., 1, d, ..] broadcast to
// [.., r, d, ..] and merged back, so a tile is views and broadcasts.
FailureOr<Value> importTile(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  auto input = ctx.input(0);
  auto repeats = constantIndexValues(ctx, 1);
  if (failed(input) || failed(repeats))
    return failure();
  Value current = *input;
  size_t rank = shapeOf(current).size();
  if (repeats->size() != rank)
    return ctx.unsupported() << "'repeats' has " << repeats->size() << " values, expected "
                             << rank;
  for (size_t d = 0; d < rank; ++d) {
    int64_t r = (*repeats)[d];
    if (r < 1)
      return ctx.unsupported() << "repeat " << r << " is not supported (positive only)";
    if (r == 1)
      continue;
    SmallVector<int64_t> shape(shapeOf(current));
    if (shape[d] == ShapedType::kDynamic)
      return ctx.unsupported() << "tiling the dynamic batch dimension is not supported";
    SmallVector<int64_t> withUnit(shape), expanded(shape), merged(shape);
    withUnit.insert(withUnit.begin() + d, 1);
    expanded.insert(expanded.begin() + d, r);
    merged[d] *= r;
    for (auto *list : {&withUnit, &merged})
      for (int64_t &e : *list)
        e = e == ShapedType::kDynamic ? 0 : e;
    for (int64_t &e : expanded)
      e = e == ShapedType::kDynamic ? 1 : e;
    auto lifted = buildReshape(ctx.builder, ctx.loc, current, withUnit);
    if (failed(lifted))
      return failure();
    auto broadcast = buildBroadcast(ctx.builder, ctx.loc, *lifted, expanded);
    if (failed(broadcast))
      return failure();
    auto flat = buildReshape(ctx.builder, ctx.loc, *broadcast, merged);
    if (failed(flat))
      return failure();
    current = *flat;
  }
  return current;
}

// Cast between float types of a computed tensor is the identity (dlc
// computes in float32).
// Whether node input `i` is a mask (dlc's bool tensor, 1.0 / 0.0): a
// comparison's result, an And/Or of masks, or a constant bool tensor.
bool isMaskInput(NodeContext &ctx, int i, Value v) {
  if (const onnx::TensorProto *t = ctx.tensors.constant(ctx.node.input(i)))
    return t->data_type() == onnx::TensorProto::BOOL;
  std::function<bool(Value)> isMask = [&](Value value) {
    Operation *def = value.getDefiningOp();
    if (!def)
      return false;
    if (isa<EqualOp, LessOp, LessEqualOp, GreaterOp, GreaterEqualOp>(def))
      return true;
    return isa<MulOp, MaxOp>(def) && isMask(def->getOperand(0)) && isMask(def->getOperand(1));
  };
  return isMask(v);
}

FailureOr<Value> importCast(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"to", "saturate"})))
    return failure();
  auto to = ctx.getInt("to", 0);
  auto input = ctx.input(0);
  if (failed(to) || failed(input))
    return failure();
  // dlc's bool tensors are float masks (1.0 / 0.0): a cast between the
  // two keeps the values.
  if (*to == onnx::TensorProto::BOOL && isMaskInput(ctx, 0, *input))
    return *input;
  if (*to != onnx::TensorProto::FLOAT)
    return ctx.unsupported() << "cast of a computed tensor to ONNX type " << *to
                             << " is not supported (float32, or bool for a comparison's result)";
  return *input;
}

// Where(cond, x, y): cond a comparison's mask or a constant bool tensor.
FailureOr<Value> importWhere(NodeContext &ctx) {
  if (failed(ctx.expectArity(3, 3)) || failed(ctx.expectAttributes({})))
    return failure();
  auto cond = ctx.input(0), a = ctx.input(1), b = ctx.input(2);
  if (failed(cond) || failed(a) || failed(b))
    return failure();
  return buildWhere(ctx.builder, ctx.loc, *cond, *a, *b);
}

// And and Or of masks are their product and maximum.
template <typename BinaryOp> FailureOr<Value> importLogical(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  auto lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (!isMaskInput(ctx, 0, *lhs) || !isMaskInput(ctx, 1, *rhs))
    return ctx.unsupported() << "needs bool inputs: comparison results or constants";
  return buildBinary(ctx.builder, ctx.loc, BinaryOp::getOperationName(), *lhs, *rhs);
}

FailureOr<Value> importLayerNormalization(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes({"axis", "epsilon", "stash_type"})))
    return failure();
  auto input = ctx.input(0), scale = ctx.input(1), bias = ctx.input(2);
  auto axis = ctx.getInt("axis", -1);
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  if (failed(input) || failed(scale) || failed(bias) || failed(axis) || failed(epsilon))
    return failure();
  return buildLayerNorm(ctx.builder, ctx.loc, *input, *scale, *bias, *axis, *epsilon);
}

// Pow by a constant 2, 1 or 0.5 (the decomposed LayerNorm's squares) is a
// product, the input or a square root: Halide's pow is scalar libm code.
FailureOr<Value> importPow(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  auto base = ctx.input(0);
  if (failed(base))
    return failure();
  const onnx::TensorProto *t = ctx.tensors.constant(ctx.node.input(1));
  int64_t count = 1;
  if (t)
    for (int64_t d : t->dims())
      count *= d;
  if (t && t->data_type() == onnx::TensorProto::FLOAT && count == 1) {
    std::optional<float> exponent;
    if (failed(ctx.constantScalar(1, exponent)))
      return failure();
    if (*exponent == 2.f)
      return buildBinary(ctx.builder, ctx.loc, MulOp::getOperationName(), *base, *base);
    if (*exponent == 1.f)
      return *base;
    if (*exponent == 0.5f)
      return buildUnary(ctx.builder, ctx.loc, SqrtOp::getOperationName(), *base);
  }
  auto exponent = ctx.input(1);
  if (failed(exponent))
    return failure();
  return buildBinary(ctx.builder, ctx.loc, PowOp::getOperationName(), *base, *exponent);
}

// Shape reaches here only when its input has a dynamic dimension.
FailureOr<Value> importShape(NodeContext &ctx) {
  return ctx.unsupported() << "the shape of '" << ctx.node.input(0)
                           << "' is not static; fix the batch with --batch N (or the input "
                              "with --input-shape)";
}

// Identity: the output is the input.
FailureOr<Value> importIdentity(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  return ctx.input(0);
}

// Whether input `i` is a constant bool scalar that is true (absent: false).
FailureOr<bool> constantTrue(NodeContext &ctx, int i) {
  if (i >= ctx.node.input_size() || ctx.node.input(i).empty())
    return false;
  const onnx::TensorProto *t = ctx.tensors.constant(ctx.node.input(i));
  bool scalar = t && t->data_type() == onnx::TensorProto::BOOL &&
                (t->raw_data().size() == 1 || t->int32_data_size() == 1);
  if (!scalar)
    return ctx.unsupported() << "input " << i << " ('" << ctx.node.input(i)
                             << "') must be a bool scalar initializer or Constant";
  return t->raw_data().empty() ? t->int32_data(0) != 0 : t->raw_data()[0] != 0;
}

// Dropout: the identity, except in a model exported in training mode
// (training_mode true, opset 12 on), where it becomes dlc.dropout, which
// drops in a training step only. The mask output may be named but must stay
// unused; the 'seed' attribute gives way to dlc's --seed.
FailureOr<Value> importDropout(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 3, 2)) || failed(ctx.expectAttributes({"ratio", "seed"})))
    return failure();
  FailureOr<Value> input = ctx.input(0);
  if (failed(input) || ctx.opset < 12)
    return input;
  FailureOr<bool> training = constantTrue(ctx, 2);
  if (failed(training))
    return failure();
  if (!*training)
    return input;  // the ratio does not matter
  std::optional<float> ratio;
  if (failed(ctx.constantScalar(1, ratio)))
    return failure();
  return buildDropout(ctx.builder, ctx.loc, *input, ratio.value_or(0.5f));
}

struct Entry {
  StringRef opType;
  NodeImporter importer;
};

// Sorted by op type. Constant is handled by the graph importer.
const Entry kImporters[] = {
    {"Abs", importUnary<AbsOp>},
    {"Add", importBinary<AddOp>},
    {"AveragePool", importPool<true>},
    {"BatchNormalization", importBatchNormalization},
    {"And", importLogical<MulOp>},
    {"Cast", importCast},
    {"Clip", importClip},
    {"Concat", importConcat},
    {"Conv", importConv},
    {"ConvTranspose", importConvTranspose},
    {"Div", importBinary<DivOp>},
    {"Dropout", importDropout},
    {"Elu", importParamUnary<EluOp>},
    {"Equal", importBinary<EqualOp>},
    {"Erf", importUnary<ErfOp>},
    {"Exp", importUnary<ExpOp>},
    {"Expand", importExpand},
    {"Flatten", importFlatten},
    {"Gather", importGather},
    {"Gemm", importGemm},
    {"GlobalAveragePool", importGlobalAveragePool},
    {"Greater", importBinary<GreaterOp>},
    {"GreaterOrEqual", importBinary<GreaterEqualOp>},
    {"HardSigmoid", importParamUnary<HardSigmoidOp>},
    {"HardSwish", importUnary<HardSwishOp>},
    {"Identity", importIdentity},
    {"InstanceNormalization", importInstanceNormalization},
    {"LRN", importLrn},
    {"LayerNormalization", importLayerNormalization},
    {"LeakyRelu", importParamUnary<LeakyReluOp>},
    {"Less", importBinary<LessOp>},
    {"LessOrEqual", importBinary<LessEqualOp>},
    {"Log", importUnary<LogOp>},
    {"LogSoftmax", importSoftmax<true>},
    {"MatMul", importMatMul},
    {"Max", importBinary<MaxOp, true>},
    {"MaxPool", importPool<false>},
    {"Min", importBinary<MinOp, true>},
    {"Mul", importBinary<MulOp>},
    {"Neg", importUnary<NegOp>},
    {"Or", importLogical<MaxOp>},
    {"PRelu", importPrelu},
    {"Pad", importPad},
    {"Pow", importPow},
    {"ReduceMax", importReduce<ReduceMaxOp>},
    {"ReduceMean", importReduce<ReduceMeanOp>},
    {"ReduceMin", importReduce<ReduceMinOp>},
    {"ReduceSum", importReduce<ReduceSumOp>},
    {"Relu", importUnary<ReluOp>},
    {"Reshape", importReshape},
    {"Resize", importResize},
    {"Shape", importShape},
    {"Sigmoid", importUnary<SigmoidOp>},
    {"Slice", importSlice},
    {"Softmax", importSoftmax<false>},
    {"Softplus", importUnary<SoftplusOp>},
    {"Split", importSplit},
    {"Sqrt", importUnary<SqrtOp>},
    {"Squeeze", importSqueeze},
    {"Sub", importBinary<SubOp>},
    {"Sum", importBinary<AddOp, true>},
    {"Tanh", importUnary<TanhOp>},
    {"Tile", importTile},
    {"Transpose", importTranspose},
    {"Unsqueeze", importSqueeze},
    {"Upsample", importResize},
    {"Where", importWhere},
};

} // namespace

NodeImporter findNodeImporter(StringRef opType) {
  for (const Entry &e : kImporters)
    if (e.opType == opType)
      return e.importer;
  return nullptr;
}

} // namespace dlc::onnx_import
