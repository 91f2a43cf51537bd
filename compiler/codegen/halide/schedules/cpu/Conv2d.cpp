#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

namespace {

// A padded input is copied with its zero border once per output row
// (`rowLoop`), so the inner loop reads plain memory instead of clamping
// and selecting on every load. Small images are copied once, whole: the
// rows copy each input row once per tap row, which for LeNet-5's 5x5 input
// gradient (16 channels at 18x18) was 39 % of the kernel.
void copyPaddedRows(Conv2dStages &s, const Conv2dParams &p, const Var &rowLoop, bool parallel,
                    const CpuTarget &cpu) {
  if (!p.padded() || p.groups != 1)
    return;
  int width = (p.outWidth - 1) * p.strideW + (p.kernelW - 1) * p.dilationW + 1;
  int height = (p.outHeight - 1) * p.strideH + (p.kernelH - 1) * p.dilationH + 1;
  if (4.0 * width * height * p.channels <= 64 * 1024)
    return schedule::copyPaddedAtRoot(s.input, width, cpu.lanes, parallel);
  s.input.compute_at(s.output, rowLoop);
  if (width >= cpu.lanes)
    s.input.vectorize(s.input.args()[0], cpu.lanes);
}

// Channel blocks: vectors of output channels (one block of packed weights,
// vector loads) times a run of output pixels (input broadcast): with AVX2's
// 16 registers 2 vectors x up to 6 pixels or 1 x up to 12 (<= 12
// accumulators), with AVX-512's 32 twice the pixels. Channel blocks are
// outermost so that a block's weights (contiguous, C x KH x KW x block) stay
// in L2 while every pixel passes. A padded input is copied with its border
// once, so the broadcasts are plain loads.
// Pixels are tiled across rows (flatPixels: 49 = 10 x 5 - 1, where tiles
// of 4 along a 7-pixel row compute 8) or along x (flattensPixels, below).
void scheduleChannelVectors(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  int block = p.channelBlock, lanes = std::min(cpu.lanes, block);
  int limit = cpu.tileVectors(12) / (block / lanes);
  Var po("po"), pi("pi"), ko("ko"), ki("ki"), kv("kv"), tiles("tiles");
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth * p.channels *
                p.kernelH * p.kernelW;
  bool parallel = schedule::worthParallel(macs);
  // Tiled pixels: runs of `pixel` (flat), or of x within each row y.
  Var pixel = p.flatPixels ? s.pixel : s.x;
  std::vector<VarOrRVar> rows;
  if (!p.flatPixels)
    rows.push_back(s.y);
  int pixels = p.flatPixels ? p.outHeight * p.outWidth : p.outWidth;
  int pixelTile = std::min(pixels, limit);
  // A smaller tile (not under 2/3 of the limit) where the last, shifted
  // tile would recompute over 5 % of the pixels: 5 for rows of 10 with
  // AVX2, 8 for 4x4 with AVX-512.
  auto computed = [&](int t) { return (pixels + t - 1) / t * t; };
  for (int t = pixelTile; t * 3 >= limit * 2 && t >= 1; --t)
    if (computed(t) < 0.95 * computed(pixelTile))
      pixelTile = t;
  // With AVX-512's 32 registers, a tile up to a sixth over the limit (14
  // pixels x 2 vectors: 28 accumulators) where it divides the pixels
  // exactly. Measured at one thread (ms, default -> exact): 3x3 256->256
  // at 14x14 1.29 -> 1.13 (tile 8 computed 16 of 14), 128->128 at 28x28
  // 1.28 -> 1.18, 1x1 256->1024 at 14x14 0.61 -> 0.58, 1024->256 0.54 ->
  // 0.51, 3x3 stride 2 128->128 at 28x28 1.58 -> 1.47; 64->64 at 56x56
  // within noise (8 divides 56 too). Not for RGB stems, whose innermost
  // reduction is 3 channels long: 7x7 stride 2 at 112x112 1.54 -> 1.64.
  if (cpu.registers == 32 && p.channels >= 8)
    for (int t = limit + limit / 6; t > limit; --t)
      if (pixels % t == 0) {
        pixelTile = t;
        break;
      }
  auto order = [&](std::vector<VarOrRVar> inner, std::vector<VarOrRVar> outer) {
    inner.insert(inner.end(), rows.begin(), rows.end());
    inner.insert(inner.end(), outer.begin(), outer.end());
    return inner;
  };
  // Images inside channel blocks when an image has few output pixels: each
  // image otherwise streams all the weights from L3 for 4 / pixels bytes
  // per multiply-add; inside, a block's weights stay in L2 while the batch
  // passes. Measured at one thread, batch 32 (GFLOP/s, images outside ->
  // inside; noisy VM, 3 runs): 3x3 512->512 at 4x4 21-51 -> 50-70; but
  // 256->256 at 8x8 53-73 -> 39-69 and 128->128 at 16x16 50-80 -> 38-46.
  bool imagesInner = p.outHeight * p.outWidth < 32 && p.batch > 1;
  std::vector<VarOrRVar> outer = imagesInner ? std::vector<VarOrRVar>{s.n, ko}
                                             : std::vector<VarOrRVar>{ko, s.n};
  s.output.split(s.k, ko, ki, block)
      .split(pixel, po, pi, pixelTile)
      .reorder(order({ki, pi, po}, outer))
      .vectorize(ki, lanes)
      .unroll(pi);
  Var tileLoop = po; // the loop over tiles of pixels
  if (parallel) {
    s.output.fuse(outer[0], outer[1], tiles);
    // Few channel blocks times images (batch 1, narrow layers: MobileNetV2's
    // 1x1 16->96 has 3 blocks) left a second thread idle for a whole block:
    // the rows, or the runs of flat pixels, are then split into chunks
    // outside the blocks, for at least 8 tasks. Each chunk reads the
    // weights again.
    int tasks = p.outChannels / block * p.batch;
    int runs = p.flatPixels ? (pixels + pixelTile - 1) / pixelTile : p.outHeight;
    int chunks = std::min((8 + tasks - 1) / tasks, runs);
    if (chunks > 1) {
      Var chunk("chunk"), inChunk("in_chunk");
      Var split = p.flatPixels ? po : s.y;
      s.output.split(split, chunk, inChunk, (runs + chunks - 1) / chunks)
          .reorder(chunk, tiles)
          .fuse(tiles, chunk, tiles);
      if (p.flatPixels)
        tileLoop = inChunk;
    }
    s.output.parallel(tiles);
  }
  s.conv.compute_at(s.output, tileLoop)
      .split(s.kk, s.kk, kv, lanes)
      .reorder(kv, s.kk, pixel)
      .vectorize(kv)
      .unroll(s.kk)
      .unroll(pixel);
  s.conv.update()
      .split(s.kk, s.kk, kv, lanes)
      .reorder(order({kv, s.kk, pixel, s.r.x, s.r.y, s.r.z}, {s.kb, s.n}))
      .vectorize(kv)
      .unroll(s.kk)
      .unroll(pixel);
  if (p.padded())
    schedule::copyPaddedAtRoot(s.input, p.width, cpu.lanes, parallel);
}

// Flat planes (Algorithms.h): per channel plane, the padded plane (zeros,
// then the input rows: dense copies), then the flat outputs in vectors,
// then the output rows.
void scheduleFlatDepthwise(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  Var plane("plane");
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  s.output.reorder(s.x, s.y, s.k, s.n).fuse(s.k, s.n, plane);
  if (lanes > 1)
    s.output.vectorize(s.x, lanes);
  // A 14x14 plane is a few hundred vector operations: planes in tasks of
  // several (MobileNetV2's 3x3 on 384 channels at 14x14, two threads:
  // one plane per task ran slower than one thread).
  double planeMacs = double(p.outHeight) * p.outWidth * p.kernelH * p.kernelW;
  Var at = schedule::parallelInTasks(s.output, plane, p.batch * p.outChannels, planeMacs);
  s.conv.compute_at(s.output, at).vectorize(s.conv.args()[0], cpu.lanes);
  s.plane.compute_at(s.output, at).vectorize(s.plane.args()[0], cpu.lanes);
  // The copy writes row y at (y + padTop) * paddedWidth + padLeft + x:
  // distinct elements for distinct x, which Halide cannot prove.
  if (int width = schedule::vectorWidth(p.width, cpu.lanes); width > 1)
    s.plane.update().allow_race_conditions().vectorize(s.plane.rvars()[0], width);
}

// Depthwise: vectors along x of the unrolled taps, one channel plane at a
// time (planes in parallel). A padded input plane is built once per plane
// (zeros, then the rows copied in), so the taps are plain vector loads
// (MobileNetV2's 3x3 at 14x14 x 384: 0.29 -> 0.065 ms). At stride 2 the
// taps read the plane's phases along x (5x5 on 144 channels at 56x56, one
// thread: 1.14 ms with clamped gathers, 0.43 with phases of a
// boundary-condition plane, 0.25 with phases of the dense copy). Rows
// narrower than a vector take the flat planes above instead (3x3 on 480
// channels at 14x14: 0.098 -> 0.082 ms; 5x5 on 1152 at 7x7: 0.27 -> 0.15).
void scheduleDepthwise(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.flatPlanes)
    return scheduleFlatDepthwise(s, p, cpu);
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  int vectors = p.outWidth >= 2 * lanes ? 2 : 1;
  Var xo("xo"), xi("xi"), plane("plane");
  s.output.split(s.x, xo, xi, lanes * vectors)
      .reorder(xi, xo, s.y, s.k, s.n)
      .fuse(s.k, s.n, plane);
  if (lanes > 1)
    s.output.vectorize(xi, lanes).unroll(xi);
  double planeMacs = double(p.outHeight) * p.outWidth * p.kernelH * p.kernelW;
  Var at = schedule::parallelInTasks(s.output, plane, p.batch * p.outChannels, planeMacs);
  int paddedWidth = p.width + p.padLeft + p.padRight;
  if (p.stridedRows) {
    // Rounded up, so that Halide separates the border vectors of each
    // row's copy from its dense interior (copyPaddedAtRoot).
    s.input.store_at(s.output, at).compute_at(s.output, s.y);
    s.input.vectorize(s.input.args()[0], cpu.lanes, TailStrategy::RoundUp);
  } else if (p.strideW > 1) {
    s.phases.compute_at(s.output, at);
    if (int width = schedule::vectorWidth(paddedWidth / p.strideW, cpu.lanes); width > 1)
      s.phases.vectorize(s.phases.args()[0], width);
    int columns = p.width / p.strideW;
    for (int update = 0; update < s.phases.num_update_definitions(); ++update)
      if (int width = schedule::vectorWidth(columns, cpu.lanes); width > 1)
        s.phases.update(update).vectorize(s.phases.rvars(update)[0], width);
  } else if (p.padded()) {
    schedule::computePaddedPlaneAt(s.input, s.output, at, paddedWidth, p.width, cpu.lanes);
  }
}

} // namespace

