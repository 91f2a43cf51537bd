#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "dialects/dlc/Transforms/Permutations.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSEATTENTION
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

int64_t rankOf(Value v) { return cast<ShapedType>(v.getType()).getRank(); }

// The pieces of one matched attention.
struct Match {
  dlc::MatmulOp output, scores;
  Value q, kT, v, mask;
};

// Whether `v` has `op` as its only user.
bool onlyUsedBy(Value v, Operation *op) { return v.hasOneUse() && *v.user_begin() == op; }

std::optional<Match> match(dlc::MatmulOp output) {
  auto softmax = output.getLhs().getDefiningOp<dlc::SoftmaxOp>();
  if (!softmax || !onlyUsedBy(softmax.getResult(), output))
    return std::nullopt;
  int64_t rank = rankOf(softmax.getInput());
  int64_t axis = static_cast<int64_t>(softmax.getAxis());
  if (axis != -1 && axis != rank - 1)
    return std::nullopt;
  Match m;
  m.output = output;
  m.v = output.getRhs();
  Value scores = softmax.getInput();
  if (auto add = scores.getDefiningOp<dlc::AddOp>()) {
    if (!onlyUsedBy(add.getResult(), softmax))
      return std::nullopt;
    // The scores are the operand a matmul made; the other is the mask.
    for (auto [candidate, other] : {std::pair{add.getLhs(), add.getRhs()},
                                    std::pair{add.getRhs(), add.getLhs()}})
      if (candidate.getDefiningOp<dlc::MatmulOp>() && onlyUsedBy(candidate, add) &&
          add.getResult().getType() == candidate.getType()) {
        scores = candidate;
        m.mask = other;
        break;
      }
    if (!m.mask)
      return std::nullopt;
  }
  m.scores = scores.getDefiningOp<dlc::MatmulOp>();
  if (!m.scores || !m.scores.getResult().hasOneUse())
    return std::nullopt;
  m.q = m.scores.getLhs();
  m.kT = m.scores.getRhs();
  if (rankOf(m.q) != rank || rankOf(m.kT) != rank || rankOf(m.v) != rank)
    return std::nullopt;
  return m;
}

struct FuseAttentionPass : dlc::impl::DLCFuseAttentionBase<FuseAttentionPass> {
  void runOnOperation() override {
    SmallVector<dlc::MatmulOp> outputs;
    getOperation().walk([&](dlc::MatmulOp op) { outputs.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (dlc::MatmulOp output : outputs) {
      std::optional<Match> m = match(output);
      if (!m)
        continue;
      rewriter.setInsertionPoint(output);
      Location loc = output.getLoc();
      // k = kT with its last two dimensions swapped; fold a transpose that
      // made kT into one.
      int64_t rank = rankOf(m->kT);
      SmallVector<int64_t> perm;
      for (int64_t d = 0; d < rank; ++d)
        perm.push_back(d);
      std::swap(perm[rank - 1], perm[rank - 2]);
      Value source = m->kT;
      if (auto transpose = m->kT.getDefiningOp<dlc::TransposeOp>()) {
        perm = dlc::permutations::compose(transpose.getPerm(), perm);
        source = transpose.getInput();
      }
      Value k = source;
      if (!dlc::permutations::isIdentity(perm)) {
        SmallVector<int64_t> shape;
        if (failed(dlc::shapes::inferTranspose(std::nullopt,
                                               cast<ShapedType>(source.getType()).getShape(),
                                               perm, shape)))
          continue;
        k = dlc::TransposeOp::create(rewriter, loc,
                                     RankedTensorType::get(shape, rewriter.getF32Type()), source,
                                     rewriter.getDenseI64ArrayAttr(perm));
      }
      SmallVector<int64_t> shape;
      auto shapeOf = [](Value v) { return cast<ShapedType>(v.getType()).getShape(); };
      std::optional<ArrayRef<int64_t>> maskShape;
      if (m->mask)
        maskShape = shapeOf(m->mask);
      if (failed(dlc::shapes::inferAttention(std::nullopt, shapeOf(m->q), shapeOf(k),
                                             shapeOf(m->v), maskShape, shape)) ||
          RankedTensorType::get(shape, rewriter.getF32Type()) != output.getType()) {
        if (k != source && k.use_empty())
          rewriter.eraseOp(k.getDefiningOp());
        continue;
      }
      auto attention = dlc::AttentionOp::create(rewriter, loc, output.getType(), m->q, k, m->v,
                                                m->mask, rewriter.getF32FloatAttr(1.f),
                                                rewriter.getBoolAttr(false));
      Operation *softmax = output.getLhs().getDefiningOp();
      Operation *masked = softmax->getOperand(0).getDefiningOp();
      rewriter.replaceOp(output, attention.getResult());
      rewriter.eraseOp(softmax);
      if (masked != m->scores.getOperation())
        rewriter.eraseOp(masked);
      rewriter.eraseOp(m->scores);
      // kT's own transpose is dead when k was taken from its input.
      if (auto transpose = m->kT.getDefiningOp<dlc::TransposeOp>())
        if (transpose->use_empty())
          rewriter.eraseOp(transpose);
    }
  }
};

} // namespace
