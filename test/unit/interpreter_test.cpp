// Hand-computed cases for the reference interpreter: every expected value
// below was worked out on paper from the formulas in DLCOps.td.
#include "compiler/interpreter/Interpreter.h"

#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "dialects/dlc/IR/DLCDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

using dlc::interp::Tensor;

namespace {

// Parses `source` (one module holding func @main), runs @main on `inputs`
// with `weights` as the weight table, and keeps the outputs and the
// messages of the error diagnostics.
class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    context.loadDialect<dlc::DLCDialect, mlir::func::FuncDialect>();
    context.allowUnregisteredDialects();
  }

  mlir::LogicalResult run(llvm::StringRef source, const std::vector<Tensor> &inputs) {
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
      if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
        errors.push_back(diag.str());
        errorLocs.push_back(diag.getLocation());
      }
    });
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context, "test.mlir");
    if (!module)
      ADD_FAILURE() << "cannot parse:\n" << source.str();
    auto func = module ? module->lookupSymbol<mlir::func::FuncOp>("main") : nullptr;
    if (!func) {
      ADD_FAILURE() << "no func @main";
      return mlir::failure();
    }
    auto lookup = [&](llvm::StringRef name, Tensor &out) {
      auto it = weights.find(name.str());
      if (it == weights.end())
        return false;
      out = it->second;
      return true;
    };
    return dlc::interp::run(func, inputs, lookup, outputs);
  }

  // Runs `source`, expecting success and exactly one output.
  Tensor runOne(llvm::StringRef source, const std::vector<Tensor> &inputs) {
    EXPECT_TRUE(mlir::succeeded(run(source, inputs)));
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    EXPECT_EQ(outputs.size(), 1u);
    return outputs.empty() ? Tensor() : outputs.front();
  }

  // Runs `source`, expecting failure with one error that contains `message`.
  void expectError(llvm::StringRef source, const std::vector<Tensor> &inputs,
                   const std::string &message) {
    EXPECT_TRUE(mlir::failed(run(source, inputs)));
    EXPECT_TRUE(outputs.empty());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors.front().find(message), std::string::npos)
        << "error: " << errors.front() << "\nexpected to contain: " << message;
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::map<std::string, Tensor> weights;
  std::vector<Tensor> outputs;
  std::vector<std::string> errors;
  std::vector<mlir::Location> errorLocs;
};

void expectTensor(const Tensor &actual, const std::vector<int64_t> &shape,
                  const std::vector<double> &data, double tolerance = 1e-12) {
  EXPECT_EQ(actual.shape, shape);
  ASSERT_EQ(actual.data.size(), data.size());
  for (size_t i = 0; i < data.size(); ++i)
    EXPECT_NEAR(actual.data[i], data[i], tolerance) << "at flat index " << i;
}

// 1, 2, ..., n.
std::vector<double> iota(int n) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i)
    v[i] = i + 1;
  return v;
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Conv2dWithBias) {
  // in = [[1 2 3] [4 5 6] [7 8 9]], w = [[1 2] [3 4]], bias 1:
  // out[0,0] = 1*1 + 2*2 + 4*3 + 5*4 + 1 = 38, and so on.
  weights["w"] = {{1, 1, 2, 2}, {1, 2, 3, 4}};
  weights["b"] = {{1}, {1}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
      %w = dlc.weight "w" : tensor<1x1x2x2xf32>
      %b = dlc.weight "b" : tensor<1xf32>
      %y = dlc.conv2d %x, %w, %b
          : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
      return %y : tensor<1x1x2x2xf32>
    })mlir",
                      {{{1, 1, 3, 3}, iota(9)}});
  expectTensor(out, {1, 1, 2, 2}, {38, 48, 68, 78});
}

TEST_F(InterpreterTest, Conv2dPaddingAndStride) {
  // A 3x3 kernel of ones over the zero-padded input sums each in-bounds
  // 2x2 corner: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
  weights["w"] = {{1, 1, 3, 3}, std::vector<double>(9, 1.0)};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
      %w = dlc.weight "w" : tensor<1x1x3x3xf32>
      %y = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
          : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
      return %y : tensor<1x1x2x2xf32>
    })mlir",
                      {{{1, 1, 3, 3}, iota(9)}});
  expectTensor(out, {1, 1, 2, 2}, {12, 16, 24, 28});
}

