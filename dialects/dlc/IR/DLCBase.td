#ifndef DLC_BASE_TD
#define DLC_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"

def DLC_Dialect : Dialect {
  let name = "dlc";
  let summary = "Deep-learning layers as compiled by dlc";
  let description = [{
    Tensor-level operations of a neural network: convolutions, pooling,
    activations, fully connected layers. Tensors are ranked with static
    shapes, except that the leading (batch) dimension may be dynamic.
    Weights are referenced by name through `dlc.weight`; their bytes live in
    the model's weight table and never become MLIR attributes.
  }];
  let cppNamespace = "::dlc";
}

// Element-wise ops, as passes and codegen see them (DLCTraits.h): a unary
// function of one tensor, or a binary function of two broadcast tensors.
def DLC_ElementwiseUnary : NativeOpTrait<"ElementwiseUnary"> {
  let cppNamespace = "::dlc::OpTrait";
}
def DLC_ElementwiseBinary : NativeOpTrait<"ElementwiseBinary"> {
  let cppNamespace = "::dlc::OpTrait";
}

class DLC_Op<string mnemonic, list<Trait> traits = []>
    : Op<DLC_Dialect, mnemonic, traits>;

// Element types dlc computes in. Integer tensors are only indices and shapes.
def DLC_FloatTensor : RankedTensorOf<[F32]>;
// Run-time indices (embedding lookup): int64, as ONNX and PyTorch use.
def DLC_IndexTensor : RankedTensorOf<[I64]>;
def DLC_Float4DTensor : 4DTensorOf<[F32]>;
def DLC_Float2DTensor : 2DTensorOf<[F32]>;
def DLC_Float1DTensor : 1DTensorOf<[F32]>;
def DLC_AnyTensor : RankedTensorOf<[F32, F64, I32, I64]>;

#endif // DLC_BASE_TD
