// Per-op-type import of ONNX nodes into dlc ops (internal to the ONNX
// frontend). The graph importer resolves names; these functions decode
// attributes and call the shared op builders.
#pragma once

#include <optional>
#include <string>

#include "mlir/IR/Builders.h"
#include "onnx/onnx_pb.h"

namespace dlc::onnx_import {

// Resolves tensor names for a node; implemented by the graph importer.
class TensorResolver {
public:
  virtual ~TensorResolver() = default;
  // The value of `name` (a graph input, an earlier node's output, or a float
  // initializer/Constant, which becomes a dlc.weight at its first use); fails
  // with a diagnostic at `loc`.
  virtual mlir::FailureOr<mlir::Value> value(mlir::Location loc, const std::string &name) = 0;
  // The initializer or Constant output named `name`, or null.
  virtual const onnx::TensorProto *constant(const std::string &name) = 0;
};

class NodeContext {
public:
  NodeContext(mlir::OpBuilder &builder, mlir::Location loc, const onnx::NodeProto &node,
              int64_t opset, TensorResolver &tensors)
      : builder(builder), loc(loc), node(node), opset(opset), tensors(tensors) {}

  // An error naming the op and opset: "ONNX op 'MaxPool' (opset 13): ...".
  mlir::InFlightDiagnostic unsupported();

  // Fails unless the node has `min` to `max` inputs (the first `min` named)
  // and at most `maxOutputs` named outputs.
  mlir::LogicalResult expectArity(int min, int max, int maxOutputs = 1);
  // Fails naming an attribute not in `accepted`.
  mlir::LogicalResult expectAttributes(llvm::ArrayRef<llvm::StringRef> accepted);

  // Input `i`'s value; a null Value when it is absent (optional).
  mlir::FailureOr<mlir::Value> input(int i);
  // Input `i` as a constant 1-D int64 tensor (initializer or Constant).
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(int i);
  // Sets `value` to input `i` as a constant float32 scalar, or to
  // std::nullopt when the input is absent.
  mlir::LogicalResult constantScalar(int i, std::optional<float> &value);

  // Attribute values; a missing attribute gives the default, one of the
  // wrong type fails.
  mlir::FailureOr<int64_t> getInt(llvm::StringRef name, int64_t defaultValue);
  mlir::FailureOr<float> getFloat(llvm::StringRef name, float defaultValue);
  mlir::FailureOr<std::string> getString(llvm::StringRef name, llvm::StringRef defaultValue);
  mlir::FailureOr<llvm::SmallVector<int64_t>> getInts(llvm::StringRef name,
                                                      llvm::ArrayRef<int64_t> defaultValue);
  bool hasAttribute(llvm::StringRef name) const { return find(name) != nullptr; }

  mlir::OpBuilder &builder;
  mlir::Location loc;
  const onnx::NodeProto &node;
  int64_t opset;
  TensorResolver &tensors;
  // Values of outputs 1, 2, ... for ops with several outputs (Split); the
  // importer's result is output 0.
  llvm::SmallVector<mlir::Value> moreResults;

private:
  const onnx::AttributeProto *find(llvm::StringRef name) const;
};

// Returns the value of the node's first output.
using NodeImporter = mlir::FailureOr<mlir::Value> (*)(NodeContext &);

// The importer for `opType` (default domain), or null when dlc lacks it.
NodeImporter findNodeImporter(llvm::StringRef opType);

// Reads a validated int64 tensor's values.
llvm::SmallVector<int64_t> int64Values(const onnx::TensorProto &tensor);

} // namespace dlc::onnx_import
