#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {
namespace {

// e^v as 2^k * 2^f with a degree-5 polynomial for 2^f on [0, 1): about
// 2e-7 relative error (against Halide's exp, 1 ulp, with a degree-7
// polynomial and overflow selects). SiLU over 1M values at one thread:
// 0.34 -> 0.24 ms. The input is clamped so that 2^k stays a normal float:
// below -87 it returns ~1e-38, not 0, above 88 ~1.6e38, not infinity.
Expr fastExp(Expr v) {
  Expr scaled = clamp(v, -87.f, 88.f) * 1.44269504088896341f;
  Expr k = floor(scaled);
  Expr f = scaled - k;
  Expr p = 1.8775767e-3f;
  for (float c : {8.9893397e-3f, 5.5826318e-2f, 2.4015361e-1f, 6.9315308e-1f, 9.9999994e-1f})
    p = p * f + c;
  return p * reinterpret<float>((cast<int>(k) + 127) << 23);
}

// Halide's tanh calls libm's scalar tanhf (measured: 53% of LeNet-5's
// time); exp is Halide's own vectorized polynomial. Absolute error ~1e-7,
// stable for large |x|.
Expr fastTanh(Expr v) {
  Expr t = fastExp(-2.f * abs(v));
  return select(v < 0.f, -1.f, 1.f) * (1.f - t) / (1.f + t);
}

// Halide has no erf. Abramowitz & Stegun 7.1.26: absolute error below
// 1.5e-7, with one vectorized exp.
Expr fastErf(Expr v) {
  Expr x = abs(v);
  Expr t = 1.f / (1.f + 0.3275911f * x);
  Expr poly =
      t * (0.254829592f +
           t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
  Expr magnitude = 1.f - poly * exp(-x * x);
  return select(v < 0.f, -magnitude, magnitude);
}

Expr sigmoid(Expr v) { return 1.f / (1.f + fastExp(-v)); }

} // namespace

Expr apply(const UnaryFunction &f, Expr v) {
  switch (f.kind) {
  case UnaryKind::Relu: return max(v, 0.f);
  case UnaryKind::Tanh: return fastTanh(v);
  case UnaryKind::Sigmoid: return sigmoid(v);
  case UnaryKind::Exp: return exp(v);
  case UnaryKind::Log: return log(v);
  case UnaryKind::Sqrt: return sqrt(v);
  case UnaryKind::Erf: return fastErf(v);
  case UnaryKind::Neg: return -v;
  case UnaryKind::Abs: return abs(v);
  case UnaryKind::Silu: return v * sigmoid(v);
  // log(1 + exp(x)) without overflow for large x.
  case UnaryKind::Softplus: return max(v, 0.f) + log(1.f + exp(-abs(v)));
  case UnaryKind::HardSwish: return v * clamp(v + 3.f, 0.f, 6.f) * (1.f / 6.f);
  case UnaryKind::LeakyRelu: return select(v >= 0.f, v, f.alpha * v);
  case UnaryKind::Elu: return select(v > 0.f, v, f.alpha * (exp(v) - 1.f));
  case UnaryKind::HardSigmoid: return clamp(f.alpha * v + f.beta, 0.f, 1.f);
  case UnaryKind::Clip: {
    Expr out = v;
    if (f.lower)
      out = max(out, *f.lower);
    if (f.upper)
      out = min(out, *f.upper);
    return out;
  }
  case UnaryKind::GeluErf: return 0.5f * v * (1.f + fastErf(v * 0.70710678118654752f));
  case UnaryKind::GeluTanh:
    return 0.5f * v * (1.f + fastTanh(0.79788456080286536f * (v + 0.044715f * v * v * v)));
  }
  return v;
}

Expr apply(BinaryKind kind, Expr a, Expr b) {
  switch (kind) {
  case BinaryKind::Add: return a + b;
  case BinaryKind::Sub: return a - b;
  case BinaryKind::Mul: return a * b;
  case BinaryKind::Div: return a / b;
  case BinaryKind::Pow: return pow(a, b);
  case BinaryKind::Min: return min(a, b);
  case BinaryKind::Max: return max(a, b);
  case BinaryKind::Prelu: return select(a >= 0.f, a, a * b);
  case BinaryKind::Equal: return select(a == b, 1.f, 0.f);
  case BinaryKind::Less: return select(a < b, 1.f, 0.f);
  case BinaryKind::LessEqual: return select(a <= b, 1.f, 0.f);
  case BinaryKind::Greater: return select(a > b, 1.f, 0.f);
  case BinaryKind::GreaterEqual: return select(a >= b, 1.f, 0.f);
  case BinaryKind::ReluGrad: return select(a > 0.f, b, 0.f);
  case BinaryKind::TanhGrad: return b * (1.f - a * a);
  case BinaryKind::SigmoidGrad: return b * a * (1.f - a);
  }
  return a;
}

Expr Epilogue::applyTo(Expr value, const std::vector<Expr> &at, Expr channel) const {
  std::vector<Expr> values = {value};
  for (const Step &step : steps) {
    if (step.unary) {
      value = apply(*step.unary, value);
    } else {
      Expr other;
      if (step.earlier) {
        other = values.at(*step.earlier);
      } else {
        const Operand &operand = operands.at(step.operand);
        other = operand.form == Form::Full         ? operand.values(at)
                : operand.form == Form::PerChannel ? operand.values(channel)
                                                   : operand.values(0);
      }
      value =
          step.chainedIsLhs ? apply(step.binary, value, other) : apply(step.binary, other, value);
    }
    values.push_back(value);
  }
  return value;
}

Expr withEpilogue(const Epilogue *epilogue, Expr value, const std::vector<Expr> &at,
                  Expr channel) {
  return epilogue ? epilogue->applyTo(value, at, channel) : value;
}

namespace {

// The coordinates at which an operand of `shape` (padded to the output's
// rank) is read for output `vars`: a broadcast dimension reads index 0.
std::vector<Expr> broadcastAt(const std::vector<Var> &vars, const std::vector<int> &shape,
                              const std::vector<int> &outShape) {
  std::vector<Expr> at;
  for (size_t d = 0; d < outShape.size(); ++d)
    at.push_back(shape[d] == 1 && outShape[d] != 1 ? Expr(0) : Expr(vars[d]));
  return at;
}

} // namespace

ElementwiseStages defineUnary(const ImageParam &input, const UnaryFunction &f) {
  ElementwiseStages s;
  Var i("i");
  s.vars = {i};
  s.output = Func("unary");
  s.output(i) = apply(f, input(i));
  return s;
}

ElementwiseStages defineBinary(const ImageParam &lhs, const ImageParam &rhs,
                               const std::vector<int> &lhsShape, const std::vector<int> &rhsShape,
                               const std::vector<int> &outShape, BinaryKind kind) {
  ElementwiseStages s;
  for (size_t d = 0; d < outShape.size(); ++d)
    s.vars.push_back(Var("d" + std::to_string(d)));
  s.output = Func("binary");
  s.output(s.vars) = apply(kind, lhs(broadcastAt(s.vars, lhsShape, outShape)),
                           rhs(broadcastAt(s.vars, rhsShape, outShape)));
  return s;
}

ElementwiseStages defineWhere(const ImageParam &cond, const ImageParam &a, const ImageParam &b,
                              const std::vector<int> &condShape, const std::vector<int> &aShape,
                              const std::vector<int> &bShape, const std::vector<int> &outShape) {
  ElementwiseStages s;
  for (size_t d = 0; d < outShape.size(); ++d)
    s.vars.push_back(Var("d" + std::to_string(d)));
  s.output = Func("where");
  s.output(s.vars) = select(cond(broadcastAt(s.vars, condShape, outShape)) != 0.f,
                            a(broadcastAt(s.vars, aShape, outShape)),
                            b(broadcastAt(s.vars, bShape, outShape)));
  return s;
}

BatchNormStages defineBatchNorm(const ImageParam &input, const ImageParam &scale,
                                const ImageParam &bias, const ImageParam &mean,
                                const ImageParam &var, float epsilon) {
  BatchNormStages s;
  s.coefficient = Func("coefficient");
  s.shift = Func("shift");
  s.output = Func("batch_norm");
  s.coefficient(s.c) = scale(s.c) / sqrt(var(s.c) + epsilon);
  s.shift(s.c) = bias(s.c) - mean(s.c) * s.coefficient(s.c);
  s.output(s.i, s.c, s.n) = input(s.i, s.c, s.n) * s.coefficient(s.c) + s.shift(s.c);
  return s;
}

ElementwiseStages definePad(const ImageParam &input, const std::vector<int> &inShape,
                            const std::vector<int> &begin, float value) {
  ElementwiseStages s;
  Region bounds;
  for (size_t d = 0; d < inShape.size(); ++d) {
    s.vars.push_back(Var("d" + std::to_string(d)));
    bounds.push_back({0, inShape[d]});
  }
  Func inside = BoundaryConditions::constant_exterior(input, value, bounds);
  std::vector<Expr> at;
  for (size_t d = 0; d < inShape.size(); ++d)
    at.push_back(s.vars[d] - begin[d]);
  std::vector<Var> vars = s.vars;
  s.output = Func("pad");
  s.output(vars) = inside(at);
  return s;
}

LrnStages defineLrn(const ImageParam &input, int inner, int channels, int batch, int size,
                    float alpha, float beta, float bias) {
  LrnStages s;
  s.input = BoundaryConditions::constant_exterior(input, 0.f,
                                                  {{0, inner}, {0, channels}, {0, batch}});
  const int before = (size - 1) / 2;
  RDom r(0, size, "r");
  s.squares = Func("squares");
  s.squares(s.i, s.c, s.n) = 0.f;
  Expr v = s.input(s.i, s.c - before + r, s.n);
  s.squares(s.i, s.c, s.n) += v * v;
  // The base is at least `bias` > 0, so pow is exp(beta * log(base)),
  // Halide's vectorized forms.
  Expr base = bias + (alpha / size) * s.squares(s.i, s.c, s.n);
  s.output = Func("lrn");
  s.output(s.i, s.c, s.n) = input(s.i, s.c, s.n) * exp(-beta * log(base));
  return s;
}

GroupNormStages defineGroupNorm(const ImageParam &input, const ImageParam &scale,
                                const ImageParam &bias, int inner, int spatial,
                                int channelsPerGroup, float epsilon) {
  GroupNormStages s;
  RDom r(0, inner, "r");
  s.mean = Func("mean");
  s.mean(s.g, s.n) = 0.f;
  s.mean(s.g, s.n) += input(r, s.g, s.n) * (1.f / inner);
  s.variance = Func("variance");
  s.variance(s.g, s.n) = 0.f;
  Expr centered = input(r, s.g, s.n) - s.mean(s.g, s.n);
  s.variance(s.g, s.n) += centered * centered * (1.f / inner);
  Expr channel = s.g * channelsPerGroup + s.i / spatial;
  s.output = Func("group_norm");
  s.output(s.i, s.g, s.n) = (input(s.i, s.g, s.n) - s.mean(s.g, s.n)) /
                                sqrt(s.variance(s.g, s.n) + epsilon) * scale(channel) +
                            bias(channel);
  return s;
}

namespace {

// The source coordinate of output position `dst` (see dlc.resize), as a
// float expression.
Expr sourceCoordinate(const std::string &mode, Expr dst, int in, int out) {
  float scale = float(in) / float(out);
  Expr d = cast<float>(dst);
  if (mode == "asymmetric")
    return d * scale;
  if (mode == "align_corners")
    return out == 1 ? Expr(0.f) : d * (float(in - 1) / float(out - 1));
  if (mode == "pytorch_half_pixel" && out == 1)
    return Expr(0.f);
  return (d + 0.5f) * scale - 0.5f;
}

} // namespace

ElementwiseStages defineResize(const ImageParam &input, int height, int width, int outHeight,
                               int outWidth, bool linear, const std::string &coordinateMode) {
  ElementwiseStages s;
  Var x("x"), y("y"), c("c"), n("n");
  s.vars = {x, y, c, n};
  Expr sy = sourceCoordinate(coordinateMode, y, height, outHeight);
  Expr sx = sourceCoordinate(coordinateMode, x, width, outWidth);
  s.output = Func("resize");
  if (!linear) {
    Expr iy = clamp(cast<int>(floor(sy)), 0, height - 1);
    Expr ix = clamp(cast<int>(floor(sx)), 0, width - 1);
    s.output(x, y, c, n) = input(ix, iy, c, n);
    return s;
  }
  sy = clamp(sy, 0.f, float(height - 1));
  sx = clamp(sx, 0.f, float(width - 1));
  Expr y0 = clamp(cast<int>(floor(sy)), 0, height - 1), x0 = clamp(cast<int>(floor(sx)), 0, width - 1);
  Expr y1 = min(y0 + 1, height - 1), x1 = min(x0 + 1, width - 1);
  Expr ly = sy - cast<float>(y0), lx = sx - cast<float>(x0);
  Expr top = input(x0, y0, c, n) * (1.f - lx) + input(x1, y0, c, n) * lx;
  Expr bottom = input(x0, y1, c, n) * (1.f - lx) + input(x1, y1, c, n) * lx;
  s.output(x, y, c, n) = top * (1.f - ly) + bottom * ly;
  return s;
}

ConcatStages defineConcat(const std::vector<ImageParam> &inputs, const std::vector<int> &lengths) {
  ConcatStages s;
  s.output = Func("concat");
  s.output(s.i, s.a, s.o) = undef<float>();
  int offset = 0;
  for (size_t k = 0; k < inputs.size(); ++k) {
    RDom r(0, lengths[k], "r" + std::to_string(k));
    s.output(s.i, offset + r, s.o) = inputs[k](s.i, r, s.o);
    offset += lengths[k];
  }
  return s;
}

} // namespace dlc::halide
