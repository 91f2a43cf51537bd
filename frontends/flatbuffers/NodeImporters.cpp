#include "frontends/flatbuffers/NodeImporters.h"

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"

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

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

// Builds `opName` with a result of `shape` (element type of operand 0).
Value build(NodeContext &ctx, StringRef opName, ArrayRef<Value> operands,
            ArrayRef<int64_t> shape, ArrayRef<NamedAttribute> attributes = {}) {
  OperationState state(ctx.loc, opName);
  for (Value v : operands)
    if (v)
      state.addOperands(v);
  state.addAttributes(attributes);
  Type element = cast<ShapedType>(operands[0].getType()).getElementType();
  state.addTypes(RankedTensorType::get(shape, element));
  return ctx.builder.create(state)->getResult(0);
}

NamedAttribute i64Array(NodeContext &ctx, StringRef name, ArrayRef<int64_t> values) {
  return ctx.builder.getNamedAttr(name, ctx.builder.getDenseI64ArrayAttr(values));
}

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
  SmallVector<int64_t> pads = expandPadding(*padding);
  Value bias = ctx.input(2);
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = shapeOf(bias);
  SmallVector<int64_t> shape;
  if (failed(shapes::inferConv2d(ctx.loc, shapeOf(ctx.input(0)), shapeOf(ctx.input(1)),
                                 biasShape, *strides, pads, *dilations, *groups, shape)))
    return failure();
  return build(ctx, Conv2dOp::getOperationName(), {ctx.input(0), ctx.input(1), bias}, shape,
               {i64Array(ctx, "strides", *strides), i64Array(ctx, "padding", pads),
                i64Array(ctx, "dilations", *dilations),
                ctx.builder.getNamedAttr("groups", ctx.builder.getI64IntegerAttr(*groups))});
}

template <typename PoolOp, bool kAverage>
FailureOr<Value> importPool2d(NodeContext &ctx) {
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
  SmallVector<int64_t> pads = expandPadding(*padding);
  SmallVector<int64_t> shape;
  if (failed(shapes::inferPool2d(ctx.loc, PoolOp::getOperationName(), shapeOf(ctx.input(0)),
                                 *kernel, *strides, pads, shape)))
    return failure();
  SmallVector<NamedAttribute> attributes = {i64Array(ctx, "kernel", *kernel),
                                            i64Array(ctx, "strides", *strides),
                                            i64Array(ctx, "padding", pads)};
  if (kAverage)
    attributes.push_back(
        ctx.builder.getNamedAttr("count_include_pad", ctx.builder.getBoolAttr(*countPad != 0)));
  return build(ctx, PoolOp::getOperationName(), {ctx.input(0)}, shape, attributes);
}

template <typename UnaryOp> FailureOr<Value> importUnary(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({})))
    return failure();
  return build(ctx, UnaryOp::getOperationName(), {ctx.input(0)}, shapeOf(ctx.input(0)));
}

FailureOr<Value> importLinear(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) || failed(ctx.expectAttributes({})))
    return failure();
  Value bias = ctx.input(2);
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = shapeOf(bias);
  SmallVector<int64_t> shape;
  if (failed(shapes::inferLinear(ctx.loc, shapeOf(ctx.input(0)), shapeOf(ctx.input(1)),
                                 biasShape, shape)))
    return failure();
  return build(ctx, LinearOp::getOperationName(), {ctx.input(0), ctx.input(1), bias}, shape);
}

FailureOr<Value> importAdd(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  SmallVector<int64_t> shape;
  if (failed(shapes::inferBroadcast(ctx.loc, shapeOf(ctx.input(0)), shapeOf(ctx.input(1)),
                                    shape)))
    return failure();
  return build(ctx, AddOp::getOperationName(), {ctx.input(0), ctx.input(1)}, shape);
}

FailureOr<Value> buildReshape(NodeContext &ctx, ArrayRef<int64_t> target) {
  SmallVector<int64_t> shape;
  if (failed(shapes::inferReshape(ctx.loc, shapeOf(ctx.input(0)), target, shape)))
    return failure();
  return build(ctx, ReshapeOp::getOperationName(), {ctx.input(0)}, shape,
               {i64Array(ctx, "shape", target)});
}

FailureOr<Value> importReshape(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"shape"})))
    return failure();
  if (!ctx.hasAttribute("shape"))
    return emitError(ctx.loc) << "Reshape needs attribute 'shape' (list of ints)";
  auto target = ctx.getInts("shape", {});
  if (failed(target))
    return failure();
  return buildReshape(ctx, *target);
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
  return buildReshape(ctx, target);
}

FailureOr<Value> importSoftmax(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", -1);
  if (failed(axis))
    return failure();
  int64_t rank = static_cast<int64_t>(shapeOf(ctx.input(0)).size());
  if (*axis < -rank || *axis >= rank)
    return emitError(ctx.loc) << "'axis' value is " << *axis << ", accepted range is ["
                              << -rank << ", " << rank - 1 << "]";
  return build(ctx, SoftmaxOp::getOperationName(), {ctx.input(0)}, shapeOf(ctx.input(0)),
               {ctx.builder.getNamedAttr("axis", ctx.builder.getI64IntegerAttr(*axis))});
}

struct Entry {
  StringRef opType;
  NodeImporter importer;
};

// Sorted by op type.
const Entry kImporters[] = {
    {"Add", importAdd},
    {"AvgPool2d", importPool2d<AvgPool2dOp, true>},
    {"Conv2d", importConv2d},
    {"Flatten", importFlatten},
    {"Linear", importLinear},
    {"MaxPool2d", importPool2d<MaxPool2dOp, false>},
    {"Relu", importUnary<ReluOp>},
    {"Reshape", importReshape},
    {"Sigmoid", importUnary<SigmoidOp>},
    {"Softmax", importSoftmax},
    {"Tanh", importUnary<TanhOp>},
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
