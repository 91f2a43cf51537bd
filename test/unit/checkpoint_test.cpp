// Checkpoints (dlc_trainer_save): the model the library embeds with the
// trained values in place. From a dlc model file, a dlc model file; from
// ONNX, the ONNX model, its float initializers in raw_data.
#include <fstream>
#include <random>

#include "compiler/driver/Compile.h"
#include "dlc/model_file.h"
#include "dlc/runtime.h"
#include "frontends/onnx/OnnxImporter.h"
#include "runtime/src/onnx_initializers.h"
#include "test/unit/OnnxTestModel.h"
#include "gtest/gtest.h"

namespace dlc::test {
namespace {

// y = x W + b, W in float_data (as some exporters write it), b in raw_data.
OnnxBuilder linearModel(std::mt19937 &rng) {
  OnnxBuilder m;
  m.input("x", {2, 3}).output("y");
  m.weight("W", randomArray({3, 4}, rng), /*typed=*/true).weight("b", randomArray({4}, rng));
  m.node("MatMul", {"x", "W"}, {"xw"});
  m.node("Add", {"xw", "b"}, {"y"});
  return m;
}

// A training library and its trainer, freed with the test.
struct OneStepTrained {
  dlc_model *model = nullptr;
  dlc_trainer *trainer = nullptr;
  ~OneStepTrained() {
    dlc_trainer_free(trainer);
    dlc_model_free(model);
  }
};

// Compiles the model at `modelPath` (input [2, 3], output [2, 4]) as a
// training step with an MSE loss into `library`, and takes one step on
// random data.
void trainOneStep(const std::string &modelPath, const std::string &library, std::mt19937 &rng,
                  OneStepTrained &out) {
  CompileOptions options;
  options.inputPath = modelPath;
  options.outputPath = library;
  options.train = TrainOptions{};
  options.train->loss = "mse";
  ASSERT_EQ(compileModel(options), 0);
  ASSERT_EQ(dlc_model_load(library.c_str(), &out.model), nullptr);
  ASSERT_EQ(dlc_trainer_create(out.model, &out.trainer), nullptr);
  Array x = randomArray({2, 3}, rng), target = randomArray({2, 4}, rng);
  const void *data = x.values.data();
  float loss = 0.f;
  ASSERT_EQ(dlc_trainer_step(out.trainer, &data, target.values.data(), 0.1f, &loss), nullptr);
}

// `dlc PATH -o DIR/inference.so`: its exit status.
int compileForInference(const std::string &path, const TempDir &dir) {
  CompileOptions inference;
  inference.inputPath = path;
  inference.outputPath = dir.path("inference.so");
  return compileModel(inference);
}

std::vector<float> rawValues(const onnx::TensorProto &t) {
  std::vector<float> values(t.raw_data().size() / sizeof(float));
  std::memcpy(values.data(), t.raw_data().data(), values.size() * sizeof(float));
  return values;
}

TEST(Checkpoint, OnnxHoldsTrainedInitializersAndCompiles) {
  std::mt19937 rng(5);
  OnnxBuilder builder = linearModel(rng);
  TempDir dir;
  std::string modelPath = dir.path("linear.onnx");
  std::ofstream(modelPath, std::ios::binary) << builder.bytes();
  OneStepTrained t;
  ASSERT_NO_FATAL_FAILURE(trainOneStep(modelPath, dir.path("train.so"), rng, t));
  dlc_trainer *trainer = t.trainer;
  std::string checkpoint = dir.path("trained.onnx");
  ASSERT_EQ(dlc_trainer_save(trainer, checkpoint.c_str()), nullptr);

  OnnxModel saved;
  std::string error;
  ASSERT_TRUE(parseOnnxFile(checkpoint, saved, error)) << error;
  int checked = 0;
  for (const onnx::TensorProto &t : saved.proto().graph().initializer()) {
    std::vector<float> trained(t.name() == "W" ? 12 : 4);
    ASSERT_EQ(dlc_trainer_get_param(trainer, t.name().c_str(), trained.data(), trained.size() * 4),
              nullptr);
    EXPECT_EQ(t.float_data_size(), 0) << t.name() << " still has typed data";
    EXPECT_EQ(rawValues(t), trained) << t.name();
    const onnx::TensorProto &initial = builder.proto.graph().initializer(checked);
    std::vector<float> before =
        initial.raw_data().empty()
            ? std::vector<float>(initial.float_data().begin(), initial.float_data().end())
            : rawValues(initial);
    EXPECT_NE(rawValues(t), before) << t.name() << " was not trained";
    ++checked;
  }
  EXPECT_EQ(checked, 2);

  // The checkpoint is an ordinary ONNX model: it compiles for inference.
  EXPECT_EQ(compileForInference(checkpoint, dir), 0);
}

// A dlc model file's checkpoint: the same file with the trained weights,
// which compiles for inference.
TEST(Checkpoint, DlcModelFileHoldsTrainedWeightsAndCompiles) {
  std::mt19937 rng(7);
  ModelBuilder m("linear");
  m.input("x", {2, 3}).output("y", {2, 4});
  m.weight("fc.weight", randomArray({4, 3}, rng)).weight("fc.bias", randomArray({4}, rng));
  m.node("fc", "Linear", {"x", "fc.weight", "fc.bias"}, {"y"});
  std::vector<uint8_t> bytes = m.build();
  TempDir dir;
  std::string modelPath = dir.path("linear.dlcm");
  std::ofstream(modelPath, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  OneStepTrained t;
  ASSERT_NO_FATAL_FAILURE(trainOneStep(modelPath, dir.path("train.so"), rng, t));
  dlc_trainer *trainer = t.trainer;
  std::string checkpoint = dir.path("trained.dlcm");
  ASSERT_EQ(dlc_trainer_save(trainer, checkpoint.c_str()), nullptr);

  ModelFile saved, initial;
  std::string error;
  ASSERT_TRUE(readModelFile(checkpoint, saved, error)) << error;
  ASSERT_TRUE(parseModelBytes(bytes, "initial", initial, error)) << error;
  ASSERT_EQ(saved.model()->weights()->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const fb::Weight *w = saved.model()->weights()->Get(i);
    std::vector<float> trained(w->data()->size() / sizeof(float));
    ASSERT_EQ(
        dlc_trainer_get_param(trainer, w->name()->c_str(), trained.data(), trained.size() * 4),
        nullptr);
    EXPECT_EQ(std::memcmp(w->data()->data(), trained.data(), w->data()->size()), 0)
        << w->name()->str();
    EXPECT_NE(std::memcmp(w->data()->data(), initial.model()->weights()->Get(i)->data()->data(),
                          w->data()->size()),
              0)
        << w->name()->str() << " was not trained";
  }
  EXPECT_EQ(saved.model()->nodes()->size(), 1u);

  EXPECT_EQ(compileForInference(checkpoint, dir), 0);
}

// The runtime's protobuf reader finds each raw_data payload, and every
// truncation of the model is an error or a list whose payloads lie inside
// the truncated bytes. (Each prefix is its own allocation, so a read past
// its end is a heap overflow that a sanitizer build of this test reports;
// CI's sanitizer build runs the bad-input suite only.)
TEST(Checkpoint, OnnxRawDataReaderOnTruncatedModels) {
  std::mt19937 rng(6);
  OnnxModel model;
  model.proto() = linearModel(rng).proto;
  std::vector<uint8_t> bytes = serializeWithRawInitializers(model);
  std::map<std::string, rt::OnnxRawData> found;
  std::string error;
  ASSERT_TRUE(rt::findOnnxRawData(bytes.data(), bytes.size(), found, error)) << error;
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found["W"].size, 12 * sizeof(float));
  EXPECT_EQ(found["b"].size, 4 * sizeof(float));
  float first;
  std::memcpy(&first, bytes.data() + found["W"].offset, sizeof(float));
  EXPECT_EQ(first, model.proto().graph().initializer(0).float_data(0));

  // A truncation cuts the graph's length short: the model itself is
  // malformed (the trainer prefixes the library's path to the message).
  int failures = 0;
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(size));
    std::map<std::string, rt::OnnxRawData> partial;
    if (!rt::findOnnxRawData(prefix.data(), prefix.size(), partial, error)) {
      EXPECT_EQ(error, "the embedded ONNX model is not well-formed protobuf");
      ++failures;
    }
    for (const auto &[name, raw] : partial)
      EXPECT_LE(raw.offset + raw.size, size) << name;
  }
  EXPECT_GT(failures, 0);

  // A length running past its enclosing message, inside the graph (an
  // initializer of 5 bytes in 0), then inside an initializer (a name).
  std::map<std::string, rt::OnnxRawData> none;
  const uint8_t badGraph[] = {0x3a, 0x02, 0x2a, 0x05};
  EXPECT_FALSE(rt::findOnnxRawData(badGraph, sizeof badGraph, none, error));
  EXPECT_EQ(error, "malformed graph in the embedded ONNX model");
  const uint8_t badInitializer[] = {0x3a, 0x04, 0x2a, 0x02, 0x42, 0x05};
  EXPECT_FALSE(rt::findOnnxRawData(badInitializer, sizeof badInitializer, none, error));
  EXPECT_EQ(error, "malformed initializer in the embedded ONNX model");
}

} // namespace
} // namespace dlc::test