int channelBlockFor(int outChannels, const CpuTarget &cpu) {
  for (int block : {2 * cpu.lanes, 16})
    if (block <= 2 * cpu.lanes && outChannels % block == 0)
      return block;
  return 8;
}

// Rows under 8 pixels, and 1x1 convolutions (whose per-pixel input address
// is one term) tile runs of pixels across rows. Measured at one thread
// (GFLOP/s, along rows -> across rows): 1x1 1024->256 at 14x14 53 -> 80,
// 1x1 256->64 at 56x56 66 -> 79; but 3x3 at 14x14 69 -> 59, at 28x28 79 ->
// 63, and LeNet-5's 5x5 6->16 at 10x10 at batch 64 spilled registers on
// the per-pixel index arithmetic (the whole model 1.07 -> 2.09 ms).
bool flattensPixels(const Conv2dParams &p) { return p.outWidth < 8 || p.pointwise(); }

// Zero-extended input rows for padded depthwise convolutions at stride 2,
// 3x3 or smaller, whose output rows fill a vector: the row buffer stays in
// L1 where the phases of a whole plane (51 KB for 112x112) did not, and the
// input is read once, without the phases' zero fill. Measured at one
// thread (ms, phases -> rows): 3x3 stride 2 on 96 channels at 112x112
// 0.254 -> 0.174, 144 at 56x56 0.097 -> 0.084 (two threads 0.137 -> 0.100,
// 0.052 -> 0.046); but 192 at 28x28 (14-pixel output rows) 0.038 -> 0.070,
// 576 at 14x14 0.025 -> 0.050, and 5x5 on 144 at 56x56 0.172 -> 0.194.
bool readsStridedRows(const Conv2dParams &p, const CpuTarget &cpu) {
  return p.depthwise() && p.padded() && p.strideW == 2 && p.kernelW <= 3 && p.outWidth >= cpu.lanes;
}

