// Building dlc.fused groups: a producer (conv2d, linear, matmul) and the
// chain of element-wise ops that consume its result, shared by the
// fusion passes.
#pragma once

#include <functional>

#include "dialects/dlc/IR/DLCOps.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc::fusion {

// The axis of the producer's result that a per-channel epilogue operand
// follows (conv2d: channels, axis 1; linear and matmul: features, the last
// axis; a dlc.fused: its producer's); nullopt when `op` is not a producer
// the kernels can extend.
std::optional<int64_t> channelAxisOf(mlir::Operation *op);

// Whether the kernel of `producer` can read `operand` as an epilogue
// operand of a result of type `result`: the result's shape, one value per
// channel (all other dimensions 1) or a single value.
bool isEpilogueOperand(mlir::Operation *producer, mlir::Value operand, mlir::ShapedType result);

// Decides whether `step` (an element-wise user of `chained`) may join the
// group; the shape checks of `collectChain` come first.
using StepFilter = std::function<bool(mlir::Operation *step, mlir::Value chained)>;

// The element-wise ops after `producer` that can join its group: each the
// first user of the previous value, keeping its shape, its other operand
// an earlier value of the chain or readable as an epilogue operand, and
// accepted by `accept`; the chain ends where a value before its last step
// is read outside it.
llvm::SmallVector<mlir::Operation *> collectChain(mlir::Operation *producer,
                                                  const StepFilter &accept);

// Replaces `producer` and `chain` (non-empty, from collectChain) by one
// dlc.fused whose inputs are the producer's operands, then each chain op's
// operand from outside the chain, in order. A dlc.fused producer is extended: its body, then
// the chain.
FusedOp formGroup(mlir::RewriterBase &rewriter, mlir::Operation *producer,
                  llvm::ArrayRef<mlir::Operation *> chain);

} // namespace dlc::fusion
