#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Vectors along the innermost dimension; large tensors are cut into chunks
// of the outermost dimension that run in parallel.
void scheduleElementwiseCpu(ElementwiseStages &s, const std::vector<int> &shape,
                            const CpuTarget &cpu) {
  double elements = 1;
  for (int e : shape)
    elements *= e;
  Var &inner = s.vars.front();
  int lanes = schedule::vectorWidth(shape.front(), cpu.lanes);
  if (s.vars.size() == 1) {
    // 1-D: chunks of 4 vectors, then blocks of chunks across threads.
    Var io("io"), ii("ii"), block("block");
    int chunk = lanes * (shape.front() >= 4 * lanes ? 4 : 1);
    s.output.split(inner, io, ii, chunk).vectorize(ii, lanes).unroll(ii);
    if (schedule::worthParallel(elements * 8))
      s.output.split(io, block, io, 256).parallel(block);
    return;
  }
  Var io("io"), ii("ii");
  s.output.split(inner, io, ii, lanes).vectorize(ii);
  if (schedule::worthParallel(elements * 8))
    s.output.parallel(s.vars.back());
}

} // namespace dlc::halide
