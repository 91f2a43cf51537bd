#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

Conv2dStages defineConv2d(const ImageParam &input, const ImageParam &weight,
                          const std::optional<ImageParam> &bias, const Conv2dParams &p) {
  Conv2dStages s;
  bool padded = p.padTop || p.padLeft || p.padBottom || p.padRight;
  s.input = padded ? BoundaryConditions::constant_exterior(
                         input, 0.f, {{0, p.width}, {0, p.height}})
                   : Func(input);
  int groupChannels = p.channels / p.groups;
  int groupOutChannels = p.outChannels / p.groups;
  s.r = RDom(0, groupChannels, 0, p.kernelW, 0, p.kernelH, "r");
  Expr channel = (s.k / groupOutChannels) * groupChannels + s.r.x;
  Expr ix = s.x * p.strideW - p.padLeft + s.r.y * p.dilationW;
  Expr iy = s.y * p.strideH - p.padTop + s.r.z * p.dilationH;

  s.conv = Func("conv");
  s.conv(s.x, s.y, s.k, s.n) = bias ? (*bias)(s.k) : 0.f;
  Expr w = p.outputChannelsLast ? weight(s.k, s.r.x, s.r.y, s.r.z)
                                 : weight(s.r.y, s.r.z, s.r.x, s.k);
  s.conv(s.x, s.y, s.k, s.n) += w * s.input(ix, iy, channel, s.n);
  s.output = Func("conv2d");
  s.output(s.x, s.y, s.k, s.n) = s.conv(s.x, s.y, s.k, s.n);
  return s;
}

} // namespace dlc::halide
