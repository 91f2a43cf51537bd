#include "test/unit/TestModel.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "compiler/driver/Compile.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/interpreter/Interpreter.h"
#include "dlc/runtime.h"
#include "frontends/ModelImporter.h"
#include "gtest/gtest.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc::test {

Array randomArray(std::vector<int64_t> shape, std::mt19937 &rng) {
  Array a{std::move(shape), {}};
  int64_t count = 1;
  for (int64_t d : a.shape)
    count *= d;
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  a.values.resize(static_cast<size_t>(count));
  for (float &v : a.values)
    v = uniform(rng);
  return a;
}

AttributeSpec ints(const std::string &name, std::vector<int64_t> values) {
  return {name, AttributeSpec::Kind::Ints, std::move(values)};
}
AttributeSpec integer(const std::string &name, int64_t value) {
  return {name, AttributeSpec::Kind::Int, {value}};
}
AttributeSpec floating(const std::string &name, double value) {
  return {name, AttributeSpec::Kind::Float, {}, value};
}
AttributeSpec text(const std::string &name, const std::string &value) {
  return {name, AttributeSpec::Kind::String, {}, 0, value};
}

ModelBuilder &ModelBuilder::input(const std::string &name, std::vector<int64_t> shape) {
  inputs_.push_back({name, std::move(shape)});
  return *this;
}
ModelBuilder &ModelBuilder::indexInput(const std::string &name, std::vector<int64_t> shape) {
  inputs_.push_back({name, std::move(shape), true});
  return *this;
}
ModelBuilder &ModelBuilder::output(const std::string &name, std::vector<int64_t> shape) {
  outputs_.push_back({name, std::move(shape)});
  return *this;
}
ModelBuilder &ModelBuilder::weight(const std::string &name, const Array &value) {
  weights_.push_back({name, value});
  return *this;
}
ModelBuilder &ModelBuilder::node(const std::string &name, const std::string &opType,
                                 std::vector<std::string> inputs,
                                 std::vector<std::string> outputs,
                                 std::vector<AttributeSpec> attributes) {
  nodes_.push_back({name, opType, std::move(inputs), std::move(outputs), std::move(attributes)});
  return *this;
}

std::vector<uint8_t> ModelBuilder::build() const {
  flatbuffers::FlatBufferBuilder b;
  auto infos = [&](const std::vector<Tensor> &tensors) {
    std::vector<flatbuffers::Offset<fb::TensorInfo>> out;
    for (const Tensor &t : tensors)
      out.push_back(fb::CreateTensorInfo(b, b.CreateString(t.name),
                                         t.indices ? fb::DType::Int64 : fb::DType::Float32,
                                         b.CreateVector(t.shape)));
    return b.CreateVector(out);
  };
  auto inputs = infos(inputs_);
  auto outputs = infos(outputs_);
  std::vector<flatbuffers::Offset<fb::Weight>> weights;
  for (const auto &[name, array] : weights_) {
    size_t bytes = array.values.size() * sizeof(float);
    b.ForceVectorAlignment(bytes, 1, 64);
    auto data = b.CreateVector(reinterpret_cast<const uint8_t *>(array.values.data()), bytes);
    weights.push_back(fb::CreateWeight(b, b.CreateString(name), fb::DType::Float32,
                                       b.CreateVector(array.shape), data));
  }
  std::vector<flatbuffers::Offset<fb::Node>> nodes;
  for (const Node &n : nodes_) {
    std::vector<flatbuffers::Offset<fb::Attribute>> attributes;
    for (const AttributeSpec &a : n.attributes) {
      auto name = b.CreateString(a.name);
      switch (a.kind) {
      case AttributeSpec::Kind::Ints:
        attributes.push_back(fb::CreateAttribute(b, name, fb::AttributeKind::Ints, 0, 0,
                                                 b.CreateVector(a.ints)));
        break;
      case AttributeSpec::Kind::Int:
        attributes.push_back(fb::CreateAttribute(b, name, fb::AttributeKind::Int, a.ints[0]));
        break;
      case AttributeSpec::Kind::Float:
        attributes.push_back(
            fb::CreateAttribute(b, name, fb::AttributeKind::Float, 0, a.number));
        break;
      case AttributeSpec::Kind::String:
        attributes.push_back(fb::CreateAttribute(b, name, fb::AttributeKind::String, 0, 0, 0, 0,
                                                 b.CreateString(a.text)));
        break;
      }
    }
    nodes.push_back(fb::CreateNode(b, b.CreateString(n.name), b.CreateString(n.opType),
                                   b.CreateVectorOfStrings(n.inputs),
                                   b.CreateVectorOfStrings(n.outputs), b.CreateVector(attributes)));
  }
  auto model = fb::CreateModel(b, b.CreateString("dlc tests"), b.CreateString("1"), 1,
                               b.CreateString(name_), inputs, outputs, b.CreateVector(nodes),
                               b.CreateVector(weights));
  fb::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dlc-test-XXXXXX").string();
  dir_ = mkdtemp(pattern.data()) ? pattern : "";
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!dir_.empty())
    std::filesystem::remove_all(dir_, ignored);
}

namespace {

bool ok(dlc_status *status) {
  if (!status)
    return true;
  ADD_FAILURE() << dlc_status_message(status);
  dlc_status_free(status);
  return false;
}

} // namespace

