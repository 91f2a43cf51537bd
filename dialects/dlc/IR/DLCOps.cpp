#include "dialects/dlc/IR/DLCOps.h"

#include <cmath>

#include "dialects/dlc/IR/ShapeInference.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

#include "dialects/dlc/IR/DLCOpsDialect.cpp.inc"

void dlc::DLCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/dlc/IR/DLCOps.cpp.inc"
      >();
}

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

std::optional<ArrayRef<int64_t>> optionalShapeOf(Value v) {
  if (!v)
    return std::nullopt;
  return shapeOf(v);
}

// The result has the shape `infer` computes and the element type of `like`.
LogicalResult tensorResult(function_ref<LogicalResult(SmallVectorImpl<int64_t> &)> infer,
                           Value like, SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape;
  if (failed(infer(shape)))
    return failure();
  types.push_back(
      RankedTensorType::get(shape, cast<ShapedType>(like.getType()).getElementType()));
  return success();
}

} // namespace

namespace dlc {

LogicalResult WeightOp::verify() {
  if (getName().empty())
    return emitOpError("(weight_c1) 'name' is empty, expected the name of a model weight");
  return success();
}

LogicalResult FusedOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("(fused_c1) the body takes ")
           << body.getNumArguments() << " argument(s) for " << getInputs().size() << " input(s)";
  for (auto [i, arg, input] : llvm::enumerate(body.getArguments(), getInputs()))
    if (arg.getType() != input.getType())
      return emitOpError("(fused_c1) body argument ")
             << i << " has type " << arg.getType() << ", but input " << i << " is "
             << input.getType();
  if (body.getOperations().size() < 2)
    return emitOpError("(fused_c1) the body has no producer before its dlc.yield");
  auto yield = dyn_cast<YieldOp>(body.back());
  if (!yield)
    return emitOpError("(fused_c1) the body does not end in dlc.yield");
  if (getNumResults() != 1 && getNumResults() != 3)
    return emitOpError("(fused_c1) has ") << getNumResults() << " results, expected 1 or 3";
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("(fused_c1) the body yields ")
           << yield.getValues().getTypes() << ", but the results are " << getResultTypes();
  return success();
}

// A training group's head (fused_c4): conv2d, the batch_stats of its
// output, and the batch_norm_train of that output with those statistics
// and the two block arguments after the convolution's.
static LogicalResult verifyConvBatchNormTrain(FusedOp op) {
  Block &body = op.getBody().front();
  auto conv = dyn_cast<Conv2dOp>(op.getProducer());
  auto stats = dyn_cast_or_null<BatchStatsOp>(conv ? conv->getNextNode() : nullptr);
  auto norm = dyn_cast_or_null<BatchNormTrainOp>(stats ? stats->getNextNode() : nullptr);
  if (!norm)
    return op.emitOpError(
        "(fused_c4) a group with three results starts with dlc.conv2d, dlc.batch_stats and "
        "dlc.batch_norm_train");
  unsigned scale = conv->getNumOperands();
  if (stats.getInput() != conv.getResult() || norm.getInput() != conv.getResult() ||
      norm.getStats() != stats.getResult() || scale + 2 > body.getNumArguments() ||
      norm.getScale() != body.getArgument(scale) || norm.getBias() != body.getArgument(scale + 1))
    return op.emitOpError("(fused_c4) the batch norm does not normalize the convolution with its "
                          "statistics and the block arguments after the convolution's");
  auto yield = cast<YieldOp>(body.back());
  if (yield.getValues()[0] != conv.getResult() || yield.getValues()[1] != stats.getResult())
    return op.emitOpError("(fused_c4) the body does not yield the convolution and its statistics "
                          "first");
  return success();
}

