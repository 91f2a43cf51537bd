// The signature embedded in a compiled library: a model file holding only
// the model's name, inputs, outputs and arena size.
#pragma once

#include <string>
#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

// `externalWeights` names the weights file beside the library (empty: the
// weights are embedded); `weightsBytes` is the blob's size.
std::vector<uint8_t> buildSignature(mlir::func::FuncOp func, const std::string &name,
                                    uint64_t arenaBytes,
                                    const std::string &externalWeights = "",
                                    uint64_t weightsBytes = 0);

} // namespace dlc
