#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Per output channel (in parallel when worth it): the lane partial sums of
// one kernel row live in registers (kx vectors of lanes) while the
// reduction runs over x blocks, rows and the batch.
void scheduleConv2dGradWeightCpu(Conv2dGradWeightStages &s, const Conv2dParams &p, int lanes) {
  s.output.compute_root();
  double work = double(p.outChannels) * (p.channels / p.groups) * p.kernelH * p.kernelW *
                p.batch * p.outHeight * p.outWidth;
  bool parallel = schedule::worthParallel(work);
  if (parallel)
    s.output.parallel(s.o);
  // Small tensors' zero-extended input and gradient copied once, so that
  // the inner loop loads plain vectors: inlined, every load of a row's
  // last block or of a shifted tap selected against the bounds (LeNet-5's
  // first convolution, batch 64: 19 GFLOP/s, 0.78 -> 0.28 ms). Not for
  // grouped convolutions or large tensors: a depthwise 3x3 over 96
  // channels at 56x56, batch 32, trained 3x slower with the copies.
  double bytes = 4.0 * p.batch *
                 (double(p.channels) * p.height * p.width +
                  double(p.outChannels) * p.outHeight * p.outWidth);
  if (p.groups == 1 && bytes <= 4.0 * (1 << 20)) {
    schedule::copyAtRoot(s.input, p.width, lanes, parallel);
    schedule::copyAtRoot(s.gradOutput, p.outWidth, lanes, parallel);
  }
  s.partial.compute_at(s.output, s.o);
  s.partial.vectorize(s.lane);
  s.partial.update()
      .reorder(s.lane, s.kx, s.r.x, s.r.y, s.r.z, s.ky, s.c, s.o)
      .vectorize(s.lane);
  if (p.kernelW <= 8)
    s.partial.update().unroll(s.kx);
}

// Register tiles of 1 or 2 vectors of output channels times input channels
// (<= 12 accumulators with AVX2, <= 24 with AVX-512) for one (kx, ky), the
// pixels' reduction inside: per pixel 2 vector loads of the transposed
// gradient and a broadcast of the input per input channel. A padded input
// and the transposed gradient are copied once, so the inner loop has no
// bounds checks.
// Images are outside the taps and channel tiles: one image's transposed
// gradient and input stay in L2 while every tile passes over them, instead
// of the whole batch streaming from memory once per tile (ResNet-18's 3x3
// 64->64 at 32x32, batch 32: 1.4 GB -> 46 MB read per call); several
// images when they are small (below).
void scheduleConv2dGradWeightGemmCpu(Conv2dGradWeightGemmStages &s, const Conv2dParams &p,
                                     const CpuTarget &cpu) {
  int lanes = cpu.lanes;
  int vectors = p.outChannels % (2 * lanes) == 0 ? 2 : 1;
  // With AVX-512's 32 registers up to 24 accumulators (3x3 512->512 at 4x4,
  // batch 32, two threads: 8 -> 16 accumulators, 11.9 -> 10.8 ms).
  int channels = schedule::largestDivisor(p.channels, cpu.registers == 32 ? 24 / vectors
                                                                          : (vectors == 2 ? 4 : 6));
  double macs = double(p.outChannels) * p.channels * p.kernelH * p.kernelW * p.batch *
                p.outHeight * p.outWidth;
  bool parallel = schedule::worthParallel(macs);
  // The two copies in parallel over the images: serial, they were 6 % of
  // a ResNet-18 step at one thread and a larger share at two.
  if (s.padded)
    schedule::copyAtRoot(s.input, p.width, lanes, parallel);
  schedule::transposeAtRoot(s.gradTransposed, s.gradSource, s.o, p.outChannels, p.outWidth, lanes,
                            parallel);
  // Input channels in blocks whose sums (a tile of output channels x taps
  // x the block) stay in L2 while a group of images passes; as many images
  // per group as fit in L2 beside them. One image per group suits 32x32
  // (above); at 4x4 x 512 channels each image re-read the whole 590 KB
  // tile of sums for 16 pixels (ResNet-18's, two threads, Halide profiler:
  // 12.2 -> 9.9 ms per call).
  int tileBytes = vectors * lanes * p.kernelW * p.kernelH * 4;
  int channelTiles = p.channels / channels;
  int block = channels * schedule::largestDivisor(
                             channelTiles, std::max(1, (128 << 10) / (tileBytes * channels)));
  int paddedPlane = (p.width + p.padLeft + p.padRight) * (p.height + p.padTop + p.padBottom);
  int imageBytes = (paddedPlane * block + p.outWidth * p.outHeight * vectors * lanes) * 4;
  int images = schedule::largestDivisor(p.batch, std::max(1, (256 << 10) / imageBytes));
  s.sum.compute_root().vectorize(s.o, lanes);
  Var oo("oo"), oi("oi"), ov("ov"), ol("ol"), cb("cb"), cm("cm"), co("co"), ci("ci");
  RVar zo("zo"), zi("zi");
  s.sum.update()
      .split(s.o, oo, oi, vectors * lanes)
      .split(oi, ov, ol, lanes)
      .split(s.c, cb, cm, block)
      .split(cm, co, ci, channels)
      .split(s.r.z, zo, zi, images)
      .reorder(ol, ov, ci, s.r.x, s.r.y, zi, s.kx, s.ky, co, zo, cb, oo)
      .vectorize(ol)
      .unroll(ov)
      .unroll(ci);
  // The transposition to the weight's layout: vector loads along the
  // sum's output channels, then per vector of them the taps of one input
  // channel, whose stores fill the same lines (left to LLVM, every element
  // took a gather and a scatter: 2 % of a ResNet-18 step).
  Var ob("ob"), oc("oc"), tasks("tasks");
  s.output.split(s.o, ob, oc, lanes).reorder(oc, s.kx, s.ky, ob, s.c).vectorize(oc);
  if (!parallel)
    return;
  s.sum.update().parallel(oo);
  // Tasks of 16 input channels: the stores of 16 channels' taps fill whole
  // lines of every output channel. A task per channel shared each line
  // between the threads, and two threads were 3.5x slower than one (3x3
  // 512->512: 3.1 -> 10.9 ms).
  if (p.channels % 16 == 0 && p.channels >= 32)
    s.output.split(s.c, tasks, s.c, 16).parallel(tasks);
}

