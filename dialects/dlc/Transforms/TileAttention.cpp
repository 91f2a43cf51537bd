#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCTILEATTENTION
#include "dialects/dlc/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct TileAttentionPass : dlc::impl::DLCTileAttentionBase<TileAttentionPass> {
  using DLCTileAttentionBase::DLCTileAttentionBase;

  void runOnOperation() override {
    // The same rule as the op's verifier (attention_c3), checked once here
    // so that a bad option is an error rather than invalid IR.
    int64_t queries = blockQueries, keys = blockKeys;
    if (!((queries == 0 && keys == 0) || (queries > 0 && keys > 0))) {
      getOperation().emitError() << "dlc-tile-attention: block-queries is " << queries
                                 << " and block-keys is " << keys
                                 << ", accepted: both 0 (row-at-a-time kernel) or both positive";
      return signalPassFailure();
    }
    Builder builder(&getContext());
    getOperation().walk([&](dlc::AttentionOp op) {
      op.setBlockQueriesAttr(builder.getI64IntegerAttr(queries));
      op.setBlockKeysAttr(builder.getI64IntegerAttr(keys));
    });
  }
};

} // namespace
