#include "frontends/flatbuffers/NodeImporters.h"

#include <cmath>
#include <type_traits>

#include "dialects/dlc/IR/DLCOps.h"
#include "frontends/common/OpBuilders.h"

using namespace mlir;

namespace dlc {

const fb::Attribute *NodeContext::find(StringRef name) const {
  if (const auto *attributes = node.attributes())
    for (const fb::Attribute *a : *attributes)
      if (StringRef(a->name()->string_view()) == name)
        return a;
  return nullptr;
}

LogicalResult NodeContext::expectArity(size_t min, size_t max) {
  size_t outputs = node.outputs() ? node.outputs()->size() : 0;
  if (inputs.size() < min || inputs.size() > max)
    return emitError(loc) << node.op_type()->str() << " takes " << min
                          << (min == max ? "" : " to " + std::to_string(max))
                          << (max == 1 ? " input" : " inputs") << ", got " << inputs.size();
  for (size_t i = 0; i < min; ++i)
    if (!inputs[i])
      return emitError(loc) << node.op_type()->str() << " input " << i << " is required";
  if (outputs != 1)
    return emitError(loc) << node.op_type()->str() << " has 1 output, got " << outputs;
  return success();
}

LogicalResult NodeContext::expectAttributes(ArrayRef<StringRef> accepted) {
  if (const auto *attributes = node.attributes())
    for (const fb::Attribute *a : *attributes)
      if (!llvm::is_contained(accepted, StringRef(a->name()->string_view()))) {
        std::string list;
        for (StringRef name : accepted)
          list += (list.empty() ? "" : ", ") + name.str();
        return emitError(loc) << "unknown attribute '" << a->name()->str() << "' for "
                              << node.op_type()->str() << " (accepted: "
                              << (list.empty() ? "none" : list) << ")";
      }
  return success();
}

FailureOr<int64_t> NodeContext::getInt(StringRef name, int64_t defaultValue) {
  const fb::Attribute *a = find(name);
  if (!a)
    return defaultValue;
  if (a->kind() != fb::AttributeKind::Int)
    return emitError(loc) << "attribute '" << name << "' must be an int";
  return a->i();
}

FailureOr<SmallVector<int64_t>> NodeContext::getInts(StringRef name,
                                                     ArrayRef<int64_t> defaultValue) {
  const fb::Attribute *a = find(name);
  if (!a)
    return SmallVector<int64_t>(defaultValue);
  if (a->kind() != fb::AttributeKind::Ints)
    return emitError(loc) << "attribute '" << name << "' must be a list of ints";
  SmallVector<int64_t> values;
  if (a->ints())
    values.assign(a->ints()->begin(), a->ints()->end());
  return values;
}

FailureOr<float> NodeContext::getFloat(StringRef name, float defaultValue) {
  const fb::Attribute *a = find(name);
  if (!a)
    return defaultValue;
  if (a->kind() != fb::AttributeKind::Float)
    return emitError(loc) << "attribute '" << name << "' must be a float";
  return static_cast<float>(a->f());
}

FailureOr<std::string> NodeContext::getString(StringRef name, StringRef defaultValue) {
  const fb::Attribute *a = find(name);
  if (!a)
    return defaultValue.str();
  if (a->kind() != fb::AttributeKind::String || !a->s())
    return emitError(loc) << "attribute '" << name << "' must be a string";
  return a->s()->str();
}

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

// A 2-value padding [h, w] means [h, w, h, w].
SmallVector<int64_t> expandPadding(ArrayRef<int64_t> padding) {
  if (padding.size() == 2)
    return {padding[0], padding[1], padding[0], padding[1]};
  return SmallVector<int64_t>(padding);
}

FailureOr<Value> importConv2d(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes({"strides", "padding", "dilations", "groups"})))
    return failure();
  auto strides = ctx.getInts("strides", {1, 1});
  auto padding = ctx.getInts("padding", {0, 0, 0, 0});
  auto dilations = ctx.getInts("dilations", {1, 1});
  auto groups = ctx.getInt("groups", 1);
  if (failed(strides) || failed(padding) || failed(dilations) || failed(groups))
    return failure();
  Conv2dAttributes attrs;
  attrs.strides = *strides;
  attrs.padding = expandPadding(*padding);
  attrs.dilations = *dilations;
  attrs.groups = *groups;
  return buildConv2d(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2), attrs);
}

