#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

SoftmaxStages defineSoftmax(const ImageParam &input, int inner, int axis, int outer,
                            bool logarithm) {
  SoftmaxStages s;
  RDom r(0, axis, "r");
  s.maximum = Func("row_max");
  s.maximum(s.i, s.o) = maximum(input(s.i, r, s.o));
  s.exponent = Func("exponent");
  s.exponent(s.i, s.a, s.o) = exp(input(s.i, s.a, s.o) - s.maximum(s.i, s.o));
  s.sum = Func("row_sum");
  s.sum(s.i, s.o) = 0.f;
  s.sum(s.i, s.o) += s.exponent(s.i, r, s.o);
  s.output = Func(logarithm ? "log_softmax" : "softmax");
  s.output(s.i, s.a, s.o) =
      logarithm ? input(s.i, s.a, s.o) - s.maximum(s.i, s.o) - log(s.sum(s.i, s.o))
                : s.exponent(s.i, s.a, s.o) / s.sum(s.i, s.o);
  return s;
}

} // namespace dlc::halide