TEST_F(InterpreterTest, Conv2dAsymmetricPaddingOrder) {
  // padding = [top 1, left 0, bottom 0, right 1] with a 1x1 identity kernel
  // shifts the input down one row and adds a zero column on the right.
  weights["w"] = {{1, 1, 1, 1}, {1}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
      %w = dlc.weight "w" : tensor<1x1x1x1xf32>
      %y = dlc.conv2d %x, %w {padding = array<i64: 1, 0, 0, 1>}
          : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
      return %y : tensor<1x1x4x4xf32>
    })mlir",
                      {{{1, 1, 3, 3}, iota(9)}});
  expectTensor(out, {1, 1, 4, 4}, {0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0});
}

TEST_F(InterpreterTest, Conv2dDilation) {
  // A 2x2 kernel dilated by 2 reads the four corners of the 3x3 input.
  weights["w"] = {{1, 1, 2, 2}, {1, 10, 100, 1000}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
      %w = dlc.weight "w" : tensor<1x1x2x2xf32>
      %y = dlc.conv2d %x, %w {dilations = array<i64: 2, 2>}
          : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
      return %y : tensor<1x1x1x1xf32>
    })mlir",
                      {{{1, 1, 3, 3}, iota(9)}});
  expectTensor(out, {1, 1, 1, 1}, {1 * 1 + 3 * 10 + 7 * 100 + 9 * 1000});
}

TEST_F(InterpreterTest, Conv2dGroups) {
  // Two groups of two input channels: out0 = 1*in0 + 10*in1 and
  // out1 = 100*in2 + 1000*in3; a mix-up of groups changes both.
  weights["w"] = {{2, 2, 1, 1}, {1, 10, 100, 1000}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x4x1x1xf32>) -> tensor<1x2x1x1xf32> {
      %w = dlc.weight "w" : tensor<2x2x1x1xf32>
      %y = dlc.conv2d %x, %w {groups = 2 : i64}
          : (tensor<1x4x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
      return %y : tensor<1x2x1x1xf32>
    })mlir",
                      {{{1, 4, 1, 1}, {1, 2, 3, 4}}});
  expectTensor(out, {1, 2, 1, 1}, {1 * 1 + 10 * 2, 100 * 3 + 1000 * 4});
}

TEST_F(InterpreterTest, Conv2dGroupsSeveralOutputsPerGroup) {
  // Depthwise with multiplier 2: outputs 0, 1 read channel 0; 2, 3 read channel 1.
  weights["w"] = {{4, 1, 1, 1}, {1, 10, 100, 1000}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x2x1x2xf32>) -> tensor<1x4x1x2xf32> {
      %w = dlc.weight "w" : tensor<4x1x1x1xf32>
      %y = dlc.conv2d %x, %w {groups = 2 : i64}
          : (tensor<1x2x1x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x1x2xf32>
      return %y : tensor<1x4x1x2xf32>
    })mlir",
                      {{{1, 2, 1, 2}, {1, 2, 3, 4}}});
  expectTensor(out, {1, 4, 1, 2}, {1, 2, 10, 20, 300, 400, 3000, 4000});
}

TEST_F(InterpreterTest, Conv2dDynamicBatch) {
  // The batch extent comes from the input; each image is convolved alone.
  weights["w"] = {{1, 1, 1, 1}, {2}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<?x1x1x2xf32>) -> tensor<?x1x1x2xf32> {
      %w = dlc.weight "w" : tensor<1x1x1x1xf32>
      %y = dlc.conv2d %x, %w : (tensor<?x1x1x2xf32>, tensor<1x1x1x1xf32>) -> tensor<?x1x1x2xf32>
      return %y : tensor<?x1x1x2xf32>
    })mlir",
                      {{{3, 1, 1, 2}, iota(6)}});
  expectTensor(out, {3, 1, 1, 2}, {2, 4, 6, 8, 10, 12});
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// A 2x2 window with stride 1 over [[1 2] [3 4]] padded by 1 on every side.
constexpr const char *kAvgPoolPadded = R"mlir(
    func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
      %y = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
                              count_include_pad = COUNT}
          : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
      return %y : tensor<1x1x3x3xf32>
    })mlir";