bool compileAndRun(const TempDir &dir, const std::vector<uint8_t> &model,
                   const std::vector<Array> &inputs, std::vector<Array> &outputs,
                   const std::vector<std::string> &extraFlags) {
  std::string modelPath = dir.path("model.dlcm"), library = dir.path("model.so");
  std::ofstream(modelPath, std::ios::binary)
      .write(reinterpret_cast<const char *>(model.data()), model.size());
  CompileOptions options;
  options.inputPath = modelPath;
  options.outputPath = library;
  for (size_t i = 0; i < extraFlags.size(); ++i) {
    if (extraFlags[i] == "--batch" && i + 1 < extraFlags.size()) {
      options.batch = std::stoll(extraFlags[++i]);
    } else if (extraFlags[i] == "--no-fuse") {
      options.fuse = false;
    } else if (extraFlags[i] == "--attention-tiles" && i + 1 < extraFlags.size()) {  // Q,K or 0
      const std::string &tiles = extraFlags[++i];
      size_t comma = tiles.find(',');
      options.attentionTiles = comma == std::string::npos
                                   ? std::pair<int64_t, int64_t>{0, 0}
                                   : std::pair<int64_t, int64_t>{std::stoll(tiles.substr(0, comma)),
                                                                 std::stoll(tiles.substr(comma + 1))};
    } else {
      ADD_FAILURE() << "compileAndRun does not know the flag '" << extraFlags[i] << "'";
      return false;
    }
  }
  if (compileModel(options) != 0) {
    ADD_FAILURE() << "dlc failed to compile the model";
    return false;
  }
  dlc_model *loaded = nullptr;
  if (!ok(dlc_model_load(library.c_str(), &loaded)))
    return false;
  std::unique_ptr<dlc_model, void (*)(dlc_model *)> modelGuard(loaded, dlc_model_free);
  dlc_session *session = nullptr;
  if (!ok(dlc_session_create(loaded, &session)))
    return false;
  std::unique_ptr<dlc_session, void (*)(dlc_session *)> sessionGuard(session, dlc_session_free);
  // A library with a dynamic batch runs the inputs' batch.
  uint64_t batch = 1;
  if (dlc_model_has_dynamic_batch(loaded) && !inputs.empty() && !inputs[0].shape.empty()) {
    batch = static_cast<uint64_t>(inputs[0].shape[0]);
    if (!ok(dlc_session_set_batch(session, batch)))
      return false;
  }
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!ok(dlc_session_set_input(session, i, inputs[i].values.data(),
                                  inputs[i].values.size() * sizeof(float))))
      return false;
  if (!ok(dlc_session_run(session)))
    return false;
  outputs.clear();
  for (size_t i = 0; i < dlc_model_output_count(loaded); ++i) {
    dlc_tensor_info info;
    const void *data;
    size_t bytes;
    if (!ok(dlc_model_output_info(loaded, i, &info)) ||
        !ok(dlc_session_output(session, i, &data, &bytes)))
      return false;
    Array a{std::vector<int64_t>(info.shape, info.shape + info.rank), {}};
    if (!a.shape.empty() && a.shape[0] == -1)
      a.shape[0] = static_cast<int64_t>(batch);
    a.values.resize(bytes / sizeof(float));
    std::memcpy(a.values.data(), data, bytes);
    outputs.push_back(std::move(a));
  }
  return true;
}

bool interpretFile(const std::string &path, const std::vector<Array> &inputs,
                   std::vector<Array> &outputs) {
  mlir::MLIRContext context;
  OneLineDiagnostics diagnostics(context);
  LoadedModel storage;
  WeightTable weights;
  auto module = importModelFile(context, path, ImportOptions{}, storage, weights);
  if (!module) {
    ADD_FAILURE() << "import failed";
    return false;
  }
  std::vector<interp::Tensor> in, out;
  for (const Array &a : inputs)
    in.push_back({a.shape, std::vector<double>(a.values.begin(), a.values.end())});
  auto func = module->lookupSymbol<mlir::func::FuncOp>("forward");
  if (mlir::failed(interp::run(func, in, interp::lookupIn(weights), out))) {
    ADD_FAILURE() << "the reference interpreter failed";
    return false;
  }
  outputs.clear();
  for (const interp::Tensor &t : out)
    outputs.push_back({t.shape, std::vector<float>(t.data.begin(), t.data.end())});
  return true;
}

bool interpret(const std::vector<uint8_t> &bytes, const std::vector<Array> &inputs,
               std::vector<Array> &outputs) {
  TempDir dir;
  std::string path = dir.path("model.dlcm");
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return interpretFile(path, inputs, outputs);
}

double relativeError(const Array &actual, const Array &reference) {
  if (actual.shape != reference.shape || actual.values.size() != reference.values.size())
    return std::numeric_limits<double>::infinity();
  double maxDiff = 0, maxRef = 0;
  for (size_t i = 0; i < actual.values.size(); ++i) {
    if (!std::isfinite(actual.values[i]))
      return std::numeric_limits<double>::infinity();
    maxDiff = std::max(maxDiff, double(std::fabs(actual.values[i] - reference.values[i])));
    maxRef = std::max(maxRef, double(std::fabs(reference.values[i])));
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

} // namespace dlc::test
