// The kernels of the ops training steps are built from (convolution and
// pooling gradients, losses, optimizer updates, batch norm in training
// mode, constants): each op's algorithm and CPU schedule.
#include "compiler/codegen/halide/TrainingKernels.h"

#include "compiler/codegen/halide/KernelAssembler.h"
#include "dialects/dlc/IR/DLCOps.h"

using namespace mlir;

namespace dlc::halide {
namespace {

// The parameters of the convolution a training op differentiates: `input`
// and the convolution's output shape `output`, weight shape `weight`.
Conv2dParams convParamsOf(Value input, ArrayRef<int64_t> weight, ArrayRef<int64_t> output,
                          ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                          ArrayRef<int64_t> dilations, int64_t groups) {
  Conv2dParams p;
  p.batch = dim(input, 0), p.channels = dim(input, 1), p.height = dim(input, 2);
  p.width = dim(input, 3);
  p.outChannels = static_cast<int>(weight[0]), p.kernelH = static_cast<int>(weight[2]);
  p.kernelW = static_cast<int>(weight[3]);
  p.outHeight = static_cast<int>(output[2]), p.outWidth = static_cast<int>(output[3]);
  p.strideH = static_cast<int>(strides[0]), p.strideW = static_cast<int>(strides[1]);
  p.dilationH = static_cast<int>(dilations[0]), p.dilationW = static_cast<int>(dilations[1]);
  p.groups = static_cast<int>(groups);
  p.padTop = static_cast<int>(padding[0]), p.padLeft = static_cast<int>(padding[1]);
  p.padBottom = static_cast<int>(padding[2]), p.padRight = static_cast<int>(padding[3]);
  p.hasBias = false;
  return p;
}

KernelDef buildConv2dGradWeight(Conv2dGradWeightOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  Conv2dParams p = convParamsOf(op.getInput(), cast<ShapedType>(op.getType()).getShape(),
                                cast<ShapedType>(op.getGradOutput().getType()).getShape(),
                                op.getStrides(), op.getPadding(), op.getDilations(),
                                static_cast<int64_t>(op.getGroups()));
  Halide::ImageParam input = a.addInput(op.getInput());
  Halide::ImageParam gradOutput = a.addInput(op.getGradOutput());
  if (p.groups == 1 && p.outChannels % cpu.lanes == 0) {
    Conv2dGradWeightGemmStages s = defineConv2dGradWeightGemm(input, gradOutput, p);
    scheduleConv2dGradWeightGemmCpu(s, p, cpu);
    return a.finish(s.output, halideExtents(op.getResult()));
  }
  int lanes = schedule::vectorWidth(p.outWidth, cpu.lanes);
  lanes = std::max(lanes, 1);
  Conv2dGradWeightStages s = defineConv2dGradWeight(input, gradOutput, p, lanes);
  scheduleConv2dGradWeightCpu(s, p, lanes);
  return a.finish(s.output, halideExtents(op.getResult()));
}

KernelDef buildPool2dGrad(Pool2dGradOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  Pool2dParams p;
  Value in = op.getInput(), gradOut = op.getGradOutput();
  p.batch = dim(in, 0), p.channels = dim(in, 1), p.height = dim(in, 2), p.width = dim(in, 3);
  p.outHeight = dim(gradOut, 2), p.outWidth = dim(gradOut, 3);
  p.kernelH = static_cast<int>(op.getKernel()[0]), p.kernelW = static_cast<int>(op.getKernel()[1]);
  p.strideH = static_cast<int>(op.getStrides()[0]);
  p.strideW = static_cast<int>(op.getStrides()[1]);
  p.padTop = static_cast<int>(op.getPadding()[0]), p.padLeft = static_cast<int>(op.getPadding()[1]);
  p.padBottom = static_cast<int>(op.getPadding()[2]);
  p.padRight = static_cast<int>(op.getPadding()[3]);
  p.isMax = op.getKind() == "max";
  p.countIncludePad = op.getKind() == "avg_include_pad";
  Halide::ImageParam input = a.addInput(in), gradOutput = a.addInput(gradOut);
  Pool2dGradStages s = definePool2dGrad(input, gradOutput, p);
  schedulePool2dGradCpu(s, p, cpu);
  return a.finish(s.output, halideExtents(op.getResult()));
}

KernelDef buildGatherGrad(GatherGradOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  int rank = static_cast<int>(op.getResult().getType().getRank());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis += axis < 0 ? rank : 0;
  Halide::ImageParam gradOutput = a.addInput(op.getGradOutput());
  Halide::ImageParam indices = a.addInput(op.getIndices());
  std::vector<int> outShape = halideExtents(op.getResult());
  GatherGradStages s = defineGatherGrad(gradOutput, indices, halideExtents(op.getIndices()), rank,
                                        rank - 1 - static_cast<int>(axis),
                                        dim(op.getResult(), static_cast<int>(axis)));
  scheduleGatherGradCpu(s, outShape, op.getIndices().getType().getNumElements(), cpu);
  return a.finish(s.output, outShape);
}

// dlc.loss and dlc.loss_grad: the prediction as (classes, rows) for
// cross_entropy, else as one row of every element.
template <typename LossLikeOp>
KernelDef buildLoss(LossLikeOp op, const CpuTarget &cpu, bool gradient) {
  KernelAssembler a;
  LossParams p;
  StringRef kind = op.getKind();
  p.kind = kind == "cross_entropy" ? LossKind::CrossEntropy
           : kind == "mse"         ? LossKind::Mse
                                   : LossKind::BceWithLogits;
  p.sum = op.getReduction() == "sum";
  p.labelSmoothing = static_cast<float>(op.getLabelSmoothing().convertToDouble());
  Value prediction = op.getPrediction();
  std::optional<Halide::ImageParam> predictions, targets;
  if (p.kind == LossKind::CrossEntropy) {
    p.rows = dim(prediction, 0), p.classes = dim(prediction, 1);
    predictions = a.addInput(prediction);
    targets = a.addInput(op.getTarget());
  } else {
    p.rows = 1;
    p.classes = static_cast<int>(cast<ShapedType>(prediction.getType()).getNumElements());
    predictions = a.addView({p.classes, 1});
    targets = a.addView({p.classes, 1});
  }
  std::optional<Halide::ImageParam> gradLoss;
  if constexpr (std::is_same_v<LossLikeOp, LossGradOp>)
    gradLoss = a.addInput(op.getGradLoss());
  LossStages s = defineLoss(*predictions, *targets, p, gradLoss ? &*gradLoss : nullptr);
  scheduleLossCpu(s, p, gradient, cpu);
  if (gradient)
    return a.finish(s.output, {p.classes, p.rows});
  return a.finish(s.output, {1});
}

KernelDef buildOptimizerUpdate(OptimizerUpdateOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  OptimizerParams p;
  p.optimizer = op.getOptimizer().str(), p.component = op.getComponent().str();
  auto value = [](APFloat f) { return static_cast<float>(f.convertToDouble()); };
  p.momentum = value(op.getMomentum()), p.dampening = value(op.getDampening());
  p.beta1 = value(op.getBeta1()), p.beta2 = value(op.getBeta2());
  p.alpha = value(op.getAlpha()), p.eps = value(op.getEps());
  p.weightDecay = value(op.getWeightDecay());
  Halide::ImageParam param = a.addFlatInput(op.getParam());
  Halide::ImageParam grad = a.addFlatInput(op.getGrad());
  Halide::ImageParam lr = a.addFlatInput(op.getLr()), step = a.addFlatInput(op.getStep());
  std::vector<Halide::ImageParam> state;
  for (Value v : op.getState())
    state.push_back(a.addFlatInput(v));
  ElementwiseStages s = defineOptimizerUpdate(param, grad, lr, step, state, p);
  int count = a.def.inputs.front().extents[0];
  scheduleElementwiseCpu(s, {count}, cpu);
  return a.finish(s.output, {count});
}

// A training batch norm's tensors as (inner, channels, batch).
std::vector<int> channelView(Value v) {
  ArrayRef<int64_t> shape = cast<ShapedType>(v.getType()).getShape();
  return {product(shape, 2, shape.size()), static_cast<int>(shape[1]),
          static_cast<int>(shape[0])};
}

KernelDef buildBatchStats(BatchStatsOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> view = channelView(op.getInput());
  Halide::ImageParam input = a.addView(view);
  BatchStatsStages s = defineBatchStats(input, view, cpu.lanes);
  scheduleBatchStatsCpu(s, view[0], view[1], view[2], cpu);
  return a.finish(s.output, {view[1], 2});
}


template <typename GradOp>
KernelDef buildBatchNormGrad(GradOp op, const CpuTarget &cpu) {
  constexpr bool input = std::is_same_v<GradOp, BatchNormInputGradOp>;
  KernelAssembler a;
  std::vector<int> view = channelView(op.getInput());
  BatchNormGradParams p{view[0], view[1], view[2], cpu.lanes, op.getEpsilon().convertToFloat(),
                        op.getRelu()};
  Halide::ImageParam x = a.addView(view), grad = a.addView(view);
  Halide::ImageParam scale = a.addInput(op.getScale()), bias = a.addInput(op.getBias());
  Halide::ImageParam stats = a.addInput(op.getStats());
  if constexpr (input) {
    Halide::ImageParam paramGrad = a.addInput(op.getParamGrad());
    BatchNormGradStages s = defineBatchNormInputGrad(x, grad, scale, bias, stats, paramGrad, p);
    scheduleBatchNormGradCpu(s, p, true, cpu);
    return a.finish(s.output, view);
  } else {
    BatchNormGradStages s = defineBatchNormParamGrad(x, grad, scale, bias, stats, p);
    scheduleBatchNormGradCpu(s, p, false, cpu);
    return a.finish(s.output, {view[1], 2});
  }
}

// Without a step (eval mode) the kernel copies: frontends' dropouts are
// erased before codegen, so only dlc-opt's input reaches that.
KernelDef buildDropout(DropoutOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  Halide::ImageParam input = a.addFlatInput(op.getInput());
  int count = a.def.inputs.front().extents[0];
  ElementwiseStages s;
  if (op.getStep()) {
    Halide::ImageParam step = a.addFlatInput(op.getStep());
    s = defineDropout(input, step, static_cast<float>(op.getRatio().convertToDouble()),
                      static_cast<uint32_t>(op.getSeed()));
  } else {
    s.vars = {Halide::Var("i")};
    s.output = Halide::Func("dropout_eval");
    s.output(s.vars[0]) = input(s.vars[0]);
  }
  scheduleElementwiseCpu(s, {count}, cpu);
  return a.finish(s.output, {count});
}

KernelDef buildConstant(ConstantOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> shape = halideExtents(op.getResult());
  ElementwiseStages s =
      defineConstant(static_cast<float>(op.getValue().convertToDouble()), shape.size());
  scheduleElementwiseCpu(s, shape, cpu);
  return a.finish(s.output, shape);
}

} // namespace

KernelDef buildBatchNormTrain(BatchNormTrainOp op, const CpuTarget &cpu, FusedOp group) {
  KernelAssembler a;
  std::vector<int> view = channelView(op.getInput());
  Halide::ImageParam input = a.addView(view);
  Halide::ImageParam scale = a.addInput(op.getScale()), bias = a.addInput(op.getBias());
  Halide::ImageParam stats = a.addInput(op.getStats());
  std::optional<Epilogue> epilogue = epilogueOf(group, a, view, view[1]);
  BatchNormStages s = defineBatchNormTrain(input, scale, bias, stats,
                                           op.getEpsilon().convertToFloat(),
                                           epilogue ? &*epilogue : nullptr);
  scheduleBatchNormCpu(s, view[0], view[1], view[2], cpu);
  return a.finish(s.output, view);
}

KernelDef buildConvBatchNormTrain(FusedOp group, const CpuTarget &cpu) {
  auto conv = cast<Conv2dOp>(group.getProducer());
  auto norm = cast<BatchNormTrainOp>(group.getChainHead());
  KernelAssembler a;
  Conv2dKernel convolution = addConv2d(a, conv, cpu);
  const std::vector<int> &view = convolution.outView;
  Halide::ImageParam scale = a.addInput(norm.getScale()), bias = a.addInput(norm.getBias());
  int channels = dim(conv.getResult(), 1), batch = view.back();
  std::optional<Epilogue> epilogue = epilogueOf(group, a, view, channels);
  // Read back from the convolution's output buffer, as the separate
  // kernels would: the statistics need all of it before any normalizing.
  BatchStatsStages stats = defineBatchStats(convolution.output, view, cpu.lanes);
  int inner = 1;
  for (size_t d = 0; d + 2 < view.size(); ++d)
    inner *= view[d];
  scheduleBatchStatsCpu(stats, inner, channels, batch, cpu);
  BatchNormStages s =
      defineBatchNormTrain(convolution.output, scale, bias, stats.output,
                           norm.getEpsilon().convertToFloat(), epilogue ? &*epilogue : nullptr);
  scheduleBatchNormCpu(s, view[0], inner / view[0] * channels, batch, cpu);
  return a.finish({{convolution.output, view}, {stats.output, {channels, 2}}, {s.output, view}});
}

std::optional<KernelDef> buildTrainingKernel(Operation *op, const CpuTarget &cpu) {
  if (auto gradWeight = dyn_cast<Conv2dGradWeightOp>(op))
    return buildConv2dGradWeight(gradWeight, cpu);
  if (auto poolGrad = dyn_cast<Pool2dGradOp>(op))
    return buildPool2dGrad(poolGrad, cpu);
  if (auto gatherGrad = dyn_cast<GatherGradOp>(op))
    return buildGatherGrad(gatherGrad, cpu);
  if (auto loss = dyn_cast<LossOp>(op))
    return buildLoss(loss, cpu, false);
  if (auto lossGrad = dyn_cast<LossGradOp>(op))
    return buildLoss(lossGrad, cpu, true);
  if (auto update = dyn_cast<OptimizerUpdateOp>(op))
    return buildOptimizerUpdate(update, cpu);
  if (auto drop = dyn_cast<DropoutOp>(op))
    return buildDropout(drop, cpu);
  if (auto constant = dyn_cast<ConstantOp>(op))
    return buildConstant(constant, cpu);
  if (auto stats = dyn_cast<BatchStatsOp>(op))
    return buildBatchStats(stats, cpu);
  if (auto norm = dyn_cast<BatchNormTrainOp>(op))
    return buildBatchNormTrain(norm, cpu);
  if (auto paramGrad = dyn_cast<BatchNormParamGradOp>(op))
    return buildBatchNormGrad(paramGrad, cpu);
  if (auto inputGrad = dyn_cast<BatchNormInputGradOp>(op))
    return buildBatchNormGrad(inputGrad, cpu);
  return std::nullopt;
}

} // namespace dlc::halide
