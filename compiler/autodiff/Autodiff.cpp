#include "compiler/autodiff/Autodiff.h"

#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace dlc {

FailureOr<SmallVector<Value>> buildBackward(func::FuncOp func, Value output, Value seed,
                                            ArrayRef<Value> wrt) {
  Block &body = func.getBody().front();
  // The values that depend on some `wrt` value: only they need gradients.
  llvm::DenseSet<Value> varying(wrt.begin(), wrt.end());
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator()) {
    forward.push_back(&op);
    if (llvm::any_of(op.getOperands(), [&](Value v) { return varying.contains(v); }))
      for (Value r : op.getResults())
        varying.insert(r);
  }

  OpBuilder b(body.getTerminator());
  llvm::DenseMap<Value, Value> grads;
  grads[output] = seed;
  auto accumulate = [&](Value v, Value g, Location loc) {
    auto [it, inserted] = grads.try_emplace(v, g);
    if (!inserted)
      it->second = AddOp::create(b, loc, it->second, g);
  };
  for (Operation *op : llvm::reverse(forward)) {
    if (op->getNumResults() != 1)
      continue;
    auto known = grads.find(op->getResult(0));
    if (known == grads.end())
      continue;
    SmallVector<bool> wanted;
    bool any = false;
    for (Value v : op->getOperands()) {
      bool isFloat = cast<ShapedType>(v.getType()).getElementType().isF32();
      wanted.push_back(isFloat && varying.contains(v));
      any |= wanted.back();
    }
    if (!any)
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable)
      return op->emitError("dlc cannot differentiate '")
             << op->getName() << "' yet (docs/training.md lists the ops it can)";
    SmallVector<Value> operandGrads;
    b.setInsertionPoint(body.getTerminator());
    if (failed(differentiable.buildGradients(b, known->second, wanted, operandGrads)))
      return failure();
    for (auto [operand, g, want] : llvm::zip(op->getOperands(), operandGrads, wanted))
      if (want && g)
        accumulate(operand, g, op->getLoc());
  }

  SmallVector<Value> result;
  b.setInsertionPoint(body.getTerminator());
  for (Value v : wrt) {
    auto it = grads.find(v);
    if (it != grads.end()) {
      result.push_back(it->second);
      continue;
    }
    result.push_back(ConstantOp::create(b, v.getLoc(), v.getType(), b.getF64FloatAttr(0.0)));
  }
  return result;
}

} // namespace dlc
