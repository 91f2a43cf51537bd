#include "compiler/codegen/halide/algorithms/Algorithms.h"

#include <functional>

using namespace Halide;

namespace dlc::halide {

std::vector<int> conv2dOutputView(const Conv2dParams &p) {
  if (p.flatPixels)
    return {p.outHeight * p.outWidth, p.outChannels, p.batch};
  return {p.outWidth, p.outHeight, p.outChannels, p.batch};
}

namespace {

// The taps of a depthwise window summed row by row, then the rows pairwise:
// independent chains of kernelW multiply-adds instead of one chain of
// kernelH * kernelW dependent ones, which for a 5x5 window left the FMA
// units waiting on 25 latencies per vector (672 channels at 14x14, one
// thread: 0.112 ms as one chain).
Expr sumOfTapRows(const Conv2dParams &p, const std::function<Expr(int ky, int kx)> &product) {
  std::vector<Expr> rows;
  for (int ky = 0; ky < p.kernelH; ++ky) {
    Expr row = product(ky, 0);
    for (int kx = 1; kx < p.kernelW; ++kx)
      row += product(ky, kx);
    rows.push_back(row);
  }
  while (rows.size() > 1) {
    std::vector<Expr> pairs;
    for (size_t i = 0; i + 1 < rows.size(); i += 2)
      pairs.push_back(rows[i] + rows[i + 1]);
    if (rows.size() % 2)
      pairs.push_back(rows.back());
    rows = pairs;
  }
  return rows[0];
}

// `flatPlanes` (Algorithms.h): conv(q, k, n) at q = y * paddedWidth + x;
// the columns past the output's width are computed and never stored.
Conv2dStages defineFlatDepthwise(const Func &input, const Func &weight,
                                 const std::optional<ImageParam> &bias, const Conv2dParams &p,
                                 const Epilogue *epilogue) {
  Conv2dStages s;
  int paddedWidth = p.width + p.padLeft + p.padRight;
  Var j("j"), c("c"), q("q");
  RDom inside(0, p.width, 0, p.height, "inside");
  s.plane = Func("plane");
  s.plane(j, c, s.n) = 0.f;
  s.plane((inside.y + p.padTop) * paddedWidth + inside.x + p.padLeft, c, s.n) =
      input(inside.x, inside.y, c, s.n);
  Expr channel = s.k / (p.outChannels / p.groups);
  Expr sum = sumOfTapRows(p, [&](int ky, int kx) {
    int offset = ky * p.dilationH * paddedWidth + kx * p.dilationW;
    return weight(kx, ky, 0, s.k) * s.plane(q + offset, channel, s.n);
  });
  if (bias)
    sum += (*bias)(s.k);
  // An activation (no operand) runs on the flat vectors, 16 lanes wide;
  // an operand can only be read at the output's coordinates.
  bool flatEpilogue = epilogue && epilogue->operands.empty();
  s.conv = Func("conv");
  s.conv(q, s.k, s.n) = flatEpilogue ? epilogue->applyTo(sum, {}, s.k) : sum;
  s.output = Func("conv2d");
  Expr value = s.conv(s.y * paddedWidth + s.x, s.k, s.n);
  s.output(s.x, s.y, s.k, s.n) =
      flatEpilogue ? value : withEpilogue(epilogue, value, {s.x, s.y, s.k, s.n}, s.k);
  return s;
}

} // namespace

Conv2dStages defineConv2d(const Func &input, const Func &weight,
                          const std::optional<ImageParam> &bias, const Conv2dParams &p,
                          const Epilogue *epilogue) {
  Conv2dStages s;
  // A depthwise plane is padded once per plane (the schedule); the other
  // kernels, and strided depthwise ones reading rows, clamp or copy the
  // padded rows.
  if (!p.padded())
    s.input = Func(input);
  else if (p.depthwise() && p.strideW > 1 && !p.stridedRows)
    s.input = Func(input); // the phases below are zero-padded themselves
  else if (p.depthwise() && !p.stridedRows)
    s.input = paddedPlanes(input, p.width, p.height, 0.f);
  else
    s.input = BoundaryConditions::constant_exterior(input, 0.f, {{0, p.width}, {0, p.height}});
  int groupChannels = p.channels / p.groups;
  int groupOutChannels = p.outChannels / p.groups;
  s.r = RDom(0, groupChannels, 0, p.kernelW, 0, p.kernelH, "r");
  Expr channel = (s.k / groupOutChannels) * groupChannels + s.r.x;
  s.conv = Func("conv");
  s.output = Func("conv2d");
  if (int block = p.channelBlock) {  // groups == 1
    // The output pixel coordinates: (pixel) when flat, else (x, y).
    std::vector<Var> pixel = p.flatPixels ? std::vector<Var>{s.pixel} : std::vector<Var>{s.x, s.y};
    Expr x = p.flatPixels ? s.pixel % p.outWidth : Expr(s.x);
    Expr y = p.flatPixels ? s.pixel / p.outWidth : Expr(s.y);
    Expr ix = x * p.strideW - p.padLeft + s.r.y * p.dilationW;
    Expr iy = y * p.strideH - p.padTop + s.r.z * p.dilationH;
    auto args = [&](Expr inner, Expr outer) {
      std::vector<Expr> a = {inner};
      a.insert(a.end(), pixel.begin(), pixel.end());
      a.insert(a.end(), {outer, s.n});
      return a;
    };
    s.conv(args(s.kk, s.kb)) = bias ? (*bias)(s.kb * block + s.kk) : 0.f;
    s.conv(args(s.kk, s.kb)) +=
        weight(s.kk, s.r.x, s.r.y, s.r.z, s.kb) * s.input(ix, iy, s.r.x, s.n);
    std::vector<Expr> at(pixel.begin(), pixel.end());
    at.insert(at.end(), {s.k, s.n});
    s.output(at) = withEpilogue(epilogue, s.conv(args(s.k % block, s.k / block)), at, s.k);
    return s;
  }
  if (p.depthwise() && p.flatPlanes)
    return defineFlatDepthwise(input, weight, bias, p, epilogue);
  if (p.depthwise()) {
    Expr channel = s.k / groupOutChannels;
    // Strided, the taps read the input split into its phases along x
    // (phase f holds the padded columns f, f + stride, ...), so that each
    // tap is a dense vector load rather than a gather. The phases are zeros
    // with the input's rows written in, one update per phase over the
    // columns it holds: one pass over the input (a padded copy of the
    // plane first was a second one; 96 channels at 112x112, 3x3 stride 2:
    // the copy was 39 % of the kernel).
    int stride = p.strideW;
    bool phased = stride > 1 && !p.stridedRows;
    if (phased) {
      Var u("u"), v("v"), phase("phase"), c("c");
      s.phases = Func("phases");
      s.phases(u, v, phase, c, s.n) = 0.f;
      for (int f = 0; f < stride; ++f) {
        // Column u of phase f is input column u * stride + f - padLeft.
        int first = std::max(0, (p.padLeft - f + stride - 1) / stride);
        int last = (p.width - 1 + p.padLeft - f) / stride;
        if (last < first)
          continue;
        RDom inside(first, last - first + 1, 0, p.height, "inside");
        s.phases(inside.x, inside.y, f, c, s.n) =
            s.input(inside.x * stride + f - p.padLeft, inside.y, c, s.n);
      }
    }
    Expr sum = sumOfTapRows(p, [&](int ky, int kx) {
      int dx = kx * p.dilationW;
      Expr iy = s.y * p.strideH - p.padTop + ky * p.dilationH;
      Expr tap = phased ? s.phases(s.x + dx / stride, iy, dx % stride, channel, s.n)
                        : s.input(s.x * stride - p.padLeft + dx, iy, channel, s.n);
      return weight(kx, ky, 0, s.k) * tap;
    });
    if (bias)
      sum += (*bias)(s.k);
    s.conv(s.x, s.y, s.k, s.n) = sum;
    s.output(s.x, s.y, s.k, s.n) =
        withEpilogue(epilogue, s.conv(s.x, s.y, s.k, s.n), {s.x, s.y, s.k, s.n}, s.k);
    return s;
  }
  Expr ix = s.x * p.strideW - p.padLeft + s.r.y * p.dilationW;
  Expr iy = s.y * p.strideH - p.padTop + s.r.z * p.dilationH;
  s.conv(s.x, s.y, s.k, s.n) = bias ? (*bias)(s.k) : 0.f;
  s.conv(s.x, s.y, s.k, s.n) += weight(s.r.y, s.r.z, s.r.x, s.k) * s.input(ix, iy, channel, s.n);
  s.output(s.x, s.y, s.k, s.n) =
      withEpilogue(epilogue, s.conv(s.x, s.y, s.k, s.n), {s.x, s.y, s.k, s.n}, s.k);
  return s;
}

} // namespace dlc::halide
