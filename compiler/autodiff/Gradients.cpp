// The gradient rules of dlc ops (their vector-Jacobian products), attached
// to the ops as DifferentiableOpInterface: convolutions, pooling, products,
// shapes, reductions, softmax and losses here; the element-wise ops and the
// normalizations in files of their own. Each rule builds dlc ops.
#include "compiler/autodiff/DifferentiableOpInterface.h"

#include <algorithm>
#include <cmath>

#include "compiler/autodiff/GradientBuilders.h"

using namespace mlir;

#include "compiler/autodiff/DifferentiableOpInterface.cpp.inc"

namespace dlc {
namespace {

using namespace gradients;

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MatmulOp::create(b, loc, lhs, rhs);
}

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
      outputPadding.push_back(
          in[2 + i] - ((out[2 + i] - 1) * s[i] - p[i] - p[i + 2] + d[i] * (k[2 + i] - 1) + 1));
    grads[0] = ConvTranspose2dOp::create(b, loc, typeOf(x), gy, w, Value(), op.getStridesAttr(),
                                         op.getPaddingAttr(), b.getDenseI64ArrayAttr(outputPadding),
                                         op.getDilationsAttr(), op.getGroupsAttr());
  }
  if (wanted[1])
    grads[1] =
        Conv2dGradWeightOp::create(b, loc, typeOf(w), x, gy, op.getStridesAttr(),
                                   op.getPaddingAttr(), op.getDilationsAttr(), op.getGroupsAttr());
  if (op.getBias() && wanted[2])
    grads[2] = reduceSum(b, loc, gy, {0, 2, 3}, false);
  return success();
}

LogicalResult convTranspose2dGrads(ConvTranspose2dOp op, OpBuilder &b, Value gy,
                                   ArrayRef<bool> wanted, SmallVectorImpl<Value> &grads) {
  // The transposed convolution is the adjoint of the convolution with the
  // same weight and attributes (from its output's channels to its input's),
  // so the input's gradient is that convolution of gy, and the weight's the
  // convolution's weight gradient with gy as its input and x as its
  // output's gradient.
  Location loc = op.getLoc();
  Value x = op.getInput(), w = op.getWeight();
  ArrayRef<int64_t> outputPadding = op.getOutputPadding(), strides = op.getStrides();
  for (int i = 0; i < 2; ++i)
    if (outputPadding[i] >= strides[i])
      return op.emitError("dlc cannot differentiate a dlc.conv_transpose2d whose output_padding "
                          "is not smaller than its stride yet");
  if (wanted[0])
    grads[0] = Conv2dOp::create(b, loc, typeOf(x), gy, w, Value(), op.getStridesAttr(),
                                op.getPaddingAttr(), op.getDilationsAttr(), op.getGroupsAttr());
  if (wanted[1])
    grads[1] =
        Conv2dGradWeightOp::create(b, loc, typeOf(w), gy, x, op.getStridesAttr(),
                                   op.getPaddingAttr(), op.getDilationsAttr(), op.getGroupsAttr());
  if (op.getBias() && wanted[2])
    grads[2] = reduceSum(b, loc, gy, {0, 2, 3}, false);
  return success();
}

// [rows, ones + zeros - 1] with row i holding ones in columns i .. i +
// ones - 1, built without a dense constant: ones[rows, ones] padded with
// `zeros` zero columns, flattened and re-cut into rows one shorter, which
// shifts row i right by i (zeros >= rows keeps the last row's ones from
// running past the end of their row).
Value shearedOnes(OpBuilder &b, Location loc, int64_t rows, int64_t ones, int64_t zeros,
                  Value like) {
  int64_t width = ones + zeros;
  Value block = ConstantOp::create(b, loc, withShape(like, {rows, ones}), b.getF64FloatAttr(1.0));
  Value padded = PadOp::create(b, loc, withShape(like, {rows, width}), block,
                               b.getDenseI64ArrayAttr({0, 0, 0, zeros}), b.getF32FloatAttr(0.f));
  Value flat = reshape(b, loc, padded, withShape(like, {rows * width}));
  int64_t kept = rows * (width - 1);
  Value cut = SliceOp::create(b, loc, withShape(like, {kept}), flat, b.getDenseI64ArrayAttr({0}),
                              b.getDenseI64ArrayAttr({kept}), b.getDenseI64ArrayAttr({1}));
  return reshape(b, loc, cut, withShape(like, {rows, width - 1}));
}

