// Fused kernels (dlc.fused: batch norm folded into a convolution, element-
// wise chains applied in the producer's kernel) against the reference
// interpreter, which runs the graph as imported, op by op. Each model is
// also compiled with --no-fuse, so a fused result that drifts from the
// unfused one shows which side moved.
#include <functional>

#include "gtest/gtest.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

constexpr double kTolerance = 1e-5;

struct FusionCase {
  std::string name;
  std::function<ModelBuilder(std::mt19937 &, std::vector<Array> &)> make;
};

void PrintTo(const FusionCase &c, std::ostream *os) { *os << c.name; }

// Positive variances, as a trained batch norm has.
Array variances(int64_t channels, std::mt19937 &rng) {
  Array a = randomArray({channels}, rng);
  for (float &v : a.values)
    v = 0.5f + v * v;
  return a;
}

void addBatchNorm(ModelBuilder &m, const std::string &prefix, int64_t channels,
                  std::mt19937 &rng) {
  m.weight(prefix + ".scale", randomArray({channels}, rng));
  m.weight(prefix + ".bias", randomArray({channels}, rng));
  m.weight(prefix + ".mean", randomArray({channels}, rng));
  m.weight(prefix + ".var", variances(channels, rng));
}

// conv -> batch norm [-> + residual input] -> relu, at `size` x `size`
// (7 and 14 take the channel-block kernel, 20 the x-vector one).
FusionCase convBnRelu(const std::string &name, int64_t channels, int64_t size, bool bias,
                      bool residual) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            std::vector<int64_t> shape = {2, channels, size, size};
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("conv_bn_relu");
            m.input("x", shape).output("y", shape);
            m.weight("w", randomArray({channels, channels, 3, 3}, rng));
            std::vector<std::string> operands = {"x", "w"};
            if (bias) {
              m.weight("b", randomArray({channels}, rng));
              operands.push_back("b");
            }
            addBatchNorm(m, "bn", channels, rng);
            m.node("conv", "Conv2d", operands, {"c"}, {ints("padding", {1, 1, 1, 1})});
            m.node("bn", "BatchNorm", {"c", "bn.scale", "bn.bias", "bn.mean", "bn.var"}, {"n"},
                   {floating("epsilon", 1e-3)});
            std::string beforeRelu = "n";
            if (residual) {
              m.node("skip", "Add", {"n", "x"}, {"s"});
              beforeRelu = "s";
            }
            m.node("relu", "Relu", {beforeRelu}, {"y"});
            return m;
          }};
}

// conv -> relu6 (clip) -> * per-channel scale -> scalar - value: unary,
// per-channel and scalar operands, the chained value on either side.
FusionCase convChain(const std::string &name, int64_t width) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({1, 8, 9, width}, rng)};
            ModelBuilder m("conv_chain");
            m.input("x", {1, 8, 9, width}).output("y", {1, 16, 9, width});
            m.weight("w", randomArray({16, 8, 3, 3}, rng));
            m.weight("b", randomArray({16}, rng));
            m.weight("scale", randomArray({1, 16, 1, 1}, rng));
            m.weight("one", randomArray({1}, rng));
            m.node("conv", "Conv2d", {"x", "w", "b"}, {"c"}, {ints("padding", {1, 1, 1, 1})});
            m.node("relu6", "Clip", {"c"}, {"r"}, {floating("min", 0), floating("max", 0.5)});
            m.node("scaled", "Mul", {"r", "scale"}, {"s"});
            m.node("flip", "Sub", {"one", "s"}, {"y"});
            return m;
          }};
}

struct ConvSiluSpec {
  int64_t channels, outChannels, size, kernel, stride, padding, groups;
  bool residual; // + the input after the SiLU (stride 1, same channels)
};

// conv -> x * sigmoid(x) (SiLU as PyTorch exports it: the mul reads the
// convolution's result again) [-> + residual input]. Depthwise at 7x7
// takes the flat-plane kernel (the SiLU on the flat vectors, or with a
// residual at the output's coordinates), strided depthwise the phases,
// pointwise with few channels on wide rows the x-vector kernel.
FusionCase convSilu(const std::string &name, ConvSiluSpec s) {
  return {
      name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
        int64_t out = (s.size + 2 * s.padding - s.kernel) / s.stride + 1;
        std::vector<int64_t> shape = {2, s.channels, s.size, s.size};
        inputs = {randomArray(shape, rng)};
        ModelBuilder m("conv_silu");
        m.input("x", shape).output("y", {2, s.outChannels, out, out});
        m.weight("w", randomArray({s.outChannels, s.channels / s.groups, s.kernel, s.kernel}, rng));
        m.weight("b", randomArray({s.outChannels}, rng));
        int64_t p = s.padding;
        m.node("conv", "Conv2d", {"x", "w", "b"}, {"c"},
               {ints("strides", {s.stride, s.stride}), ints("padding", {p, p, p, p}),
                integer("groups", s.groups)});
        m.node("sigmoid", "Sigmoid", {"c"}, {"g"});
        m.node("silu", "Mul", {"c", "g"}, {s.residual ? "a" : "y"});
        if (s.residual)
          m.node("skip", "Add", {"a", "x"}, {"y"});
        return m;
      }};
}

