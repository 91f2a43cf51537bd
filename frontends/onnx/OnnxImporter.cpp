#include "frontends/onnx/OnnxImporter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "frontends/common/InputShapes.h"
#include "frontends/common/OpBuilders.h"
#include "frontends/onnx/ConstantFolding.h"
#include "frontends/onnx/OnnxNodes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace dlc {

OnnxModel::OnnxModel() : proto_(std::make_unique<onnx::ModelProto>()) {}
OnnxModel::~OnnxModel() = default;
OnnxModel::OnnxModel(OnnxModel &&) noexcept = default;
OnnxModel &OnnxModel::operator=(OnnxModel &&) noexcept = default;

bool parseOnnxModel(const uint8_t *data, size_t size, const std::string &fileName, OnnxModel &out,
                    std::string &error) {
  // ParseFromArray takes an int; protobuf refuses messages over 2 GiB anyway.
  if (size > static_cast<size_t>(INT_MAX)) {
    error = fileName + ": ONNX files over 2 GiB are not supported";
    return false;
  }
  if (!out.proto().ParseFromArray(data, static_cast<int>(size))) {
    error =
        fileName + ": not a valid ONNX model (protobuf parsing failed: truncated or corrupt file)";
    return false;
  }
  if (!out.proto().has_graph()) {
    error = fileName + ": not a valid ONNX model (no graph)";
    return false;
  }
  return true;
}

bool parseOnnxFile(const std::string &path, OnnxModel &out, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  struct stat info;
  bool ok = ::fstat(fd, &info) == 0;
  if (ok && info.st_size > INT_MAX) {
    ::close(fd);
    error = path + ": ONNX files over 2 GiB are not supported";
    return false;
  }
  google::protobuf::io::FileInputStream stream(fd);
  ok = ok && out.proto().ParseFromZeroCopyStream(&stream) && stream.GetErrno() == 0;
  ::close(fd);
  if (!ok) {
    error = path + ": not a valid ONNX model (protobuf parsing failed: truncated or corrupt file)";
    return false;
  }
  if (!out.proto().has_graph()) {
    error = path + ": not a valid ONNX model (no graph)";
    return false;
  }
  return true;
}

std::vector<uint8_t> serializeWithRawInitializers(const OnnxModel &model) {
  auto typedFloats = [](const onnx::TensorProto &t) {
    return t.data_type() == onnx::TensorProto::FLOAT && t.raw_data().empty() &&
           t.float_data_size() > 0;
  };
  // PyTorch writes raw_data: the model is copied only when it is needed.
  const onnx::ModelProto *proto = &model.proto();
  std::optional<onnx::ModelProto> moved;
  for (const onnx::TensorProto &t : proto->graph().initializer())
    if (typedFloats(t)) {
      moved = *proto;
      proto = &*moved;
      break;
    }
  if (moved)
    for (onnx::TensorProto &t : *moved->mutable_graph()->mutable_initializer())
      if (typedFloats(t)) {
        t.set_raw_data(reinterpret_cast<const char *>(t.float_data().data()),
                       t.float_data_size() * sizeof(float));
        t.clear_float_data();
      }
  std::vector<uint8_t> bytes(proto->ByteSizeLong());
  proto->SerializeToArray(bytes.data(), static_cast<int>(bytes.size()));
  return bytes;
}

namespace {

constexpr int64_t kMinOpset = 9, kMaxOpset = 17;
constexpr int kMaxRank = 8;

bool isDefaultDomain(const std::string &domain) { return domain.empty() || domain == "ai.onnx"; }

class GraphImporter : public onnx_import::TensorResolver {
public:
  GraphImporter(MLIRContext &context, const onnx::ModelProto &model, const std::string &fileName,
                const ImportOptions &options, WeightTable &weights)
      : context(context), model(model), graph(model.graph()), fileName(fileName), options(options),
        weights(weights), builder(&context) {}

  OwningOpRef<ModuleOp> run();

  FailureOr<Value> value(Location loc, const std::string &name) override;
  const onnx::TensorProto *constant(const std::string &name) override {
    auto it = constants.find(name);
    return it == constants.end() ? nullptr : it->second;
  }

private:
  Location fileLoc() { return FileLineColLoc::get(&context, fileName, 0, 0); }
  Location namedLoc(StringRef name) { return NameLoc::get(builder.getStringAttr(name), fileLoc()); }

