// Whether a graph imported at batch 1 may be run one sample at a time.
//
// A library with a dynamic batch runs its batch-1 kernels once per sample
// (see GlueSpec::dynamicBatch). That gives the batch-B answer only when no
// op mixes samples: nothing reduces, normalizes, contracts or concatenates
// over the batch, and no reshape interleaves it with another dimension.
// The check follows where the batch lives in every value — an axis, and
// within that axis the factors outside and inside it (PyTorch's attention
// export folds the batch into the heads, [B*H, S, D]) — from the graph
// inputs marked kDynamicBatchAttr to the outputs, which must have it
// outermost.
#pragma once

#include <string>
#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

struct BatchSeparability {
  bool separable = false;
  // When not separable: the op that prevents it (null for a graph-level
  // reason) and why, as one phrase.
  mlir::Operation *op = nullptr;
  std::string reason;
  // Per graph input / output: whether dimension 0 is the batch.
  std::vector<bool> batchedInputs, batchedOutputs;
};

// `one` and `two` are the same model imported at batch 1 and batch 2 (and
// through the same passes): the dimensions that double tell where the batch
// went, which the batch-1 graph alone cannot show ([1, S] or [S]?).
BatchSeparability checkBatchSeparability(mlir::func::FuncOp one, mlir::func::FuncOp two);

} // namespace dlc
