#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Vectors of output pixels along x; the window reduction is inlined, so
// each output vector is reduced in registers. Planes run in parallel, in
// tasks of several small planes; a padded input plane is built once per
// plane.
void schedulePool2dCpu(Pool2dStages &s, const Pool2dParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  Var xo("xo"), xi("xi"), planes("planes");
  s.output.split(s.x, xo, xi, lanes).vectorize(xi).fuse(s.c, s.n, planes);
  double planeWork = double(p.outHeight) * p.outWidth * p.kernelH * p.kernelW;
  Var at = schedule::parallelInTasks(s.output, planes, p.batch * p.channels, planeWork);
  if (p.padTop || p.padLeft || p.padBottom || p.padRight)
    schedule::computePaddedPlaneAt(s.input, s.output, at, p.width + p.padLeft + p.padRight, p.width,
                                   cpu.lanes);
}

} // namespace dlc::halide
