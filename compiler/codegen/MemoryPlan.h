// Where every tensor of the forward function lives at run time: a graph
// input or output buffer, the weights blob, or an offset in the session's
// arena. Arena offsets are assigned by liveness, so buffers whose lifetimes
// do not overlap share memory.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {

enum class StorageKind { Input, Output, Weights, Arena };

struct Storage {
  StorageKind kind = StorageKind::Arena;
  uint64_t index = 0;   // input or output position
  uint64_t offset = 0;  // bytes into the weights blob or the arena
  // For Weights: the weight's name; the caller maps it to a blob offset.
  std::string weight;
};

struct MemoryPlan {
  llvm::DenseMap<mlir::Value, Storage> storage;
  // Outputs whose value lives elsewhere (a graph input, a weight, or a value
  // returned twice) and must be copied at the end: (value, output index).
  std::vector<std::pair<mlir::Value, unsigned>> outputCopies;
  uint64_t arenaBytes = 0;
  uint64_t intermediateBytes = 0;  // the sum of all arena tensors, unshared
};

// Plans `func`, whose ops run in order. dlc.weight results (and reshapes of
// them) get no storage here: they live in the weights blob, whose layout the
// caller decides per use.
MemoryPlan planMemory(mlir::func::FuncOp func);

// The value whose memory `v` shares: reshapes are views of their operand.
mlir::Value storageRoot(mlir::Value v);

constexpr uint64_t kBufferAlignment = 64;

// Byte size of a statically shaped tensor value (float32 or int64).
uint64_t tensorBytes(mlir::Value v);

} // namespace dlc
