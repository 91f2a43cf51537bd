// Hand-written CPU schedules for the algorithms in ../../algorithms. They
// vectorize with the target's native float vectors (16 lanes on AVX-512, 8
// on AVX2: wider vectors on AVX2 cost 2x in spills, KERNELS.md), keep register tiles of accumulators with the
// reduction outside the unrolled tile (KERNELS.md), and run in parallel only
// when a kernel has enough work to pay for waking the thread pool.
#pragma once

#include "compiler/codegen/halide/algorithms/Algorithms.h"

namespace dlc::halide {

// What the schedules need to know of the CPU.
struct CpuTarget {
  int lanes;      // float32 lanes of one native vector register
  int registers;  // vector registers: 32 with AVX-512, 16 with AVX2

  static CpuTarget of(const Halide::Target &target) {
    int lanes = target.natural_vector_size<float>();
    return {lanes, lanes >= 16 ? 32 : 16};  // 16 lanes: AVX-512
  }

  // Register tiles hold accumulators of up to `vectors` vectors: twice as
  // many with AVX-512's 32 registers as with AVX2's 16 (KERNELS.md: tiles of
  // 24-28 zmm accumulators reach the FMA peak, 12 leave a third of it).
  int tileVectors(int vectors) const { return registers == 32 ? 2 * vectors : vectors; }
};

// A GEMM register tile: `vectors` vectors of columns times `rows` rows
// (0: the default, up to 2 vectors, 4 with AVX-512, times 6 rows).
struct MatmulTile {
  int vectors = 0, rows = 0;
};

// Whether a convolution is better vectorized along output channels (then
// its weights must be packed in OutputChannelBlocks of 8, 16 or 32) than
// along x.
bool prefersChannelVectors(const Conv2dParams &p, const CpuTarget &cpu);
// The output channels of one block of a channel-vector convolution (8, 16
// or 32; `outChannels` is a multiple of 8): two vectors where they divide.
int channelBlockFor(int outChannels, const CpuTarget &cpu);
// Whether a 1x1 convolution at stride 1 runs as a GEMM per image (the
// matmul kernel: weights [O, C] times the input's [C, pixels]), and in
// which register tile.
bool runsAsGemm(const Conv2dParams &p, const CpuTarget &cpu);
MatmulTile pointwiseGemmTile(const Conv2dParams &p, const CpuTarget &cpu);
// Whether a channel-block convolution tiles its pixels across rows.
bool flattensPixels(const Conv2dParams &p);
// Whether a depthwise convolution computes its planes flat (flatPlanes):
// at stride 1, rows narrower than a vector.
bool flattensPlanes(const Conv2dParams &p, const CpuTarget &cpu);
// Whether a strided depthwise convolution reads zero-extended input rows
// (stridedRows) rather than phases.
bool readsStridedRows(const Conv2dParams &p, const CpuTarget &cpu);
void scheduleConv2dCpu(Conv2dStages &s, const Conv2dParams &p, const CpuTarget &cpu);
void scheduleConvTranspose2dCpu(ConvTranspose2dStages &s, const ConvTranspose2dParams &p,
                                const CpuTarget &cpu);
void schedulePool2dCpu(Pool2dStages &s, const Pool2dParams &p, const CpuTarget &cpu);
void scheduleLinearCpu(LinearStages &s, const LinearParams &p, const CpuTarget &cpu);
// `shape` is the output's shape in Halide order (innermost first).
void scheduleElementwiseCpu(ElementwiseStages &s, const std::vector<int> &shape,
                            const CpuTarget &cpu);
// A transpose whose output's innermost dimension is not the input's: tiles
// of lanes x lanes, each read as vectors of input rows and written as
// vectors of output rows. In Halide order: `inputInner` is the output
// dimension that walks the input's innermost one, `outputInner` the input
// dimension the output's innermost one walks; `shape` is the output's.
void scheduleTransposeCpu(ElementwiseStages &s, Halide::ImageParam &input, int inputInner,
                          int outputInner, const std::vector<int> &shape, const CpuTarget &cpu);
// The view is (inner, channels, batch) in Halide order; a 4-D output (x,
// y, c, n) passes (x, y * c, n).
void scheduleBatchNormCpu(BatchNormStages &s, int inner, int channels, int batch,
                          const CpuTarget &cpu);
// The output view is (inner, total, outer); `inputs` updates.
void scheduleConcatCpu(ConcatStages &s, int inner, int total, int outer, int inputs,
                       const CpuTarget &cpu);
// `outShape` in Halide order; `depth` is the reduction length k.
void scheduleMatmulCpu(MatmulStages &s, const std::vector<int> &outShape, int depth,
                       const CpuTarget &cpu, MatmulTile tile = {});
void scheduleReduceCpu(ReduceStages &s, const std::vector<int> &outShape, bool innermostReduced,
                       const CpuTarget &cpu);
void scheduleLayerNormCpu(LayerNormStages &s, int group, int rows, const CpuTarget &cpu);
void scheduleGroupNormCpu(GroupNormStages &s, int inner, int groups, int batch,
                          const CpuTarget &cpu);
void scheduleAttentionCpu(AttentionStages &s, const AttentionParams &p, const CpuTarget &cpu);
void scheduleFlashAttentionCpu(FlashAttentionStages &s, const FlashAttentionParams &p,
                               const CpuTarget &cpu);
void scheduleLrnCpu(LrnStages &s, int inner, int channels, int batch, const CpuTarget &cpu);
void scheduleSoftmaxCpu(SoftmaxStages &s, int inner, int axis, int outer, const CpuTarget &cpu);

void scheduleConv2dGradWeightCpu(Conv2dGradWeightStages &s, const Conv2dParams &p, int lanes);
void scheduleConv2dGradWeightGemmCpu(Conv2dGradWeightGemmStages &s, const Conv2dParams &p,
                                     const CpuTarget &cpu);
void scheduleGatherGradCpu(GatherGradStages &s, const std::vector<int> &outShape, int64_t positions,
                           const CpuTarget &cpu);
void schedulePool2dGradCpu(Pool2dGradStages &s, const Pool2dParams &p, const CpuTarget &cpu);
// `gradient`: the dlc.loss_grad kernel, else dlc.loss.
void scheduleLossCpu(LossStages &s, const LossParams &p, bool gradient, const CpuTarget &cpu);

void scheduleBatchStatsCpu(BatchStatsStages &s, int inner, int channels, int batch,
                           const CpuTarget &cpu);
// `input`: dlc.batch_norm_input_grad, else dlc.batch_norm_param_grad.
void scheduleBatchNormGradCpu(BatchNormGradStages &s, const BatchNormGradParams &p, bool input,
                              const CpuTarget &cpu);

// Helpers shared by the schedules.
namespace schedule {
// The widest of `lanes`, lanes/2, lanes/4 (at least 4) that fits in
// `extent`, or 1.
int vectorWidth(int extent, int lanes);
// The largest divisor of `extent` that is at most `limit`.
int largestDivisor(int extent, int limit);
// Whether `work` multiply-adds (or element operations) justify threads:
// below it, waking the thread pool costs more than it saves.
bool worthParallel(double work);
// A copy stage (a padded input, a transposition, a repacking) computed once
// before its consumer: vectors of vectorWidth(extent, lanes) along its
// innermost dimension (`extent` long), its outermost in parallel when
// `parallel`. Left serial, LLVM vectorized such copies with gathers and
// scatters while the other threads idled.
void copyAtRoot(Halide::Func f, int extent, int lanes, bool parallel);
// copyAtRoot for a zero-padded (x, y, c, n) input behind a boundary
// condition: vectors rounded up, channel planes in parallel.
void copyPaddedAtRoot(Halide::Func padded, int extent, int lanes, bool parallel);
// A transposition computed once before its consumer: `f`'s innermost
// dimension (vectors of `lanes`) is `source`'s dimension `across`, strided
// there, and `f`'s second dimension (`alongExtent` long) is `source`'s
// innermost. In tiles of lanes x up to lanes, each tile of `source` (an
// identity Func, inlined unless scheduled) is first copied with dense
// vector loads into a buffer that stays in L1, which the vector stores
// read back. Lane by lane from memory, every element was a load from
// another line: 4-7x slower (a 32x32x64 batch of 32: 4.2 -> 0.65 ms).
// Falls back to copyAtRoot when `f`'s innermost extent is under `lanes`.
void transposeAtRoot(Halide::Func f, Halide::Func source, const Halide::Var &across,
                     int acrossExtent, int alongExtent, int lanes, bool parallel);
// A paddedPlanes Func (Algorithms.h) computed at `consumer`'s loop `at`:
// vectors along x for the fill (`paddedWidth` long) and for the copy of
// the input rows (`width` long).
void computePaddedPlaneAt(Halide::Func padded, const Halide::Func &consumer, const Halide::Var &at,
                          int paddedWidth, int width, int lanes);
// Runs `f`'s loop `var` in parallel when the total work justifies it, in
// tasks of several iterations when one iteration is under about 64K
// operations (`workPerIteration`): the thread pool's cost per task
// otherwise exceeds the work. Returns the loop that iterates within a task
// (`var` itself when each task is one iteration), for compute_at.
Halide::Var parallelInTasks(Halide::Func f, const Halide::Var &var, int extent,
                            double workPerIteration);
} // namespace schedule

} // namespace dlc::halide
