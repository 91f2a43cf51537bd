#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "dialects/dlc/Transforms/Permutations.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFOLDTRANSPOSES
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

using dlc::permutations::isIdentity;

// Whether `perm` transposes the matrices of a batch: the last two
// dimensions swapped, the others in place.
bool swapsLastTwo(ArrayRef<int64_t> perm) {
  int64_t rank = static_cast<int64_t>(perm.size());
  return rank >= 2 && isIdentity(perm.drop_back(2)) && perm[rank - 2] == rank - 1 &&
         perm[rank - 1] == rank - 2;
}

// Elements of `v`, or nullopt for a dynamic shape.
std::optional<int64_t> elementsOf(Value v) {
  auto type = cast<ShapedType>(v.getType());
  return type.hasStaticShape() ? std::optional(type.getNumElements()) : std::nullopt;
}

// transpose(transpose(x, inner), outer) is x itself when the two cancel
// (the input gradient of `x W^T` multiplies by (W^T)^T), one transpose
// otherwise.
bool foldTransposePair(dlc::TransposeOp op, IRRewriter &rewriter) {
  auto inner = op.getInput().getDefiningOp<dlc::TransposeOp>();
  if (!inner)
    return false;
  SmallVector<int64_t> perm = dlc::permutations::compose(inner.getPerm(), op.getPerm());
  rewriter.setInsertionPoint(op);
  if (isIdentity(perm))
    rewriter.replaceOp(op, inner.getInput());
  else
    rewriter.replaceOpWithNewOp<dlc::TransposeOp>(op, op.getType(), inner.getInput(),
                                                  rewriter.getDenseI64ArrayAttr(perm));
  return true;
}

// transpose(matmul(transpose(x), b)) = matmul(transpose(b), x): the weight
// gradient of `x W^T` as autodiff writes it, (x^T dy)^T, copies x and the
// product transposed; dy^T x copies dy only. Taken when dy is the smaller
// copy: the feed-forward's [2048, 256] gradient against its [2048, 1024]
// activations and their [1024, 256] product in the encoder layer's step.
bool transposeSmallerOperand(dlc::TransposeOp op, IRRewriter &rewriter) {
  auto matmul = op.getInput().getDefiningOp<dlc::MatmulOp>();
  if (!matmul || !matmul->hasOneUse() || !swapsLastTwo(op.getPerm()))
    return false;
  auto lhs = matmul.getLhs().getDefiningOp<dlc::TransposeOp>();
  if (!lhs || !swapsLastTwo(lhs.getPerm()))
    return false;
  Value x = lhs.getInput(), b = matmul.getRhs();
  std::optional<int64_t> xSize = elementsOf(x), bSize = elementsOf(b), productSize = elementsOf(op);
  if (!xSize || !bSize || !productSize)
    return false;
  // A transposed x that another op reads is copied anyway.
  int64_t copiedNow = *productSize + (lhs->hasOneUse() ? *xSize : 0);
  if (*bSize >= copiedNow)
    return false;
  rewriter.setInsertionPoint(op);
  SmallVector<int64_t> perm(op.getPerm());
  auto bT = dlc::TransposeOp::create(rewriter, op.getLoc(), b, rewriter.getDenseI64ArrayAttr(perm));
  auto product = dlc::MatmulOp::create(rewriter, op.getLoc(), op.getType(), bT, x);
  rewriter.replaceOp(op, product.getResult());
  rewriter.eraseOp(matmul);
  return true;
}

struct FoldTransposesPass : dlc::impl::DLCFoldTransposesBase<FoldTransposesPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    IRRewriter rewriter(&getContext());
    // Each rewrite removes a transpose or a transposed product: this ends.
    for (bool changed = true; changed;) {
      changed = false;
      for (Operation &op : llvm::make_early_inc_range(body))
        if (auto transpose = dyn_cast<dlc::TransposeOp>(op))
          changed |= foldTransposePair(transpose, rewriter) ||
                     transposeSmallerOperand(transpose, rewriter);
    }
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isa<dlc::TransposeOp>(op) && op.use_empty())
        rewriter.eraseOp(&op);
  }
};

} // namespace