  LogicalResult findOpset();
  LogicalResult define(Location loc, const std::string &name);
  // Checks an initializer or Constant value: dtype, dims, byte size.
  LogicalResult checkTensor(Location loc, const std::string &what, const onnx::TensorProto &t);
  LogicalResult importInitializers();
  FailureOr<Type> inputType(const onnx::ValueInfoProto &input);
  LogicalResult importNode(const onnx::NodeProto &node, int index);
  LogicalResult importIf(const onnx::NodeProto &node, Location loc);

  MLIRContext &context;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  const std::string &fileName;
  const ImportOptions &options;
  WeightTable &weights;
  OpBuilder builder;
  int64_t opset = 0;
  std::map<std::string, Value> tensors;
  std::map<std::string, const onnx::TensorProto *> constants;
  // Outputs of folded nodes (a deque: `constants` points into it). They
  // live as long as the importer, unlike the model's own tensors.
  std::deque<onnx::TensorProto> folded;
  std::set<const onnx::TensorProto *> foldedSet;
  std::set<const onnx::TensorProto *> initializers;  // the graph's, not Constant values
  // Graph inputs whose dynamic batch was fixed to ImportOptions::batch.
  std::set<std::string> dynamicBatchInputs;
  bool isFolded(const onnx::TensorProto *t) const { return foldedSet.count(t) != 0; }
};

LogicalResult GraphImporter::findOpset() {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (isDefaultDomain(id.domain()))
      opset = id.version();
  if (opset == 0)
    return emitError(fileLoc()) << "the model imports no opset of the default ONNX domain";
  if (opset < kMinOpset || opset > kMaxOpset)
    return emitError(fileLoc()) << "unsupported ONNX opset " << opset
                                << " of the default domain (accepted: " << kMinOpset << " to "
                                << kMaxOpset << ")";
  return success();
}

LogicalResult GraphImporter::define(Location loc, const std::string &name) {
  if (name.empty())
    return emitError(loc) << "a tensor has an empty name";
  if (tensors.count(name) || constants.count(name))
    return emitError(loc) << "tensor name '" << name << "' is defined twice";
  return success();
}

LogicalResult GraphImporter::checkTensor(Location loc, const std::string &what,
                                         const onnx::TensorProto &t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(loc) << what << " uses external data, which is not supported";
  int32_t type = t.data_type();
  if (type != onnx::TensorProto::FLOAT && type != onnx::TensorProto::INT64 &&
      type != onnx::TensorProto::BOOL)
    return emitError(loc) << what << " has ONNX data type " << type
                          << " (accepted: 1 = float, 7 = int64 for shapes, 9 = bool)";
  if (t.dims_size() > kMaxRank)
    return emitError(loc) << what << " has rank " << t.dims_size() << ", at most " << kMaxRank
                          << " is supported";
  SmallVector<int64_t> dims(t.dims().begin(), t.dims().end());
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] < 0)
      return emitError(loc) << what << " has dimension " << i << " = " << dims[i]
                            << "; dimensions are >= 0";
  if (failed(checkElementCount(loc, what, dims)))
    return failure();
  int64_t count;
  shapes::staticElementCount(dims, count);
  bool isFloat = type == onnx::TensorProto::FLOAT, isBool = type == onnx::TensorProto::BOOL;
  // Bools are one byte in raw_data, one int32 each in typed data.
  uint64_t elementSize = isFloat ? 4 : isBool ? 1 : 8;
  int typedCount = isFloat  ? t.float_data_size()
                   : isBool ? t.int32_data_size()
                            : t.int64_data_size();
  uint64_t actual = t.raw_data().empty() ? typedCount * elementSize : t.raw_data().size();
  if (!t.raw_data().empty() && typedCount != 0)
    return emitError(loc) << what << " has both raw_data and typed data";
  if (actual != static_cast<uint64_t>(count) * elementSize)
    return emitError(loc) << what << " has " << actual << " bytes of data, expected "
                          << count * elementSize << " for shape [" << shapes::shapeToString(dims)
                          << "] of " << (isFloat ? "float32" : isBool ? "bool" : "int64");
  return success();
}

