#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Each input is one update that copies its slab: vectors along the
// innermost dimension (guarded, the updates cannot round up), slabs of the
// outer dimension in parallel when the copy is large.
void scheduleConcatCpu(ConcatStages &s, int inner, int total, int outer, int inputs,
                       const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(inner, cpu.lanes);
  bool parallel = outer > 1 && schedule::worthParallel(double(inner) * total * outer);
  // Rows of under a vector (a concatenation along the last axes, such as
  // the interleaving of a strided convolution's input-gradient phases):
  // vectors across rows instead, and blocks of rows per parallel task, not
  // one task per row (which cost more than the copy at one thread).
  bool acrossRows = inner < cpu.lanes && outer >= cpu.lanes;
  int rowsPerTask = std::max(1, 16384 / std::max(1, inner * total));
  Var block("block"), row("row");
  for (int k = 0; k < inputs; ++k) {
    Stage update = s.output.update(k);
    if (acrossRows)
      update.vectorize(s.o, cpu.lanes, TailStrategy::GuardWithIf);
    else if (lanes > 1)
      update.vectorize(s.i, lanes, TailStrategy::GuardWithIf);
    if (parallel)
      // (Across rows, s.o now counts vectors of rows.)
      update.split(s.o, block, row, acrossRows ? std::max(1, rowsPerTask / cpu.lanes) : rowsPerTask,
                   TailStrategy::GuardWithIf)
          .parallel(block);
  }
}

} // namespace dlc::halide
