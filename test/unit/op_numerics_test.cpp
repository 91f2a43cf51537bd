// Every op compiled by dlc (Halide kernels + glue + runtime) against the
// reference interpreter, on random data and odd shapes: strides, padding
// (asymmetric too), dilation, groups, depthwise, vector tails.
#include <cmath>
#include <functional>

#include "gtest/gtest.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

constexpr double kTolerance = 1e-5;

struct OpCase {
  std::string name;
  // Builds the model and its inputs.
  std::function<ModelBuilder(std::mt19937 &, std::vector<Array> &)> make;
};

void PrintTo(const OpCase &c, std::ostream *os) { *os << c.name; }

struct ConvSpec {
  int64_t n, c, h, w, o, kh, kw;
  std::vector<int64_t> strides, padding, dilations;
  int64_t groups;
  bool bias;
};

int64_t outExtent(int64_t in, int64_t before, int64_t after, int64_t k, int64_t d, int64_t s) {
  return (in + before + after - d * (k - 1) - 1) / s + 1;
}

OpCase conv(const std::string &name, ConvSpec s) {
  return {name, [s](std::mt19937 &rng, std::vector<Array> &inputs) {
            int64_t oh = outExtent(s.h, s.padding[0], s.padding[2], s.kh, s.dilations[0], s.strides[0]);
            int64_t ow = outExtent(s.w, s.padding[1], s.padding[3], s.kw, s.dilations[1], s.strides[1]);
            inputs = {randomArray({s.n, s.c, s.h, s.w}, rng)};
            ModelBuilder m("conv");
            m.input("x", {s.n, s.c, s.h, s.w}).output("y", {s.n, s.o, oh, ow});
            m.weight("w", randomArray({s.o, s.c / s.groups, s.kh, s.kw}, rng));
            std::vector<std::string> operands = {"x", "w"};
            if (s.bias) {
              m.weight("b", randomArray({s.o}, rng));
              operands.push_back("b");
            }
            m.node("conv", "Conv2d", operands, {"y"},
                   {ints("strides", s.strides), ints("padding", s.padding),
                    ints("dilations", s.dilations), integer("groups", s.groups)});
            return m;
          }};
}

struct PoolSpec {
  int64_t n, c, h, w;
  std::vector<int64_t> kernel, strides, padding;
  bool isMax;
  bool countIncludePad;
};

struct ConvTransposeSpec {
  int64_t n, c, h, w, o, kh, kw;
  std::vector<int64_t> strides, padding, outputPadding, dilations;
  int64_t groups;
  bool bias;
};

OpCase convTranspose(const std::string &name, ConvTransposeSpec s) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({s.n, s.c, s.h, s.w}, rng)};
            int64_t oh = (s.h - 1) * s.strides[0] - s.padding[0] - s.padding[2] +
                         s.dilations[0] * (s.kh - 1) + s.outputPadding[0] + 1;
            int64_t ow = (s.w - 1) * s.strides[1] - s.padding[1] - s.padding[3] +
                         s.dilations[1] * (s.kw - 1) + s.outputPadding[1] + 1;
            ModelBuilder m("conv_transpose");
            m.input("x", {s.n, s.c, s.h, s.w}).output("y", {s.n, s.o, oh, ow});
            m.weight("w", randomArray({s.c, s.o / s.groups, s.kh, s.kw}, rng));
            std::vector<std::string> operands = {"x", "w"};
            if (s.bias) {
              m.weight("b", randomArray({s.o}, rng));
              operands.push_back("b");
            }
            m.node("up", "ConvTranspose2d", operands, {"y"},
                   {ints("strides", s.strides), ints("padding", s.padding),
                    ints("output_padding", s.outputPadding), ints("dilations", s.dilations),
                    integer("groups", s.groups)});
            return m;
          }};
}

OpCase pool(const std::string &name, PoolSpec s) {
  return {name, [s](std::mt19937 &rng, std::vector<Array> &inputs) {
            int64_t oh = outExtent(s.h, s.padding[0], s.padding[2], s.kernel[0], 1, s.strides[0]);
            int64_t ow = outExtent(s.w, s.padding[1], s.padding[3], s.kernel[1], 1, s.strides[1]);
            inputs = {randomArray({s.n, s.c, s.h, s.w}, rng)};
            ModelBuilder m("pool");
            m.input("x", {s.n, s.c, s.h, s.w}).output("y", {s.n, s.c, oh, ow});
            std::vector<AttributeSpec> attributes = {ints("kernel", s.kernel),
                                                     ints("strides", s.strides),
                                                     ints("padding", s.padding)};
            if (!s.isMax)
              attributes.push_back(integer("count_include_pad", s.countIncludePad));
            m.node("pool", s.isMax ? "MaxPool2d" : "AvgPool2d", {"x"}, {"y"}, attributes);
            return m;
          }};
}