LogicalResult GraphImporter::importInitializers() {
  for (const onnx::TensorProto &t : graph.initializer()) {
    Location loc = fileLoc();
    if (failed(define(loc, t.name())) ||
        failed(checkTensor(loc, "initializer '" + t.name() + "'", t)))
      return failure();
    constants[t.name()] = &t;
    initializers.insert(&t);
  }
  return success();
}

// A float constant becomes a dlc.weight at its first use; its bytes stay in
// the ModelProto.
FailureOr<Value> GraphImporter::value(Location loc, const std::string &name) {
  auto it = tensors.find(name);
  if (it != tensors.end())
    return it->second;
  const onnx::TensorProto *t = constant(name);
  if (!t)
    return emitError(loc) << "input '" << name
                          << "' is not a graph input, an initializer, or the output of an "
                             "earlier node";
  bool isBool = t->data_type() == onnx::TensorProto::BOOL;  // folded comparisons
  if (t->data_type() != onnx::TensorProto::FLOAT && !isBool)
    return emitError(loc) << "input '" << name
                          << "' is an int64 tensor; dlc computes in float32 only";
  WeightEntry entry;
  entry.shape.assign(t->dims().begin(), t->dims().end());
  if (isBool) {
    // dlc's bool tensors are float masks: 1.0 true, 0.0 false.
    std::vector<float> mask;
    if (t->raw_data().empty())
      for (int32_t v : t->int32_data())
        mask.push_back(v != 0 ? 1.0f : 0.0f);
    else
      for (char v : t->raw_data())
        mask.push_back(v != 0 ? 1.0f : 0.0f);
    entry.owned.resize(mask.size() * sizeof(float));
    std::memcpy(entry.owned.data(), mask.data(), entry.owned.size());
    entry.data = entry.owned.data();
    entry.byteSize = entry.owned.size();
  } else if (t->raw_data().empty()) {
    entry.data = reinterpret_cast<const uint8_t *>(t->float_data().data());
    entry.byteSize = t->float_data_size() * sizeof(float);
  } else {
    entry.data = reinterpret_cast<const uint8_t *>(t->raw_data().data());
    entry.byteSize = t->raw_data().size();
  }
  // Kernels and the interpreter read weights as floats: keep them aligned.
  // Folded tensors die with this importer: the weight keeps a copy.
  if (!isBool && (reinterpret_cast<uintptr_t>(entry.data) % alignof(float) != 0 || isFolded(t)))
    entry.owned.assign(entry.data, entry.data + entry.byteSize);
  entry.trainable = initializers.count(t) != 0;
  weights.add(name, std::move(entry));
  auto type = RankedTensorType::get(SmallVector<int64_t>(t->dims().begin(), t->dims().end()),
                                    builder.getF32Type());
  Value handle = buildWeight(builder, namedLoc(name), name, type);
  tensors[name] = handle;
  return handle;
}

FailureOr<Type> GraphImporter::inputType(const onnx::ValueInfoProto &input) {
  Location loc = fileLoc();
  std::string what = "graph input '" + input.name() + "'";
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type())
    return emitError(loc) << what << " is not a tensor";
  int elementType = type.tensor_type().elem_type();
  if (elementType != onnx::TensorProto::FLOAT && elementType != onnx::TensorProto::INT64)
    return emitError(loc) << what << " has ONNX data type " << elementType
                          << "; dlc takes float32 (type 1), and int64 (type 7) as Gather "
                             "indices";
  if (!type.tensor_type().has_shape())
    return emitError(loc) << what << " has no shape";
  const auto &dims = type.tensor_type().shape().dim();
  if (dims.size() > kMaxRank)
    return emitError(loc) << what << " has rank " << dims.size() << ", at most " << kMaxRank
                          << " is supported";
  SmallVector<int64_t> shape;
  for (int i = 0; i < dims.size(); ++i) {
    const auto &d = dims.Get(i);
    if (d.has_dim_value() && d.dim_value() < 0)
      return emitError(loc) << what << " has dimension " << i << " = " << d.dim_value()
                            << "; dimensions are >= 0";
    // Symbolic and unknown dimensions are dynamic.
    shape.push_back(d.has_dim_value() ? d.dim_value() : ShapedType::kDynamic);
  }
  if (failed(applyInputShape(loc, input.name(), shape, options)))
    return failure();
  // What stays dynamic must be the batch (dimension 0).
  for (size_t i = 1; i < shape.size(); ++i)
    if (shape[i] == ShapedType::kDynamic)
      return emitError(loc) << what << " has a symbolic dimension " << i
                            << " (shape [" << dimsToText(shape)
                            << "]); only dimension 0 (the batch) may be dynamic: give the full "
                               "shape with --input-shape "
                            << input.name() << "=D0,D1,...";
  if (applyBatch(shape, options))
    dynamicBatchInputs.insert(input.name());
  if (failed(checkElementCount(loc, what, shape)))
    return failure();
  Type element = elementType == onnx::TensorProto::INT64 ? Type(builder.getI64Type())
                                                         : Type(builder.getF32Type());
  return Type(RankedTensorType::get(shape, element));
}

