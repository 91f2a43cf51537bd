// Gradient rules of the element-wise ops. The derivatives of relu, tanh and
// sigmoid are binary ops of their own (relu_grad, tanh_grad, sigmoid_grad)
// so that epilogue fusion can fold them into the kernel that computes the
// incoming gradient; the piecewise ones select with dlc.where on a
// comparison's mask. At a kink (x = 0 for abs and the ReLU family, a bound
// of clip, a tie of min and max) each rule takes the side torch.autograd
// takes, so that steps match PyTorch's.
#include <cmath>

#include "compiler/autodiff/GradientBuilders.h"

using namespace mlir;

namespace dlc::gradients {
namespace {

double valueOf(const APFloat &f) { return f.convertToDouble(); }

LogicalResult reluGrads(ReluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  grads[0] = ReluGradOp::create(b, op.getLoc(), op.getInput(), gy);
  return success();
}

// The same mask (a function of seed, step and element) scales the
// gradient: dropout is linear in its input.
LogicalResult dropoutGrads(DropoutOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                           SmallVectorImpl<Value> &grads) {
  grads[0] =
      DropoutOp::create(b, op.getLoc(), gy, op.getStep(), op.getRatioAttr(), op.getSeedAttr());
  return success();
}

LogicalResult tanhGrads(TanhOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  grads[0] = TanhGradOp::create(b, op.getLoc(), op.getResult(), gy);
  return success();
}

LogicalResult sigmoidGrads(SigmoidOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                           SmallVectorImpl<Value> &grads) {
  grads[0] = SigmoidGradOp::create(b, op.getLoc(), op.getResult(), gy);
  return success();
}

LogicalResult expGrads(ExpOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  grads[0] = MulOp::create(b, op.getLoc(), gy, op.getResult());
  return success();
}

LogicalResult logGrads(LogOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  grads[0] = DivOp::create(b, op.getLoc(), gy, op.getInput());
  return success();
}

LogicalResult sqrtGrads(SqrtOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value half = scaled(b, loc, gy, 0.5);
  grads[0] = DivOp::create(b, loc, half, op.getResult());
  return success();
}

LogicalResult negGrads(NegOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  grads[0] = NegOp::create(b, op.getLoc(), gy);
  return success();
}

LogicalResult absGrads(AbsOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  // gy * sign(x), 0 at 0.
  Location loc = op.getLoc();
  Value x = op.getInput(), zero = constant(b, loc, 0.0);
  Value sign =
      SubOp::create(b, loc, GreaterOp::create(b, loc, x, zero), LessOp::create(b, loc, x, zero));
  grads[0] = MulOp::create(b, loc, gy, sign);
  return success();
}

LogicalResult leakyReluGrads(LeakyReluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                             SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value positive = GreaterOp::create(b, loc, op.getInput(), constant(b, loc, 0.0));
  grads[0] = select(b, loc, positive, gy, scaled(b, loc, gy, valueOf(op.getAlpha())));
  return success();
}

LogicalResult eluGrads(EluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  // Below 0, d/dx alpha (exp(x) - 1) = alpha exp(x) = y + alpha.
  Location loc = op.getLoc();
  Value positive = GreaterOp::create(b, loc, op.getInput(), constant(b, loc, 0.0));
  Value slope = AddOp::create(b, loc, op.getResult(), constant(b, loc, valueOf(op.getAlpha())));
  grads[0] = select(b, loc, positive, gy, MulOp::create(b, loc, gy, slope));
  return success();
}

LogicalResult hardSigmoidGrads(HardSigmoidOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                               SmallVectorImpl<Value> &grads) {
  // alpha inside the ramp (0 < alpha x + beta < 1), 0 where it is clamped.
  Location loc = op.getLoc();
  double alpha = valueOf(op.getAlpha());
  Value ramp = AddOp::create(b, loc, scaled(b, loc, op.getInput(), alpha),
                             constant(b, loc, valueOf(op.getBeta())));
  Value inside = MulOp::create(b, loc, GreaterOp::create(b, loc, ramp, constant(b, loc, 0.0)),
                               LessOp::create(b, loc, ramp, constant(b, loc, 1.0)));
  grads[0] = MulOp::create(b, loc, scaled(b, loc, gy, alpha), inside);
  return success();
}

LogicalResult hardSwishGrads(HardSwishOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                             SmallVectorImpl<Value> &grads) {
  // 0 below -3, x / 3 + 1/2 up to 3, 1 above.
  Location loc = op.getLoc();
  Value x = op.getInput();
  Value ramp = MulOp::create(
      b, loc, gy, AddOp::create(b, loc, scaled(b, loc, x, 1.0 / 3.0), constant(b, loc, 0.5)));
  Value upper = select(b, loc, LessEqualOp::create(b, loc, x, constant(b, loc, 3.0)), ramp, gy);
  grads[0] = select(b, loc, LessOp::create(b, loc, x, constant(b, loc, -3.0)),
                    constant(b, loc, 0.0), upper);
  return success();
}

LogicalResult clipGrads(ClipOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  // gy where min <= x <= max (the bounds included, as torch.clamp).
  Location loc = op.getLoc();
  Value x = op.getInput(), g = gy;
  if (std::optional<APFloat> min = op.getMin())
    g = MulOp::create(b, loc, g,
                      GreaterEqualOp::create(b, loc, x, constant(b, loc, valueOf(*min))));
  if (std::optional<APFloat> max = op.getMax())
    g = MulOp::create(b, loc, g, LessEqualOp::create(b, loc, x, constant(b, loc, valueOf(*max))));
  grads[0] = g;
  return success();
}

LogicalResult siluGrads(SiluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  // d/dx x s(x) = s + x s (1 - s).
  Location loc = op.getLoc();
  Value x = op.getInput();
  Value s = SigmoidOp::create(b, loc, x);
  Value slope = AddOp::create(b, loc, s, SigmoidGradOp::create(b, loc, s, x));
  grads[0] = MulOp::create(b, loc, gy, slope);
  return success();
}

LogicalResult softplusGrads(SoftplusOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                            SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  grads[0] = MulOp::create(b, loc, gy, SigmoidOp::create(b, loc, op.getInput()));
  return success();
}

LogicalResult erfGrads(ErfOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  // d/dx erf(x) = 2 / sqrt(pi) * exp(-x^2).
  Location loc = op.getLoc();
  Value x = op.getInput();
  Value bell = ExpOp::create(b, loc, NegOp::create(b, loc, MulOp::create(b, loc, x, x)));
  grads[0] = MulOp::create(b, loc, gy, scaled(b, loc, bell, 2.0 / std::sqrt(M_PI)));
  return success();
}

LogicalResult geluGrads(GeluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value x = op.getInput();
  Value x2 = MulOp::create(b, loc, x, x);
  Value slope;
  if (op.getApproximate() == "tanh") {
    // y = x/2 (1 + t), t = tanh(u), u = c (x + a x^3):
    // y' = (1 + t) / 2 + x/2 (1 - t^2) c (1 + 3 a x^2).
    const double c = std::sqrt(2.0 / M_PI), a = 0.044715;
    Value u =
        scaled(b, loc,
               MulOp::create(b, loc, x,
                             AddOp::create(b, loc, constant(b, loc, 1.0), scaled(b, loc, x2, a))),
               c);
    Value t = TanhOp::create(b, loc, u);
    Value du = AddOp::create(b, loc, constant(b, loc, c), scaled(b, loc, x2, 3.0 * a * c));
    Value inner = scaled(b, loc, MulOp::create(b, loc, x, du), 0.5);
    slope =
        AddOp::create(b, loc, scaled(b, loc, AddOp::create(b, loc, t, constant(b, loc, 1.0)), 0.5),
                      TanhGradOp::create(b, loc, t, inner));
  } else {
    // y = x Phi(x): y' = Phi(x) + x phi(x), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
    Value erf = ErfOp::create(b, loc, scaled(b, loc, x, 1.0 / std::sqrt(2.0)));
    Value cdf = scaled(b, loc, AddOp::create(b, loc, erf, constant(b, loc, 1.0)), 0.5);
    Value pdf = scaled(b, loc, ExpOp::create(b, loc, scaled(b, loc, x2, -0.5)),
                       1.0 / std::sqrt(2.0 * M_PI));
    slope = AddOp::create(b, loc, cdf, MulOp::create(b, loc, x, pdf));
  }
  grads[0] = MulOp::create(b, loc, gy, slope);
  return success();
}

LogicalResult addGrads(AddOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                       SmallVectorImpl<Value> &grads) {
  if (wanted[0])
    grads[0] = unbroadcast(b, op.getLoc(), gy, op.getLhs());
  if (wanted[1])
    grads[1] = unbroadcast(b, op.getLoc(), gy, op.getRhs());
  return success();
}

LogicalResult subGrads(SubOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                       SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  if (wanted[0])
    grads[0] = unbroadcast(b, loc, gy, op.getLhs());
  if (wanted[1])
    grads[1] = unbroadcast(b, loc, NegOp::create(b, loc, gy), op.getRhs());
  return success();
}

LogicalResult mulGrads(MulOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                       SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  if (wanted[0])
    grads[0] = unbroadcast(b, loc, MulOp::create(b, loc, gy, op.getRhs()), op.getLhs());
  if (wanted[1])
    grads[1] = unbroadcast(b, loc, MulOp::create(b, loc, gy, op.getLhs()), op.getRhs());
  return success();
}

LogicalResult divGrads(DivOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                       SmallVectorImpl<Value> &grads) {
  // d(a / b) = da / b - (a / b) db / b.
  Location loc = op.getLoc();
  Value scaled = DivOp::create(b, loc, gy, op.getRhs());
  if (wanted[0])
    grads[0] = unbroadcast(b, loc, scaled, op.getLhs());
  if (wanted[1]) {
    Value g = NegOp::create(b, loc, MulOp::create(b, loc, scaled, op.getResult()));
    grads[1] = unbroadcast(b, loc, g, op.getRhs());
  }
  return success();
}

LogicalResult powGrads(PowOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                       SmallVectorImpl<Value> &grads) {
  // d(a^b) = b a^(b-1) da + a^b log(a) db; the second is 0 where a is 0
  // (as torch.pow's, so that 0^b with a learned b stays finite).
  Location loc = op.getLoc();
  Value base = op.getLhs(), exponent = op.getRhs();
  if (wanted[0]) {
    Value lowered =
        PowOp::create(b, loc, base, SubOp::create(b, loc, exponent, constant(b, loc, 1.0)));
    Value g = MulOp::create(b, loc, gy, MulOp::create(b, loc, exponent, lowered));
    grads[0] = unbroadcast(b, loc, g, base);
  }
  if (wanted[1]) {
    Value zero = constant(b, loc, 0.0);
    Value logBase =
        select(b, loc, EqualOp::create(b, loc, base, zero), zero, LogOp::create(b, loc, base));
    Value g = MulOp::create(b, loc, gy, MulOp::create(b, loc, op.getResult(), logBase));
    grads[1] = unbroadcast(b, loc, g, exponent);
  }
  return success();
}

// min and max: all of gy to the operand that was chosen, half to each on a
// tie (torch.minimum and torch.maximum).
template <typename OpT>
LogicalResult extremumGrads(OpT op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                            SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value lhs = op.getLhs(), rhs = op.getRhs();
  Value tie = EqualOp::create(b, loc, lhs, rhs), half = scaled(b, loc, gy, 0.5);
  Value zero = constant(b, loc, 0.0);
  auto chosen = [&](Value a, Value other) -> Value {
    if constexpr (std::is_same_v<OpT, MaxOp>)
      return GreaterOp::create(b, loc, a, other);
    else
      return LessOp::create(b, loc, a, other);
  };
  if (wanted[0])
    grads[0] = unbroadcast(
        b, loc, select(b, loc, tie, half, select(b, loc, chosen(lhs, rhs), gy, zero)), lhs);
  if (wanted[1])
    grads[1] = unbroadcast(
        b, loc, select(b, loc, tie, half, select(b, loc, chosen(rhs, lhs), gy, zero)), rhs);
  return success();
}

LogicalResult preluGrads(PreluOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                         SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value x = op.getLhs(), slope = op.getRhs();
  Value positive = GreaterOp::create(b, loc, x, constant(b, loc, 0.0));
  if (wanted[0])
    grads[0] =
        unbroadcast(b, loc, select(b, loc, positive, gy, MulOp::create(b, loc, gy, slope)), x);
  if (wanted[1])
    grads[1] = unbroadcast(
        b, loc, select(b, loc, positive, constant(b, loc, 0.0), MulOp::create(b, loc, gy, x)),
        slope);
  return success();
}

LogicalResult whereGrads(WhereOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                         SmallVectorImpl<Value> &grads) {
  // The mask is piecewise constant: no gradient.
  Location loc = op.getLoc();
  Value zero = constant(b, loc, 0.0);
  if (wanted[1])
    grads[1] = unbroadcast(b, loc, select(b, loc, op.getCond(), gy, zero), op.getA());
  if (wanted[2])
    grads[2] = unbroadcast(b, loc, select(b, loc, op.getCond(), zero, gy), op.getB());
  return success();
}

// A comparison's mask is piecewise constant in its operands: their
// gradients through it are 0 (none is built).
template <typename OpT>
LogicalResult comparisonGrads(OpT, OpBuilder &, Value, ArrayRef<bool>, SmallVectorImpl<Value> &) {
  return success();
}

} // namespace

void attachElementwiseGradients(MLIRContext *context) {
  attach<ReluOp, reluGrads>(context);
  attach<TanhOp, tanhGrads>(context);
  attach<DropoutOp, dropoutGrads>(context);
  attach<SigmoidOp, sigmoidGrads>(context);
  attach<ExpOp, expGrads>(context);
  attach<LogOp, logGrads>(context);
  attach<SqrtOp, sqrtGrads>(context);
  attach<NegOp, negGrads>(context);
  attach<AbsOp, absGrads>(context);
  attach<LeakyReluOp, leakyReluGrads>(context);
  attach<EluOp, eluGrads>(context);
  attach<HardSigmoidOp, hardSigmoidGrads>(context);
  attach<HardSwishOp, hardSwishGrads>(context);
  attach<ClipOp, clipGrads>(context);
  attach<SiluOp, siluGrads>(context);
  attach<SoftplusOp, softplusGrads>(context);
  attach<ErfOp, erfGrads>(context);
  attach<GeluOp, geluGrads>(context);
  attach<AddOp, addGrads>(context);
  attach<SubOp, subGrads>(context);
  attach<MulOp, mulGrads>(context);
  attach<DivOp, divGrads>(context);
  attach<PowOp, powGrads>(context);
  attach<MinOp, extremumGrads<MinOp>>(context);
  attach<MaxOp, extremumGrads<MaxOp>>(context);
  attach<PreluOp, preluGrads>(context);
  attach<WhereOp, whereGrads>(context);
  attach<EqualOp, comparisonGrads<EqualOp>>(context);
  attach<LessOp, comparisonGrads<LessOp>>(context);
  attach<LessEqualOp, comparisonGrads<LessEqualOp>>(context);
  attach<GreaterOp, comparisonGrads<GreaterOp>>(context);
  attach<GreaterEqualOp, comparisonGrads<GreaterEqualOp>>(context);
}

} // namespace dlc::gradients