// `scale` spreads the inputs from [-1, 1) (4: the saturating ranges of
// tanh and sigmoid); `offset` shifts them (log and sqrt need positives).
OpCase unary(const std::string &opType, std::vector<int64_t> shape,
             std::vector<AttributeSpec> attributes = {}, float scale = 4.f, float offset = 0.f,
             const std::string &suffix = "") {
  std::string name = opType + suffix;
  for (int64_t d : shape)
    name += "_" + std::to_string(d);
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            for (float &v : inputs[0].values)
              v = v * scale + offset;
            ModelBuilder m("unary");
            m.input("x", shape).output("y", shape).node("op", opType, {"x"}, {"y"}, attributes);
            return m;
          }};
}

OpCase linear(const std::string &name, int64_t n, int64_t k, int64_t mOut, bool bias) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({n, k}, rng)};
            ModelBuilder m("linear");
            m.input("x", {n, k}).output("y", {n, mOut}).weight("w", randomArray({mOut, k}, rng));
            std::vector<std::string> operands = {"x", "w"};
            if (bias) {
              m.weight("b", randomArray({mOut}, rng));
              operands.push_back("b");
            }
            m.node("fc", "Linear", operands, {"y"});
            return m;
          }};
}

OpCase binary(const std::string &opType, const std::string &name, std::vector<int64_t> a,
              std::vector<int64_t> b, std::vector<int64_t> out) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(a, rng), randomArray(b, rng)};
            if (opType == "Pow" || opType == "Div")
              for (float &v : inputs[opType == "Pow" ? 0 : 1].values)
                v = 0.5f + std::fabs(v);  // positive bases; divisors away from 0
            bool comparison = opType.find("Less") == 0 || opType.find("Greater") == 0 ||
                              opType == "Equal";
            if (comparison)  // few distinct values, so that ties occur
              for (Array &input : inputs)
                for (float &v : input.values)
                  v = std::round(v * 2.f) / 2.f;
            ModelBuilder m("binary");
            m.input("a", a).input("b", b).output("y", out).node("op", opType, {"a", "b"}, {"y"});
            return m;
          }};
}

// Where(cond, a, b) with a mask of ones and zeros, or with a comparison's
// mask (`compare`: Greater(a, b) first, so the result is max(a, b)).
OpCase where(const std::string &name, std::vector<int64_t> cond, std::vector<int64_t> a,
             std::vector<int64_t> b, std::vector<int64_t> out, bool compare = false) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(a, rng), randomArray(b, rng)};
            ModelBuilder m("where");
            m.input("a", a).input("b", b).output("y", out);
            if (compare) {
              m.node("compare", "Greater", {"a", "b"}, {"mask"});
            } else {
              inputs.push_back(randomArray(cond, rng));
              for (float &v : inputs.back().values)
                v = v > 0 ? 1.f : 0.f;
              m.input("mask", cond);
            }
            m.node("select", "Where", {"mask", "a", "b"}, {"y"});
            return m;
          }};
}

OpCase add(const std::string &name, std::vector<int64_t> a, std::vector<int64_t> b,
           std::vector<int64_t> out) {
  return binary("Add", name, a, b, out);
}

// BatchNorm with random statistics (positive variances) as weights.
OpCase batchNorm(const std::string &name, std::vector<int64_t> shape) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            int64_t c = shape[1];
            Array var = randomArray({c}, rng);
            for (float &v : var.values)
              v = 0.1f + std::fabs(v);
            ModelBuilder m("batch_norm");
            m.input("x", shape).output("y", shape);
            m.weight("scale", randomArray({c}, rng)).weight("bias", randomArray({c}, rng));
            m.weight("mean", randomArray({c}, rng)).weight("var", var);
            m.node("bn", "BatchNorm", {"x", "scale", "bias", "mean", "var"}, {"y"},
                   {floating("epsilon", 1e-3)});
            return m;
          }};
}

OpCase concat(const std::string &name, std::vector<std::vector<int64_t>> shapes, int64_t axis) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            ModelBuilder m("concat");
            std::vector<std::string> names;
            std::vector<int64_t> out = shapes[0];
            size_t d = axis < 0 ? axis + out.size() : axis;
            out[d] = 0;
            for (size_t i = 0; i < shapes.size(); ++i) {
              inputs.push_back(randomArray(shapes[i], rng));
              names.push_back("x" + std::to_string(i));
              m.input(names.back(), shapes[i]);
              out[d] += shapes[i][d];
            }
            m.output("y", out).node("cat", "Concat", names, {"y"}, {integer("axis", axis)});
            return m;
          }};
}

OpCase pad(const std::string &name, std::vector<int64_t> shape, std::vector<int64_t> pads,
           double value) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            std::vector<int64_t> out = shape;
            for (size_t d = 0; d < shape.size(); ++d)
              out[d] += pads[d] + pads[shape.size() + d];
            ModelBuilder m("pad");
            m.input("x", shape).output("y", out);
            m.node("pad", "Pad", {"x"}, {"y"}, {ints("pads", pads), floating("value", value)});
            return m;
          }};
}

