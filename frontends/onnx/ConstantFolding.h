// Folds the shape computations PyTorch exports around dynamic shapes
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, ConstantOfShape ->
// Equal -> Where -> Expand, ...) at import time: a node whose inputs are
// all constants (or, for Shape, a tensor of static shape) becomes a
// constant itself, so that only real tensor computations reach the dialect.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "llvm/ADT/SmallVector.h"
#include "onnx/onnx_pb.h"

namespace dlc::onnx_import {

enum class FoldOutcome {
  NotFoldable,  // not a foldable op, or an input is not constant
  Folded,       // `result` holds output 0
  Failed,       // foldable but malformed; `error` says why
};

struct FoldInputs {
  // The constant named `name`, or null.
  std::function<const onnx::TensorProto *(const std::string &name)> constant;
  // The static shape of tensor `name`, or nullopt (unknown or dynamic).
  std::function<std::optional<llvm::SmallVector<int64_t>>(const std::string &name)> staticShape;
};

FoldOutcome foldNode(const onnx::NodeProto &node, int64_t opset, const FoldInputs &inputs,
                     onnx::TensorProto &result, std::string &error);

} // namespace dlc::onnx_import