std::string withCount(const char *source, const char *count) {
  std::string s = source;
  s.replace(s.find("COUNT"), 5, count);
  return s;
}

TEST_F(InterpreterTest, AvgPool2dCountIncludePad) {
  // Every window divides by the kernel area 4.
  Tensor out = runOne(withCount(kAvgPoolPadded, "true"), {{{1, 1, 2, 2}, {1, 2, 3, 4}}});
  expectTensor(out, {1, 1, 3, 3},
               {1 / 4., 3 / 4., 2 / 4., 4 / 4., 10 / 4., 6 / 4., 3 / 4., 7 / 4., 4 / 4.});
}

TEST_F(InterpreterTest, AvgPool2dCountExcludePad) {
  // Each window divides by its number of in-bounds positions (1, 2 or 4).
  Tensor out = runOne(withCount(kAvgPoolPadded, "false"), {{{1, 1, 2, 2}, {1, 2, 3, 4}}});
  expectTensor(out, {1, 1, 3, 3}, {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4});
}

TEST_F(InterpreterTest, AvgPool2dDefaultExcludesPad) {
  // count_include_pad defaults to false.
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
      %y = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                              padding = array<i64: 1, 1, 0, 0>}
          : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
      return %y : tensor<1x1x1x1xf32>
    })mlir",
                      {{{1, 1, 2, 2}, {1, 2, 3, 4}}});
  expectTensor(out, {1, 1, 1, 1}, {1});
}

TEST_F(InterpreterTest, MaxPool2dStride) {
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
      %y = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
          : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
      return %y : tensor<1x1x2x2xf32>
    })mlir",
                      {{{1, 1, 4, 4}, {1, 9, 2, 3, 4, 5, 6, 8, 0, 0, 7, 0, 0, 11, 0, 0}}});
  expectTensor(out, {1, 1, 2, 2}, {9, 8, 11, 7});
}

TEST_F(InterpreterTest, MaxPool2dPaddingNeverWins) {
  // All inputs are negative, so a padded 0 would win if it were read.
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
      %y = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
          : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
      return %y : tensor<1x1x3x3xf32>
    })mlir",
                      {{{1, 1, 2, 2}, {-1, -2, -3, -4}}});
  expectTensor(out, {1, 1, 3, 3}, {-1, -1, -2, -1, -1, -2, -3, -3, -4});
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, ReluTanhSigmoid) {
  ASSERT_TRUE(mlir::succeeded(run(R"mlir(
    func.func @main(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
      %r = dlc.relu %x : tensor<3xf32>
      %t = dlc.tanh %x : tensor<3xf32>
      %s = dlc.sigmoid %x : tensor<3xf32>
      return %r, %t, %s : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    })mlir",
                                  {{{3}, {-2, 0, 1.5}}})));
  ASSERT_EQ(outputs.size(), 3u);
  expectTensor(outputs[0], {3}, {0, 0, 1.5});
  expectTensor(outputs[1], {3}, {std::tanh(-2.0), 0, std::tanh(1.5)});
  expectTensor(outputs[2], {3}, {1 / (1 + std::exp(2.0)), 0.5, 1 / (1 + std::exp(-1.5))});
}

TEST_F(InterpreterTest, AddBroadcastsTrailingDims) {
  Tensor out = runOne(R"mlir(
    func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
      %y = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    })mlir",
                      {{{2, 3}, {0, 1, 2, 3, 4, 5}}, {{3}, {10, 20, 30}}});
  expectTensor(out, {2, 3}, {10, 21, 32, 13, 24, 35});
}

TEST_F(InterpreterTest, AddBroadcastsBothSides) {
  // [2x1] + [1x3]: a column plus a row gives a table.
  Tensor out = runOne(R"mlir(
    func.func @main(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
      %y = dlc.add %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    })mlir",
                      {{{2, 1}, {1, 2}}, {{1, 3}, {10, 20, 30}}});
  expectTensor(out, {2, 3}, {11, 21, 31, 12, 22, 32});
}

TEST_F(InterpreterTest, AddBroadcastsBias4D) {
  // A per-channel bias [C x 1 x 1] over NCHW.
  Tensor out = runOne(R"mlir(
    func.func @main(%a: tensor<1x2x1x2xf32>, %b: tensor<2x1x1xf32>) -> tensor<1x2x1x2xf32> {
      %y = dlc.add %a, %b : (tensor<1x2x1x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x1x2xf32>
      return %y : tensor<1x2x1x2xf32>
    })mlir",
                      {{{1, 2, 1, 2}, {1, 2, 3, 4}}, {{2, 1, 1}, {10, 100}}});
  expectTensor(out, {1, 2, 1, 2}, {11, 12, 103, 104});
}

//===----------------------------------------------------------------------===//
// linear, reshape, softmax
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Linear) {
  // w = [[1 0] [0 1] [1 1]] (out_features x in_features), bias [0.5 -1 0].
  weights["w"] = {{3, 2}, {1, 0, 0, 1, 1, 1}};
  weights["b"] = {{3}, {0.5, -1, 0}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<2x2xf32>) -> tensor<2x3xf32> {
      %w = dlc.weight "w" : tensor<3x2xf32>
      %b = dlc.weight "b" : tensor<3xf32>
      %y = dlc.linear %x, %w, %b : (tensor<2x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    })mlir",
                      {{{2, 2}, {1, 2, 3, 4}}});
  expectTensor(out, {2, 3}, {1.5, 1, 3, 3.5, 3, 7});
}

TEST_F(InterpreterTest, LinearWithoutBias) {
  weights["w"] = {{1, 3}, {1, 2, 3}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x3xf32>) -> tensor<1x1xf32> {
      %w = dlc.weight "w" : tensor<1x3xf32>
      %y = dlc.linear %x, %w : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x1xf32>
      return %y : tensor<1x1xf32>
    })mlir",
                      {{{1, 3}, {4, 5, 6}}});
  expectTensor(out, {1, 1}, {4 + 10 + 18});
}

TEST_F(InterpreterTest, ReshapeKeepsRowMajorOrder) {
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x2x3xf32>) -> tensor<3x2xf32> {
      %y = dlc.reshape %x {shape = array<i64: 3, -1>} : (tensor<1x2x3xf32>) -> tensor<3x2xf32>
      return %y : tensor<3x2xf32>
    })mlir",
                      {{{1, 2, 3}, iota(6)}});
  expectTensor(out, {3, 2}, iota(6));
}

TEST_F(InterpreterTest, ReshapeDynamicBatch) {
  // The 0 keeps the input's dynamic batch, here 3.
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<?x4xf32>) -> tensor<?x2x2xf32> {
      %y = dlc.reshape %x {shape = array<i64: 0, 2, 2>} : (tensor<?x4xf32>) -> tensor<?x2x2xf32>
      return %y : tensor<?x2x2xf32>
    })mlir",
                      {{{3, 4}, iota(12)}});
  expectTensor(out, {3, 2, 2}, iota(12));
}

TEST_F(InterpreterTest, SoftmaxLastAxis) {
  // Rows [1 2 3] and [1000 1001 1002] have the same softmax; the second
  // overflows exp() unless the maximum is subtracted first.
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %y = dlc.softmax %x : tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    })mlir",
                      {{{2, 3}, {1, 2, 3, 1000, 1001, 1002}}});
  double sum = 1 + std::exp(1.0) + std::exp(2.0);
  std::vector<double> row = {1 / sum, std::exp(1.0) / sum, std::exp(2.0) / sum};
  expectTensor(out, {2, 3}, {row[0], row[1], row[2], row[0], row[1], row[2]});
  for (int r = 0; r < 2; ++r)
    EXPECT_NEAR(out.data[3 * r] + out.data[3 * r + 1] + out.data[3 * r + 2], 1.0, 1e-12);
}

TEST_F(InterpreterTest, SoftmaxFirstAxis) {
  // axis = -2 normalizes each column of the 2x3 input.
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %y = dlc.softmax %x {axis = -2 : i64} : tensor<2x3xf32>
      return %y : tensor<2x3xf32>
    })mlir",
                      {{{2, 3}, {0, 1, 5, 0, 0, 5}}});
  double e = std::exp(1.0);
  expectTensor(out, {2, 3}, {0.5, e / (e + 1), 0.5, 0.5, 1 / (e + 1), 0.5});
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(out.data[c] + out.data[3 + c], 1.0, 1e-12);
}

