#include "compiler/driver/BatchSeparability.h"

#include "dialects/dlc/IR/DLCOps.h"
#include "frontends/common/InputShapes.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace dlc {
namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }
int64_t rankOf(Value v) { return cast<ShapedType>(v.getType()).getRank(); }

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

// Where the batch lives in a value: dimension `axis` holds outer * B * inner
// elements at batch B (so outer * inner at batch 1). A replicated value is
// the same for every sample (a constant broadcast to the batch); it fits any
// split of its axis.
struct BatchPlace {
  int64_t axis = 0;
  int64_t outer = 1;
  bool replicated = false;
};

bool isElementwise(Operation *op) {
  return isa<dlc::ReluOp, dlc::TanhOp, dlc::SigmoidOp, dlc::ExpOp, dlc::LogOp, dlc::SqrtOp,
             dlc::ErfOp, dlc::NegOp, dlc::AbsOp, dlc::SiluOp, dlc::SoftplusOp, dlc::HardSwishOp,
             dlc::LeakyReluOp, dlc::EluOp, dlc::HardSigmoidOp, dlc::ClipOp, dlc::GeluOp,
             dlc::AddOp, dlc::SubOp, dlc::MulOp, dlc::DivOp, dlc::PowOp, dlc::MinOp, dlc::MaxOp,
             dlc::PreluOp, dlc::EqualOp, dlc::LessOp, dlc::LessEqualOp, dlc::GreaterOp,
             dlc::GreaterEqualOp, dlc::WhereOp>(op);
}

// Follows the batch through the graph imported at batch 1 (`one`), using the
// same graph imported at batch 2 (`two`) to see which dimension grows with
// it: at batch 1 a reshape cannot tell [1, S] from [S] with the batch inside.
class Checker {
public:
  BatchSeparability run(func::FuncOp one, func::FuncOp two);

private:
  using Place = std::optional<BatchPlace>;

  // The place of `v`'s batch as an axis of a rank-`rank` result that
  // aligns `v`'s axes to its trailing ones.
  Place aligned(Value v, int64_t rank) const {
    Place p = placeOf(v);
    if (p)
      p->axis += rank - rankOf(v);
    return p;
  }
  void fail(Operation *op, std::string why) {
    if (result.reason.empty()) {
      result.op = op;
      result.reason = std::move(why);
    }
  }
  bool failed() const { return !result.reason.empty(); }
  Place placeOf(Value v) const {
    auto it = places.find(v);
    return it == places.end() ? Place() : Place(it->second);
  }
  // The one dimension of `v` that doubles from batch 1 to batch 2; -1 when
  // none grows, -2 when the growth is not one doubled dimension.
  int64_t grownAxis(Value v) const;
  Place follow(Operation *op);
  Place elementwise(Operation *op, ValueRange operands, int64_t rank);
  // The batch of operands[i] sits at result axis mapped[i] (none: not
  // batched); they must agree, and where the batch is one of the leading
  // `rank - trailing` (broadcast) axes, the other operands broadcast along it.
  Place join(Operation *op, ValueRange operands, ArrayRef<Place> mapped, int64_t rank,
             int64_t trailing);
  Place reshape(Operation *op, Value input, Value output);
  // Fails when the batch of `v` sits in one of `axes` (negative from the end).
  void forbid(Operation *op, Value v, ArrayRef<int64_t> axes, const char *what);

  llvm::DenseMap<Value, BatchPlace> places;
  llvm::DenseMap<Value, Value> twins;  // batch-1 value -> batch-2 value
  BatchSeparability result;
};

int64_t Checker::grownAxis(Value v) const {
  ArrayRef<int64_t> a = shapeOf(v), b = shapeOf(twins.lookup(v));
  if (a.size() != b.size())
    return -2;
  int64_t grown = -1;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i])
      continue;
    if (grown != -1 || b[i] != 2 * a[i])
      return -2;
    grown = static_cast<int64_t>(i);
  }
  return grown;
}

