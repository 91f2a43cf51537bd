#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCINFERSHAPES
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct InferShapesPass : dlc::impl::DLCInferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    // One walk in program order, so each op sees its operands' new types.
    WalkResult walk = func.walk([](Operation *op) {
      if (op->hasTrait<OpTrait::SameOperandsAndResultType>()) {
        for (Value result : op->getResults())
          result.setType(op->getOperand(0).getType());
        return WalkResult::advance();
      }
      auto inferable = dyn_cast<InferTypeOpInterface>(op);
      if (!inferable)
        return WalkResult::advance();
      SmallVector<Type> types;
      if (failed(inferable.inferReturnTypes(op->getContext(), op->getLoc(), op->getOperands(),
                                            op->getAttrDictionary(), op->getPropertiesStorage(),
                                            op->getRegions(), types)))
        return WalkResult::interrupt();
      for (auto [result, type] : llvm::zip(op->getResults(), types))
        result.setType(type);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    auto terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace
