// Compiling a model file into a native library: the pipeline behind
// `dlc MODEL -o model.so`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <utility>

#include "compiler/training/TrainStep.h"

namespace dlc {

struct CompileOptions {
  std::string inputPath;
  std::string outputPath;     // .so, .a or .o; the header goes beside it as .h
  std::string prefix;         // C prefix of the generated symbols; default: model name
  std::optional<int64_t> batch;  // value of a dynamic batch dimension (default 1)
  std::map<std::string, std::vector<int64_t>> inputShapes;  // --input-shape NAME=D0,D1,...
  std::string target;         // Halide target string; default: the host
  bool progress = false;      // one line per step on stderr
  bool keepTemporaries = false;
  // Fold batch norm into convolutions and fuse element-wise chains into
  // their producers' kernels (--no-fuse turns it off, to compare).
  bool fuse = true;
  // Write the weights to OUTPUT with extension .weights instead of into the
  // library; the runtime maps that file at load.
  bool externalWeights = false;
  // Rewrite matmul-softmax-matmul into dlc.attention (--no-fuse-attention
  // turns it off: the scores are then materialized).
  bool fuseAttention = true;
  // Query and key blocks of the flash-attention kernel (--attention-tiles
  // Q,K); unset: the dlc-tile-attention defaults; {0, 0}: the row-at-a-time
  // kernel.
  std::optional<std::pair<int64_t, int64_t>> attentionTiles;
  // --train: compile the training step (and the eval forward) instead of
  // the inference forward.
  std::optional<TrainOptions> train;
};

// Returns 0 on success, 1 on a user error (reported on stderr as one line
// naming the file and node), 2 on an internal error.
int compileModel(const CompileOptions &options);

} // namespace dlc
