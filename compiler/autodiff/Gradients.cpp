// The gradient rules of dlc ops (their vector-Jacobian products), attached
// to the ops as DifferentiableOpInterface. Each rule builds dlc ops; the
// gradients of the element-wise activations are binary ops of their own
// (relu_grad, tanh_grad, sigmoid_grad) so that epilogue fusion can fold
// them into the kernel that computes the incoming gradient.
#include "compiler/autodiff/DifferentiableOpInterface.h"

#include <cmath>

#include "dialects/dlc/IR/DLCOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

#include "compiler/autodiff/DifferentiableOpInterface.cpp.inc"

namespace dlc {
namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }
ArrayRef<int64_t> shapeOf(Value v) { return typeOf(v).getShape(); }

RankedTensorType withShape(Value like, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, typeOf(like).getElementType());
}

Value constant(OpBuilder &b, Location loc, double value) {
  return ConstantOp::create(b, loc, RankedTensorType::get({1}, b.getF32Type()),
                            b.getF64FloatAttr(value));
}

// `v` times a constant.
Value scaled(OpBuilder &b, Location loc, Value v, double factor) {
  return MulOp::create(b, loc, v, constant(b, loc, factor));
}

Value reshape(OpBuilder &b, Location loc, Value v, RankedTensorType type) {
  if (v.getType() == type)
    return v;
  return ReshapeOp::create(b, loc, type, v, b.getDenseI64ArrayAttr(type.getShape()));
}

Value reduceSum(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes, bool keepdims) {
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(shapeOf(v))) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(i));
    if (!reduced)
      shape.push_back(d);
    else if (keepdims)
      shape.push_back(1);
  }
  return ReduceSumOp::create(b, loc, withShape(v, shape), v, b.getDenseI64ArrayAttr(axes),
                             b.getBoolAttr(keepdims));
}

// The gradient `g` of a broadcast result, summed back to the shape of the
// operand `like` that was broadcast.
Value unbroadcast(OpBuilder &b, Location loc, Value g, Value like) {
  if (g.getType() == like.getType())
    return g;
  ArrayRef<int64_t> from = shapeOf(g), to = shapeOf(like);
  size_t lead = from.size() - to.size();
  SmallVector<int64_t> axes;
  for (size_t i = 0; i < from.size(); ++i)
    if (i < lead || (to[i - lead] == 1 && from[i] != 1))
      axes.push_back(static_cast<int64_t>(i));
  Value summed = axes.empty() ? g : reduceSum(b, loc, g, axes, true);
  return reshape(b, loc, summed, typeOf(like));
}

Value transposeLastTwo(OpBuilder &b, Location loc, Value v) {
  SmallVector<int64_t> perm, shape(shapeOf(v));
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i)
    perm.push_back(i);
  std::swap(perm[perm.size() - 1], perm[perm.size() - 2]);
  std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
  return TransposeOp::create(b, loc, withShape(v, shape), v, b.getDenseI64ArrayAttr(perm));
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MatmulOp::create(b, loc, lhs, rhs);
}

// A rule: fills `grads` (one per operand, null where not wanted).
template <typename OpT>
using Rule = LogicalResult (*)(OpT op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                               SmallVectorImpl<Value> &grads);

template <typename OpT, Rule<OpT> rule>
struct Differentiable
    : public DifferentiableOpInterface::ExternalModel<Differentiable<OpT, rule>, OpT> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                               SmallVectorImpl<Value> &grads) const {
    grads.assign(op->getNumOperands(), Value());
    return rule(cast<OpT>(op), b, gy, wanted, grads);
  }
};