// A float64 tensor's values as a float32 tensor of the same shape. The
// caller has checked that the data holds one float64 per element.
onnx::TensorProto narrowedToFloat(const onnx::TensorProto &t) {
  onnx::TensorProto narrowed;
  narrowed.set_name(t.name());
  *narrowed.mutable_dims() = t.dims();
  narrowed.set_data_type(onnx::TensorProto::FLOAT);
  for (double v : t.double_data())
    narrowed.add_float_data(static_cast<float>(v));
  const std::string &raw = t.raw_data();
  for (size_t offset = 0; offset + sizeof(double) <= raw.size(); offset += sizeof(double)) {
    double v;
    std::memcpy(&v, raw.data() + offset, sizeof(double));
    narrowed.add_float_data(static_cast<float>(v));
  }
  return narrowed;
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node, int index) {
  std::string name =
      node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name();
  Location loc = namedLoc(name);
  if (!isDefaultDomain(node.domain()))
    return emitError(loc) << "unsupported ONNX op '" << node.op_type() << "' of domain '"
                          << node.domain() << "' (only the default domain is supported)";
  // Every name must resolve, even inputs the op ignores (Dropout's ratio).
  for (const std::string &input : node.input())
    if (!input.empty() && !tensors.count(input) && !constants.count(input))
      return emitError(loc) << "input '" << input
                            << "' is not a graph input, an initializer, or the output of an "
                               "earlier node";
  for (const std::string &output : node.output())
    if (!output.empty() && failed(define(loc, output)))
      return failure();
  if (node.op_type() == "Constant") {
    // Constants feed Reshape shapes and weights; they are not ops in dlc.
    if (node.input_size() != 0 || node.output_size() != 1 || node.attribute_size() != 1 ||
        node.attribute(0).name() != "value" ||
        node.attribute(0).type() != onnx::AttributeProto::TENSOR)
      return emitError(loc) << "ONNX op 'Constant' (opset " << opset
                            << "): only the 'value' (tensor) form is supported";
    const onnx::TensorProto *value = &node.attribute(0).t();
    // torch.onnx writes Python float scalars (torch.clamp's bounds) as
    // float64 Constants that the next node casts to float32. dlc computes
    // in float32: they are narrowed here.
    if (value->data_type() == onnx::TensorProto::DOUBLE &&
        value->data_location() != onnx::TensorProto::EXTERNAL) {
      SmallVector<int64_t> dims(value->dims().begin(), value->dims().end());
      int64_t count = 0;
      if (llvm::any_of(dims, [](int64_t d) { return d < 0; }))
        return emitError(loc) << "Constant value has a negative dimension";
      if (failed(checkElementCount(loc, "Constant value", dims)))
        return failure();
      shapes::staticElementCount(dims, count);
      uint64_t bytes = value->raw_data().empty() ? value->double_data_size() * sizeof(double)
                                                 : value->raw_data().size();
      if (bytes != static_cast<uint64_t>(count) * sizeof(double) ||
          (!value->raw_data().empty() && value->double_data_size() != 0))
        return emitError(loc) << "Constant value has " << bytes
                              << " bytes of float64 data, expected " << count * 8 << " for shape ["
                              << shapes::shapeToString(dims) << "]";
      folded.push_back(narrowedToFloat(*value));
      foldedSet.insert(&folded.back());
      value = &folded.back();
    }
    if (failed(checkTensor(loc, "Constant value", *value)))
      return failure();
    constants[node.output(0)] = value;
    return success();
  }
  if (node.op_type() == "If")
    return importIf(node, loc);
  // Shape computations on constants become constants.
  onnx_import::FoldInputs foldInputs{
      [&](const std::string &name) { return constant(name); },
      [&](const std::string &name) -> std::optional<SmallVector<int64_t>> {
        if (const onnx::TensorProto *t = constant(name))
          return SmallVector<int64_t>(t->dims().begin(), t->dims().end());
        auto it = tensors.find(name);
        if (it == tensors.end() || !it->second)
          return std::nullopt;
        auto type = cast<ShapedType>(it->second.getType());
        if (!type.hasStaticShape())
          return std::nullopt;
        return SmallVector<int64_t>(type.getShape());
      }};
  onnx::TensorProto foldedValue;
  std::string foldError;
  // Only the graph's initializers are weights a training step may update;
  // a Constant node's value (Resize's scales) folds either way.
  auto isFloatInitializer = [&](const std::string &name) {
    const onnx::TensorProto *t = constant(name);
    return t && initializers.count(t) && t->data_type() == onnx::TensorProto::FLOAT &&
           !t->dims().empty();
  };
  bool readsWeight = std::any_of(node.input().begin(), node.input().end(), isFloatInitializer);
  auto outcome = !options.foldWeightComputations && readsWeight
                     ? onnx_import::FoldOutcome::NotFoldable
                     : onnx_import::foldNode(node, opset, foldInputs, foldedValue, foldError);
  switch (outcome) {
  case onnx_import::FoldOutcome::Folded:
    folded.push_back(std::move(foldedValue));
    foldedSet.insert(&folded.back());
    constants[node.output(0)] = &folded.back();
    return success();
  case onnx_import::FoldOutcome::Failed:
    return emitError(loc) << "ONNX op '" << node.op_type() << "' (opset " << opset
                          << "): " << foldError;
  case onnx_import::FoldOutcome::NotFoldable:
    break;
  }
  onnx_import::NodeImporter importer = onnx_import::findNodeImporter(node.op_type());
  if (!importer)
    return emitError(loc) << "unsupported ONNX op '" << node.op_type() << "' (opset " << opset
                          << ")";
  // int64 tensors (graph inputs) are indices: dlc computes in float32.
  for (int i = 0; i < node.input_size(); ++i) {
    auto it = tensors.find(node.input(i));
    bool indices = node.op_type() == "Gather" && i == 1;
    if (it != tensors.end() && it->second && !indices &&
        cast<ShapedType>(it->second.getType()).getElementType().isInteger(64))
      return emitError(loc) << "ONNX op '" << node.op_type() << "' (opset " << opset
                            << "): input '" << node.input(i)
                            << "' is an int64 tensor; dlc computes in float32 and takes int64 "
                               "tensors only as the indices of Gather (embedding lookup)";
  }
  onnx_import::NodeContext ctx(builder, loc, node, opset, *this);
  FailureOr<Value> result = importer(ctx);
  if (failed(result))
    return failure();
  if (failed(checkElementCount(loc, "result", cast<ShapedType>(result->getType()).getShape())))
    return failure();
  tensors[node.output(0)] = *result;
  for (size_t i = 0; i < ctx.moreResults.size(); ++i)
    if (!node.output(i + 1).empty())
      tensors[node.output(i + 1)] = ctx.moreResults[i];
  return success();
}

