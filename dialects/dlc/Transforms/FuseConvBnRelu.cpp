#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/FusionGroups.h"
#include "dialects/dlc/Transforms/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSECONVBNRELU
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

// Whether `v` is a model weight, possibly reshaped: the folded weights
// are then computed once, at compile time.
bool isWeight(Value v) {
  while (auto reshape = v.getDefiningOp<dlc::ReshapeOp>())
    v = reshape.getInput();
  return static_cast<bool>(v.getDefiningOp<dlc::WeightOp>());
}

Value reshaped(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return dlc::ReshapeOp::create(b, loc, type, v, b.getDenseI64ArrayAttr(shape));
}

// The name of the weight `v` reads, for naming what is computed from it.
std::string weightName(Value v) {
  while (auto reshape = v.getDefiningOp<dlc::ReshapeOp>())
    v = reshape.getInput();
  return v.getDefiningOp<dlc::WeightOp>().getName().str();
}

// conv -> batch_norm (inference) becomes one conv with
//   w' = w * s[o],  b' = (b - mean) * s + beta,  s = gamma / sqrt(var + eps).
// Both are written as dlc.batch_norm of the weights, which computes exactly
// these (with zero mean and bias for w'), so no constant ops are needed;
// the compiler folds these weight-only ops into new weights.
LogicalResult foldBatchNorm(IRRewriter &rewriter, dlc::BatchNormOp bn) {
  auto conv = bn.getInput().getDefiningOp<dlc::Conv2dOp>();
  if (!conv || !conv.getResult().hasOneUse() || !isWeight(conv.getWeight()) ||
      (conv.getBias() && !isWeight(conv.getBias())))
    return failure();
  for (Value v : {bn.getScale(), bn.getBias(), bn.getMean(), bn.getVar()})
    if (!isWeight(v))
      return failure();
  rewriter.setInsertionPoint(bn);
  ArrayRef<int64_t> wShape = conv.getWeight().getType().getShape();
  int64_t outChannels = wShape[0], perChannel = wShape[1] * wShape[2] * wShape[3];
  Value mean = bn.getMean(), var = bn.getVar();
  FloatAttr eps = bn.getEpsilonAttr();
  Location wLoc = NameLoc::get(rewriter.getStringAttr(weightName(conv.getWeight()) + ".bn"));
  Location bLoc = NameLoc::get(rewriter.getStringAttr(weightName(bn.getBias()) + ".conv"));
  Value zeros = dlc::SubOp::create(rewriter, bLoc, mean.getType(), mean, mean);
  Value w = reshaped(rewriter, wLoc, conv.getWeight(), {1, outChannels, perChannel});
  w = dlc::BatchNormOp::create(rewriter, wLoc, w.getType(), w, bn.getScale(), zeros, zeros, var,
                               eps);
  w = reshaped(rewriter, wLoc, w, wShape);
  Value b = reshaped(rewriter, bLoc, conv.getBias() ? conv.getBias() : zeros, {1, outChannels});
  b = dlc::BatchNormOp::create(rewriter, bLoc, b.getType(), b, bn.getScale(), bn.getBias(), mean,
                               var, eps);
  b = reshaped(rewriter, bLoc, b, {outChannels});
  auto folded = dlc::Conv2dOp::create(rewriter, conv.getLoc(), conv.getType(), conv.getInput(), w,
                                      b, conv.getStridesAttr(), conv.getPaddingAttr(),
                                      conv.getDilationsAttr(), conv.getGroupsAttr());
  rewriter.replaceOp(bn, folded.getResult());
  rewriter.eraseOp(conv);
  return success();
}

struct FuseConvBnReluPass : dlc::impl::DLCFuseConvBnReluBase<FuseConvBnReluPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    IRRewriter rewriter(&getContext());
    SmallVector<dlc::BatchNormOp> norms(body.getOps<dlc::BatchNormOp>());
    for (dlc::BatchNormOp bn : norms)
      (void)foldBatchNorm(rewriter, bn);

    // conv [-> add of a same-shaped tensor (a residual)] [-> relu].
    SmallVector<dlc::Conv2dOp> convs(body.getOps<dlc::Conv2dOp>());
    for (dlc::Conv2dOp conv : convs) {
      bool sawAdd = false, sawRelu = false;
      auto residualThenRelu = [&](Operation *step, Value) {
        if (isa<dlc::ReluOp>(step) && !sawRelu) {
          sawRelu = true;
          return true;
        }
        auto add = dyn_cast<dlc::AddOp>(step);
        if (!add || sawAdd || sawRelu || add.getLhs().getType() != add.getRhs().getType())
          return false;
        sawAdd = true;
        return true;
      };
      SmallVector<Operation *> chain = dlc::fusion::collectChain(conv, residualThenRelu);
      if (!chain.empty())
        dlc::fusion::formGroup(rewriter, conv, chain);
    }
  }
};

} // namespace
