#include "compiler/codegen/halide/algorithms/Algorithms.h"

#include <limits>

using namespace Halide;

namespace dlc::halide {
namespace {

// e^x for x <= 0 (-inf included) with Halide's fast_exp: relative error
// 1.3e-6 (KERNELS.md), about 1.4e-6 at the attention's output at 4096 keys,
// and 10-25 % faster than exp here. Below -80 the result is exactly 0:
// fast_exp turns -inf into NaN, and e^-88 and below are denormals, whose
// products in P.V cost a microcode assist each (causal attention ran at
// half speed).
Expr expOf(const Expr &x) { return select(x < -80.f, 0.f, fast_exp(max(x, -80.f))); }

} // namespace

FlashAttentionStages defineFlashAttention(const ImageParam &q, const ImageParam &k,
                                          const ImageParam &v,
                                          const std::optional<ImageParam> &mask,
                                          const FlashAttentionParams &fp) {
  const AttentionParams &p = fp.attention;
  FlashAttentionStages s;
  Var e = s.e, i = s.i, jj = s.jj, kb = s.kb, b = s.b, d = s.d;
  int blockKeys = fp.blockKeys;
  int keyBlocks = (p.keys + blockKeys - 1) / blockKeys;
  // The lowest finite float (Halide's Float(32).min() is -inf).
  Expr lowest(-std::numeric_limits<float>::max());
  Expr query = clamp(i, 0, p.queries - 1);
  Expr key = kb * blockKeys + jj;
  Expr keyInRange = min(key, p.keys - 1);

  s.queryT = Func("query_t");
  s.queryT(i, d, b) = q(d, query, b) * p.scale;

  s.rd = RDom(0, p.depth, "rd");
  s.dot = Func("dot");
  s.dot(i, jj, kb, b) = 0.f;
  s.dot(i, jj, kb, b) += s.queryT(i, s.rd, b) * k(s.rd, keyInRange, b);

  Expr score = s.dot(i, jj, kb, b);
  if (mask) {
    // The flat batch index b as the mask's (broadcast) batch coordinates,
    // as in defineAttention.
    std::vector<Expr> at = {p.maskShape[0] == 1 ? Expr(0) : keyInRange,
                            p.maskShape[1] == 1 ? Expr(0) : query};
    Expr rest = b;
    for (size_t dim = 0; dim < p.batchShape.size(); ++dim) {
      Expr coordinate = rest % p.batchShape[dim];
      rest = rest / p.batchShape[dim];
      at.push_back(p.maskShape[2 + dim] == 1 ? Expr(0) : coordinate);
    }
    score += (*mask)(at);
  }
  Expr dropped = key >= p.keys;
  if (p.causal)
    dropped = dropped || key > i;
  s.score = Func("score");
  // Dropped keys get a large finite negative added, not -inf: Halide compiles
  // with LLVM's fast-math flags, under which a constant -inf in arithmetic
  // may be folded away; and an addition rather than a select over the dot
  // product, because Halide trims a select's untaken operand from the region
  // it computes, which made the unrolled dot tile's extent depend on the key
  // block. A block whose keys are all dropped has P = 1 for them, and its
  // weight e^(blockMax - m') is 0 once any kept key was seen (the first key
  // is always kept when causal).
  s.score(i, jj, kb, b) = score + select(dropped, Expr(-1e30f), Expr(0.f));

  // The block maximum starts at the lowest finite value, not -inf: a block
  // whose scores are all -inf (a mask) then gives exp(-inf - lowest) = 0
  // instead of exp(-inf + inf) = NaN.
  s.rj = RDom(0, blockKeys, "rj");
  s.blockMax = Func("block_max");
  s.blockMax(i, kb, b) = lowest;
  s.blockMax(i, kb, b) = max(s.blockMax(i, kb, b), s.score(i, s.rj, kb, b));
  s.prob = Func("prob");
  s.prob(i, jj, kb, b) = expOf(s.score(i, jj, kb, b) - s.blockMax(i, kb, b));
  s.blockSum = Func("block_sum");
  s.blockSum(i, kb, b) = 0.f;
  s.blockSum(i, kb, b) += s.prob(i, s.rj, kb, b);
  s.valueSum = Func("value_sum");
  s.valueSum(e, i, kb, b) = 0.f;
  s.valueSum(e, i, kb, b) +=
      s.prob(i, s.rj, kb, b) * v(e, min(kb * blockKeys + s.rj, p.keys - 1), b);
  s.blockOut = Func("block_out");
  s.blockOut(e, i, kb, b) = s.valueSum(e, i, kb, b);

  // Online softmax over the key blocks: with m' = max(m, block max), what
  // the state holds is rescaled by e^(m - m') and the block's sums by
  // e^(blockMax - m'). m and l are kept in every e lane (a Tuple's elements
  // share the dimensions).
  s.rk = RDom(0, keyBlocks, "rk");
  s.state = Func("state");
  s.state(e, i, b) = Tuple(0.f, lowest, 0.f);
  Expr runningMax = s.state(e, i, b)[1];
  Expr blockMax = s.blockMax(i, s.rk, b);
  Expr newMax = max(runningMax, blockMax);
  Expr keep = expOf(runningMax - newMax), add = expOf(blockMax - newMax);
  s.state(e, i, b) = Tuple(s.state(e, i, b)[0] * keep + s.blockOut(e, i, s.rk, b) * add, newMax,
                           s.state(e, i, b)[2] * keep + s.blockSum(i, s.rk, b) * add);
  s.output = Func("attention");
  s.output(e, i, b) = s.state(e, i, b)[0] / s.state(e, i, b)[2];
  return s;
}

} // namespace dlc::halide
