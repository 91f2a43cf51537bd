// Halide algorithms of dlc's kernels: what each kernel computes, with no
// schedule. Tensors use Halide's dimension order, the reverse of the tensor
// shape (NCHW is (x, y, c, n)); every stage is a named Func so that the
// schedules in ../schedules can refer to it.
#pragma once

#include <optional>

#include "Halide.h"

namespace dlc::halide {

struct Epilogue;  // an element-wise chain applied to a producer's output (below)

// `input` (x, y, c, n), `width` x `height`, with `fill` around it: the
// fill (pure definition), then the input copied into the middle (update 0),
// so that a schedule copies dense vectors; a boundary condition clamps each
// load, which gathers in every vector that touches an edge (all of them in
// a 7- or 17-pixel row). Scheduled by schedule::computePaddedPlaneAt.
Halide::Func paddedPlanes(const Halide::Func &input, int width, int height, Halide::Expr fill);

struct Conv2dParams {
  int batch, channels, height, width;          // input
  int outChannels, kernelH, kernelW;           // weight [O, C/G, KH, KW]
  int outHeight, outWidth;
  int strideH, strideW, dilationH, dilationW, groups;
  int padTop, padLeft, padBottom, padRight;
  bool hasBias;
  // 8 or 16: the channel-vector convolution, with weights packed in blocks
  // of that many output channels (Halide (b, c, kx, ky, ob)) so that a
  // vector of output channels is one load; 0: vectors along x, weights as
  // in the model.
  int channelBlock = 0;
  // With a channelBlock: the output pixels are one dimension, so that a
  // register tile of pixels may span rows (maps under 8 pixels wide);
  // otherwise tiles of pixels along x within a row.
  bool flatPixels = false;
  // Depthwise at stride 1 on maps narrower than a vector: each channel's
  // zero-padded plane is one flat row, and the taps of output (x, y) read
  // it at (y + ky) * paddedWidth + x + kx, so that a vector spans rows (a
  // 7x7 map padded to 11x11 is 5 vectors of 16, not 14 of 4).
  bool flatPlanes = false;
  // Strided depthwise: the taps read zero-extended input rows, computed per
  // output row into a buffer kept for the plane (sliding: each row once), as
  // stride-2 vectors; otherwise they read the plane split into its phases
  // along x.
  bool stridedRows = false;

