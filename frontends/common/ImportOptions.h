// Options shared by every frontend.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

struct ImportOptions {
  // Value for a dynamic batch dimension; kept dynamic when unset.
  std::optional<int64_t> batch;
  // --input-shape: a full static shape per graph input name, which fixes
  // that input's dynamic dimensions (applied before `batch`).
  std::map<std::string, std::vector<int64_t>> inputShapes;
  // ONNX: fold computations on float initializers (a transposed or sliced
  // weight becomes a new weight). Training turns it off, so that gradients
  // reach the initializers themselves, under their own names.
  bool foldWeightComputations = true;
};

} // namespace dlc