// Flat planes where a row does not fill a vector; only at stride 1, where
// a tap is one offset in the flat plane.
bool flattensPlanes(const Conv2dParams &p, const CpuTarget &cpu) {
  return p.depthwise() && p.strideH == 1 && p.strideW == 1 && p.outWidth < cpu.lanes;
}

// The matmul kernel (output channels the rows, pixels the columns, the
// input's panel of columns copied contiguous once) stores vectors along the
// pixels, where the channel-block kernel stores a vector of channels as 16
// scalars, and reads the input in long runs, where the x-vector kernel's
// rows of 8 channels x 32 pixels read 2 vectors per input channel a plane
// apart. It pays where the products per input channel are many (at least
// 64 output channels, at least half as many as the input's) on maps of
// 512 pixels or more, and on maps of 196 or more (14x14) when the weights
// are small: every column panel reads all of them (256->1024 at 14x14, 1
// MB, ran slower).
// Measured at one thread with a residual and ReLU (ms, conv kernel ->
// GEMM): 128->512 at 28x28 0.67-0.76 -> 0.52-0.58, 256->128 at 56x56 1.22
// -> 1.10, 32->192 at 28x28 0.075 -> 0.052, 24->144 at 56x56 0.127 ->
// 0.123, 512->256 at 28x28 1.09-1.11 -> 1.07-1.08, 96->576 at 14x14 0.172
// -> 0.135, 64->384 0.068 -> 0.054, 112->672 0.189 -> 0.164; two threads
// alike. Not taken: 512->128 at 28x28 0.555 -> 0.575 (two threads 0.275
// -> 0.30), 192->32 0.053 -> 0.067, 144->24 at 56x56 0.121 -> 0.136,
// 256->1024 at 14x14 0.76 -> 0.82, 160->960 at 7x7 0.094 -> 0.097.
bool runsAsGemm(const Conv2dParams &p, const CpuTarget &cpu) {
  int pixels = p.outHeight * p.outWidth;
  bool smallWeights = double(p.outChannels) * p.channels * 4 <= 512 * 1024;
  return cpu.registers == 32 && p.pointwise() && p.groups == 1 && p.outChannels >= 64 &&
         2 * p.outChannels >= p.channels && (pixels >= 512 || (pixels >= 196 && smallWeights));
}

