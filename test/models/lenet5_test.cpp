// LeNet-5 end to end (examples/lenet5): the model file initialized by
// `dlc init`, compiled by dlc, run through the runtime and through
// `dlc run`, against the reference interpreter within 1e-5 relative.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "compiler/tools/Commands.h"
#include "dlc/npy.h"
#include "dlc/runtime.h"
#include "gtest/gtest.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

constexpr double kTolerance = 1e-5;
const std::string kModelJson = std::string(DLC_SOURCE_DIR) + "/examples/lenet5/lenet5.json";

std::vector<uint8_t> initializedModel(const TempDir &dir) {
  std::string path = dir.path("lenet5.dlcm");
  EXPECT_EQ(tools::initCommand({kModelJson, "--seed", "7", "-o", path}), 0);
  std::vector<uint8_t> bytes;
  std::string error;
  EXPECT_TRUE(readWholeFile(path, bytes, error)) << error;
  return bytes;
}

class LeNet5Batch : public ::testing::TestWithParam<int> {};

// Compiles LeNet-5 with `flags`, runs `batch` random images and compares
// with the interpreter.
void expectMatchesInterpreter(int batch, unsigned seed, const std::vector<std::string> &flags) {
  TempDir dir;
  std::vector<uint8_t> model = initializedModel(dir);
  std::mt19937 rng(seed);
  std::vector<Array> inputs = {randomArray({batch, 1, 32, 32}, rng)};
  std::vector<Array> compiled, reference;
  ASSERT_TRUE(compileAndRun(dir, model, inputs, compiled, flags));
  ASSERT_TRUE(interpret(model, inputs, reference));
  ASSERT_EQ(compiled.size(), 1u);
  EXPECT_EQ(compiled[0].shape, (std::vector<int64_t>{batch, 10}));
  EXPECT_LE(relativeError(compiled[0], reference[0]), kTolerance);
}

TEST_P(LeNet5Batch, CompiledMatchesInterpreter) {
  expectMatchesInterpreter(GetParam(), 99, {"--batch", std::to_string(GetParam())});
}

// Without --batch the library keeps the batch dynamic: one library, any batch.
TEST_P(LeNet5Batch, DynamicLibraryMatchesInterpreter) {
  expectMatchesInterpreter(GetParam(), 7, {});
}

INSTANTIATE_TEST_SUITE_P(Batches, LeNet5Batch, ::testing::Values(1, 3, 64));

