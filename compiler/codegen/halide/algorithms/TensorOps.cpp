#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {
namespace {

std::vector<Var> makeVars(size_t rank) {
  std::vector<Var> vars;
  for (size_t d = 0; d < rank; ++d)
    vars.push_back(Var("d" + std::to_string(d)));
  return vars;
}

// The index into an operand of `shape` for output position `at` (both in
// the output's rank): a broadcast dimension (extent 1 against a larger
// output) reads index 0.
Expr broadcastIndex(const std::vector<int> &shape, const std::vector<int> &outShape, size_t d,
                    Expr at) {
  return shape[d] == 1 && outShape[d] != 1 ? Expr(0) : at;
}

} // namespace

Func paddedPlanes(const Func &input, int width, int height, Expr fill) {
  Var x("x"), y("y"), c("c"), n("n");
  RDom inside(0, width, 0, height, "inside");
  Func padded("padded");
  padded(x, y, c, n) = fill;
  padded(inside.x, inside.y, c, n) = input(inside.x, inside.y, c, n);
  return padded;
}

MatmulStages defineMatmul(const ImageParam &lhs, const ImageParam &rhs,
                          const std::vector<int> &lhsShape, const std::vector<int> &rhsShape,
                          const std::vector<int> &outShape, const Epilogue *epilogue,
                          int channelDim, const std::optional<ImageParam> &bias) {
  MatmulStages s;
  s.vars = makeVars(outShape.size());
  s.vars[0] = Var("j");
  s.vars[1] = Var("i");
  s.r = RDom(0, lhsShape[0], "k");
  Var k("k");
  std::vector<Expr> a = {s.r, s.vars[1]}, b = {s.vars[0], k}, panel = {s.vars[0], s.r};
  std::vector<Var> panelVars = {s.vars[0], k};
  for (size_t d = 2; d < outShape.size(); ++d) {
    a.push_back(broadcastIndex(lhsShape, outShape, d, s.vars[d]));
    b.push_back(broadcastIndex(rhsShape, outShape, d, s.vars[d]));
    panel.push_back(s.vars[d]);
    panelVars.push_back(s.vars[d]);
  }
  std::vector<Var> vars = s.vars;
  s.rhsPanel = Func("rhs_panel");
  s.rhsPanel(panelVars) = rhs(b);
  s.product = Func("product");
  s.product(vars) = bias ? (*bias)(vars[channelDim]) : 0.f;
  s.product(vars) += lhs(a) * s.rhsPanel(panel);
  s.output = Func("matmul");
  std::vector<Expr> at(vars.begin(), vars.end());
  s.output(vars) = withEpilogue(epilogue, s.product(vars), at, vars[channelDim]);
  return s;
}

ElementwiseStages defineTranspose(const ImageParam &input, const std::vector<int> &perm) {
  ElementwiseStages s;
  const int rank = static_cast<int>(perm.size());
  s.vars = makeVars(rank);
  // Output tensor dim d (Halide rank-1-d) reads input tensor dim perm[d]
  // (Halide rank-1-perm[d]).
  std::vector<Expr> at(rank);
  for (int d = 0; d < rank; ++d)
    at[rank - 1 - perm[d]] = s.vars[rank - 1 - d];
  std::vector<Var> vars = s.vars;
  s.output = Func("transpose");
  s.output(vars) = input(at);
  return s;
}

ElementwiseStages defineGather(const ImageParam &data, const ImageParam &indices, int dataRank,
                               int indicesRank, int axisHalide, int axisExtent) {
  ElementwiseStages s;
  s.vars = makeVars(dataRank - 1 + indicesRank);
  // Output (Halide order): data's dimensions inside the axis, then the
  // indices', then data's outside it.
  std::vector<Expr> where(s.vars.begin() + axisHalide,
                          s.vars.begin() + axisHalide + indicesRank);
  // In int64, so that a huge index clamps rather than wraps.
  Expr index = indices(where);
  Expr extent = cast<int64_t>(axisExtent);
  index = cast<int>(clamp(select(index < 0, index + extent, index), cast<int64_t>(0), extent - 1));
  std::vector<Expr> at(s.vars.begin(), s.vars.begin() + axisHalide);
  at.push_back(index);
  at.insert(at.end(), s.vars.begin() + axisHalide + indicesRank, s.vars.end());
  s.output = Func("gather");
  s.output(s.vars) = data(at);
  return s;
}

