#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

LinearStages defineLinear(const ImageParam &input, const ImageParam &weight,
                          const std::optional<ImageParam> &bias, const LinearParams &p,
                          const Epilogue *epilogue) {
  LinearStages s;
  s.r = RDom(0, p.inFeatures, "r");
  s.product = Func("product");
  s.output = Func("linear");
  if (int width = p.panel) {
    s.product(s.mi, s.n, s.mo) = bias ? (*bias)(s.mo * width + s.mi) : 0.f;
    s.product(s.mi, s.n, s.mo) += input(s.r, s.n) * weight(s.mi, s.r, s.mo);
    Expr value = s.product(s.m % width, s.n, s.m / width);
    s.output(s.m, s.n) = withEpilogue(epilogue, value, {s.m, s.n}, s.m);
    return s;
  }
  s.product(s.m, s.n) = bias ? (*bias)(s.m) : 0.f;
  Expr w = weight(s.m, s.r);
  if (!p.transposedWeight) {
    Var k("k");
    s.transposedWeight = Func("transposed_weight");
    s.transposedWeight(s.m, k) = weight(k, s.m);
    w = s.transposedWeight(s.m, s.r);
  }
  s.product(s.m, s.n) += input(s.r, s.n) * w;
  s.output(s.m, s.n) = withEpilogue(epilogue, s.product(s.m, s.n), {s.m, s.n}, s.m);
  return s;
}

} // namespace dlc::halide