FailureOr<Value> importConvTranspose2d(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) ||
      failed(ctx.expectAttributes({"strides", "padding", "output_padding", "dilations", "groups"})))
    return failure();
  auto strides = ctx.getInts("strides", {1, 1});
  auto padding = ctx.getInts("padding", {0, 0, 0, 0});
  auto outputPadding = ctx.getInts("output_padding", {0, 0});
  auto dilations = ctx.getInts("dilations", {1, 1});
  auto groups = ctx.getInt("groups", 1);
  if (failed(strides) || failed(padding) || failed(outputPadding) || failed(dilations) ||
      failed(groups))
    return failure();
  Conv2dAttributes attrs;
  attrs.strides = *strides;
  attrs.padding = expandPadding(*padding);
  attrs.dilations = *dilations;
  attrs.groups = *groups;
  return buildConvTranspose2d(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2),
                              attrs, *outputPadding);
}

template <bool kAverage> FailureOr<Value> importPool2d(NodeContext &ctx) {
  SmallVector<StringRef> accepted = {"kernel", "strides", "padding"};
  if (kAverage)
    accepted.push_back("count_include_pad");
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes(accepted)))
    return failure();
  if (!ctx.hasAttribute("kernel"))
    return emitError(ctx.loc) << ctx.node.op_type()->str()
                              << " needs attribute 'kernel' (2 ints)";
  auto kernel = ctx.getInts("kernel", {});
  auto strides = ctx.getInts("strides", {1, 1});
  auto padding = ctx.getInts("padding", {0, 0, 0, 0});
  auto countPad = ctx.getInt("count_include_pad", 0);
  if (failed(kernel) || failed(strides) || failed(padding) || failed(countPad))
    return failure();
  Pool2dAttributes attrs;
  attrs.kernel = *kernel;
  attrs.strides = *strides;
  attrs.padding = expandPadding(*padding);
  attrs.countIncludePad = *countPad != 0;
  return kAverage ? buildAvgPool2d(ctx.builder, ctx.loc, ctx.input(0), attrs)
                  : buildMaxPool2d(ctx.builder, ctx.loc, ctx.input(0), attrs);
}

template <typename UnaryOp> FailureOr<Value> importUnary(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildUnary(ctx.builder, ctx.loc, UnaryOp::getOperationName(), ctx.input(0));
}

// LeakyRelu and Elu: one float attribute `alpha` with the dialect's default.
template <typename UnaryOp> FailureOr<Value> importAlphaUnary(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"alpha"})))
    return failure();
  auto alpha = ctx.getFloat("alpha", std::is_same_v<UnaryOp, LeakyReluOp> ? 0.01f : 1.f);
  if (failed(alpha))
    return failure();
  return buildUnary(ctx.builder, ctx.loc, UnaryOp::getOperationName(), ctx.input(0),
                    {{"alpha", *alpha}});
}

FailureOr<Value> importHardSigmoid(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"alpha", "beta"})))
    return failure();
  auto alpha = ctx.getFloat("alpha", 0.2f), beta = ctx.getFloat("beta", 0.5f);
  if (failed(alpha) || failed(beta))
    return failure();
  return buildUnary(ctx.builder, ctx.loc, HardSigmoidOp::getOperationName(), ctx.input(0),
                    {{"alpha", *alpha}, {"beta", *beta}});
}

FailureOr<Value> importClip(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"min", "max"})))
    return failure();
  auto min = ctx.getFloat("min", 0.f), max = ctx.getFloat("max", 0.f);
  if (failed(min) || failed(max))
    return failure();
  auto bound = [&](StringRef name, float value) {
    return ctx.hasAttribute(name) ? std::optional<float>(value) : std::nullopt;
  };
  return buildClip(ctx.builder, ctx.loc, ctx.input(0), bound("min", *min), bound("max", *max));
}

FailureOr<Value> importGelu(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"approximate"})))
    return failure();
  auto approximate = ctx.getString("approximate", "none");
  if (failed(approximate))
    return failure();
  return buildGelu(ctx.builder, ctx.loc, ctx.input(0), *approximate);
}

