#include "compiler/driver/WeightFolding.h"

#include <cstring>

#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace dlc {
namespace {

// Whether the interpreter may evaluate `op` at compile time.
bool isFoldable(Operation &op) {
  if (isa<WeightOp>(op) || op.getNumResults() != 1 || op.getNumRegions() != 0 ||
      op.getDialect() == nullptr || op.getDialect()->getNamespace() != "dlc")
    return false;
  auto result = cast<ShapedType>(op.getResult(0).getType());
  if (!result.hasStaticShape() || !result.getElementType().isF32() || op.getNumOperands() == 0)
    return false;
  int64_t largest = 0;
  for (Value operand : op.getOperands()) {
    auto type = dyn_cast<ShapedType>(operand.getType());
    if (!type || !type.hasStaticShape())
      return false;
    largest = std::max(largest, type.getNumElements());
  }
  return result.getNumElements() <= largest;
}

// A name for a folded weight: the op's location name, made unique.
std::string freshName(Operation &op, const WeightTable &weights) {
  std::string base = "folded";
  if (auto name = dyn_cast<NameLoc>(op.getLoc()))
    base = name.getName().str();
  std::string name = base;
  for (int i = 1; weights.find(name); ++i)
    name = base + "." + std::to_string(i);
  return name;
}

WeightEntry toWeight(const interp::Tensor &t) {
  WeightEntry entry;
  entry.shape = t.shape;
  entry.owned.resize(t.data.size() * sizeof(float));
  for (size_t i = 0; i < t.data.size(); ++i) {
    float value = static_cast<float>(t.data[i]);
    std::memcpy(entry.owned.data() + i * sizeof(float), &value, sizeof(float));
  }
  entry.byteSize = entry.owned.size();
  return entry;
}

} // namespace

LogicalResult foldWeightExpressions(func::FuncOp func, WeightTable &weights) {
  interp::WeightLookup lookup = interp::lookupIn(weights);
  llvm::DenseMap<Value, interp::Tensor> known;
  // Values computed by an op other than a reshape: only those need a new
  // weight (a reshaped weight is a view of it).
  llvm::DenseSet<Value> computed;
  auto valueOf = [&](Value v, interp::Tensor &out) -> bool {
    if (auto weight = v.getDefiningOp<WeightOp>())
      return lookup(weight.getName(), out);
    auto it = known.find(v);
    if (it == known.end())
      return false;
    out = it->second;
    return true;
  };
  Block &body = func.getBody().front();
  SmallVector<Operation *> folded;
  for (Operation &op : body) {
    if (!isFoldable(op))
      continue;
    SmallVector<interp::Tensor> operands(op.getNumOperands());
    bool constant = true, fromComputed = false;
    for (auto [operand, tensor] : llvm::zip(op.getOperands(), operands)) {
      constant = constant && valueOf(operand, tensor);
      fromComputed |= computed.contains(operand);
    }
    if (!constant)
      continue;
    interp::Tensor result;
    if (failed(interp::evaluate(&op, operands, result)))
      return failure();
    known[op.getResult(0)] = std::move(result);
    if (!isa<ReshapeOp>(op) || fromComputed)
      computed.insert(op.getResult(0));
    folded.push_back(&op);
  }
  OpBuilder builder(func.getContext());
  for (Operation *op : folded) {
    Value value = op->getResult(0);
    bool readByKernel = llvm::any_of(value.getUsers(), [&](Operation *user) {
      return !llvm::is_contained(folded, user);
    });
    if (!computed.contains(value) || !readByKernel)
      continue;
    std::string name = freshName(*op, weights);
    weights.add(name, toWeight(known[value]));
    builder.setInsertionPoint(op);
    auto weight = WeightOp::create(builder, op->getLoc(), value.getType(), name);
    value.replaceAllUsesWith(weight.getResult());
  }
  // Folded ops and the weights only they read are dead now.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (op.use_empty() && (isa<WeightOp>(op) || llvm::is_contained(folded, &op)))
      op.erase();
  return success();
}

} // namespace dlc