TEST_F(InterpreterTest, ChainOfOps) {
  // conv -> relu -> reshape -> linear, as in a LeNet tail.
  weights["w"] = {{2, 1, 1, 1}, {1, -1}};
  weights["fc"] = {{1, 4}, {1, 10, 100, 1000}};
  Tensor out = runOne(R"mlir(
    func.func @main(%x: tensor<1x1x1x2xf32>) -> tensor<1x1xf32> {
      %w = dlc.weight "w" : tensor<2x1x1x1xf32>
      %c = dlc.conv2d %x, %w : (tensor<1x1x1x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x2xf32>
      %r = dlc.relu %c : tensor<1x2x1x2xf32>
      %f = dlc.reshape %r {shape = array<i64: 1, -1>} : (tensor<1x2x1x2xf32>) -> tensor<1x4xf32>
      %fc = dlc.weight "fc" : tensor<1x4xf32>
      %y = dlc.linear %f, %fc : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
      return %y : tensor<1x1xf32>
    })mlir",
                      {{{1, 1, 1, 2}, {3, -5}}});
  // conv: [3 -5 | -3 5]; relu: [3 0 0 5]; linear: 3 + 5000.
  expectTensor(out, {1, 1}, {5003});
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

constexpr const char *kRelu = R"mlir(
    func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
      %y = dlc.relu %x : tensor<?x3xf32>
      return %y : tensor<?x3xf32>
    })mlir";

TEST_F(InterpreterTest, ErrorWrongInputCount) {
  expectError(kRelu, {}, "function 'main' takes 1 input(s), got 0");
}

TEST_F(InterpreterTest, ErrorWrongInputShape) {
  expectError(kRelu, {{{2, 4}, iota(8)}},
              "input 0 has shape 2x4, expected ?x3 (argument 0 of function 'main')");
}

TEST_F(InterpreterTest, ErrorWrongInputRank) {
  expectError(kRelu, {{{6}, iota(6)}}, "input 0 has shape 6, expected ?x3");
}

TEST_F(InterpreterTest, ErrorWrongValueCount) {
  expectError(kRelu, {{{2, 3}, iota(5)}}, "input 0 has 5 values, expected 6 for shape 2x3");
}

TEST_F(InterpreterTest, ErrorUnknownWeight) {
  expectError(R"mlir(
    func.func @main() -> tensor<2xf32> {
      %w = dlc.weight "missing" : tensor<2xf32>
      return %w : tensor<2xf32>
    })mlir",
              {}, "reference interpreter has no value for weight 'missing'");
}

TEST_F(InterpreterTest, ErrorWeightShapeDiffersFromType) {
  weights["w"] = {{3}, {1, 2, 3}};
  expectError(R"mlir(
    func.func @main() -> tensor<2xf32> {
      %w = dlc.weight "w" : tensor<2xf32>
      return %w : tensor<2xf32>
    })mlir",
              {}, "weight 'w' has shape 3, expected 2 from the type of its dlc.weight op");
}

TEST_F(InterpreterTest, ErrorWeightValueCount) {
  weights["w"] = {{2}, {1, 2, 3}};
  expectError(R"mlir(
    func.func @main() -> tensor<2xf32> {
      %w = dlc.weight "w" : tensor<2xf32>
      return %w : tensor<2xf32>
    })mlir",
              {}, "weight 'w' has 3 values, expected 2 for shape 2");
}

TEST_F(InterpreterTest, ErrorUnsupportedOpAtItsLocation) {
  EXPECT_TRUE(mlir::failed(run(R"mlir(
    func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
      %y = "test.frobnicate"(%x) : (tensor<3xf32>) -> tensor<3xf32>
      return %y : tensor<3xf32>
    })mlir",
                               {{{3}, iota(3)}})));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front(), "reference interpreter does not support op 'test.frobnicate'");
  auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(errorLocs.front());
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc.getLine(), 3u);
}

TEST_F(InterpreterTest, ErrorBroadcastOfDynamicDims) {
  // The types allow ? with 3, but the actual extents 2 and 3 do not broadcast.
  expectError(R"mlir(
    func.func @main(%a: tensor<?xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
      %y = dlc.add %a, %b : (tensor<?xf32>, tensor<3xf32>) -> tensor<3xf32>
      return %y : tensor<3xf32>
    })mlir",
              {{{2}, iota(2)}, {{3}, iota(3)}}, "(add_c1) cannot broadcast 2 with 3");
}

} // namespace