// Dropout drops in a training step only (`ratio`, default 0.5 as
// nn.Dropout); inference libraries and eval forwards skip it.
FailureOr<Value> importDropout(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"ratio"})))
    return failure();
  auto ratio = ctx.getFloat("ratio", 0.5f);
  if (failed(ratio))
    return failure();
  return buildDropout(ctx.builder, ctx.loc, ctx.input(0), *ratio);
}

FailureOr<Value> importBatchNorm(NodeContext &ctx) {
  if (failed(ctx.expectArity(5, 5)) || failed(ctx.expectAttributes({"epsilon"})))
    return failure();
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  if (failed(epsilon))
    return failure();
  return buildBatchNorm(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2),
                        ctx.input(3), ctx.input(4), *epsilon);
}

FailureOr<Value> importConcat(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1024)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  if (!ctx.hasAttribute("axis"))
    return emitError(ctx.loc) << "Concat needs attribute 'axis' (int)";
  auto axis = ctx.getInt("axis", 0);
  if (failed(axis))
    return failure();
  for (size_t i = 0; i < ctx.inputs.size(); ++i)
    if (!ctx.inputs[i])
      return emitError(ctx.loc) << "Concat input " << i << " is required";
  return buildConcat(ctx.builder, ctx.loc, ctx.inputs, *axis);
}

FailureOr<Value> importPad(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"pads", "value"})))
    return failure();
  if (!ctx.hasAttribute("pads"))
    return emitError(ctx.loc) << "Pad needs attribute 'pads' (list of ints)";
  auto pads = ctx.getInts("pads", {});
  auto value = ctx.getFloat("value", 0.f);
  if (failed(pads) || failed(value))
    return failure();
  return buildPad(ctx.builder, ctx.loc, ctx.input(0), *pads, *value);
}

FailureOr<Value> importMatMul(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildMatmul(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1));
}

// Transpose: `perm` defaults to reversing the dimensions, as in ONNX.
FailureOr<Value> importTranspose(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"perm"})))
    return failure();
  SmallVector<int64_t> reversed;
  for (int64_t d = static_cast<int64_t>(shapeOf(ctx.input(0)).size()) - 1; d >= 0; --d)
    reversed.push_back(d);
  auto perm = ctx.getInts("perm", reversed);
  if (failed(perm))
    return failure();
  return buildTranspose(ctx.builder, ctx.loc, ctx.input(0), *perm);
}

// Gather(data, indices) {axis = 0}: indices are an int64 graph input.
FailureOr<Value> importGather(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", 0);
  if (failed(axis))
    return failure();
  if (!cast<ShapedType>(ctx.input(1).getType()).getElementType().isInteger(64))
    return emitError(ctx.loc) << "Gather needs int64 indices (an int64 graph input) as input 1";
  return buildGather(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), *axis);
}

template <typename ReduceOp> FailureOr<Value> importReduce(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axes", "keepdims"})))
    return failure();
  if (!ctx.hasAttribute("axes"))
    return emitError(ctx.loc) << ctx.node.op_type()->str() << " needs attribute 'axes' (ints)";
  auto axes = ctx.getInts("axes", {});
  auto keepdims = ctx.getInt("keepdims", 1);
  if (failed(axes) || failed(keepdims))
    return failure();
  return buildReduce(ctx.builder, ctx.loc, ReduceOp::getOperationName(), ctx.input(0), *axes,
                     *keepdims != 0);
}

FailureOr<Value> importSlice(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) ||
      failed(ctx.expectAttributes({"offsets", "sizes", "strides"})))
    return failure();
  size_t rank = shapeOf(ctx.input(0)).size();
  if (!ctx.hasAttribute("offsets") || !ctx.hasAttribute("sizes"))
    return emitError(ctx.loc) << "Slice needs attributes 'offsets' and 'sizes' (ints)";
  auto offsets = ctx.getInts("offsets", {}), sizes = ctx.getInts("sizes", {});
  auto strides = ctx.getInts("strides", SmallVector<int64_t>(rank, 1));
  if (failed(offsets) || failed(sizes) || failed(strides))
    return failure();
  return buildSlice(ctx.builder, ctx.loc, ctx.input(0), *offsets, *sizes, *strides);
}

