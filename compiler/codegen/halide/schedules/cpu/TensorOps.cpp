#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"

using namespace Halide;

namespace dlc::halide {

// With the generic element-wise schedule each output vector gathers lanes
// values a row of the input apart, a page apart for wide rows: the encoder
// training step's [2048, 1024] weight-gradient transpose ran at 0.4 GB/s
// (7.5 % of the step); in tiles it takes 2 %.
void scheduleTransposeCpu(ElementwiseStages &s, ImageParam &input, int inputInner,
                          int outputInner, const std::vector<int> &shape, const CpuTarget &cpu) {
  int lanes = cpu.lanes;
  if (inputInner == 0 || shape[0] % lanes != 0 || shape[inputInner] % lanes != 0)
    return scheduleElementwiseCpu(s, shape, cpu);
  Var x = s.vars[0], y = s.vars[inputInner];
  Var xo("xo"), yo("yo"), xi("xi"), yi("yi");
  s.output.tile(x, y, xo, yo, xi, yi, lanes, lanes).vectorize(xi).unroll(yi);
  // The tile's input rows are copied as vectors into a lanes x lanes block,
  // which the output's vectors then read from L1.
  Func rows = input.in(s.output);
  rows.compute_at(s.output, xo).vectorize(rows.args()[0]).unroll(rows.args()[outputInner]);
  double elements = 1;
  for (int e : shape)
    elements *= e;
  if (schedule::worthParallel(elements * 8))
    s.output.parallel(inputInner == static_cast<int>(s.vars.size()) - 1 ? yo : s.vars.back());
}

// The GEMM register tile of scheduleLinearCpu over (j, i): up to 2 vectors
// (4 with AVX-512) of output columns times up to 6 rows unless `tile` says
// otherwise, the reduction over k outside the tile; column panels (and
// batch matrices) run in parallel.
void scheduleMatmulCpu(MatmulStages &s, const std::vector<int> &outShape, int depth,
                       const CpuTarget &cpu, MatmulTile tile) {
  Var j = s.vars[0], i = s.vars[1];
  int cols = outShape[0], rows = outShape[1];
  int lanes = schedule::vectorWidth(cols, cpu.lanes);
  int maxVectors = tile.vectors ? tile.vectors : cpu.tileVectors(2);
  int vectors = lanes == cpu.lanes ? std::clamp(cols / lanes, 1, maxVectors) : 1;
  int colTile = vectors * lanes;
  // Six rows whatever the row count (197 tokens in ViT): the last tile
  // shifts inwards and recomputes a few rows instead of shrinking to 1.
  int rowTile = std::min(rows, tile.rows ? tile.rows : 6);
  Var jo("jo"), ji("ji"), io("io"), ii("ii");
  // Column panels outermost: one panel of rhs (colTile x depth) stays in
  // cache while every row block passes over it; with the rows outermost the
  // whole rhs streamed from L3 once per row block.
  s.output.split(j, jo, ji, colTile).split(i, io, ii, rowTile).reorder(ji, ii, io, jo);
  if (lanes > 1)
    s.output.vectorize(ji, lanes);
  s.output.unroll(ii);
  double macs = double(depth);
  for (int e : outShape)
    macs *= e;
  // The loop over column panels: jo, or jo fused with the batch dimensions.
  Var panel = jo;
  if (schedule::worthParallel(macs)) {
    // Fuse the column panels with the batch dimensions into one parallel loop.
    for (size_t d = 2; d < s.vars.size(); ++d) {
      Var fused("fused" + std::to_string(d));
      s.output.fuse(panel, s.vars[d], fused);
      panel = fused;
    }
    s.output.parallel(panel);
  }
  // With several row blocks, the column panel of rhs is copied once per
  // panel into contiguous memory, so the inner loop's vector loads are
  // consecutive instead of one rhs row (N floats) apart.
  if (rows > rowTile) {
    s.rhsPanel.compute_at(s.output, panel);  // jo itself is gone once fused
    if (lanes > 1)
      s.rhsPanel.vectorize(j, lanes);
  }
  s.product.compute_at(s.output, io);
  if (lanes > 1)
    s.product.vectorize(j, lanes);
  s.product.unroll(j).unroll(i);
  Stage update = s.product.update();
  update.reorder(j, i, s.r.x);
  if (lanes > 1)
    update.vectorize(j, lanes);
  update.unroll(j).unroll(i);
}

// A reduction along an inner dimension stays a scalar loop per output; one
// along outer dimensions vectorizes over the innermost kept dimension.
void scheduleReduceCpu(ReduceStages &s, const std::vector<int> &outShape, bool innermostReduced,
                       const CpuTarget &cpu) {
  s.accumulate.compute_at(s.output, s.vars.back());
  if (!innermostReduced) {
    int lanes = schedule::vectorWidth(outShape[0], cpu.lanes);
    if (lanes > 1) {
      // Guarded: rounding the accumulator up would read past the input.
      s.output.vectorize(s.vars[0], lanes);
      s.accumulate.vectorize(s.vars[0], lanes, TailStrategy::GuardWithIf);
      s.accumulate.update().vectorize(s.vars[0], lanes, TailStrategy::GuardWithIf);
    }
    // The reduced rows outside the kept vectors, so that each row streams
    // once in order: a vector of columns at a time walked the rows with a
    // row's stride (a [2048, 1024] bias gradient at 2 GB/s, 1.7 % of the
    // encoder's training step).
    std::vector<VarOrRVar> order = {s.vars[0]};
    for (int d = 0; d < s.r.dimensions(); ++d)
      order.push_back(s.r[d]);
    s.accumulate.update().reorder(order);
  }
  double elements = 1;
  for (int e : outShape)
    elements *= e;
  if (outShape.size() > 1 && outShape.back() > 1 && schedule::worthParallel(elements * 64))
    s.output.parallel(s.vars.back());
}

// Row statistics are computed per row, then the row streams out in vectors.
void scheduleLayerNormCpu(LayerNormStages &s, int group, int rows, const CpuTarget &cpu) {
  s.mean.compute_at(s.output, s.row);
  s.variance.compute_at(s.output, s.row);
  int lanes = schedule::vectorWidth(group, cpu.lanes);
  if (lanes > 1)
    s.output.vectorize(s.i, lanes);
  if (schedule::worthParallel(double(group) * rows * 8))
    s.output.parallel(s.row);
}

} // namespace dlc::halide
