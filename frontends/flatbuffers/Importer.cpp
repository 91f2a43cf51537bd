#include "frontends/flatbuffers/Importer.h"

#include <cstring>
#include <set>

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "frontends/common/InputShapes.h"
#include "frontends/common/OpBuilders.h"
#include "frontends/flatbuffers/NodeImporters.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace dlc {
namespace {

constexpr int64_t kMaxRank = 8;

bool knownDType(fb::DType dtype) { return dtypeSize(dtype) != 0; }

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const fb::Model &model, const std::string &fileName,
                const ImportOptions &options, WeightTable &weights)
      : context(context), model(model), fileName(fileName), options(options),
        weights(weights), builder(&context) {}

  OwningOpRef<ModuleOp> run();

private:
  Location fileLoc() { return FileLineColLoc::get(&context, fileName, 0, 0); }
  Location namedLoc(StringRef name) { return NameLoc::get(builder.getStringAttr(name), fileLoc()); }

  // Validates a declared shape and returns the MLIR shape; `what` names it.
  // A graph input's `inputName` selects its --input-shape, if any.
  FailureOr<SmallVector<int64_t>> checkShape(Location loc, StringRef what,
                                             const flatbuffers::Vector<int64_t> *shape,
                                             fb::DType dtype, bool allowDynamicBatch,
                                             StringRef inputName = {});
  LogicalResult checkUniqueNames();
  LogicalResult importWeights();
  LogicalResult importNode(const fb::Node &node);

  MLIRContext &context;
  const fb::Model &model;
  const std::string &fileName;
  const ImportOptions &options;
  WeightTable &weights;
  OpBuilder builder;
  llvm::StringMap<Value> tensors;
  llvm::StringMap<RankedTensorType> weightTypes;
  // Graph inputs whose dynamic batch was fixed to ImportOptions::batch.
  llvm::StringSet<> dynamicBatchInputs;
  // Every tensor name of the model (inputs, weights, node outputs) and of
  // the weights the importers compute.
  std::set<std::string> tensorNames;
};

FailureOr<SmallVector<int64_t>>
GraphImporter::checkShape(Location loc, StringRef what, const flatbuffers::Vector<int64_t> *shape,
                          fb::DType dtype, bool allowDynamicBatch,
                          StringRef inputName) {
  if (!knownDType(dtype))
    return emitError(loc) << what << " has unknown dtype " << static_cast<int>(dtype)
                          << " (accepted: float32, int32, int64, float64)";
  // int64 graph inputs are indices (Gather); everything else is float32.
  bool indices = dtype == fb::DType::Int64 && !inputName.empty();
  if (dtype != fb::DType::Float32 && !indices)
    return emitError(loc) << what << " has dtype " << dtypeName(dtype)
                          << "; dlc computes in float32, and takes int64 graph inputs as "
                             "Gather indices";
  SmallVector<int64_t> dims;
  if (shape)
    dims.assign(shape->begin(), shape->end());
  if (static_cast<int64_t>(dims.size()) > kMaxRank)
    return emitError(loc) << what << " has rank " << dims.size() << ", at most " << kMaxRank
                          << " is supported";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1 && i == 0 && allowDynamicBatch) {
      dims[i] = ShapedType::kDynamic;
      continue;
    }
    if (dims[i] < 0)
      return emitError(loc) << what << " has dimension " << i << " = " << dims[i]
                            << "; dimensions are >= 0"
                            << (allowDynamicBatch ? ", or -1 for a dynamic batch (dimension 0)"
                                                  : "");
  }
  if (!inputName.empty() && failed(applyInputShape(loc, inputName.str(), dims, options)))
    return failure();
  if (applyBatch(dims, options) && !inputName.empty())
    dynamicBatchInputs.insert(inputName);
  if (failed(checkElementCount(loc, what, dims)))
    return failure();
  return dims;
}