// The input gradient of a strided convolution, phase by phase: the input
// rows and columns of phase (py, px) (iy = s*m + py) receive gradient only
// through the taps ky = ky0 + s*t with ky0 = (py + pad) mod s, as a stride-1
// transposed convolution of `gy` by those taps:
//   gx(s*m + py) = sum_t gy(m + cy - t) w(ky0 + s*t),  cy = (py + pad - ky0) / s.
// The s*s phases are interleaved by concatenation along new axes. The
// transposed convolution at the stride would instead insert s - 1 zeros
// between gradient values and multiply by them: 3/4 of its products at
// stride 2. Null when the shapes do not split evenly (dilation, a size the
// stride does not divide, a phase needing negative padding).
Value polyphaseInputGradient(Conv2dOp op, OpBuilder &b, Value gy) {
  Location loc = op.getLoc();
  Value x = op.getInput(), w = op.getWeight();
  ArrayRef<int64_t> in = shapeOf(x), out = shapeOf(gy), k = shapeOf(w);
  ArrayRef<int64_t> strides = op.getStrides(), pad = op.getPadding();
  ArrayRef<int64_t> dilations = op.getDilations();
  int64_t s = strides[0];
  if (s < 2 || strides[1] != s || dilations[0] != 1 || dilations[1] != 1 || in[2] % s != 0 ||
      in[3] % s != 0)
    return Value();
  int64_t rows = in[2] / s, cols = in[3] / s;
  // The taps and padding of one phase along one axis (0: rows, 1: columns).
  struct Phase {
    int64_t first, taps, padBefore, padAfter;
  };
  auto phaseOf = [&](int64_t phase, int axis) {
    Phase f;
    f.first = (phase + pad[axis]) % s;
    f.taps = f.first < k[2 + axis] ? (k[2 + axis] - f.first + s - 1) / s : 0;
    f.padBefore = (phase + pad[axis] - f.first) / s;
    // A stride-1 transposed convolution gives (out - 1) - before - after + taps.
    f.padAfter = (out[2 + axis] - 1) - f.padBefore + f.taps - (axis == 0 ? rows : cols);
    return f;
  };
  for (int64_t phase = 0; phase < s; ++phase)
    for (int axis = 0; axis < 2; ++axis)
      if (Phase f = phaseOf(phase, axis); f.taps > 0 && f.padAfter < 0)
        return Value();
  RankedTensorType phaseType = withShape(x, {in[0], in[1], rows, 1, cols, 1});
  SmallVector<Value> phaseRows;
  for (int64_t py = 0; py < s; ++py) {
    SmallVector<Value> phaseCols;
    for (int64_t px = 0; px < s; ++px) {
      Phase fy = phaseOf(py, 0), fx = phaseOf(px, 1);
      RankedTensorType phaseResult = withShape(x, {in[0], in[1], rows, cols});
      Value g;
      if (fy.taps == 0 || fx.taps == 0) {
        g = ConstantOp::create(b, loc, phaseResult, b.getF64FloatAttr(0.0));
      } else {
        // The phase's taps (all of them for a 1x1 kernel's first phase).
        Value taps = w;
        if (fy.taps != k[2] || fx.taps != k[3])
          taps = SliceOp::create(b, loc, withShape(w, {k[0], k[1], fy.taps, fx.taps}), w,
                                 b.getDenseI64ArrayAttr({0, 0, fy.first, fx.first}),
                                 b.getDenseI64ArrayAttr({k[0], k[1], fy.taps, fx.taps}),
                                 b.getDenseI64ArrayAttr({1, 1, s, s}));
        g = ConvTranspose2dOp::create(
            b, loc, phaseResult, gy, taps, Value(), b.getDenseI64ArrayAttr({1, 1}),
            b.getDenseI64ArrayAttr({fy.padBefore, fx.padBefore, fy.padAfter, fx.padAfter}),
            b.getDenseI64ArrayAttr({0, 0}), b.getDenseI64ArrayAttr({1, 1}), op.getGroupsAttr());
      }
      phaseCols.push_back(reshape(b, loc, g, phaseType));
    }
    phaseRows.push_back(ConcatOp::create(b, loc, withShape(x, {in[0], in[1], rows, 1, cols, s}),
                                         phaseCols, b.getI64IntegerAttr(5)));
  }
  Value interleaved = ConcatOp::create(b, loc, withShape(x, {in[0], in[1], rows, s, cols, s}),
                                       phaseRows, b.getI64IntegerAttr(3));
  return reshape(b, loc, interleaved, typeOf(x));
}

