#include "compiler/codegen/halide/KernelBuilder.h"

#include "compiler/codegen/halide/KernelAssembler.h"
#include "compiler/codegen/halide/TrainingKernels.h"
#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace dlc::halide {
namespace {

// Inside a dlc.fused body, the group's input that block argument `v`
// stands for; any other value is itself.
Value outsideValue(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    if (auto group = dyn_cast_or_null<FusedOp>(arg.getOwner()->getParentOp()))
      return group.getInputs()[arg.getArgNumber()];
  return v;
}

// Whether `v` is a model weight (possibly reshaped): only those can be
// repacked at compile time.
bool isConstantWeight(Value v) {
  v = outsideValue(v);
  while (auto reshape = v.getDefiningOp<ReshapeOp>())
    v = reshape.getInput();
  return static_cast<bool>(v.getDefiningOp<WeightOp>());
}

std::optional<UnaryFunction> unaryFunctionOf(Operation *op);
std::optional<BinaryKind> binaryKindOf(Operation *op);

} // namespace

std::optional<Epilogue> epilogueOf(FusedOp group, KernelAssembler &a,
                                   const std::vector<int> &outView, int channels) {
  if (!group)
    return std::nullopt;
  Epilogue e;
  Operation *head = group.getChainHead();
  Value chained = head->getResult(0);
  auto result = cast<ShapedType>(chained.getType());
  // The chain's values in order, as Epilogue::Step::earlier counts them.
  std::vector<Value> values = {chained};
  for (Operation &op : llvm::make_range(std::next(head->getIterator()),
                                        group.getBody().front().without_terminator().end())) {
    Epilogue::Step step;
    if ((step.unary = unaryFunctionOf(&op))) {
      e.steps.push_back(step);
      chained = op.getResult(0);
      values.push_back(chained);
      continue;
    }
    std::optional<BinaryKind> kind = binaryKindOf(&op);
    if (!kind)
      throw Halide::CompileError("no epilogue form for " + op.getName().getStringRef().str());
    step.binary = *kind;
    step.chainedIsLhs = op.getOperand(0) == chained;
    Value other = op.getOperand(step.chainedIsLhs ? 1 : 0);
    chained = op.getResult(0);
    if (auto earlier = llvm::find(values, other); earlier != values.end()) {
      step.earlier = static_cast<int>(earlier - values.begin());
      e.steps.push_back(step);
      values.push_back(chained);
      continue;
    }
    auto arg = dyn_cast<BlockArgument>(other);
    if (!arg || arg.getArgNumber() != group.getFirstChainArgument() + e.operands.size())
      throw Halide::CompileError("an epilogue operand is not the next group input");
    auto type = cast<ShapedType>(other.getType());
    Epilogue::Form form = type == result                ? Epilogue::Form::Full
                          : type.getNumElements() == 1 ? Epilogue::Form::Scalar
                                                       : Epilogue::Form::PerChannel;
    std::vector<int> view = form == Epilogue::Form::Full         ? outView
                            : form == Epilogue::Form::PerChannel ? std::vector<int>{channels}
                                                                 : std::vector<int>{1};
    step.operand = static_cast<int>(e.operands.size());
    e.operands.push_back({a.addView(view), form});
    e.steps.push_back(step);
    values.push_back(chained);
  }
  return e;
}

