#include "frontends/onnx/OnnxNodes.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

#include "dialects/dlc/IR/DLCOps.h"
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

FailureOr<Value> importConv(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes(
          {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"})) ||
      failed(checkAutoPad(ctx)))
    return failure();
  auto input = ctx.input(0), weight = ctx.input(1), bias = ctx.input(2);
  if (failed(input) || failed(weight) || failed(bias) || failed(expect2d(ctx, *input)))
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
  if (failed(input) || failed(expect2d(ctx, *input)))
    return failure();
  if (!ctx.hasAttribute("kernel_shape"))
    return ctx.unsupported() << "needs attribute 'kernel_shape' (2 ints)";
  auto kernel = ctx.getInts("kernel_shape", {});
  auto strides = ctx.getInts("strides", {1, 1});
  auto pads = ctx.getInts("pads", {0, 0, 0, 0});
  auto ceilMode = ctx.getInt("ceil_mode", 0);
  auto storageOrder = ctx.getInt("storage_order", 0);
  auto dilations = ctx.getInts("dilations", {1, 1});
  auto countPad = ctx.getInt("count_include_pad", 0);
  if (failed(kernel) || failed(strides) || failed(pads) || failed(ceilMode) ||
      failed(storageOrder) || failed(dilations) || failed(countPad) ||
      failed(checkCount(ctx, "kernel_shape", *kernel, 2)) ||
      failed(checkCount(ctx, "strides", *strides, 2)) || failed(checkCount(ctx, "pads", *pads, 4)))
    return failure();
  // dlc's pools round the output size down and have no dilation; ceil_mode
  // becomes extra bottom/right padding, which max pooling and an average
  // that excludes padding both ignore.
  if (*ceilMode != 0 && kAverage && *countPad != 0)
    return ctx.unsupported() << "'ceil_mode' 1 with 'count_include_pad' 1 is not supported";
  if (*storageOrder != 0)
    return ctx.unsupported() << "'storage_order' value is " << *storageOrder << ", accepted: 0";
  if (llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return ctx.unsupported() << "'dilations' must all be 1";
  Pool2dAttributes attrs;
  attrs.kernel = *kernel;
  attrs.strides = *strides;
  attrs.padding = *pads;
  attrs.countIncludePad = *countPad != 0;
  if (*ceilMode != 0)
    addCeilModePadding(shapeOf(*input), attrs);
  return kAverage ? buildAvgPool2d(ctx.builder, ctx.loc, *input, attrs)
                  : buildMaxPool2d(ctx.builder, ctx.loc, *input, attrs);
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

// BatchNormalization in inference form: Y only, with the given statistics.
FailureOr<Value> importBatchNormalization(NodeContext &ctx) {
  if (failed(ctx.expectArity(5, 5)) ||
      failed(ctx.expectAttributes({"epsilon", "momentum", "spatial", "training_mode"})))
    return failure();
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  auto trainingMode = ctx.getInt("training_mode", 0), spatial = ctx.getInt("spatial", 1);
  if (failed(epsilon) || failed(trainingMode) || failed(spatial))
    return failure();
  if (*trainingMode != 0)
    return ctx.unsupported() << "'training_mode' value is " << *trainingMode
                             << ", accepted: 0 (export the model in eval mode)";
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

FailureOr<Value> importSoftmax(NodeContext &ctx) {
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
  return buildSoftmax(ctx.builder, ctx.loc, *input, *axis);
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

// Identity, and Dropout at inference: the output is the input. Dropout's
// mask output may be named but must stay unused.
FailureOr<Value> importIdentity(NodeContext &ctx) {
  bool dropout = ctx.node.op_type() == "Dropout";
  if (failed(ctx.expectArity(1, dropout ? 3 : 1, dropout ? 2 : 1)) ||
      failed(ctx.expectAttributes(dropout ? ArrayRef<StringRef>{"ratio", "seed"}
                                          : ArrayRef<StringRef>{})))
    return failure();
  return ctx.input(0);
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
    {"Clip", importClip},
    {"Concat", importConcat},
    {"Conv", importConv},
    {"Div", importBinary<DivOp>},
    {"Dropout", importIdentity},
    {"Elu", importParamUnary<EluOp>},
    {"Erf", importUnary<ErfOp>},
    {"Exp", importUnary<ExpOp>},
    {"Flatten", importFlatten},
    {"Gemm", importGemm},
    {"GlobalAveragePool", importGlobalAveragePool},
    {"HardSigmoid", importParamUnary<HardSigmoidOp>},
    {"HardSwish", importUnary<HardSwishOp>},
    {"Identity", importIdentity},
    {"LeakyRelu", importParamUnary<LeakyReluOp>},
    {"Log", importUnary<LogOp>},
    {"Max", importBinary<MaxOp, true>},
    {"MaxPool", importPool<false>},
    {"Min", importBinary<MinOp, true>},
    {"Mul", importBinary<MulOp>},
    {"Neg", importUnary<NegOp>},
    {"Pad", importPad},
    {"Pow", importBinary<PowOp>},
    {"Relu", importUnary<ReluOp>},
    {"Reshape", importReshape},
    {"Sigmoid", importUnary<SigmoidOp>},
    {"Softmax", importSoftmax},
    {"Softplus", importUnary<SoftplusOp>},
    {"Sqrt", importUnary<SqrtOp>},
    {"Sub", importBinary<SubOp>},
    {"Sum", importBinary<AddOp, true>},
    {"Tanh", importUnary<TanhOp>},
};

} // namespace

NodeImporter findNodeImporter(StringRef opType) {
  for (const Entry &e : kImporters)
    if (e.opType == opType)
      return e.importer;
  return nullptr;
}

} // namespace dlc::onnx_import
