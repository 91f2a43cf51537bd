#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

#include <algorithm>

using namespace Halide;

namespace dlc::halide {
namespace {

// Width of the e (value depth) register tile: 2 native vectors (x 6 rows:
// 12 accumulators, 2 loaded vectors and 1 broadcast fit in 16 registers;
// 4 vectors x 3 rows spill one accumulator), else 1 vector, half or a
// quarter of one, whichever divides Dv, so that the tiles cover Dv exactly;
// 0 when none does.
int valueTileWidth(int valueDepth, int lanes) {
  for (int width : {2 * lanes, lanes, lanes / 2, lanes / 4})
    if (width >= 4 && valueDepth % width == 0)
      return width;
  return 0;
}

} // namespace

// One (batch, query block) pair per parallel iteration; inside it, the key
// blocks in order, each as two small GEMMs with register tiles of at most
// 12 accumulators (AVX2 has 16 ymm registers: 12 accumulators, the loaded
// vectors and one broadcast):
// - scores S = QKᵀ vectorized over queries (q is copied transposed once per
//   query block): 3 vectors of queries x 4 keys, the depth loop outside the
//   unrolled tile;
// - the block's P·V vectorized over the value depth: 4 vectors x 3 queries
//   (Dv 64) or 2 vectors x 6 queries (Dv 16 and 32).
// The block statistics (max, exp, sum) are vertical vector operations over
// queries, so no lane is reduced horizontally. Scratch per thread: q block
// (BQ x D), S and P (BQ x BK each), the block output and the state
// (BQ x Dv, 4 floats each).
// Block sizes, JIT on a loaded 2-core Zen 3 (AVX2), seq 2048, d 64, 1
// thread, relative to BQ 24 x BK 128: BQ 16 -45 % (the 6-row P.V tile does
// not divide it), BQ 48 -7 %; BK 64 -12 %, BK 256 +8 %, BK 512 -1 % (runs
// varied by about 10 %).
void scheduleFlashAttentionCpu(FlashAttentionStages &s, const FlashAttentionParams &fp,
                               const CpuTarget &cpu) {
  const AttentionParams &p = fp.attention;
  int lanes = cpu.lanes;
  int blockQueries = fp.blockQueries;
  Var e = s.e, i = s.i, jj = s.jj, b = s.b;

  // Query blocks: the last one shifts inwards (recomputing a few rows), so
  // every block has the same constant extent.
  Var io("io"), ii("ii"), tile("tile");
  s.output.split(i, io, ii, blockQueries, TailStrategy::ShiftInwards)
      .reorder(e, ii, io, b)
      .fuse(io, b, tile);
  int valueLanes = schedule::vectorWidth(p.valueDepth, lanes);
  if (valueLanes > 1)
    s.output.vectorize(e, valueLanes);
  double work = double(p.batch) * p.queries * p.keys * (p.depth + p.valueDepth);
  if (schedule::worthParallel(work))
    s.output.parallel(tile);

  // The state lives for one query block; its update runs the key blocks in
  // order (rk outermost) and vectorizes over e.
  s.state.compute_at(s.output, tile);
  Stage update = s.state.update();
  update.reorder(e, i, s.rk);
  if (valueLanes > 1) {
    TailStrategy tail =
        p.valueDepth % valueLanes == 0 ? TailStrategy::Auto : TailStrategy::GuardWithIf;
    s.state.vectorize(e, valueLanes, tail);
    update.vectorize(e, valueLanes, tail);
  }
  s.queryT.compute_at(s.output, tile).vectorize(i, lanes);

  // Everything of one key block is computed inside the rk loop.
  LoopLevel keyBlock(s.state, s.rk);
  for (Func *f : {&s.score, &s.blockMax, &s.prob, &s.blockSum, &s.blockOut})
    f->compute_at(keyBlock);

  // S = QKᵀ: query vectors x keys register tile.
  int queryVectors = std::min(3, (blockQueries + lanes - 1) / lanes);
  int keyTile = std::min(12 / queryVectors, fp.blockKeys);
  Var jo("jo"), ji("ji"), it("it"), iw("iw");
  s.score.split(jj, jo, ji, keyTile, TailStrategy::RoundUp)
      .split(i, it, iw, queryVectors * lanes, TailStrategy::RoundUp)
      .reorder(iw, ji, it, jo)
      .vectorize(iw, lanes)
      .unroll(iw)
      .unroll(ji);
  s.dot.compute_at(s.score, it).vectorize(i, lanes).unroll(i).unroll(jj);
  s.dot.update().reorder(i, jj, s.rd).vectorize(i, lanes).unroll(i).unroll(jj);

  // Statistics over the block's keys, vertical over query vectors. The
  // stored regions are whole vectors, so the updates split exactly.
  for (Func *f : {&s.blockMax, &s.blockSum}) {
    f->align_bounds(i, lanes).vectorize(i, lanes);
    f->update().reorder(i, s.rj).vectorize(i, lanes);
  }
  s.prob.vectorize(i, lanes);

  // The block's P·V: e vectors x queries register tile.
  int valueTile = valueTileWidth(p.valueDepth, lanes);
  if (valueTile == 0) {
    // No vector width divides Dv (odd depths): scalar tiles of e.
    valueTile = schedule::largestDivisor(p.valueDepth, 4);
  }
  int tileLanes = std::min(valueTile, lanes);
  int valueVectors = valueTile / tileLanes;
  int rowTile = std::max(1, 12 / valueVectors);
  Var et("et"), ei("ei"), rt("rt"), ri("ri");
  s.blockOut.split(e, et, ei, valueTile)
      .split(i, rt, ri, rowTile, TailStrategy::RoundUp)
      .reorder(ei, ri, rt, et);
  if (tileLanes > 1)
    s.blockOut.vectorize(ei, tileLanes);
  s.valueSum.compute_at(s.blockOut, rt);
  Stage valueUpdate = s.valueSum.update();
  valueUpdate.reorder(e, i, s.rj);
  if (tileLanes > 1) {
    s.valueSum.vectorize(e, tileLanes);
    valueUpdate.vectorize(e, tileLanes);
  }
  s.valueSum.unroll(e).unroll(i);
  valueUpdate.unroll(e).unroll(i);
}

} // namespace dlc::halide
