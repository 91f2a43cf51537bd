// Reference evaluation of the ops training steps are built from: constants,
// convolution and pooling gradients, losses and optimizer updates, in
// float64 with the formulas of their op descriptions (DLCOps.td).
#pragma once

#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCOps.h"

namespace dlc::interp {

mlir::LogicalResult evalConstant(ConstantOp op, Tensor &out);
// Without `step` (eval mode) the output is the input.
mlir::LogicalResult evalDropout(DropoutOp op, const Tensor &in, const Tensor *step, Tensor &out);
mlir::LogicalResult evalConv2dGradWeight(Conv2dGradWeightOp op, const Tensor &in,
                                         const Tensor &gradOut, Tensor &out);
mlir::LogicalResult evalPool2dGrad(Pool2dGradOp op, const Tensor &in, const Tensor &gradOut,
                                   Tensor &out);
mlir::LogicalResult evalGatherGrad(GatherGradOp op, const Tensor &gradOut, const Tensor &indices,
                                   Tensor &out);
mlir::LogicalResult evalLoss(LossOp op, const Tensor &prediction, const Tensor &target,
                             Tensor &out);
mlir::LogicalResult evalLossGrad(LossGradOp op, const Tensor &prediction, const Tensor &target,
                                 const Tensor &gradLoss, Tensor &out);
mlir::LogicalResult evalOptimizerUpdate(OptimizerUpdateOp op, const Tensor &param,
                                        const Tensor &grad, const Tensor &lr, const Tensor &step,
                                        llvm::ArrayRef<const Tensor *> state, Tensor &out);

mlir::LogicalResult evalBatchStats(BatchStatsOp op, const Tensor &in, Tensor &out);
mlir::LogicalResult evalBatchNormTrain(BatchNormTrainOp op, const Tensor &in, const Tensor &scale,
                                       const Tensor &bias, const Tensor &stats, Tensor &out);
mlir::LogicalResult evalBatchNormParamGrad(BatchNormParamGradOp op, const Tensor &in,
                                           const Tensor &grad, const Tensor &scale,
                                           const Tensor &bias, const Tensor &stats, Tensor &out);
mlir::LogicalResult evalBatchNormInputGrad(BatchNormInputGradOp op, const Tensor &in,
                                           const Tensor &grad, const Tensor &scale,
                                           const Tensor &bias, const Tensor &stats,
                                           const Tensor &paramGrad, Tensor &out);

} // namespace dlc::interp
