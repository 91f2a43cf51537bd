#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

namespace {

// Weights in panels of P features: the register tile is two panels (two
// vectors; four with AVX-512) times up to 6 rows, and the reduction over K
// walks each panel's memory in order, so a batch-1 layer (a GEMV, bound by
// reading the weights) streams them sequentially instead of one cache line
// per K step. Column tiles run in parallel.
void schedulePanels(LinearStages &s, const LinearParams &p, const CpuTarget &cpu) {
  int width = p.panel, lanes = std::min(cpu.lanes, width);
  int panels = std::clamp(p.outFeatures / width, 1, cpu.tileVectors(2));
  int rowTile = std::min(p.batch, 6);
  Var mt("mt"), mv("mv"), nt("nt"), nv("nv");
  s.output.split(s.m, mt, mv, panels * width)
      .split(s.n, nt, nv, rowTile)
      .reorder(mv, nv, nt, mt)
      .vectorize(mv, lanes)
      .unroll(mv)
      .unroll(nv);
  double macs = double(p.batch) * p.inFeatures * p.outFeatures;
  if (schedule::worthParallel(macs))
    s.output.parallel(mt);
  s.product.compute_at(s.output, nt)
      .vectorize(s.mi, lanes)
      .unroll(s.mi)
      .unroll(s.n)
      .unroll(s.mo);
  s.product.update()
      .reorder(s.mi, s.mo, s.n, s.r)
      .vectorize(s.mi, lanes)
      .unroll(s.mi)
      .unroll(s.mo)
      .unroll(s.n);
}

} // namespace

// GEMM register tile: up to 2 native vectors of output features with AVX2,
// 4 with AVX-512 (weights packed [K, M], vector-loaded) times up to 6 batch
// rows (inputs broadcast), <= 24 accumulators, reduction over K outside the
// tile. Feature blocks run in parallel: at small batches the layer is bound
// by reading the weights.
void scheduleLinearCpu(LinearStages &s, const LinearParams &p, const CpuTarget &cpu) {
  if (p.panel)
    return schedulePanels(s, p, cpu);
  int lanes = schedule::vectorWidth(p.outFeatures, cpu.lanes);
  int vectors = lanes == cpu.lanes ? std::clamp(p.outFeatures / lanes, 1, cpu.tileVectors(2)) : 1;
  int featureTile = vectors * lanes;
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
  // A run-time weight is transposed once per call, in lanes x lanes tiles
  // (vector loads of weight rows, transposed in registers), instead of the
  // product gathering a vector of features a row apart at every k: the
  // encoder step's 256x256 output projection ran at 15 GFLOP/s.
  if (s.transposedWeight.defined()) {
    Var m = s.transposedWeight.args()[0], k = s.transposedWeight.args()[1];
    s.transposedWeight.compute_root();
    if (p.outFeatures % lanes == 0 && p.inFeatures % lanes == 0 && lanes > 1) {
      Var mo("mo"), ko("ko"), mi("mi"), ki("ki");
      s.transposedWeight.tile(m, k, mo, ko, mi, ki, lanes, lanes).vectorize(mi).unroll(ki);
    } else if (lanes > 1) {
      s.transposedWeight.vectorize(m, lanes);
    }
  }
}

} // namespace dlc::halide