// A one-input op of `opType` with `attributes` on a random input of
// `shape`, whose result has `out`.
OpCase shaped(const std::string &name, const std::string &opType, std::vector<int64_t> shape,
              std::vector<int64_t> out, std::vector<AttributeSpec> attributes) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("shaped");
            m.input("x", shape).output("y", out).node("op", opType, {"x"}, {"y"}, attributes);
            return m;
          }};
}

// MatMul of an input by an input, or by a constant weight.
OpCase matmul(const std::string &name, std::vector<int64_t> a, std::vector<int64_t> b,
              std::vector<int64_t> out, bool weight) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            ModelBuilder m("matmul");
            inputs = {randomArray(a, rng)};
            m.input("a", a).output("y", out);
            if (weight) {
              m.weight("b", randomArray(b, rng));
            } else {
              inputs.push_back(randomArray(b, rng));
              m.input("b", b);
            }
            m.node("mm", "MatMul", {"a", "b"}, {"y"});
            return m;
          }};
}

// A MatMul of a transposed input (its last two dimensions swapped), and
// with `transposeProduct` the product transposed too: the form of a weight
// gradient, (a^T b)^T, which --dlc-fold-transposes computes as b^T a when b
// is the smaller copy (as in both cases below). `a` is the input as stored
// ([..., K, M]).
OpCase transposedMatmul(const std::string &name, std::vector<int64_t> a, std::vector<int64_t> b,
                        bool transposeProduct) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            size_t rank = a.size();
            std::vector<int64_t> aT = a, out = b, perm;
            std::swap(aT[rank - 2], aT[rank - 1]);
            out[rank - 2] = aT[rank - 2];
            for (size_t d = 0; d < rank; ++d)
              perm.push_back(static_cast<int64_t>(d));
            std::swap(perm[rank - 2], perm[rank - 1]);
            std::vector<int64_t> outT = out;
            std::swap(outT[rank - 2], outT[rank - 1]);
            inputs = {randomArray(a, rng), randomArray(b, rng)};
            ModelBuilder m("transposed_matmul");
            m.input("a", a).input("b", b).output("y", transposeProduct ? outT : out);
            m.node("a_t", "Transpose", {"a"}, {"at"}, {ints("perm", perm)});
            m.node("mm", "MatMul", {"at", "b"}, {transposeProduct ? "p" : "y"});
            if (transposeProduct)
              m.node("p_t", "Transpose", {"p"}, {"y"}, {ints("perm", perm)});
            return m;
          }};
}

OpCase layerNorm(const std::string &name, std::vector<int64_t> shape, int64_t axis, bool bias) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            std::vector<int64_t> normalized(shape.begin() + (axis < 0 ? axis + shape.size() : axis),
                                            shape.end());
            ModelBuilder m("layer_norm");
            m.input("x", shape).output("y", shape).weight("scale", randomArray(normalized, rng));
            std::vector<std::string> operands = {"x", "scale"};
            if (bias) {
              m.weight("bias", randomArray(normalized, rng));
              operands.push_back("bias");
            }
            m.node("ln", "LayerNorm", operands, {"y"}, {integer("axis", axis)});
            return m;
          }};
}

OpCase groupNorm(const std::string &name, std::vector<int64_t> shape, int64_t groups) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("group_norm");
            m.input("x", shape).output("y", shape);
            m.weight("scale", randomArray({shape[1]}, rng));
            m.weight("bias", randomArray({shape[1]}, rng));
            m.node("gn", "GroupNorm", {"x", "scale", "bias"}, {"y"}, {integer("groups", groups)});
            return m;
          }};
}

// Attention over random q, k, v (and an additive mask of `maskShape`).
OpCase attention(const std::string &name, std::vector<int64_t> batch, int64_t sq, int64_t sk,
                 int64_t d, int64_t dv, std::vector<int64_t> maskShape, bool causal) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            auto with = [&](int64_t a, int64_t b) {
              std::vector<int64_t> shape = batch;
              shape.push_back(a);
              shape.push_back(b);
              return shape;
            };
            ModelBuilder m("attention");
            inputs = {randomArray(with(sq, d), rng), randomArray(with(sk, d), rng),
                      randomArray(with(sk, dv), rng)};
            for (float &x : inputs[0].values)
              x *= 3.f;  // peaked softmax rows
            m.input("q", with(sq, d)).input("k", with(sk, d)).input("v", with(sk, dv));
            m.output("y", with(sq, dv));
            std::vector<std::string> operands = {"q", "k", "v"};
            if (!maskShape.empty()) {
              inputs.push_back(randomArray(maskShape, rng));
              m.input("mask", maskShape);
              operands.push_back("mask");
            }
            m.node("attn", "Attention", operands, {"y"},
                   {floating("scale", 0.25), integer("causal", causal)});
            return m;
          }};
}