LogicalResult GraphImporter::checkUniqueNames() {
  std::set<std::string> &seen = tensorNames;
  auto claim = [&](const flatbuffers::String *name, StringRef kind) -> LogicalResult {
    if (name->size() == 0)
      return emitError(fileLoc()) << "a " << kind << " has an empty name";
    if (!seen.insert(name->str()).second)
      return emitError(fileLoc()) << "tensor name '" << name->str() << "' is defined twice ("
                                  << kind << ")";
    return success();
  };
  if (const auto *inputs = model.inputs())
    for (const fb::TensorInfo *t : *inputs)
      if (failed(claim(t->name(), "graph input")))
        return failure();
  if (const auto *ws = model.weights())
    for (const fb::Weight *w : *ws)
      if (failed(claim(w->name(), "weight")))
        return failure();
  std::set<std::string> nodeNames;
  if (const auto *nodes = model.nodes())
    for (const fb::Node *n : *nodes) {
      if (n->name()->size() == 0)
        return emitError(fileLoc()) << "a node of type '" << n->op_type()->str()
                                    << "' has an empty name";
      if (!nodeNames.insert(n->name()->str()).second)
        return emitError(namedLoc(n->name()->string_view())) << "node name is used twice";
      if (const auto *outputs = n->outputs())
        for (const auto *o : *outputs)
          if (failed(claim(o, "node output")))
            return failure();
    }
  return success();
}

LogicalResult GraphImporter::importWeights() {
  const auto *ws = model.weights();
  if (!ws)
    return success();
  for (const fb::Weight *w : *ws) {
    Location loc = fileLoc();
    std::string what = "weight '" + w->name()->str() + "'";
    auto shape = checkShape(loc, what, w->shape(), w->dtype(), /*allowDynamicBatch=*/false);
    if (failed(shape))
      return failure();
    int64_t count;
    shapes::staticElementCount(*shape, count);
    uint64_t expected = static_cast<uint64_t>(count) * dtypeSize(w->dtype());
    size_t actual = w->data() ? w->data()->size() : 0;
    if (actual == 0 && expected != 0)
      return emitError(loc) << what << " has no data; initialize it first with `dlc init`";
    if (actual != expected)
      return emitError(loc) << what << " has " << actual << " bytes of data, expected "
                            << expected << " for shape [" << shapes::shapeToString(*shape)
                            << "] of " << dtypeName(w->dtype());
    WeightEntry entry;
    entry.shape.assign(shape->begin(), shape->end());
    entry.data = w->data()->data();
    entry.byteSize = actual;
    weights.add(w->name()->str(), std::move(entry));
    weightTypes[w->name()->string_view()] = RankedTensorType::get(*shape, builder.getF32Type());
  }
  return success();
}

