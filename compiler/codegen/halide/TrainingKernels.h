// Kernels of the training ops (TrainingKernels.cpp), for buildKernel.
#pragma once

#include <optional>

#include "compiler/codegen/halide/KernelBuilder.h"
#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"
#include "dialects/dlc/IR/DLCOps.h"

namespace dlc::halide {

// The kernel of `op` when it is a training op (may throw Halide::Error, as
// the other builders); nullopt for any other op.
std::optional<KernelDef> buildTrainingKernel(mlir::Operation *op, const CpuTarget &cpu);

// dlc.batch_norm_train, with the element-wise chain of `group` (a ReLU, a
// residual add) applied before the store when it heads one.
KernelDef buildBatchNormTrain(BatchNormTrainOp op, const CpuTarget &cpu, FusedOp group = nullptr);

// A training group's convolution, batch statistics and batch norm with
// its element-wise chain (`FusedOp::isConvBatchNormTrain`): one pipeline
// whose three outputs are the group's results.
KernelDef buildConvBatchNormTrain(FusedOp group, const CpuTarget &cpu);

} // namespace dlc::halide
