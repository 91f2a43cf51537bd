#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Vectors of output pixels along x; windows up to 16x16 are reduced along
// the input rows first, a plane at a time (below), larger ones inline, so
// each output vector is reduced in registers. Planes run in parallel, in
// tasks of several small planes; a padded input plane is built once per
// plane.
namespace {

// Global pools: per plane, the column partials in vectors along x (unrolled
// across a row when it is a few vectors, so they stay in registers) updated
// row by row, then one short reduction of the row of partials. The vector
// width divides the row, since an update cannot recompute a shifted tail:
// 8 for 56-pixel rows, 16 for 112, the whole row for 14 and 7.
// (144 channels at 56x56, one thread: 0.150 ms as one chain per plane.)
void scheduleGlobalPool(Pool2dStages &s, const Pool2dParams &p, const CpuTarget &cpu) {
  Var planes("planes");
  s.output.fuse(s.c, s.n, planes);
  double planeWork = double(p.height) * p.width;
  Var at = schedule::parallelInTasks(s.output, planes, p.batch * p.channels, planeWork);
  int lanes = 1;
  while (lanes < cpu.lanes && p.width % (2 * lanes) == 0)
    lanes *= 2;
  if (lanes < 4 && p.width <= cpu.lanes)
    lanes = p.width;
  s.columns.compute_at(s.output, at);
  Var xo("xo"), xi("xi");
  for (Stage stage : {Stage(s.columns), Stage(s.columns.update())}) {
    stage.split(s.x, xo, xi, lanes).vectorize(xi);
    if (p.width / lanes <= 8)
      stage.unroll(xo);
  }
  s.columns.update().reorder(xi, xo, s.rows.x);
}

} // namespace

void schedulePool2dCpu(Pool2dStages &s, const Pool2dParams &p, const CpuTarget &cpu) {
  if (s.columns.defined())
    return scheduleGlobalPool(s, p, cpu);
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  Var xo("xo"), xi("xi"), planes("planes");
  s.output.split(s.x, xo, xi, lanes).vectorize(xi).fuse(s.c, s.n, planes);
  double planeWork = double(p.outHeight) * p.outWidth * p.kernelH * p.kernelW;
  Var at = schedule::parallelInTasks(s.output, planes, p.batch * p.channels, planeWork);
  if (p.padTop || p.padLeft || p.padBottom || p.padRight)
    schedule::computePaddedPlaneAt(s.input, s.output, at, p.width + p.padLeft + p.padRight, p.width,
                                   cpu.lanes);
  // The window rows of a whole plane (73 x 147 floats for a 147x147 plane
  // at stride 2) before its output rows, which read them as dense vectors.
  if (s.windowRows.defined()) {
    s.windowRows.compute_at(s.output, at);
    if (lanes > 1)
      s.windowRows.vectorize(s.x, lanes);
  }
}

} // namespace dlc::halide
