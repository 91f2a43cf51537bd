#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// One row (all of the axis for one (inner, outer) position block) at a time:
// max, exponentials and sum stay in cache. Vectorized along the axis when it
// is innermost (the usual last-axis softmax), otherwise along `inner`.
void scheduleSoftmaxCpu(SoftmaxStages &s, int inner, int axis, int outer, const CpuTarget &cpu) {
  s.maximum.compute_at(s.output, s.o);
  s.exponent.compute_at(s.output, s.o);
  s.sum.compute_at(s.output, s.o);
  if (inner == 1) {
    // The axis is the contiguous dimension: make it the innermost loop so
    // that its vectors are dense loads and stores.
    int lanes = schedule::vectorWidth(axis, cpu.lanes);
    s.output.reorder(s.a, s.i, s.o).vectorize(s.a, lanes);
    s.exponent.reorder(s.a, s.i, s.o).vectorize(s.a, lanes);
  } else {
    int lanes = schedule::vectorWidth(inner, cpu.lanes);
    s.output.vectorize(s.i, lanes);
    s.exponent.vectorize(s.i, lanes);
    s.maximum.vectorize(s.i, lanes);
    s.sum.vectorize(s.i, lanes);
    s.sum.update().vectorize(s.i, lanes);
  }
  if (schedule::worthParallel(double(inner) * axis * outer * 16))
    s.output.parallel(s.o);
}

} // namespace dlc::halide
