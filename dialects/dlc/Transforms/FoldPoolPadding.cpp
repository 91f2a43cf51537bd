#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFOLDPOOLPADDING
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

// The pool padding [top, left, bottom, right] that `pad` (NCHW, value 0)
// amounts to for a window of `kernel`; nullopt when it pads the batch or
// the channels, or pads a side by the kernel's extent or more (a window
// wholly in the padding, which dlc.avg_pool2d does not allow).
std::optional<SmallVector<int64_t>> poolPaddingOf(dlc::PadOp pad, ArrayRef<int64_t> kernel) {
  ArrayRef<int64_t> pads = pad.getPads(); // [n, c, h, w] before, then after
  if (pad.getValue().convertToFloat() != 0.f || pads.size() != 8 || pads[0] || pads[1] || pads[4] ||
      pads[5])
    return std::nullopt;
  SmallVector<int64_t> padding = {pads[2], pads[3], pads[6], pads[7]};
  for (int i = 0; i < 4; ++i)
    if (padding[i] < 0 || padding[i] >= kernel[i % 2])
      return std::nullopt;
  return padding;
}

struct FoldPoolPaddingPass : dlc::impl::DLCFoldPoolPaddingBase<FoldPoolPaddingPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    IRRewriter rewriter(&getContext());
    SmallVector<dlc::AvgPool2dOp> pools(body.getOps<dlc::AvgPool2dOp>());
    for (dlc::AvgPool2dOp pool : pools) {
      auto pad = pool.getInput().getDefiningOp<dlc::PadOp>();
      if (!pad || llvm::any_of(pool.getPadding(), [](int64_t p) { return p != 0; }))
        continue;
      std::optional<SmallVector<int64_t>> padding = poolPaddingOf(pad, pool.getKernel());
      if (!padding)
        continue;
      rewriter.setInsertionPoint(pool);
      auto folded = dlc::AvgPool2dOp::create(
          rewriter, pool.getLoc(), pool.getType(), pad.getInput(), pool.getKernelAttr(),
          pool.getStridesAttr(), rewriter.getDenseI64ArrayAttr(*padding),
          rewriter.getBoolAttr(true));
      rewriter.replaceOp(pool, folded.getResult());
      if (pad->use_empty())
        rewriter.eraseOp(pad);
    }
  }
};

} // namespace
