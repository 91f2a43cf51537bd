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
  for (int k = 0; k < inputs; ++k) {
    Stage update = s.output.update(k);
    if (lanes > 1)
      update.vectorize(s.i, lanes, TailStrategy::GuardWithIf);
    if (parallel)
      update.parallel(s.o);
  }
}

} // namespace dlc::halide