// One session of a dynamic-batch library switches batches; a fixed-batch
// library refuses any other; sizes are checked against the session's batch.
TEST(LeNet5Runtime, SessionBatch) {
  TempDir dir;
  std::string model = dir.path("lenet5.dlcm");
  ASSERT_EQ(tools::initCommand({kModelJson, "-o", model}), 0);
  std::string dynamicLibrary = dir.path("dynamic.so"), fixedLibrary = dir.path("fixed.so");
  ASSERT_EQ(tools::compileCommand({model, "-o", dynamicLibrary}), 0);
  ASSERT_EQ(tools::compileCommand({model, "--batch", "2", "-o", fixedLibrary}), 0);
  auto code = [](dlc_status *s) {
    enum dlc_status_code c = dlc_status_code(s);
    dlc_status_free(s);
    return c;
  };

  dlc_model *dynamicModel = nullptr;
  ASSERT_EQ(code(dlc_model_load(dynamicLibrary.c_str(), &dynamicModel)), DLC_OK);
  std::unique_ptr<dlc_model, void (*)(dlc_model *)> dynamicGuard(dynamicModel, dlc_model_free);
  EXPECT_EQ(dlc_model_has_dynamic_batch(dynamicModel), 1);
  dlc_tensor_info info;
  ASSERT_EQ(code(dlc_model_input_info(dynamicModel, 0, &info)), DLC_OK);
  EXPECT_EQ(info.shape[0], -1);
  EXPECT_EQ(info.byte_size, 32u * 32 * 4);  // per sample
  dlc_session *session = nullptr;
  ASSERT_EQ(code(dlc_session_create(dynamicModel, &session)), DLC_OK);
  std::unique_ptr<dlc_session, void (*)(dlc_session *)> sessionGuard(session, dlc_session_free);
  EXPECT_EQ(dlc_session_batch(session), 1u);

  // Batch 5 at once equals five runs of one sample.
  std::mt19937 rng(3);
  Array images = randomArray({5, 1, 32, 32}, rng);
  ASSERT_EQ(code(dlc_session_set_batch(session, 5)), DLC_OK);
  dlc_status *wrongSize = dlc_session_set_input(session, 0, images.values.data(), 32 * 32 * 4);
  EXPECT_EQ(dlc_status_code(wrongSize), DLC_INVALID_ARGUMENT);
  EXPECT_NE(std::string(dlc_status_message(wrongSize)).find("at batch 5"), std::string::npos)
      << dlc_status_message(wrongSize);
  dlc_status_free(wrongSize);
  ASSERT_EQ(code(dlc_session_set_input(session, 0, images.values.data(),
                                       images.values.size() * sizeof(float))),
            DLC_OK);
  ASSERT_EQ(code(dlc_session_run(session)), DLC_OK);
  const void *data;
  size_t bytes;
  ASSERT_EQ(code(dlc_session_output(session, 0, &data, &bytes)), DLC_OK);
  ASSERT_EQ(bytes, 5u * 10 * sizeof(float));
  std::vector<float> together(static_cast<const float *>(data),
                              static_cast<const float *>(data) + 50);
  ASSERT_EQ(code(dlc_session_set_batch(session, 1)), DLC_OK);
  for (int n = 0; n < 5; ++n) {
    ASSERT_EQ(code(dlc_session_set_input(session, 0, images.values.data() + n * 32 * 32,
                                         32 * 32 * sizeof(float))),
              DLC_OK);
    ASSERT_EQ(code(dlc_session_run(session)), DLC_OK);
    ASSERT_EQ(code(dlc_session_output(session, 0, &data, &bytes)), DLC_OK);
    ASSERT_EQ(bytes, 10 * sizeof(float));
    for (int k = 0; k < 10; ++k)
      EXPECT_EQ(static_cast<const float *>(data)[k], together[n * 10 + k]) << n << " " << k;
  }
  EXPECT_EQ(code(dlc_session_set_batch(session, 0)), DLC_INVALID_ARGUMENT);

  dlc_model *fixedModel = nullptr;
  ASSERT_EQ(code(dlc_model_load(fixedLibrary.c_str(), &fixedModel)), DLC_OK);
  std::unique_ptr<dlc_model, void (*)(dlc_model *)> fixedGuard(fixedModel, dlc_model_free);
  EXPECT_EQ(dlc_model_has_dynamic_batch(fixedModel), 0);
  dlc_session *fixedSession = nullptr;
  ASSERT_EQ(code(dlc_session_create(fixedModel, &fixedSession)), DLC_OK);
  std::unique_ptr<dlc_session, void (*)(dlc_session *)> fixedSessionGuard(fixedSession,
                                                                          dlc_session_free);
  dlc_status *refused = dlc_session_set_batch(fixedSession, 3);
  EXPECT_EQ(dlc_status_code(refused), DLC_INVALID_ARGUMENT);
  EXPECT_NE(std::string(dlc_status_message(refused)).find("fixed batch"), std::string::npos);
  dlc_status_free(refused);
}

