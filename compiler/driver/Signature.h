// The signature embedded in a compiled library: a model file holding only
// the model's name, inputs, outputs and arena size.
#pragma once

#include <string>
#include <vector>

#include "compiler/training/TrainStep.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

struct SignatureOptions {
  uint64_t arenaBytes = 0;
  // The weights file beside the library (empty: the weights are embedded)
  // and the blob's size.
  std::string externalWeights;
  uint64_t weightsBytes = 0;
  // Per graph input / output, whether dimension 0 is the dynamic batch
  // (written as -1); empty when the batch is fixed.
  std::vector<bool> batchedInputs, batchedOutputs;
  // A training step: its loss, optimizer and hyper-parameters go into the
  // signature's training section.
  const TrainOptions *training = nullptr;
};

std::vector<uint8_t> buildSignature(mlir::func::FuncOp func, const std::string &name,
                                    const SignatureOptions &options);

} // namespace dlc