void Checker::forbid(Operation *op, Value v, ArrayRef<int64_t> axes, const char *what) {
  Place p = placeOf(v);
  if (!p)
    return;
  int64_t rank = rankOf(v);
  for (int64_t axis : axes)
    if ((axis < 0 ? axis + rank : axis) == p->axis)
      return fail(op, std::string(what) + " over the batch");
}

Checker::Place Checker::join(Operation *op, ValueRange operands, ArrayRef<Place> mapped,
                             int64_t rank, int64_t trailing) {
  Place out;
  for (const Place &p : mapped) {
    if (!p)
      continue;
    if (!out || (out->replicated && !p->replicated)) {
      out = p;
      continue;
    }
    if (p->axis != out->axis || (!p->replicated && !out->replicated && p->outer != out->outer)) {
      fail(op, "combines tensors that hold the batch in different places");
      return out;
    }
  }
  if (!out || out->axis >= rank - trailing)
    return out;
  // A tensor without the batch must broadcast along it.
  for (auto [v, p] : llvm::zip(operands, mapped)) {
    int64_t axis = out->axis - (rank - rankOf(v));
    if (!p && axis >= 0 && shapeOf(twins.lookup(v))[axis] != 1)
      fail(op, "combines the batch with a tensor that does not grow with it");
  }
  return out;
}

Checker::Place Checker::elementwise(Operation *op, ValueRange operands, int64_t rank) {
  SmallVector<Place> mapped;
  for (Value v : operands)
    mapped.push_back(aligned(v, rank));
  return join(op, operands, mapped, rank, 0);
}

// A reshape keeps the row-major order: the elements before the batch (L)
// and after it (R) stay the same numbers. The batch stays separable when
// the output's grown dimension splits into L's tail, the batch and R's head.
Checker::Place Checker::reshape(Operation *op, Value input, Value output) {
  Place p = placeOf(input);
  if (!p)
    return p;
  int64_t axis = grownAxis(output);
  if (axis < 0) {
    fail(op, "loses track of the batch");
    return std::nullopt;
  }
  if (p->replicated)
    return BatchPlace{axis, 1, true};
  ArrayRef<int64_t> in = shapeOf(input), out = shapeOf(output);
  int64_t inner = in[p->axis] / p->outer;
  int64_t before = product(in.take_front(p->axis)) * p->outer;
  int64_t after = inner * product(in.drop_front(p->axis + 1));
  int64_t outBefore = product(out.take_front(axis));
  if (outBefore == 0 || before % outBefore != 0 || out[axis] % (before / outBefore) != 0 ||
      out[axis] / (before / outBefore) * product(out.drop_front(axis + 1)) != after) {
    fail(op, "interleaves the batch with another dimension");
    return std::nullopt;
  }
  return BatchPlace{axis, before / outBefore, false};
}