// If whose condition folded (PyTorch tests shapes, e.g. "is this dimension
// 1?" before a Squeeze): the taken branch's nodes are imported in place.
LogicalResult GraphImporter::importIf(const onnx::NodeProto &node, Location loc) {
  auto unsupported = [&]() {
    return emitError(loc) << "ONNX op 'If' (opset " << opset << "): ";
  };
  const onnx::TensorProto *cond = node.input_size() == 1 ? constant(node.input(0)) : nullptr;
  if (!cond)
    return unsupported() << "only a condition known at import (a folded shape test) is "
                            "supported, not one computed at run time";
  bool take;
  int64_t count = 1;
  for (int64_t d : cond->dims())
    count *= d;
  if (count != 1)
    return unsupported() << "the condition must hold one value";
  if (!cond->raw_data().empty())
    take = llvm::any_of(cond->raw_data(), [](char c) { return c != 0; });
  else if (cond->int32_data_size() == 1)
    take = cond->int32_data(0) != 0;
  else if (cond->int64_data_size() == 1)
    take = cond->int64_data(0) != 0;
  else
    return unsupported() << "the condition's value cannot be read";
  const onnx::GraphProto *branch = nullptr;
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == (take ? "then_branch" : "else_branch") && a.has_g())
      branch = &a.g();
  if (!branch)
    return unsupported() << "has no '" << (take ? "then_branch" : "else_branch") << "' graph";
  if (branch->output_size() != node.output_size() || branch->initializer_size() != 0)
    return unsupported() << "the branch must have one output per If output and no "
                            "initializers";
  for (int i = 0; i < branch->node_size(); ++i)
    if (failed(importNode(branch->node(i), graph.node_size() + i)))
      return failure();
  for (int i = 0; i < node.output_size(); ++i) {
    const std::string &from = branch->output(i).name();
    if (tensors.count(from) && tensors[from])
      tensors[node.output(i)] = tensors[from];
    else if (constants.count(from))
      constants[node.output(i)] = constants[from];
    else
      return unsupported() << "branch output '" << from << "' is not computed by the branch";
  }
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(findOpset()) || failed(importInitializers()))
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  builder.setInsertionPointToEnd(module->getBody());

  // Graph inputs that are also initializers are weights (older exporters
  // list them in both places).
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!constants.count(input.name()))
      inputNames.push_back(input.name());
  if (failed(checkInputShapesUsed(fileLoc(), inputNames, options)))
    return nullptr;
  SmallVector<const onnx::ValueInfoProto *> inputs;
  SmallVector<Type> inputTypes;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    if (failed(define(fileLoc(), input.name())))
      return nullptr;
    FailureOr<Type> type = inputType(input);
    if (failed(type))
      return nullptr;
    inputs.push_back(&input);
    inputTypes.push_back(*type);
    tensors[input.name()] = Value(); // claimed; set to the argument below
  }

  if (graph.output_size() == 0) {
    emitError(fileLoc()) << "the model declares no outputs";
    return nullptr;
  }

  auto func =
      func::FuncOp::create(builder, fileLoc(), "forward", builder.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  for (size_t i = 0; i < inputs.size(); ++i) {
    tensors[inputs[i]->name()] = entry->getArgument(i);
    func.setArgAttr(i, "dlc.name", builder.getStringAttr(inputs[i]->name()));
    if (dynamicBatchInputs.count(inputs[i]->name()))
      func.setArgAttr(i, kDynamicBatchAttr, builder.getUnitAttr());
  }
  for (int i = 0; i < graph.node_size(); ++i)
    if (failed(importNode(graph.node(i), i)))
      return nullptr;

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = tensors.find(output.name());
    if (it == tensors.end()) {
      emitError(fileLoc()) << "graph output '" << output.name() << "' is not produced by any node";
      return nullptr;
    }
    if (cast<ShapedType>(it->second.getType()).getElementType().isInteger(64)) {
      emitError(fileLoc()) << "graph output '" << output.name()
                           << "' is an int64 tensor; dlc's outputs are float32";
      return nullptr;
    }
    results.push_back(it->second);
  }
  func::ReturnOp::create(builder, fileLoc(), results);
  func.setType(builder.getFunctionType(inputTypes, ValueRange(results).getTypes()));
  for (int i = 0; i < graph.output_size(); ++i)
    func.setResultAttr(i, "dlc.name", builder.getStringAttr(graph.output(i).name()));
  if (!graph.name().empty())
    (*module)->setAttr("dlc.model_name", builder.getStringAttr(graph.name()));
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importOnnxModel(MLIRContext &context, const OnnxModel &model,
                                      const std::string &fileName, const ImportOptions &options,
                                      WeightTable &weights) {
  context.loadDialect<DLCDialect, func::FuncDialect>();
  return GraphImporter(context, model.proto(), fileName, options, weights).run();
}

} // namespace dlc
