#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/IR/IRMapping.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSECONVBNTRAIN
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

// A training batch norm to fuse with its convolution: the batch norm, bare
// or heading an element-wise group, and what it normalizes.
struct ConvBatchNorm {
  Operation *head; // the dlc.batch_norm_train or its dlc.fused group
  dlc::Conv2dOp conv;
  dlc::BatchStatsOp stats;
};

std::optional<ConvBatchNorm> matchConvBatchNorm(Operation *op) {
  // The batch norm's input and statistics as seen from outside the group.
  Value input, stats;
  if (auto norm = dyn_cast<dlc::BatchNormTrainOp>(op)) {
    input = norm.getInput();
    stats = norm.getStats();
  } else if (auto group = dyn_cast<dlc::FusedOp>(op)) {
    if (group.getNumResults() != 1 || !isa<dlc::BatchNormTrainOp>(group.getProducer()))
      return std::nullopt;
    input = group.getInputs()[0];
    stats = group.getInputs()[3];
  } else {
    return std::nullopt;
  }
  auto conv = input.getDefiningOp<dlc::Conv2dOp>();
  auto batchStats = stats.getDefiningOp<dlc::BatchStatsOp>();
  if (!conv || !batchStats || batchStats.getInput() != input)
    return std::nullopt;
  return ConvBatchNorm{op, conv, batchStats};
}

// Replaces the match by one dlc.fused (fused_c4) at the head's place. Its
// inputs are the convolution's operands, the batch norm's scale and bias,
// then the element-wise chain's other operands.
void fuse(IRRewriter &rewriter, ConvBatchNorm m) {
  auto group = dyn_cast<dlc::FusedOp>(m.head);
  SmallVector<Value> inputs(m.conv->getOperands());
  size_t scaleArg = inputs.size();
  if (group) {
    llvm::append_range(inputs, group.getInputs().slice(1, 2));
    llvm::append_range(inputs, group.getInputs().drop_front(4));
  } else {
    auto norm = cast<dlc::BatchNormTrainOp>(m.head);
    inputs.append({norm.getScale(), norm.getBias()});
  }
  Location loc = m.head->getLoc();
  rewriter.setInsertionPoint(m.head);
  SmallVector<Type> types = {m.conv.getType(), m.stats.getType(), m.head->getResult(0).getType()};
  auto fused = dlc::FusedOp::create(rewriter, loc, types, inputs);
  Block *body = rewriter.createBlock(&fused.getBody());
  for (Value input : inputs)
    body->addArgument(input.getType(), input.getLoc());
  rewriter.setInsertionPointToEnd(body);

  Operation *conv = rewriter.clone(*m.conv);
  for (OpOperand &operand : conv->getOpOperands())
    operand.set(body->getArgument(operand.getOperandNumber()));
  Value convolved = conv->getResult(0);
  Value stats = dlc::BatchStatsOp::create(rewriter, m.stats.getLoc(), m.stats.getType(), convolved);
  Value last;
  if (group) {
    // The group's body, its batch norm reading the convolution, the
    // statistics and the scale and bias; its chain the later inputs.
    Block &old = group.getBody().front();
    IRMapping map;
    map.map(old.getArgument(0), convolved);
    map.map(old.getArgument(1), body->getArgument(scaleArg));
    map.map(old.getArgument(2), body->getArgument(scaleArg + 1));
    map.map(old.getArgument(3), stats);
    for (unsigned i = 4; i < old.getNumArguments(); ++i)
      map.map(old.getArgument(i), body->getArgument(scaleArg + i - 2));
    for (Operation &op : old.without_terminator())
      rewriter.clone(op, map);
    last = map.lookup(cast<dlc::YieldOp>(old.getTerminator()).getValues()[0]);
  } else {
    // By position: scale and bias may be one value.
    Operation *norm = rewriter.clone(*m.head);
    norm->setOperand(0, convolved);
    norm->setOperand(1, body->getArgument(scaleArg));
    norm->setOperand(2, body->getArgument(scaleArg + 1));
    norm->setOperand(3, stats);
    last = norm->getResult(0);
  }
  dlc::YieldOp::create(rewriter, loc, ValueRange{convolved, stats, last});

  rewriter.replaceOp(m.head, fused.getResult(2));
  rewriter.replaceOp(m.stats, fused.getResult(1));
  rewriter.replaceOp(m.conv, fused.getResult(0));
}

struct FuseConvBnTrainPass : dlc::impl::DLCFuseConvBnTrainBase<FuseConvBnTrainPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    SmallVector<ConvBatchNorm> matches;
    // A convolution read by two batch norms joins the first only.
    llvm::DenseSet<Operation *> taken;
    for (Operation &op : body)
      if (std::optional<ConvBatchNorm> m = matchConvBatchNorm(&op))
        if (taken.insert(m->conv).second && taken.insert(m->stats).second)
          matches.push_back(*m);
    if (matches.empty())
      return;
    IRRewriter rewriter(&getContext());
    for (ConvBatchNorm &m : matches)
      fuse(rewriter, m);
    // The group sits where the batch norm was; readers of the convolution
    // or the statistics before that (the running statistics' update) move
    // after it. The sort is stable: everything else keeps its order.
    if (!sortTopologically(&body))
      signalPassFailure();
  }
};

} // namespace
