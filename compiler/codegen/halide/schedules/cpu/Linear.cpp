#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// GEMM register tile: up to 2 native vectors of output features (weights
// packed [K, M], vector-loaded) times up to 6 batch rows (inputs broadcast),
// <= 12 accumulators, reduction over K outside the tile. Feature blocks run in
// parallel: at small batches the layer is bound by reading the weights.
void scheduleLinearCpu(LinearStages &s, const LinearParams &p, const CpuTarget &cpu) {
  int lanes = schedule::vectorWidth(p.outFeatures, cpu.lanes);
  int featureTile = p.outFeatures >= 2 * lanes && lanes == cpu.lanes ? 2 * lanes : lanes;
  // Six rows whatever the batch (197 tokens in ViT): the last tile shifts
  // inwards instead of shrinking to a divisor (1 for a prime).
  int rowTile = std::min(p.batch, 6);
  Var mo("mo"), mi("mi"), no("no"), ni("ni");
  s.output.split(s.m, mo, mi, featureTile)
      .split(s.n, no, ni, rowTile)
      .reorder(mi, ni, no, mo)  // a weight panel stays in cache over all rows
      .vectorize(mi, lanes)
      .unroll(ni);
  double macs = double(p.batch) * p.inFeatures * p.outFeatures;
  if (schedule::worthParallel(macs))
    s.output.parallel(mo);
  s.product.compute_at(s.output, no).vectorize(s.m, lanes).unroll(s.m).unroll(s.n);
  s.product.update()
      .reorder(s.m, s.n, s.r)
      .vectorize(s.m, lanes)
      .unroll(s.m)
      .unroll(s.n);
}

} // namespace dlc::halide
