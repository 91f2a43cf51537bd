// Per-op-type import of model file nodes into dlc ops (internal to the
// FlatBuffers frontend).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dlc/model_file.h"
#include "mlir/IR/Builders.h"

namespace dlc {

// What an importer gets for one node: its resolved operands (a null Value
// for an absent optional input) and typed access to its attributes.
class NodeContext {
public:
  NodeContext(mlir::OpBuilder &builder, mlir::Location loc, const fb::Node &node,
              llvm::ArrayRef<mlir::Value> inputs)
      : builder(builder), loc(loc), node(node), inputs(inputs) {}

  // Fails with a diagnostic unless the node has between `min` and `max`
  // inputs and exactly one output.
  mlir::LogicalResult expectArity(size_t min, size_t max);
  // Fails naming any attribute not in `accepted`.
  mlir::LogicalResult expectAttributes(llvm::ArrayRef<llvm::StringRef> accepted);

  // Attribute values; a missing attribute gives the default, one of the
  // wrong kind fails.
  mlir::FailureOr<int64_t> getInt(llvm::StringRef name, int64_t defaultValue);
  mlir::FailureOr<llvm::SmallVector<int64_t>> getInts(llvm::StringRef name,
                                                      llvm::ArrayRef<int64_t> defaultValue);
  mlir::FailureOr<float> getFloat(llvm::StringRef name, float defaultValue);
  mlir::FailureOr<std::string> getString(llvm::StringRef name, llvm::StringRef defaultValue);
  bool hasAttribute(llvm::StringRef name) const { return find(name) != nullptr; }

  mlir::Value input(size_t i) const { return i < inputs.size() ? inputs[i] : mlir::Value(); }

  mlir::OpBuilder &builder;
  mlir::Location loc;
  const fb::Node &node;
  llvm::ArrayRef<mlir::Value> inputs;
  // Adds a weight the importer computes (a composition's table), named
  // `name`; a null Value (after a diagnostic) when the name is taken.
  std::function<mlir::Value(const std::string &name, llvm::ArrayRef<int64_t> shape,
                            std::vector<float> values)>
      addConstant;

private:
  const fb::Attribute *find(llvm::StringRef name) const;
};

using NodeImporter = mlir::FailureOr<mlir::Value> (*)(NodeContext &);

// The importer for `opType`, or null when dlc does not know it.
NodeImporter findNodeImporter(llvm::StringRef opType);
// "Add, AvgPool2d, ..." for error messages.
std::string supportedOpTypes();

} // namespace dlc
