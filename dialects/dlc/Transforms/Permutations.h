// dlc.transpose permutations, shared by the passes that fold transposes.
#pragma once

#include <cstdint>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace dlc::permutations {

inline bool isIdentity(llvm::ArrayRef<int64_t> perm) {
  for (size_t d = 0; d < perm.size(); ++d)
    if (perm[d] != static_cast<int64_t>(d))
      return false;
  return true;
}

// transpose(transpose(x, inner), outer) as one transpose of x: output
// dimension d is x's dimension inner[outer[d]].
inline llvm::SmallVector<int64_t> compose(llvm::ArrayRef<int64_t> inner,
                                          llvm::ArrayRef<int64_t> outer) {
  llvm::SmallVector<int64_t> perm;
  for (int64_t p : outer)
    perm.push_back(inner[p]);
  return perm;
}

} // namespace dlc::permutations