// The n x n identity: a single one per row, shifted right by the row.
Value identity(OpBuilder &b, Location loc, int64_t n, Value like) {
  return shearedOnes(b, loc, n, 1, n, like);
}

// The resize's weights along one axis (0: rows, 1: columns) as an
// [in, out] matrix: entry (i, o) is input position i's weight in output
// position o. It is the resize of an identity: sample i holds the unit
// vector e_i along the axis, the other axis has extent 1 (whose source
// coordinate is 0 in every coordinate mode).
Value interpolationWeights(OpBuilder &b, Location loc, ResizeOp op, int axis) {
  Value x = op.getInput();
  int64_t in = shapeOf(x)[2 + axis], out = shapeOf(op.getResult())[2 + axis];
  SmallVector<int64_t> units = {in, 1, 1, 1}, resized = {in, 1, 1, 1}, size = {1, 1};
  units[2 + axis] = in;
  resized[2 + axis] = out;
  size[axis] = out;
  Value basis = reshape(b, loc, identity(b, loc, in, x), withShape(x, units));
  Value weights =
      ResizeOp::create(b, loc, withShape(x, resized), basis, b.getDenseI64ArrayAttr(size),
                       op.getModeAttr(), op.getCoordinateModeAttr());
  return reshape(b, loc, weights, withShape(x, {in, out}));
}

LogicalResult resizeGrads(ResizeOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                          SmallVectorImpl<Value> &grads) {
  // Nearest and bilinear resizing are separable and linear: per plane
  // y = Rᵀ x C with R, C the row and column weights, so gx = R gy Cᵀ, two
  // matrix products per plane.
  Location loc = op.getLoc();
  Value rows = interpolationWeights(b, loc, op, 0), columns = interpolationWeights(b, loc, op, 1);
  Value widthBack = matmul(b, loc, gy, transposeLastTwo(b, loc, columns));
  grads[0] = matmul(b, loc, rows, widthBack);
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
                                    b.getStringAttr(kind), op.getKernelAttr(), op.getStridesAttr(),
                                    op.getPaddingAttr());
  return success();
}

LogicalResult linearGrads(LinearOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  if (wanted[0])
    grads[0] = matmul(b, loc, gy, op.getWeight()); // [N, M] x [M, K]
  if (wanted[1])
    grads[1] = matmul(b, loc, transposeLastTwo(b, loc, gy), op.getInput()); // [M, N] x [N, K]
  if (op.getBias() && wanted[2])
    grads[2] = reduceSum(b, loc, gy, {0}, false);
  return success();
}

