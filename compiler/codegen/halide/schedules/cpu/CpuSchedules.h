// Hand-written CPU schedules for the algorithms in ../../algorithms. They
// vectorize with 16-lane float vectors (one zmm on AVX-512; Halide splits
// them on narrower targets), keep register tiles of accumulators with the
// reduction outside the unrolled tile (KERNELS.md), and run in parallel only
// when a kernel has enough work to pay for waking the thread pool.
#pragma once

#include "compiler/codegen/halide/algorithms/Algorithms.h"

namespace dlc::halide {

void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p);
void schedulePool2dCpu(Pool2dStages &s, const Pool2dParams &p);
void scheduleLinearCpu(LinearStages &s, const LinearParams &p);
// `shape` is the output's shape in Halide order (innermost first).
void scheduleElementwiseCpu(ElementwiseStages &s, const std::vector<int> &shape);
void scheduleSoftmaxCpu(SoftmaxStages &s, int inner, int axis, int outer);

// Helpers shared by the schedules.
namespace schedule {
// The widest of 16, 8, 4 lanes that fits in `extent`, or 1.
int vectorWidth(int extent);
// The largest divisor of `extent` that is at most `limit`.
int largestDivisor(int extent, int limit);
// Whether `work` multiply-adds (or element operations) justify threads:
// below it, waking the thread pool costs more than it saves.
bool worthParallel(double work);
} // namespace schedule

} // namespace dlc::halide