  // One input channel per group (MobileNet's depthwise convolutions): the
  // taps are one unrolled expression per output, with no reduction.
  bool depthwise() const { return groups > 1 && groups == channels; }
  bool padded() const { return padTop || padLeft || padBottom || padRight; }
  // A 1x1 kernel at stride 1 without padding: output pixel q reads input
  // pixel q.
  bool pointwise() const {
    return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && !padded();
  }
};

// With a `channelBlock`, conv is (kk, x, y, kb, n) for channel k = kb *
// block + kk; with `flatPixels` too, the output pixels are one dimension
// (`pixel` = y * outWidth + x) so that a register tile of pixels may span
// rows (a 7x7 map is 49 pixels, not 7 rows of 7): conv is (kk, pixel, kb,
// n) and the output is written through the view (pixel, k, n). Otherwise
// conv and output are (x, y, k, n).
struct Conv2dStages {
  Halide::Func input;  // the input, zero-extended when padded
  Halide::Func phases; // strided depthwise: the input by phase along x (u, y, phase, c, n)
  Halide::Func plane;  // flatPlanes: the padded input plane, flat (j, c, n)
  Halide::Func conv;   // accumulator: bias, then the reduction
  Halide::Func output;
  Halide::Var x{"x"}, y{"y"}, k{"k"}, n{"n"}, pixel{"pixel"}, kk{"kk"}, kb{"kb"};
  Halide::RDom r;      // (c, kx, ky)
};

// The extents (Halide order) of the output as the conv2d kernel writes it.
std::vector<int> conv2dOutputView(const Conv2dParams &p);

// `weight` is the packed ImageParam for channel blocks, else any Func with
// the model's layout (Halide (kx, ky, c, o)).
Conv2dStages defineConv2d(const Halide::Func &input, const Halide::Func &weight,
                          const std::optional<Halide::ImageParam> &bias,
                          const Conv2dParams &p, const Epilogue *epilogue = nullptr);

struct ConvTranspose2dParams {
  int batch, channels, height, width;  // input
  int outChannels, kernelH, kernelW;   // weight [C, O/G, KH, KW]
  int outHeight, outWidth;
  int strideH, strideW, dilationH, dilationW, groups;
  int padTop, padLeft;
  bool hasBias;
};

// Gather form: each output pixel sums the kernel taps whose input position
// `(y + pt - ky*dy) / sy` is whole and inside the input.
struct ConvTranspose2dStages {
  Halide::Func input;  // zero outside the input
  Halide::Func sum, output;
  Halide::Var x{"x"}, y{"y"}, k{"k"}, n{"n"};
  Halide::RDom r;  // (c within the group, kx, ky)
};

ConvTranspose2dStages defineConvTranspose2d(const Halide::ImageParam &input,
                                            const Halide::ImageParam &weight,
                                            const std::optional<Halide::ImageParam> &bias,
                                            const ConvTranspose2dParams &p);

struct Pool2dParams {
  int batch, channels, height, width, outHeight, outWidth;
  int kernelH, kernelW, strideH, strideW;
  int padTop, padLeft, padBottom, padRight;
  bool isMax, countIncludePad;
};

struct Pool2dStages {
  Halide::Func input; // padded: the plane with a border of -inf (max) or 0 (average)
  Halide::Func reduce;
  // Global pools (one window over the whole plane) only: the plane's
  // columns reduced over its rows, (x, c, n); `reduce` then reduces them.
  Halide::Func columns;
  Halide::RDom rows;
  // Other windows up to 16x16: the window reduced along each input row at
  // the output's x, (x, y, c, n); `reduce` then combines kernelH of them.
  Halide::Func windowRows;
  Halide::Func output;
  Halide::Var x{"x"}, y{"y"}, c{"c"}, n{"n"};
};

// A window over the whole unpadded plane (ONNX's GlobalAveragePool and
// GlobalMaxPool, squeeze-and-excitation blocks).
bool isGlobalPool(const Pool2dParams &p);
bool isSeparablePool(const Pool2dParams &p);

Pool2dStages definePool2d(const Halide::ImageParam &input, const Pool2dParams &p);

struct LinearParams {
  int batch, inFeatures, outFeatures;
  bool hasBias;
  // The weight is a constant transposed to [K, M] (Halide (m, k)) at compile
  // time, so that output features are contiguous for vector loads; else it
  // is as in the model, [M, K].
  bool transposedWeight = false;
  // 8 or 16: the weight is a constant packed in panels of that many
  // features (Halide (p, k, m / P); LinearPanels or MatmulPanels), and
  // product is (mi, n, mo) for feature m = mo * P + mi. Takes precedence
  // over transposedWeight.
  int panel = 0;
};

struct LinearStages {
  Halide::Func product;
  Halide::Func output;
  // A weight given as [M, K] at run time (a training step's parameter),
  // transposed in the kernel to (m, k) so that features are contiguous;
  // undefined otherwise.
  Halide::Func transposedWeight;
  Halide::Var m{"m"}, n{"n"}, mi{"mi"}, mo{"mo"};
  Halide::RDom r;
};

LinearStages defineLinear(const Halide::ImageParam &input, const Halide::ImageParam &weight,
                          const std::optional<Halide::ImageParam> &bias,
                          const LinearParams &p, const Epilogue *epilogue = nullptr);

// The one-operand element-wise functions; `alpha`/`beta` are the op's
// parameters (leaky_relu/elu alpha, hard_sigmoid alpha and beta, clip's
// bounds as `lower`/`upper`).
enum class UnaryKind {
  Relu, Tanh, Sigmoid, Exp, Log, Sqrt, Erf, Neg, Abs, Silu, Softplus, HardSwish,
  LeakyRelu, Elu, HardSigmoid, Clip, GeluErf, GeluTanh
};

struct UnaryFunction {
  UnaryKind kind;
  float alpha = 0.f, beta = 0.f;
  std::optional<float> lower, upper;  // clip
};

enum class BinaryKind {
  Add, Sub, Mul, Div, Pow, Min, Max, Prelu,
  Equal, Less, LessEqual, Greater, GreaterEqual,  // masks: 1.0 true, 0.0 false
  ReluGrad, TanhGrad, SigmoidGrad,                // activation gradients (a, gradient b)
};

// `f` and `kind` applied to values: the element-wise kernels and fused
// epilogues compute the same expressions.
Halide::Expr apply(const UnaryFunction &f, Halide::Expr v);
Halide::Expr apply(BinaryKind kind, Halide::Expr a, Halide::Expr b);

// The element-wise chain of a dlc.fused group, applied by its producer's
// kernel to each output value before it is stored.
struct Epilogue {
  // How an operand of a binary step is read for an output element.
  enum class Form {
    Full,        // the output's shape, viewed with the producer's output extents
    PerChannel,  // one value per channel of the producer (1-D)
    Scalar,      // one value (1-D, extent 1)
  };
  struct Operand {
    Halide::ImageParam values;
    Form form;
  };
  struct Step {
    std::optional<UnaryFunction> unary; // else binary with `operand` or `earlier`
    BinaryKind binary = BinaryKind::Add;
    bool chainedIsLhs = true;
    int operand = 0;
    // The other operand is an earlier value of the chain instead: 0 the
    // producer's output, i the result of step i - 1 (x * sigmoid(x)).
    std::optional<int> earlier;
  };
  std::vector<Operand> operands;
  std::vector<Step> steps;