// 4 vectors of pixels x 6 channels, or 2 x 12 where tiles of 4 vectors
// would compute over a tenth more pixels than tiles of 2 (a 14x14 map:
// 256 of its 196 pixels, against 224). Measured at one thread (ms, 4 x 6
// -> 2 x 12): 96->576 at 14x14 0.150 -> 0.135, 80->480 0.096 -> 0.086; but
// 64->256 at 56x56 0.69 -> 0.75 and 24->144 0.157 -> 0.170, where 4
// vectors divide the map; 28x28 maps alike.
MatmulTile pointwiseGemmTile(const Conv2dParams &p, const CpuTarget &cpu) {
  int pixels = p.outHeight * p.outWidth;
  auto computed = [&](int vectors) {
    int tile = vectors * cpu.lanes;
    return (pixels + tile - 1) / tile * tile;
  };
  if (computed(4) > 1.1 * computed(2))
    return {2, 12};
  return {4, 6};
}

// A channel-block kernel stores a vector of channels with the plane size
// as its stride: 16 scalar stores, paid once per reduction of `channels`
// products. With AVX-512, 1x1 convolutions with short reductions, or with
// output channels that are not whole two-vector blocks, use x vectors
// (contiguous stores) on rows of one vector or more. Measured at one
// thread with ReLU (ms, channel blocks -> x vectors): 16->96 at 112x112
// 1.12 -> 0.40, 32->16 at 112x112 0.19 -> 0.12, 24->144 at 56x56 0.31 ->
// 0.23, 64->64 0.31 -> 0.26, 48->192 0.67-0.78 -> 0.59-0.61, 144->24 0.28
// -> 0.22, 160->40 0.52 -> 0.40; on rows of 16 to 31 pixels (the shifted
// last vector recomputes some): 32->192 at 28x28 0.085 -> 0.069, 40->240
// 0.145 -> 0.107, 240->40 with a residual 0.158 -> 0.115, 144->40 0.092 ->
// 0.068, 24->144 at 16x16 0.023 -> 0.010; but 192->64 at 56x56 0.73 ->
// 0.80, 256->64 0.96 -> 1.06-1.15, 128->128 within noise, and on rows of
// 14 (8-lane vectors) 96->576 0.13 -> 0.28.
bool prefersRowVectors(const Conv2dParams &p, const CpuTarget &cpu, bool pointwise) {
  bool shortReduction = p.channels < 128 || p.outChannels % (2 * cpu.lanes) != 0;
  return cpu.registers == 32 && pointwise && p.strideW == 1 && shortReduction &&
         p.outWidth >= cpu.lanes;
}