FailureOr<Value> importBroadcast(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"shape"})))
    return failure();
  if (!ctx.hasAttribute("shape"))
    return emitError(ctx.loc) << "Broadcast needs attribute 'shape' (ints)";
  auto shape = ctx.getInts("shape", {});
  if (failed(shape))
    return failure();
  return buildBroadcast(ctx.builder, ctx.loc, ctx.input(0), *shape);
}

FailureOr<Value> importLayerNorm(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) || failed(ctx.expectAttributes({"axis", "epsilon"})))
    return failure();
  auto axis = ctx.getInt("axis", -1);
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  if (failed(axis) || failed(epsilon))
    return failure();
  return buildLayerNorm(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2), *axis,
                        *epsilon);
}

// GlobalAvgPool: average pooling whose window is the whole image.
FailureOr<Value> importGlobalAvgPool(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(ctx.input(0));
  if (shape.size() != 4)
    return emitError(ctx.loc) << "GlobalAvgPool needs a 4-D NCHW input, got rank "
                              << shape.size();
  Pool2dAttributes attrs;
  attrs.kernel = {shape[2], shape[3]};
  return buildAvgPool2d(ctx.builder, ctx.loc, ctx.input(0), attrs);
}

FailureOr<Value> importLinear(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildLinear(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2));
}

template <typename BinaryOp> FailureOr<Value> importBinary(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildBinary(ctx.builder, ctx.loc, BinaryOp::getOperationName(), ctx.input(0),
                     ctx.input(1));
}

// Maxout {pieces, axis = 1}: the maximum of each group of `pieces`
// consecutive channels, as reshape + reduce_max (Goodfellow et al.'s maxout
// unit; PyTorch writes it as x.view(N, C // k, k, ...).max(2)).
FailureOr<Value> importMaxout(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"pieces", "axis"})))
    return failure();
  if (!ctx.hasAttribute("pieces"))
    return emitError(ctx.loc) << "Maxout needs attribute 'pieces' (int)";
  auto pieces = ctx.getInt("pieces", 0);
  auto axisAttr = ctx.getInt("axis", 1);
  if (failed(pieces) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(ctx.input(0));
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t axis = *axisAttr < 0 ? *axisAttr + rank : *axisAttr;
  if (axis < 1 || axis >= rank)
    return emitError(ctx.loc) << "Maxout 'axis' " << *axisAttr << " must be a dimension after "
                              << "the batch of the rank-" << rank << " input";
  if (*pieces < 1 || shape[axis] % *pieces != 0)
    return emitError(ctx.loc) << "Maxout 'pieces' " << *pieces << " must be positive and divide "
                              << "dimension " << axis << " (" << shape[axis] << ")";
  SmallVector<int64_t> grouped;
  for (int64_t d = 0; d < rank; ++d) {
    // 0 keeps a dimension (the dynamic batch) in dlc.reshape's shape.
    int64_t extent = d == 0 ? 0 : shape[d];
    if (d == axis) {
      grouped.append({shape[d] / *pieces, *pieces});
      continue;
    }
    grouped.push_back(extent);
  }
  auto reshaped = buildReshape(ctx.builder, ctx.loc, ctx.input(0), grouped);
  if (failed(reshaped))
    return failure();
  return buildReduce(ctx.builder, ctx.loc, ReduceMaxOp::getOperationName(), *reshaped,
                     {axis + 1}, /*keepdims=*/false);
}

