#include "frontends/flatbuffers/NodeImporters.h"

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

FailureOr<Value> importLinear(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 3)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildLinear(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1), ctx.input(2));
}

FailureOr<Value> importAdd(NodeContext &ctx) {
  if (failed(ctx.expectArity(2, 2)) || failed(ctx.expectAttributes({})))
    return failure();
  return buildAdd(ctx.builder, ctx.loc, ctx.input(0), ctx.input(1));
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

FailureOr<Value> importSoftmax(NodeContext &ctx) {
  if (failed(ctx.expectArity(1, 1)) || failed(ctx.expectAttributes({"axis"})))
    return failure();
  auto axis = ctx.getInt("axis", -1);
  if (failed(axis))
    return failure();
  return buildSoftmax(ctx.builder, ctx.loc, ctx.input(0), *axis);
}

struct Entry {
  StringRef opType;
  NodeImporter importer;
};

// Sorted by op type.
const Entry kImporters[] = {
    {"Add", importAdd},
    {"AvgPool2d", importPool2d<true>},
    {"Conv2d", importConv2d},
    {"Flatten", importFlatten},
    {"Linear", importLinear},
    {"MaxPool2d", importPool2d<false>},
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