  // The chain applied to `value`, the producer's output at coordinates `at`
  // (Halide order of its output) whose channel coordinate is `channel`.
  Halide::Expr applyTo(Halide::Expr value, const std::vector<Halide::Expr> &at,
                       Halide::Expr channel) const;
};

// `value` through `epilogue` when there is one.
Halide::Expr withEpilogue(const Epilogue *epilogue, Halide::Expr value,
                          const std::vector<Halide::Expr> &at, Halide::Expr channel);

// Element-wise stages over tensors viewed as 1-D (unary) or in the
// output's rank with broadcast inputs (binary).
struct ElementwiseStages {
  Halide::Func output;
  std::vector<Halide::Var> vars;  // innermost first
};

ElementwiseStages defineUnary(const Halide::ImageParam &input, const UnaryFunction &f);

// `lhsShape`/`rhsShape`/`outShape` are in Halide order (innermost first),
// the inputs' padded with 1s to the output's rank.
ElementwiseStages defineBinary(const Halide::ImageParam &lhs, const Halide::ImageParam &rhs,
                               const std::vector<int> &lhsShape,
                               const std::vector<int> &rhsShape,
                               const std::vector<int> &outShape, BinaryKind kind);

// dlc.where: `cond != 0 ? a : b`, shapes as for defineBinary.
ElementwiseStages defineWhere(const Halide::ImageParam &cond, const Halide::ImageParam &a,
                              const Halide::ImageParam &b, const std::vector<int> &condShape,
                              const std::vector<int> &aShape, const std::vector<int> &bShape,
                              const std::vector<int> &outShape);

// Batch normalization over a 3-D view (inner, channels, batch): per channel
// a coefficient scale/sqrt(var+eps) and a shift bias - mean*coefficient.
struct BatchNormStages {
  Halide::Func coefficient, shift, output;
  Halide::Var i{"i"}, c{"c"}, n{"n"};
  Halide::Var y{"y"}; // the second inner dimension of a 4-D view (x, y, c, n)
};

BatchNormStages defineBatchNorm(const Halide::ImageParam &input, const Halide::ImageParam &scale,
                                const Halide::ImageParam &bias, const Halide::ImageParam &mean,
                                const Halide::ImageParam &var, float epsilon);

// Constant padding; `begin` and the shapes are in Halide order.
ElementwiseStages definePad(const Halide::ImageParam &input, const std::vector<int> &inShape,
                            const std::vector<int> &begin, float value);

// Group normalization over a (inner, groups, batch) view, inner being the
// group's channels times the spatial size; statistics per (group, sample).
struct GroupNormStages {
  Halide::Func mean, variance, output;
  Halide::Var i{"i"}, g{"g"}, n{"n"};
};

GroupNormStages defineGroupNorm(const Halide::ImageParam &input, const Halide::ImageParam &scale,
                                const Halide::ImageParam &bias, int inner, int spatial,
                                int channelsPerGroup, float epsilon);

// dlc.resize over (x, y, c, n); `coordinateMode` and `linear` as the op's.
ElementwiseStages defineResize(const Halide::ImageParam &input, int height, int width,
                               int outHeight, int outWidth, bool linear,
                               const std::string &coordinateMode);

struct AttentionParams {
  int batch, queries, keys, depth, valueDepth;  // batch: all leading dims
  float scale;
  bool causal;
  // The mask in the scores' rank (Halide order (j, i, batch dims...)), or
  // empty; `batchShape` holds the batch extents in the same order.
  std::vector<int> maskShape, batchShape;
};

// Attention per query row: the row's scores, their maximum, the
// exponentials and their sum, then the weighted sum of values; the Sq x Sk
// score matrix never exists at once.
struct AttentionStages {
  Halide::Func score, rowMax, prob, rowSum, output;
  Halide::Var e{"e"}, j{"j"}, i{"i"}, b{"b"};
};

AttentionStages defineAttention(const Halide::ImageParam &q, const Halide::ImageParam &k,
                                const Halide::ImageParam &v,
                                const std::optional<Halide::ImageParam> &mask,
                                const AttentionParams &p);

// Flash attention (FlashAttention-1 blocks): per (query, key block) pure
// Funcs for the scores, their block maximum, the exponentials, their block
// sum and the block's weighted sum of values; a Tuple state (output, running
// maximum, running sum) per (value depth, query) folds the key blocks in one
// by one, rescaling what it holds when the maximum grows. Scores are
// (query, key) with queries innermost so that the statistics vectorize over
// queries. Keys past Sk (the last block's tail) and, when causal, keys after
// the query get -1e30 added to their score; reads of q, k, v and the mask are
// clamped into range, so a schedule may compute any Func over more queries or
// keys than exist.
struct FlashAttentionParams {
  AttentionParams attention;
  int blockQueries, blockKeys;  // positive; blockKeys <= keys
};

struct FlashAttentionStages {
  Halide::Func queryT;     // (i, d, b): q transposed, times the scale
  Halide::Func dot;        // (i, jj, kb, b): accumulator of q.k
  Halide::Func score;      // (i, jj, kb, b): scaled, masked scores
  Halide::Func blockMax;   // (i, kb, b)
  Halide::Func prob;       // (i, jj, kb, b): exp(score - blockMax)
  Halide::Func blockSum;   // (i, kb, b)
  Halide::Func valueSum;   // (e, i, kb, b): accumulator of prob.v
  Halide::Func blockOut;   // (e, i, kb, b): valueSum, tiled
  Halide::Func state;      // (e, i, b): Tuple(output, running max, running sum)
  Halide::Func output;     // (e, i, b)
  Halide::Var e{"e"}, i{"i"}, jj{"jj"}, kb{"kb"}, b{"b"}, d{"d"};
  Halide::RDom rd;         // depth
  Halide::RDom rj;         // keys of one block
  Halide::RDom rk;         // key blocks
};

FlashAttentionStages defineFlashAttention(const Halide::ImageParam &q,
                                          const Halide::ImageParam &k,
                                          const Halide::ImageParam &v,
                                          const std::optional<Halide::ImageParam> &mask,
                                          const FlashAttentionParams &p);

// Concatenation of 3-D views (inner, length_k, outer) along the middle
// dimension: one update definition per input.
struct ConcatStages {
  Halide::Func output;
  Halide::Var i{"i"}, a{"a"}, o{"o"};
};

ConcatStages defineConcat(const std::vector<Halide::ImageParam> &inputs,
                          const std::vector<int> &lengths);

// Batched matrix product in the output's rank R (Halide order: (j, i,
// batch...)); the operands' shapes are padded with leading 1s to R, and a
// batch dimension of extent 1 broadcasts.
struct MatmulStages {
  Halide::Func rhsPanel;  // rhs as read by the product (a copy when scheduled)
  Halide::Func product, output;
  std::vector<Halide::Var> vars;  // j, i, then batch dimensions
  Halide::RDom r;                 // k
};

// The epilogue's per-channel operands, and `bias` when given, are indexed
// by the output's Halide dimension `channelDim`: 0, the columns (features
// of x W), or 1, the rows (output channels of a 1x1 convolution W x in).
MatmulStages defineMatmul(const Halide::ImageParam &lhs, const Halide::ImageParam &rhs,
                          const std::vector<int> &lhsShape, const std::vector<int> &rhsShape,
                          const std::vector<int> &outShape, const Epilogue *epilogue = nullptr,
                          int channelDim = 0,
                          const std::optional<Halide::ImageParam> &bias = std::nullopt);

// `perm` is the tensor-order permutation (out dim d = in dim perm[d]).
ElementwiseStages defineTranspose(const Halide::ImageParam &input, const std::vector<int> &perm);

// dlc.gather over Halide-order shapes: `dataRank` dimensions of which
// `axisHalide` (extent `axisExtent`) is indexed by the int64 `indices` of
// rank `indicesRank`. Indices wrap once when negative and are clamped into
// [0, axisExtent) so that a bad index never reads outside `data`.
ElementwiseStages defineGather(const Halide::ImageParam &data, const Halide::ImageParam &indices,
                               int dataRank, int indicesRank, int axisHalide, int axisExtent);

enum class ReduceKind { Sum, Mean, Max, Min };

// Reduction over `reduced` (Halide dimension indices); the output keeps
// every dimension, reduced ones with extent 1.
struct ReduceStages {
  Halide::Func accumulate, output;
  std::vector<Halide::Var> vars;
  Halide::RDom r;
};

ReduceStages defineReduce(const Halide::ImageParam &input, const std::vector<int> &inShape,
                          const std::vector<int> &reduced, ReduceKind kind);

// Slice: offsets and strides in Halide order.
ElementwiseStages defineSlice(const Halide::ImageParam &input, const std::vector<int> &offsets,
                              const std::vector<int> &strides);

// Broadcast of `input` (shape padded to the output's rank) to `outShape`.
ElementwiseStages defineBroadcast(const Halide::ImageParam &input,
                                  const std::vector<int> &inShape,
                                  const std::vector<int> &outShape);

// Layer normalization over a 2-D view (group, rows): statistics per row.
struct LayerNormStages {
  Halide::Func mean, variance, output;
  Halide::Var i{"i"}, row{"row"};
  Halide::RDom r;
};

LayerNormStages defineLayerNorm(const Halide::ImageParam &input, const Halide::ImageParam &scale,
                                const std::optional<Halide::ImageParam> &bias, int group,
                                float epsilon);

// Softmax over the middle dimension of a 3-D view (inner, axis, outer).
struct SoftmaxStages {
  Halide::Func maximum, exponent, sum, output;
  Halide::Var i{"i"}, a{"a"}, o{"o"};
};

// `logarithm`: log-softmax, (x - max) - log(sum).
SoftmaxStages defineSoftmax(const Halide::ImageParam &input, int inner, int axis, int outer,
                            bool logarithm = false);

// Local response normalization over a (inner, channels, batch) view.
struct LrnStages {
  Halide::Func input;  // zero outside the channels
  Halide::Func squares, output;
  Halide::Var i{"i"}, c{"c"}, n{"n"};
};

LrnStages defineLrn(const Halide::ImageParam &input, int inner, int channels, int batch,
                    int size, float alpha, float beta, float bias);

//===----------------------------------------------------------------------===//
// Training kernels
//===----------------------------------------------------------------------===//

// dlc.conv2d_grad_weight, with the convolution's parameters (the weight's
// shape from the result). Products are summed per x lane in `partial`
// (lanes, kx, ky, c, o), over blocks of `lanes` output columns, rows and
// the batch, then the lanes are added: the reduction vectorizes along x.
struct Conv2dGradWeightStages {
  Halide::Func input, gradOutput;  // zero-extended
  Halide::Func partial, output;
  Halide::Var lane{"lane"}, kx{"kx"}, ky{"ky"}, c{"c"}, o{"o"};
  Halide::RDom r;  // (x block, y, n)
};

Conv2dGradWeightStages defineConv2dGradWeight(const Halide::ImageParam &input,
                                              const Halide::ImageParam &gradOutput,
                                              const Conv2dParams &p, int lanes);

// The same without groups, as a matrix product over the pixels (n, y, x):
// `sum` (o, kx, ky, c) accumulates the gradient transposed to put output
// channels innermost, `gradTransposed` (o, x, y, n), times the
// zero-extended input; the output is `sum` back in the weight's layout.
struct Conv2dGradWeightGemmStages {
  bool padded = false; // input: zero-extended, else the input itself
  Halide::Func input, gradSource, gradTransposed, sum, output;
  Halide::Var o{"o"}, kx{"kx"}, ky{"ky"}, c{"c"}, x{"x"}, y{"y"}, n{"n"};
  Halide::RDom r;  // (x, y, n) of the output
};

Conv2dGradWeightGemmStages defineConv2dGradWeightGemm(const Halide::ImageParam &input,
                                                      const Halide::ImageParam &gradOutput,
                                                      const Conv2dParams &p);

// dlc.pool2d_grad in gather form: each input position sums the gradients of
// the windows that read it (for max, only where it is the window's first
// maximum, `winner`: the flat input position y * width + x).
struct Pool2dGradStages {
  Halide::Func input, winner, gradOutput, output;
  Halide::Var x{"x"}, y{"y"}, c{"c"}, n{"n"};
};

Pool2dGradStages definePool2dGrad(const Halide::ImageParam &input,
                                  const Halide::ImageParam &gradOutput, const Pool2dParams &p);

// dlc.gather_grad, a scatter-add: the result is zeroed, then each position
// `r` of the indices adds its slice of the gradient to the row it names.
// Dimensions in Halide order: `axis` is the gathered one.
struct GatherGradStages {
  Halide::Func output;
  std::vector<Halide::Var> vars;
  Halide::RDom r;
  int axis = 0;
};

GatherGradStages defineGatherGrad(const Halide::ImageParam &gradOutput,
                                  const Halide::ImageParam &indices,
                                  const std::vector<int> &indicesExtents, int rank, int axis,
                                  int axisExtent);

enum class LossKind { CrossEntropy, Mse, BceWithLogits };

struct LossParams {
  LossKind kind;
  int rows, classes;  // cross_entropy: NxC; else `classes` elements in `rows` 1
  bool sum;           // reduction "sum", else "mean"
  float labelSmoothing;
};

// dlc.loss (output: one value) or, with `gradLoss`, dlc.loss_grad (output:
// the prediction's shape, Halide (c, n)). `rowStats` is the cross-entropy's
// log-sum-exp per row.
struct LossStages {
  Halide::Func logSumExp, terms, output;
  Halide::Var c{"c"}, n{"n"};
};

LossStages defineLoss(const Halide::ImageParam &prediction, const Halide::ImageParam &target,
                      const LossParams &p, const Halide::ImageParam *gradLoss = nullptr);

struct OptimizerParams {
  std::string optimizer, component;
  float momentum, dampening, beta1, beta2, alpha, eps, weightDecay;
};

// dlc.optimizer_update over 1-D views of the parameter, its gradient and
// state; `lr` and `step` hold one value.
ElementwiseStages defineOptimizerUpdate(const Halide::ImageParam &param,
                                        const Halide::ImageParam &grad,
                                        const Halide::ImageParam &lr,
                                        const Halide::ImageParam &step,
                                        const std::vector<Halide::ImageParam> &state,
                                        const OptimizerParams &p);

// Batch normalization in training mode over a (inner, channels, batch)
// view: per-channel sums are taken in `lanes` partial sums along inner
// (`partial`, (lane, c)) when inner is a multiple of lanes.
struct ChannelSums {
  Halide::Func partial, total;  // total: the lanes added (when partial has lanes)
  Halide::Func sum;             // (c, k) for the k-th summed expression
  bool lanes = false;
};

// dlc.batch_stats: the output is (c, row), row 0 the mean, 1 the variance.
struct BatchStatsStages {
  ChannelSums means, squares;
  Halide::Func output;
  Halide::Var c{"c"}, row{"row"};
};

// `view` is (inner, channels, batch) or (x, y, channels, batch), Halide
// order.
BatchStatsStages defineBatchStats(const Halide::Func &input, const std::vector<int> &view,
                                  int lanes);

// dlc.batch_norm_train: the inference batch norm's stages with the
// coefficient and shift from the batch's statistics, and the element-wise
// chain fused after it (a ReLU, a residual add) when there is one.
// `input` is viewed as (i, c, n) or, with 4 dimensions, (i, y, c, n).
BatchNormStages defineBatchNormTrain(const Halide::Func &input, const Halide::ImageParam &scale,
                                     const Halide::ImageParam &bias, const Halide::Func &stats,
                                     float epsilon, const Epilogue *epilogue = nullptr);

// dlc.batch_norm_param_grad (output (c, row): row 0 the sum of g * x_hat,
// row 1 of g) and dlc.batch_norm_input_grad (`output` over the view).
struct BatchNormGradStages {
  Halide::Func inverse;  // per channel 1 / sqrt(var + eps)
  ChannelSums sums;
  Halide::Func output;
  Halide::Var i{"i"}, c{"c"}, n{"n"}, row{"row"};
};

struct BatchNormGradParams {
  int inner, channels, batch, lanes;
  float epsilon;
  bool relu;
};

BatchNormGradStages defineBatchNormParamGrad(const Halide::ImageParam &input,
                                             const Halide::ImageParam &grad,
                                             const Halide::ImageParam &scale,
                                             const Halide::ImageParam &bias,
                                             const Halide::ImageParam &stats,
                                             const BatchNormGradParams &p);
BatchNormGradStages defineBatchNormInputGrad(const Halide::ImageParam &input,
                                             const Halide::ImageParam &grad,
                                             const Halide::ImageParam &scale,
                                             const Halide::ImageParam &bias,
                                             const Halide::ImageParam &stats,
                                             const Halide::ImageParam &paramGrad,
                                             const BatchNormGradParams &p);

// dlc.dropout in training mode over a 1-D view of the input; `step` holds
// one value.
ElementwiseStages defineDropout(const Halide::ImageParam &input, const Halide::ImageParam &step,
                                float ratio, uint32_t seed);

// dlc.constant: every element `value`, over `rank` dimensions.
ElementwiseStages defineConstant(float value, size_t rank);

} // namespace dlc::halide
