// The ONNX frontend: small graphs built with the protobuf API, compiled by
// dlc (read by content, through the same path as `dlc model.onnx -o m.so`)
// and compared against the reference interpreter; and the exact one-line
// errors `dlc` prints for ONNX files it must reject.
#include <algorithm>
#include <fstream>
#include <functional>

#include "test/unit/OnnxTestModel.h"
#include "test/unit/TestModel.h"
#include "gtest/gtest.h"

namespace dlc::test {
namespace {

constexpr double kTolerance = 1e-5;

std::string writeFile(const TempDir &dir, const std::string &name, const std::string &bytes) {
  std::string path = dir.path(name);
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  return path;
}


struct OnnxCase {
  std::string name;
  std::function<OnnxBuilder(std::mt19937 &, std::vector<Array> &)> make;
  std::vector<std::string> flags = {};
};

void PrintTo(const OnnxCase &c, std::ostream *os) { *os << c.name; }

class OnnxNumerics : public ::testing::TestWithParam<OnnxCase> {};

TEST_P(OnnxNumerics, CompiledMatchesInterpreter) {
  std::mt19937 rng(4321);
  std::vector<Array> inputs;
  std::string bytes = GetParam().make(rng, inputs).bytes();
  TempDir dir;
  std::vector<Array> compiled, reference;
  // compileAndRun writes the bytes as model.dlcm: dlc must recognise ONNX by content.
  ASSERT_TRUE(compileAndRun(dir, std::vector<uint8_t>(bytes.begin(), bytes.end()), inputs, compiled,
                            GetParam().flags));
  ASSERT_TRUE(interpretFile(writeFile(dir, "model.onnx", bytes), inputs, reference));
  ASSERT_EQ(compiled.size(), reference.size());
  for (size_t i = 0; i < compiled.size(); ++i)
    EXPECT_LE(relativeError(compiled[i], reference[i]), kTolerance) << "output " << i;
}

OnnxCase conv(const std::string &name, std::vector<int64_t> x, std::vector<int64_t> w,
              std::vector<int64_t> strides, std::vector<int64_t> pads, int64_t group, bool bias) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray(x, rng)};
            OnnxBuilder m;
            m.input("x", x).output("y").weight("w", randomArray(w, rng), /*typed=*/true);
            std::vector<std::string> operands = {"x", "w"};
            if (bias) {
              m.weight("b", randomArray({w[0]}, rng));
              operands.push_back("b");
            }
            auto &n = m.node("Conv", operands, {"y"}, "conv");
            attr(n, "strides", strides);
            attr(n, "pads", pads);
            attr(n, "group", group);
            attr(n, "kernel_shape", std::vector<int64_t>{w[2], w[3]});
            return m;
          }};
}

OnnxCase pool(const std::string &name, const std::string &opType, int64_t countIncludePad) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            inputs = {randomArray({2, 3, 9, 11}, rng)};
            OnnxBuilder m;
            m.input("x", {2, 3, 9, 11}).output("y");
            auto &n = m.node(opType, {"x"}, {"y"});
            attr(n, "kernel_shape", std::vector<int64_t>{3, 3});
            attr(n, "strides", std::vector<int64_t>{2, 2});
            attr(n, "pads", std::vector<int64_t>{1, 1, 1, 1});
            if (opType == "AveragePool")
              attr(n, "count_include_pad", countIncludePad);
            return m;
          }};
}

OnnxCase simple(const std::string &name,
                std::function<void(OnnxBuilder &, std::mt19937 &, std::vector<Array> &)> body,
                int64_t opset = 13) {
  return {name, [=](std::mt19937 &rng, std::vector<Array> &inputs) {
            OnnxBuilder m(opset);
            body(m, rng, inputs);
            return m;
          }};
}

// A LeNet-like chain with a dynamic batch, compiled with --batch 3. Its
// weights are also listed as graph inputs, as older exporters do.
OnnxCase lenet() {
  OnnxCase c{
      "lenet_dynamic_batch", [](std::mt19937 &rng, std::vector<Array> &inputs) {
        inputs = {randomArray({3, 1, 28, 28}, rng)};
        OnnxBuilder m(11);
        m.input("image", {-1, 1, 28, 28}).output("probs");
        m.weight("c1.w", randomArray({6, 1, 5, 5}, rng)).weight("c1.b", randomArray({6}, rng));
        m.weight("c2.w", randomArray({16, 6, 5, 5}, rng)).weight("c2.b", randomArray({16}, rng));
        m.weight("f1.w", randomArray({32, 400}, rng)).weight("f1.b", randomArray({32}, rng));
        m.weight("f2.w", randomArray({10, 32}, rng)).weight("f2.b", randomArray({10}, rng));
        m.input("c1.w", {6, 1, 5, 5});
        auto &c1 = m.node("Conv", {"image", "c1.w", "c1.b"}, {"a"}, "conv1");
        attr(c1, "pads", std::vector<int64_t>{2, 2, 2, 2});
        m.node("Relu", {"a"}, {"b"});
        auto &p1 = m.node("MaxPool", {"b"}, {"c"}, "pool1");
        attr(p1, "kernel_shape", std::vector<int64_t>{2, 2});
        attr(p1, "strides", std::vector<int64_t>{2, 2});
        m.node("Conv", {"c", "c2.w", "c2.b"}, {"d"}, "conv2");
        m.node("Tanh", {"d"}, {"e"});
        // torch.onnx puts a zero Pad in front of AveragePool.
        m.ints("no_pads", {0, 0, 0, 0, 0, 0, 0, 0});
        attr(m.node("Pad", {"e", "no_pads"}, {"e_padded"}, "pool2_pad"), "mode",
             std::string("constant"));
        auto &p2 = m.node("AveragePool", {"e_padded"}, {"f"}, "pool2");
        attr(p2, "kernel_shape", std::vector<int64_t>{2, 2});
        attr(p2, "strides", std::vector<int64_t>{2, 2});
        // The shape comes from a Constant node, as torch.onnx emits it.
        onnx::TensorProto &shape = m.constant("shape", onnx::TensorProto::INT64, "shape");
        shape.add_dims(2);
        shape.add_int64_data(-1);
        shape.add_int64_data(400);
        m.node("Reshape", {"f", "shape"}, {"g"}, "flatten");
        attr(m.node("Gemm", {"g", "f1.w", "f1.b"}, {"h"}, "fc1"), "transB", 1);
        m.node("Sigmoid", {"h"}, {"i"});
        auto &drop = m.node("Dropout", {"i"}, {"j", "mask"}, "drop");
        attr(drop, "seed", 0);
        attr(m.node("Gemm", {"j", "f2.w", "f2.b"}, {"k"}, "fc2"), "transB", 1);
        m.node("Softmax", {"k"}, {"probs"}, "softmax");
        return m;
      }};
  c.flags = {"--batch", "3"};
  return c;
}