OpCase globalAvgPool(const std::string &name, std::vector<int64_t> shape) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            ModelBuilder m("global_avg_pool");
            m.input("x", shape).output("y", {shape[0], shape[1], 1, 1});
            m.node("gap", "GlobalAvgPool", {"x"}, {"y"});
            return m;
          }};
}

OpCase softmax(const std::string &name, std::vector<int64_t> shape, int64_t axis) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(shape, rng)};
            for (float &v : inputs[0].values)
              v *= 20.f;  // large logits: the max must be subtracted
            ModelBuilder m("softmax");
            m.input("x", shape).output("y", shape);
            m.node("softmax", "Softmax", {"x"}, {"y"}, {integer("axis", axis)});
            return m;
          }};
}

// Flatten and Reshape are views: check them between two kernels, and as a
// graph output that must be copied out of the input.
OpCase reshapeChain() {
  return {"reshape_chain", [](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({3, 2, 5, 7}, rng)};
            ModelBuilder m("reshape");
            m.input("x", {3, 2, 5, 7}).output("y", {3, 4}).output("view", {3, 70});
            m.weight("w", randomArray({4, 70}, rng));
            m.node("relu", "Relu", {"x"}, {"r"});
            m.node("flatten", "Flatten", {"r"}, {"f"});
            m.node("fc", "Linear", {"f", "w"}, {"y"});
            m.node("view", "Reshape", {"x"}, {"view"}, {ints("shape", {0, -1})});
            return m;
          }};
}

// Weights that are graph inputs, not constants: kernels must read them as
// they are (no compile-time repacking).
OpCase runtimeWeights(const std::string &name, bool isConv) {
  return {name, [isConv](std::mt19937 &rng, std::vector<Array> &inputs) {
            ModelBuilder m("runtime_weights");
            if (isConv) {
              inputs = {randomArray({2, 6, 14, 14}, rng), randomArray({16, 6, 5, 5}, rng)};
              m.input("x", {2, 6, 14, 14}).input("w", {16, 6, 5, 5}).output("y", {2, 16, 10, 10});
              m.node("conv", "Conv2d", {"x", "w"}, {"y"});
            } else {
              inputs = {randomArray({3, 20}, rng), randomArray({12, 20}, rng)};
              m.input("x", {3, 20}).input("w", {12, 20}).output("y", {3, 12});
              m.node("fc", "Linear", {"x", "w"}, {"y"});
            }
            return m;
          }};
}

class OpNumerics : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpNumerics, CompiledMatchesInterpreter) {
  std::mt19937 rng(1234);
  std::vector<Array> inputs;
  std::vector<uint8_t> model = GetParam().make(rng, inputs).build();
  TempDir dir;
  std::vector<Array> compiled, reference;
  ASSERT_TRUE(compileAndRun(dir, model, inputs, compiled));
  ASSERT_TRUE(interpret(model, inputs, reference));
  ASSERT_EQ(compiled.size(), reference.size());
  for (size_t i = 0; i < compiled.size(); ++i)
    EXPECT_LE(relativeError(compiled[i], reference[i]), kTolerance) << "output " << i;
}

