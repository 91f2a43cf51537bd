#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "dialects/dlc/IR/DLCBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

def DLC_WeightOp : DLC_Op<"weight", [Pure]> {
  let summary = "a named constant from the model's weight table";
  let description = [{
    Refers to a weight of the model by name. The bytes stay in the model
    file and go straight to the compiled library; the IR holds only the
    handle and the tensor type.

    Constraints:
    - (weight_c1) `name` is not empty.

    Example:
    ```mlir
    %w = dlc.weight "conv1.weight" : tensor<6x1x5x5xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs DLC_AnyTensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def DLC_Conv2dOp : DLC_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D convolution over NCHW tensors";
  let description = [{
    `out[n, o, y, x] = bias[o] + sum(c, ky, kx) in[n, g*C/G + c,
    y*sy - pt + ky*dy, x*sx - pl + kx*dx] * w[o, c, ky, kx]`, where `g` is
    the group of output channel `o` and positions outside the input read 0.

    Constraints:
    - (conv2d_c1) `input` is NxCxHxW and `weight` is OxC/GxKHxKW.
    - (conv2d_c2) `groups` is positive and divides both C and O.
    - (conv2d_c3) `weight` dimension 1 times `groups` equals C.
    - (conv2d_c4) `bias`, when present, has shape [O].
    - (conv2d_c5) `strides` and `dilations` hold 2 positive values.
    - (conv2d_c6) `padding` holds 4 non-negative values [top, left, bottom, right].
    - (conv2d_c7) the output's height and width are positive.

    Example:
    ```mlir
    %y = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
        padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>)
        -> tensor<1x8x16x16xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DLC_Float4DTensor:$weight,
    Optional<DLC_Float1DTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups
  );
  let results = (outs DLC_Float4DTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

class DLC_Pool2dOp<string mnemonic, string what, string extraConstraint>
    : DLC_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = what # " over the spatial dimensions of an NCHW tensor";
  let description = [{
    Slides a `kernel` window with `strides` over the zero-extended input
    (`padding` = [top, left, bottom, right]) and reduces each window.

    Constraints:
    - (pool2d_c1) `input` is NxCxHxW.
    - (pool2d_c2) `kernel` and `strides` hold 2 positive values.
    - (pool2d_c3) `padding` holds 4 non-negative values, each smaller than
      the kernel extent of its dimension.
    - (pool2d_c4) the output's height and width are positive.
  }] # extraConstraint # [{

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
        : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
    ```
  }];
  let results = (outs DLC_Float4DTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_MaxPool2dOp : DLC_Pool2dOp<"max_pool2d", "maximum pooling",
    "Padded positions never win: they count as negative infinity."> {
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding
  );
}

def DLC_AvgPool2dOp : DLC_Pool2dOp<"avg_pool2d", "average pooling",
    "With `count_include_pad` the divisor is the whole kernel area; "
    "otherwise it counts only the positions inside the input."> {
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<BoolAttr, "false">:$count_include_pad
  );
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

class DLC_UnaryOp<string mnemonic, string formula>
    : DLC_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "element-wise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element; the result has the
    input's type.

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x : tensor<1x16x10x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def DLC_ReluOp : DLC_UnaryOp<"relu", "max(x, 0)">;
def DLC_TanhOp : DLC_UnaryOp<"tanh", "tanh(x)">;
def DLC_SigmoidOp : DLC_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;

def DLC_AddOp : DLC_Op<"add", [Pure, InferTypeOpAdaptor]> {
  let summary = "element-wise addition with NumPy broadcasting";
  let description = [{
    Adds `lhs` and `rhs` after broadcasting them to a common shape: shapes
    are aligned at their last dimension and each pair of dimensions must be
    equal or contain a 1.

    Constraints:
    - (add_c1) each aligned pair of dimensions is equal or one of them is 1.

    Example:
    ```mlir
    %y = dlc.add %a, %b : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$lhs, DLC_FloatTensor:$rhs);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Fully connected, shape and normalization
//===----------------------------------------------------------------------===//

def DLC_LinearOp : DLC_Op<"linear", [Pure, InferTypeOpAdaptor]> {
  let summary = "fully connected layer: input x weightᵀ + bias";
  let description = [{
    `out[n, m] = bias[m] + sum(k) input[n, k] * weight[m, k]`, the layout of
    PyTorch's `nn.Linear` (weight is [out_features, in_features]).

    Constraints:
    - (linear_c1) `input` is NxK and `weight` is MxK.
    - (linear_c2) `bias`, when present, has shape [M].

    Example:
    ```mlir
    %y = dlc.linear %x, %w, %b
        : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<1x120xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float2DTensor:$input,
    DLC_Float2DTensor:$weight,
    Optional<DLC_Float1DTensor>:$bias
  );
  let results = (outs DLC_Float2DTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_ReshapeOp : DLC_Op<"reshape", [Pure, InferTypeOpAdaptor]> {
  let summary = "reinterprets a tensor with a new shape (flatten included)";
  let description = [{
    Keeps the elements in row-major order and changes the shape to `shape`.
    A `shape` entry of 0 copies the input's dimension at that position and
    one entry of -1 is inferred from the element count, as in ONNX Reshape.
    ONNX and dlc `Flatten` import as this op.

    Constraints:
    - (reshape_c1) at most one entry of `shape` is -1; the others are >= 0.
    - (reshape_c2) the element count is unchanged.

    Example:
    ```mlir
    %y = dlc.reshape %x {shape = array<i64: 1, -1>}
        : (tensor<1x16x5x5xf32>) -> tensor<1x400xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_SoftmaxOp : DLC_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis";
  let description = [{
    `out = exp(x - max(x)) / sum(exp(x - max(x)))` along `axis`, computed
    with the maximum subtracted for stability.

    Constraints:
    - (softmax_c1) `axis` is in [-rank, rank - 1].

    Example:
    ```mlir
    %y = dlc.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // DLC_OPS_TD