LogicalResult matmulGrads(MatmulOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  // Both operands have rank 2 or more (matmul_c1; the ONNX importer
  // rejects a 1-D MatMul operand).
  Location loc = op.getLoc();
  Value lhs = op.getLhs(), rhs = op.getRhs();
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

// Reduce max and min: gy to the elements equal to the result, shared
// evenly among ties (torch.amax and torch.amin).
template <typename ReduceOp>
LogicalResult reduceExtremumGrads(ReduceOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                                  SmallVectorImpl<Value> &grads) {
  Location loc = op.getLoc();
  Value x = op.getInput();
  SmallVector<int64_t> kept(shapeOf(x)), axes;
  for (int64_t axis : op.getAxes()) {
    axes.push_back(axisOf(x, axis));
    kept[axes.back()] = 1;
  }
  Value extremum = reshape(b, loc, op.getResult(), withShape(x, kept));
  Value chosen = EqualOp::create(b, loc, x, extremum);
  Value share = DivOp::create(b, loc, reshape(b, loc, gy, withShape(x, kept)),
                              reduceSum(b, loc, chosen, axes, true));
  grads[0] = MulOp::create(b, loc, chosen, share);
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

// The [rows, columns] mask of causal attention, 1 where column j <= row i.
// With t = max(rows, columns), row i of t ones sheared right by i covers
// columns i .. i + t - 1; from column t - 1 on, that is j <= i.
Value lowerTriangle(OpBuilder &b, Location loc, int64_t rows, int64_t columns, Value like) {
  int64_t t = std::max(rows, columns);
  Value diagonals = shearedOnes(b, loc, t, t, t, like);
  return SliceOp::create(b, loc, withShape(like, {rows, columns}), diagonals,
                         b.getDenseI64ArrayAttr({0, t - 1}),
                         b.getDenseI64ArrayAttr({rows, columns}), b.getDenseI64ArrayAttr({1, 1}));
}

LogicalResult attentionGrads(AttentionOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                             SmallVectorImpl<Value> &grads) {
  // The probabilities P = softmax(S), S = scale q kᵀ + mask (causal: -inf
  // above the diagonal), are recomputed as the unfused kernels would; then
  //   gv = Pᵀ gy, dS = P * (gy vᵀ - rowsum(gy vᵀ * P)),
  //   gq = scale dS k, gk = scale dSᵀ q, gmask = dS summed back.
  Location loc = op.getLoc();
  Value q = op.getQ(), k = op.getK(), v = op.getV(), mask = op.getMask();
  double scale = op.getScale().convertToDouble();
  int64_t last = rankOf(q) - 1;
  Value scores = scaled(b, loc, matmul(b, loc, q, transposeLastTwo(b, loc, k)), scale);
  if (mask)
    scores = AddOp::create(b, loc, scores, mask);
  if (op.getCausal()) {
    ArrayRef<int64_t> shape = shapeOf(scores);
    Value keep = lowerTriangle(b, loc, shape[last - 1], shape[last], q);
    scores = select(b, loc, keep, scores, constant(b, loc, -INFINITY));
  }
  Value p = SoftmaxOp::create(b, loc, scores, b.getI64IntegerAttr(-1));
  if (wanted[2])
    grads[2] = matmul(b, loc, transposeLastTwo(b, loc, p), gy);
  if (!wanted[0] && !wanted[1] && !(mask && wanted[3]))
    return success();
  Value gp = matmul(b, loc, gy, transposeLastTwo(b, loc, v));
  Value dot = reduceSum(b, loc, MulOp::create(b, loc, gp, p), {last}, true);
  Value gs = MulOp::create(b, loc, p, SubOp::create(b, loc, gp, dot));
  if (wanted[0])
    grads[0] = scaled(b, loc, matmul(b, loc, gs, k), scale);
  if (wanted[1])
    grads[1] = scaled(b, loc, matmul(b, loc, transposeLastTwo(b, loc, gs), q), scale);
  if (mask && wanted[3])
    grads[3] = unbroadcast(b, loc, gs, mask);
  return success();
}

LogicalResult sliceGrads(SliceOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                         SmallVectorImpl<Value> &grads) {
  // The gradient spread back to the strided positions (zeros between, one
  // dimension at a time), then padded with zeros to the input's shape.
  Location loc = op.getLoc();
  ArrayRef<int64_t> in = shapeOf(op.getInput());
  ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides(), sizes = op.getSizes();
  int64_t rank = static_cast<int64_t>(in.size());
  Value g = gy;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t s = strides[d], n = shapeOf(g)[d];
    if (s == 1 || n <= 1 || sizes[d] == -1)
      continue;
    // [.., n, ..] -> [.., n, 1, ..] -> padded to [.., n, s, ..] ->
    // [.., n * s, ..] -> the first (n - 1) * s + 1 along d.
    SmallVector<int64_t> unit(shapeOf(g)), spread(shapeOf(g));
    unit.insert(unit.begin() + d + 1, 1);
    SmallVector<int64_t> padded(unit), pads(2 * (rank + 1), 0);
    padded[d + 1] = s;
    pads[rank + 1 + d + 1] = s - 1;
    Value v = reshape(b, loc, g, withShape(g, unit));
    v = PadOp::create(b, loc, withShape(g, padded), v, b.getDenseI64ArrayAttr(pads),
                      b.getF32FloatAttr(0.f));
    spread[d] = n * s;
    v = reshape(b, loc, v, withShape(g, spread));
    SmallVector<int64_t> zeros(rank, 0), ones(rank, 1), kept(spread);
    kept[d] = (n - 1) * s + 1;
    g = SliceOp::create(b, loc, withShape(g, kept), v, b.getDenseI64ArrayAttr(zeros),
                        b.getDenseI64ArrayAttr(kept), b.getDenseI64ArrayAttr(ones));
  }
  SmallVector<int64_t> before, after;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t offset = sizes[d] == -1 ? 0 : offsets[d];
    before.push_back(offset);
    after.push_back(in[d] - offset - shapeOf(g)[d]);
  }
  before.append(after.begin(), after.end());
  grads[0] = PadOp::create(b, loc, typeOf(op.getInput()), g, b.getDenseI64ArrayAttr(before),
                           b.getF32FloatAttr(0.f));
  return success();
}

