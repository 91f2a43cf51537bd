#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

ElementwiseStages defineUnary(const ImageParam &input, UnaryKind kind) {
  ElementwiseStages s;
  Var i("i");
  s.vars = {i};
  Expr v = input(i);
  switch (kind) {
  case UnaryKind::Relu:
    s.output = Func("relu");
    s.output(i) = max(v, 0.f);
    break;
  case UnaryKind::Tanh: {
    // Halide's tanh calls libm's scalar tanhf (measured: 53% of LeNet-5's
    // time); exp is Halide's own vectorized polynomial. Absolute error
    // ~1e-7, stable for large |x|.
    s.output = Func("tanh");
    Expr t = exp(-2.f * abs(v));
    s.output(i) = select(v < 0.f, -1.f, 1.f) * (1.f - t) / (1.f + t);
    break;
  }
  case UnaryKind::Sigmoid:
    s.output = Func("sigmoid");
    s.output(i) = 1.f / (1.f + exp(-v));
    break;
  }
  return s;
}

ElementwiseStages defineAdd(const ImageParam &lhs, const ImageParam &rhs,
                            const std::vector<int> &lhsShape, const std::vector<int> &rhsShape,
                            const std::vector<int> &outShape) {
  ElementwiseStages s;
  for (size_t d = 0; d < outShape.size(); ++d)
    s.vars.push_back(Var("d" + std::to_string(d)));
  // A broadcast dimension (extent 1 against a larger output) reads index 0.
  auto indices = [&](const std::vector<int> &shape) {
    std::vector<Expr> args;
    for (size_t d = 0; d < outShape.size(); ++d)
      args.push_back(shape[d] == 1 && outShape[d] != 1 ? Expr(0) : Expr(s.vars[d]));
    return args;
  };
  std::vector<Var> vars = s.vars;
  s.output = Func("add");
  s.output(vars) = lhs(indices(lhsShape)) + rhs(indices(rhsShape));
  return s;
}

} // namespace dlc::halide
