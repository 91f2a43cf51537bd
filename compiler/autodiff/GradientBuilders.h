// What the gradient rules share: small builders of dlc ops (constants,
// sums, broadcasts undone) and the glue that attaches a rule to an op as
// its DifferentiableOpInterface. Rules live in Gradients.cpp (convolution,
// pooling, products, shapes, losses), ElementwiseGradients.cpp and
// NormalizationGradients.cpp.
#pragma once

#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "mlir/IR/Builders.h"

namespace dlc::gradients {

using mlir::ArrayRef;
using mlir::Location;
using mlir::LogicalResult;
using mlir::OpBuilder;
using mlir::RankedTensorType;
using mlir::SmallVectorImpl;
using mlir::Value;

inline RankedTensorType typeOf(Value v) { return mlir::cast<RankedTensorType>(v.getType()); }
inline ArrayRef<int64_t> shapeOf(Value v) { return typeOf(v).getShape(); }
inline int64_t rankOf(Value v) { return static_cast<int64_t>(shapeOf(v).size()); }

// A possibly negative axis of `v` as an index in [0, rank).
inline int64_t axisOf(Value v, int64_t axis) { return axis < 0 ? axis + rankOf(v) : axis; }

inline RankedTensorType withShape(Value like, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, typeOf(like).getElementType());
}

// A one-element f32 constant, which broadcasts against any tensor.
Value constant(OpBuilder &b, Location loc, double value);

// `v` times a constant.
Value scaled(OpBuilder &b, Location loc, Value v, double factor);

Value reshape(OpBuilder &b, Location loc, Value v, RankedTensorType type);

Value reduceSum(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes, bool keepdims);

// The gradient `g` of a broadcast result, summed back to the shape of the
// operand `like` that was broadcast.
Value unbroadcast(OpBuilder &b, Location loc, Value g, Value like);

Value transposeLastTwo(OpBuilder &b, Location loc, Value v);

// `onTrue` where `mask` is non-zero, else `onFalse` (dlc.where, broadcast).
Value select(OpBuilder &b, Location loc, Value mask, Value onTrue, Value onFalse);

// A rule: fills `grads` (one per operand, null where not wanted or where
// the operand has no gradient).
template <typename OpT>
using Rule = LogicalResult (*)(OpT op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                               SmallVectorImpl<Value> &grads);

template <typename OpT, Rule<OpT> rule>
struct Differentiable
    : public DifferentiableOpInterface::ExternalModel<Differentiable<OpT, rule>, OpT> {
  LogicalResult buildGradients(mlir::Operation *op, OpBuilder &b, Value gy, ArrayRef<bool> wanted,
                               SmallVectorImpl<Value> &grads) const {
    grads.assign(op->getNumOperands(), Value());
    return rule(mlir::cast<OpT>(op), b, gy, wanted, grads);
  }
};

template <typename OpT, Rule<OpT> rule> void attach(mlir::MLIRContext *context) {
  OpT::template attachInterface<Differentiable<OpT, rule>>(*context);
}

// Each file of rules attaches its own.
void attachElementwiseGradients(mlir::MLIRContext *context);
void attachNormalizationGradients(mlir::MLIRContext *context);

} // namespace dlc::gradients
