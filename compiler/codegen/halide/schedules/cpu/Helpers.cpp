#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

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

} // namespace dlc::halide::schedule