LogicalResult padGrads(PadOp op, OpBuilder &b, Value gy, ArrayRef<bool>,
                       SmallVectorImpl<Value> &grads) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), pads = op.getPads();
  SmallVector<int64_t> ones(in.size(), 1);
  SmallVector<int64_t> offsets(pads.begin(), pads.begin() + in.size());
  grads[0] =
      SliceOp::create(b, op.getLoc(), typeOf(op.getInput()), gy, b.getDenseI64ArrayAttr(offsets),
                      b.getDenseI64ArrayAttr(in), b.getDenseI64ArrayAttr(ones));
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
      grads[i] = SliceOp::create(b, op.getLoc(), typeOf(input), gy, b.getDenseI64ArrayAttr(offsets),
                                 b.getDenseI64ArrayAttr(shape), b.getDenseI64ArrayAttr(ones));
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

// The indices get none: they are integers.
LogicalResult gatherGrads(GatherOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                          SmallVectorImpl<Value> &grads) {
  if (wanted[0])
    grads[0] = GatherGradOp::create(b, op.getLoc(), typeOf(op.getData()), gy, op.getIndices(),
                                    op.getAxisAttr());
  return success();
}

LogicalResult lossGrads(LossOp op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                        SmallVectorImpl<Value> &grads) {
  if (wanted[0])
    grads[0] = LossGradOp::create(b, op.getLoc(), typeOf(op.getPrediction()), op.getPrediction(),
                                  op.getTarget(), gy, op.getKindAttr(), op.getReductionAttr(),
                                  op.getLabelSmoothingAttr());
  if (!wanted[1])
    return success();
  // Targets (mse, bce_with_logits): d/dt (x - t)^2 is minus d/dx, and
  // d/dt of max(x, 0) - x t + log(1 + exp(-|x|)) is -x.
  Location loc = op.getLoc();
  Value prediction = op.getPrediction();
  if (op.getKind() == "mse") {
    Value g = grads[0]
                  ? grads[0]
                  : Value(LossGradOp::create(b, loc, typeOf(prediction), prediction, op.getTarget(),
                                             gy, op.getKindAttr(), op.getReductionAttr(),
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

} // namespace

void registerDifferentiableOps(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DLCDialect *) {
    attach<Conv2dOp, conv2dGrads>(context);
    attach<ConvTranspose2dOp, convTranspose2dGrads>(context);
    attach<ResizeOp, resizeGrads>(context);
    attach<MaxPool2dOp, pool2dGrads<MaxPool2dOp>>(context);
    attach<AvgPool2dOp, pool2dGrads<AvgPool2dOp>>(context);
    attach<LinearOp, linearGrads>(context);
    attach<MatmulOp, matmulGrads>(context);
    attach<ReshapeOp, reshapeGrads>(context);
    attach<TransposeOp, transposeGrads>(context);
    attach<ReduceSumOp, reduceGrads<ReduceSumOp>>(context);
    attach<ReduceMeanOp, reduceGrads<ReduceMeanOp>>(context);
    attach<ReduceMaxOp, reduceExtremumGrads<ReduceMaxOp>>(context);
    attach<ReduceMinOp, reduceExtremumGrads<ReduceMinOp>>(context);
    attach<SoftmaxOp, softmaxGrads>(context);
    attach<AttentionOp, attentionGrads>(context);
    attach<LogSoftmaxOp, logSoftmaxGrads>(context);
    attach<SliceOp, sliceGrads>(context);
    attach<PadOp, padGrads>(context);
    attach<ConcatOp, concatGrads>(context);
    attach<BroadcastOp, broadcastGrads>(context);
    attach<GatherOp, gatherGrads>(context);
    attach<LossOp, lossGrads>(context);
    gradients::attachElementwiseGradients(context);
    gradients::attachNormalizationGradients(context);
  });
}

} // namespace dlc
