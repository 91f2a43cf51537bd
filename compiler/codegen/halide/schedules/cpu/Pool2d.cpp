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
  if (p.padTop || p.padLeft || p.padBottom || p.padRight) {
    int paddedWidth = p.width + p.padLeft + p.padRight;
    s.input.compute_at(s.output, at);
    if (int width = schedule::vectorWidth(paddedWidth, cpu.lanes); width > 1)
      s.input.vectorize(s.x, width);
    if (int width = schedule::vectorWidth(p.width, cpu.lanes); width > 1)
      s.input.update().vectorize(s.input.rvars()[0], width);
  }
}

} // namespace dlc::halide