// Measured at one thread on AVX2 (GFLOP/s, x vectors -> channel blocks):
// 3x3 at 28x28 with 128 channels 57 -> 62 and with 512 36 -> 57, 3x3 stride
// 2 64->128 32 -> 55, 1x1 256->64 at 56x56 68 -> 78, 1x1 1024->256 at 14x14
// 64 -> 82; but 3x3 at 56x56 70 -> 59, at 224x224 86 -> 40 (the channel
// blocks re-read a large input once each), and a 3-channel 7x7 stem 49 -> 31.
bool prefersChannelVectors(const Conv2dParams &p, const CpuTarget &cpu) {
  if (p.groups != 1 || p.outChannels % 8 != 0 || p.outChannels < cpu.lanes)
    return false;
  bool pointwise = p.kernelH == 1 && p.kernelW == 1;
  if (prefersRowVectors(p, cpu, pointwise))
    return false;
  if (p.outWidth < 2 * cpu.lanes)
    return true;
  // Few input channels (an RGB stem): with AVX-512, channel blocks when the
  // reduction (channels x taps) is long, since x vectors then deinterleave
  // strided input rows on every tap. One thread, x vectors -> channel
  // blocks: 7x7 stride 2 3->64 at 224x224 3.5 -> 2.7 ms, 11x11 stride 4
  // 3.4 -> 1.4 ms; 3x3 stems (27 products per output) within noise.
  if (p.channels < 8)
    return cpu.registers == 32 && p.channels * p.kernelH * p.kernelW >= 64;
  if (pointwise || p.strideW > 1)
    return true;
  // With AVX-512, x vectors only for rows of whole two-vector tiles: a row
  // the tiles do not divide recomputes the overlap of its shifted last tile
  // and ran far below the channel blocks. Measured at one thread (GFLOP/s,
  // x vectors -> channel blocks), batch 1 unless given: 3x3 256->256 at
  // 56x56 72 -> 104, 64->64 at 56x56 85 -> 108, 128->128 at 112x112 86 ->
  // 96, 96->96 at 35x35 59 -> 106, 5x5 48->64 at 35x35 61 -> 111, 32->64
  // at 147x147 86 -> 94; but 64->64 at 224x224 99 -> 78, at 128x128 103
  // -> 82, at 64x64 107 -> 85, at 32x32 batch 32 100 -> 83, 32->32 at
  // 96x96 108 -> 72.
  if (cpu.registers == 32)
    return p.outWidth % (2 * cpu.lanes) != 0;
  return p.outWidth <= 4 * cpu.lanes;
}

// Register tile: up to two vectors of output pixels along x times up to 6
// output channels (<= 12 accumulators, which with the two input vectors and
// a weight broadcast fit AVX2's 16 registers; 8 channels, 16 accumulators,
// with AVX-512's 32), reduction (c, kx, ky) outside
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
  // AVX-512's 32 registers take twice the channels: 16 accumulators. The
  // AVX2 limit of 6 also left power-of-two channel counts at 4 (8
  // accumulators). Measured at one thread (ms, 6 -> 8): 3x3 stride 2 3->32
  // stem at 299x299 0.85-0.91 -> 0.40, at 224x224 0.27 -> 0.21, 3x3 64->64
  // at 224x224 22.8 -> 19.3, 1x1 40->240 at 28x28 0.107 -> 0.096; a limit
  // of 12 measured the same or slower.
  int tileLimit = cpu.registers == 32 ? 8 : 6;
  int channelTile =
      schedule::largestDivisor(p.outChannels / p.groups, vectors == 2 ? tileLimit : 2 * tileLimit);
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
  // Rows in tasks of ~64K multiply-adds: LeNet-5's first convolution (one
  // input channel, 28-pixel rows, batch 64) is 4200 per row, and a task
  // per row ran slower on two threads than on one.
  Var rowLoop = s.y;
  if (parallel) {
    s.output.fuse(s.y, s.n, rows);
    rowLoop = schedule::parallelInTasks(s.output, rows, p.outHeight * p.batch,
                                        macs / (double(p.outHeight) * p.batch));
  }
  s.conv.compute_at(s.output, xo).vectorize(s.x, lanes).unroll(s.x).unroll(s.k);
  s.conv.update()
      .reorder(s.x, s.k, s.r.x, s.r.y, s.r.z)
      .vectorize(s.x, lanes)
      .unroll(s.x)
      .unroll(s.k);
  copyPaddedRows(s, p, rowLoop, parallel, cpu);
}

} // namespace dlc::halide