ReduceStages defineReduce(const ImageParam &input, const std::vector<int> &inShape,
                          const std::vector<int> &reduced, ReduceKind kind) {
  ReduceStages s;
  s.vars = makeVars(inShape.size());
  Region extents;
  for (int d : reduced)
    extents.push_back({0, inShape[d]});
  s.r = RDom(extents, "r");
  std::vector<Expr> at(s.vars.begin(), s.vars.end());
  for (size_t k = 0; k < reduced.size(); ++k)
    at[reduced[k]] = s.r[k];
  std::vector<Var> vars = s.vars;
  Expr v = input(at);
  s.accumulate = Func("accumulate");
  switch (kind) {
  case ReduceKind::Sum:
  case ReduceKind::Mean:
    s.accumulate(vars) = 0.f;
    s.accumulate(vars) += v;
    break;
  case ReduceKind::Max:
    s.accumulate(vars) = Float(32).min();
    s.accumulate(vars) = max(s.accumulate(vars), v);
    break;
  case ReduceKind::Min:
    s.accumulate(vars) = Float(32).max();
    s.accumulate(vars) = min(s.accumulate(vars), v);
    break;
  }
  double count = 1;
  for (int d : reduced)
    count *= inShape[d];
  s.output = Func("reduce");
  s.output(vars) = kind == ReduceKind::Mean ? s.accumulate(vars) * float(1.0 / count)
                                            : s.accumulate(vars);
  return s;
}

ElementwiseStages defineSlice(const ImageParam &input, const std::vector<int> &offsets,
                              const std::vector<int> &strides) {
  ElementwiseStages s;
  s.vars = makeVars(offsets.size());
  std::vector<Expr> at;
  for (size_t d = 0; d < offsets.size(); ++d)
    at.push_back(offsets[d] + s.vars[d] * strides[d]);
  std::vector<Var> vars = s.vars;
  s.output = Func("slice");
  s.output(vars) = input(at);
  return s;
}

ElementwiseStages defineBroadcast(const ImageParam &input, const std::vector<int> &inShape,
                                  const std::vector<int> &outShape) {
  ElementwiseStages s;
  s.vars = makeVars(outShape.size());
  std::vector<Expr> at;
  for (size_t d = 0; d < outShape.size(); ++d)
    at.push_back(broadcastIndex(inShape, outShape, d, s.vars[d]));
  std::vector<Var> vars = s.vars;
  s.output = Func("broadcast");
  s.output(vars) = input(at);
  return s;
}

LayerNormStages defineLayerNorm(const ImageParam &input, const ImageParam &scale,
                                const std::optional<ImageParam> &bias, int group,
                                float epsilon) {
  LayerNormStages s;
  s.r = RDom(0, group, "r");
  s.mean = Func("mean");
  s.mean(s.row) = 0.f;
  s.mean(s.row) += input(s.r, s.row) * (1.f / group);
  s.variance = Func("variance");
  s.variance(s.row) = 0.f;
  Expr centered = input(s.r, s.row) - s.mean(s.row);
  s.variance(s.row) += centered * centered * (1.f / group);
  s.output = Func("layer_norm");
  Expr normalized = (input(s.i, s.row) - s.mean(s.row)) / sqrt(s.variance(s.row) + epsilon);
  s.output(s.i, s.row) = normalized * scale(s.i) + (bias ? (*bias)(s.i) : Expr(0.f));
  return s;
}

} // namespace dlc::halide
