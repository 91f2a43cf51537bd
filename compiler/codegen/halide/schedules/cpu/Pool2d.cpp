#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Vectors of output pixels along x; the window reduction is inlined, so
// each output vector is reduced in registers. Planes run in parallel.
void schedulePool2dCpu(Pool2dStages &s, const Pool2dParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  Var xo("xo"), xi("xi"), planes("planes");
  s.output.split(s.x, xo, xi, lanes).vectorize(xi);
  double work = double(p.batch) * p.channels * p.outHeight * p.outWidth * p.kernelH * p.kernelW;
  if (schedule::worthParallel(work))
    s.output.fuse(s.c, s.n, planes).parallel(planes);
}

} // namespace dlc::halide