// PositionalEncoding {base = 10000}: adds the sinusoidal table of
// "Attention Is All You Need" to x [..., S, D]: table[s, 2i] =
// sin(s / base^(2i/D)) and table[s, 2i+1] = cos(s / base^(2i/D)). The table
// is computed here, once, and becomes the weight "<node>.table".
FailureOr<Value> importPositionalEncoding(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"base"})))
    return failure();
  auto base = ctx.getFloat("base", 10000.f);
  if (failed(base))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(ctx.input(0));
  if (shape.size() < 2 || shape[shape.size() - 2] == ShapedType::kDynamic)
    return emitError(ctx.loc) << "PositionalEncoding needs an input [..., S, D] with a static S";
  if (!(*base > 1.f) || !std::isfinite(*base))
    return emitError(ctx.loc) << "PositionalEncoding 'base' must be a finite number above 1";
  int64_t positions = shape[shape.size() - 2], depth = shape.back();
  std::vector<float> table(static_cast<size_t>(positions * depth));
  for (int64_t s = 0; s < positions; ++s)
    for (int64_t i = 0; i < depth; ++i) {
      double angle = static_cast<double>(s) /
                     std::pow(static_cast<double>(*base), static_cast<double>(i - i % 2) / depth);
      table[s * depth + i] = static_cast<float>(i % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  Value weight = ctx.addConstant(ctx.node.name()->str() + ".table", {positions, depth},
                                 std::move(table));
  if (!weight)
    return failure();
  return buildBinary(ctx.builder, ctx.loc, AddOp::getOperationName(), ctx.input(0), weight);
}

// Where(cond, a, b): `cond` is a mask (a comparison's result).
FailureOr<Value> importWhere(NodeContext &ctx) {
  if (failed(ctx.expectArity(3, 3)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildWhere(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2));
}

FailureOr<Value> importReshape(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"shape"})))
    return failure();
  if (!ctx.hasAttribute("shape"))
    return emitError(ctx.loc) << "Reshape needs attribute 'shape' (list of ints)";
  auto target = ctx.getInts("shape", {});
  if (failed(target))
    return failure();
  return buildReshape(ctx.builder, ctx.loc, ctx.input(0), *target);
}

// Flatten(axis): dimensions before `axis` are kept, the rest become one.
FailureOr<Value> importFlatten(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", 1);
  if (failed(axis))
    return failure();
  int64_t rank = static_cast<int64_t>(shapeOf(ctx.input(0)).size());
  if (*axis < 0 || *axis > rank)
    return emitError(ctx.loc) << "'axis' value is " << *axis << ", accepted range is [0, "
                              << rank << "]";
  SmallVector<int64_t> target(*axis, 0);
  target.push_back(-1);
  if (*axis == 0)
    target.insert(target.begin(), 1);
  return buildReshape(ctx.builder, ctx.loc, ctx.input(0), target);
}

template <bool kLog> FailureOr<Value> importSoftmax(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", -1);
  if (failed(axis))
    return failure();
  return buildSoftmax(ctx.builder, ctx.loc, ctx.input(0), *axis, kLog);
}

FailureOr<Value> importGroupNorm(NodeContext &ctx) {
  if (failed(ctx.expectArity(3, 3)) || failed(ctx.expectAttributes({"groups", "epsilon"})))
    return failure();
  if (!ctx.hasAttribute("groups"))
    return emitError(ctx.loc) << "GroupNorm needs attribute 'groups' (int)";
  auto groups = ctx.getInt("groups", 1);
  auto epsilon = ctx.getFloat("epsilon", 1e-5f);
  if (failed(groups) || failed(epsilon))
    return failure();
  return buildGroupNorm(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2), *groups,
                        *epsilon);
}

FailureOr<Value> importResize(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) ||
      failed(ctx.expectAttributes({"size", "mode", "coordinate_mode"})))
    return failure();
  if (!ctx.hasAttribute("size"))
    return emitError(ctx.loc) << "Resize needs attribute 'size' (2 ints)";
  auto size = ctx.getInts("size", {});
  auto mode = ctx.getString("mode", "nearest");
  auto coordinates = ctx.getString("coordinate_mode", "asymmetric");
  if (failed(size) || failed(mode) || failed(coordinates))
    return failure();
  return buildResize(ctx.builder, ctx.loc, ctx.input(0), *size, *mode, *coordinates);
}

FailureOr<Value> importAttention(NodeContext &ctx) {
  if (failed(ctx.expectArity(3, 4)) || failed(ctx.expectAttributes({"scale", "causal"})))
    return failure();
  auto scale = ctx.getFloat("scale", 1.f);
  auto causal = ctx.getInt("causal", 0);
  if (failed(scale) || failed(causal))
    return failure();
  return buildAttention(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2),
                        ctx.input(3), *scale, *causal != 0);
}