// After the body's own ops and its isolation are verified.
LogicalResult FusedOp::verifyRegions() {
  Block &body = getBody().front();
  auto yield = cast<YieldOp>(body.back());
  // What codegen builds: the producer's kernel reading the first inputs,
  // then each step reading the previous value and the next input.
  Operation *producer = &body.front();
  if (!isa<Conv2dOp, LinearOp, MatmulOp, BatchNormTrainOp>(producer))
    return emitOpError("(fused_c2) the body starts with ")
           << producer->getName()
           << ", expected dlc.conv2d, dlc.linear, dlc.matmul or dlc.batch_norm_train";
  unsigned next = 0;
  for (Value operand : producer->getOperands())
    if (operand != body.getArgument(next++))
      return emitOpError("(fused_c2) the producer's operand ")
             << next - 1 << " is not body argument " << next - 1;
  if (isConvBatchNormTrain() && failed(verifyConvBatchNormTrain(*this)))
    return failure();
  Operation *head = getChainHead();
  next = getFirstChainArgument();
  Value chained = head->getResult(0);
  llvm::SmallPtrSet<Value, 8> earlier;
  for (Operation *step = head->getNextNode(); step != yield; step = step->getNextNode()) {
    if (!step->hasTrait<OpTrait::ElementwiseUnary>() &&
        !step->hasTrait<OpTrait::ElementwiseBinary>())
      return emitOpError("(fused_c3) ") << step->getName() << " in the body is not element-wise";
    if (!llvm::is_contained(step->getOperands(), chained))
      return emitOpError("(fused_c3) ") << step->getName() << " does not read the previous value";
    if (step->getNumOperands() == 2 && step->getOperand(0) == step->getOperand(1))
      return emitOpError("(fused_c3) ") << step->getName() << " reads the previous value twice";
    for (Value operand : step->getOperands())
      if (operand != chained && !earlier.contains(operand) &&
          (next >= body.getNumArguments() || operand != body.getArgument(next++)))
        return emitOpError("(fused_c3) ")
               << step->getName() << " reads neither the chain's values nor the next input";
    earlier.insert(chained);
    chained = step->getResult(0);
  }
  if (yield.getValues().back() != chained || next != body.getNumArguments())
    return emitOpError("(fused_c3) the body does not yield the last step, or leaves inputs unread");
  return success();
}

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferConv2d(loc, shapeOf(adaptor.getInput()),
                                          shapeOf(adaptor.getWeight()),
                                          optionalShapeOf(adaptor.getBias()),
                                          adaptor.getStrides(), adaptor.getPadding(),
                                          adaptor.getDilations(), adaptor.getGroups(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult ConvTranspose2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                  Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferConvTranspose2d(
            loc, shapeOf(adaptor.getInput()), shapeOf(adaptor.getWeight()),
            optionalShapeOf(adaptor.getBias()), adaptor.getStrides(), adaptor.getPadding(),
            adaptor.getOutputPadding(), adaptor.getDilations(), adaptor.getGroups(), shape);
      },
      adaptor.getInput(), types);
}

