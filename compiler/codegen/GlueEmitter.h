// Emits the graph's call sequence — the model's `P_run` entry point, which
// builds Halide buffer descriptors over the arena, the weights and the
// caller's tensors and calls each kernel in order — as native code. The glue
// is built in MLIR's LLVM dialect and compiled by LLVM 22 to an object
// file: no C source is generated; `cc` only links the objects.
#pragma once

#include <string>
#include <vector>

#include "compiler/codegen/MemoryPlan.h"

namespace dlc {

struct KernelCall {
  std::string function;                    // the Halide kernel's symbol
  std::vector<Storage> buffers;            // inputs in order, then the outputs
  std::vector<std::vector<int>> extents;   // per buffer, Halide order, dense
  std::vector<bool> int64Buffers;          // per buffer: int64 (indices), else float32
};

struct OutputCopy {
  Storage source;
  unsigned output;
  uint64_t bytes;
};

struct GlueSpec {
  std::string prefix;                       // C identifier prefix of the model
  std::vector<KernelCall> calls;
  std::vector<OutputCopy> copies;
  std::vector<uint8_t> signature;           // the model's signature (model file bytes)
  // A dynamic batch: `calls` are the batch-1 graph, and P_run_batch runs
  // them once per sample, advancing each input and output pointer by its
  // bytes per sample (0: not batched, the same tensor for every sample).
  bool dynamicBatch = false;
  std::vector<uint64_t> inputSampleBytes, outputSampleBytes;
  // The entry point P_library_entry is always defined; a shared library
  // also exports it as dlc_library_entry.
  bool exportLibraryEntry = false;
  // The prefix of the weights blob's symbol when another glue of the same
  // library defines it (a training library's eval entry); empty: `prefix`.
  std::string weightsPrefix;
  // A training library: the prefix of its eval entry (EVAL_run and
  // EVAL_signature, built by a second glue), and the model the step was
  // built from (a dlc model file, or an ONNX model), exported as
  // P_model_file for initial values and checkpoints.
  std::string evalPrefix;
  std::vector<uint8_t> modelFile;
  bool externalWeights = false;             // P_weights() returns NULL: weights are a file
  std::string targetTriple;                 // empty: the host
  std::string targetCpu;                    // empty: generic x86-64
};

// Writes the glue object to `objectPath`; false with `error` set on failure.
// The symbol of the weights blob, defined by the weights object
// (compiler/driver/WeightsObject.h) and referenced by the glue.
std::string weightsDataSymbol(const std::string &prefix);

bool emitGlueObject(const GlueSpec &spec, const std::string &objectPath, std::string &error);

} // namespace dlc
