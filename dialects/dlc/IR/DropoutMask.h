// dlc.dropout's mask, written once for the interpreter (Word = uint32_t)
// and the Halide kernels (Word = a UInt(32) Halide::Expr), so that both
// drop the same elements bit for bit (DLCOps.td gives the formula).
#pragma once

#include <cmath>
#include <cstdint>

namespace dlc::dropout {

// lowbias32 (Chris Wellons' integer hash): every input bit flips about
// half the output bits, so consecutive indices and steps give unrelated
// masks. Unsigned arithmetic wraps in C++ and in Halide alike.
template <typename Word> Word mix(Word h) {
  h = h ^ (h >> 16);
  h = h * Word(0x7feb352du);
  h = h ^ (h >> 15);
  h = h * Word(0x846ca68bu);
  h = h ^ (h >> 16);
  return h;
}

// The bits element `index` is compared with, for one (seed, step).
template <typename Word> Word stepKey(Word seed, Word step) { return mix(seed + mix(step)); }
template <typename Word> Word elementBits(Word index, Word key) { return mix(index ^ key); }

// Elements whose bits are below this are dropped: floor(ratio * 2^32).
inline uint32_t threshold(double ratio) {
  return static_cast<uint32_t>(std::floor(ratio * 4294967296.0));
}

// A seed per dropout of a training step: the user's seed and the op's
// position, mixed so that neighbouring ops and seeds do not correlate.
inline uint32_t opSeed(uint64_t userSeed, uint32_t ordinal) {
  return mix(static_cast<uint32_t>(userSeed) ^ mix(static_cast<uint32_t>(userSeed >> 32) + ordinal + 1));
}

} // namespace dlc::dropout