FailureOr<Value> importLrn(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) ||
      failed(ctx.expectAttributes({"size", "alpha", "beta", "bias"})))
    return failure();
  if (!ctx.hasAttribute("size"))
    return emitError(ctx.loc) << "Lrn needs attribute 'size' (int)";
  auto size = ctx.getInt("size", 0);
  auto alpha = ctx.getFloat("alpha", 1e-4f), beta = ctx.getFloat("beta", 0.75f);
  auto bias = ctx.getFloat("bias", 1.f);
  if (failed(size) || failed(alpha) || failed(beta) || failed(bias))
    return failure();
  return buildLrn(ctx.builder, ctx.loc, ctx.input(0), *size, *alpha, *beta, *bias);
}

struct Entry {
  StringRef opType;
  NodeImporter importer;
};

// Sorted by op type.
const Entry kImporters[] = {
    {"Abs", importUnary<AbsOp>},
    {"Add", importBinary<AddOp>},
    {"Attention", importAttention},
    {"AvgPool2d", importPool2d<true>},
    {"BatchNorm", importBatchNorm},
    {"Broadcast", importBroadcast},
    {"Clip", importClip},
    {"Concat", importConcat},
    {"Conv2d", importConv2d},
    {"ConvTranspose2d", importConvTranspose2d},
    {"Div", importBinary<DivOp>},
    {"Dropout", importDropout},
    {"Elu", importAlphaUnary<EluOp>},
    {"Equal", importBinary<EqualOp>},
    {"Erf", importUnary<ErfOp>},
    {"Exp", importUnary<ExpOp>},
    {"Flatten", importFlatten},
    {"Gather", importGather},
    {"Gelu", importGelu},
    {"GlobalAvgPool", importGlobalAvgPool},
    {"Greater", importBinary<GreaterOp>},
    {"GreaterEqual", importBinary<GreaterEqualOp>},
    {"GroupNorm", importGroupNorm},
    {"HardSigmoid", importHardSigmoid},
    {"HardSwish", importUnary<HardSwishOp>},
    {"LayerNorm", importLayerNorm},
    {"LeakyRelu", importAlphaUnary<LeakyReluOp>},
    {"Less", importBinary<LessOp>},
    {"LessEqual", importBinary<LessEqualOp>},
    {"Linear", importLinear},
    {"Log", importUnary<LogOp>},
    {"LogSoftmax", importSoftmax<true>},
    {"Lrn", importLrn},
    {"MatMul", importMatMul},
    {"Max", importBinary<MaxOp>},
    {"MaxPool2d", importPool2d<false>},
    {"Maxout", importMaxout},
    {"Min", importBinary<MinOp>},
    {"Mul", importBinary<MulOp>},
    {"Neg", importUnary<NegOp>},
    {"PRelu", importBinary<PreluOp>},
    {"Pad", importPad},
    {"PositionalEncoding", importPositionalEncoding},
    {"Pow", importBinary<PowOp>},
    {"ReduceMax", importReduce<ReduceMaxOp>},
    {"ReduceMean", importReduce<ReduceMeanOp>},
    {"ReduceMin", importReduce<ReduceMinOp>},
    {"ReduceSum", importReduce<ReduceSumOp>},
    {"Relu", importUnary<ReluOp>},
    {"Reshape", importReshape},
    {"Resize", importResize},
    {"Sigmoid", importUnary<SigmoidOp>},
    {"Silu", importUnary<SiluOp>},
    {"Slice", importSlice},
    {"Softmax", importSoftmax<false>},
    {"Softplus", importUnary<SoftplusOp>},
    {"Sqrt", importUnary<SqrtOp>},
    {"Sub", importBinary<SubOp>},
    {"Tanh", importUnary<TanhOp>},
    {"Transpose", importTranspose},
    {"Where", importWhere},
};

} // namespace

NodeImporter findNodeImporter(StringRef opType) {
  for (const Entry &e : kImporters)
    if (e.opType == opType)
      return e.importer;
  return nullptr;
}

std::string supportedOpTypes() {
  std::string list;
  for (const Entry &e : kImporters)
    list += (list.empty() ? "" : ", ") + e.opType.str();
  return list;
}

} // namespace dlc
