#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

namespace {

// A padded input is copied with its zero border once per output row
// (`rowLoop`), so the inner loop reads plain memory instead of clamping
// and selecting on every load.
void copyPaddedRows(Conv2dStages &s, const Conv2dParams &p, const Var &rowLoop,
                    const CpuTarget &cpu) {
  bool padded = p.padTop || p.padLeft || p.padBottom || p.padRight;
  if (!padded || p.groups != 1)
    return;
  int width = (p.outWidth - 1) * p.strideW + (p.kernelW - 1) * p.dilationW + 1;
  s.input.compute_at(s.output, rowLoop);
  if (width >= cpu.lanes)
    s.input.vectorize(s.input.args()[0], cpu.lanes);
}

// Narrow images (LeNet's 10-pixel rows, late ResNet layers): vectors of
// output channels (packed weights, one load) times up to 4 pixels (input
// broadcast), <= 8 accumulators. Vectors along a 10-pixel row would compute
// 16 pixels for 10.
void scheduleChannelVectors(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int channelTile = p.outChannels >= 2 * cpu.lanes ? 2 * cpu.lanes : cpu.lanes;
  // 4 to 6 pixels (<= 12 accumulators with two channel vectors), the count
  // that wastes least on the row: 5 for 14, 4 for 7.
  int pixelTile = std::min(p.outWidth, 4);
  for (int t = 5; t <= 6 && t <= p.outWidth; ++t)
    if ((p.outWidth + t - 1) / t * t <= (p.outWidth + pixelTile - 1) / pixelTile * pixelTile)
      pixelTile = t;
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
  // The row copy is redone per channel tile: it pays from 14 pixels on
  // (256 channels at 14x14: 36 -> 42 GFLOP/s), not at 7 (27 -> 22).
  if (p.outWidth > 8)
    copyPaddedRows(s, p, schedule::worthParallel(macs) ? rows : s.y, cpu);
}

} // namespace

bool prefersChannelVectors(const Conv2dParams &p, const CpuTarget &cpu) {
  return p.groups == 1 && p.outChannels >= cpu.lanes && p.outWidth < 2 * cpu.lanes;
}

// Register tile: up to two vectors of output pixels along x times up to 6
// output channels (<= 12 accumulators, which with the two input vectors and
// a weight broadcast fit AVX2's 16 registers), reduction (c, kx, ky) outside
// the tile, input vector-loaded and weights broadcast. Rows run in parallel.
// A padded input is copied with its zero border once per output row, so
// the inner loop loads plain vectors instead of clamping and selecting.
void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.outputChannelsLast)
    return scheduleChannelVectors(s, p, cpu);
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  int vectors = p.outWidth >= 2 * lanes ? 2 : 1;
  int channelTile = schedule::largestDivisor(p.outChannels / p.groups, vectors == 2 ? 6 : 8);
  if (p.groups > 1 && (p.outChannels / p.groups) % channelTile != 0)
    channelTile = 1;
  Var xo("xo"), xi("xi"), ko("ko"), ki("ki"), rows("rows");
  s.output.split(s.x, xo, xi, lanes * vectors)
      .split(s.k, ko, ki, channelTile)
      .reorder(xi, ki, xo, ko, s.y, s.n)
      .vectorize(xi, lanes)
      .unroll(xi)
      .unroll(ki);
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth *
                (p.channels / p.groups) * p.kernelH * p.kernelW;
  bool parallel = schedule::worthParallel(macs);
  if (parallel)
    s.output.fuse(s.y, s.n, rows).parallel(rows);
  s.conv.compute_at(s.output, xo).vectorize(s.x, lanes).unroll(s.x).unroll(s.k);
  s.conv.update()
      .reorder(s.x, s.k, s.r.x, s.r.y, s.r.z)
      .vectorize(s.x, lanes)
      .unroll(s.x)
      .unroll(s.k);
  copyPaddedRows(s, p, parallel ? rows : s.y, cpu);
}

} // namespace dlc::halide