Checker::Place Checker::follow(Operation *op) {
  auto anyBatched = [&](ValueRange values) {
    return llvm::any_of(values, [&](Value v) { return placeOf(v).has_value(); });
  };
  if (!anyBatched(op->getOperands())) {
    // A constant expanded to the batch's size is the same for every sample.
    int64_t grown = isa<dlc::BroadcastOp>(op) ? grownAxis(op->getResult(0)) : -1;
    return grown >= 0 ? Place(BatchPlace{grown, 1, true}) : Place();
  }
  auto onlyFirstBatched = [&]() {
    if (anyBatched(op->getOperands().drop_front()))
      fail(op, "feeds the batch into a weight operand");
  };
  Value in = op->getOperand(0);
  Place p = placeOf(in);
  int64_t rank = op->getNumResults() ? rankOf(op->getResult(0)) : 0;

  if (isElementwise(op))
    return elementwise(op, op->getOperands(), rank);
  if (auto broadcast = dyn_cast<dlc::BroadcastOp>(op)) {
    int64_t axis = p->axis + rank - rankOf(in);
    if (shapeOf(broadcast.getResult())[axis] != shapeOf(in)[p->axis])
      fail(op, "broadcasts along the batch");
    return BatchPlace{axis, p->outer, p->replicated};
  }
  if (isa<dlc::ReshapeOp>(op))
    return reshape(op, in, op->getResult(0));
  if (auto transpose = dyn_cast<dlc::TransposeOp>(op)) {
    ArrayRef<int64_t> perm = transpose.getPerm();
    for (size_t j = 0; j < perm.size(); ++j)
      if (perm[j] == p->axis)
        return BatchPlace{static_cast<int64_t>(j), p->outer, p->replicated};
    return p;
  }
  if (isa<dlc::ReduceSumOp, dlc::ReduceMeanOp, dlc::ReduceMaxOp, dlc::ReduceMinOp>(op)) {
    auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
    forbid(op, in, axes, "reduces");
    auto keep = op->getAttrOfType<BoolAttr>("keepdims");  // default: kept
    bool keepdims = !keep || keep.getValue();
    BatchPlace out = *p;
    if (!keepdims)
      for (int64_t axis : axes)
        out.axis -= ((axis < 0 ? axis + rankOf(in) : axis) < p->axis) ? 1 : 0;
    return out;
  }
  if (auto softmax = dyn_cast<dlc::SoftmaxOp>(op)) {
    forbid(op, in, {static_cast<int64_t>(softmax.getAxis())}, "normalizes");
    return p;
  }
  if (auto logSoftmax = dyn_cast<dlc::LogSoftmaxOp>(op)) {
    forbid(op, in, {static_cast<int64_t>(logSoftmax.getAxis())}, "normalizes");
    return p;
  }
  if (auto layerNorm = dyn_cast<dlc::LayerNormOp>(op)) {
    int64_t from = static_cast<int64_t>(layerNorm.getAxis());
    from += from < 0 ? rankOf(in) : 0;
    if (p && p->axis >= from)
      fail(op, "normalizes over the batch");
    onlyFirstBatched();
    return p;
  }
  if (isa<dlc::Conv2dOp, dlc::ConvTranspose2dOp, dlc::BatchNormOp, dlc::GroupNormOp,
          dlc::LinearOp>(op)) {
    onlyFirstBatched();
    if (p && p->axis != 0)
      fail(op, "mixes the dimension that holds the batch");
    return p;
  }
  if (isa<dlc::MaxPool2dOp, dlc::AvgPool2dOp, dlc::ResizeOp, dlc::LrnOp>(op)) {
    // Pools and resize work per (n, c) plane; LRN mixes channels only.
    bool channelsMix = isa<dlc::LrnOp>(op);
    if (p && (p->axis > 1 || (channelsMix && p->axis == 1)))
      fail(op, "mixes the dimension that holds the batch");
    return p;
  }
  if (auto matmul = dyn_cast<dlc::MatmulOp>(op)) {
    // [..., M, K] x [..., K, N]: the batch may sit in the leading axes, in M
    // or in N, not in K. Rows of the left stay rows, columns of the right
    // stay columns.
    forbid(op, matmul.getLhs(), {-1}, "contracts");
    forbid(op, matmul.getRhs(), {-2}, "contracts");
    return join(op, op->getOperands(), {aligned(matmul.getLhs(), rank), aligned(matmul.getRhs(), rank)},
                rank, 2);
  }
  if (auto attention = dyn_cast<dlc::AttentionOp>(op)) {
    // Each (leading index, query) row is separate; keys and values mix.
    forbid(op, attention.getQ(), {-1}, "contracts");
    forbid(op, attention.getK(), {-1, -2}, "attends");
    forbid(op, attention.getV(), {-1, -2}, "attends");
    if (attention.getMask())
      forbid(op, attention.getMask(), {-1}, "attends");
    SmallVector<Place> mapped;
    for (Value v : op->getOperands())
      mapped.push_back(aligned(v, rank));
    return join(op, op->getOperands(), mapped, rank, 2);
  }
  if (auto concat = dyn_cast<dlc::ConcatOp>(op)) {
    for (Value v : concat.getInputs())
      forbid(op, v, {static_cast<int64_t>(concat.getAxis())}, "concatenates");
    return elementwise(op, op->getOperands(), rank);
  }
  if (auto gather = dyn_cast<dlc::GatherOp>(op)) {
    // Rows of an embedding table picked per sample: the batch must be in
    // the indices, whose dimensions replace `axis` in the result.
    int64_t axis = static_cast<int64_t>(gather.getAxis());
    axis += axis < 0 ? rankOf(gather.getData()) : 0;
    Place data = placeOf(gather.getData()), indices = placeOf(gather.getIndices());
    if (data && (indices || data->axis == axis)) {
      fail(op, "gathers along the batch");
      return std::nullopt;
    }
    if (data) {  // the indices replace `axis`, before or after the batch
      BatchPlace out = *data;
      out.axis += data->axis > axis ? rankOf(gather.getIndices()) - 1 : 0;
      return out;
    }
    return BatchPlace{axis + indices->axis, indices->outer, indices->replicated};
  }
  if (auto slice = dyn_cast<dlc::SliceOp>(op)) {
    int64_t a = p->axis;
    int64_t size = slice.getSizes()[a];
    if (slice.getOffsets()[a] != 0 || slice.getStrides()[a] != 1 ||
        (size != -1 && size != shapeOf(in)[a]))
      fail(op, "slices the batch");
    return p;
  }
  if (auto pad = dyn_cast<dlc::PadOp>(op)) {
    ArrayRef<int64_t> pads = pad.getPads();
    if (pads[p->axis] != 0 || pads[rankOf(in) + p->axis] != 0)
      fail(op, "pads the batch");
    return p;
  }
  fail(op, "is an op whose effect on the batch dlc does not know");
  return std::nullopt;
}