LogicalResult conv2dGrads(Conv2dOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value x = op.getInput(), w = op.getWeight();
  if (wanted[0])
    grads[0] = polyphaseInputGradient(op, b, gy);
  if (wanted[0] && !grads[0]) {
    // The transposed convolution's output padding restores the rows and
    // columns the convolution's stride dropped.
    ArrayRef<int64_t> in = shapeOf(x), out = shapeOf(gy), k = shapeOf(w);
    ArrayRef<int64_t> s = op.getStrides(), p = op.getPadding(), d = op.getDilations();
    SmallVector<int64_t> outputPadding;
    for (int i = 0; i < 2; ++i)
      outputPadding.push_back(in[2 + i] -
                              ((out[2 + i] - 1) * s[i] - p[i] - p[i + 2] + d[i] * (k[2 + i] - 1) + 1));
    grads[0] = ConvTranspose2dOp::create(b, loc, typeOf(x), gy, w, Value(), op.getStridesAttr(),
                                         op.getPaddingAttr(),
                                         b.getDenseI64ArrayAttr(outputPadding),
                                         op.getDilationsAttr(), op.getGroupsAttr());
  }
  if (wanted[1])
    grads[1] = Conv2dGradWeightOp::create(b, loc, typeOf(w), x, gy, op.getStridesAttr(),
                                          op.getPaddingAttr(), op.getDilationsAttr(),
                                          op.getGroupsAttr());
  if (op.getBias() && wanted[2])
    grads[2] = reduceSum(b, loc, gy, {0, 2, 3}, false);
  return success();
}

template <typename PoolOp>
LogicalResult pool2dGrads(PoolOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  StringRef kind = "max";
  if constexpr (std::is_same_v<PoolOp, AvgPool2dOp>)
    kind = op.getCountIncludePad() ? "avg_include_pad" : "avg";
  if (wanted[0])
    grads[0] = Pool2dGradOp::create(b, op.getLoc(), typeOf(op.getInput()), op.getInput(), gy,
                                    b.getStringAttr(kind), op.getKernelAttr(),
                                    op.getStridesAttr(), op.getPaddingAttr());
  return success();
}

LogicalResult linearGrads(LinearOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  if (wanted[0])
    grads[0] = matmul(b, loc, gy, op.getWeight());  // [N, M] x [M, K]
  if (wanted[1])
    grads[1] = matmul(b, loc, transposeLastTwo(b, loc, gy), op.getInput());  // [M, N] x [N, K]
  if (op.getBias() && wanted[2])
    grads[2] = reduceSum(b, loc, gy, {0}, false);
  return success();
}

LogicalResult matmulGrads(MatmulOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value lhs = op.getLhs(), rhs = op.getRhs();
  if (shapeOf(lhs).size() < 2 || shapeOf(rhs).size() < 2)
    return op.emitError("dlc cannot differentiate a dlc.matmul of a vector yet");
  if (wanted[0])
    grads[0] = unbroadcast(b, loc, matmul(b, loc, gy, transposeLastTwo(b, loc, rhs)), lhs);
  if (!wanted[1])
    return success();
  ArrayRef<int64_t> a = shapeOf(lhs), g = shapeOf(gy);
  if (shapeOf(rhs).size() == 2 && a.size() > 2) {
    // A weight shared by the batch: one product over all rows, [K, B*M] x
    // [B*M, N], instead of one per batch entry summed afterwards.
    int64_t rows = 1;
    for (size_t d = 0; d + 1 < a.size(); ++d)
      rows *= a[d];
    Value flatLhs = reshape(b, loc, lhs, withShape(lhs, {rows, a.back()}));
    Value flatGrad = reshape(b, loc, gy, withShape(gy, {rows, g.back()}));
    grads[1] = matmul(b, loc, transposeLastTwo(b, loc, flatLhs), flatGrad);
    return success();
  }
  grads[1] = unbroadcast(b, loc, matmul(b, loc, transposeLastTwo(b, loc, lhs), gy), rhs);
  return success();
}

LogicalResult reluGrads(ReluOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                        SmallVectorImpl<Value> &grads) {
  grads[0] = ReluGradOp::create(b, op.getLoc(), op.getInput(), gy);
  return success();
}