// A model whose ops mix samples (a sum over the batch) cannot keep a
// dynamic batch: dlc warns, naming the node, and the library runs batch 1.
TEST(DynamicBatch, MixingModelWarnsAndStaysAtBatchOne) {
  TempDir dir;
  std::vector<uint8_t> model = ModelBuilder("mix")
                                   .input("x", {-1, 3})
                                   .output("y", {-1, 3})
                                   .node("total", "ReduceSum", {"x"}, {"s"},
                                         {ints("axes", {0}), integer("keepdims", 1)})
                                   .node("centre", "Sub", {"x", "s"}, {"y"})
                                   .build();
  std::string path = dir.path("mix.dlcm"), library = dir.path("mix.so");
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(model.data()), model.size());
  ::testing::internal::CaptureStderr();
  ASSERT_EQ(tools::compileCommand({path, "-o", library}), 0);
  std::string warning = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(warning.find("warning: " + path + ": node 'total': a dynamic batch needs every op "
                         "to keep samples apart, and this dlc.reduce_sum reduces over the "
                         "batch; the library runs batch 1 only"),
            std::string::npos)
      << warning;
  dlc_model *loaded = nullptr;
  dlc_status *status = dlc_model_load(library.c_str(), &loaded);
  ASSERT_EQ(status, nullptr) << dlc_status_message(status);
  EXPECT_EQ(dlc_model_has_dynamic_batch(loaded), 0);
  dlc_model_free(loaded);
}

Array readArray(const std::string &path) {
  NpyArray npy;
  std::string error;
  EXPECT_TRUE(readNpy(path, npy, error)) << error;
  Array a{npy.shape, std::vector<float>(npy.data.size() / sizeof(float))};
  std::memcpy(a.values.data(), npy.data.data(), npy.data.size());
  return a;
}

// The command line a user runs: dlc MODEL -o LIB; dlc run LIB; dlc run --reference.
// Writes a random 1x1x32x32 image as a .npy file; false (and a test
// failure) when it cannot.
bool writeRandomImage(const std::string &path, unsigned seed) {
  std::mt19937 rng(seed);
  Array x = randomArray({1, 1, 32, 32}, rng);
  NpyArray npy{"float32", x.shape, {}};
  npy.data.resize(x.values.size() * sizeof(float));
  std::memcpy(npy.data.data(), x.values.data(), npy.data.size());
  std::string error;
  bool written = writeNpy(path, npy, error);
  EXPECT_TRUE(written) << error;
  return written;
}

TEST(LeNet5Cli, RunMatchesReference) {
  TempDir dir;
  std::string model = dir.path("lenet5.dlcm"), library = dir.path("lenet5.so");
  ASSERT_EQ(tools::initCommand({kModelJson, "-o", model}), 0);
  ASSERT_EQ(tools::compileCommand({model, "-o", library}), 0);

  std::string input = dir.path("x.npy");
  ASSERT_TRUE(writeRandomImage(input, 5));

  ASSERT_EQ(tools::runCommand({library, "--input", "image=" + input, "--output-dir",
                               dir.path("compiled")}),
            0);
  ASSERT_EQ(tools::runCommand({"--reference", model, "--input", "image=" + input,
                               "--output-dir", dir.path("reference")}),
            0);
  Array compiled = readArray(dir.path("compiled/scores.npy"));
  Array reference = readArray(dir.path("reference/scores.npy"));
  EXPECT_EQ(compiled.shape, (std::vector<int64_t>{1, 10}));
  EXPECT_LE(relativeError(compiled, reference), kTolerance);
}

