#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// The per-channel coefficient and shift are computed once per kernel call
// (C values); the output streams through the input with vectors along the
// innermost (spatial) dimension, or along channels when it is 1 (the
// [N, C] input of BatchNorm1d), and (channel, batch) rows in parallel.
void scheduleBatchNormCpu(BatchNormStages &s, int inner, int channels, int batch,
                          const CpuTarget &cpu) {
  s.coefficient.compute_root();
  s.shift.compute_root();
  if (inner == 1) {
    if (int lanes = schedule::vectorWidth(channels, cpu.lanes); lanes > 1)
      s.output.vectorize(s.c, lanes);
    if (schedule::worthParallel(double(channels) * batch * 4))
      s.output.parallel(s.n);
    return;
  }
  int lanes = schedule::vectorWidth(inner, cpu.lanes);
  Var row("row");
  if (lanes > 1)
    s.output.vectorize(s.i, lanes);
  if (s.output.dimensions() == 4) {
    Var plane("plane");
    s.output.fuse(s.y, s.c, plane).fuse(plane, s.n, row);
  } else {
    s.output.fuse(s.c, s.n, row);
  }
  // In tasks of several rows: one task per row of a 32-pixel image was
  // 65536 tasks, and the dispatch cost more than the normalizing.
  schedule::parallelInTasks(s.output, row, channels * batch, double(inner) * 4);
}

// Group norm: statistics per (group, sample) row, then the row streams out
// in vectors; rows in parallel.
void scheduleGroupNormCpu(GroupNormStages &s, int inner, int groups, int batch,
                          const CpuTarget &cpu) {
  Var row("row");
  s.output.fuse(s.g, s.n, row);
  s.mean.compute_at(s.output, row);
  s.variance.compute_at(s.output, row);
  if (int lanes = schedule::vectorWidth(inner, cpu.lanes); lanes > 1)
    s.output.vectorize(s.i, lanes);
  if (schedule::worthParallel(double(inner) * groups * batch * 8))
    s.output.parallel(row);
}

// LRN: the window of squares per output row, vectors along the spatial
// (innermost) dimension, (channel, batch) rows in parallel.
void scheduleLrnCpu(LrnStages &s, int inner, int channels, int batch, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(inner, cpu.lanes);
  Var row("row");
  s.output.fuse(s.c, s.n, row);
  if (lanes > 1)
    s.output.vectorize(s.i, lanes);
  if (schedule::worthParallel(double(inner) * channels * batch * 16))
    s.output.parallel(row);
  s.squares.compute_at(s.output, row);
  if (lanes > 1) {
    s.squares.vectorize(s.i, lanes, TailStrategy::GuardWithIf);
    s.squares.update().vectorize(s.i, lanes, TailStrategy::GuardWithIf);
  }
}

} // namespace dlc::halide
