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
// output channels (one block of packed weights, vector loads) times a run of
// output pixels (input broadcast) that may span rows: 2 vectors x 6 pixels
// or 1 x 12, 12 accumulators. Channel blocks are outermost so that a
// block's weights (contiguous, C x KH x KW x block) stay in L2 while every
// pixel passes. A padded input is copied with its border once, so the
// broadcasts are plain loads.
void scheduleChannelVectors(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int block = p.channelBlock, lanes = std::min(cpu.lanes, block);
  int pixels = p.outHeight * p.outWidth;
  int pixelTile = std::min(pixels, block / lanes == 2 ? 6 : 12);
  Var po("po"), pi("pi"), ko("ko"), ki("ki"), kv("kv"), tiles("tiles");
  s.output.split(s.k, ko, ki, block)
      .split(s.pixel, po, pi, pixelTile)
      .reorder(ki, pi, po, ko, s.n)
      .vectorize(ki, lanes)
      .unroll(pi);
  double macs = double(p.batch) * p.outChannels * pixels * p.channels * p.kernelH * p.kernelW;
  if (schedule::worthParallel(macs))
    s.output.fuse(ko, s.n, tiles).parallel(tiles);
  s.conv.compute_at(s.output, po)
      .split(s.kk, s.kk, kv, lanes)
      .reorder(kv, s.kk, s.pixel)
      .vectorize(kv)
      .unroll(s.kk)
      .unroll(s.pixel);
  s.conv.update()
      .split(s.kk, s.kk, kv, lanes)
      .reorder(kv, s.kk, s.pixel, s.r.x, s.r.y, s.r.z, s.kb, s.n)
      .vectorize(kv)
      .unroll(s.kk)
      .unroll(s.pixel);
  if (p.padTop || p.padLeft || p.padBottom || p.padRight)
    s.input.compute_root();
}

// Depthwise: vectors along x of the unrolled taps, one channel plane at a
// time (planes in parallel). At stride 1 a padded input plane is copied with
// its zero border once per plane, so the taps are plain vector loads
// (MobileNetV2's 3x3 at 14x14 x 384: 0.29 -> 0.065 ms); at stride 2 the copy
// costs more than the clamped loads it saves (112x112 x 96: 0.28 -> 0.95 ms).
void scheduleDepthwise(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  int vectors = p.outWidth >= 2 * lanes ? 2 : 1;
  Var xo("xo"), xi("xi"), plane("plane");
  s.output.split(s.x, xo, xi, lanes * vectors)
      .reorder(xi, xo, s.y, s.k, s.n)
      .fuse(s.k, s.n, plane);
  if (lanes > 1)
    s.output.vectorize(xi, lanes).unroll(xi);
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth * p.kernelH * p.kernelW;
  if (schedule::worthParallel(macs))
    s.output.parallel(plane);
  if ((p.padTop || p.padLeft || p.padBottom || p.padRight) && p.strideW == 1) {
    s.input.compute_at(s.output, plane);
    if (p.width + p.padLeft + p.padRight >= cpu.lanes)
      s.input.vectorize(s.input.args()[0], cpu.lanes);
  }
}

} // namespace

// Measured at one thread on AVX2 (GFLOP/s, x vectors -> channel blocks):
// 3x3 at 28x28 with 128 channels 57 -> 62 and with 512 36 -> 57, 3x3 stride
// 2 64->128 32 -> 55, 1x1 256->64 at 56x56 68 -> 78, 1x1 1024->256 at 14x14
// 64 -> 82; but 3x3 at 56x56 70 -> 59, at 224x224 86 -> 40 (the channel
// blocks re-read a large input once each), and a 3-channel 7x7 stem 49 -> 31.
bool prefersChannelVectors(const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.groups != 1 || p.outChannels % 8 != 0 || p.outChannels < cpu.lanes)
    return false;
  if (p.outWidth < 2 * cpu.lanes)
    return true;
  bool pointwise = p.kernelH == 1 && p.kernelW == 1;
  return p.channels >= 8 && (p.outWidth <= 4 * cpu.lanes || pointwise || p.strideW > 1);
}

// Register tile: up to two vectors of output pixels along x times up to 6
// output channels (<= 12 accumulators, which with the two input vectors and
// a weight broadcast fit AVX2's 16 registers), reduction (c, kx, ky) outside
// the tile, input vector-loaded and weights broadcast. Rows run in parallel.
// A padded input is copied with its zero border once per output row, so
// the inner loop loads plain vectors instead of clamping and selecting.
void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.channelBlock)
    return scheduleChannelVectors(s, p, cpu);
  if (p.depthwise())
    return scheduleDepthwise(s, p, cpu);
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
