#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCSUMPADSTOCONCAT
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

// A zero pad along one axis: its input fills [begin, end) of that axis.
struct Piece {
  dlc::PadOp pad;
  int64_t axis, begin, end;
};

std::optional<Piece> pieceOf(Value v, Type sumType) {
  auto pad = v.getDefiningOp<dlc::PadOp>();
  if (!pad || v.getType() != sumType || pad.getValue().convertToFloat() != 0.f)
    return std::nullopt;
  ArrayRef<int64_t> pads = pad.getPads();
  int64_t rank = static_cast<int64_t>(pads.size() / 2);
  std::optional<int64_t> axis;
  for (int64_t d = 0; d < rank; ++d)
    if (pads[d] != 0 || pads[rank + d] != 0) {
      if (axis)
        return std::nullopt;
      axis = d;
    }
  if (!axis)
    return std::nullopt;
  int64_t extent = cast<ShapedType>(sumType).getDimSize(*axis);
  return Piece{pad, *axis, pads[*axis], extent - pads[rank + *axis]};
}

// The terms of the sum `add` heads: its operands, and those of the adds
// among them that only it reads.
void collectTerms(dlc::AddOp add, SmallVectorImpl<Value> &terms,
                  SmallVectorImpl<Operation *> &adds) {
  adds.push_back(add);
  for (Value operand : {add.getLhs(), add.getRhs()}) {
    auto inner = operand.getDefiningOp<dlc::AddOp>();
    if (inner && inner.getResult().hasOneUse() && inner.getType() == add.getType())
      collectTerms(inner, terms, adds);
    else
      terms.push_back(operand);
  }
}

// The sum of zero pads whose inputs tile one axis (the gradient of the
// slices that split a fused projection into q, k and v) is the
// concatenation of those inputs: one copy instead of a padded tensor per
// term and an add per term, each reading and writing the whole sum.
bool rewriteSum(dlc::AddOp add, IRRewriter &rewriter) {
  SmallVector<Value> terms;
  SmallVector<Operation *> adds;
  collectTerms(add, terms, adds);
  SmallVector<Piece> pieces;
  for (Value term : terms) {
    std::optional<Piece> piece = pieceOf(term, add.getType());
    if (!piece || (!pieces.empty() && piece->axis != pieces.front().axis))
      return false;
    pieces.push_back(*piece);
  }
  llvm::sort(pieces, [](const Piece &a, const Piece &b) { return a.begin < b.begin; });
  int64_t next = 0;
  for (const Piece &piece : pieces) {
    if (piece.begin != next)
      return false; // a gap or an overlap
    next = piece.end;
  }
  if (next != cast<ShapedType>(add.getType()).getDimSize(pieces.front().axis))
    return false;
  SmallVector<Value> inputs;
  for (Piece &piece : pieces)
    inputs.push_back(piece.pad.getInput());
  rewriter.setInsertionPoint(add);
  auto concat = dlc::ConcatOp::create(rewriter, add.getLoc(), add.getType(), inputs,
                                      rewriter.getI64IntegerAttr(pieces.front().axis));
  rewriter.replaceOp(add, concat.getResult());
  for (Operation *inner : llvm::drop_begin(adds)) // outermost first: each is unused now
    rewriter.eraseOp(inner);
  for (Piece &piece : pieces)
    if (piece.pad->use_empty())
      rewriter.eraseOp(piece.pad);
  return true;
}

// Whether `add` is a term of a larger sum, which collectTerms walks from
// that sum's last add.
bool isInnerTerm(dlc::AddOp add) {
  if (!add.getResult().hasOneUse())
    return false;
  auto user = dyn_cast<dlc::AddOp>(*add.getResult().user_begin());
  return user && user.getType() == add.getType();
}

struct SumPadsToConcatPass : dlc::impl::DLCSumPadsToConcatBase<SumPadsToConcatPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    IRRewriter rewriter(&getContext());
    // The last add of each sum; a rewrite erases only adds inside its own.
    SmallVector<dlc::AddOp> sums;
    for (dlc::AddOp add : body.getOps<dlc::AddOp>())
      if (!isInnerTerm(add))
        sums.push_back(add);
    for (dlc::AddOp add : sums)
      rewriteSum(add, rewriter);
  }
};

} // namespace