// `dlc run` names a missing, unknown or mis-shaped input in one error line.
TEST(LeNet5Cli, RunRejectsBadInputs) {
  TempDir dir;
  std::string model = dir.path("lenet5.dlcm"), library = dir.path("lenet5.so");
  ASSERT_EQ(tools::initCommand({kModelJson, "-o", model}), 0);
  ASSERT_EQ(tools::compileCommand({model, "-o", library}), 0);
  std::string error, small = dir.path("small.npy"), ints = dir.path("ints.npy");
  ASSERT_TRUE(writeNpy(small, {"float32", {1, 1, 28, 28}, std::vector<uint8_t>(28 * 28 * 4)},
                       error));
  ASSERT_TRUE(writeNpy(ints, {"int32", {1, 1, 32, 32}, std::vector<uint8_t>(32 * 32 * 4)},
                       error));
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{library}, "error: missing input 'image': pass --input image=FILE.npy\n"},
      {{library, "--input", "picture=" + small},
       "error: unknown input 'picture' (the model's inputs: 'image')\n"},
      {{library, "--input", "image=" + small},
       "error: input 'image' has shape [1,1,28,28], the model expects [1,1,32,32]\n"},
      {{library, "--input", "image=" + ints},
       "error: input 'image': " + ints + " holds int32, the model takes float32\n"},
      {{library, "--input", "image"}, "error: --input 'image' is not NAME=FILE.npy\n"},
      {{"--reference", model, "--input", "image=" + dir.path("absent.npy")},
       "error: input 'image': " + dir.path("absent.npy")},
  };
  for (const Case &c : cases) {
    ::testing::internal::CaptureStderr();
    int status = tools::runCommand(c.args);
    std::string stderrText = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(status, 1) << stderrText;
    EXPECT_EQ(stderrText.rfind(c.message, 0), 0u) << stderrText;
    EXPECT_EQ(std::count(stderrText.begin(), stderrText.end(), '\n'), 1) << stderrText;
  }
}

// `dlc MODEL ...` option errors: one line naming what is wrong and what is accepted.
TEST(LeNet5Cli, CompileRejectsBadOptions) {
  TempDir dir;
  std::string model = std::string(DLC_SOURCE_DIR) + "/examples/lenet5/lenet5.dlcm";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{model, "-o", dir.path("l.dll")},
       "error: " + dir.path("l.dll") + ": unknown output kind; use a .so, .a or .o file name\n"},
      {{model, "-o", dir.path("l.so"), "--name", "9lives"},
       "error: --name needs a C identifier ([A-Za-z_][A-Za-z0-9_]*)\n"},
      {{model, "-o", dir.path("l.so"), "--target", "arm-64-linux"},
       "error: --target 'arm-64-linux': dlc emits x86-64 Linux libraries only\n"},
      {{model, "-o", dir.path("l.so"), "--target", "not-a-target"},
       "error: --target 'not-a-target' is not a Halide target string (e.g. "
       "x86-64-linux-avx2-fma)\n"},
      {{model, "-o", dir.path("l.so"), "--batch", "0"},
       "error: --batch needs a positive integer\n"},
      {{model, "-o", dir.path("l.so"), "--attention-tiles", "24"},
       "error: --attention-tiles needs Q,K (queries and keys per block, both positive) or 0 "
       "(the row-at-a-time kernel), got '24'\n"},
      {{model, "-o", dir.path("l.so"), "--attention-tiles", "0,128"},
       "error: --attention-tiles needs Q,K (queries and keys per block, both positive) or 0 "
       "(the row-at-a-time kernel), got '0,128'\n"},
      {{model, "--emit=llvm"}, "error: unknown --emit value 'llvm' (accepted: mlir)\n"},
      {{model}, "error: no output given: use -o model.so (or .a, .o), or --emit=mlir\n"},
      {{model, "--fast"}, "error: unknown option '--fast' (see dlc --help)\n"},
  };
  for (const Case &c : cases) {
    ::testing::internal::CaptureStderr();
    int status = tools::compileCommand(c.args);
    std::string stderrText = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(status, 1) << stderrText;
    EXPECT_EQ(stderrText, c.message);
  }
  EXPECT_FALSE(std::ifstream(dir.path("l.so")).good()) << "no library on failure";
}

// examples/lenet5/lenet5.dlcm is `dlc init lenet5.json --seed 0`, byte for
// byte: initialization is deterministic and the committed file is current.
TEST(LeNet5Example, CommittedModelMatchesInit) {
  TempDir dir;
  std::string fresh = dir.path("lenet5.dlcm");
  ASSERT_EQ(tools::initCommand({kModelJson, "--seed", "0", "-o", fresh}), 0);
  std::vector<uint8_t> expected, actual;
  std::string error;
  ASSERT_TRUE(readWholeFile(fresh, expected, error)) << error;
  ASSERT_TRUE(readWholeFile(std::string(DLC_SOURCE_DIR) + "/examples/lenet5/lenet5.dlcm", actual,
                            error))
      << error;
  EXPECT_TRUE(actual == expected)
      << "regenerate it: dlc init examples/lenet5/lenet5.json --seed 0 -o "
         "examples/lenet5/lenet5.dlcm";
}

