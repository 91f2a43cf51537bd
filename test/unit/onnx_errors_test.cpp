// ONNX files dlc must reject: each gives exactly one error line naming the
// file (and the node where there is one) and exit status 1.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "test/unit/OnnxTestModel.h"
#include "gtest/gtest.h"

namespace dlc::test {
namespace {

struct Result {
  int status;
  std::string stderrText;
};

// Runs `dlc MODEL -o DIR/out.so` and returns its exit status and stderr.
// `options` are extra command-line arguments, already shell-quoted.
Result compileWithDlc(const TempDir &dir, const std::string &model,
                      const std::string &options = "") {
  std::string errPath = dir.path("stderr.txt");
  std::string command = std::string("'") + DLC_BINARY + "' '" + model + "' -o '" +
                        dir.path("out.so") + "' " + options + " >/dev/null 2>'" + errPath + "'";
  int status = std::system(command.c_str());
  std::stringstream text;
  text << std::ifstream(errPath).rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

void expectError(const std::string &bytes, const std::string &message) {
  TempDir dir;
  std::string path = dir.path("model.onnx");
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  Result r = compileWithDlc(dir, path);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.stderrText, "error: " + path + ": " + message + "\n");
}

// x[1,3,8,8] -> Relu; callers add what breaks it.
OnnxBuilder reluModel(int64_t opset = 13) {
  OnnxBuilder m(opset);
  m.input("x", {1, 3, 8, 8}).output("y");
  m.node("Relu", {"x"}, {"y"}, "relu");
  return m;
}

TEST(OnnxErrors, UnsupportedOp) {
  OnnxBuilder m;
  m.input("x", {1, 4}).output("y");
  m.node("Foo", {"x"}, {"y"}, "Conv_3");
  expectError(m.bytes(), "node 'Conv_3': unsupported ONNX op 'Foo' (opset 13)");
}

// An If node whose branch `name` holds one node `opType` from x to `out`.
void addBranch(onnx::NodeProto &n, const std::string &name, const std::string &opType,
               const std::string &out) {
  auto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto *g = a->mutable_g();
  g->set_name(name);
  auto *node = g->add_node();
  node->set_op_type(opType);
  node->set_name(name + "_node");
  node->add_input("x");
  node->add_output(out);
  g->add_output()->set_name(out);
}

// If on a condition that folds (PyTorch's shape tests): the taken branch is
// imported in place, the other never is.
TEST(OnnxIf, FoldedConditionTakesOneBranch) {
  for (bool equal : {true, false}) {
    OnnxBuilder m;
    m.input("x", {1, 3, 8, 8}).output("y").ints("a", {2}).ints("b", {equal ? 2 : 3});
    m.node("Equal", {"a", "b"}, {"cond"}, "test");
    auto &n = m.node("If", {"cond"}, {"y"}, "branch");
    addBranch(n, "then_branch", "Relu", "then_out");
    addBranch(n, "else_branch", "Neg", "else_out");
    TempDir dir;
    std::string path = dir.path("model.onnx"), mlir = dir.path("out.mlir");
    std::string bytes = m.bytes();
    std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
    std::string command = std::string("'") + DLC_BINARY + "' '" + path + "' --emit=mlir >'" +
                          mlir + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::stringstream text;
    text << std::ifstream(mlir).rdbuf();
    EXPECT_EQ(text.str().find(equal ? "dlc.neg" : "dlc.relu"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find(equal ? "dlc.relu" : "dlc.neg"), std::string::npos) << text.str();
  }
}

TEST(OnnxIf, RunTimeConditionIsRejected) {
  OnnxBuilder m;
  m.input("x", {1}).output("y");
  m.node("Greater", {"x", "x"}, {"cond"}, "test");
  auto &n = m.node("If", {"cond"}, {"y"}, "branch");
  addBranch(n, "then_branch", "Relu", "then_out");
  addBranch(n, "else_branch", "Neg", "else_out");
  expectError(m.bytes(), "node 'branch': ONNX op 'If' (opset 13): only a condition known at "
                         "import (a folded shape test) is supported, not one computed at run "
                         "time");
}

// And/Or take masks (comparison results or constant bools), not any float.
TEST(OnnxErrors, AndOfFloats) {
  OnnxBuilder m;
  m.input("a", {2, 3}).input("b", {2, 3}).output("y");
  m.node("And", {"a", "b"}, {"y"}, "both");
  expectError(m.bytes(), "node 'both': ONNX op 'And' (opset 13): needs bool inputs: comparison "
                         "results or constants");
}

// Dropout's training_mode decides whether it drops: it must be a constant.
TEST(OnnxErrors, DropoutTrainingModeNotBool) {
  std::mt19937 rng(2);
  OnnxBuilder m;
  m.input("x", {2, 3}).output("y").weight("mode", randomArray({1}, rng));
  m.node("Dropout", {"x", "", "mode"}, {"y"}, "drop");
  expectError(m.bytes(), "node 'drop': ONNX op 'Dropout' (opset 13): input 2 ('mode') must be a "
                         "bool scalar initializer or Constant");
}

TEST(OnnxErrors, ConvTransposeOutputShapeCount) {
  std::mt19937 rng(2);
  OnnxBuilder m;
  m.input("x", {1, 2, 4, 4}).output("y").weight("w", randomArray({2, 3, 3, 3}, rng));
  auto &n = m.node("ConvTranspose", {"x", "w"}, {"y"}, "up");
  attr(n, "output_shape", std::vector<int64_t>{9, 9, 9});
  expectError(m.bytes(), "node 'up': ONNX op 'ConvTranspose' (opset 13): 'output_shape' must "
                         "hold 2 (H, W) or 4 values");
}

// 3-D pooling: only a window over the first spatial dimension (LRN's export).
TEST(OnnxErrors, Pool3dBeyondDepth) {
  OnnxBuilder m;
  m.input("x", {1, 1, 6, 4, 4}).output("y");
  auto &n = m.node("AveragePool", {"x"}, {"y"}, "pool");
  attr(n, "kernel_shape", std::vector<int64_t>{3, 2, 1});
  expectError(m.bytes(), "node 'pool': ONNX op 'AveragePool' (opset 13): 3-D pooling is "
                         "supported over the first spatial dimension only (kernel [k, 1, 1], "
                         "strides [s, 1, 1], no padding of H and W, ceil_mode 0), as PyTorch "
                         "exports LocalResponseNorm");
}

TEST(OnnxErrors, UnsupportedAttributeValue) {
  OnnxBuilder m;
  m.input("x", {1, 3, 8, 8}).output("y");
  auto &n = m.node("MaxPool", {"x"}, {"y"}); // unnamed: MaxPool_0
  attr(n, "kernel_shape", std::vector<int64_t>{2, 2});
  attr(n, "storage_order", 1);
  expectError(
      m.bytes(),
      "node 'MaxPool_0': ONNX op 'MaxPool' (opset 13): 'storage_order' value is 1, accepted: 0");
}

TEST(OnnxErrors, PadReflectMode) {
  OnnxBuilder m;
  m.input("x", {1, 3, 8, 8}).output("y");
  m.ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
  auto &n = m.node("Pad", {"x", "pads"}, {"y"}, "pad");
  attr(n, "mode", std::string("reflect"));
  expectError(m.bytes(),
              "node 'pad': ONNX op 'Pad' (opset 13): 'mode' value is 'reflect', accepted: constant");
}

TEST(OnnxErrors, PadNegative) {
  OnnxBuilder m;
  m.input("x", {1, 3, 8, 8}).output("y");
  m.ints("pads", {0, 0, -1, 1, 0, 0, 1, 1});
  m.node("Pad", {"x", "pads"}, {"y"}, "pad");
  expectError(m.bytes(), "node 'pad': 'dlc.pad' (pad_c2) 'pads' is [0, 0, -1, 1, 0, 0, 1, 1], "
                         "expected non-negative values (at most 1073741824)");
}

TEST(OnnxErrors, UnsupportedAttribute) {
  OnnxBuilder m = reluModel();
  attr(*m.proto.mutable_graph()->mutable_node(0), "alpha", 2);
  expectError(m.bytes(), "node 'relu': ONNX op 'Relu' (opset 13): unsupported attribute "
                         "'alpha' (accepted: none)");
}

TEST(OnnxErrors, GemmNotLinear) {
  std::mt19937 rng(1);
  OnnxBuilder m;
  m.input("x", {2, 4}).output("y").weight("w", randomArray({4, 3}, rng));
  m.node("Gemm", {"x", "w"}, {"y"}, "fc");
  expectError(m.bytes(), "node 'fc': ONNX op 'Gemm' (opset 13): only the nn.Linear form is "
                         "supported (transA=0, transB=1, alpha=1, beta=1, C 1-D or absent); "
                         "this node has transA=0, transB=0, alpha=1, beta=1, C of rank 0");
}

TEST(OnnxErrors, Garbage) {
  expectError(std::string("\x1c\xff\xfe garbage \x07\x08", 14),
              "not a valid ONNX model (protobuf parsing failed: truncated or corrupt file)");
}

TEST(OnnxErrors, Truncated) {
  std::mt19937 rng(1);
  OnnxBuilder m;
  m.input("x", {1, 64}).output("y").weight("w", randomArray({64, 64}, rng));
  attr(m.node("Gemm", {"x", "w"}, {"y"}, "fc"), "transB", 1);
  std::string bytes = m.bytes();
  expectError(bytes.substr(0, bytes.size() / 2),
              "not a valid ONNX model (protobuf parsing failed: truncated or corrupt file)");
}

TEST(OnnxErrors, InitializerSizeMismatch) {
  OnnxBuilder m;
  m.input("x", {1, 3, 8, 8}).output("y");
  m.weight("w", Array{{5, 3, 3, 3}, std::vector<float>(10, 0.f)});
  m.node("Conv", {"x", "w"}, {"y"}, "conv");
  expectError(m.bytes(),
              "initializer 'w' has 40 bytes of data, expected 540 for shape [5x3x3x3] of float32");
}

TEST(OnnxErrors, Float64ConstantSizeMismatch) {
  OnnxBuilder m = reluModel();
  onnx::TensorProto &value = m.constant("c", onnx::TensorProto::DOUBLE, "bounds");
  value.add_dims(2);
  value.set_raw_data(std::string(12, '\0'));
  expectError(
      m.bytes(),
      "node 'bounds': Constant value has 12 bytes of float64 data, expected 16 for shape [2]");
}

TEST(OnnxErrors, Float64ConstantNegativeDimension) {
  OnnxBuilder m = reluModel();
  m.constant("c", onnx::TensorProto::DOUBLE, "bounds").add_dims(-2);
  expectError(m.bytes(), "node 'bounds': Constant value has a negative dimension");
}

TEST(OnnxErrors, NegativeInitializerDimension) {
  OnnxBuilder m = reluModel();
  m.weight("w", Array{{2, -3}, {}});
  expectError(m.bytes(), "initializer 'w' has dimension 1 = -3; dimensions are >= 0");
}

TEST(OnnxErrors, UnsupportedOpsetVersion) {
  expectError(reluModel(18).bytes(),
              "unsupported ONNX opset 18 of the default domain (accepted: 9 to 17)");
  expectError(reluModel(8).bytes(),
              "unsupported ONNX opset 8 of the default domain (accepted: 9 to 17)");
}

TEST(OnnxErrors, UnknownDomain) {
  OnnxBuilder m = reluModel();
  m.proto.mutable_graph()->mutable_node(0)->set_domain("com.example");
  expectError(m.bytes(), "node 'relu': unsupported ONNX op 'Relu' of domain 'com.example' "
                         "(only the default domain is supported)");
  m.proto.mutable_opset_import(0)->set_domain("com.example");
  m.proto.mutable_graph()->mutable_node(0)->set_domain("");
  expectError(m.bytes(), "the model imports no opset of the default ONNX domain");
}

TEST(OnnxErrors, MissingTensor) {
  OnnxBuilder m;
  m.input("x", {1, 4}).output("y");
  m.node("Add", {"x", "nope"}, {"y"}, "add");
  expectError(m.bytes(), "node 'add': input 'nope' is not a graph input, an initializer, or "
                         "the output of an earlier node");
}

TEST(OnnxErrors, OutputNotProduced) {
  OnnxBuilder m = reluModel();
  m.output("z");
  expectError(m.bytes(), "graph output 'z' is not produced by any node");
}

TEST(OnnxErrors, SoftmaxAxisBeforeOpset13) {
  OnnxBuilder m(11);
  m.input("x", {2, 5, 3}).output("y");
  m.node("Softmax", {"x"}, {"y"}, "sm"); // axis defaults to 1
  expectError(m.bytes(), "node 'sm': ONNX op 'Softmax' (opset 11): 'axis' value is 1 for a "
                         "rank-3 input; before opset 13 only the last axis (2 or -1) is "
                         "supported");
}

TEST(OnnxErrors, SymbolicInnerDimension) {
  OnnxBuilder m;
  m.input("x", {1, -1}).output("y");
  m.node("Relu", {"x"}, {"y"});
  expectError(m.bytes(), "graph input 'x' has a symbolic dimension 1 (shape [1,?]); only "
                         "dimension 0 (the "
                         "batch) may be dynamic: give the full shape with --input-shape "
                         "x=D0,D1,...");
}

// Compiles `model` with `options`; returns dlc's status and stderr.
Result compileOnnx(const OnnxBuilder &m, const TempDir &dir, const std::string &options,
                   std::string &path) {
  path = dir.path("model.onnx");
  std::string bytes = m.bytes();
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  return compileWithDlc(dir, path, options);
}

TEST(OnnxInputShape, FixesSymbolicDimensions) {
  OnnxBuilder m;
  m.input("x", {-1, 3, -1}).output("y");
  m.node("Relu", {"x"}, {"y"});
  TempDir dir;
  std::string path;
  Result r = compileOnnx(m, dir, "--input-shape x=2,3,5", path);
  EXPECT_EQ(r.status, 0) << r.stderrText;
  EXPECT_EQ(r.stderrText, "");
}

TEST(OnnxInputShape, Errors) {
  OnnxBuilder m;
  m.input("x", {-1, 3, -1}).output("y");
  m.node("Relu", {"x"}, {"y"});
  TempDir dir;
  std::string path;
  Result r = compileOnnx(m, dir, "--input-shape x=2,4,5", path);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.stderrText, "error: " + path + ": --input-shape x=2,4,5 disagrees with graph input "
                          "'x' [?,3,?] at dimension 1\n");
  r = compileOnnx(m, dir, "--input-shape x=2,3", path);
  EXPECT_EQ(r.stderrText, "error: " + path + ": --input-shape x=2,3 has rank 2, but graph input "
                          "'x' is [?,3,?] (rank 3)\n");
  r = compileOnnx(m, dir, "--input-shape image=2,3,5", path);
  EXPECT_EQ(r.stderrText, "error: " + path + ": --input-shape names 'image', which is not a graph "
                          "input (inputs: x)\n");
  r = compileOnnx(m, dir, "--input-shape x=2,0,5", path);
  EXPECT_EQ(r.stderrText, "error: --input-shape needs NAME=D0,D1,... with positive integers "
                          "(e.g. input=1,3,224,224)\n");
}

// A shape error from shape inference keeps the node name (conv2d_c3).
TEST(OnnxErrors, ShapeInference) {
  std::mt19937 rng(1);
  OnnxBuilder m;
  m.input("x", {1, 3, 8, 8}).output("y").weight("w", randomArray({4, 2, 3, 3}, rng));
  m.node("Conv", {"x", "w"}, {"y"}, "conv");
  TempDir dir;
  std::string path = dir.path("model.onnx");
  std::string bytes = m.bytes();
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  Result r = compileWithDlc(dir, path);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.stderrText.rfind("error: " + path + ": node 'conv': 'dlc.conv2d' (conv2d_c3)", 0), 0u)
      << r.stderrText;
}

} // namespace
} // namespace dlc::test
