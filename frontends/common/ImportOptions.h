// Options shared by every frontend.
#pragma once

#include <cstdint>
#include <optional>

namespace dlc {

struct ImportOptions {
  // Value for a dynamic batch dimension; kept dynamic when unset.
  std::optional<int64_t> batch;
};

} // namespace dlc