// zero pad of height and width -> 3x3 average pool (PyTorch's export of
// avg_pool2d with padding): --dlc-fold-pool-padding makes it one pool
// with count_include_pad, against the pad and pool the interpreter runs.
FusionCase padThenAvgPool(const std::string &name, int64_t size, int64_t channels = 5) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            std::vector<int64_t> shape = {2, channels, size, size + 3};
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("pad_pool");
            m.input("x", shape).output("y", {2, channels, size + 1, size + 3});
            m.node("pad", "Pad", {"x"}, {"p"}, {ints("pads", {0, 0, 2, 1, 0, 0, 1, 1})});
            m.node("pool", "AvgPool2d", {"p"}, {"y"},
                   {ints("kernel", {3, 3}), ints("strides", {1, 1})});
            return m;
          }};
}

// linear -> + per-feature vector -> gelu -> + residual.
FusionCase linearChain() {
  return {"linear_bias_gelu_residual", [](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({13, 24}, rng), randomArray({13, 40}, rng)};
            ModelBuilder m("linear_chain");
            m.input("x", {13, 24}).input("skip", {13, 40}).output("y", {13, 40});
            m.weight("w", randomArray({40, 24}, rng));
            m.weight("shift", randomArray({40}, rng));
            m.node("fc", "Linear", {"x", "w"}, {"f"});
            m.node("shifted", "Add", {"f", "shift"}, {"s"});
            m.node("gelu", "Gelu", {"s"}, {"g"});
            m.node("residual", "Add", {"skip", "g"}, {"y"});
            return m;
          }};
}

// [B, S, K] x [K, N] (rows of all batches in one matrix) -> + [N] -> relu,
// and a batched matmul with a full-shape residual.
FusionCase matmulChain(const std::string &name, bool sharedRhs) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            std::vector<int64_t> rhs = sharedRhs ? std::vector<int64_t>{20, 24}
                                                 : std::vector<int64_t>{3, 20, 24};
            inputs = {randomArray({3, 11, 20}, rng), randomArray(rhs, rng),
                      randomArray({3, 11, 24}, rng)};
            ModelBuilder m("matmul_chain");
            m.input("a", {3, 11, 20}).input("b", rhs).input("skip", {3, 11, 24});
            m.output("y", {3, 11, 24});
            m.weight("bias", randomArray({24}, rng));
            m.node("mm", "MatMul", {"a", "b"}, {"p"});
            m.node("biased", "Add", {"p", "bias"}, {"q"});
            m.node("relu", "Relu", {"q"}, {"r"});
            m.node("residual", "Add", {"r", "skip"}, {"y"});
            return m;
          }};
}

// x . x -> relu: the producer reads one value twice (two group inputs).
FusionCase squareThenRelu() {
  return {"matmul_same_operand_twice", [](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({24, 24}, rng)};
            ModelBuilder m("square");
            m.input("x", {24, 24}).output("y", {24, 24});
            m.node("square", "MatMul", {"x", "x"}, {"p"});
            m.node("relu", "Relu", {"p"}, {"y"});
            return m;
          }};
}

// 1x1 conv (bias) -> batch norm -> + residual input -> relu -> * per-channel
// scale on 512 pixels: the GEMM kernel (runsAsGemm), whose rows are the
// output channels, so its bias and per-channel operands index the rows.
FusionCase pointwiseGemmChain() {
  return {"pointwise_gemm_bn_add_relu_mul", [](std::mt19937 &rng, std::vector<Array> &inputs) {
            std::vector<int64_t> in = {2, 40, 16, 32}, out = {2, 64, 16, 32};
            inputs = {randomArray(in, rng), randomArray(out, rng)};
            ModelBuilder m("pointwise_chain");
            m.input("x", in).input("skip", out).output("y", out);
            m.weight("w", randomArray({64, 40, 1, 1}, rng));
            m.weight("b", randomArray({64}, rng));
            m.weight("scale", randomArray({1, 64, 1, 1}, rng));
            addBatchNorm(m, "bn", 64, rng);
            m.node("conv", "Conv2d", {"x", "w", "b"}, {"c"});
            m.node("bn", "BatchNorm", {"c", "bn.scale", "bn.bias", "bn.mean", "bn.var"}, {"n"});
            m.node("add", "Add", {"n", "skip"}, {"s"});
            m.node("relu", "Relu", {"s"}, {"r"});
            m.node("scaled", "Mul", {"r", "scale"}, {"y"});
            return m;
          }};
}

