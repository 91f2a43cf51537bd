#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

#include <algorithm>

namespace dlc::halide::schedule {

int vectorWidth(int extent, int lanes) {
  for (int w = lanes; w >= 4; w /= 2)
    if (extent >= w)
      return w;
  return 1;
}

int largestDivisor(int extent, int limit) {
  for (int d = std::min(extent, limit); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

bool worthParallel(double work) {
  // About 20 µs of single-core work at this machine's FMA rate.
  return work >= 256.0 * 1024.0;
}

void copyAtRoot(Halide::Func f, int extent, int lanes, bool parallel) {
  std::vector<Halide::Var> vars = f.args();
  f.compute_root();
  if (int width = vectorWidth(extent, lanes); width > 1)
    f.vectorize(vars.front(), width);
  if (parallel)
    f.parallel(vars.back());
}

void copyPaddedAtRoot(Halide::Func padded, int extent, int lanes, bool parallel) {
  std::vector<Halide::Var> vars = padded.args();
  padded.compute_root();
  // Rounded up, not shifted inwards: the shifted last vector's min() kept
  // Halide from separating the border vectors from the dense interior, and
  // every load was clamped element by element (64 channels at 56x56 padded
  // to 57x57, one thread: 0.083 -> 0.040 ms). The boundary condition (x
  // and y only) makes the rounded-up columns readable; they are only
  // allocated. The plane tasks cannot round up: channels and images are
  // not extended (3 planes in tasks of 4 read image -1).
  if (int width = vectorWidth(extent, lanes); width > 1)
    padded.vectorize(vars.front(), width, Halide::TailStrategy::RoundUp);
  if (!parallel)
    return;
  // Channel planes of all images in parallel, in tasks of 4: at batch 1 the
  // images alone left the copy to one thread (3x3 stride 2 64->128 at
  // 56x56, two threads: 0.44 -> 0.37 ms).
  Halide::Var planes("planes");
  padded.fuse(vars[2], vars[3], planes).parallel(planes, 4, Halide::TailStrategy::GuardWithIf);
}

void transposeAtRoot(Halide::Func f, Halide::Func source, const Halide::Var &across,
                     int acrossExtent, int alongExtent, int lanes, bool parallel) {
  if (acrossExtent < lanes || alongExtent < 2)
    return copyAtRoot(f, acrossExtent, lanes, parallel);
  std::vector<Halide::Var> vars = f.args();
  Halide::Var ao("ao"), ai("ai"), bo("bo"), bi("bi");
  int tile = std::min(alongExtent, lanes);
  f.compute_root().tile(vars[0], vars[1], ao, bo, ai, bi, lanes, tile).vectorize(ai).unroll(bi);
  source.compute_at(f, ao).vectorize(source.args().front(), tile).unroll(across);
  if (parallel)
    f.parallel(vars.back());
}

void computePaddedPlaneAt(Halide::Func padded, const Halide::Func &consumer, const Halide::Var &at,
                          int paddedWidth, int width, int lanes) {
  padded.compute_at(consumer, at);
  if (int vector = vectorWidth(paddedWidth, lanes); vector > 1)
    padded.vectorize(padded.args()[0], vector);
  if (int vector = vectorWidth(width, lanes); vector > 1)
    padded.update().vectorize(padded.rvars()[0], vector);
}

Halide::Var parallelInTasks(Halide::Func f, const Halide::Var &var, int extent,
                            double workPerIteration) {
  if (!worthParallel(workPerIteration * extent))
    return var;
  int perTask = std::clamp(static_cast<int>(65536.0 / std::max(workPerIteration, 1.0)), 1,
                           std::max(1, extent / 4));
  if (perTask == 1) {
    f.parallel(var);
    return var;
  }
  Halide::Var task(var.name() + "_task"), inTask(var.name() + "_in_task");
  f.split(var, task, inTask, perTask, Halide::TailStrategy::GuardWithIf).parallel(task);
  return inTask;
}

} // namespace dlc::halide::schedule
