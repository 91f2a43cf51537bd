#include "dialects/dlc/Transforms/FusionGroups.h"

#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc::fusion {

std::optional<int64_t> channelAxisOf(Operation *op) {
  // A training group's three results are not extended.
  if (auto group = dyn_cast<FusedOp>(op))
    return group.isConvBatchNormTrain() ? std::nullopt : channelAxisOf(group.getProducer());
  // A training batch norm's normalization takes the ReLU (and residual
  // add) after it: the forward's BN + ReLU is one pass.
  if (isa<Conv2dOp, BatchNormTrainOp>(op))
    return 1;
  if (isa<LinearOp, MatmulOp>(op))
    return cast<ShapedType>(op->getResult(0).getType()).getRank() - 1;
  return std::nullopt;
}

bool isEpilogueOperand(Operation *producer, Value operand, ShapedType result) {
  auto type = cast<ShapedType>(operand.getType());
  if (type == result)
    return true;
  if (!type.getElementType().isF32() || type.getRank() > result.getRank())
    return false;
  // Aligned at the last dimension (NumPy broadcasting): a scalar has only
  // 1s, a per-channel operand has the channel count at the channel axis.
  std::optional<int64_t> channelAxis = channelAxisOf(producer);
  int64_t offset = result.getRank() - type.getRank();
  bool perChannel = true, scalar = true;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t extent = type.getDimSize(d);
    scalar &= extent == 1;
    bool atChannel = channelAxis && d + offset == *channelAxis;
    perChannel &= extent == 1 || (atChannel && extent == result.getDimSize(d + offset));
  }
  return scalar || perChannel;
}

SmallVector<Operation *> collectChain(Operation *producer, const StepFilter &accept) {
  SmallVector<Operation *> chain;
  Value chained = producer->getResult(0);
  auto result = cast<ShapedType>(chained.getType());
  while (chained.hasOneUse()) {
    Operation *step = *chained.user_begin();
    if (step->getNumResults() != 1 || step->getResult(0).getType() != result)
      break;
    bool unary = step->hasTrait<OpTrait::ElementwiseUnary>();
    bool binary = step->hasTrait<OpTrait::ElementwiseBinary>();
    if (!unary && !binary)
      break;
    if (binary) {
      bool lhs = step->getOperand(0) == chained, rhs = step->getOperand(1) == chained;
      Value other = step->getOperand(lhs ? 1 : 0);
      if (lhs == rhs || !isEpilogueOperand(producer, other, result))
        break;
    }
    if (!accept(step, chained))
      break;
    chain.push_back(step);
    chained = step->getResult(0);
  }
  return chain;
}

FusedOp formGroup(RewriterBase &rewriter, Operation *producer, ArrayRef<Operation *> chain) {
  SmallVector<Value> inputs(producer->getOperands());
  Value chained = producer->getResult(0);
  for (Operation *step : chain) {
    if (step->getNumOperands() == 2)
      inputs.push_back(step->getOperand(step->getOperand(0) == chained ? 1 : 0));
    chained = step->getResult(0);
  }
  Operation *last = chain.back();
  rewriter.setInsertionPoint(last);
  auto fused = FusedOp::create(rewriter, producer->getLoc(), last->getResult(0).getType(), inputs);
  Block *body = rewriter.createBlock(&fused.getBody());
  for (Value input : inputs)
    body->addArgument(input.getType(), input.getLoc());

  // Operands are rewired by position, not by value: one value may be read
  // twice (matmul(x, x)) or by both the producer and the chain, and each
  // read is its own group input.
  rewriter.setInsertionPointToEnd(body);
  Value inner;
  unsigned next = 0;
  if (auto group = dyn_cast<FusedOp>(producer)) {
    // Extending a group: its body, reading the new block's first arguments.
    IRMapping map;
    for (BlockArgument arg : group.getBody().getArguments())
      map.map(arg, body->getArgument(next++));
    for (Operation &op : group.getBody().front().without_terminator())
      rewriter.clone(op, map);
    inner = map.lookup(cast<YieldOp>(group.getBody().front().getTerminator()).getValues()[0]);
  } else {
    Operation *clone = rewriter.clone(*producer);
    for (OpOperand &operand : clone->getOpOperands())
      operand.set(body->getArgument(next++));
    inner = clone->getResult(0);
  }
  chained = producer->getResult(0);
  for (Operation *step : chain) {
    Operation *clone = rewriter.clone(*step);
    for (OpOperand &operand : clone->getOpOperands())
      operand.set(step->getOperand(operand.getOperandNumber()) == chained
                      ? inner
                      : body->getArgument(next++));
    inner = clone->getResult(0);
    chained = step->getResult(0);
  }
  YieldOp::create(rewriter, last->getLoc(), inner);

  rewriter.replaceOp(last, fused.getResults());
  for (Operation *step : llvm::reverse(chain.drop_back()))
    rewriter.eraseOp(step);
  rewriter.eraseOp(producer);
  return fused;
}

} // namespace dlc::fusion