INSTANTIATE_TEST_SUITE_P(
    Conv2d, OpNumerics,
    ::testing::Values(
        conv("basic_3x3", {2, 3, 11, 13, 5, 3, 3, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        conv("stride2_pad1", {1, 4, 17, 19, 7, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true}),
        conv("asymmetric_pad", {1, 2, 9, 10, 3, 3, 2, {1, 1}, {0, 1, 2, 1}, {1, 1}, 1, false}),
        conv("dilation2", {1, 3, 15, 21, 4, 3, 3, {1, 2}, {2, 2, 2, 2}, {2, 2}, 1, true}),
        conv("groups2", {2, 4, 8, 9, 6, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 2, true}),
        conv("depthwise", {1, 8, 12, 12, 8, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 8, true}),
        conv("depthwise_5x5_multiplier2",
             {2, 6, 19, 21, 12, 5, 5, {1, 1}, {2, 2, 2, 2}, {1, 1}, 6, false}),
        conv("depthwise_dilated_narrow",
             {1, 4, 7, 5, 4, 3, 3, {1, 1}, {2, 2, 2, 2}, {2, 2}, 4, true}),
        // Strided depthwise: phases written straight from the input's rows,
        // one update per phase (vector tails, asymmetric and no padding,
        // dilation, a channel multiplier, stride 3).
        conv("depthwise_5x5_stride2_wide",
             {2, 3, 11, 37, 3, 5, 5, {2, 2}, {2, 2, 2, 2}, {1, 1}, 3, true}),
        conv("depthwise_stride2_asymmetric",
             {1, 5, 14, 40, 5, 3, 3, {2, 2}, {0, 0, 1, 1}, {1, 1}, 5, false}),
        conv("depthwise_stride2_unpadded",
             {1, 4, 9, 35, 4, 3, 3, {2, 2}, {0, 0, 0, 0}, {1, 1}, 4, true}),
        conv("depthwise_stride2_dilated_multiplier2",
             {1, 3, 13, 33, 6, 3, 3, {2, 2}, {2, 1, 2, 3}, {2, 2}, 3, true}),
        conv("depthwise_stride3", {1, 2, 10, 50, 2, 3, 3, {3, 3}, {1, 1, 1, 1}, {1, 1}, 2, true}),
        // Padded 3x3 at stride 2 with output rows of a vector or more: the
        // zero-extended input rows (stridedRows), a shifted vector tail, a
        // channel multiplier, asymmetric padding with dilation.
        conv("depthwise_stride2_rows",
             {2, 6, 11, 40, 6, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 6, true}),
        conv("depthwise_stride2_rows_multiplier2",
             {1, 3, 8, 36, 6, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 3, true}),
        conv("depthwise_stride2_rows_dilated_asymmetric",
             {1, 4, 9, 37, 4, 3, 3, {2, 2}, {0, 1, 2, 1}, {1, 2}, 4, false}),
        conv("pointwise_wide", {1, 16, 7, 37, 24, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        // A 1x1 with a short reduction on rows of one vector and a shifted
        // tail takes x vectors (contiguous stores) with AVX-512.
        conv("pointwise_row_of_20",
             {2, 24, 6, 20, 48, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        conv("lenet_5x5", {3, 1, 32, 32, 6, 5, 5, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        conv("narrow_3", {1, 2, 5, 3, 3, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true}),
        // Narrow rows: vectors of output channels over packed weights.
        conv("channel_vectors", {2, 6, 14, 14, 16, 5, 5, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        conv("channel_vectors_odd",
             {1, 5, 13, 13, 12, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, false}),
        conv("channel_vectors_wide", {1, 8, 7, 7, 40, 3, 3, {1, 1}, {1, 0, 1, 2}, {1, 2}, 1, true}),
        // Channel blocks also for strided, pointwise and up-to-32-wide maps.
        conv("channel_blocks_stride2",
             {2, 16, 15, 17, 16, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, true}),
        conv("channel_blocks_28_wide",
             {1, 8, 28, 29, 24, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, false}),
        conv("channel_blocks_pointwise_56",
             {1, 12, 9, 56, 32, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        // AVX-512: tiles of 14 pixels where they divide a row (28) or the
        // flat pixels (14x14 = 196) exactly.
        conv("channel_blocks_exact_row_tiles",
             {1, 16, 14, 28, 32, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true}),
        conv("channel_blocks_exact_flat_tiles",
             {1, 128, 14, 14, 32, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, false}),
        // Batch 1 with one or two channel blocks: the rows, or runs of flat
        // pixels, split into chunks for the threads (7.4M and 1.2M MACs).
        conv("channel_blocks_row_chunks",
             {1, 16, 40, 38, 32, 3, 3, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, true}),
        conv("channel_blocks_pixel_chunks",
             {1, 32, 24, 25, 64, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, false}),
        // AVX-512: 1x1 convolutions on 512 pixels or more as a GEMM per
        // image (output channels the rows: 70 leaves a partial row tile).
        conv("pointwise_gemm", {1, 48, 16, 32, 64, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, true}),
        conv("pointwise_gemm_batched_partial_rows",
             {2, 40, 24, 32, 70, 1, 1, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, false}),
        // An RGB stem (3 channels x 7x7 taps): channel blocks with AVX-512.
        conv("channel_blocks_rgb_stem",
             {1, 3, 70, 66, 32, 7, 7, {2, 2}, {3, 3, 3, 3}, {1, 1}, 1, true}),
        runtimeWeights("conv_runtime_weight", true)),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    ConvTranspose2d, OpNumerics,
    ::testing::Values(
        convTranspose("unet_up_2x2_s2", {2, 8, 5, 7, 4, 2, 2, {2, 2}, {0, 0, 0, 0}, {0, 0}, {1, 1}, 1, true}),
        convTranspose("k3_s2_pad1_outpad1", {1, 3, 6, 5, 5, 3, 3, {2, 2}, {1, 1, 1, 1}, {1, 1}, {1, 1}, 1, true}),
        convTranspose("k3_s1_asymmetric", {1, 4, 7, 9, 6, 3, 2, {1, 1}, {0, 1, 2, 0}, {0, 0}, {1, 1}, 1, false}),
        convTranspose("dilated_groups", {1, 4, 6, 6, 6, 3, 3, {2, 1}, {1, 0, 1, 0}, {1, 0}, {2, 2}, 2, true}),
        convTranspose("s3_odd", {1, 2, 4, 3, 3, 4, 5, {3, 3}, {0, 0, 0, 0}, {2, 1}, {1, 1}, 1, true})),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Pool2d, OpNumerics,
    ::testing::Values(
        pool("max_2x2", {2, 3, 10, 10, {2, 2}, {2, 2}, {0, 0, 0, 0}, true, false}),
        pool("max_3x3_s2_pad1", {1, 5, 13, 17, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, false}),
        pool("avg_2x2", {1, 6, 28, 28, {2, 2}, {2, 2}, {0, 0, 0, 0}, false, false}),
        pool("avg_pad_excluded", {2, 3, 9, 11, {3, 3}, {2, 2}, {1, 1, 1, 1}, false, false}),
        pool("avg_pad_included", {2, 3, 9, 11, {3, 3}, {2, 2}, {1, 1, 1, 1}, false, true}),
        pool("avg_asymmetric", {1, 2, 7, 8, {2, 3}, {1, 2}, {0, 1, 1, 2}, false, false}),
        // Windows up to 16x16 reduce each input row first; taller ones inline.
        pool("avg_3x3_same_17", {1, 4, 17, 17, {3, 3}, {1, 1}, {1, 1, 1, 1}, false, true}),
        pool("max_tall_window_inline", {1, 3, 20, 9, {18, 3}, {1, 2}, {0, 0, 0, 0}, true, false}),
        // Windows over the whole plane take the column-first global schedule:
        // rows of 8-lane vectors (56), one 14-lane vector, and scalars (17).
        pool("max_global_56", {1, 3, 9, 56, {9, 56}, {1, 1}, {0, 0, 0, 0}, true, false}),
        pool("avg_global_14", {2, 5, 14, 14, {14, 14}, {1, 1}, {0, 0, 0, 0}, false, false}),
        pool("avg_global_17", {1, 4, 5, 17, {5, 17}, {1, 1}, {0, 0, 0, 0}, false, false})),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Elementwise, OpNumerics,
                         ::testing::Values(unary("Relu", {3, 7, 5}), unary("Relu", {1}),
                                           unary("Tanh", {2, 1000}), unary("Tanh", {13}),
                                           unary("Sigmoid", {4, 3, 9, 9}),
                                           unary("Sigmoid", {100003}),
                                           add("add_same", {3, 17}, {3, 17}, {3, 17}),
                                           add("add_bias", {2, 5, 19}, {19}, {2, 5, 19}),
                                           add("add_both_ways", {3, 1, 5}, {4, 5}, {3, 4, 5}),
                                           add("add_channels", {2, 6, 7, 7}, {6, 1, 1},
                                               {2, 6, 7, 7})),
                         [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Activations, OpNumerics,
    ::testing::Values(
        unary("Exp", {3, 37}), unary("Log", {5, 19}, {}, 2.f, 2.5f), unary("Sqrt", {41}, {}, 2.f, 2.5f),
        unary("Erf", {2, 3, 17}), unary("Neg", {9}), unary("Abs", {4, 11}),
        unary("Silu", {2, 8, 5, 5}), unary("Softplus", {3, 29}, {}, 30.f),
        unary("HardSwish", {6, 13}), unary("LeakyRelu", {5, 9}),
        unary("LeakyRelu", {5, 9}, {floating("alpha", 0.2)}, 4.f, 0.f, "_alpha"),
        unary("Elu", {3, 21}), unary("Elu", {3, 21}, {floating("alpha", 0.5)}, 4.f, 0.f, "_alpha"),
        unary("HardSigmoid", {4, 7}),
        unary("HardSigmoid", {4, 7}, {floating("alpha", 1.0 / 6), floating("beta", 0.5)}, 4.f, 0.f,
              "_torch"),
        unary("Clip", {2, 16, 3, 3}, {floating("min", 0), floating("max", 6)}, 10.f, 0.f, "_relu6"),
        unary("Clip", {35}, {floating("max", 0.25)}, 1.f, 0.f, "_max_only"),
        unary("Gelu", {3, 40}), unary("Gelu", {3, 40}, {text("approximate", "tanh")}, 4.f, 0.f,
                                      "_tanh")),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, OpNumerics,
    ::testing::Values(binary("Sub", "sub_broadcast", {3, 1, 5}, {4, 5}, {3, 4, 5}),
                      binary("Mul", "mul_channels", {2, 6, 7, 7}, {6, 1, 1}, {2, 6, 7, 7}),
                      binary("Div", "div_scalar", {5, 11}, {1}, {5, 11}),
                      binary("Pow", "pow", {3, 9}, {3, 9}, {3, 9}),
                      binary("Min", "min", {17}, {4, 17}, {4, 17}),
                      binary("Max", "max", {2, 3, 1}, {2, 1, 19}, {2, 3, 19}),
                      binary("PRelu", "prelu_channels", {2, 5, 4, 7}, {5, 1, 1}, {2, 5, 4, 7})),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Comparisons, OpNumerics,
    ::testing::Values(binary("Equal", "equal_broadcast", {3, 1, 7}, {5, 7}, {3, 5, 7}),
                      binary("Less", "less", {4, 13}, {4, 13}, {4, 13}),
                      binary("LessEqual", "less_equal_scalar", {2, 9, 3}, {1}, {2, 9, 3}),
                      binary("Greater", "greater_rows", {6, 1}, {6, 11}, {6, 11}),
                      binary("GreaterEqual", "greater_equal", {31}, {31}, {31}),
                      where("where_broadcast", {2, 1, 5}, {2, 3, 5}, {5}, {2, 3, 5}),
                      where("where_of_comparison", {}, {3, 17}, {3, 17}, {3, 17}, true)),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Layers, OpNumerics,
    ::testing::Values(
        batchNorm("batch_norm_4d", {2, 5, 7, 9}), batchNorm("batch_norm_2d", {3, 37}),
        batchNorm("batch_norm_3d", {2, 4, 3}),
        concat("concat_channels", {{2, 3, 5, 5}, {2, 7, 5, 5}, {2, 1, 5, 5}}, 1),
        concat("concat_last", {{3, 4}, {3, 9}}, -1), concat("concat_first", {{2, 13}, {5, 13}}, 0),
        concat("concat_one", {{4, 6}}, 1), globalAvgPool("global_avg_pool", {2, 9, 7, 7}),
        globalAvgPool("global_avg_pool_112", {1, 3, 6, 112}),
        groupNorm("group_norm_4", {2, 8, 5, 3}, 4),
        shaped("resize_nearest_2x", "Resize", {2, 3, 5, 7}, {2, 3, 10, 14},
               {ints("size", {10, 14})}),
        shaped("resize_nearest_down", "Resize", {1, 2, 9, 8}, {1, 2, 4, 3}, {ints("size", {4, 3})}),
        shaped("resize_bilinear_half_pixel", "Resize", {1, 3, 6, 5}, {1, 3, 13, 11},
               {ints("size", {13, 11}), text("mode", "linear"),
                text("coordinate_mode", "pytorch_half_pixel")}),
        shaped("resize_bilinear_align_corners", "Resize", {2, 2, 4, 7}, {2, 2, 8, 15},
               {ints("size", {8, 15}), text("mode", "linear"),
                text("coordinate_mode", "align_corners")}),
        groupNorm("instance_norm", {3, 5, 11}, 5), groupNorm("group_norm_one", {1, 6, 2, 2, 3}, 1),
        pad("pad_spatial", {2, 3, 5, 7}, {0, 0, 1, 2, 0, 0, 3, 1}, 0.0),
        pad("pad_value_all_dims", {3, 11}, {1, 2, 0, 5}, -1.5)),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Tensors, OpNumerics,
    ::testing::Values(
        matmul("matmul_2d", {5, 13}, {13, 19}, {5, 19}, false),
        matmul("matmul_batched", {2, 3, 7, 9}, {2, 3, 9, 11}, {2, 3, 7, 11}, false),
        matmul("matmul_weight", {2, 10, 24}, {24, 33}, {2, 10, 33}, true),
        matmul("matmul_broadcast", {3, 1, 4, 6}, {5, 6, 2}, {3, 5, 4, 2}, false),
        // Large enough to run in parallel (batch fused with the column panels).
        matmul("matmul_batched_parallel", {2, 3, 64, 32}, {2, 3, 32, 64}, {2, 3, 64, 64}, false),
        transposedMatmul("matmul_of_transpose", {37, 13}, {37, 19}, false),
        transposedMatmul("matmul_of_transpose_batched", {2, 3, 9, 7}, {2, 3, 9, 11}, false),
        // (a^T b)^T as b^T a: more rows than one register tile, a panel copy.
        transposedMatmul("matmul_transposed_product", {50, 20}, {50, 33}, true),
        transposedMatmul("matmul_transposed_product_parallel", {256, 96}, {256, 128}, true),
        shaped("transpose_heads", "Transpose", {2, 5, 3, 4}, {2, 3, 5, 4},
               {ints("perm", {0, 2, 1, 3})}),
        shaped("transpose_default", "Transpose", {3, 17}, {17, 3}, {}),
        shaped("transpose_last_two", "Transpose", {2, 3, 9, 10}, {2, 3, 10, 9},
               {ints("perm", {0, 1, 3, 2})}),
        shaped("reduce_mean_last", "ReduceMean", {3, 5, 19}, {3, 5, 1}, {ints("axes", {-1})}),
        shaped("reduce_sum_middle", "ReduceSum", {2, 7, 11}, {2, 11},
               {ints("axes", {1}), integer("keepdims", 0)}),
        shaped("reduce_max_two", "ReduceMax", {2, 4, 5, 6}, {2, 1, 1, 6}, {ints("axes", {1, 2})}),
        shaped("reduce_min_all", "ReduceMin", {3, 4}, {},
               {ints("axes", {0, 1}), integer("keepdims", 0)}),
        shaped("slice_strided", "Slice", {4, 9, 10}, {2, 3, 10},
               {ints("offsets", {1, 2, 0}), ints("sizes", {2, 3, 10}), ints("strides", {2, 2, 1})}),
        shaped("slice_token", "Slice", {2, 5, 8}, {2, 1, 8},
               {ints("offsets", {0, 0, 0}), ints("sizes", {2, 1, 8})}),
        shaped("broadcast_token", "Broadcast", {1, 1, 12}, {3, 1, 12}, {ints("shape", {3, 1, 12})}),
        shaped("broadcast_rank", "Broadcast", {5, 1}, {2, 5, 7}, {ints("shape", {2, 1, 7})}),
        layerNorm("layer_norm_last", {2, 7, 33}, -1, true),
        attention("attention_self", {6}, 11, 11, 16, 16, {}, false),
        attention("attention_cross_causal", {2, 3}, 7, 13, 8, 5, {}, true),
        attention("attention_masked", {2, 3}, 9, 10, 12, 7, {3, 1, 10}, false),
        layerNorm("layer_norm_two_axes", {3, 4, 5}, 1, false)),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Linear, OpNumerics,
                         ::testing::Values(linear("gemv", 1, 7, 3, true),
                                           linear("odd", 5, 33, 37, true),
                                           linear("no_bias", 8, 64, 40, false),
                                           linear("wide", 7, 120, 84, true),
                                           runtimeWeights("linear_runtime_weight", false)),
                         [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Other, OpNumerics,
                         ::testing::Values(softmax("softmax_last", {4, 10}, -1),
                                           shaped("log_softmax_last", "LogSoftmax", {3, 21},
                                                  {3, 21}, {integer("axis", -1)}),
                                           shaped("log_softmax_middle", "LogSoftmax", {2, 6, 5},
                                                  {2, 6, 5}, {integer("axis", 1)}),
                                           shaped("lrn_5", "Lrn", {2, 7, 5, 6}, {2, 7, 5, 6},
                                                  {integer("size", 5), floating("alpha", 1e-2)}),
                                           shaped("lrn_even_size", "Lrn", {1, 6, 11}, {1, 6, 11},
                                                  {integer("size", 4), floating("beta", 0.5),
                                                   floating("bias", 2.0)}),
                                           softmax("softmax_middle", {2, 5, 3}, 1),
                                           softmax("softmax_first", {33, 2}, 0),
                                           reshapeChain()),
                         [](const auto &info) { return info.param.name; });

// Compositions of dlc ops that the model format names as one op type.
INSTANTIATE_TEST_SUITE_P(
    Compositions, OpNumerics,
    ::testing::Values(shaped("maxout_channels", "Maxout", {2, 6, 5, 3}, {2, 2, 5, 3},
                             {integer("pieces", 3)}),
                      shaped("maxout_last_axis", "Maxout", {3, 4, 10}, {3, 4, 2},
                             {integer("pieces", 5), integer("axis", -1)}),
                      shaped("positional_encoding", "PositionalEncoding", {2, 7, 6}, {2, 7, 6},
                             {}),
                      shaped("positional_encoding_odd_depth", "PositionalEncoding", {3, 5, 9},
                             {3, 5, 9}, {floating("base", 100.0)})),
    [](const auto &info) { return info.param.name; });

// PositionalEncoding adds the table of "Attention Is All You Need": on zeros
// the output is the table itself, sin at even and cos at odd depths.
TEST(PositionalEncoding, ZerosGiveTheSinusoidTable) {
  const int64_t positions = 9, depth = 8;
  TempDir dir;
  ModelBuilder m("pe");
  m.input("x", {1, positions, depth}).output("y", {1, positions, depth});
  m.node("pe", "PositionalEncoding", {"x"}, {"y"});
  std::vector<Array> outputs;
  Array zeros{{1, positions, depth}, std::vector<float>(positions * depth, 0.f)};
  ASSERT_TRUE(compileAndRun(dir, m.build(), {zeros}, outputs));
  ASSERT_EQ(outputs.size(), 1u);
  for (int64_t s = 0; s < positions; ++s)
    for (int64_t i = 0; i < depth; ++i) {
      double angle = s / std::pow(10000.0, static_cast<double>(i - i % 2) / depth);
      double expected = i % 2 == 0 ? std::sin(angle) : std::cos(angle);
      EXPECT_NEAR(outputs[0].values[s * depth + i], expected, 1e-6) << s << ", " << i;
    }
}

} // namespace
} // namespace dlc::test