BatchSeparability Checker::run(func::FuncOp one, func::FuncOp two) {
  Block &a = one.getBody().front(), &b = two.getBody().front();
  if (a.getNumArguments() != b.getNumArguments() ||
      a.getOperations().size() != b.getOperations().size()) {
    fail(nullptr, "the graph differs between batch 1 and batch 2");
    return result;
  }
  for (unsigned i = 0; i < a.getNumArguments(); ++i) {
    twins[a.getArgument(i)] = b.getArgument(i);
    bool batched = one.getArgAttr(i, kDynamicBatchAttr) != nullptr;
    result.batchedInputs.push_back(batched);
    if (batched)
      places[a.getArgument(i)] = BatchPlace{};
  }
  for (auto [x, y] : llvm::zip(a, b)) {
    if (x.getName() != y.getName() || x.getNumResults() != y.getNumResults() ||
        x.getNumOperands() != y.getNumOperands()) {
      fail(&x, "differs between batch 1 and batch 2");
      return result;
    }
    for (auto [r, s] : llvm::zip(x.getResults(), y.getResults()))
      twins[r] = s;
    if (isa<func::ReturnOp>(x)) {
      for (Value v : x.getOperands()) {
        Place p = placeOf(v);
        result.batchedOutputs.push_back(p && p->axis == 0 && shapeOf(v)[0] == 1);
        if (!result.batchedOutputs.back())
          fail(nullptr, "an output does not hold the batch as its dimension 0");
      }
      break;
    }
    Place p = follow(&x);
    if (failed())
      return result;
    for (Value r : x.getResults()) {
      int64_t grown = grownAxis(r);
      if (grown != (p ? p->axis : -1)) {
        fail(&x, p ? "moves the batch where dlc does not expect it"
                   : "gives a result whose shape depends on the batch");
        return result;
      }
      if (p)
        places[r] = *p;
    }
  }
  result.separable = !failed();
  return result;
}

} // namespace

BatchSeparability checkBatchSeparability(func::FuncOp one, func::FuncOp two) {
  return Checker().run(one, two);
}

} // namespace dlc
