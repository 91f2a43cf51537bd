// dlc.gather with run-time int64 indices (embedding lookup): each case is a
// dlc model file whose weights `dlc init` fills, compiled and run with
// `dlc run` on an int64 .npy file, against `dlc run --reference` (the
// interpreter). Odd sizes, negative indices, every axis, scalar indices and
// a dynamic batch.
#include <cstring>
#include <fstream>

#include "compiler/tools/Commands.h"
#include "dlc/npy.h"
#include "gtest/gtest.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

struct GatherCase {
  const char *name;
  std::vector<int64_t> tableShape;
  std::vector<int64_t> declaredIndices;  // in the model: -1 for a dynamic batch
  std::vector<int64_t> indicesShape;     // of the array run
  int64_t axis;
  std::vector<int64_t> outputShape;
};

// Test names, not the struct's bytes, in gtest's output.
void PrintTo(const GatherCase &c, std::ostream *os) { *os << c.name; }

std::string dims(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : ", ") + std::to_string(d);
  return "[" + s + "]";
}

std::string modelJson(const GatherCase &c) {
  return "{ name: \"gather\", inputs: [ { name: \"tokens\", dtype: \"Int64\", shape: " +
         dims(c.declaredIndices) +
         " } ], outputs: [ { name: \"y\" } ], weights: [ { name: \"table\", shape: " +
         dims(c.tableShape) +
         ", init: \"xavier_uniform\" } ], nodes: [ { name: \"lookup\", op_type: \"Gather\", "
         "inputs: [\"table\", \"tokens\"], outputs: [\"y\"], attributes: [ { name: \"axis\", "
         "kind: \"Int\", i: " +
         std::to_string(c.axis) + " } ] } ] }";
}

NpyArray readOutput(const std::string &path) {
  NpyArray array;
  std::string error;
  EXPECT_TRUE(readNpy(path, array, error)) << error;
  return array;
}

class Gather : public ::testing::TestWithParam<GatherCase> {};

TEST_P(Gather, CompiledMatchesInterpreter) {
  const GatherCase &c = GetParam();
  TempDir dir;
  std::string json = dir.path("gather.json"), model = dir.path("gather.dlcm");
  std::ofstream(json) << modelJson(c);
  ASSERT_EQ(tools::initCommand({json, "--seed", "3", "-o", model}), 0);
  std::string library = dir.path("gather.so");
  ASSERT_EQ(tools::compileCommand({model, "-o", library}), 0);

  // Every index of the axis, the negative ones too, in a scrambled order.
  int64_t axis = c.axis < 0 ? c.axis + static_cast<int64_t>(c.tableShape.size()) : c.axis;
  int64_t extent = c.tableShape[axis], count = 1;
  for (int64_t d : c.indicesShape)
    count *= d;
  std::vector<int64_t> indices(count);
  for (int64_t i = 0; i < count; ++i)
    indices[i] = (i * 7 + 3) % (2 * extent) - extent;  // in [-extent, extent)
  NpyArray tokens{"int64", c.indicesShape, std::vector<uint8_t>(count * sizeof(int64_t))};
  std::memcpy(tokens.data.data(), indices.data(), tokens.data.size());
  std::string error, tokensPath = dir.path("tokens.npy");
  ASSERT_TRUE(writeNpy(tokensPath, tokens, error)) << error;

  ASSERT_EQ(tools::runCommand({library, "--input", "tokens=" + tokensPath, "--output-dir",
                               dir.path("compiled")}),
            0);
  ASSERT_EQ(tools::runCommand({"--reference", model, "--input", "tokens=" + tokensPath,
                               "--output-dir", dir.path("reference")}),
            0);
  NpyArray compiled = readOutput(dir.path("compiled/y.npy"));
  NpyArray reference = readOutput(dir.path("reference/y.npy"));
  EXPECT_EQ(compiled.shape, c.outputShape);
  EXPECT_EQ(reference.shape, c.outputShape);
  // A gather copies: the values are equal, not just close.
  EXPECT_EQ(compiled.data, reference.data);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Gather,
    ::testing::Values(
        GatherCase{"embedding", {11, 5}, {3, 7}, {3, 7}, 0, {3, 7, 5}},
        GatherCase{"embedding_dynamic_batch", {13, 9}, {-1, 4}, {5, 4}, 0, {5, 4, 9}},
        GatherCase{"middle_axis", {2, 6, 3}, {4}, {4}, 1, {2, 4, 3}},
        GatherCase{"last_axis", {3, 9}, {2, 2}, {2, 2}, -1, {3, 2, 2}},
        GatherCase{"scalar_index", {7, 3}, {}, {}, 0, {3}}),
    [](const ::testing::TestParamInfo<GatherCase> &info) { return info.param.name; });

// An int64 tensor anywhere but Gather's indices is one clear error.
TEST(GatherErrors, Int64OutsideIndicesIsRejected) {
  TempDir dir;
  std::string json = dir.path("bad.json");
  std::ofstream(json) << "{ name: \"bad\", inputs: [ { name: \"ids\", dtype: \"Int64\", "
                         "shape: [2, 3] } ], outputs: [ { name: \"y\" } ], nodes: [ { name: "
                         "\"act\", op_type: \"Relu\", inputs: [\"ids\"], outputs: [\"y\"] } ] }";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(tools::compileCommand({json, "-o", dir.path("bad.so")}), 1);
  std::string message = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(message, "error: " + json +
                         ": node 'act': input 'ids' is an int64 tensor; dlc computes in float32 "
                         "and takes int64 tensors only as the indices of Gather (embedding "
                         "lookup)\n");
}

} // namespace
} // namespace dlc::test
