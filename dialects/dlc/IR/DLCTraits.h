// Traits of dlc ops that passes and codegen query without listing ops.
#pragma once

#include "mlir/IR/OpDefinition.h"

namespace dlc::OpTrait {

// A function applied to every element of the only operand; the result has
// the operand's type.
template <typename ConcreteType>
class ElementwiseUnary : public mlir::OpTrait::TraitBase<ConcreteType, ElementwiseUnary> {};

// A function of the elements of two operands broadcast to the result's
// shape (NumPy rules).
template <typename ConcreteType>
class ElementwiseBinary : public mlir::OpTrait::TraitBase<ConcreteType, ElementwiseBinary> {};

} // namespace dlc::OpTrait
