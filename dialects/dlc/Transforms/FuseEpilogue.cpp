#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/FusionGroups.h"
#include "dialects/dlc/Transforms/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSEEPILOGUE
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct FuseEpiloguePass : dlc::impl::DLCFuseEpilogueBase<FuseEpiloguePass> {
  void runOnOperation() override {
    // Groups formed earlier (--dlc-fuse-conv-bn-relu) are producers too:
    // their chain grows.
    SmallVector<Operation *> producers;
    for (Operation &op : getOperation().getBody().front())
      if (dlc::fusion::channelAxisOf(&op))
        producers.push_back(&op);
    IRRewriter rewriter(&getContext());
    auto anyStep = [](Operation *, Value) { return true; };
    for (Operation *producer : producers) {
      SmallVector<Operation *> chain = dlc::fusion::collectChain(producer, anyStep);
      if (!chain.empty())
        dlc::fusion::formGroup(rewriter, producer, chain);
    }
  }
};

} // namespace
