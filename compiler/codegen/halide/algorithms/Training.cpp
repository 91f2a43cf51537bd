#include "compiler/codegen/halide/algorithms/Algorithms.h"

#include <map>

#include "dialects/dlc/IR/DropoutMask.h"

using namespace Halide;

namespace dlc::halide {

Conv2dGradWeightStages defineConv2dGradWeight(const ImageParam &input,
                                              const ImageParam &gradOutput,
                                              const Conv2dParams &p, int lanes) {
  Conv2dGradWeightStages s;
  s.input = BoundaryConditions::constant_exterior(input, 0.f, {{0, p.width}, {0, p.height}});
  // Columns past the output's width (the last block of lanes) add zero.
  s.gradOutput = BoundaryConditions::constant_exterior(gradOutput, 0.f, {{0, p.outWidth}});
  int blocks = (p.outWidth + lanes - 1) / lanes;
  s.r = RDom(0, blocks, 0, p.outHeight, 0, p.batch, "r");
  int groupInChannels = p.channels / p.groups, groupOutChannels = p.outChannels / p.groups;
  Expr x = s.r.x * lanes + s.lane;
  Expr inX = x * p.strideW - p.padLeft + s.kx * p.dilationW;
  Expr inY = s.r.y * p.strideH - p.padTop + s.ky * p.dilationH;
  Expr inC = (s.o / groupOutChannels) * groupInChannels + s.c;
  s.partial = Func("grad_weight_lanes");
  s.partial(s.lane, s.kx, s.ky, s.c, s.o) = 0.f;
  s.partial(s.lane, s.kx, s.ky, s.c, s.o) +=
      s.gradOutput(x, s.r.y, s.o, s.r.z) * s.input(inX, inY, inC, s.r.z);
  RDom laneSum(0, lanes, "lane_sum");
  s.output = Func("conv2d_grad_weight");
  s.output(s.kx, s.ky, s.c, s.o) = sum(s.partial(laneSum, s.kx, s.ky, s.c, s.o));
  return s;
}

Conv2dGradWeightGemmStages defineConv2dGradWeightGemm(const ImageParam &input,
                                                      const ImageParam &gradOutput,
                                                      const Conv2dParams &p) {
  Conv2dGradWeightGemmStages s;
  s.padded = p.padded();
  s.input = s.padded
                ? BoundaryConditions::constant_exterior(input, 0.f, {{0, p.width}, {0, p.height}})
                : Func(input);
  // The gradient with channels innermost, through an identity Func the
  // schedule copies in tiles (schedule::transposeAtRoot).
  s.gradSource = Func("grad_source");
  s.gradSource(s.x, s.y, s.o, s.n) = gradOutput(s.x, s.y, s.o, s.n);
  s.gradTransposed = Func("grad_transposed");
  s.gradTransposed(s.o, s.x, s.y, s.n) = s.gradSource(s.x, s.y, s.o, s.n);
  s.r = RDom(0, p.outWidth, 0, p.outHeight, 0, p.batch, "r");
  Expr ix = s.r.x * p.strideW - p.padLeft + s.kx * p.dilationW;
  Expr iy = s.r.y * p.strideH - p.padTop + s.ky * p.dilationH;
  s.sum = Func("grad_weight_sum");
  s.sum(s.o, s.kx, s.ky, s.c) = 0.f;
  s.sum(s.o, s.kx, s.ky, s.c) +=
      s.gradTransposed(s.o, s.r.x, s.r.y, s.r.z) * s.input(ix, iy, s.c, s.r.z);
  s.output = Func("conv2d_grad_weight");
  s.output(s.kx, s.ky, s.c, s.o) = s.sum(s.o, s.kx, s.ky, s.c);
  return s;
}

GatherGradStages defineGatherGrad(const ImageParam &gradOutput, const ImageParam &indices,
                                  const std::vector<int> &indicesExtents, int rank, int axis,
                                  int axisExtent) {
  GatherGradStages s;
  s.axis = axis;
  for (int d = 0; d < rank; ++d)
    s.vars.push_back(Var("d" + std::to_string(d)));
  Region extents;
  for (int extent : indicesExtents)
    extents.push_back({0, extent});
  if (extents.empty())
    extents.push_back({0, 1}); // a scalar index: one position
  s.r = RDom(extents, "r");
  std::vector<Expr> position;
  for (size_t d = 0; d < indicesExtents.size(); ++d)
    position.push_back(s.r[static_cast<int>(d)]);
  // As dlc.gather: in int64, so that a huge index clamps rather than wraps.
  Expr index = indices(position), extent = cast<int64_t>(axisExtent);
  index = cast<int>(clamp(select(index < 0, index + extent, index), cast<int64_t>(0), extent - 1));
  std::vector<Expr> row(s.vars.begin(), s.vars.begin() + axis), slice = row;
  row.push_back(index);
  slice.insert(slice.end(), position.begin(), position.end());
  row.insert(row.end(), s.vars.begin() + axis + 1, s.vars.end());
  slice.insert(slice.end(), s.vars.begin() + axis + 1, s.vars.end());
  s.output = Func("gather_grad");
  s.output(s.vars) = 0.f;
  s.output(row) += gradOutput(slice);
  return s;
}

Pool2dGradStages definePool2dGrad(const ImageParam &input, const ImageParam &gradOutput,
                                  const Pool2dParams &p) {
  Pool2dGradStages s;
  Var ox("ox"), oy("oy");
  s.gradOutput = Func(gradOutput);
  if (p.isMax) {
    s.input = BoundaryConditions::constant_exterior(input, Float(32).min(),
                                                    {{0, p.width}, {0, p.height}});
    RDom window(0, p.kernelW, 0, p.kernelH, "window");
    Expr ix = ox * p.strideW - p.padLeft + window.x;
    Expr iy = oy * p.strideH - p.padTop + window.y;
    // argmax keeps the first maximum in scan order (y, then x), as PyTorch.
    Tuple best = argmax(window, s.input(ix, iy, s.c, s.n));
    s.winner = Func("pool_winner");
    s.winner(ox, oy, s.c, s.n) = (oy * p.strideH - p.padTop + best[1]) * p.width +
                                 (ox * p.strideW - p.padLeft + best[0]);
  }
  // The windows reading input (x, y): output positions o with
  // o * stride - pad + k == x for a tap k of the kernel.
  RDom taps(0, p.kernelW, 0, p.kernelH, "taps");
  Expr numX = s.x + p.padLeft - taps.x, numY = s.y + p.padTop - taps.y;
  Expr outX = numX / p.strideW, outY = numY / p.strideH;
  Expr reads = numX >= 0 && numY >= 0 && numX % p.strideW == 0 && numY % p.strideH == 0 &&
               outX < p.outWidth && outY < p.outHeight;
  Expr safeX = clamp(outX, 0, p.outWidth - 1), safeY = clamp(outY, 0, p.outHeight - 1);
  Expr g = s.gradOutput(safeX, safeY, s.c, s.n);
  Expr contribution;
  if (p.isMax) {
    Expr wins = s.winner(safeX, safeY, s.c, s.n) == s.y * p.width + s.x;
    contribution = select(reads && wins, g, 0.f);
  } else {
    Expr divisor = Expr(float(p.kernelW * p.kernelH));
    if (!p.countIncludePad) {
      Expr x0 = safeX * p.strideW - p.padLeft, y0 = safeY * p.strideH - p.padTop;
      Expr countX = min(x0 + p.kernelW, p.width) - max(x0, 0);
      Expr countY = min(y0 + p.kernelH, p.height) - max(y0, 0);
      divisor = cast<float>(countX * countY);
    }
    contribution = select(reads, g / divisor, 0.f);
  }
  s.output = Func("pool2d_grad");
  s.output(s.x, s.y, s.c, s.n) = sum(contribution);
  return s;
}

LossStages defineLoss(const ImageParam &prediction, const ImageParam &target, const LossParams &p,
                      const ImageParam *gradLoss) {
  LossStages s;
  Expr divisor = p.sum ? Expr(1.f)
                 : p.kind == LossKind::CrossEntropy ? Expr(float(p.rows))
                                                    : Expr(float(p.rows * p.classes));
  Expr x = prediction(s.c, s.n);
  Expr gradient;  // d(term)/d(prediction(c, n)), for loss_grad
  if (p.kind == LossKind::CrossEntropy) {
    RDom cls(0, p.classes, "cls");
    Func rowMax("row_max");
    rowMax(s.n) = maximum(prediction(cls, s.n));
    s.logSumExp = Func("log_sum_exp");
    s.logSumExp(s.n) = rowMax(s.n) + log(sum(exp(prediction(cls, s.n) - rowMax(s.n))));
    Expr label = cast<int>(target(s.n));
    float smoothing = p.labelSmoothing;
    Expr wanted = select(s.c == label, 1.f - smoothing, 0.f) + smoothing / float(p.classes);
    gradient = exp(x - s.logSumExp(s.n)) - wanted;
    // Per row: lse - ((1 - s) x[label] + s mean(x)) = sum_c wanted_c (lse - x_c).
    s.terms = Func("loss_terms");
    s.terms(s.c, s.n) = wanted * (s.logSumExp(s.n) - x);
  } else {
    Expr t = target(s.c, s.n);
    s.terms = Func("loss_terms");
    if (p.kind == LossKind::Mse) {
      s.terms(s.c, s.n) = (x - t) * (x - t);
      gradient = 2.f * (x - t);
    } else {
      s.terms(s.c, s.n) = max(x, 0.f) - x * t + log(1.f + exp(-abs(x)));
      gradient = 1.f / (1.f + exp(-x)) - t;
    }
  }
  s.output = Func(gradLoss ? "loss_grad" : "loss");
  if (gradLoss) {
    s.output(s.c, s.n) = (*gradLoss)(0) * gradient / divisor;
  } else {
    RDom all(0, p.classes, 0, p.rows, "all");
    s.output(s.c) = sum(s.terms(all.x, all.y)) / divisor;
  }
  return s;
}

ElementwiseStages defineOptimizerUpdate(const ImageParam &param, const ImageParam &grad,
                                        const ImageParam &lrBuffer, const ImageParam &stepBuffer,
                                        const std::vector<ImageParam> &state,
                                        const OptimizerParams &p) {
  ElementwiseStages s;
  Var i("i");
  s.vars = {i};
  Expr lr = lrBuffer(0), step = stepBuffer(0);
  Expr w = param(i);
  // torch.optim adds the L2 term to the gradient, except AdamW.
  Expr g = p.optimizer == "adamw" ? grad(i) : grad(i) + p.weightDecay * w;
  Expr result;
  if (p.optimizer == "sgd") {
    result = w - lr * g;
  } else if (p.optimizer == "momentum" || p.optimizer == "nesterov") {
    // The first step's buffer is the gradient itself (torch.optim.SGD).
    Expr v = select(step <= 1.f, g, p.momentum * state[0](i) + (1.f - p.dampening) * g);
    Expr direction = p.optimizer == "nesterov" ? g + p.momentum * v : v;
    result = p.component == "param" ? w - lr * direction : v;
  } else if (p.optimizer == "rmsprop") {
    Expr square = p.alpha * state[0](i) + (1.f - p.alpha) * g * g;
    result = p.component == "param" ? w - lr * g / (sqrt(square) + p.eps) : square;
  } else {  // adam, adamw
    Expr m = p.beta1 * state[0](i) + (1.f - p.beta1) * g;
    Expr v = p.beta2 * state[1](i) + (1.f - p.beta2) * g * g;
    if (p.component == "state0") {
      result = m;
    } else if (p.component == "state1") {
      result = v;
    } else {
      Expr decayed = p.optimizer == "adamw" ? w * (1.f - lr * p.weightDecay) : w;
      Expr correction1 = 1.f - pow(p.beta1, step);
      Expr correction2 = 1.f - pow(p.beta2, step);
      Expr denominator = sqrt(v) / sqrt(correction2) + p.eps;
      result = decayed - lr / correction1 * m / denominator;
    }
  }
  s.output = Func("optimizer_update");
  s.output(i) = result;
  return s;
}

namespace {

// Per-channel sums of `terms` (one Func per term, evaluated at the same
// points) over the `inner` variables (innermost first, with their extents)
// and n: in `lanes` partial sums along the first inner variable when its
// extent divides into them, so the reduction vectorizes.
ChannelSums channelSums(const std::vector<Expr> &terms,
                        const std::vector<std::pair<Var, int>> &inner, Var c, Var n, int batch,
                        int lanes, const std::string &name) {
  ChannelSums s;
  // Term t of a call (a one-term Func returns a plain value, not a Tuple).
  auto term = [&](const FuncRef &call, size_t t) {
    return terms.size() == 1 ? Expr(call) : Expr(call[t]);
  };
  Var lane("lane"), k("k");
  s.partial = Func(name + "_partial");
  s.sum = Func(name);
  std::vector<Expr> zero(terms.size(), Expr(0.f));
  s.lanes = lanes > 1 && inner.front().second % lanes == 0;
  // The reduction domain: the inner variables (the first in vectors when
  // in lanes), then the batch.
  Region region;
  region.push_back({0, s.lanes ? inner.front().second / lanes : inner.front().second});
  for (size_t d = 1; d < inner.size(); ++d)
    region.push_back({0, inner[d].second});
  region.push_back({0, batch});
  RDom r(region, name + "_r");
  std::map<std::string, Expr> at = {
      {inner.front().first.name(), s.lanes ? r[0] * lanes + lane : Expr(r[0])},
      {n.name(), r[static_cast<int>(inner.size())]}};
  for (size_t d = 1; d < inner.size(); ++d)
    at[inner[d].first.name()] = r[static_cast<int>(d)];
  std::vector<Expr> values;
  for (const Expr &t : terms)
    values.push_back(Internal::substitute(at, t));
  std::vector<Var> partialArgs = s.lanes ? std::vector<Var>{lane, c} : std::vector<Var>{c};
  s.partial(partialArgs) = Tuple(zero);
  std::vector<Expr> updated;
  for (size_t t = 0; t < terms.size(); ++t)
    updated.push_back(term(s.partial(partialArgs), t) + values[t]);
  s.partial(partialArgs) = Tuple(updated);
  if (!s.lanes) {
    s.sum(c, k) = select(k == 0, term(s.partial(c), 0), term(s.partial(c), terms.size() - 1));
    return s;
  }
  RDom l(0, lanes, name + "_lanes");
  s.total = Func(name + "_total");
  s.total(c) = Tuple(zero);
  std::vector<Expr> added;
  for (size_t t = 0; t < terms.size(); ++t)
    added.push_back(term(s.total(c), t) + term(s.partial(l, c), t));
  s.total(c) = Tuple(added);
  s.sum(c, k) = select(k == 0, term(s.total(c), 0), term(s.total(c), terms.size() - 1));
  return s;
}

// The variables of a (inner..., channels, batch) view of rank 3 or 4, with
// the inner extents.
std::vector<std::pair<Var, int>> innerVars(const std::vector<int> &view, Var i, Var y) {
  if (view.size() == 4)
    return {{i, view[0]}, {y, view[1]}};
  return {{i, view[0]}};
}

} // namespace

BatchStatsStages defineBatchStats(const Func &input, const std::vector<int> &view, int lanes) {
  BatchStatsStages s;
  Var i("i"), y("y"), n("n");
  std::vector<std::pair<Var, int>> inner = innerVars(view, i, y);
  std::vector<Var> args;
  for (const auto &[v, extent] : inner)
    args.push_back(v);
  args.push_back(s.c);
  args.push_back(n);
  int batch = view.back();
  float count = float(batch);
  for (const auto &[v, extent] : inner)
    count *= float(extent);
  s.means = channelSums({input(args)}, inner, s.c, n, batch, lanes, "batch_sum");
  Expr mean = s.means.sum(s.c, 0) / count;
  Expr centered = input(args) - mean;
  s.squares = channelSums({centered * centered}, inner, s.c, n, batch, lanes, "batch_squares");
  s.output = Func("batch_stats");
  s.output(s.c, s.row) = select(s.row == 0, mean, s.squares.sum(s.c, 0) / count);
  return s;
}

BatchNormStages defineBatchNormTrain(const Func &input, const ImageParam &scale,
                                     const ImageParam &bias, const Func &stats, float epsilon,
                                     const Epilogue *epilogue) {
  BatchNormStages s;
  s.coefficient = Func("coefficient");
  s.coefficient(s.c) = scale(s.c) / sqrt(stats(s.c, 1) + epsilon);
  s.shift = Func("shift");
  s.shift(s.c) = bias(s.c) - stats(s.c, 0) * s.coefficient(s.c);
  s.output = Func("batch_norm_train");
  std::vector<Var> args = input.dimensions() == 4 ? std::vector<Var>{s.i, s.y, s.c, s.n}
                                                  : std::vector<Var>{s.i, s.c, s.n};
  Expr normalized = input(args) * s.coefficient(s.c) + s.shift(s.c);
  s.output(args) =
      withEpilogue(epilogue, normalized, std::vector<Expr>(args.begin(), args.end()), s.c);
  return s;
}

namespace {

// x_hat and the gradient reaching the batch norm's output at (i, c, n).
std::pair<Expr, Expr> normalizedGradient(BatchNormGradStages &s, const ImageParam &input,
                                         const ImageParam &grad, const ImageParam &scale,
                                         const ImageParam &bias, const ImageParam &stats,
                                         const BatchNormGradParams &p) {
  s.inverse = Func("inverse_std");
  s.inverse(s.c) = 1.f / sqrt(stats(s.c, 1) + p.epsilon);
  Expr xHat = (input(s.i, s.c, s.n) - stats(s.c, 0)) * s.inverse(s.c);
  Expr g = grad(s.i, s.c, s.n);
  if (p.relu)
    g = select(xHat * scale(s.c) + bias(s.c) > 0.f, g, 0.f);
  return {xHat, g};
}

} // namespace

BatchNormGradStages defineBatchNormParamGrad(const ImageParam &input, const ImageParam &grad,
                                             const ImageParam &scale, const ImageParam &bias,
                                             const ImageParam &stats,
                                             const BatchNormGradParams &p) {
  BatchNormGradStages s;
  auto [xHat, g] = normalizedGradient(s, input, grad, scale, bias, stats, p);
  s.sums = channelSums({g * xHat, g}, {{s.i, p.inner}}, s.c, s.n, p.batch, p.lanes, "grad_sums");
  s.output = Func("batch_norm_param_grad");
  s.output(s.c, s.row) = s.sums.sum(s.c, s.row);
  return s;
}

BatchNormGradStages defineBatchNormInputGrad(const ImageParam &input, const ImageParam &grad,
                                             const ImageParam &scale, const ImageParam &bias,
                                             const ImageParam &stats, const ImageParam &paramGrad,
                                             const BatchNormGradParams &p) {
  BatchNormGradStages s;
  auto [xHat, g] = normalizedGradient(s, input, grad, scale, bias, stats, p);
  float count = float(p.inner) * float(p.batch);
  s.output = Func("batch_norm_input_grad");
  s.output(s.i, s.c, s.n) = scale(s.c) * s.inverse(s.c) *
                            (g - (paramGrad(s.c, 1) + xHat * paramGrad(s.c, 0)) / count);
  return s;
}

ElementwiseStages defineDropout(const ImageParam &input, const ImageParam &stepBuffer, float ratio,
                                uint32_t seed) {
  ElementwiseStages s;
  Var i("i");
  s.vars = {i};
  Expr key = dropout::stepKey(Expr(seed), cast<uint32_t>(stepBuffer(0)));
  Expr bits = dropout::elementBits(cast<uint32_t>(i), key);
  Expr keep = bits >= Expr(dropout::threshold(ratio));
  s.output = Func("dropout");
  s.output(i) = select(keep, input(i) * (1.f / (1.f - ratio)), 0.f);
  return s;
}

ElementwiseStages defineConstant(float value, size_t rank) {
  ElementwiseStages s;
  for (size_t d = 0; d < rank; ++d)
    s.vars.push_back(Var("d" + std::to_string(d)));
  s.output = Func("constant");
  std::vector<Expr> at(s.vars.begin(), s.vars.end());
  s.output(at) = value;
  return s;
}

} // namespace dlc::halide