// conv -> bn -> relu (grouped by --dlc-fuse-conv-bn-relu) -> + residual ->
// * per-channel scale: the epilogue pass extends the group.
FusionCase extendedGroup() {
  return {"conv_bn_relu_then_add_mul", [](std::mt19937 &rng, std::vector<Array> &inputs) {
            std::vector<int64_t> shape = {1, 16, 12, 12};
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("extended");
            m.input("x", shape).output("y", shape);
            m.weight("w", randomArray({16, 16, 3, 3}, rng));
            m.weight("scale", randomArray({1, 16, 1, 1}, rng));
            addBatchNorm(m, "bn", 16, rng);
            m.node("conv", "Conv2d", {"x", "w"}, {"c"}, {ints("padding", {1, 1, 1, 1})});
            m.node("bn", "BatchNorm", {"c", "bn.scale", "bn.bias", "bn.mean", "bn.var"}, {"n"});
            m.node("relu", "Relu", {"n"}, {"r"});
            m.node("skip", "Add", {"x", "r"}, {"s"});
            m.node("scaled", "Mul", {"s", "scale"}, {"y"});
            return m;
          }};
}

class Fusion : public ::testing::TestWithParam<FusionCase> {};

TEST_P(Fusion, FusedAndUnfusedMatchInterpreter) {
  std::mt19937 rng(99);
  std::vector<Array> inputs;
  std::vector<uint8_t> model = GetParam().make(rng, inputs).build();
  std::vector<Array> reference, fused, unfused;
  ASSERT_TRUE(interpret(model, inputs, reference));
  TempDir fusedDir, unfusedDir;
  ASSERT_TRUE(compileAndRun(fusedDir, model, inputs, fused));
  ASSERT_TRUE(compileAndRun(unfusedDir, model, inputs, unfused, {"--no-fuse"}));
  ASSERT_EQ(fused.size(), reference.size());
  ASSERT_EQ(unfused.size(), reference.size());
  for (size_t i = 0; i < reference.size(); ++i) {
    EXPECT_LE(relativeError(fused[i], reference[i]), kTolerance) << "fused output " << i;
    EXPECT_LE(relativeError(unfused[i], reference[i]), kTolerance) << "unfused output " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Groups, Fusion,
    ::testing::Values(
        convBnRelu("conv_bn_relu_7x7_channel_blocks", 32, 7, false, false),
        convBnRelu("conv_bias_bn_add_relu_14x14", 16, 14, true, true),
        convBnRelu("conv_bn_add_relu_20x20_x_vectors", 8, 20, true, true),
        convChain("conv_clip_mul_rsub_x_vectors", 23),
        convChain("conv_clip_mul_rsub_channel_blocks", 6), linearChain(),
        matmulChain("matmul_shared_rhs_bias_relu_residual", true),
        matmulChain("batched_matmul_bias_relu_residual", false), squareThenRelu(), extendedGroup(),
        convSilu("depthwise_5x5_7x7_silu_flat_planes", {24, 24, 7, 5, 1, 2, 24, false}),
        convSilu("depthwise_3x3_9x9_silu_residual_flat_planes", {16, 16, 9, 3, 1, 1, 16, true}),
        convSilu("depthwise_5x5_stride2_silu_phases", {8, 8, 37, 5, 2, 2, 8, false}),
        convSilu("depthwise_3x3_stride2_unpadded_phases", {8, 8, 36, 3, 2, 0, 8, false}),
        convSilu("depthwise_3x3_stride2_silu_rows", {16, 16, 40, 3, 2, 1, 16, false}),
        convSilu("pointwise_24_to_40_silu_x_vectors", {24, 40, 40, 1, 1, 0, 1, false}),
        convSilu("pointwise_16_to_16_silu_residual_x_vectors", {16, 16, 33, 1, 1, 0, 1, true}),
        convSilu("pointwise_64_to_64_silu_residual_gemm", {64, 64, 32, 1, 1, 0, 1, true}),
        pointwiseGemmChain(), padThenAvgPool("pad_then_avg_pool_7", 7),
        padThenAvgPool("pad_then_avg_pool_35", 35),
        // Enough planes for tasks of several, the last one partial.
        padThenAvgPool("pad_then_avg_pool_17_planes_in_tasks", 17, 151),
        convSilu("depthwise_5x5_7x7_planes_in_tasks", {232, 232, 7, 5, 1, 2, 232, false}),
        convSilu("depthwise_3x3_28x28_planes_in_tasks", {100, 100, 28, 3, 1, 1, 100, true})),
    [](const auto &info) { return info.param.name; });

} // namespace
} // namespace dlc::test
