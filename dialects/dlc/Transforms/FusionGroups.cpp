#include "dialects/dlc/Transforms/FusionGroups.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SmallPtrSet.h"

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

namespace {

// The first user of `value` (an op's result) in block order; null when it
// has none or one outside the block, which no group can keep inside.
Operation *firstUser(Value value) {
  Operation *first = nullptr;
  for (Operation *user : value.getUsers()) {
    if (user->getBlock() != value.getDefiningOp()->getBlock())
      return nullptr;
    if (!first || user->isBeforeInBlock(first))
      first = user;
  }
  return first;
}

// Whether every value the chain computes before its last step (the
// producer's result included) is read only inside the chain: those values
// live in the kernel's registers, never in memory.
bool keepsValuesInside(Operation *producer, ArrayRef<Operation *> chain) {
  llvm::SmallPtrSet<Operation *, 8> inside(chain.begin(), chain.end());
  auto readInside = [&](Value v) {
    return llvm::all_of(v.getUsers(), [&](Operation *user) { return inside.contains(user); });
  };
  if (!readInside(producer->getResult(0)))
    return false;
  return llvm::all_of(chain.drop_back(),
                      [&](Operation *step) { return readInside(step->getResult(0)); });
}

} // namespace

SmallVector<Operation *> collectChain(Operation *producer, const StepFilter &accept) {
  SmallVector<Operation *> chain;
  Value chained = producer->getResult(0);
  auto result = cast<ShapedType>(chained.getType());
  // Values of the chain so far: a step may read one of them besides the
  // previous value (x * sigmoid(x), GELU's x * (1 + erf(..)) / 2).
  llvm::SmallPtrSet<Value, 8> computed = {chained};
  while (Operation *step = firstUser(chained)) {
    if (step->getNumResults() != 1 || step->getResult(0).getType() != result)
      break;
    bool unary = step->hasTrait<OpTrait::ElementwiseUnary>();
    bool binary = step->hasTrait<OpTrait::ElementwiseBinary>();
    if (!unary && !binary)
      break;
    if (binary) {
      bool lhs = step->getOperand(0) == chained, rhs = step->getOperand(1) == chained;
      Value other = step->getOperand(lhs ? 1 : 0);
      if (lhs == rhs || (!computed.contains(other) && !isEpilogueOperand(producer, other, result)))
        break;
    }
    if (!accept(step, chained))
      break;
    chain.push_back(step);
    chained = step->getResult(0);
    computed.insert(chained);
  }
  // A value read after the group would have to be stored: end the chain
  // before the first step whose inputs are needed elsewhere.
  while (!chain.empty() && !keepsValuesInside(producer, chain))
    chain.pop_back();
  return chain;
}

FusedOp formGroup(RewriterBase &rewriter, Operation *producer, ArrayRef<Operation *> chain) {
  // A step's operand is the chain's own value (previous or earlier) or a
  // new group input.
  llvm::SmallPtrSet<Value, 8> computed = {producer->getResult(0)};
  SmallVector<Value> inputs(producer->getOperands());
  for (Operation *step : chain) {
    for (Value operand : step->getOperands())
      if (!computed.contains(operand))
        inputs.push_back(operand);
    computed.insert(step->getResult(0));
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
  IRMapping insideValues;
  insideValues.map(producer->getResult(0), inner);
  for (Operation *step : chain) {
    Operation *clone = rewriter.clone(*step);
    for (OpOperand &operand : clone->getOpOperands()) {
      Value outside = step->getOperand(operand.getOperandNumber());
      Value value = insideValues.lookupOrNull(outside);
      operand.set(value ? value : body->getArgument(next++));
    }
    inner = clone->getResult(0);
    insideValues.map(step->getResult(0), inner);
  }
  YieldOp::create(rewriter, last->getLoc(), inner);

  rewriter.replaceOp(last, fused.getResults());
  for (Operation *step : llvm::reverse(chain.drop_back()))
    rewriter.eraseOp(step);
  rewriter.eraseOp(producer);
  return fused;
}

} // namespace dlc::fusion
