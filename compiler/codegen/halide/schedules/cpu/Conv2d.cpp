#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Register tile: one vector of output pixels along x times up to 8 output
// channels (<= 8 zmm accumulators), reduction (c, kx, ky) outside the tile,
// input vector-loaded and weights broadcast. Rows run in parallel.
void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  int channelTile = schedule::largestDivisor(p.outChannels, 8);
  Var xo("xo"), xi("xi"), ko("ko"), ki("ki"), rows("rows");
  s.output.split(s.x, xo, xi, lanes)
      .split(s.k, ko, ki, channelTile)
      .reorder(xi, ki, xo, ko, s.y, s.n)
      .vectorize(xi)
      .unroll(ki);
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth *
                (p.channels / p.groups) * p.kernelH * p.kernelW;
  if (schedule::worthParallel(macs))
    s.output.fuse(s.y, s.n, rows).parallel(rows);
  s.conv.compute_at(s.output, xo).vectorize(s.x).unroll(s.k);
  s.conv.update().reorder(s.x, s.k, s.r.x, s.r.y, s.r.z).vectorize(s.x).unroll(s.k);
}

} // namespace dlc::halide