INSTANTIATE_TEST_SUITE_P(
    Ops, OnnxNumerics,
    ::testing::Values(
        conv("conv_pads_strides", {2, 3, 11, 13}, {5, 3, 3, 3}, {2, 2}, {1, 0, 2, 1}, 1, true),
        conv("conv_group", {1, 4, 8, 9}, {6, 2, 3, 3}, {1, 1}, {1, 1, 1, 1}, 2, false),
        pool("max_pool", "MaxPool", 0), pool("avg_pool_exclude_pad", "AveragePool", 0),
        pool("avg_pool_include_pad", "AveragePool", 1),
        simple("gemm_linear",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({4, 20}, rng)};
                 m.input("x", {4, 20}).output("y").weight("w", randomArray({12, 20}, rng));
                 m.weight("c", randomArray({12}, rng));
                 attr(m.node("Gemm", {"x", "w", "c"}, {"y"}), "transB", 1);
               }),
        simple("add_broadcast",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({3, 1, 5}, rng), randomArray({4, 5}, rng)};
                 m.input("a", {3, 1, 5}).input("b", {4, 5}).output("y");
                 m.node("Add", {"a", "b"}, {"y"});
               }),
        simple("flatten_axis2",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({2, 3, 4, 5}, rng)};
                 m.input("x", {2, 3, 4, 5}).output("y");
                 m.node("Relu", {"x"}, {"r"});
                 attr(m.node("Flatten", {"r"}, {"y"}), "axis", 2);
               }),
        simple("reshape_initializer",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({2, 3, 4}, rng)};
                 m.input("x", {2, 3, 4}).output("y").ints("shape", {0, -1, 2});
                 m.node("Sigmoid", {"x"}, {"s"});
                 m.node("Reshape", {"s", "shape"}, {"y"});
               }),
        simple("softmax_axis1",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({2, 5, 3}, rng)};
                 m.input("x", {2, 5, 3}).output("y");
                 attr(m.node("Softmax", {"x"}, {"y"}), "axis", 1);
               }),
        simple(
            "softmax_opset11_default",
            [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
              inputs = {randomArray({4, 10}, rng)};
              m.input("x", {4, 10}).output("y");
              m.node("Softmax", {"x"}, {"y"});
            },
            11),
        simple("unary_chain",
               [](OnnxBuilder &m, std::mt19937 &rng, std::vector<Array> &inputs) {
                 inputs = {randomArray({3, 7, 5}, rng)};
                 m.input("x", {3, 7, 5}).output("y").output("z");
                 m.node("Relu", {"x"}, {"a"});
                 m.node("Identity", {"a"}, {"b"});
                 m.node("Tanh", {"b"}, {"y"});
                 m.node("Sigmoid", {"x"}, {"z"});
               }),
        lenet()),
    [](const auto &info) { return info.param.name; });

// A float64 Constant (how torch.onnx writes torch.clamp's Python bounds,
// then cast to float32) is narrowed to float32: one bound in raw_data, one
// in double_data.
TEST(OnnxImport, Float64ConstantsNarrowToFloat32) {
  OnnxBuilder m;
  m.input("x", {4, 16}).output("y");
  auto constant = [&](const std::string &name, double value, bool raw) {
    onnx::TensorProto &t = m.constant(name, onnx::TensorProto::DOUBLE);
    if (raw)
      t.set_raw_data(&value, sizeof(double));
    else
      t.add_double_data(value);
    attr(m.node("Cast", {name}, {name + "_f"}), "to", int64_t{onnx::TensorProto::FLOAT});
  };
  constant("low", -0.25, true);
  constant("high", 0.5, false);
  m.node("Clip", {"x", "low_f", "high_f"}, {"y"}, "clamp");
  std::string bytes = m.bytes();
  std::mt19937 rng(5);
  std::vector<Array> inputs = {randomArray({4, 16}, rng)}, outputs;
  TempDir dir;
  ASSERT_TRUE(
      compileAndRun(dir, std::vector<uint8_t>(bytes.begin(), bytes.end()), inputs, outputs));
  ASSERT_EQ(outputs.size(), 1u);
  // Uniform inputs in [-1, 1): both bounds are reached, and the rest kept.
  auto [low, high] = std::minmax_element(outputs[0].values.begin(), outputs[0].values.end());
  EXPECT_EQ(*low, -0.25f);
  EXPECT_EQ(*high, 0.5f);
  for (size_t i = 0; i < inputs[0].values.size(); ++i)
    EXPECT_EQ(outputs[0].values[i], std::clamp(inputs[0].values[i], -0.25f, 0.5f));
}

} // namespace
} // namespace dlc::test
