// Turns one dlc op into a Halide pipeline ready for AOT compilation: the
// algorithm from algorithms/, the schedule for the target, and buffer
// parameters whose shapes and strides are compile-time constants.
#pragma once

#include <string>
#include <vector>

#include "Halide.h"
#include "compiler/codegen/halide/WeightLayouts.h"
#include "mlir/IR/Operation.h"

namespace dlc::halide {


struct KernelArgument {
  // Extents in Halide order (innermost first); strides are dense.
  std::vector<int> extents;
  WeightLayout layout = WeightLayout::AsIs;
};

struct KernelDef {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments;  // inputs in operand order; the outputs follow
  std::vector<KernelArgument> inputs;       // one per operand of the op (absent optional skipped)
  std::vector<KernelArgument> outputs;      // one per result of the op
};

// Whether `op` needs a kernel: a dlc.reshape is a view of its operand and a
// dlc.weight a view of the weights blob.
bool needsKernel(mlir::Operation *op);

// Builds the kernel of `op` (static shapes only). Fails with a diagnostic
// at the op when the op has no lowering.
mlir::FailureOr<KernelDef> buildKernel(mlir::Operation *op, const Halide::Target &target);

// A string that is equal for two ops exactly when they can share a kernel.
std::string kernelKey(mlir::Operation *op);

} // namespace dlc::halide
