#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// One query row at a time: its Sk scores (vectors over keys), the softmax
// statistics, then the output row (vectors over the value depth). Memory
// beyond the operands is O(Sk) per thread; (batch, row) pairs run in
// parallel.
void scheduleAttentionCpu(AttentionStages &s, const AttentionParams &p, const CpuTarget &cpu) {
  Var row("row");
  s.output.fuse(s.i, s.b, row);
  if (int lanes = schedule::vectorWidth(p.valueDepth, cpu.lanes); lanes > 1)
    s.output.vectorize(s.e, lanes);
  double work = double(p.batch) * p.queries * p.keys * (p.depth + p.valueDepth);
  if (schedule::worthParallel(work))
    s.output.parallel(row);
  int keyLanes = schedule::vectorWidth(p.keys, cpu.lanes);
  s.score.compute_at(s.output, row);
  s.prob.compute_at(s.output, row);
  s.rowMax.compute_at(s.output, row);
  s.rowSum.compute_at(s.output, row);
  if (keyLanes > 1) {
    s.score.vectorize(s.j, keyLanes, TailStrategy::GuardWithIf);
    s.prob.vectorize(s.j, keyLanes, TailStrategy::GuardWithIf);
  }
}

} // namespace dlc::halide