namespace {


// The weight as the channel-block kernel reads it, packed inside the kernel
// (Halide (b, c, kx, ky, ob), as OutputChannelBlocks) when it is not a
// constant the compiler could pack: a training step's parameter.
Halide::Func packedInKernel(const Halide::Func &weight, int block) {
  Halide::Var b("b"), c("c"), kx("kx"), ky("ky"), ob("ob");
  Halide::Func packed("packed_weight");
  packed(b, c, kx, ky, ob) = weight(kx, ky, c, ob * block + b);
  return packed;
}

// Defines and schedules `p`'s convolution of `input` by `weight` (a Func
// in the model's layout, or already packed when `layout` is a channel-block
// layout), choosing the channel-block kernel when it pays.
Conv2dKernel scheduledConv2d(KernelAssembler &a, Conv2dParams p, const Halide::Func &input,
                             Halide::Func weight, WeightLayout layout,
                             const std::optional<Halide::ImageParam> &bias, const CpuTarget &cpu,
                             FusedOp group) {
  std::optional<Halide::Func> packed;
  if (layout == WeightLayout::AsIs && p.groups == 1 && p.outChannels % 8 == 0 &&
      prefersChannelVectors(p, cpu)) {
    p.channelBlock = channelBlockFor(p.outChannels, cpu);
    packed = packedInKernel(weight, p.channelBlock);
    weight = *packed;
  } else {
    p.channelBlock = channelBlockOf(layout);
  }
  p.flatPixels = p.channelBlock && flattensPixels(p);
  p.flatPlanes = flattensPlanes(p, cpu);
  p.stridedRows = readsStridedRows(p, cpu);
  std::vector<int> outView = conv2dOutputView(p);
  std::optional<Epilogue> epilogue = epilogueOf(group, a, outView, p.outChannels);
  Conv2dStages s = defineConv2d(input, weight, bias, p, epilogue ? &*epilogue : nullptr);
  scheduleConv2dCpu(s, p, cpu);
  // Contiguous vector stores (the reads are strided: gathers), blocks of
  // output channels in parallel: packed serially, the weight of a
  // 512-channel 3x3 convolution left the second thread idle. The taps
  // inside the input channels, so that each gather's lines (the block's
  // rows of the weight) are read once, not once per tap (3x3 512->512, one
  // thread, weight not in cache: 1.46 -> 0.67 ms).
  if (packed) {
    schedule::copyAtRoot(
        *packed, p.channelBlock, cpu.lanes,
        schedule::worthParallel(double(p.outChannels) * p.channels * p.kernelH * p.kernelW));
    std::vector<Halide::Var> vars = packed->args(); // (b, c, kx, ky, ob)
    packed->reorder(vars[0], vars[2], vars[3], vars[1], vars[4]);
  }
  return {s.output, outView};
}

KernelDef finishConv2d(KernelAssembler &a, Conv2dParams p, const Halide::Func &input,
                       Halide::Func weight, WeightLayout layout,
                       const std::optional<Halide::ImageParam> &bias, const CpuTarget &cpu,
                       FusedOp group = nullptr) {
  Conv2dKernel conv = scheduledConv2d(a, p, input, weight, layout, bias, cpu, group);
  return a.finish(conv.output, conv.outView);
}

// A 1x1 convolution at stride 1 (runsAsGemm), per image the matrix
// product of the weight [O, C] and the input [C, pixels], pixels flat.
Conv2dKernel addPointwiseConv2d(KernelAssembler &a, Conv2dOp op, const Conv2dParams &p,
                                const CpuTarget &cpu, FusedOp group) {
  int pixels = p.outHeight * p.outWidth;
  std::vector<int> weightShape = {p.channels, p.outChannels, 1};
  std::vector<int> inputShape = {pixels, p.channels, p.batch};
  std::vector<int> outShape = {pixels, p.outChannels, p.batch};
  Halide::ImageParam input = a.addView(inputShape), weight = a.addView(weightShape);
  std::optional<Halide::ImageParam> bias;
  if (p.hasBias)
    bias = a.addInput(op.getBias());
  std::optional<Epilogue> epilogue = epilogueOf(group, a, outShape, p.outChannels);
  MatmulStages s = defineMatmul(weight, input, weightShape, inputShape, outShape,
                                epilogue ? &*epilogue : nullptr, /*channelDim=*/1, bias);
  scheduleMatmulCpu(s, outShape, p.channels, cpu, pointwiseGemmTile(p, cpu));
  return {s.output, outShape};
}

} // namespace

Conv2dKernel addConv2d(KernelAssembler &a, Conv2dOp op, const CpuTarget &cpu, FusedOp group) {
  Conv2dParams p;
  Value in = op.getInput(), w = op.getWeight(), out = op.getResult();
  p.batch = dim(in, 0), p.channels = dim(in, 1), p.height = dim(in, 2), p.width = dim(in, 3);
  p.outChannels = dim(w, 0), p.kernelH = dim(w, 2), p.kernelW = dim(w, 3);
  p.outHeight = dim(out, 2), p.outWidth = dim(out, 3);
  p.strideH = op.getStrides()[0], p.strideW = op.getStrides()[1];
  p.dilationH = op.getDilations()[0], p.dilationW = op.getDilations()[1];
  p.groups = op.getGroups();
  p.padTop = op.getPadding()[0], p.padLeft = op.getPadding()[1];
  p.padBottom = op.getPadding()[2], p.padRight = op.getPadding()[3];
  p.hasBias = static_cast<bool>(op.getBias());
  if (runsAsGemm(p, cpu))
    return addPointwiseConv2d(a, op, p, cpu, group);
  WeightLayout layout = WeightLayout::AsIs;
  if (isConstantWeight(w) && prefersChannelVectors(p, cpu))
    layout = outputChannelBlocks(channelBlockFor(p.outChannels, cpu));
  Halide::ImageParam input = a.addInput(in);
  Halide::ImageParam weight = a.addInput(w, layout);
  std::optional<Halide::ImageParam> bias;
  if (p.hasBias)
    bias = a.addInput(op.getBias());
  return scheduledConv2d(a, p, input, weight, layout, bias, cpu, group);
}

namespace {

KernelDef buildConv2d(Conv2dOp op, const CpuTarget &cpu, FusedOp group = nullptr) {
  KernelAssembler a;
  Conv2dKernel conv = addConv2d(a, op, cpu, group);
  return a.finish(conv.output, conv.outView);
}

// A transposed convolution (the input gradient of a convolution) is a
// convolution of its input, with zeros inserted between the pixels when
// strided, by the weight flipped in space and transposed in channels,
// padded by dilation * (K - 1) - pad: the conv2d kernels then run it (with
// stride 2, 3 in 4 of their products are by inserted zeros). Null when the
// padding would be negative.
std::optional<KernelDef> convTransposeAsConv(ConvTranspose2dOp op, const CpuTarget &cpu) {
  Value in = op.getInput(), w = op.getWeight(), out = op.getResult();
  int strideH = static_cast<int>(op.getStrides()[0]), strideW = static_cast<int>(op.getStrides()[1]);
  Conv2dParams p;
  p.batch = dim(in, 0), p.channels = dim(in, 1);
  p.height = (dim(in, 2) - 1) * strideH + 1, p.width = (dim(in, 3) - 1) * strideW + 1;
  p.outChannels = dim(out, 1), p.kernelH = dim(w, 2), p.kernelW = dim(w, 3);
  p.outHeight = dim(out, 2), p.outWidth = dim(out, 3);
  p.strideH = p.strideW = 1;
  p.dilationH = static_cast<int>(op.getDilations()[0]);
  p.dilationW = static_cast<int>(op.getDilations()[1]);
  p.groups = static_cast<int>(op.getGroups());
  p.padTop = p.dilationH * (p.kernelH - 1) - static_cast<int>(op.getPadding()[0]);
  p.padLeft = p.dilationW * (p.kernelW - 1) - static_cast<int>(op.getPadding()[1]);
  p.padBottom = p.outHeight - p.height - p.padTop + p.dilationH * (p.kernelH - 1);
  p.padRight = p.outWidth - p.width - p.padLeft + p.dilationW * (p.kernelW - 1);
  if (p.padTop < 0 || p.padLeft < 0 || p.padBottom < 0 || p.padRight < 0)
    return std::nullopt;
  p.hasBias = static_cast<bool>(op.getBias());
  KernelAssembler a;
  Halide::ImageParam input = a.addInput(in), weight = a.addInput(w);
  std::optional<Halide::ImageParam> bias;
  if (p.hasBias)
    bias = a.addInput(op.getBias());
  Halide::Func source = input;
  if (strideH > 1 || strideW > 1) {
    Halide::Var x("x"), y("y"), c("c"), n("n");
    Halide::Func spread("zeros_inserted");
    spread(x, y, c, n) = Halide::select(x % strideW == 0 && y % strideH == 0,
                                        input(x / strideW, y / strideH, c, n), 0.f);
    spread.compute_root();
    source = spread;
  }
  // weight is [C_in, C_out / G, KH, KW], Halide (kx, ky, o, i).
  int inPerGroup = p.channels / p.groups, outPerGroup = p.outChannels / p.groups;
  Halide::Var kx("kx"), ky("ky"), i("i"), k("k");
  Halide::Func flipped("flipped_weight");
  flipped(kx, ky, i, k) = weight(p.kernelW - 1 - kx, p.kernelH - 1 - ky, k % outPerGroup,
                                 (k / outPerGroup) * inPerGroup + i);
  return finishConv2d(a, p, source, flipped, WeightLayout::AsIs, bias, cpu);
}

KernelDef buildConvTranspose2d(ConvTranspose2dOp op, const CpuTarget &cpu) {
  if (std::optional<KernelDef> asConv = convTransposeAsConv(op, cpu))
    return std::move(*asConv);
  KernelAssembler a;
  ConvTranspose2dParams p;
  Value in = op.getInput(), w = op.getWeight(), out = op.getResult();
  p.batch = dim(in, 0), p.channels = dim(in, 1), p.height = dim(in, 2), p.width = dim(in, 3);
  p.outChannels = dim(out, 1), p.kernelH = dim(w, 2), p.kernelW = dim(w, 3);
  p.outHeight = dim(out, 2), p.outWidth = dim(out, 3);
  p.strideH = op.getStrides()[0], p.strideW = op.getStrides()[1];
  p.dilationH = op.getDilations()[0], p.dilationW = op.getDilations()[1];
  p.groups = op.getGroups();
  p.padTop = op.getPadding()[0], p.padLeft = op.getPadding()[1];
  p.hasBias = static_cast<bool>(op.getBias());
  Halide::ImageParam input = a.addInput(in), weight = a.addInput(w);
  std::optional<Halide::ImageParam> bias;
  if (p.hasBias)
    bias = a.addInput(op.getBias());
  ConvTranspose2dStages s = defineConvTranspose2d(input, weight, bias, p);
  scheduleConvTranspose2dCpu(s, p, cpu);
  return a.finish(s.output, halideExtents(out));
}

template <typename PoolOp>
KernelDef buildPool2d(PoolOp op, bool isMax, bool countIncludePad, const CpuTarget &cpu) {
  KernelAssembler a;
  Pool2dParams p;
  Value in = op.getInput(), out = op.getResult();
  p.batch = dim(in, 0), p.channels = dim(in, 1), p.height = dim(in, 2), p.width = dim(in, 3);
  p.outHeight = dim(out, 2), p.outWidth = dim(out, 3);
  p.kernelH = op.getKernel()[0], p.kernelW = op.getKernel()[1];
  p.strideH = op.getStrides()[0], p.strideW = op.getStrides()[1];
  p.padTop = op.getPadding()[0], p.padLeft = op.getPadding()[1];
  p.padBottom = op.getPadding()[2], p.padRight = op.getPadding()[3];
  p.isMax = isMax, p.countIncludePad = countIncludePad;
  Pool2dStages s = definePool2d(a.addInput(in), p);
  schedulePool2dCpu(s, p, cpu);
  return a.finish(s.output, halideExtents(out));
}

KernelDef buildLinear(LinearOp op, const CpuTarget &cpu, FusedOp group = nullptr) {
  KernelAssembler a;
  LinearParams p;
  p.batch = dim(op.getInput(), 0), p.inFeatures = dim(op.getInput(), 1);
  p.outFeatures = dim(op.getWeight(), 0);
  p.hasBias = static_cast<bool>(op.getBias());
  p.transposedWeight = isConstantWeight(op.getWeight());
  if (p.transposedWeight && p.outFeatures % cpu.lanes == 0)
    p.panel = cpu.lanes;
  WeightLayout layout = p.panel              ? linearPanels(cpu.lanes)
                        : p.transposedWeight ? WeightLayout::Transposed2D
                                             : WeightLayout::AsIs;
  Halide::ImageParam input = a.addInput(op.getInput());
  Halide::ImageParam weight = a.addInput(op.getWeight(), layout);
  std::optional<Halide::ImageParam> bias;
  if (p.hasBias)
    bias = a.addInput(op.getBias());
  std::optional<Epilogue> epilogue =
      epilogueOf(group, a, halideExtents(op.getResult()), p.outFeatures);
  LinearStages s = defineLinear(input, weight, bias, p, epilogue ? &*epilogue : nullptr);
  scheduleLinearCpu(s, p, cpu);
  return a.finish(s.output, halideExtents(op.getResult()));
}

// The kernel function of a one-operand element-wise op, if `op` is one.
// (An if-chain: GCC 12 under the sanitizers warns on a TypeSwitch of this
// optional.)
std::optional<UnaryFunction> unaryFunctionOf(Operation *op) {
  static const std::pair<TypeID, UnaryKind> kPlain[] = {
      {TypeID::get<ReluOp>(), UnaryKind::Relu},       {TypeID::get<TanhOp>(), UnaryKind::Tanh},
      {TypeID::get<SigmoidOp>(), UnaryKind::Sigmoid}, {TypeID::get<ExpOp>(), UnaryKind::Exp},
      {TypeID::get<LogOp>(), UnaryKind::Log},         {TypeID::get<SqrtOp>(), UnaryKind::Sqrt},
      {TypeID::get<ErfOp>(), UnaryKind::Erf},         {TypeID::get<NegOp>(), UnaryKind::Neg},
      {TypeID::get<AbsOp>(), UnaryKind::Abs},         {TypeID::get<SiluOp>(), UnaryKind::Silu},
      {TypeID::get<SoftplusOp>(), UnaryKind::Softplus},
      {TypeID::get<HardSwishOp>(), UnaryKind::HardSwish}};
  UnaryFunction f{UnaryKind::Relu};
  for (auto [id, kind] : kPlain)
    if (op->getName().getTypeID() == id) {
      f.kind = kind;
      return f;
    }
  if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
    f.kind = UnaryKind::LeakyRelu;
    f.alpha = leaky.getAlpha().convertToFloat();
  } else if (auto elu = dyn_cast<EluOp>(op)) {
    f.kind = UnaryKind::Elu;
    f.alpha = elu.getAlpha().convertToFloat();
  } else if (auto hard = dyn_cast<HardSigmoidOp>(op)) {
    f.kind = UnaryKind::HardSigmoid;
    f.alpha = hard.getAlpha().convertToFloat();
    f.beta = hard.getBeta().convertToFloat();
  } else if (auto clip = dyn_cast<ClipOp>(op)) {
    f.kind = UnaryKind::Clip;
    if (clip.getMin())
      f.lower = clip.getMin()->convertToFloat();
    if (clip.getMax())
      f.upper = clip.getMax()->convertToFloat();
  } else if (auto gelu = dyn_cast<GeluOp>(op)) {
    f.kind = gelu.getApproximate() == "tanh" ? UnaryKind::GeluTanh : UnaryKind::GeluErf;
  } else {
    return std::nullopt;
  }
  return f;
}

