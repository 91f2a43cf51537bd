#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

AttentionStages defineAttention(const ImageParam &q, const ImageParam &k, const ImageParam &v,
                                const std::optional<ImageParam> &mask, const AttentionParams &p) {
  AttentionStages s;
  RDom d(0, p.depth, "d");
  s.score = Func("score");
  Expr score = sum(q(d, s.i, s.b) * k(d, s.j, s.b)) * p.scale;
  if (mask) {
    // The flat batch index b as the mask's (broadcast) batch coordinates.
    std::vector<Expr> at = {p.maskShape[0] == 1 ? Expr(0) : Expr(s.j),
                            p.maskShape[1] == 1 ? Expr(0) : Expr(s.i)};
    Expr rest = s.b;
    for (size_t dim = 0; dim < p.batchShape.size(); ++dim) {
      Expr coordinate = rest % p.batchShape[dim];
      rest = rest / p.batchShape[dim];
      at.push_back(p.maskShape[2 + dim] == 1 ? Expr(0) : coordinate);
    }
    score += (*mask)(at);
  }
  if (p.causal)
    score = select(s.j > s.i, Float(32).min(), score);
  s.score(s.j, s.i, s.b) = score;
  RDom r(0, p.keys, "r");
  s.rowMax = Func("row_max");
  s.rowMax(s.i, s.b) = maximum(s.score(r, s.i, s.b));
  s.prob = Func("prob");
  s.prob(s.j, s.i, s.b) = exp(s.score(s.j, s.i, s.b) - s.rowMax(s.i, s.b));
  s.rowSum = Func("row_sum");
  s.rowSum(s.i, s.b) = sum(s.prob(r, s.i, s.b));
  s.output = Func("attention");
  s.output(s.e, s.i, s.b) = sum(s.prob(r, s.i, s.b) * v(s.e, r, s.b)) / s.rowSum(s.i, s.b);
  return s;
}

} // namespace dlc::halide