// Vectors along x of the input; the max pool's winners are computed per
// plane first.
void schedulePool2dGradCpu(Pool2dGradStages &s, const Pool2dParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.width, cpu.lanes);
  Var planes("planes");
  s.output.vectorize(s.x, lanes);
  double work = double(p.batch) * p.channels * p.height * p.width * p.kernelH * p.kernelW;
  if (schedule::worthParallel(work)) {
    // In tasks of several planes: a task per 28x28 plane ran slower on two
    // threads than on one (LeNet-5).
    s.output.fuse(s.c, s.n, planes);
    Var inTask = schedule::parallelInTasks(s.output, planes, p.channels * p.batch,
                                           work / (double(p.channels) * p.batch));
    if (p.isMax)
      s.winner.compute_at(s.output, inTask);
  } else if (p.isMax) {
    s.winner.compute_at(s.output, s.c);
  }
}

// The scatter runs over the index positions in order, since two positions
// may name the same row. Inside each position it adds a slice: vectors
// along the innermost dimension when that is inside the gathered one (an
// embedding's feature dimension), in parallel over the outermost dimension
// outside it, or else over blocks of the inner vectors, which are disjoint.
void scheduleGatherGradCpu(GatherGradStages &s, const std::vector<int> &outShape, int64_t positions,
                           const CpuTarget &cpu) {
  std::vector<Var> &v = s.vars;
  int rank = static_cast<int>(v.size());
  double total = 1.0;
  for (int extent : outShape)
    total *= extent;
  int lanes = schedule::vectorWidth(outShape[0], cpu.lanes);
  if (lanes > 1)
    s.output.vectorize(v[0], lanes);
  if (schedule::worthParallel(total) && rank > 1)
    s.output.parallel(v[rank - 1]);

  Stage scatter = s.output.update();
  double work = total / outShape[s.axis] * static_cast<double>(positions);
  bool parallel = schedule::worthParallel(work);
  std::vector<VarOrRVar> order;
  Var inner("inner"), block("block");
  if (s.axis > 0 && lanes > 1) {
    scatter.split(v[0], block, inner, lanes, TailStrategy::GuardWithIf).vectorize(inner);
    order.push_back(inner);
  }
  for (int d = 1; d < s.axis; ++d)
    order.push_back(v[d]);
  for (int d = 0; d < s.r.dimensions(); ++d)
    order.push_back(s.r[d]);
  if (s.axis > 0 && lanes == 1)
    order.insert(order.begin(), v[0]);
  if (s.axis > 0 && lanes > 1)
    order.push_back(block);
  for (int d = s.axis + 1; d < rank; ++d)
    order.push_back(v[d]);
  scatter.reorder(order);
  if (!parallel)
    return;
  if (s.axis + 1 < rank)
    scatter.parallel(v[rank - 1]);
  else if (s.axis > 0 && lanes > 1)
    scatter.parallel(block);
}

// Losses are a few thousand values: the row statistics once, then one
// pass; the gradient vectorizes along classes.
void scheduleLossCpu(LossStages &s, const LossParams &p, bool gradient, const CpuTarget &cpu) {
  if (p.kind == LossKind::CrossEntropy)
    s.logSumExp.compute_root();
  if (!gradient)
    return;
  int lanes = schedule::vectorWidth(p.classes, cpu.lanes);
  if (lanes > 1)
    s.output.vectorize(s.c, lanes);
  if (schedule::worthParallel(double(p.rows) * p.classes * 8))
    s.output.parallel(s.n);
}

namespace {

// Partial sums per channel in parallel over channels, vectors of lanes.
void scheduleChannelSums(ChannelSums &s, int channels, double work, const CpuTarget &cpu) {
  s.partial.compute_root();
  Var c = s.partial.args().back();
  if (s.lanes) {
    Var lane = s.partial.args().front();
    s.partial.vectorize(lane);
    s.partial.update().vectorize(lane);
    s.total.compute_root();
  }
  if (schedule::worthParallel(work) && channels > 1)
    s.partial.update().parallel(c);
}

} // namespace

void scheduleBatchStatsCpu(BatchStatsStages &s, int inner, int channels, int batch,
                           const CpuTarget &cpu) {
  double work = double(inner) * channels * batch;
  scheduleChannelSums(s.means, channels, work, cpu);
  scheduleChannelSums(s.squares, channels, work, cpu);
}

void scheduleBatchNormGradCpu(BatchNormGradStages &s, const BatchNormGradParams &p, bool input,
                              const CpuTarget &cpu) {
  s.inverse.compute_root();
  double work = double(p.inner) * p.channels * p.batch;
  if (!input) {
    scheduleChannelSums(s.sums, p.channels, work, cpu);
    return;
  }
  int lanes = schedule::vectorWidth(p.inner, cpu.lanes);
  Var row("row");
  if (lanes > 1)
    s.output.vectorize(s.i, lanes);
  s.output.fuse(s.c, s.n, row);
  schedule::parallelInTasks(s.output, row, p.channels * p.batch, double(p.inner) * 4);
}

} // namespace dlc::halide