// The same model compiled as a static library and as an object links too.
TEST(LeNet5Cli, StaticLibraryAndObjectOutputs) {
  TempDir dir;
  std::string model = dir.path("lenet5.dlcm");
  ASSERT_EQ(tools::initCommand({kModelJson, "-o", model}), 0);
  for (const char *name : {"lenet5.a", "lenet5.o"}) {
    ASSERT_EQ(tools::compileCommand({model, "-o", dir.path(name)}), 0) << name;
    std::ifstream header(dir.path("lenet5.h"));
    std::string text((std::istreambuf_iterator<char>(header)), {});
    EXPECT_NE(text.find("int lenet5_run(const void *weights, void *arena"), std::string::npos);
    EXPECT_NE(text.find("#define LENET5_INPUT_IMAGE_SHAPE {-1, 1, 32, 32}"), std::string::npos);
    EXPECT_NE(text.find("int lenet5_run_batch(const void *weights, void *arena"),
              std::string::npos);
  }
}

// --external-weights: the library holds no weights, the runtime maps
// MODEL.weights at load and gives the same scores; a missing or truncated
// weights file is one clear load error.
TEST(LeNet5Cli, ExternalWeights) {
  TempDir dir;
  std::string model = dir.path("lenet5.dlcm");
  ASSERT_EQ(tools::initCommand({kModelJson, "-o", model}), 0);
  std::string embedded = dir.path("embedded.so"), external = dir.path("external.so");
  ASSERT_EQ(tools::compileCommand({model, "-o", embedded}), 0);
  ASSERT_EQ(tools::compileCommand({model, "-o", external, "--external-weights"}), 0);
  std::string weights = dir.path("external.weights");
  ASSERT_TRUE(std::filesystem::exists(weights));
  // LeNet-5's 61,706 float weights (plus alignment) are in the file, not the library.
  EXPECT_GE(std::filesystem::file_size(weights), 61706u * 4);
  EXPECT_LT(std::filesystem::file_size(external) + 200000, std::filesystem::file_size(embedded));
  std::ifstream header(dir.path("external.h"));
  std::string text((std::istreambuf_iterator<char>(header)), {});
  EXPECT_NE(text.find("#define LENET5_WEIGHTS_FILE \"external.weights\""), std::string::npos);

  std::string input = dir.path("x.npy");
  ASSERT_TRUE(writeRandomImage(input, 7));
  for (const std::string &library : {embedded, external})
    ASSERT_EQ(tools::runCommand({library, "--input", "image=" + input, "--output-dir",
                                 library + ".out"}),
              0);
  Array a = readArray(embedded + ".out/scores.npy"), b = readArray(external + ".out/scores.npy");
  EXPECT_EQ(a.values, b.values);

  uint64_t bytes = std::filesystem::file_size(weights);
  std::filesystem::resize_file(weights, 100);
  dlc_model *loaded = nullptr;
  dlc_status *status = dlc_model_load(external.c_str(), &loaded);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(std::string(dlc_status_message(status)),
            external + ": the weights file '" + weights +
                "' has 100 bytes, the library expects " +
                std::to_string(bytes) +
                " (it belongs to another build of the model)");
  dlc_status_free(status);
  std::filesystem::remove(weights);
  status = dlc_model_load(external.c_str(), &loaded);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(std::string(dlc_status_message(status)),
            external + ": cannot open the weights file '" + weights +
                "': No such file or directory");
  dlc_status_free(status);
}

} // namespace
} // namespace dlc::test
