#include "compiler/interpreter/ElementwiseFunctions.h"

#include <cmath>
#include <limits>

#include "dialects/dlc/IR/DLCOps.h"

using namespace mlir;

namespace dlc::interp {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double gelu(double x, bool tanhForm) {
  if (!tanhForm)
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  const double k = std::sqrt(2.0 / M_PI);
  return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
}

} // namespace

// If-chains rather than llvm::TypeSwitch: GCC 12 under the sanitizers warns
// (maybe-uninitialized, an error here) on a TypeSwitch of std::function.
UnaryFunction unaryFunctionOf(Operation *op) {
  if (isa<ReluOp>(op))
    return [](double x) { return x > 0.0 ? x : 0.0; };
  if (isa<TanhOp>(op))
    return [](double x) { return std::tanh(x); };
  if (isa<SigmoidOp>(op))
    return sigmoid;
  if (isa<ExpOp>(op))
    return [](double x) { return std::exp(x); };
  if (isa<LogOp>(op))
    return [](double x) { return std::log(x); };
  if (isa<SqrtOp>(op))
    return [](double x) { return std::sqrt(x); };
  if (isa<ErfOp>(op))
    return [](double x) { return std::erf(x); };
  if (isa<NegOp>(op))
    return [](double x) { return -x; };
  if (isa<AbsOp>(op))
    return [](double x) { return std::fabs(x); };
  if (isa<SiluOp>(op))
    return [](double x) { return x * sigmoid(x); };
  if (isa<SoftplusOp>(op))
    return [](double x) { return std::log1p(std::exp(x)); };
  if (isa<HardSwishOp>(op))
    return [](double x) { return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0; };
  if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
    double alpha = leaky.getAlpha().convertToFloat();
    return [alpha](double x) { return x >= 0.0 ? x : alpha * x; };
  }
  if (auto elu = dyn_cast<EluOp>(op)) {
    double alpha = elu.getAlpha().convertToFloat();
    return [alpha](double x) { return x > 0.0 ? x : alpha * (std::exp(x) - 1.0); };
  }
  if (auto hard = dyn_cast<HardSigmoidOp>(op)) {
    double alpha = hard.getAlpha().convertToFloat(), beta = hard.getBeta().convertToFloat();
    return [alpha, beta](double x) { return std::max(0.0, std::min(1.0, alpha * x + beta)); };
  }
  if (auto clip = dyn_cast<ClipOp>(op)) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double lo = clip.getMin() ? clip.getMin()->convertToFloat() : -kInf;
    double hi = clip.getMax() ? clip.getMax()->convertToFloat() : kInf;
    return [lo, hi](double x) { return std::min(std::max(x, lo), hi); };
  }
  if (auto geluOp = dyn_cast<GeluOp>(op)) {
    bool tanhForm = geluOp.getApproximate() == "tanh";
    return [tanhForm](double x) { return gelu(x, tanhForm); };
  }
  return nullptr;
}

BinaryFunction binaryFunctionOf(Operation *op) {
  if (isa<AddOp>(op))
    return [](double a, double b) { return a + b; };
  if (isa<SubOp>(op))
    return [](double a, double b) { return a - b; };
  if (isa<MulOp>(op))
    return [](double a, double b) { return a * b; };
  if (isa<DivOp>(op))
    return [](double a, double b) { return a / b; };
  if (isa<PowOp>(op))
    return [](double a, double b) { return std::pow(a, b); };
  if (isa<MinOp>(op))
    return [](double a, double b) { return std::min(a, b); };
  if (isa<MaxOp>(op))
    return [](double a, double b) { return std::max(a, b); };
  if (isa<PreluOp>(op))
    return [](double a, double b) { return a >= 0.0 ? a : a * b; };
  if (isa<EqualOp>(op))
    return [](double a, double b) { return a == b ? 1.0 : 0.0; };
  if (isa<LessOp>(op))
    return [](double a, double b) { return a < b ? 1.0 : 0.0; };
  if (isa<LessEqualOp>(op))
    return [](double a, double b) { return a <= b ? 1.0 : 0.0; };
  if (isa<GreaterOp>(op))
    return [](double a, double b) { return a > b ? 1.0 : 0.0; };
  if (isa<GreaterEqualOp>(op))
    return [](double a, double b) { return a >= b ? 1.0 : 0.0; };
  if (isa<ReluGradOp>(op))
    return [](double a, double b) { return a > 0.0 ? b : 0.0; };
  if (isa<TanhGradOp>(op))
    return [](double a, double b) { return b * (1.0 - a * a); };
  if (isa<SigmoidGradOp>(op))
    return [](double a, double b) { return b * a * (1.0 - a); };
  return nullptr;
}

} // namespace dlc::interp