LogicalResult GraphImporter::importNode(const fb::Node &node) {
  Location loc = namedLoc(node.name()->string_view());
  StringRef opType = node.op_type()->string_view();
  NodeImporter importer = findNodeImporter(opType);
  if (!importer)
    return emitError(loc) << "unknown op type '" << opType << "' (supported: "
                          << supportedOpTypes() << ")";
  SmallVector<Value> operands;
  if (const auto *inputs = node.inputs())
    for (const auto *name : *inputs) {
      if (name->size() == 0) {
        operands.push_back(Value());
        continue;
      }
      auto it = tensors.find(name->string_view());
      if (it != tensors.end()) {
        operands.push_back(it->second);
        continue;
      }
      auto weight = weightTypes.find(name->string_view());
      if (weight == weightTypes.end())
        return emitError(loc) << "input '" << name->str()
                              << "' is not a graph input, a weight, or the output of an "
                                 "earlier node";
      Value handle =
          buildWeight(builder, namedLoc(name->string_view()), name->string_view(), weight->second);
      tensors[name->string_view()] = handle;
      operands.push_back(handle);
    }
  // int64 tensors (graph inputs) are indices: dlc computes in float32.
  for (size_t i = 0; i < operands.size(); ++i)
    if (operands[i] && !(opType == "Gather" && i == 1) &&
        cast<ShapedType>(operands[i].getType()).getElementType().isInteger(64))
      return emitError(loc) << "input '" << node.inputs()->Get(i)->str()
                            << "' is an int64 tensor; dlc computes in float32 and takes int64 "
                               "tensors only as the indices of Gather (embedding lookup)";
  NodeContext ctx(builder, loc, node, operands);
  ctx.addConstant = [&](const std::string &name, ArrayRef<int64_t> shape,
                        std::vector<float> values) -> Value {
    if (!tensorNames.insert(name).second) {
      emitError(loc) << "the computed weight '" << name << "' clashes with a tensor of the model";
      return Value();
    }
    WeightEntry entry;
    entry.shape.assign(shape.begin(), shape.end());
    entry.owned.resize(values.size() * sizeof(float));
    std::memcpy(entry.owned.data(), values.data(), entry.owned.size());
    entry.byteSize = entry.owned.size();
    weights.add(name, std::move(entry));
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    Value handle = buildWeight(builder, loc, name, type);
    tensors[name] = handle;
    return handle;
  };
  FailureOr<Value> result = importer(ctx);
  if (failed(result))
    return failure();
  // Inferred shapes obey the same bound as declared ones.
  if (failed(checkElementCount(loc, "result", cast<ShapedType>(result->getType()).getShape())))
    return failure();
  tensors[node.outputs()->Get(0)->string_view()] = *result;
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(checkUniqueNames()) || failed(importWeights()))
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  builder.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> inputTypes;
  SmallVector<Attribute> inputNames;
  SmallVector<std::string> graphInputs;
  if (const auto *inputs = model.inputs())
    for (const fb::TensorInfo *t : *inputs) {
      auto shape = checkShape(fileLoc(), "graph input '" + t->name()->str() + "'", t->shape(), t->dtype(),
                              /*allowDynamicBatch=*/true, t->name()->string_view());
      if (failed(shape))
        return nullptr;
      Type element = t->dtype() == fb::DType::Int64 ? Type(builder.getI64Type())
                                                    : Type(builder.getF32Type());
      inputTypes.push_back(RankedTensorType::get(*shape, element));
      graphInputs.push_back(t->name()->str());
    }
  if (failed(checkInputShapesUsed(fileLoc(), graphInputs, options)))
    return nullptr;
  if (!model.outputs() || model.outputs()->size() == 0) {
    emitError(fileLoc()) << "the model declares no outputs";
    return nullptr;
  }

  auto func = func::FuncOp::create(builder, fileLoc(), "forward",
                                   builder.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  if (const auto *inputs = model.inputs())
    for (size_t i = 0; i < inputs->size(); ++i) {
      StringRef name = inputs->Get(i)->name()->string_view();
      tensors[name] = entry->getArgument(i);
      func.setArgAttr(i, "dlc.name", builder.getStringAttr(name));
      if (dynamicBatchInputs.contains(name))
        func.setArgAttr(i, kDynamicBatchAttr, builder.getUnitAttr());
    }
  if (const auto *nodes = model.nodes())
    for (const fb::Node *node : *nodes)
      if (failed(importNode(*node)))
        return nullptr;

  SmallVector<Value> results;
  for (const fb::TensorInfo *t : *model.outputs()) {
    auto it = tensors.find(t->name()->string_view());
    if (it == tensors.end()) {
      emitError(fileLoc())
          << "graph output '" << t->name()->str() << "' is not produced by any node";
      return nullptr;
    }
    if (cast<ShapedType>(it->second.getType()).getElementType().isInteger(64)) {
      emitError(fileLoc()) << "graph output '" << t->name()->str()
                           << "' is an int64 tensor; dlc's outputs are float32";
      return nullptr;
    }
    results.push_back(it->second);
    if (!t->shape())  // an output may leave its shape to inference
      continue;
    auto declared = checkShape(fileLoc(), "graph output '" + t->name()->str() + "'", t->shape(),
                               t->dtype(), /*allowDynamicBatch=*/true);
    if (failed(declared))
      return nullptr;
    ArrayRef<int64_t> produced = cast<ShapedType>(it->second.getType()).getShape();
    if (ArrayRef<int64_t>(*declared) != produced) {
      emitError(fileLoc()) << "graph output '" << t->name()->str() << "' is declared ["
                           << shapes::shapeToString(*declared) << "] but computes ["
                           << shapes::shapeToString(produced) << "]";
      return nullptr;
    }
  }
  func::ReturnOp::create(builder, fileLoc(), results);
  func.setType(builder.getFunctionType(inputTypes, ValueRange(results).getTypes()));
  for (size_t i = 0; i < results.size(); ++i)
    func.setResultAttr(i, "dlc.name", builder.getStringAttr(model.outputs()->Get(i)->name()->string_view()));
  if (model.name() && model.name()->size() > 0)
    (*module)->setAttr("dlc.model_name", builder.getStringAttr(model.name()->string_view()));
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importModel(MLIRContext &context, const ModelFile &model,
                                  const std::string &fileName, const ImportOptions &options,
                                  WeightTable &weights) {
  context.loadDialect<DLCDialect, func::FuncDialect>();
  return GraphImporter(context, *model.model(), fileName, options, weights).run();
}

} // namespace dlc
