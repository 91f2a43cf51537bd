// `--input-shape NAME=D0,D1,...`: fixes the dynamic dimensions of a graph
// input, shared by the frontends.
#pragma once

#include <string>

#include "frontends/common/ImportOptions.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace dlc {

// Replaces the dynamic dimensions (ShapedType::kDynamic) of input `name`'s
// `dims` with the shape given for it, if any; fails when the ranks differ
// or a static dimension disagrees.
mlir::LogicalResult applyInputShape(mlir::Location loc, const std::string &name,
                                    llvm::SmallVectorImpl<int64_t> &dims,
                                    const ImportOptions &options);

// Fails naming a given input shape whose name is none of `inputNames`.
mlir::LogicalResult checkInputShapesUsed(mlir::Location loc,
                                         llvm::ArrayRef<std::string> inputNames,
                                         const ImportOptions &options);

// Replaces a dynamic dimension 0 of `dims` with the --batch value, if one
// is set; true when it did. The frontends then mark that graph input with
// kDynamicBatchAttr, so that the compiler can keep the batch dynamic.
bool applyBatch(llvm::SmallVectorImpl<int64_t> &dims, const ImportOptions &options);

// A unit attribute on a graph input (func argument) whose dimension 0 is
// the model's dynamic batch, fixed at import to ImportOptions::batch.
constexpr const char *kDynamicBatchAttr = "dlc.dynamic_batch";

// "1,3,224,224".
std::string dimsToText(llvm::ArrayRef<int64_t> dims);

} // namespace dlc
