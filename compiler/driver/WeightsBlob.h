// The weights blob of a compiled library: every weight a kernel reads, in
// the layout that kernel wants (e.g. transposed for GEMM), each 64-byte
// aligned. Bytes are copied straight from the weight table to the file.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/WeightTable.h"
#include "compiler/codegen/halide/KernelBuilder.h"

namespace dlc {

class WeightsBlob {
public:
  // Returns the blob offset of weight `name` (viewed with `shape`) stored in
  // `layout`, adding it on first use.
  uint64_t place(const std::string &name, halide::WeightLayout layout,
                 llvm::ArrayRef<int64_t> shape, const WeightTable &table);
  uint64_t size() const { return size_; }
  // True when a placed weight was missing from the table.
  bool failed() const { return failed_; }
  // Writes the blob at `f`'s current position (offsets count from there).
  bool writeTo(std::FILE *f) const;

private:
  struct Entry {
    const WeightEntry *source;
    halide::WeightLayout layout;
    std::vector<int64_t> shape;
    uint64_t offset;
  };
  std::map<std::tuple<std::string, int, std::vector<int64_t>>, size_t> index_;
  std::vector<Entry> entries_;
  uint64_t size_ = 0;
  bool failed_ = false;
};

} // namespace dlc
