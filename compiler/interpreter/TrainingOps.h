// Reference evaluation of the ops training steps are built from: constants,
// convolution and pooling gradients, losses and optimizer updates, in
// float64 with the formulas of their op descriptions (DLCOps.td).
#pragma once

#include "compiler/interpreter/Interpreter.h"
#include "dialects/dlc/IR/DLCOps.h"

namespace dlc::interp {

mlir::LogicalResult evalConstant(ConstantOp op, Tensor &out);
mlir::LogicalResult evalConv2dGradWeight(Conv2dGradWeightOp op, const Tensor &in,
                                         const Tensor &gradOut, Tensor &out);
mlir::LogicalResult evalPool2dGrad(Pool2dGradOp op, const Tensor &in, const Tensor &gradOut,
                                   Tensor &out);
mlir::LogicalResult evalLoss(LossOp op, const Tensor &prediction, const Tensor &target,
                             Tensor &out);
mlir::LogicalResult evalLossGrad(LossGradOp op, const Tensor &prediction, const Tensor &target,
                                 const Tensor &gradLoss, Tensor &out);
mlir::LogicalResult evalOptimizerUpdate(OptimizerUpdateOp op, const Tensor &param,
                                        const Tensor &grad, const Tensor &lr, const Tensor &step,
                                        llvm::ArrayRef<const Tensor *> state, Tensor &out);

} // namespace dlc::interp
