// dlc.attention compiled as flash attention (blocks of queries against
// blocks of keys, online softmax) and as the row-at-a-time kernel, against
// the reference interpreter: sequences of 1, 10 and 197 with blocks that do
// not divide them, cross attention, D != Dv, causal, broadcast masks with
// -inf entries, several heads.
#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

constexpr double kTolerance = 1e-5;

struct AttentionCase {
  std::string name;
  std::vector<int64_t> batch;  // leading (batch, head) dimensions
  int64_t queries, keys, depth, valueDepth;
  std::vector<int64_t> maskShape;  // empty: no mask
  bool causal;
  std::string tiles;  // --attention-tiles; empty: the compiler's default
};

void PrintTo(const AttentionCase &c, std::ostream *os) { *os << c.name; }

std::vector<int64_t> withLast(std::vector<int64_t> shape, int64_t a, int64_t b) {
  shape.push_back(a);
  shape.push_back(b);
  return shape;
}

class FlashAttention : public ::testing::TestWithParam<AttentionCase> {};

TEST_P(FlashAttention, CompiledMatchesInterpreter) {
  const AttentionCase &c = GetParam();
  std::mt19937 rng(77);
  std::vector<int64_t> qShape = withLast(c.batch, c.queries, c.depth);
  std::vector<int64_t> kShape = withLast(c.batch, c.keys, c.depth);
  std::vector<int64_t> vShape = withLast(c.batch, c.keys, c.valueDepth);
  std::vector<Array> inputs = {randomArray(qShape, rng), randomArray(kShape, rng),
                               randomArray(vShape, rng)};
  for (float &x : inputs[0].values)
    x *= 3.f;  // peaked softmax rows: the running maximum matters
  ModelBuilder m("attention");
  m.input("q", qShape).input("k", kShape).input("v", vShape);
  m.output("y", withLast(c.batch, c.queries, c.valueDepth));
  std::vector<std::string> operands = {"q", "k", "v"};
  if (!c.maskShape.empty()) {
    // About a fifth of the entries drop their key (-inf), whole key blocks
    // of some rows included; the last key always stays, so no row is all
    // -inf (its softmax would be NaN).
    Array mask = randomArray(c.maskShape, rng);
    int64_t keys = c.maskShape.back();
    for (size_t n = 0; n < mask.values.size(); ++n)
      if (mask.values[n] < -0.6f && static_cast<int64_t>(n % keys) != keys - 1)
        mask.values[n] = -std::numeric_limits<float>::infinity();
    inputs.push_back(mask);
    m.input("mask", c.maskShape);
    operands.push_back("mask");
  }
  m.node("attn", "Attention", operands, {"y"},
         {floating("scale", 1.0 / std::sqrt(static_cast<double>(c.depth))),
          integer("causal", c.causal)});
  std::vector<uint8_t> model = m.build();
  std::vector<std::string> flags;
  if (!c.tiles.empty())
    flags = {"--attention-tiles", c.tiles};
  TempDir dir;
  std::vector<Array> compiled, reference;
  ASSERT_TRUE(compileAndRun(dir, model, inputs, compiled, flags));
  ASSERT_TRUE(interpret(model, inputs, reference));
  ASSERT_EQ(compiled.size(), 1u);
  ASSERT_EQ(reference.size(), 1u);
  for (float x : compiled[0].values)
    ASSERT_TRUE(std::isfinite(x));
  EXPECT_LE(relativeError(compiled[0], reference[0]), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, FlashAttention,
    ::testing::Values(
        AttentionCase{"seq1_default_tiles", {2}, 1, 1, 16, 16, {}, false, ""},
        AttentionCase{"one_query_ten_keys", {4}, 1, 10, 16, 8, {}, false, "24,4"},
        AttentionCase{"seq10_blocks_4x3_causal", {3}, 10, 10, 8, 8, {}, true, "4,3"},
        AttentionCase{"seq10_default_tiles_masked", {2}, 10, 10, 16, 16, {10, 10}, false, ""},
        AttentionCase{"seq197_12_heads_d64", {1, 12}, 197, 197, 64, 64, {}, false, "24,64"},
        AttentionCase{"seq197_default_tiles_causal", {2, 3}, 197, 197, 16, 16, {}, true, ""},
        AttentionCase{"cross_33_queries_70_keys", {2, 3}, 33, 70, 16, 24, {}, false, "24,32"},
        AttentionCase{"cross_causal_odd_value_depth", {2, 3}, 7, 13, 8, 5, {}, true, "3,5"},
        AttentionCase{"mask_broadcast_over_queries", {2, 3}, 9, 10, 12, 7, {3, 1, 10}, false,
                      "8,4"},
        AttentionCase{"mask_per_batch_broadcast_over_heads", {2, 4}, 40, 50, 32, 16,
                      {2, 1, 40, 50}, true, "16,16"},
        AttentionCase{"row_kernel_seq197", {1, 4}, 197, 197, 64, 64, {197, 197}, true, "0"}),
    [](const auto &info) { return info.param.name; });

} // namespace
} // namespace dlc::test
