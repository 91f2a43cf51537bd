#include "compiler/codegen/halide/algorithms/Algorithms.h"

using namespace Halide;

namespace dlc::halide {

bool isGlobalPool(const Pool2dParams &p) {
  bool padded = p.padTop || p.padLeft || p.padBottom || p.padRight;
  return !padded && p.kernelH == p.height && p.kernelW == p.width && p.outHeight == 1 &&
         p.outWidth == 1;
}

bool isSeparablePool(const Pool2dParams &p) {
  return !isGlobalPool(p) && p.kernelW <= 16 && p.kernelH <= 16;
}

Pool2dStages definePool2d(const ImageParam &input, const Pool2dParams &p) {
  Pool2dStages s;
  bool padded = p.padTop || p.padLeft || p.padBottom || p.padRight;
  // Padded positions never win a maximum and add nothing to a sum.
  Expr fill = p.isMax ? Float(32).min() : Expr(0.f);
  s.input = padded ? paddedPlanes(input, p.width, p.height, fill) : Func(input);
  s.reduce = Func(p.isMax ? "window_max" : "window_sum");
  if (isGlobalPool(p)) {
    // One window over the whole plane: the columns first, over the rows, so
    // that the schedule can keep a row's worth of partial results in vector
    // registers; a single sum of the plane is one chain of dependent adds
    // (3136 for a 56x56 plane).
    s.rows = RDom(0, p.height, "rows");
    Expr element = s.input(s.x, s.rows, s.c, s.n);
    s.columns = Func(p.isMax ? "column_max" : "column_sum");
    s.columns(s.x, s.c, s.n) = fill;
    s.columns(s.x, s.c, s.n) =
        p.isMax ? max(s.columns(s.x, s.c, s.n), element) : s.columns(s.x, s.c, s.n) + element;
    RDom column(0, p.width, "column");
    s.reduce(s.x, s.y, s.c, s.n) =
        p.isMax ? maximum(s.columns(column, s.c, s.n)) : sum(s.columns(column, s.c, s.n));
  } else if (isSeparablePool(p)) {
    auto combine = [&](Expr a, Expr b) { return p.isMax ? max(a, b) : a + b; };
    // The window's rows first (at the output's x, on every input row), then
    // those down the window's columns: 6 operations for a 3x3 window, not
    // 9, each an unrolled term rather than a trip around a reduction loop
    // (3x3 stride-2 max pool on 64 channels at 147x147: 0.40 ms as an
    // inline reduction).
    s.windowRows = Func(p.isMax ? "row_max" : "row_sum");
    Expr row = s.input(s.x * p.strideW - p.padLeft, s.y, s.c, s.n);
    for (int kx = 1; kx < p.kernelW; ++kx)
      row = combine(row, s.input(s.x * p.strideW - p.padLeft + kx, s.y, s.c, s.n));
    s.windowRows(s.x, s.y, s.c, s.n) = row;
    Expr window = s.windowRows(s.x, s.y * p.strideH - p.padTop, s.c, s.n);
    for (int ky = 1; ky < p.kernelH; ++ky)
      window = combine(window, s.windowRows(s.x, s.y * p.strideH - p.padTop + ky, s.c, s.n));
    s.reduce(s.x, s.y, s.c, s.n) = window;
  } else {
    RDom r(0, p.kernelW, 0, p.kernelH, "r");
    Expr ix = s.x * p.strideW - p.padLeft + r.x;
    Expr iy = s.y * p.strideH - p.padTop + r.y;
    if (p.isMax)
      s.reduce(s.x, s.y, s.c, s.n) = maximum(s.input(ix, iy, s.c, s.n));
    else
      s.reduce(s.x, s.y, s.c, s.n) = sum(s.input(ix, iy, s.c, s.n));
  }

  s.output = Func(p.isMax ? "max_pool2d" : "avg_pool2d");
  if (p.isMax) {
    s.output(s.x, s.y, s.c, s.n) = s.reduce(s.x, s.y, s.c, s.n);
  } else if (p.countIncludePad || !padded) {
    s.output(s.x, s.y, s.c, s.n) = s.reduce(s.x, s.y, s.c, s.n) / float(p.kernelW * p.kernelH);
  } else {
    // Count only the window positions inside the input.
    Expr x0 = s.x * p.strideW - p.padLeft, y0 = s.y * p.strideH - p.padTop;
    Expr countX = min(x0 + p.kernelW, p.width) - max(x0, 0);
    Expr countY = min(y0 + p.kernelH, p.height) - max(y0, 0);
    s.output(s.x, s.y, s.c, s.n) = s.reduce(s.x, s.y, s.c, s.n) / cast<float>(countX * countY);
  }
  return s;
}

} // namespace dlc::halide