template <typename PoolAdaptor>
static LogicalResult inferPoolType(std::optional<Location> loc, StringRef opName,
                                   PoolAdaptor adaptor,
                                   SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferPool2d(loc, opName,
                                   shapeOf(adaptor.getInput()),
                                          adaptor.getKernel(), adaptor.getStrides(),
                                          adaptor.getPadding(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferPoolType(loc, getOperationName(), adaptor, types);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferPoolType(loc, getOperationName(), adaptor, types);
}

LogicalResult inferBroadcastResult(std::optional<Location> loc, StringRef opName, Value lhs,
                                   Value rhs, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferBroadcast(loc, opName, shapeOf(lhs), shapeOf(rhs), shape);
      },
      lhs, types);
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        ArrayRef<int64_t> params[] = {shapeOf(adaptor.getScale()), shapeOf(adaptor.getBias()),
                                      shapeOf(adaptor.getMean()), shapeOf(adaptor.getVar())};
        return shapes::inferBatchNorm(loc, shapeOf(adaptor.getInput()), params,
                                      adaptor.getEpsilon().convertToFloat(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  SmallVector<ArrayRef<int64_t>> inputs;
  for (Value v : adaptor.getInputs())
    inputs.push_back(shapeOf(v));
  if (inputs.empty()) {
    SmallVector<int64_t> unused;
    return shapes::inferConcat(loc, inputs, 0, unused);  // reports concat_c1
  }
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferConcat(loc, inputs, static_cast<int64_t>(adaptor.getAxis()), shape);
      },
      adaptor.getInputs().front(), types);
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferPad(loc, shapeOf(adaptor.getInput()), adaptor.getPads(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferMatmul(loc, shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()),
                                   shape);
      },
      adaptor.getLhs(), types);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferWhere(loc, shapeOf(adaptor.getCond()), shapeOf(adaptor.getA()),
                                  shapeOf(adaptor.getB()), shape);
      },
      adaptor.getA(), types);
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferGather(loc, shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
                                   static_cast<int64_t>(adaptor.getAxis()), shape);
      },
      adaptor.getData(), types);
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferTranspose(loc, shapeOf(adaptor.getInput()), adaptor.getPerm(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult inferReduceResult(std::optional<Location> loc, StringRef opName, Value input,
                                ArrayRef<int64_t> axes, bool keepdims,
                                SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferReduce(loc, opName, shapeOf(input), axes, keepdims, shape);
      },
      input, types);
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferSlice(loc, shapeOf(adaptor.getInput()), adaptor.getOffsets(),
                                  adaptor.getSizes(), adaptor.getStrides(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult BroadcastOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferBroadcastTo(loc, shapeOf(adaptor.getInput()), adaptor.getShape(),
                                        shape);
      },
      adaptor.getInput(), types);
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferLayerNorm(loc, shapeOf(adaptor.getInput()),
                                      shapeOf(adaptor.getScale()),
                                      optionalShapeOf(adaptor.getBias()),
                                      static_cast<int64_t>(adaptor.getAxis()),
                                      adaptor.getEpsilon().convertToFloat(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult LogSoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("(log_softmax_c1) 'axis' value is ")
           << axis << ", accepted range is [" << -rank << ", " << rank - 1 << "]";
  return success();
}

LogicalResult LrnOp::verify() {
  if (getInput().getType().getRank() < 3)
    return emitOpError("(lrn_c1) 'input' has rank ")
           << getInput().getType().getRank() << ", expected 3 or more";
  if (static_cast<int64_t>(getSize()) <= 0 || static_cast<int64_t>(getSize()) > (1 << 20) ||
      !(getBias().convertToFloat() > 0.f) || !(getAlpha().convertToFloat() > 0.f) ||
      !(getBeta().convertToFloat() >= 0.f))
    return emitOpError("(lrn_c2) 'size' ")
           << static_cast<int64_t>(getSize()) << ", 'alpha' " << getAlpha().convertToFloat()
           << ", 'beta' " << getBeta().convertToFloat() << ", 'bias' "
           << getBias().convertToFloat()
           << ": expected positive size, alpha and bias and non-negative beta";
  return success();
}

LogicalResult GroupNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferGroupNorm(loc, shapeOf(adaptor.getInput()),
                                      shapeOf(adaptor.getScale()), shapeOf(adaptor.getBias()),
                                      static_cast<int64_t>(adaptor.getGroups()),
                                      adaptor.getEpsilon().convertToFloat(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult ResizeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferResize(loc, shapeOf(adaptor.getInput()), adaptor.getSize(),
                                   adaptor.getMode(), adaptor.getCoordinateMode(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferAttention(loc, shapeOf(adaptor.getQ()), shapeOf(adaptor.getK()),
                                      shapeOf(adaptor.getV()), optionalShapeOf(adaptor.getMask()),
                                      shape);
      },
      adaptor.getQ(), types);
}

LogicalResult AttentionOp::verify() {
  // I64Attr accessors return uint64_t: convert before testing the sign.
  auto queries = static_cast<int64_t>(getBlockQueries());
  auto keys = static_cast<int64_t>(getBlockKeys());
  if ((queries == 0 && keys == 0) || (queries > 0 && keys > 0))
    return success();
  return emitOpError("(attention_c3) 'block_queries' is ")
         << queries << " and 'block_keys' is " << keys
         << ", accepted: both 0 (row-at-a-time kernel) or both positive (flash attention)";
}

LogicalResult ClipOp::verify() {
  if ((getMin() && std::isnan(getMin()->convertToFloat())) ||
      (getMax() && std::isnan(getMax()->convertToFloat())))
    return emitOpError("(clip_c1) a bound is NaN, expected a number");
  if (getMin() && getMax() && getMin()->convertToFloat() > getMax()->convertToFloat())
    return emitOpError("(clip_c1) 'min' ") << getMin()->convertToFloat() << " is greater than 'max' "
                                           << getMax()->convertToFloat();
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("(gelu_c1) 'approximate' is '")
           << getApproximate() << "', accepted: none, tanh";
  return success();
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferLinear(loc, shapeOf(adaptor.getInput()),
                                          shapeOf(adaptor.getWeight()),
                                          optionalShapeOf(adaptor.getBias()), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return tensorResult(
      [&](SmallVectorImpl<int64_t> &shape) {
        return shapes::inferReshape(loc, shapeOf(adaptor.getInput()), adaptor.getShape(), shape);
      },
      adaptor.getInput(), types);
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = getAxis();
  if (axis < -rank || axis >= rank)
    return emitOpError("(softmax_c1) 'axis' value is ")
           << axis << ", accepted range is [" << -rank << ", " << rank - 1 << "]";
  return success();
}

} // namespace dlc

#define GET_OP_CLASSES
#include "dialects/dlc/IR/DLCOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Training ops
//===----------------------------------------------------------------------===//

namespace dlc {

namespace {
std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

int64_t elementCount(Value v) { return cast<ShapedType>(v.getType()).getNumElements(); }
} // namespace

LogicalResult Conv2dGradWeightOp::verify() {
  SmallVector<int64_t> expected;
  if (failed(shapes::inferConv2d(getLoc(), shapeOf(getInput()), shapeOf(getResult()),
                                 std::nullopt, getStrides(), getPadding(), getDilations(),
                                 static_cast<int64_t>(getGroups()), expected)))
    return failure();
  if (ArrayRef<int64_t>(expected) != shapeOf(getGradOutput()))
    return emitOpError("(conv2d_grad_weight_c1) the convolution gives ")
           << shapeString(expected) << ", but 'grad_output' is "
           << shapeString(shapeOf(getGradOutput()));
  return success();
}

LogicalResult Pool2dGradOp::verify() {
  if (getKind() != "max" && getKind() != "avg" && getKind() != "avg_include_pad")
    return emitOpError("(pool2d_grad_c1) 'kind' is '")
           << getKind() << "', expected max, avg or avg_include_pad";
  SmallVector<int64_t> expected;
  if (failed(shapes::inferPool2d(getLoc(), getOperationName(), shapeOf(getInput()), getKernel(),
                                 getStrides(), getPadding(), expected)))
    return failure();
  if (ArrayRef<int64_t>(expected) != shapeOf(getGradOutput()) ||
      getInput().getType() != getResult().getType())
    return emitOpError("(pool2d_grad_c2) pooling the input gives ")
           << shapeString(expected) << "; 'grad_output' is "
           << shapeString(shapeOf(getGradOutput())) << " and the result must have the input's type";
  return success();
}

LogicalResult GatherGradOp::verify() {
  int64_t rank = static_cast<int64_t>(shapeOf(getResult()).size());
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("(gather_grad_c1) 'axis' is ")
           << axis << ", accepted range is [" << -rank << ", " << rank - 1 << "]";
  SmallVector<int64_t> expected;
  if (failed(shapes::inferGather(getLoc(), shapeOf(getResult()), shapeOf(getIndices()), axis,
                                 expected)))
    return failure();
  if (ArrayRef<int64_t>(expected) != shapeOf(getGradOutput()))
    return emitOpError("(gather_grad_c1) gathering from the result's shape gives ")
           << shapeString(expected) << ", but 'grad_output' is "
           << shapeString(shapeOf(getGradOutput()));
  return success();
}

namespace {
LogicalResult verifyLossOperands(Operation *op, StringRef kind, StringRef reduction,
                                 double smoothing, Value prediction, Value target) {
  if (kind != "cross_entropy" && kind != "mse" && kind != "bce_with_logits")
    return op->emitOpError("(loss_c1) 'kind' is '")
           << kind << "', expected cross_entropy, mse or bce_with_logits";
  if (reduction != "mean" && reduction != "sum")
    return op->emitOpError("(loss_c1) 'reduction' is '") << reduction << "', expected mean or sum";
  if (kind == "cross_entropy") {
    ArrayRef<int64_t> p = shapeOf(prediction), t = shapeOf(target);
    if (p.size() != 2 || t.size() != 1 || t[0] != p[0] ||
        !cast<ShapedType>(target.getType()).getElementType().isInteger(64))
      return op->emitOpError("(loss_c2) cross_entropy takes NxC logits and N int64 labels, not ")
             << shapeString(p) << " and " << target.getType();
  } else if (target.getType() != prediction.getType()) {
    return op->emitOpError("(loss_c2) the target is ")
           << target.getType() << ", expected the prediction's type " << prediction.getType();
  }
  if (smoothing < 0.0 || smoothing > 1.0 || (smoothing != 0.0 && kind != "cross_entropy"))
    return op->emitOpError("(loss_c3) 'label_smoothing' ")
           << smoothing << " must be in [0, 1], and 0 unless the loss is cross_entropy";
  return success();
}
} // namespace

LogicalResult LossOp::verify() {
  if (elementCount(getResult()) != 1)
    return emitOpError("result must hold one value");
  return verifyLossOperands(*this, getKind(), getReduction(), getLabelSmoothing().convertToDouble(),
                            getPrediction(), getTarget());
}

LogicalResult LossGradOp::verify() {
  if (failed(verifyLossOperands(*this, getKind(), getReduction(),
                                getLabelSmoothing().convertToDouble(), getPrediction(),
                                getTarget())))
    return failure();
  if (elementCount(getGradLoss()) != 1 || getResult().getType() != getPrediction().getType())
    return emitOpError("(loss_grad_c1) 'grad_loss' must hold one value and the result must have "
                       "the prediction's type");
  return success();
}

namespace {
// A training batch norm's operands: `input` of rank >= 2 with C channels,
// per-channel `scale` and `bias`, 2 x C statistics and gradients.
LogicalResult verifyTrainingBatchNorm(Operation *op, Value input, ArrayRef<Value> channelVectors,
                                      ArrayRef<Value> channelPairs, ArrayRef<Value> likeInput) {
  ArrayRef<int64_t> shape = shapeOf(input);
  if (shape.size() < 2)
    return op->emitOpError("(batch_norm_train_c1) the input has rank ") << shape.size()
                                                                       << ", expected 2 or more";
  int64_t channels = shape[1];
  for (Value v : channelVectors)
    if (shapeOf(v) != ArrayRef<int64_t>{channels})
      return op->emitOpError("(batch_norm_train_c1) a per-channel operand is ")
             << shapeString(shapeOf(v)) << ", expected [" << channels << "]";
  for (Value v : channelPairs)
    if (shapeOf(v) != ArrayRef<int64_t>{2, channels})
      return op->emitOpError("(batch_norm_train_c1) statistics are ")
             << shapeString(shapeOf(v)) << ", expected [2, " << channels << "]";
  for (Value v : likeInput)
    if (v.getType() != input.getType())
      return op->emitOpError("(batch_norm_train_c1) expected the input's type ")
             << input.getType() << ", got " << v.getType();
  return success();
}
} // namespace

LogicalResult BatchStatsOp::verify() {
  return verifyTrainingBatchNorm(*this, getInput(), {}, {getResult()}, {});
}

LogicalResult BatchNormTrainOp::verify() {
  return verifyTrainingBatchNorm(*this, getInput(), {getScale(), getBias()}, {getStats()},
                                 {getResult()});
}

LogicalResult BatchNormParamGradOp::verify() {
  return verifyTrainingBatchNorm(*this, getInput(), {getScale(), getBias()},
                                 {getStats(), getResult()}, {getGradOutput()});
}

LogicalResult BatchNormInputGradOp::verify() {
  return verifyTrainingBatchNorm(*this, getInput(), {getScale(), getBias()},
                                 {getStats(), getParamGrad()}, {getGradOutput(), getResult()});
}

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult DropoutOp::verify() {
  double ratio = getRatio().convertToDouble();
  if (!(ratio >= 0.0 && ratio < 1.0))
    return emitOpError("(dropout_c1) 'ratio' is ") << ratio << ", expected a value in [0, 1)";
  if (getSeed() < 0 || getSeed() > static_cast<int64_t>(UINT32_MAX))
    return emitOpError("(dropout_c1) 'seed' is ") << getSeed() << ", expected [0, 2^32)";
  if (getStep() && elementCount(getStep()) != 1)
    return emitOpError("(dropout_c2) 'step' must have one element");
  return success();
}

std::optional<unsigned> OptimizerUpdateOp::stateCount(StringRef optimizer) {
  if (optimizer == "sgd")
    return 0;
  if (optimizer == "momentum" || optimizer == "nesterov" || optimizer == "rmsprop")
    return 1;
  if (optimizer == "adam" || optimizer == "adamw")
    return 2;
  return std::nullopt;
}

LogicalResult OptimizerUpdateOp::verify() {
  std::optional<unsigned> count = stateCount(getOptimizer());
  if (!count)
    return emitOpError("(optimizer_update_c1) unknown optimizer '")
           << getOptimizer() << "', expected sgd, momentum, nesterov, rmsprop, adam or adamw";
  if (getState().size() != *count)
    return emitOpError("(optimizer_update_c1) ")
           << getOptimizer() << " keeps " << *count << " state tensor(s), got "
           << getState().size();
  for (Value s : getState())
    if (s.getType() != getParam().getType())
      return emitOpError("(optimizer_update_c1) a state tensor is ")
             << s.getType() << ", expected the parameter's type " << getParam().getType();
  if (getGrad().getType() != getParam().getType() ||
      getResult().getType() != getParam().getType() || elementCount(getLr()) != 1 ||
      elementCount(getStep()) != 1)
    return emitOpError("(optimizer_update_c2) 'grad' and the result must have the parameter's "
                       "type, 'lr' and 'step' one element");
  StringRef component = getComponent();
  bool known = component == "param" || (component == "state0" && *count >= 1) ||
               (component == "state1" && *count >= 2);
  if (!known)
    return emitOpError("(optimizer_update_c3) 'component' is '")
           << component << "'; " << getOptimizer() << " updates param"
           << (*count >= 1 ? ", state0" : "") << (*count >= 2 ? ", state1" : "");
  return success();
}

} // namespace dlc
