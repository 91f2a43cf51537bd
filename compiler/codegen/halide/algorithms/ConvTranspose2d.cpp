#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

ConvTranspose2dStages defineConvTranspose2d(const ImageParam &input, const ImageParam &weight,
                                            const std::optional<ImageParam> &bias,
                                            const ConvTranspose2dParams &p) {
  ConvTranspose2dStages s;
  s.input = BoundaryConditions::constant_exterior(
      input, 0.f, {{0, p.width}, {0, p.height}, {0, p.channels}, {0, p.batch}});
  const int groupIn = p.channels / p.groups, groupOut = p.outChannels / p.groups;
  s.r = RDom(0, groupIn, 0, p.kernelW, 0, p.kernelH, "r");
  RVar c = s.r[0], kx = s.r[1], ky = s.r[2];
  Expr group = s.k / groupOut;
  Expr channel = group * groupIn + c;
  // Halide's integer division and modulo round towards negative infinity,
  // so a negative numerator gives a position outside the input (zero).
  Expr ny = s.y + p.padTop - ky * p.dilationH, nx = s.x + p.padLeft - kx * p.dilationW;
  Expr tap = s.input(nx / p.strideW, ny / p.strideH, channel, s.n) *
             weight(kx, ky, s.k - group * groupOut, channel);
  Expr whole = (ny % p.strideH == 0) && (nx % p.strideW == 0);
  s.sum = Func("sum");
  s.sum(s.x, s.y, s.k, s.n) = bias ? (*bias)(s.k) : 0.f;
  s.sum(s.x, s.y, s.k, s.n) += select(whole, tap, 0.f);
  s.output = Func("conv_transpose2d");
  s.output(s.x, s.y, s.k, s.n) = s.sum(s.x, s.y, s.k, s.n);
  return s;
}

} // namespace dlc::halide
