#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

namespace {

// Narrow images (LeNet's 10-pixel rows, late ResNet layers): vectors of
// output channels (packed weights, one load) times up to 4 pixels (input
// broadcast), <= 8 accumulators. Vectors along a 10-pixel row would compute
// 16 pixels for 10.
void scheduleChannelVectors(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int channelTile = p.outChannels >= 2 * cpu.lanes ? 2 * cpu.lanes : cpu.lanes;
  int pixelTile = std::min(p.outWidth, 4);
  Var xo("xo"), xi("xi"), ko("ko"), ki("ki"), rows("rows");
  s.output.split(s.k, ko, ki, channelTile)
      .split(s.x, xo, xi, pixelTile)
      .reorder(ki, xi, xo, s.y, ko, s.n)
      .vectorize(ki, cpu.lanes)
      .unroll(xi);
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth * p.channels *
                p.kernelH * p.kernelW;
  if (schedule::worthParallel(macs))
    s.output.fuse(s.y, s.n, rows).parallel(rows);
  s.conv.compute_at(s.output, xo).reorder_storage(s.k, s.x, s.y, s.n);
  s.conv.reorder(s.k, s.x, s.y, s.n).vectorize(s.k, cpu.lanes).unroll(s.x);
  s.conv.update()
      .reorder(s.k, s.x, s.r.x, s.r.y, s.r.z, s.y, s.n)
      .vectorize(s.k, cpu.lanes)
      .unroll(s.x);
}

} // namespace

bool prefersChannelVectors(const Conv2dParams &p, const CpuTarget &cpu) {
  return p.groups == 1 && p.outChannels >= cpu.lanes && p.outWidth < 2 * cpu.lanes;
}

// Register tile: one vector of output pixels along x times up to 8 output
// channels (<= 8 accumulators), reduction (c, kx, ky) outside the tile,
// input vector-loaded and weights broadcast. Rows run in parallel.
void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.outputChannelsLast)
    return scheduleChannelVectors(s, p, cpu);
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
