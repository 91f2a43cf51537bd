// Gradient checks: the backward functions --dlc-autodiff builds, run by the
// reference interpreter in float64, against central finite differences of
// the forward function, for every op with a gradient rule and for whole
// training computations (LeNet-5 with its loss, a training-mode batch norm).
#include <cmath>
#include <optional>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "compiler/autodiff/Passes.h"
#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

using dlc::interp::Tensor;

namespace {

struct GradientCase {
  std::string name;
  std::string source;  // func.func @f with one result
  int classes = 10;    // int64 arguments hold class indices below this
};

std::ostream &operator<<(std::ostream &os, const GradientCase &c) { return os << c.name; }

class GradientCheck : public ::testing::TestWithParam<GradientCase> {
protected:
  GradientCheck() : context(registry()) {
    context.loadDialect<dlc::DLCDialect, mlir::func::FuncDialect>();
  }
  static mlir::DialectRegistry registry() {
    mlir::DialectRegistry r;
    dlc::registerDifferentiableOps(r);
    return r;
  }
  mlir::MLIRContext context;
};

Tensor randomTensor(mlir::Type type, std::mt19937 &random, int classes) {
  auto shaped = mlir::cast<mlir::ShapedType>(type);
  Tensor t;
  t.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  t.data.resize(static_cast<size_t>(shaped.getNumElements()));
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::uniform_int_distribution<int> label(0, classes - 1);
  for (double &v : t.data)
    v = shaped.getElementType().isInteger(64) ? label(random) : uniform(random);
  return t;
}

// sum(f(inputs) * seed): the scalar whose gradient the backward computes.
double weightedOutput(mlir::func::FuncOp f, const std::vector<Tensor> &inputs, const Tensor &seed) {
  std::vector<Tensor> outputs;
  EXPECT_TRUE(mlir::succeeded(dlc::interp::run(f, inputs, {}, outputs)));
  double total = 0.0;
  for (size_t i = 0; i < seed.data.size(); ++i)
    total += outputs[0].data[i] * seed.data[i];
  return total;
}

TEST_P(GradientCheck, BackwardMatchesFiniteDifferences) {
  const GradientCase &c = GetParam();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(c.source, &context, c.name);
  ASSERT_TRUE(module) << "cannot parse " << c.name;
  mlir::PassManager passes(&context);
  passes.addPass(dlc::createDLCAutodiff());
  ASSERT_TRUE(mlir::succeeded(passes.run(*module)));
  auto forward = module->lookupSymbol<mlir::func::FuncOp>("f");
  auto backward = module->lookupSymbol<mlir::func::FuncOp>("f_backward");
  ASSERT_TRUE(forward && backward);

  std::mt19937 random(7);
  std::vector<Tensor> inputs;
  for (mlir::Type t : forward.getArgumentTypes())
    inputs.push_back(randomTensor(t, random, c.classes));
  Tensor seed = randomTensor(forward.getResultTypes()[0], random, c.classes);
  std::vector<Tensor> withSeed = inputs, analytic;
  withSeed.push_back(seed);
  ASSERT_TRUE(mlir::succeeded(dlc::interp::run(backward, withSeed, {}, analytic)));

  const double step = 1e-6;
  size_t gradient = 1, checked = 0;
  for (size_t arg = 0; arg < inputs.size(); ++arg) {
    if (!mlir::cast<mlir::ShapedType>(forward.getArgumentTypes()[arg]).getElementType().isF32())
      continue;
    const Tensor &grad = analytic[gradient++];
    ASSERT_EQ(grad.data.size(), inputs[arg].data.size());
    // Every element of small tensors, 40 random ones of larger.
    std::vector<size_t> elements(inputs[arg].data.size());
    for (size_t i = 0; i < elements.size(); ++i)
      elements[i] = i;
    if (elements.size() > 40) {
      std::shuffle(elements.begin(), elements.end(), random);
      elements.resize(40);
    }
    for (size_t i : elements) {
      std::vector<Tensor> plus = inputs, minus = inputs;
      plus[arg].data[i] += step;
      minus[arg].data[i] -= step;
      double numeric =
          (weightedOutput(forward, plus, seed) - weightedOutput(forward, minus, seed)) / (2 * step);
      EXPECT_NEAR(grad.data[i], numeric, 1e-6 + 1e-5 * std::fabs(numeric))
          << c.name << ": argument " << arg << ", element " << i;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

std::string unary(const std::string &body) {
  return "func.func @f(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {\n" + body +
         "\n  return %y : tensor<2x5xf32>\n}";
}

const GradientCase kCases[] = {
    {"conv2d_stride_padding_bias", R"(
func.func @f(%x: tensor<2x3x7x7xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x3x7x7xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
})"},
    // Strides that divide the input: the input gradient in phases.
    {"conv2d_stride2_phases_3x3", R"(
func.func @f(%x: tensor<2x3x8x6xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x3xf32> {
  %y = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x3x8x6xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x3xf32>
  return %y : tensor<2x4x4x3xf32>
})"},
    {"conv2d_stride2_phases_1x1_empty_phases", R"(
func.func @f(%x: tensor<1x4x6x6xf32>, %w: tensor<3x4x1x1xf32>) -> tensor<1x3x3x3xf32> {
  %y = dlc.conv2d %x, %w {strides = array<i64: 2, 2>}
      : (tensor<1x4x6x6xf32>, tensor<3x4x1x1xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
})"},
    {"conv2d_stride3_phases_asymmetric_pad_grouped", R"(
func.func @f(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x4x5xf32>) -> tensor<1x6x3x3xf32> {
  %y = dlc.conv2d %x, %w {strides = array<i64: 3, 3>, padding = array<i64: 2, 1, 0, 2>, groups = 2 : i64}
      : (tensor<1x4x9x9xf32>, tensor<6x2x4x5xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
})"},
    {"conv2d_dilated_grouped", R"(
func.func @f(%x: tensor<1x4x7x6xf32>, %w: tensor<6x2x2x3xf32>) -> tensor<1x6x5x2xf32> {
  %y = dlc.conv2d %x, %w {dilations = array<i64: 2, 2>, groups = 2 : i64}
      : (tensor<1x4x7x6xf32>, tensor<6x2x2x3xf32>) -> tensor<1x6x5x2xf32>
  return %y : tensor<1x6x5x2xf32>
})"},
    {"max_pool2d_overlapping_padded", R"(
func.func @f(%x: tensor<2x2x6x5xf32>) -> tensor<2x2x3x3xf32> {
  %y = dlc.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x2x6x5xf32>) -> tensor<2x2x3x3xf32>
  return %y : tensor<2x2x3x3xf32>
})"},
    {"avg_pool2d_exclude_pad", R"(
func.func @f(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %y = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
})"},
    {"avg_pool2d_include_pad", R"(
func.func @f(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %y = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = true}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
})"},
    {"linear_bias", R"(
func.func @f(%x: tensor<3x6xf32>, %w: tensor<4x6xf32>, %b: tensor<4xf32>) -> tensor<3x4xf32> {
  %y = dlc.linear %x, %w, %b : (tensor<3x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
})"},
    {"matmul_broadcast_batch", R"(
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<1x4x5xf32>) -> tensor<2x3x5xf32> {
  %y = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<1x4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
})"},
    {"relu", unary("  %y = dlc.relu %x : tensor<2x5xf32>")},
    {"tanh", unary("  %y = dlc.tanh %x : tensor<2x5xf32>")},
    {"sigmoid", unary("  %y = dlc.sigmoid %x : tensor<2x5xf32>")},
    {"exp", unary("  %y = dlc.exp %x : tensor<2x5xf32>")},
    {"log_sqrt_of_positive", unary("  %s = dlc.sigmoid %x : tensor<2x5xf32>\n"
                                   "  %l = dlc.log %s : tensor<2x5xf32>\n"
                                   "  %n = dlc.neg %l : tensor<2x5xf32>\n"
                                   "  %y = dlc.sqrt %n : tensor<2x5xf32>")},
    {"silu", unary("  %y = dlc.silu %x : tensor<2x5xf32>")},
    {"softplus", unary("  %y = dlc.softplus %x : tensor<2x5xf32>")},
    {"softmax", unary("  %y = dlc.softmax %x {axis = 1 : i64} : tensor<2x5xf32>")},
    {"log_softmax_axis0", unary("  %y = dlc.log_softmax %x {axis = 0 : i64} : tensor<2x5xf32>")},
    {"abs", unary("  %y = dlc.abs %x : tensor<2x5xf32>")},
    {"leaky_relu", unary("  %y = dlc.leaky_relu %x {alpha = 2.0e-01 : f32} : tensor<2x5xf32>")},
    {"elu", unary("  %y = dlc.elu %x {alpha = 1.5 : f32} : tensor<2x5xf32>")},
    // Inputs in [-4, 4], so that both clamped sides and the ramp are seen.
    {"hard_sigmoid_clamped_and_ramp",
     unary("  %four = dlc.constant 4.0 : tensor<1xf32>\n"
           "  %s = dlc.mul %x, %four : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>\n"
           "  %y = dlc.hard_sigmoid %s : tensor<2x5xf32>")},
    {"hard_swish_clamped_and_ramp",
     unary("  %five = dlc.constant 5.0 : tensor<1xf32>\n"
           "  %s = dlc.mul %x, %five : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>\n"
           "  %y = dlc.hard_swish %s : tensor<2x5xf32>")},
    {"clip_both_bounds",
     unary("  %y = dlc.clip %x {min = -5.0e-01 : f32, max = 4.0e-01 : f32} : tensor<2x5xf32>")},
    {"clip_lower_bound_only", unary("  %y = dlc.clip %x {min = 0.0 : f32} : tensor<2x5xf32>")},
    {"erf", unary("  %y = dlc.erf %x : tensor<2x5xf32>")},
    {"gelu_erf", unary("  %y = dlc.gelu %x : tensor<2x5xf32>")},
    {"gelu_tanh", unary("  %y = dlc.gelu %x {approximate = \"tanh\"} : tensor<2x5xf32>")},
    {"layer_norm_last_axis_bias", R"(
func.func @f(%x: tensor<3x6xf32>, %s: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<3x6xf32> {
  %y = dlc.layer_norm %x, %s, %b {axis = -1 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<3x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<3x6xf32>
  return %y : tensor<3x6xf32>
})"},
    {"layer_norm_two_axes_no_bias", R"(
func.func @f(%x: tensor<2x3x4xf32>, %s: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %y = dlc.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
})"},
    {"add_sub_broadcast", R"(
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %y = dlc.sub %b, %0 : (tensor<3x1xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
})"},
    {"mul_div_broadcast", R"(
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %e = dlc.exp %b : tensor<3xf32>
  %0 = dlc.mul %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = dlc.div %0, %e : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
})"},
    {"pow_learned_base_and_exponent", R"(
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %e = dlc.exp %a : tensor<2x3xf32>
  %y = dlc.pow %e, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
})"},
    {"pow_constant_exponent_negative_base", R"(
func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %three = dlc.constant 3.0 : tensor<1xf32>
  %y = dlc.pow %a, %three : (tensor<2x3xf32>, tensor<1xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
})"},
    {"min_max_broadcast", R"(
func.func @f(%a: tensor<2x5xf32>, %b: tensor<5xf32>, %c: tensor<2x1xf32>) -> tensor<2x5xf32> {
  %m = dlc.max %a, %b : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %y = dlc.min %m, %c : (tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
})"},
    // max(x, x) = x: each side of the tie gets half of the gradient.
    {"max_tie_shares_the_gradient",
     unary("  %y = dlc.max %x, %x : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>")},
    {"prelu_channel_slopes", R"(
func.func @f(%x: tensor<2x3x2x2xf32>, %slope: tensor<3x1x1xf32>) -> tensor<2x3x2x2xf32> {
  %y = dlc.prelu %x, %slope : (tensor<2x3x2x2xf32>, tensor<3x1x1xf32>) -> tensor<2x3x2x2xf32>
  return %y : tensor<2x3x2x2xf32>
})"},
    // The mask's source gets no gradient (a zero); both branches broadcast.
    {"where_comparison_mask", R"(
func.func @f(%c: tensor<2x5xf32>, %a: tensor<2x5xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  %zero = dlc.constant 0.0 : tensor<1xf32>
  %mask = dlc.greater %c, %zero : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>
  %t = dlc.tanh %a : tensor<2x5xf32>
  %y = dlc.where %mask, %t, %b : (tensor<2x5xf32>, tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
})"},
    {"comparisons_pass_no_gradient", R"(
func.func @f(%a: tensor<2x5xf32>, %b: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %le = dlc.less_equal %a, %b : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %ge = dlc.greater_equal %a, %b : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %eq = dlc.equal %a, %b : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %m = dlc.add %le, %ge : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %n = dlc.add %m, %eq : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %y = dlc.mul %n, %a : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
})"},
    {"reduce_max_min", R"(
func.func @f(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %m = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %n = dlc.reduce_min %x {axes = array<i64: -2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %y = dlc.mul %m, %n : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
})"},
    // Every maximum is tied between the two copies of x: each gets half.
    {"reduce_max_ties", R"(
func.func @f(%x: tensor<2x5xf32>) -> tensor<1x5xf32> {
  %c = dlc.concat %x, %x {axis = 0 : i64} : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<4x5xf32>
  %y = dlc.reduce_max %c {axes = array<i64: 0>, keepdims = true} : (tensor<4x5xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
})"},
    {"slice_strided_both_axes", R"(
func.func @f(%x: tensor<7x9xf32>) -> tensor<3x3xf32> {
  %y = dlc.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<7x9xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
})"},
    {"slice_strided_last_axis_offset", R"(
func.func @f(%x: tensor<3x10xf32>) -> tensor<2x4xf32> {
  %y = dlc.slice %x {offsets = array<i64: 1, 1>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 2>} : (tensor<3x10xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
})"},
    {"conv_transpose2d_stride_output_padding_grouped_bias", R"(
func.func @f(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  %y = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>, groups = 2 : i64}
      : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
})"},
    {"conv_transpose2d_dilated", R"(
func.func @f(%x: tensor<2x2x4x3xf32>, %w: tensor<2x3x2x3xf32>) -> tensor<2x3x6x5xf32> {
  %y = dlc.conv_transpose2d %x, %w {dilations = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>}
      : (tensor<2x2x4x3xf32>, tensor<2x3x2x3xf32>) -> tensor<2x3x6x5xf32>
  return %y : tensor<2x3x6x5xf32>
})"},
    {"resize_nearest_asymmetric_upsample", R"(
func.func @f(%x: tensor<2x2x3x4xf32>) -> tensor<2x2x6x8xf32> {
  %y = dlc.resize %x {size = array<i64: 6, 8>} : (tensor<2x2x3x4xf32>) -> tensor<2x2x6x8xf32>
  return %y : tensor<2x2x6x8xf32>
})"},
    {"resize_bilinear_half_pixel_odd_sizes", R"(
func.func @f(%x: tensor<1x2x3x5xf32>) -> tensor<1x2x7x4xf32> {
  %y = dlc.resize %x {size = array<i64: 7, 4>, mode = "linear", coordinate_mode = "half_pixel"} : (tensor<1x2x3x5xf32>) -> tensor<1x2x7x4xf32>
  return %y : tensor<1x2x7x4xf32>
})"},
    {"resize_bilinear_align_corners", R"(
func.func @f(%x: tensor<1x1x4x3xf32>) -> tensor<1x1x8x6xf32> {
  %y = dlc.resize %x {size = array<i64: 8, 6>, mode = "linear", coordinate_mode = "align_corners"} : (tensor<1x1x4x3xf32>) -> tensor<1x1x8x6xf32>
  return %y : tensor<1x1x8x6xf32>
})"},
    {"resize_nearest_pytorch_half_pixel_downsample", R"(
func.func @f(%x: tensor<1x2x6x5xf32>) -> tensor<1x2x4x1xf32> {
  %y = dlc.resize %x {size = array<i64: 4, 1>, coordinate_mode = "pytorch_half_pixel"} : (tensor<1x2x6x5xf32>) -> tensor<1x2x4x1xf32>
  return %y : tensor<1x2x4x1xf32>
})"},
    {"attention_cross_mask", R"(
func.func @f(%q: tensor<2x3x4xf32>, %k: tensor<2x5x4xf32>, %v: tensor<2x5x2xf32>, %m: tensor<3x5xf32>) -> tensor<2x3x2xf32> {
  %y = dlc.attention %q, %k, %v, %m {scale = 5.0e-01 : f32} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x5x2xf32>, tensor<3x5xf32>) -> tensor<2x3x2xf32>
  return %y : tensor<2x3x2xf32>
})"},
    // Causal: the masked scores get no gradient (each row keeps key 0).
    {"attention_causal_self_heads", R"(
func.func @f(%x: tensor<2x2x4x3xf32>, %w: tensor<2x2x4x3xf32>) -> tensor<2x2x4x3xf32> {
  %v = dlc.tanh %w : tensor<2x2x4x3xf32>
  %y = dlc.attention %x, %x, %v {causal = true, block_queries = 2 : i64, block_keys = 2 : i64} : (tensor<2x2x4x3xf32>, tensor<2x2x4x3xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x4x3xf32>
  return %y : tensor<2x2x4x3xf32>
})"},
    {"attention_causal_more_queries_than_keys", R"(
func.func @f(%q: tensor<1x5x2xf32>, %k: tensor<1x3x2xf32>, %v: tensor<1x3x2xf32>) -> tensor<1x5x2xf32> {
  %y = dlc.attention %q, %k, %v {causal = true} : (tensor<1x5x2xf32>, tensor<1x3x2xf32>, tensor<1x3x2xf32>) -> tensor<1x5x2xf32>
  return %y : tensor<1x5x2xf32>
})"},
    {"group_norm", R"(
func.func @f(%x: tensor<2x4x3x2xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x3x2xf32> {
  %y = dlc.group_norm %x, %s, %b {groups = 2 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<2x4x3x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x2xf32>
  return %y : tensor<2x4x3x2xf32>
})"},
    {"instance_norm_rank3", R"(
func.func @f(%x: tensor<2x3x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x5xf32> {
  %y = dlc.group_norm %x, %s, %b {groups = 3 : i64}
      : (tensor<2x3x5xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
})"},
    // Eval-mode batch norm: gradients of the input, the affine parameters
    // and the statistics (the variance kept positive by an exp).
    {"batch_norm_eval_all_operands", R"(
func.func @f(%x: tensor<2x3x2x2xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x2x2xf32> {
  %ev = dlc.exp %v : tensor<3xf32>
  %y = dlc.batch_norm %x, %s, %b, %m, %ev {epsilon = 1.0e-03 : f32}
      : (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
  return %y : tensor<2x3x2x2xf32>
})"},
    {"lrn_odd_window", R"(
func.func @f(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %y = dlc.lrn %x {size = 3 : i64, alpha = 5.0e-01 : f32, beta = 7.5e-01 : f32, bias = 1.0 : f32} : tensor<1x5x2x2xf32>
  return %y : tensor<1x5x2x2xf32>
})"},
    // An even window reaches one channel further up than down.
    {"lrn_even_window", R"(
func.func @f(%x: tensor<2x6x3xf32>) -> tensor<2x6x3xf32> {
  %y = dlc.lrn %x {size = 4 : i64, alpha = 8.0e-01 : f32, beta = 5.0e-01 : f32, bias = 2.0 : f32} : tensor<2x6x3xf32>
  return %y : tensor<2x6x3xf32>
})"},
    // 8 indices into 5 rows: rows named twice sum their gradients, rows
    // never named get 0.
    {"gather_embedding_rows", R"(
func.func @f(%table: tensor<5x3xf32>, %tokens: tensor<2x4xi64>) -> tensor<2x4x3xf32> {
  %y = dlc.gather %table, %tokens : (tensor<5x3xf32>, tensor<2x4xi64>) -> tensor<2x4x3xf32>
  return %y : tensor<2x4x3xf32>
})",
     5},
    {"gather_middle_axis", R"(
func.func @f(%x: tensor<2x4x3xf32>, %i: tensor<5xi64>) -> tensor<2x5x3xf32> {
  %y = dlc.gather %x, %i {axis = 1 : i64} : (tensor<2x4x3xf32>, tensor<5xi64>) -> tensor<2x5x3xf32>
  return %y : tensor<2x5x3xf32>
})",
     4},
    {"reshape_transpose", R"(
func.func @f(%x: tensor<2x6xf32>) -> tensor<3x2x2xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 2, 2, 3>} : (tensor<2x6xf32>) -> tensor<2x2x3xf32>
  %y = dlc.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<2x2x3xf32>) -> tensor<3x2x2xf32>
  return %y : tensor<3x2x2xf32>
})"},
    {"reduce_sum_mean", R"(
func.func @f(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %y = dlc.reduce_mean %0 {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x1xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
})"},
    {"cross_entropy_smoothed", R"(
func.func @f(%x: tensor<4x6xf32>, %t: tensor<4xi64>) -> tensor<1xf32> {
  %y = dlc.loss %x, %t {kind = "cross_entropy", label_smoothing = 0.2} : (tensor<4x6xf32>, tensor<4xi64>) -> tensor<1xf32>
  return %y : tensor<1xf32>
})",
     6},
    {"mse_sum", R"(
func.func @f(%x: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<1xf32> {
  %y = dlc.loss %x, %t {kind = "mse", reduction = "sum"} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<1xf32>
  return %y : tensor<1xf32>
})"},
    {"bce_with_logits", R"(
func.func @f(%x: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<1xf32> {
  %s = dlc.sigmoid %t : tensor<3x4xf32>
  %y = dlc.loss %x, %s {kind = "bce_with_logits"} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<1xf32>
  return %y : tensor<1xf32>
})"},
    // Batch norm in training mode, as dlc --train writes it: batch
    // statistics over (N, H, W), scale and shift per channel.
    {"batch_norm_training", R"(
func.func @f(%x: tensor<3x2x2x2xf32>, %scale: tensor<2xf32>, %bias: tensor<2xf32>) -> tensor<3x2x2x2xf32> {
  %mean = dlc.reduce_mean %x {axes = array<i64: 0, 2, 3>, keepdims = true} : (tensor<3x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %d = dlc.sub %x, %mean : (tensor<3x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<3x2x2x2xf32>
  %sq = dlc.mul %d, %d : (tensor<3x2x2x2xf32>, tensor<3x2x2x2xf32>) -> tensor<3x2x2x2xf32>
  %var = dlc.reduce_mean %sq {axes = array<i64: 0, 2, 3>, keepdims = true} : (tensor<3x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %eps = dlc.constant 1.0e-05 : tensor<1xf32>
  %one = dlc.constant 1.0 : tensor<1xf32>
  %ve = dlc.add %var, %eps : (tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x2x1x1xf32>
  %sd = dlc.sqrt %ve : tensor<1x2x1x1xf32>
  %inv = dlc.div %one, %sd : (tensor<1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %n = dlc.mul %d, %inv : (tensor<3x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<3x2x2x2xf32>
  %s4 = dlc.reshape %scale {shape = array<i64: 1, 2, 1, 1>} : (tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %b4 = dlc.reshape %bias {shape = array<i64: 1, 2, 1, 1>} : (tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %m = dlc.mul %n, %s4 : (tensor<3x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<3x2x2x2xf32>
  %y = dlc.add %m, %b4 : (tensor<3x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<3x2x2x2xf32>
  return %y : tensor<3x2x2x2xf32>
})"},
    // The fused training batch norm (dlc --train's form), alone and with the
    // ReLU its backward kernels absorb.
    {"batch_norm_train", R"(
func.func @f(%x: tensor<3x2x2x3xf32>, %scale: tensor<2xf32>, %bias: tensor<2xf32>) -> tensor<3x2x2x3xf32> {
  %s = dlc.batch_stats %x : (tensor<3x2x2x3xf32>) -> tensor<2x2xf32>
  %y = dlc.batch_norm_train %x, %scale, %bias, %s : (tensor<3x2x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>) -> tensor<3x2x2x3xf32>
  return %y : tensor<3x2x2x3xf32>
})"},
    {"batch_norm_train_relu", R"(
func.func @f(%x: tensor<4x3x2x2xf32>, %scale: tensor<3xf32>, %bias: tensor<3xf32>) -> tensor<4x3x2x2xf32> {
  %s = dlc.batch_stats %x : (tensor<4x3x2x2xf32>) -> tensor<2x3xf32>
  %y = dlc.batch_norm_train %x, %scale, %bias, %s {epsilon = 1.0e-03 : f32} : (tensor<4x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<4x3x2x2xf32>
  %r = dlc.relu %y : tensor<4x3x2x2xf32>
  return %r : tensor<4x3x2x2xf32>
})"},
    // A whole LeNet-5 step's loss (batch 2): every weight's gradient.
    {"lenet5_cross_entropy", R"(
func.func @f(%image: tensor<2x1x32x32xf32>, %labels: tensor<2xi64>,
             %w1: tensor<6x1x5x5xf32>, %b1: tensor<6xf32>, %w2: tensor<16x6x5x5xf32>, %b2: tensor<16xf32>,
             %w3: tensor<120x400xf32>, %b3: tensor<120xf32>, %w4: tensor<84x120xf32>, %b4: tensor<84xf32>,
             %w5: tensor<10x84xf32>, %b5: tensor<10xf32>) -> tensor<1xf32> {
  %c1 = dlc.conv2d %image, %w1, %b1 : (tensor<2x1x32x32xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<2x6x28x28xf32>
  %t1 = dlc.tanh %c1 : tensor<2x6x28x28xf32>
  %s2 = dlc.avg_pool2d %t1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x6x28x28xf32>) -> tensor<2x6x14x14xf32>
  %c3 = dlc.conv2d %s2, %w2, %b2 : (tensor<2x6x14x14xf32>, tensor<16x6x5x5xf32>, tensor<16xf32>) -> tensor<2x16x10x10xf32>
  %t3 = dlc.relu %c3 : tensor<2x16x10x10xf32>
  %s4 = dlc.max_pool2d %t3 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x16x10x10xf32>) -> tensor<2x16x5x5xf32>
  %f = dlc.reshape %s4 {shape = array<i64: 2, 400>} : (tensor<2x16x5x5xf32>) -> tensor<2x400xf32>
  %f5 = dlc.linear %f, %w3, %b3 : (tensor<2x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<2x120xf32>
  %t5 = dlc.tanh %f5 : tensor<2x120xf32>
  %f6 = dlc.linear %t5, %w4, %b4 : (tensor<2x120xf32>, tensor<84x120xf32>, tensor<84xf32>) -> tensor<2x84xf32>
  %t6 = dlc.sigmoid %f6 : tensor<2x84xf32>
  %scores = dlc.linear %t6, %w5, %b5 : (tensor<2x84xf32>, tensor<10x84xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %loss = dlc.loss %scores, %labels {kind = "cross_entropy"} : (tensor<2x10xf32>, tensor<2xi64>) -> tensor<1xf32>
  return %loss : tensor<1xf32>
})"},
    // A transformer encoder block (one head) as PyTorch exports it: sliced
    // projections, scaled dot-product attention, residual, layer norm
    // written out, ReLU feed-forward, residual; MSE against a target.
    {"transformer_block_mse", R"(
func.func @f(%x: tensor<2x3x4xf32>, %target: tensor<2x3x4xf32>, %wqkv: tensor<4x12xf32>,
             %w1: tensor<6x4xf32>, %w2: tensor<4x6xf32>, %gamma: tensor<4xf32>) -> tensor<1xf32> {
  %qkv = dlc.matmul %x, %wqkv : (tensor<2x3x4xf32>, tensor<4x12xf32>) -> tensor<2x3x12xf32>
  %q = dlc.slice %qkv {offsets = array<i64: 0, 0, 0>, sizes = array<i64: 2, 3, 4>, strides = array<i64: 1, 1, 1>} : (tensor<2x3x12xf32>) -> tensor<2x3x4xf32>
  %k = dlc.slice %qkv {offsets = array<i64: 0, 0, 4>, sizes = array<i64: 2, 3, 4>, strides = array<i64: 1, 1, 1>} : (tensor<2x3x12xf32>) -> tensor<2x3x4xf32>
  %v = dlc.slice %qkv {offsets = array<i64: 0, 0, 8>, sizes = array<i64: 2, 3, 4>, strides = array<i64: 1, 1, 1>} : (tensor<2x3x12xf32>) -> tensor<2x3x4xf32>
  %kt = dlc.transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %s = dlc.matmul %q, %kt : (tensor<2x3x4xf32>, tensor<2x4x3xf32>) -> tensor<2x3x3xf32>
  %scale = dlc.constant 0.5 : tensor<1xf32>
  %ss = dlc.mul %s, %scale : (tensor<2x3x3xf32>, tensor<1xf32>) -> tensor<2x3x3xf32>
  %p = dlc.softmax %ss {axis = -1 : i64} : tensor<2x3x3xf32>
  %a = dlc.matmul %p, %v : (tensor<2x3x3xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %r = dlc.add %x, %a : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %mean = dlc.reduce_mean %r {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %d = dlc.sub %r, %mean : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  %sq = dlc.mul %d, %d : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %var = dlc.reduce_mean %sq {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %eps = dlc.constant 1.0e-05 : tensor<1xf32>
  %ve = dlc.add %var, %eps : (tensor<2x3x1xf32>, tensor<1xf32>) -> tensor<2x3x1xf32>
  %sd = dlc.sqrt %ve : tensor<2x3x1xf32>
  %n = dlc.div %d, %sd : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  %ln = dlc.mul %n, %gamma : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %flat = dlc.reshape %ln {shape = array<i64: 6, 4>} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %h = dlc.linear %flat, %w1 : (tensor<6x4xf32>, tensor<6x4xf32>) -> tensor<6x6xf32>
  %hr = dlc.relu %h : tensor<6x6xf32>
  %o = dlc.linear %hr, %w2 : (tensor<6x6xf32>, tensor<4x6xf32>) -> tensor<6x4xf32>
  %o3 = dlc.reshape %o {shape = array<i64: 2, 3, 4>} : (tensor<6x4xf32>) -> tensor<2x3x4xf32>
  %y = dlc.add %ln, %o3 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %loss = dlc.loss %y, %target {kind = "mse"} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<1xf32>
  return %loss : tensor<1xf32>
})"},
    {"dropout_fixed_step", R"(
func.func @f(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %step = dlc.constant 3.0 : tensor<1xf32>
  %d = dlc.dropout %x, %step {ratio = 4.0e-01, seed = 11 : i64} : (tensor<4x10xf32>, tensor<1xf32>) -> tensor<4x10xf32>
  %y = dlc.tanh %d : tensor<4x10xf32>
  return %y : tensor<4x10xf32>
})"},
    {"pad_concat_broadcast", R"(
func.func @f(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<3x5xf32> {
  %c = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  %p = dlc.pad %c {pads = array<i64: 0, 1, 0, 1>} : (tensor<3x3xf32>) -> tensor<3x5xf32>
  %e = dlc.broadcast %b {shape = array<i64: 3, 3>} : (tensor<1x3xf32>) -> tensor<3x3xf32>
  %y = dlc.slice %p {offsets = array<i64: 0, 1>, sizes = array<i64: 3, 3>, strides = array<i64: 1, 1>} : (tensor<3x5xf32>) -> tensor<3x3xf32>
  %z = dlc.mul %y, %e : (tensor<3x3xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
  %out = dlc.pad %z {pads = array<i64: 0, 1, 0, 1>} : (tensor<3x3xf32>) -> tensor<3x5xf32>
  return %out : tensor<3x5xf32>
})"},
};

INSTANTIATE_TEST_SUITE_P(Ops, GradientCheck, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });

// dlc.dropout's masks, as the interpreter computes them (the compiled
// kernels must agree: dlc_unit_train_step): the ratio dropped, the rest
// scaled, a new mask each step and per seed, the same for the same step.
class DropoutMask : public GradientCheck {
protected:
  // The dropout of a 200 x 500 tensor of ones at `step` (none: eval mode).
  std::vector<double> run(int64_t seed, std::optional<double> step) {
    std::string source = "func.func @f(%x: tensor<200x500xf32>, %s: tensor<1xf32>) -> "
                         "tensor<200x500xf32> {\n  %y = dlc.dropout %x" +
                         std::string(step ? ", %s" : "") +
                         " {ratio = 3.0e-01, seed = " + std::to_string(seed) + " : i64} : (" +
                         std::string(step ? "tensor<200x500xf32>, tensor<1xf32>" : "tensor<200x500xf32>") +
                         ") -> tensor<200x500xf32>\n  return %y : tensor<200x500xf32>\n}";
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(source, &context, "dropout");
    EXPECT_TRUE(module);
    auto f = module->lookupSymbol<mlir::func::FuncOp>("f");
    Tensor ones{{200, 500}, std::vector<double>(100000, 1.0)};
    Tensor stepTensor{{1}, {step.value_or(0.0)}};
    std::vector<Tensor> outputs;
    EXPECT_TRUE(mlir::succeeded(dlc::interp::run(f, {ones, stepTensor}, {}, outputs)));
    return outputs.empty() ? std::vector<double>() : outputs[0].data;
  }
};

double fractionDiffering(const std::vector<double> &a, const std::vector<double> &b) {
  size_t differing = 0;
  for (size_t i = 0; i < a.size(); ++i)
    differing += a[i] != b[i];
  return static_cast<double>(differing) / static_cast<double>(a.size());
}

TEST_F(DropoutMask, DropsTheRatioScalesTheRestAndChangesPerStepAndSeed) {
  std::vector<double> first = run(5, 1.0);
  ASSERT_EQ(first.size(), 100000u);
  size_t dropped = 0;
  for (double v : first) {
    if (v == 0.0)
      ++dropped;
    else
      EXPECT_DOUBLE_EQ(v, 1.0 / 0.7);
  }
  // 100,000 draws: the standard deviation of the fraction is 0.0015.
  EXPECT_NEAR(static_cast<double>(dropped) / 1e5, 0.3, 0.01);
  EXPECT_EQ(run(5, 1.0), first);
  // Independent masks differ in 2 * 0.3 * 0.7 = 42 % of the elements.
  EXPECT_NEAR(fractionDiffering(first, run(5, 2.0)), 0.42, 0.01);
  EXPECT_NEAR(fractionDiffering(first, run(6, 1.0)), 0.42, 0.01);
  EXPECT_NEAR(fractionDiffering(run(5, 1000.0), run(5, 1001.0)), 0.42, 0.01);
  // Eval mode: the identity.
  EXPECT_EQ(run(5, std::nullopt), std::vector<double>(100000, 1.0));
}

} // namespace
