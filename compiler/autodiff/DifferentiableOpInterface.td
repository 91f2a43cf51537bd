#ifndef DLC_DIFFERENTIABLE_OP_INTERFACE_TD
#define DLC_DIFFERENTIABLE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::dlc";
  let description = [{
    An op that states its vector-Jacobian product as dlc ops: given the
    gradient of its result, it builds the gradients of its operands. The
    dlc ops get it from outside the dialect (compiler/autodiff/Gradients.cpp,
    registerDifferentiableOps), so that the dialect does not depend on
    training.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at `builder`'s insertion point, the gradient of each operand
        `i` with `wanted[i]` set, given `resultGrad`, the gradient of the
        op's only result; fills `operandGrads` with one value per operand
        (null where not wanted or not differentiable). Fails with a
        diagnostic at the op when an attribute or shape has no gradient
        rule yet.
      }],
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultGrad,
           "::llvm::ArrayRef<bool>":$wanted,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // DLC_DIFFERENTIABLE_OP_INTERFACE_TD