// The same mask (a function of seed, step and element) scales the
// gradient: dropout is linear in its input.
LogicalResult dropoutGrads(DropoutOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                           SmallVectorImpl<Value> &grads) {
  grads[0] = DropoutOp::create(b, op.getLoc(), gy, op.getStep(), op.getRatioAttr(),
                               op.getSeedAttr());
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
    Value u = scaled(b, loc, MulOp::create(b, loc, x, AddOp::create(b, loc, constant(b, loc, 1.0),
                                                                    scaled(b, loc, x2, a))),
                     c);
    Value t = TanhOp::create(b, loc, u);
    Value du = AddOp::create(b, loc, constant(b, loc, c), scaled(b, loc, x2, 3.0 * a * c));
    Value inner = scaled(b, loc, MulOp::create(b, loc, x, du), 0.5);
    slope = AddOp::create(b, loc, scaled(b, loc, AddOp::create(b, loc, t, constant(b, loc, 1.0)), 0.5),
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

LogicalResult layerNormGrads(LayerNormOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                             SmallVectorImpl<Value> &grads) {
  // With x_hat = (x - mean) * rstd over the dimensions from `axis` on, and
  // means over the same dimensions:
  //   g_hat = gy * scale
  //   gx = rstd * (g_hat - mean(g_hat) - x_hat * mean(g_hat * x_hat))
  //   gscale = sum of gy * x_hat, gbias = sum of gy, over the leading dims.
  Location loc = op.getLoc();
  Value x = op.getInput();
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis = axis < 0 ? axis + rank : axis;
  SmallVector<int64_t> normalized, leading;
  double count = 1.0;
  for (int64_t d = 0; d < rank; ++d) {
    if (d >= axis) {
      normalized.push_back(d);
      count *= static_cast<double>(shape[d]);
    } else {
      leading.push_back(d);
    }
  }
  auto mean = [&](Value v) { return scaled(b, loc, reduceSum(b, loc, v, normalized, true), 1.0 / count); };
  auto leadingSum = [&](Value v) { return leading.empty() ? v : reduceSum(b, loc, v, leading, false); };
  Value centered = SubOp::create(b, loc, x, mean(x));
  Value variance = mean(MulOp::create(b, loc, centered, centered));
  Value epsilon = constant(b, loc, op.getEpsilon().convertToDouble());
  Value rstd = DivOp::create(b, loc, constant(b, loc, 1.0),
                             SqrtOp::create(b, loc, AddOp::create(b, loc, variance, epsilon)));
  Value xHat = MulOp::create(b, loc, centered, rstd);
  if (wanted[0]) {
    Value gHat = MulOp::create(b, loc, gy, op.getScale());
    Value projection = MulOp::create(b, loc, xHat, mean(MulOp::create(b, loc, gHat, xHat)));
    Value g = SubOp::create(b, loc, SubOp::create(b, loc, gHat, mean(gHat)), projection);
    grads[0] = MulOp::create(b, loc, g, rstd);
  }
  if (wanted[1])
    grads[1] = leadingSum(MulOp::create(b, loc, gy, xHat));
  if (op.getBias() && wanted[2])
    grads[2] = leadingSum(gy);
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

LogicalResult reshapeGrads(ReshapeOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                           SmallVectorImpl<Value> &grads) {
  grads[0] = reshape(b, op.getLoc(), gy, typeOf(op.getInput()));
  return success();
}

LogicalResult transposeGrads(TransposeOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                             SmallVectorImpl<Value> &grads) {
  ArrayRef<int64_t> perm = op.getPerm();
  SmallVector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  grads[0] = TransposeOp::create(b, op.getLoc(), typeOf(op.getInput()), gy,
                                 b.getDenseI64ArrayAttr(inverse));
  return success();
}

// Reduce sum and mean: the gradient broadcast back over the reduced axes.
template <typename ReduceOp>
LogicalResult reduceGrads(ReduceOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                          SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value x = op.getInput();
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = static_cast<int64_t>(shape.size()), count = 1;
  SmallVector<int64_t> kept(shape);
  for (int64_t axis : op.getAxes()) {
    int64_t a = axis < 0 ? axis + rank : axis;
    kept[a] = 1;
    count *= shape[a];
  }
  Value g = reshape(b, loc, gy, withShape(x, kept));
  g = BroadcastOp::create(b, loc, typeOf(x), g, b.getDenseI64ArrayAttr(shape));
  if constexpr (std::is_same_v<ReduceOp, ReduceMeanOp>)
    g = scaled(b, loc, g, 1.0 / static_cast<double>(count));
  grads[0] = g;
  return success();
}

LogicalResult softmaxGrads(SoftmaxOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                           SmallVectorImpl<Value> &grads) {
  // y * (gy - sum(gy * y)) along the axis.
  Location loc = op.getLoc();
  Value y = op.getResult();
  int64_t rank = static_cast<int64_t>(shapeOf(y).size());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis = axis < 0 ? axis + rank : axis;
  Value dot = reduceSum(b, loc, MulOp::create(b, loc, gy, y), {axis}, true);
  grads[0] = MulOp::create(b, loc, y, SubOp::create(b, loc, gy, dot));
  return success();
}

LogicalResult logSoftmaxGrads(LogSoftmaxOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                              SmallVectorImpl<Value> &grads) {
  // gy - softmax(x) * sum(gy) along the axis.
  Location loc = op.getLoc();
  Value y = op.getResult();
  int64_t rank = static_cast<int64_t>(shapeOf(y).size());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis = axis < 0 ? axis + rank : axis;
  Value total = reduceSum(b, loc, gy, {axis}, true);
  Value softmax = ExpOp::create(b, loc, y);
  grads[0] = SubOp::create(b, loc, gy, MulOp::create(b, loc, softmax, total));
  return success();
}

LogicalResult sliceGrads(SliceOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                         SmallVectorImpl<Value> &grads) {
  // A unit-stride window: the gradient padded back with zeros.
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(gy);
  ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
  SmallVector<int64_t> before, after;
  for (size_t d = 0; d < in.size(); ++d) {
    if (strides[d] != 1 && out[d] > 1)
      return op.emitError("dlc cannot differentiate a dlc.slice with strides yet");
    int64_t offset = op.getSizes()[d] == -1 ? 0 : offsets[d];
    before.push_back(offset);
    after.push_back(in[d] - offset - out[d]);
  }
  before.append(after.begin(), after.end());
  grads[0] = PadOp::create(b, op.getLoc(), typeOf(op.getInput()), gy,
                           b.getDenseI64ArrayAttr(before), b.getF32FloatAttr(0.f));
  return success();
}

LogicalResult padGrads(PadOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), pads = op.getPads();
  SmallVector<int64_t> ones(in.size(), 1);
  SmallVector<int64_t> offsets(pads.begin(), pads.begin() + in.size());
  grads[0] = SliceOp::create(b, op.getLoc(), typeOf(op.getInput()), gy,
                             b.getDenseI64ArrayAttr(offsets), b.getDenseI64ArrayAttr(in),
                             b.getDenseI64ArrayAttr(ones));
  return success();
}

LogicalResult concatGrads(ConcatOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  // Each input's gradient is its window of the result's.
  int64_t rank = static_cast<int64_t>(shapeOf(gy).size());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis = axis < 0 ? axis + rank : axis;
  int64_t start = 0;
  for (auto [i, input] : llvm::enumerate(op.getInputs())) {
    ArrayRef<int64_t> shape = shapeOf(input);
    if (wanted[i]) {
      SmallVector<int64_t> offsets(rank, 0), ones(rank, 1);
      offsets[axis] = start;
      grads[i] = SliceOp::create(b, op.getLoc(), typeOf(input), gy,
                                 b.getDenseI64ArrayAttr(offsets), b.getDenseI64ArrayAttr(shape),
                                 b.getDenseI64ArrayAttr(ones));
    }
    start += shape[axis];
  }
  return success();
}

LogicalResult broadcastGrads(BroadcastOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                             SmallVectorImpl<Value> &grads) {
  grads[0] = unbroadcast(b, op.getLoc(), gy, op.getInput());
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
  Value sums = BatchNormParamGradOp::create(b, loc, pairs, x, gy, op.getScale(), op.getBias(),
                                            op.getStats(), op.getEpsilonAttr(),
                                            b.getBoolAttr(relu));
  if (wanted[0])
    grads[0] = BatchNormInputGradOp::create(b, loc, typeOf(x), x, gy, op.getScale(), op.getBias(),
                                            op.getStats(), sums, op.getEpsilonAttr(),
                                            b.getBoolAttr(relu));
  auto row = [&](int64_t r) {
    Value slice = SliceOp::create(b, loc, withShape(x, {1, channels}), sums,
                                  b.getDenseI64ArrayAttr({r, 0}),
                                  b.getDenseI64ArrayAttr({1, channels}),
                                  b.getDenseI64ArrayAttr({1, 1}));
    return reshape(b, loc, slice, typeOf(op.getScale()));
  };
  if (wanted[1])
    grads[1] = row(0);
  if (wanted[2])
    grads[2] = row(1);
  // The statistics get no gradient: the input's includes their dependence.
  return success();
}

LogicalResult lossGrads(LossOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                        SmallVectorImpl<Value> &grads) {
  if (wanted[0])
    grads[0] = LossGradOp::create(b, op.getLoc(), typeOf(op.getPrediction()),
                                  op.getPrediction(), op.getTarget(), gy, op.getKindAttr(),
                                  op.getReductionAttr(), op.getLabelSmoothingAttr());
  if (!wanted[1])
    return success();
  // Targets (mse, bce_with_logits): d/dt (x - t)^2 is minus d/dx, and
  // d/dt of max(x, 0) - x t + log(1 + exp(-|x|)) is -x.
  Location loc = op.getLoc();
  Value prediction = op.getPrediction();
  if (op.getKind() == "mse") {
    Value g = grads[0] ? grads[0]
                       : Value(LossGradOp::create(b, loc, typeOf(prediction), prediction,
                                                  op.getTarget(), gy, op.getKindAttr(),
                                                  op.getReductionAttr(),
                                                  op.getLabelSmoothingAttr()));
    grads[1] = NegOp::create(b, loc, g);
    return success();
  }
  Value g = MulOp::create(b, loc, NegOp::create(b, loc, prediction), gy);
  if (op.getReduction() == "mean")
    g = scaled(b, loc, g, 1.0 / static_cast<double>(typeOf(prediction).getNumElements()));
  grads[1] = g;
  return success();
}

template <typename OpT, Rule<OpT> rule>
void attach(MLIRContext *context) {
  OpT::template attachInterface<Differentiable<OpT, rule>>(*context);
}

} // namespace

void registerDifferentiableOps(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DLCDialect *) {
    attach<Conv2dOp, conv2dGrads>(context);
    attach<MaxPool2dOp, pool2dGrads<MaxPool2dOp>>(context);
    attach<AvgPool2dOp, pool2dGrads<AvgPool2dOp>>(context);
    attach<LinearOp, linearGrads>(context);
    attach<MatmulOp, matmulGrads>(context);
    attach<ReluOp, reluGrads>(context);
    attach<TanhOp, tanhGrads>(context);
    attach<DropoutOp, dropoutGrads>(context);
    attach<SigmoidOp, sigmoidGrads>(context);
    attach<ExpOp, expGrads>(context);
    attach<LogOp, logGrads>(context);
    attach<SqrtOp, sqrtGrads>(context);
    attach<NegOp, negGrads>(context);
    attach<SiluOp, siluGrads>(context);
    attach<SoftplusOp, softplusGrads>(context);
    attach<ErfOp, erfGrads>(context);
    attach<GeluOp, geluGrads>(context);
    attach<LayerNormOp, layerNormGrads>(context);
    attach<AddOp, addGrads>(context);
    attach<SubOp, subGrads>(context);
    attach<MulOp, mulGrads>(context);
    attach<DivOp, divGrads>(context);
    attach<ReshapeOp, reshapeGrads>(context);
    attach<TransposeOp, transposeGrads>(context);
    attach<ReduceSumOp, reduceGrads<ReduceSumOp>>(context);
    attach<ReduceMeanOp, reduceGrads<ReduceMeanOp>>(context);
    attach<SoftmaxOp, softmaxGrads>(context);
    attach<LogSoftmaxOp, logSoftmaxGrads>(context);
    attach<SliceOp, sliceGrads>(context);
    attach<PadOp, padGrads>(context);
    attach<ConcatOp, concatGrads>(context);
    attach<BroadcastOp, broadcastGrads>(context);
    attach<BatchNormTrainOp, batchNormTrainGrads>(context);
    attach<LossOp, lossGrads>(context);
  });
}

} // namespace dlc
