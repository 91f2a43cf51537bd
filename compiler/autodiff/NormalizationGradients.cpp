// Gradient rules of the normalizations. Layer and group normalization are
// composed of element-wise ops and sums (the statistics recomputed from the
// input); training-mode batch normalization has backward kernels of its own
// (dlc.batch_norm_param_grad, dlc.batch_norm_input_grad).
#include "compiler/autodiff/GradientBuilders.h"

using namespace mlir;

namespace dlc::gradients {
namespace {

// `x` normalized over `axes` with the biased variance, and the factor
// rstd = 1 / sqrt(var + epsilon) it was scaled by (kept dimensions).
struct Normalized {
  Value xHat, rstd;
};

Value meanOver(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes) {
  double count = 1.0;
  for (int64_t axis : axes)
    count *= static_cast<double>(shapeOf(v)[axis]);
  return scaled(b, loc, reduceSum(b, loc, v, axes, true), 1.0 / count);
}

Normalized normalize(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes, double epsilon) {
  Value centered = SubOp::create(b, loc, x, meanOver(b, loc, x, axes));
  Value variance = meanOver(b, loc, MulOp::create(b, loc, centered, centered), axes);
  Value rstd = DivOp::create(
      b, loc, constant(b, loc, 1.0),
      SqrtOp::create(b, loc, AddOp::create(b, loc, variance, constant(b, loc, epsilon))));
  return {MulOp::create(b, loc, centered, rstd), rstd};
}

// The input's gradient from g_hat, the gradient of x_hat:
//   rstd * (g_hat - mean(g_hat) - x_hat * mean(g_hat * x_hat)).
Value normalizedInputGradient(OpBuilder &b, Location loc, Value gHat, const Normalized &n,
                              ArrayRef<int64_t> axes) {
  Value projection =
      MulOp::create(b, loc, n.xHat, meanOver(b, loc, MulOp::create(b, loc, gHat, n.xHat), axes));
  Value g =
      SubOp::create(b, loc, SubOp::create(b, loc, gHat, meanOver(b, loc, gHat, axes)), projection);
  return MulOp::create(b, loc, g, n.rstd);
}

// The axes of `v` other than `kept`.
SmallVector<int64_t> axesExcept(Value v, int64_t kept) {
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rankOf(v); ++d)
    if (d != kept)
      axes.push_back(d);
  return axes;
}

// A per-channel [C] vector shaped to broadcast over `x`'s dimension 1.
Value perChannel(OpBuilder &b, Location loc, Value v, Value x) {
  SmallVector<int64_t> shape(rankOf(x), 1);
  shape[1] = shapeOf(v)[0];
  return reshape(b, loc, v, withShape(v, shape));
}

LogicalResult layerNormGrads(LayerNormOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                             SmallVectorImpl<Value> &grads) {
  // Normalized over the dimensions from `axis` on; scale and bias have
  // their shape, so their gradients are sums over the leading dimensions.
  Location loc = op.getLoc();
  Value x = op.getInput();
  int64_t axis = axisOf(x, static_cast<int64_t>(op.getAxis()));
  SmallVector<int64_t> normalized, leading;
  for (int64_t d = 0; d < rankOf(x); ++d)
    (d >= axis ? normalized : leading).push_back(d);
  auto leadingSum = [&](Value v) {
    return leading.empty() ? v : reduceSum(b, loc, v, leading, false);
  };
  Normalized n = normalize(b, loc, x, normalized, op.getEpsilon().convertToDouble());
  if (wanted[0])
    grads[0] =
        normalizedInputGradient(b, loc, MulOp::create(b, loc, gy, op.getScale()), n, normalized);
  if (wanted[1])
    grads[1] = leadingSum(MulOp::create(b, loc, gy, n.xHat));
  if (op.getBias() && wanted[2])
    grads[2] = leadingSum(gy);
  return success();
}

LogicalResult groupNormGrads(GroupNormOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                             SmallVectorImpl<Value> &grads) {
  // Each (sample, group) is normalized as a row of x viewed as
  // [N, G, C/G * spatial]; scale and bias are per channel.
  Location loc = op.getLoc();
  Value x = op.getInput();
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t groups = static_cast<int64_t>(op.getGroups());
  auto rows = withShape(x, {shape[0], groups, typeOf(x).getNumElements() / (shape[0] * groups)});
  Normalized n =
      normalize(b, loc, reshape(b, loc, x, rows), {2}, op.getEpsilon().convertToDouble());
  Value xHat = reshape(b, loc, n.xHat, typeOf(x));
  SmallVector<int64_t> notChannels = axesExcept(x, 1);
  if (wanted[0]) {
    Value gHat = MulOp::create(b, loc, gy, perChannel(b, loc, op.getScale(), x));
    Value g = normalizedInputGradient(b, loc, reshape(b, loc, gHat, rows), n, {2});
    grads[0] = reshape(b, loc, g, typeOf(x));
  }
  if (wanted[1])
    grads[1] = reduceSum(b, loc, MulOp::create(b, loc, gy, xHat), notChannels, false);
  if (wanted[2])
    grads[2] = reduceSum(b, loc, gy, notChannels, false);
  return success();
}

LogicalResult batchNormGrads(BatchNormOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                             SmallVectorImpl<Value> &grads) {
  // Eval mode: y = (x - mean) * rstd * scale + bias with the given
  // statistics, rstd = 1 / sqrt(var + epsilon), an affine map of x.
  Location loc = op.getLoc();
  Value x = op.getInput(), scale = op.getScale();
  SmallVector<int64_t> notChannels = axesExcept(x, 1);
  Value rstd = DivOp::create(
      b, loc, constant(b, loc, 1.0),
      SqrtOp::create(
          b, loc,
          AddOp::create(b, loc, op.getVar(), constant(b, loc, op.getEpsilon().convertToDouble()))));
  Value factor = MulOp::create(b, loc, scale, rstd); // [C]
  Value centered = SubOp::create(b, loc, x, perChannel(b, loc, op.getMean(), x));
  auto channelSum = [&](Value v) { return reduceSum(b, loc, v, notChannels, false); };
  if (wanted[0])
    grads[0] = MulOp::create(b, loc, gy, perChannel(b, loc, factor, x));
  if (wanted[1])
    grads[1] = MulOp::create(b, loc, channelSum(MulOp::create(b, loc, gy, centered)), rstd);
  if (wanted[2])
    grads[2] = channelSum(gy);
  if (wanted[3])
    grads[3] = NegOp::create(b, loc, MulOp::create(b, loc, channelSum(gy), factor));
  if (wanted[4]) {
    // d rstd / d var = -rstd^3 / 2.
    Value rstd3 = MulOp::create(b, loc, rstd, MulOp::create(b, loc, rstd, rstd));
    Value g = MulOp::create(b, loc, channelSum(MulOp::create(b, loc, gy, centered)), scale);
    grads[4] = MulOp::create(b, loc, g, scaled(b, loc, rstd3, -0.5));
  }
  return success();
}

// The sum of `v` over a window of channels (dimension 1): result channel c
// sums channels c - before .. c + after that lie inside [0, C).
Value channelWindowSum(OpBuilder &b, Location loc, Value v, int64_t before, int64_t after) {
  ArrayRef<int64_t> shape = shapeOf(v);
  int64_t rank = rankOf(v);
  SmallVector<int64_t> pads(2 * rank, 0), padded(shape);
  pads[1] = before;
  pads[rank + 1] = after;
  padded[1] += before + after;
  Value zeroExtended = PadOp::create(b, loc, withShape(v, padded), v, b.getDenseI64ArrayAttr(pads),
                                     b.getF32FloatAttr(0.f));
  SmallVector<int64_t> ones(rank, 1), offsets(rank, 0);
  Value sum;
  for (int64_t t = 0; t <= before + after; ++t) {
    offsets[1] = t;
    Value window = SliceOp::create(b, loc, typeOf(v), zeroExtended, b.getDenseI64ArrayAttr(offsets),
                                   b.getDenseI64ArrayAttr(shape), b.getDenseI64ArrayAttr(ones));
    sum = sum ? Value(AddOp::create(b, loc, sum, window)) : window;
  }
  return sum;
}

LogicalResult lrnGrads(LrnOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  // y = x d^-beta, d = bias + alpha / size * S(x^2), S the sum over the
  // window [c - lo, c + hi]. Channel i is in the windows of c = i - hi ..
  // i + lo, so
  //   gx = gy d^-beta - 2 alpha beta / size * x * S'(gy x d^(-beta - 1))
  // with S' the mirrored window [i - hi, i + lo].
  Location loc = op.getLoc();
  Value x = op.getInput();
  int64_t size = static_cast<int64_t>(op.getSize());
  int64_t lo = (size - 1) / 2, hi = size - 1 - lo;
  double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
  double coefficient = alpha / static_cast<double>(size);
  Value squares = channelWindowSum(b, loc, MulOp::create(b, loc, x, x), lo, hi);
  Value d = AddOp::create(b, loc, scaled(b, loc, squares, coefficient),
                          constant(b, loc, op.getBias().convertToDouble()));
  Value dPow = PowOp::create(b, loc, d, constant(b, loc, -beta));
  Value spread =
      DivOp::create(b, loc, MulOp::create(b, loc, MulOp::create(b, loc, gy, x), dPow), d);
  Value cross = MulOp::create(b, loc, x, channelWindowSum(b, loc, spread, hi, lo));
  grads[0] = SubOp::create(b, loc, MulOp::create(b, loc, gy, dPow),
                           scaled(b, loc, cross, 2.0 * coefficient * beta));
  return success();
}

LogicalResult batchNormTrainGrads(BatchNormTrainOp op, OpBuilder &b, Value gy,
                                  ArrayRef<bool> wanted, SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  // A ReLU that alone reads the batch norm: its gradient is computed in
  // the batch norm's backward kernels (the relu_grad becomes dead).
  bool relu = false;
  if (auto reluGrad = gy.getDefiningOp<ReluGradOp>())
    if (reluGrad.getLhs() == op.getResult()) {
      relu = true;
      gy = reluGrad.getRhs();
    }
  Value x = op.getInput();
  int64_t channels = shapeOf(op.getScale())[0];
  auto pairs = withShape(x, {2, channels});
  Value sums =
      BatchNormParamGradOp::create(b, loc, pairs, x, gy, op.getScale(), op.getBias(), op.getStats(),
                                   op.getEpsilonAttr(), b.getBoolAttr(relu));
  if (wanted[0])
    grads[0] =
        BatchNormInputGradOp::create(b, loc, typeOf(x), x, gy, op.getScale(), op.getBias(),
                                     op.getStats(), sums, op.getEpsilonAttr(), b.getBoolAttr(relu));
  auto row = [&](int64_t r) {
    Value slice =
        SliceOp::create(b, loc, withShape(x, {1, channels}), sums, b.getDenseI64ArrayAttr({r, 0}),
                        b.getDenseI64ArrayAttr({1, channels}), b.getDenseI64ArrayAttr({1, 1}));
    return reshape(b, loc, slice, typeOf(op.getScale()));
  };
  if (wanted[1])
    grads[1] = row(0);
  if (wanted[2])
    grads[2] = row(1);
  // The statistics get no gradient: the input's includes their dependence.
  return success();
}

} // namespace

void attachNormalizationGradients(MLIRContext *context) {
  attach<LayerNormOp, layerNormGrads>(context);
  attach<GroupNormOp, groupNormGrads>(context);
  attach<BatchNormOp, batchNormGrads>(context);
  attach<LrnOp, lrnGrads>(context);
  attach<BatchNormTrainOp, batchNormTrainGrads>(context);
}

} // namespace dlc::gradients
