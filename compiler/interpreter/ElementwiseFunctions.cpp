#include "compiler/interpreter/ElementwiseFunctions.h"

#include <cmath>
#include <limits>

#include "dialects/dlc/IR/DLCOps.h"
#include "llvm/ADT/TypeSwitch.h"

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

UnaryFunction unaryFunctionOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, UnaryFunction>(op)
      .Case([](ReluOp) { return [](double x) { return x > 0.0 ? x : 0.0; }; })
      .Case([](TanhOp) { return [](double x) { return std::tanh(x); }; })
      .Case([](SigmoidOp) { return sigmoid; })
      .Case([](ExpOp) { return [](double x) { return std::exp(x); }; })
      .Case([](LogOp) { return [](double x) { return std::log(x); }; })
      .Case([](SqrtOp) { return [](double x) { return std::sqrt(x); }; })
      .Case([](ErfOp) { return [](double x) { return std::erf(x); }; })
      .Case([](NegOp) { return [](double x) { return -x; }; })
      .Case([](AbsOp) { return [](double x) { return std::fabs(x); }; })
      .Case([](SiluOp) { return [](double x) { return x * sigmoid(x); }; })
      .Case([](SoftplusOp) { return [](double x) { return std::log1p(std::exp(x)); }; })
      .Case([](HardSwishOp) {
        return [](double x) { return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0; };
      })
      .Case([](LeakyReluOp op) {
        double alpha = op.getAlpha().convertToFloat();
        return [alpha](double x) { return x >= 0.0 ? x : alpha * x; };
      })
      .Case([](EluOp op) {
        double alpha = op.getAlpha().convertToFloat();
        return [alpha](double x) { return x > 0.0 ? x : alpha * (std::exp(x) - 1.0); };
      })
      .Case([](HardSigmoidOp op) {
        double alpha = op.getAlpha().convertToFloat(), beta = op.getBeta().convertToFloat();
        return [alpha, beta](double x) { return std::max(0.0, std::min(1.0, alpha * x + beta)); };
      })
      .Case([](ClipOp op) {
        constexpr double kInf = std::numeric_limits<double>::infinity();
        double lo = op.getMin() ? op.getMin()->convertToFloat() : -kInf;
        double hi = op.getMax() ? op.getMax()->convertToFloat() : kInf;
        return [lo, hi](double x) { return std::min(std::max(x, lo), hi); };
      })
      .Case([](GeluOp op) {
        bool tanhForm = op.getApproximate() == "tanh";
        return [tanhForm](double x) { return gelu(x, tanhForm); };
      })
      .Default([](Operation *) { return UnaryFunction(); });
}

BinaryFunction binaryFunctionOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, BinaryFunction>(op)
      .Case([](AddOp) { return [](double a, double b) { return a + b; }; })
      .Case([](SubOp) { return [](double a, double b) { return a - b; }; })
      .Case([](MulOp) { return [](double a, double b) { return a * b; }; })
      .Case([](DivOp) { return [](double a, double b) { return a / b; }; })
      .Case([](PowOp) { return [](double a, double b) { return std::pow(a, b); }; })
      .Case([](MinOp) { return [](double a, double b) { return std::min(a, b); }; })
      .Case([](MaxOp) { return [](double a, double b) { return std::max(a, b); }; })
      .Case([](PreluOp) { return [](double a, double b) { return a >= 0.0 ? a : a * b; }; })
      .Default([](Operation *) { return BinaryFunction(); });
}

} // namespace dlc::interp