std::optional<BinaryKind> binaryKindOf(Operation *op) {
  using R = std::optional<BinaryKind>;
  return llvm::TypeSwitch<Operation *, R>(op)
      .Case([](AddOp) { return BinaryKind::Add; })
      .Case([](SubOp) { return BinaryKind::Sub; })
      .Case([](MulOp) { return BinaryKind::Mul; })
      .Case([](DivOp) { return BinaryKind::Div; })
      .Case([](PowOp) { return BinaryKind::Pow; })
      .Case([](MinOp) { return BinaryKind::Min; })
      .Case([](MaxOp) { return BinaryKind::Max; })
      .Case([](PreluOp) { return BinaryKind::Prelu; })
      .Case([](EqualOp) { return BinaryKind::Equal; })
      .Case([](LessOp) { return BinaryKind::Less; })
      .Case([](LessEqualOp) { return BinaryKind::LessEqual; })
      .Case([](GreaterOp) { return BinaryKind::Greater; })
      .Case([](GreaterEqualOp) { return BinaryKind::GreaterEqual; })
      .Case([](ReluGradOp) { return BinaryKind::ReluGrad; })
      .Case([](TanhGradOp) { return BinaryKind::TanhGrad; })
      .Case([](SigmoidGradOp) { return BinaryKind::SigmoidGrad; })
      .Default([](Operation *) { return std::nullopt; });
}

KernelDef buildUnary(Operation *op, const UnaryFunction &f, const CpuTarget &cpu) {
  KernelAssembler a;
  Halide::ImageParam input = a.addFlatInput(op->getOperand(0));
  ElementwiseStages s = defineUnary(input, f);
  int count = a.def.inputs.back().extents[0];
  scheduleElementwiseCpu(s, {count}, cpu);
  return a.finish(s.output, {count});
}

