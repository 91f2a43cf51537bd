#include "compiler/autodiff/GradientBuilders.h"

using namespace mlir;

namespace dlc::gradients {

Value constant(OpBuilder &b, Location loc, double value) {
  return ConstantOp::create(b, loc, RankedTensorType::get({1}, b.getF32Type()),
                            b.getF64FloatAttr(value));
}

Value scaled(OpBuilder &b, Location loc, Value v, double factor) {
  return MulOp::create(b, loc, v, constant(b, loc, factor));
}

Value reshape(OpBuilder &b, Location loc, Value v, RankedTensorType type) {
  if (v.getType() == type)
    return v;
  return ReshapeOp::create(b, loc, type, v, b.getDenseI64ArrayAttr(type.getShape()));
}

Value reduceSum(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes, bool keepdims) {
  SmallVector<int64_t> shape;
  for (auto [i, d] : llvm::enumerate(shapeOf(v))) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(i));
    if (!reduced)
      shape.push_back(d);
    else if (keepdims)
      shape.push_back(1);
  }
  return ReduceSumOp::create(b, loc, withShape(v, shape), v, b.getDenseI64ArrayAttr(axes),
                             b.getBoolAttr(keepdims));
}

Value unbroadcast(OpBuilder &b, Location loc, Value g, Value like) {
  if (g.getType() == like.getType())
    return g;
  ArrayRef<int64_t> from = shapeOf(g), to = shapeOf(like);
  size_t lead = from.size() - to.size();
  SmallVector<int64_t> axes;
  for (size_t i = 0; i < from.size(); ++i)
    if (i < lead || (to[i - lead] == 1 && from[i] != 1))
      axes.push_back(static_cast<int64_t>(i));
  Value summed = axes.empty() ? g : reduceSum(b, loc, g, axes, true);
  return reshape(b, loc, summed, typeOf(like));
}

Value transposeLastTwo(OpBuilder &b, Location loc, Value v) {
  SmallVector<int64_t> perm, shape(shapeOf(v));
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i)
    perm.push_back(i);
  std::swap(perm[perm.size() - 1], perm[perm.size() - 2]);
  std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
  return TransposeOp::create(b, loc, withShape(v, shape), v, b.getDenseI64ArrayAttr(perm));
}

Value select(OpBuilder &b, Location loc, Value mask, Value onTrue, Value onFalse) {
  return WhereOp::create(b, loc, mask, onTrue, onFalse);
}

} // namespace dlc::gradients
