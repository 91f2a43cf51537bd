#include "compiler/autodiff/Autodiff.h"
#include "compiler/autodiff/Passes.h"
#include "dialects/dlc/IR/DLCOps.h"

namespace dlc {
#define GEN_PASS_DEF_DLCAUTODIFF
#include "compiler/autodiff/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace dlc {
namespace {

struct AutodiffPass : impl::DLCAutodiffBase<AutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> forwards;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.getNumResults() == 1 && !func.getBody().empty())
        forwards.push_back(func);
    for (func::FuncOp forward : forwards)
      if (failed(addBackward(module, forward)))
        return signalPassFailure();
  }

  LogicalResult addBackward(ModuleOp module, func::FuncOp forward) {
    OpBuilder b(module.getBody(), module.getBody()->end());
    auto backward = cast<func::FuncOp>(b.clone(*forward));
    backward.setSymName((forward.getSymName() + "_backward").str());
    Block &body = backward.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    Value output = ret.getOperand(0);
    Value seed = body.addArgument(output.getType(), backward.getLoc());
    SmallVector<Value> wrt;
    for (BlockArgument arg : body.getArguments().drop_back())
      if (cast<ShapedType>(arg.getType()).getElementType().isF32())
        wrt.push_back(arg);
    FailureOr<SmallVector<Value>> grads = buildBackward(backward, output, seed, wrt);
    if (failed(grads))
      return failure();
    SmallVector<Value> results{output};
    results.append(grads->begin(), grads->end());
    ret->setOperands(results);
    backward.setType(b.getFunctionType(body.getArgumentTypes(), ValueRange(results).getTypes()));
    return success();
  }
};

} // namespace
} // namespace dlc