KernelDef buildBinary(Operation *op, BinaryKind kind, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> outShape = halideExtents(op->getResult(0));
  auto padded = [&](Value v) {
    std::vector<int> shape = halideExtents(v);
    shape.resize(outShape.size(), 1);  // missing leading dims are 1s (Halide's outer dims)
    return shape;
  };
  std::vector<int> lhsShape = padded(op->getOperand(0)), rhsShape = padded(op->getOperand(1));
  Halide::ImageParam lhs = a.addView(lhsShape), rhs = a.addView(rhsShape);
  ElementwiseStages s = defineBinary(lhs, rhs, lhsShape, rhsShape, outShape, kind);
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}


KernelDef buildBatchNorm(BatchNormOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = op.getInput().getType().getShape();
  int inner = product(shape, 2, shape.size()), channels = static_cast<int>(shape[1]);
  int batch = static_cast<int>(shape[0]);
  std::vector<int> view = {inner, channels, batch};
  Halide::ImageParam input = a.addView(view);
  Halide::ImageParam scale = a.addInput(op.getScale()), bias = a.addInput(op.getBias());
  Halide::ImageParam mean = a.addInput(op.getMean()), var = a.addInput(op.getVar());
  BatchNormStages s =
      defineBatchNorm(input, scale, bias, mean, var, op.getEpsilon().convertToFloat());
  scheduleBatchNormCpu(s, inner, channels, batch, cpu);
  return a.finish(s.output, view);
}

KernelDef buildPad(PadOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> inShape = halideExtents(op.getInput()), outShape = halideExtents(op.getResult());
  ArrayRef<int64_t> pads = op.getPads();
  std::vector<int> begin(pads.rbegin() + inShape.size(), pads.rend());  // Halide order
  ElementwiseStages s =
      definePad(a.addInput(op.getInput()), inShape, begin, op.getValue().convertToFloat());
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

// `v`'s shape in Halide order padded with outer 1s to `rank`.
std::vector<int> paddedExtents(Value v, size_t rank) {
  std::vector<int> shape = halideExtents(v);
  shape.resize(rank, 1);
  return shape;
}

KernelDef buildMatmul(MatmulOp op, const CpuTarget &cpu, FusedOp group = nullptr) {
  KernelAssembler a;
  std::vector<int> outShape = halideExtents(op.getResult());
  std::vector<int> lhsShape = paddedExtents(op.getLhs(), outShape.size());
  std::vector<int> rhsShape = paddedExtents(op.getRhs(), outShape.size());
  // One rhs shared by every batch matrix ([S, B, D] x [D, E], how PyTorch's
  // attention projects): the lhs rows of all batches form one matrix, so
  // the register tile spans rows across batches (1 row per batch otherwise).
  if (std::all_of(rhsShape.begin() + 2, rhsShape.end(), [](int e) { return e == 1; })) {
    int rows = product(cast<ShapedType>(op.getLhs().getType()).getShape(), 0,
                       cast<ShapedType>(op.getLhs().getType()).getRank() - 1);
    lhsShape = {lhsShape[0], rows};
    rhsShape = {rhsShape[0], rhsShape[1]};
    outShape = {outShape[0], rows};
    // A model weight as rhs (a projection): the linear kernel's GEMM over
    // weights packed in panels at compile time.
    if (isConstantWeight(op.getRhs()) && op.getRhs().getType().getRank() == 2 &&
        outShape[0] % cpu.lanes == 0) {
      LinearParams p;
      p.batch = rows, p.inFeatures = lhsShape[0], p.outFeatures = outShape[0];
      p.hasBias = false, p.panel = cpu.lanes;
      Halide::ImageParam input = a.addView(lhsShape);
      Halide::ImageParam weight = a.addInput(op.getRhs(), matmulPanels(cpu.lanes));
      std::optional<Epilogue> epilogue = epilogueOf(group, a, outShape, outShape[0]);
      LinearStages s =
          defineLinear(input, weight, std::nullopt, p, epilogue ? &*epilogue : nullptr);
      scheduleLinearCpu(s, p, cpu);
      return a.finish(s.output, outShape);
    }
  }
  Halide::ImageParam lhs = a.addView(lhsShape), rhs = a.addView(rhsShape);
  std::optional<Epilogue> epilogue = epilogueOf(group, a, outShape, outShape[0]);
  MatmulStages s =
      defineMatmul(lhs, rhs, lhsShape, rhsShape, outShape, epilogue ? &*epilogue : nullptr);
  scheduleMatmulCpu(s, outShape, lhsShape[0], cpu);
  return a.finish(s.output, outShape);  // the result's bytes, viewed as outShape
}

KernelDef buildWhere(WhereOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> outShape = halideExtents(op.getResult());
  std::vector<int> condShape = paddedExtents(op.getCond(), outShape.size());
  std::vector<int> aShape = paddedExtents(op.getA(), outShape.size());
  std::vector<int> bShape = paddedExtents(op.getB(), outShape.size());
  Halide::ImageParam cond = a.addView(condShape), first = a.addView(aShape),
                     second = a.addView(bShape);
  ElementwiseStages s = defineWhere(cond, first, second, condShape, aShape, bShape, outShape);
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildTranspose(TransposeOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> perm(op.getPerm().begin(), op.getPerm().end());
  std::vector<int> outShape = halideExtents(op.getResult());
  Halide::ImageParam input = a.addInput(op.getInput());
  ElementwiseStages s = defineTranspose(input, perm);
  // In Halide order: output dimension d reads input dimension
  // rank - 1 - perm[rank - 1 - d].
  int rank = static_cast<int>(perm.size());
  int inputInner = 0;
  for (int d = 0; d < rank; ++d)
    if (perm[rank - 1 - d] == rank - 1)
      inputInner = d;
  scheduleTransposeCpu(s, input, inputInner, rank - 1 - perm[rank - 1], outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildGather(GatherOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  int dataRank = static_cast<int>(op.getData().getType().getRank());
  int indicesRank = static_cast<int>(op.getIndices().getType().getRank());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  axis += axis < 0 ? dataRank : 0;
  int axisHalide = dataRank - 1 - static_cast<int>(axis);
  Halide::ImageParam data = a.addInput(op.getData());
  Halide::ImageParam indices = a.addInput(op.getIndices());
  std::vector<int> outShape = halideExtents(op.getResult());
  ElementwiseStages s = defineGather(data, indices, dataRank, indicesRank, axisHalide,
                                     dim(op.getData(), static_cast<int>(axis)));
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildReduce(Operation *op, ReduceKind kind, const CpuTarget &cpu) {
  KernelAssembler a;
  Value input = op->getOperand(0);
  std::vector<int> inShape = halideExtents(input);
  int rank = static_cast<int>(inShape.size());
  auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
  std::vector<int> reduced, outShape = inShape;
  for (int64_t axis : shapes::normalizedAxes(axes, rank)) {
    reduced.push_back(rank - 1 - static_cast<int>(axis));  // Halide order
    outShape[reduced.back()] = 1;
  }
  // The output is declared with the reduced dimensions kept (extent 1):
  // the same bytes as the result with them dropped.
  ReduceStages s = defineReduce(a.addInput(input), inShape, reduced, kind);
  bool innermostReduced = llvm::is_contained(reduced, 0);
  scheduleReduceCpu(s, outShape, innermostReduced, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildSlice(SliceOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> offsets(op.getOffsets().rbegin(), op.getOffsets().rend());
  std::vector<int> strides(op.getStrides().rbegin(), op.getStrides().rend());
  std::vector<int> outShape = halideExtents(op.getResult());
  ElementwiseStages s = defineSlice(a.addInput(op.getInput()), offsets, strides);
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildBroadcast(BroadcastOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  std::vector<int> outShape = halideExtents(op.getResult());
  std::vector<int> inShape = paddedExtents(op.getInput(), outShape.size());
  ElementwiseStages s = defineBroadcast(a.addView(inShape), inShape, outShape);
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildLayerNorm(LayerNormOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = op.getInput().getType().getShape();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += static_cast<int64_t>(shape.size());
  int group = product(shape, axis, shape.size()), rows = product(shape, 0, axis);
  Halide::ImageParam input = a.addView({group, rows});
  Halide::ImageParam scale = a.addFlatInput(op.getScale());
  std::optional<Halide::ImageParam> bias;
  if (op.getBias())
    bias = a.addFlatInput(op.getBias());
  LayerNormStages s =
      defineLayerNorm(input, scale, bias, group, op.getEpsilon().convertToFloat());
  scheduleLayerNormCpu(s, group, rows, cpu);
  return a.finish(s.output, {group, rows});
}

KernelDef buildConcat(ConcatOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = op.getType().getShape();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0)
    axis += static_cast<int64_t>(shape.size());
  int inner = product(shape, axis + 1, shape.size()), outer = product(shape, 0, axis);
  std::vector<Halide::ImageParam> inputs;
  std::vector<int> lengths;
  for (Value v : op.getInputs()) {
    lengths.push_back(static_cast<int>(cast<ShapedType>(v.getType()).getDimSize(axis)));
    inputs.push_back(a.addView({inner, lengths.back(), outer}));
  }
  ConcatStages s = defineConcat(inputs, lengths);
  int total = static_cast<int>(shape[axis]);
  scheduleConcatCpu(s, inner, total, outer, static_cast<int>(inputs.size()), cpu);
  return a.finish(s.output, {inner, total, outer});
}

// dlc.softmax and dlc.log_softmax.
KernelDef buildSoftmax(Operation *op, int64_t axis, bool logarithm, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = cast<ShapedType>(op->getOperand(0).getType()).getShape();
  int64_t rank = static_cast<int64_t>(shape.size());
  // I64Attr accessors return uint64_t: convert before testing the sign.
  if (axis < 0)
    axis += rank;
  int inner = 1, outer = 1;
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= static_cast<int>(shape[d]);
  for (int64_t d = 0; d < axis; ++d)
    outer *= static_cast<int>(shape[d]);
  int length = static_cast<int>(shape[axis]);
  std::vector<int> view = {inner, length, outer};
  SoftmaxStages s = defineSoftmax(a.addView(view), inner, length, outer, logarithm);
  scheduleSoftmaxCpu(s, inner, length, outer, cpu);
  return a.finish(s.output, view);
}

KernelDef buildGroupNorm(GroupNormOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = op.getInput().getType().getShape();
  int groups = static_cast<int>(op.getGroups()), channels = static_cast<int>(shape[1]);
  int spatial = product(shape, 2, shape.size()), batch = static_cast<int>(shape[0]);
  int inner = channels / groups * spatial;
  std::vector<int> view = {inner, groups, batch};
  Halide::ImageParam input = a.addView(view);
  Halide::ImageParam scale = a.addInput(op.getScale()), bias = a.addInput(op.getBias());
  GroupNormStages s = defineGroupNorm(input, scale, bias, inner, spatial, channels / groups,
                                      op.getEpsilon().convertToFloat());
  scheduleGroupNormCpu(s, inner, groups, batch, cpu);
  return a.finish(s.output, view);
}

KernelDef buildResize(ResizeOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  Value in = op.getInput();
  std::vector<int> outShape = halideExtents(op.getResult());
  ElementwiseStages s =
      defineResize(a.addInput(in), dim(in, 2), dim(in, 3), outShape[1], outShape[0],
                   op.getMode() == "linear", op.getCoordinateMode().str());
  scheduleElementwiseCpu(s, outShape, cpu);
  return a.finish(s.output, outShape);
}

KernelDef buildAttention(AttentionOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> qShape = op.getQ().getType().getShape();
  size_t rank = qShape.size();
  AttentionParams p;
  p.batch = product(qShape, 0, rank - 2);
  p.queries = static_cast<int>(qShape[rank - 2]);
  p.depth = static_cast<int>(qShape[rank - 1]);
  p.keys = dim(op.getK(), rank - 2);
  p.valueDepth = dim(op.getV(), rank - 1);
  p.scale = op.getScale().convertToFloat();
  p.causal = op.getCausal();
  Halide::ImageParam q = a.addView({p.depth, p.queries, p.batch});
  Halide::ImageParam k = a.addView({p.depth, p.keys, p.batch});
  Halide::ImageParam v = a.addView({p.valueDepth, p.keys, p.batch});
  std::optional<Halide::ImageParam> mask;
  if (op.getMask()) {
    p.maskShape = paddedExtents(op.getMask(), rank);
    for (size_t d = 2; d < rank; ++d)
      p.batchShape.push_back(static_cast<int>(qShape[rank - 1 - d]));
    mask = a.addView(p.maskShape);
  }
  // I64Attr accessors return uint64_t: convert before comparing.
  auto blockQueries = static_cast<int64_t>(op.getBlockQueries());
  auto blockKeys = static_cast<int64_t>(op.getBlockKeys());
  if (blockQueries > 0 && blockKeys > 0) {
    // Blocks larger than the sequences would only compute padding, and key
    // blocks are evened out (197 keys in blocks of 128: 2 x 100, not
    // 128 + 69 and 59 padding keys).
    int64_t keyBlocks = (p.keys + std::min<int64_t>(blockKeys, p.keys) - 1) /
                        std::min<int64_t>(blockKeys, p.keys);
    int64_t evenKeys = (p.keys + keyBlocks - 1) / keyBlocks;
    evenKeys = std::min<int64_t>((evenKeys + 3) / 4 * 4, std::min<int64_t>(blockKeys, p.keys));
    FlashAttentionParams flash{p, static_cast<int>(std::min<int64_t>(blockQueries, p.queries)),
                               static_cast<int>(evenKeys)};
    FlashAttentionStages s = defineFlashAttention(q, k, v, mask, flash);
    scheduleFlashAttentionCpu(s, flash, cpu);
    return a.finish(s.output, {p.valueDepth, p.queries, p.batch});
  }
  AttentionStages s = defineAttention(q, k, v, mask, p);
  scheduleAttentionCpu(s, p, cpu);
  return a.finish(s.output, {p.valueDepth, p.queries, p.batch});
}

KernelDef buildLrn(LrnOp op, const CpuTarget &cpu) {
  KernelAssembler a;
  ArrayRef<int64_t> shape = op.getInput().getType().getShape();
  int inner = product(shape, 2, shape.size()), channels = static_cast<int>(shape[1]);
  int batch = static_cast<int>(shape[0]);
  std::vector<int> view = {inner, channels, batch};
  LrnStages s = defineLrn(a.addView(view), inner, channels, batch,
                          static_cast<int>(op.getSize()), op.getAlpha().convertToFloat(),
                          op.getBeta().convertToFloat(), op.getBias().convertToFloat());
  scheduleLrnCpu(s, inner, channels, batch, cpu);
  return a.finish(s.output, view);
}

// A fusion group: its producer's kernel, extended by the epilogue. The
// kernel's arguments follow the group's inputs: the producer's operands
// (the first block arguments, in order), then the epilogue's.
KernelDef buildFused(FusedOp group, const CpuTarget &cpu) {
  Operation *producer = group.getProducer();
  for (auto [i, operand] : llvm::enumerate(producer->getOperands()))
    if (operand != group.getBody().getArgument(static_cast<unsigned>(i)))
      throw Halide::CompileError("the fused producer does not read the first group inputs");
  if (group.isConvBatchNormTrain())
    return buildConvBatchNormTrain(group, cpu);
  if (auto conv = dyn_cast<Conv2dOp>(producer))
    return buildConv2d(conv, cpu, group);
  if (auto linear = dyn_cast<LinearOp>(producer))
    return buildLinear(linear, cpu, group);
  if (auto matmul = dyn_cast<MatmulOp>(producer))
    return buildMatmul(matmul, cpu, group);
  if (auto norm = dyn_cast<BatchNormTrainOp>(producer))
    return buildBatchNormTrain(norm, cpu, group);
  throw Halide::CompileError("no fused kernel for " + producer->getName().getStringRef().str());
}

} // namespace

bool needsKernel(Operation *op) { return !isa<ReshapeOp, WeightOp>(op); }

FailureOr<KernelDef> buildKernel(Operation *op, const Halide::Target &target) {
  CpuTarget cpu = CpuTarget::of(target);
  for (Type t : op->getResultTypes())
    if (!cast<ShapedType>(t).hasStaticShape())
      return op->emitError("codegen needs static shapes; fix the batch size with --batch");
  try {
    if (auto group = dyn_cast<FusedOp>(op))
      return buildFused(group, cpu);
    if (auto conv = dyn_cast<Conv2dOp>(op))
      return buildConv2d(conv, cpu);
    if (auto convTranspose = dyn_cast<ConvTranspose2dOp>(op))
      return buildConvTranspose2d(convTranspose, cpu);
    if (auto pool = dyn_cast<MaxPool2dOp>(op))
      return buildPool2d(pool, true, false, cpu);
    if (auto pool = dyn_cast<AvgPool2dOp>(op))
      return buildPool2d(pool, false, pool.getCountIncludePad(), cpu);
    if (auto linear = dyn_cast<LinearOp>(op))
      return buildLinear(linear, cpu);
    if (std::optional<UnaryFunction> f = unaryFunctionOf(op))
      return buildUnary(op, *f, cpu);
    if (std::optional<BinaryKind> kind = binaryKindOf(op))
      return buildBinary(op, *kind, cpu);
    if (auto batchNorm = dyn_cast<BatchNormOp>(op))
      return buildBatchNorm(batchNorm, cpu);
    if (auto matmul = dyn_cast<MatmulOp>(op))
      return buildMatmul(matmul, cpu);
    if (auto transpose = dyn_cast<TransposeOp>(op))
      return buildTranspose(transpose, cpu);
    if (auto gather = dyn_cast<GatherOp>(op))
      return buildGather(gather, cpu);
    if (auto where = dyn_cast<WhereOp>(op))
      return buildWhere(where, cpu);
    if (isa<ReduceSumOp>(op))
      return buildReduce(op, ReduceKind::Sum, cpu);
    if (isa<ReduceMeanOp>(op))
      return buildReduce(op, ReduceKind::Mean, cpu);
    if (isa<ReduceMaxOp>(op))
      return buildReduce(op, ReduceKind::Max, cpu);
    if (isa<ReduceMinOp>(op))
      return buildReduce(op, ReduceKind::Min, cpu);
    if (auto slice = dyn_cast<SliceOp>(op))
      return buildSlice(slice, cpu);
    if (auto broadcast = dyn_cast<BroadcastOp>(op))
      return buildBroadcast(broadcast, cpu);
    if (auto layerNorm = dyn_cast<LayerNormOp>(op))
      return buildLayerNorm(layerNorm, cpu);
    if (auto pad = dyn_cast<PadOp>(op))
      return buildPad(pad, cpu);
    if (auto concat = dyn_cast<ConcatOp>(op))
      return buildConcat(concat, cpu);
    if (auto softmax = dyn_cast<SoftmaxOp>(op))
      return buildSoftmax(op, static_cast<int64_t>(softmax.getAxis()), false, cpu);
    if (auto logSoftmax = dyn_cast<LogSoftmaxOp>(op))
      return buildSoftmax(op, static_cast<int64_t>(logSoftmax.getAxis()), true, cpu);
    if (auto attention = dyn_cast<AttentionOp>(op))
      return buildAttention(attention, cpu);
    if (auto resize = dyn_cast<ResizeOp>(op))
      return buildResize(resize, cpu);
    if (auto groupNorm = dyn_cast<GroupNormOp>(op))
      return buildGroupNorm(groupNorm, cpu);
    if (auto lrn = dyn_cast<LrnOp>(op))
      return buildLrn(lrn, cpu);
    if (std::optional<KernelDef> def = buildTrainingKernel(op, cpu))
      return std::move(*def);
  } catch (const Halide::Error &e) {
    return op->emitError("internal error: Halide rejected the kernel: ") << e.what();
  }
  return op->emitError("no Halide lowering for '") << op->getName() << "'";
}

std::string kernelKey(Operation *op) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << op->getName() << "(";
  // Constant weights may be repacked, so constness is part of the kernel.
  for (Value v : op->getOperands())
    os << v.getType() << (isConstantWeight(v) ? " const," : ",");
  os << ")->";
  for (Type t : op->getResultTypes())
    os << t << ",";
  os << op->getRawDictionaryAttrs();
  op->getPropertiesAsAttribute().print(os);
  // A group's kernel is its body: each op with what it reads (group input
  // or earlier body op).
  if (auto group = dyn_cast<FusedOp>(op)) {
    llvm::DenseMap<Value, std::string> names;
    for (BlockArgument arg : group.getBody().getArguments())
      names[arg] = "a" + std::to_string(arg.getArgNumber());
    for (Operation &inner : group.getBody().front()) {
      os << ";" << inner.getName() << "(";
      for (Value v : inner.getOperands())
        os << names[v] << ",";
      os << ")" << inner.getRawDictionaryAttrs();
      inner.getPropertiesAsAttribute().print(os);
      if (inner.getNumResults() == 1)
        names[inner.getResult(0)] = "v" + std::to_string(names.size());
    }
  }
  return key;
}

} // namespace dlc::halide
