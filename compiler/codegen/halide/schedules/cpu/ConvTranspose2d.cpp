#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// Vectors along output x (lanes disagree on which taps are whole, which a
// select handles), the accumulator per output row, the taps' reduction
// inside, and (channel, batch) rows in parallel. With stride 2 three taps
// in four are selected away: a polyphase split would avoid that work.
void scheduleConvTranspose2dCpu(ConvTranspose2dStages &s, const ConvTranspose2dParams &p,
                                const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  Var row("row");
  s.output.fuse(s.k, s.n, row);
  if (lanes > 1)
    s.output.vectorize(s.x, lanes);
  double macs = double(p.batch) * p.outChannels * p.outHeight * p.outWidth *
                (p.channels / p.groups) * p.kernelH * p.kernelW;
  if (schedule::worthParallel(macs))
    s.output.parallel(row);
  s.sum.compute_at(s.output, s.y);
  if (lanes > 1) {
    s.sum.vectorize(s.x, lanes);
    s.sum.update().vectorize(s.x, lanes);
  }
}

} // namespace dlc::halide
