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

def DLC_ConvTranspose2dOp : DLC_Op<"conv_transpose2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D transposed convolution over NCHW tensors";
  let description = [{
    The gradient of `dlc.conv2d` with respect to its input, as PyTorch's
    `ConvTranspose2d` and ONNX ConvTranspose: every input pixel scatters
    `in[n, c, iy, ix] * w[c, o, ky, kx]` to output position
    `(iy*sy - pt + ky*dy, ix*sx - pl + kx*dx)` of channel `g*O/G + o`,
    plus `bias[o]`. The output is
    `(H - 1)*sy - pt - pb + dy*(KH - 1) + output_padding[0] + 1` high (and
    likewise wide).

    Constraints:
    - (conv_transpose2d_c1) `input` is NxCxHxW and `weight` is CxO/GxKHxKW.
    - (conv_transpose2d_c2) `groups` is positive and divides C.
    - (conv_transpose2d_c3) `bias`, when present, has shape [O].
    - (conv_transpose2d_c4) `strides` and `dilations` hold 2 positive values.
    - (conv_transpose2d_c5) `padding` holds 4 non-negative values; each
      `output_padding` value is non-negative and smaller than its stride or
      its dilation.
    - (conv_transpose2d_c6) the output's height and width are positive.

    Example:
    ```mlir
    %y = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>}
        : (tensor<1x16x8x8xf32>, tensor<16x8x2x2xf32>, tensor<8xf32>)
        -> tensor<1x8x16x16xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DLC_Float4DTensor:$weight,
    Optional<DLC_Float1DTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
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
    : DLC_Op<mnemonic, [Pure, SameOperandsAndResultType, DLC_ElementwiseUnary]> {
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
def DLC_ExpOp : DLC_UnaryOp<"exp", "exp(x)">;
def DLC_LogOp : DLC_UnaryOp<"log", "log(x)">;
def DLC_SqrtOp : DLC_UnaryOp<"sqrt", "sqrt(x)">;
def DLC_ErfOp : DLC_UnaryOp<"erf", "erf(x)">;
def DLC_NegOp : DLC_UnaryOp<"neg", "-x">;
def DLC_AbsOp : DLC_UnaryOp<"abs", "|x|">;
def DLC_SiluOp : DLC_UnaryOp<"silu", "x / (1 + exp(-x))">;
def DLC_SoftplusOp : DLC_UnaryOp<"softplus", "log(1 + exp(x))">;
def DLC_HardSwishOp : DLC_UnaryOp<"hard_swish", "x * min(max(x + 3, 0), 6) / 6">;

// Element-wise functions with constant parameters.
class DLC_ParamUnaryOp<string mnemonic, string formula, string example>
    : DLC_Op<mnemonic, [Pure, SameOperandsAndResultType, DLC_ElementwiseUnary]> {
  let summary = "element-wise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element; the result has the
    input's type.

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {}] # example # [{} : tensor<1x16x10x10xf32>
    ```
  }];
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def DLC_LeakyReluOp : DLC_ParamUnaryOp<"leaky_relu", "x >= 0 ? x : alpha * x",
                                       "alpha = 1.0e-01 : f32"> {
  let arguments = (ins DLC_FloatTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}

def DLC_EluOp : DLC_ParamUnaryOp<"elu", "x > 0 ? x : alpha * (exp(x) - 1)",
                                 "alpha = 1.0 : f32"> {
  let arguments = (ins DLC_FloatTensor:$input,
                   DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

def DLC_HardSigmoidOp : DLC_ParamUnaryOp<"hard_sigmoid",
    "max(0, min(1, alpha * x + beta))", "alpha = 0.2 : f32, beta = 0.5 : f32"> {
  let arguments = (ins DLC_FloatTensor:$input,
                   DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

def DLC_ClipOp : DLC_ParamUnaryOp<"clip", "min(max(x, min), max)",
                                  "min = 0.0 : f32, max = 6.0 : f32"> {
  let description = [{
    Clamps every element to [`min`, `max`]; an absent bound is unbounded.
    ReLU6 is `min = 0, max = 6`.

    Constraints:
    - (clip_c1) `min` and `max` are numbers (not NaN) and `min` is not
      greater than `max`.

    Example:
    ```mlir
    %y = dlc.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x16x10x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input,
                   OptionalAttr<F32Attr>:$min,
                   OptionalAttr<F32Attr>:$max);
  let hasVerifier = 1;
}

def DLC_GeluOp : DLC_ParamUnaryOp<"gelu", "x * Phi(x)", "approximate = \"tanh\""> {
  let description = [{
    The Gaussian error linear unit. With `approximate = "none"` (the
    default) `out = 0.5 x (1 + erf(x / sqrt(2)))`; with `"tanh"`
    `out = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`, as PyTorch's
    `nn.GELU(approximate=...)`.

    Constraints:
    - (gelu_c1) `approximate` is "none" or "tanh".

    Example:
    ```mlir
    %y = dlc.gelu %x {approximate = "tanh"} : tensor<1x16x768xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input,
                   DefaultValuedAttr<StrAttr, "\"none\"">:$approximate);
  let hasVerifier = 1;
}

class DLC_BinaryOp<string mnemonic, string formula>
    : DLC_Op<mnemonic, [Pure, InferTypeOpAdaptor, DLC_ElementwiseBinary]> {
  let summary = "element-wise " # formula # " with NumPy broadcasting";
  let description = [{
    Computes `}] # formula # [{` for `a` = `lhs` and `b` = `rhs` after
    broadcasting them to a common shape: shapes are aligned at their last
    dimension and each pair of dimensions must be equal or contain a 1.

    Constraints:
    - (}] # mnemonic # [{_c1) each aligned pair of dimensions is equal or one of them is 1.

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %a, %b : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$lhs, DLC_FloatTensor:$rhs);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferBroadcastResult(loc, getOperationName(), adaptor.getLhs(),
                                  adaptor.getRhs(), types);
    }
  }];
}

def DLC_AddOp : DLC_BinaryOp<"add", "a + b">;
def DLC_SubOp : DLC_BinaryOp<"sub", "a - b">;
def DLC_MulOp : DLC_BinaryOp<"mul", "a * b">;
def DLC_DivOp : DLC_BinaryOp<"div", "a / b">;
def DLC_PowOp : DLC_BinaryOp<"pow", "a ^ b">;
def DLC_MinOp : DLC_BinaryOp<"min", "min(a, b)">;
def DLC_MaxOp : DLC_BinaryOp<"max", "max(a, b)">;
// PReLU: `rhs` holds the slopes (PyTorch's [C, 1, 1] broadcasts over NCHW).
def DLC_PreluOp : DLC_BinaryOp<"prelu", "a >= 0 ? a : a * b">;
// Comparisons give masks: 1.0 where true, 0.0 where false (or NaN). dlc
// has no bool tensors; ONNX's bool results are these masks.
def DLC_EqualOp : DLC_BinaryOp<"equal", "a == b ? 1 : 0">;
def DLC_LessOp : DLC_BinaryOp<"less", "a < b ? 1 : 0">;
def DLC_LessEqualOp : DLC_BinaryOp<"less_equal", "a <= b ? 1 : 0">;
def DLC_GreaterOp : DLC_BinaryOp<"greater", "a > b ? 1 : 0">;
def DLC_GreaterEqualOp : DLC_BinaryOp<"greater_equal", "a >= b ? 1 : 0">;
// Activation gradients, written by autodiff (`a` is what the activation's
// derivative is a function of, `b` the gradient of its result), so that
// epilogue fusion folds them into the kernel computing the gradient.
def DLC_ReluGradOp : DLC_BinaryOp<"relu_grad", "a > 0 ? b : 0">;
def DLC_TanhGradOp : DLC_BinaryOp<"tanh_grad", "b * (1 - a * a)">;
def DLC_SigmoidGradOp : DLC_BinaryOp<"sigmoid_grad", "b * a * (1 - a)">;

def DLC_WhereOp : DLC_Op<"where", [Pure, InferTypeOpAdaptor]> {
  let summary = "element-wise selection by a mask, with NumPy broadcasting";
  let description = [{
    `out = cond != 0 ? a : b` after broadcasting `cond`, `a` and `b` to a
    common shape (ONNX Where, `torch.where`, `masked_fill`). `cond` is a
    mask as the comparisons give it (1.0 true, 0.0 false); any non-zero
    value selects `a`.

    Constraints:
    - (where_c1) the three shapes broadcast: each aligned triple of
      dimensions is equal where not 1.

    Example:
    ```mlir
    %y = dlc.where %mask, %x, %fill
        : (tensor<2x1x5xf32>, tensor<2x4x5xf32>, tensor<f32>) -> tensor<2x4x5xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$cond, DLC_FloatTensor:$a, DLC_FloatTensor:$b);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $cond `,` $a `,` $b attr-dict `:` functional-type(operands, results)
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

def DLC_BatchNormOp : DLC_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "batch normalization with given statistics (inference)";
  let description = [{
    `out[n, c, ...] = (in[n, c, ...] - mean[c]) / sqrt(var[c] + epsilon)
    * scale[c] + bias[c]` over dimension 1 (channels), as PyTorch's
    `BatchNorm1d/2d/3d` in eval mode and ONNX BatchNormalization.

    Constraints:
    - (batch_norm_c1) `input` has rank 2 or more.
    - (batch_norm_c2) `scale`, `bias`, `mean` and `var` have shape [C], C
      being the input's dimension 1.
    - (batch_norm_c3) `epsilon` is positive.

    Example:
    ```mlir
    %y = dlc.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_Float1DTensor:$scale,
    DLC_Float1DTensor:$bias,
    DLC_Float1DTensor:$mean,
    DLC_Float1DTensor:$var,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:`
    functional-type(operands, results)
  }];
}

def DLC_GroupNormOp : DLC_Op<"group_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "group normalization (instance normalization when groups = C)";
  let description = [{
    Splits the channels (dimension 1) into `groups` groups and normalizes
    each (sample, group) over its channels and spatial positions:
    `out = (x - mean) / sqrt(var + epsilon) * scale[c] + bias[c]`, with the
    biased variance, as PyTorch's `nn.GroupNorm`; `groups = C` is
    `nn.InstanceNorm*d` and ONNX InstanceNormalization.

    Constraints:
    - (group_norm_c1) `input` has rank 3 or more.
    - (group_norm_c2) `groups` is positive and divides C; `scale` and `bias`
      have shape [C].
    - (group_norm_c3) `epsilon` is positive.

    Example:
    ```mlir
    %y = dlc.group_norm %x, %scale, %bias {groups = 4 : i64}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_Float1DTensor:$scale,
    DLC_Float1DTensor:$bias,
    I64Attr:$groups,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_ResizeOp : DLC_Op<"resize", [Pure, InferTypeOpAdaptor]> {
  let summary = "resizes the spatial dimensions of an NCHW tensor (upsampling)";
  let description = [{
    Maps each output position to a source coordinate, per dimension with
    `scale = in / out`:
    - "asymmetric": `src = dst * scale`;
    - "half_pixel": `src = (dst + 0.5) * scale - 0.5`;
    - "pytorch_half_pixel": as half_pixel, and 0 when the output extent is 1;
    - "align_corners": `src = dst * (in - 1) / (out - 1)` (0 when out is 1).
    `mode = "nearest"` reads `in[floor(src)]` (PyTorch's `nearest`);
    `mode = "linear"` interpolates bilinearly between `floor(src)` and the
    next position, with `src` clamped to [0, in - 1] (PyTorch's
    `bilinear`, with and without `align_corners`).

    Constraints:
    - (resize_c1) `input` is NxCxHxW and `size` holds 2 positive values.
    - (resize_c2) `mode` is "nearest" or "linear"; `coordinate_mode` is one
      of "asymmetric", "half_pixel", "pytorch_half_pixel", "align_corners".

    Example:
    ```mlir
    %y = dlc.resize %x {size = array<i64: 16, 16>, mode = "linear",
        coordinate_mode = "align_corners"}
        : (tensor<1x8x8x8xf32>) -> tensor<1x8x16x16xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DenseI64ArrayAttr:$size,
    DefaultValuedAttr<StrAttr, "\"nearest\"">:$mode,
    DefaultValuedAttr<StrAttr, "\"asymmetric\"">:$coordinate_mode
  );
  let results = (outs DLC_Float4DTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_AttentionOp : DLC_Op<"attention", [Pure, InferTypeOpAdaptor]> {
  let summary = "scaled dot-product attention, all heads in one op";
  let description = [{
    `out = softmax(scale * q kᵀ + mask) v` over the last dimension of the
    scores, per leading (batch and head) index: `q` is [B..., Sq, D], `k`
    [B..., Sk, D], `v` [B..., Sk, Dv] and `out` [B..., Sq, Dv]. `mask` is
    added to the [B..., Sq, Sk] scores after broadcasting (an additive mask:
    0 keeps, -inf drops); `causal` drops key positions after the query's
    (`j > i`). Self attention has k and v from the same sequence as q, cross
    attention from another.

    `block_queries` and `block_keys` choose the kernel, not the result
    (the reference interpreter ignores them): 0 (the default) computes one
    query row at a time, all Sk scores of the row, then their softmax and
    the weighted sum of values; positive values select the flash-attention
    form, blocks of `block_queries` queries against blocks of `block_keys`
    keys with an online softmax (running maximum, running sum and a rescaled
    output), whose memory beyond the operands is
    O(block_queries * (block_keys + Dv)) per thread. The pass
    `--dlc-tile-attention` sets them.

    Constraints:
    - (attention_c1) `q`, `k` and `v` have the same rank (2 or more) and
      the same leading dimensions; `k` and `q` share D and `k` and `v` share
      Sk.
    - (attention_c2) `mask`, when present, broadcasts to the scores'
      shape [B..., Sq, Sk].
    - (attention_c3) `block_queries` and `block_keys` are both 0 or both
      positive.

    Example:
    ```mlir
    %y = dlc.attention %q, %k, %v {block_keys = 128 : i64, block_queries = 24 : i64, causal = true}
        : (tensor<8x10x16xf32>, tensor<8x10x16xf32>, tensor<8x10x16xf32>)
        -> tensor<8x10x16xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$q,
    DLC_FloatTensor:$k,
    DLC_FloatTensor:$v,
    Optional<DLC_FloatTensor>:$mask,
    DefaultValuedAttr<F32Attr, "1.0f">:$scale,
    DefaultValuedAttr<BoolAttr, "false">:$causal,
    DefaultValuedAttr<I64Attr, "0">:$block_queries,
    DefaultValuedAttr<I64Attr, "0">:$block_keys
  );
  let results = (outs DLC_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $q `,` $k `,` $v (`,` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_ConcatOp : DLC_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "joins tensors along one axis";
  let description = [{
    Places `inputs` one after another along `axis`; every other dimension
    is the same in all inputs.

    Constraints:
    - (concat_c1) there is at least one input and all have the same rank.
    - (concat_c2) `axis` is in [-rank, rank - 1].
    - (concat_c3) the inputs' dimensions other than `axis` are equal.

    Example:
    ```mlir
    %y = dlc.concat %a, %b {axis = 1 : i64}
        : (tensor<1x8x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x24x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<DLC_FloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_PadOp : DLC_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "pads a tensor with a constant";
  let description = [{
    `pads` holds `rank` values added before each dimension then `rank`
    values added after each (ONNX order, [x1_begin, x2_begin, ...,
    x1_end, x2_end, ...]); the new positions hold `value`.

    Constraints:
    - (pad_c1) `pads` holds 2 x rank values.
    - (pad_c2) every pad is non-negative (at most 2^30).

    Example:
    ```mlir
    %y = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DenseI64ArrayAttr:$pads,
    DefaultValuedAttr<F32Attr, "0.0f">:$value
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_MatmulOp : DLC_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "matrix product with broadcast batch dimensions (ONNX MatMul)";
  let description = [{
    `out[b..., i, j] = sum(k) lhs[b..., i, k] * rhs[b..., k, j]`: the last two
    dimensions are matrices and the leading (batch) dimensions broadcast as
    in NumPy, so `[B, S, D] x [D, E]` is one product per batch row.

    Constraints:
    - (matmul_c1) both operands have rank 2 or more.
    - (matmul_c2) `lhs`'s last dimension equals `rhs`'s second to last.
    - (matmul_c3) the batch dimensions broadcast (equal, or one is 1).

    Example:
    ```mlir
    %y = dlc.matmul %a, %b : (tensor<2x10x64xf32>, tensor<64x32xf32>) -> tensor<2x10x32xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$lhs, DLC_FloatTensor:$rhs);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_TransposeOp : DLC_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permutes the dimensions of a tensor";
  let description = [{
    `out` dimension `i` is `input` dimension `perm[i]` (ONNX Transpose).

    Constraints:
    - (transpose_c1) `perm` is a permutation of [0, rank).
    - (transpose_c2) a dynamic batch dimension stays in place (perm[0] = 0).

    Example:
    ```mlir
    %y = dlc.transpose %x {perm = array<i64: 0, 2, 1, 3>}
        : (tensor<2x10x4x16xf32>) -> tensor<2x4x10x16xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

class DLC_ReduceOp<string mnemonic, string what>
    : DLC_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = what # " over axes";
  let description = [{
    Reduces `input` over `axes` (the }] # what # [{); the reduced
    dimensions are kept with extent 1 when `keepdims` is set, else dropped.

    Constraints:
    - (reduce_c1) `axes` are distinct, each in [-rank, rank - 1], and not
      empty.
    - (reduce_c2) the dynamic batch dimension is not reduced.

    Example:
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {axes = array<i64: -1>, keepdims = true}
        : (tensor<2x10x64xf32>) -> tensor<2x10x1xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DenseI64ArrayAttr:$axes,
    DefaultValuedAttr<BoolAttr, "true">:$keepdims
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferReduceResult(loc, getOperationName(), adaptor.getInput(),
                               adaptor.getAxes(), adaptor.getKeepdims(), types);
    }
  }];
}

def DLC_ReduceSumOp : DLC_ReduceOp<"reduce_sum", "sum">;
def DLC_ReduceMeanOp : DLC_ReduceOp<"reduce_mean", "mean">;
def DLC_ReduceMaxOp : DLC_ReduceOp<"reduce_max", "maximum">;
def DLC_ReduceMinOp : DLC_ReduceOp<"reduce_min", "minimum">;

def DLC_SliceOp : DLC_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "a strided window of a tensor";
  let description = [{
    `out[i...] = input[offsets + i * strides]` for `i` in `sizes`: one value
    per dimension in each attribute. Frontends turn ONNX Slice's negative and
    out-of-range starts and ends into this form.

    Constraints:
    - (slice_c1) `offsets`, `sizes` and `strides` hold one value per
      dimension; sizes are non-negative and strides positive.
    - (slice_c2) the window lies inside the input:
      `offsets + (sizes - 1) * strides < dim` for every non-empty size.
    - (slice_c3) a size of -1 takes a whole dimension (offset 0, stride 1);
      a dynamic batch dimension is taken whole this way.

    Example:
    ```mlir
    %y = dlc.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 3>,
        strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DenseI64ArrayAttr:$offsets,
    DenseI64ArrayAttr:$sizes,
    DenseI64ArrayAttr:$strides
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_BroadcastOp : DLC_Op<"broadcast", [Pure, InferTypeOpAdaptor]> {
  let summary = "broadcasts a tensor to a shape (ONNX Expand)";
  let description = [{
    The result has the NumPy broadcast of `input`'s shape with `shape`;
    every dimension of extent 1 repeats.

    Constraints:
    - (broadcast_c1) each aligned pair of dimensions is equal or one of them
      is 1.

    Example:
    ```mlir
    %y = dlc.broadcast %x {shape = array<i64: 4, 1, 768>}
        : (tensor<1x1x768xf32>) -> tensor<4x1x768xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_LayerNormOp : DLC_Op<"layer_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes over the dimensions from `axis` on: `out = (x - mean) /
    sqrt(var + epsilon) * scale + bias`, with the biased variance, as
    PyTorch's `nn.LayerNorm` and ONNX LayerNormalization.

    Constraints:
    - (layer_norm_c1) `axis` is in [-rank, rank - 1] and does not include
      the dynamic batch dimension.
    - (layer_norm_c2) `scale` and `bias` (when present) have the input's
      shape from `axis` on.
    - (layer_norm_c3) `epsilon` is positive.

    Example:
    ```mlir
    %y = dlc.layer_norm %x, %scale, %bias {axis = -1 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<2x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x10x64xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_FloatTensor:$scale,
    Optional<DLC_FloatTensor>:$bias,
    DefaultValuedAttr<I64Attr, "-1">:$axis,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_LogSoftmaxOp : DLC_Op<"log_softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "log of the softmax along one axis";
  let description = [{
    `out = (x - max(x)) - log(sum(exp(x - max(x))))` along `axis`, which
    stays finite where `log(softmax(x))` would underflow to -inf.

    Constraints:
    - (log_softmax_c1) `axis` is in [-rank, rank - 1].

    Example:
    ```mlir
    %y = dlc.log_softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def DLC_LrnOp : DLC_Op<"lrn", [Pure, SameOperandsAndResultType]> {
  let summary = "local response normalization across channels (AlexNet)";
  let description = [{
    `out[n, c, ...] = x[n, c, ...] / (bias + alpha / size * sum(x[n, i, ...]^2))^beta`
    over channels `i` from `c - floor((size - 1) / 2)` to
    `c + ceil((size - 1) / 2)` inside [0, C), as ONNX LRN and PyTorch's
    `nn.LocalResponseNorm`.

    Constraints:
    - (lrn_c1) `input` has rank 3 or more (N, C, spatial...).
    - (lrn_c2) `size` is positive, `bias` and `alpha` positive, `beta`
      non-negative.

    Example:
    ```mlir
    %y = dlc.lrn %x {size = 5 : i64} : tensor<1x96x55x55xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    I64Attr:$size,
    DefaultValuedAttr<F32Attr, "1.0e-4f">:$alpha,
    DefaultValuedAttr<F32Attr, "0.75f">:$beta,
    DefaultValuedAttr<F32Attr, "1.0f">:$bias
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
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

def DLC_GatherOp : DLC_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "picks slices of a tensor at run-time indices (embedding lookup)";
  let description = [{
    ONNX Gather: `out = data[:axis] + indices.shape + data[axis+1:]` in
    shape, with `out[i..., j..., k...] = data[i..., indices[j...], k...]`
    (`i` over the dimensions before `axis`, `k` over those after). A
    negative index counts from the end of `axis`. An embedding lookup
    (`nn.Embedding`) is a gather of the [vocabulary, dim] table at axis 0.
    Indices outside [-n, n) are an error in the interpreter; compiled code
    clamps them into range rather than read outside `data`.

    Constraints:
    - (gather_c1) `axis` is in [-rank, rank) of `data` (rank >= 1), and is
      not a dynamic batch dimension.
    - (gather_c2) only dimension 0 of `data` or of `indices` may be
      dynamic, and not both.

    Example:
    ```mlir
    %y = dlc.gather %table, %tokens
        : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$data,
    DLC_IndexTensor:$indices,
    DefaultValuedAttr<I64Attr, "0">:$axis
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Fusion groups
//===----------------------------------------------------------------------===//

def DLC_FusedOp : DLC_Op<"fused", [Pure, IsolatedFromAbove]> {
  let summary = "a producer and its element-wise epilogue, compiled as one kernel";
  let description = [{
    The body computes one tensor: its first op (the producer: dlc.conv2d,
    dlc.linear, dlc.matmul or dlc.batch_norm_train) reads the first block
    arguments, in order, and
    each following op applies an element-wise function to the previous
    result, the result's shape unchanged (a unary op, or a binary op whose
    other operand is a later block argument: of the result's shape, one
    value per channel of the producer, or a scalar). `dlc.yield` returns the
    last value. Codegen makes the body one Halide pipeline whose epilogue is
    applied to the producer's accumulators in registers, so the intermediate
    tensors never reach memory. Built by `--dlc-fuse-conv-bn-relu` and
    `--dlc-fuse-epilogue`.

    A training step's convolution and batch norm form a group with three
    results (`--dlc-fuse-conv-bn-train`): the body is a dlc.conv2d reading
    the first block arguments, the dlc.batch_stats of its output, the
    dlc.batch_norm_train of that output with those statistics and the next
    two block arguments (scale and bias), then the element-wise chain as
    above; it yields the convolution's output, the statistics and the last
    value: what the backward and the running statistics read, and the
    activation. Codegen makes it one Halide pipeline with three outputs.

    Constraints:
    - (fused_c1) the body is one block whose arguments have the types of
      the inputs, ending in `dlc.yield` of values of the results' types.
    - (fused_c2) the body's first op is dlc.conv2d, dlc.linear,
      dlc.matmul or dlc.batch_norm_train, reading the first block arguments
      in order.
    - (fused_c3) every later op is element-wise and reads the previous op's
      result once; a binary op's other operand is an earlier result of the
      chain (the producer's included: x * sigmoid(x)) or the next block
      argument. The last result is yielded and every block argument is read.
    - (fused_c4) with three results, the body is the training convolution
      and batch norm described above: conv2d, batch_stats and
      batch_norm_train before the element-wise steps, yielding the
      convolution, the statistics and the last step.

    Example:
    ```mlir
    %y = dlc.fused %x, %w, %b, %skip
        : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32>)
        -> tensor<1x8x4x4xf32> {
    ^bb0(%a: tensor<1x8x4x4xf32>, %c: tensor<8x8x3x3xf32>, %d: tensor<8xf32>,
         %e: tensor<1x8x4x4xf32>):
      %0 = dlc.conv2d %a, %c, %d {padding = array<i64: 1, 1, 1, 1>} : ...
      %1 = dlc.add %0, %e : ...
      %2 = dlc.relu %1 : ...
      dlc.yield %2 : tensor<1x8x4x4xf32>
    }
    %conv, %stats, %act = dlc.fused %x, %w, %gamma, %beta
        : (tensor<8x3x4x4xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>, tensor<16xf32>)
        -> (tensor<8x16x4x4xf32>, tensor<2x16xf32>, tensor<8x16x4x4xf32>) {
    ^bb0(%a: tensor<8x3x4x4xf32>, %c: tensor<16x3x3x3xf32>, %g: tensor<16xf32>,
         %h: tensor<16xf32>):
      %0 = dlc.conv2d %a, %c {padding = array<i64: 1, 1, 1, 1>} : ...
      %1 = dlc.batch_stats %0 : ...
      %2 = dlc.batch_norm_train %0, %g, %h, %1 : ...
      %3 = dlc.relu %2 : ...
      dlc.yield %0, %1, %3 : tensor<8x16x4x4xf32>, tensor<2x16xf32>, tensor<8x16x4x4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<DLC_AnyTensor>:$inputs);
  let results = (outs Variadic<DLC_FloatTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results) $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    // The first op of the body, whose kernel the epilogue extends.
    mlir::Operation *getProducer() { return &getBody().front().front(); }
    // Whether the body is a training conv2d, batch_stats and
    // batch_norm_train (three results, fused_c4).
    bool isConvBatchNormTrain() { return getNumResults() == 3; }
    // The op whose result the element-wise chain continues: the producer,
    // or a training group's dlc.batch_norm_train.
    mlir::Operation *getChainHead() {
      return isConvBatchNormTrain() ? getProducer()->getNextNode()->getNextNode()
                                    : getProducer();
    }
    // The block argument the chain's first binary step reads: the ones
    // before it are read by the producer (and a training group's scale
    // and bias).
    unsigned getFirstChainArgument() {
      return getProducer()->getNumOperands() + (isConvBatchNormTrain() ? 2 : 0);
    }
  }];
}

def DLC_YieldOp : DLC_Op<"yield", [Pure, Terminator, HasParent<"FusedOp">]> {
  let summary = "the values a dlc.fused body computes";
  let arguments = (ins Variadic<DLC_FloatTensor>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

//===----------------------------------------------------------------------===//
// Training: constants, gradients autodiff writes, losses, optimizer updates
//===----------------------------------------------------------------------===//

def DLC_ConstantOp : DLC_Op<"constant", [Pure]> {
  let summary = "a tensor filled with one value";
  let description = [{
    Every element is `value`. Training steps use it for scalars such as a
    batch norm's epsilon or momentum.

    Example:
    ```mlir
    %eps = dlc.constant 1.0e-05 : tensor<1xf32>
    ```
  }];
  let arguments = (ins F64Attr:$value);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$value attr-dict `:` type($result)";
}

def DLC_DropoutOp : DLC_Op<"dropout", [Pure, InferTypeOpAdaptor]> {
  let summary = "dropout with a counter-based generator: the same mask for the same step";
  let description = [{
    Zeroes each element with probability `ratio` and scales the others by
    `1 / (1 - ratio)`, as `nn.Dropout` in training mode. Without `step` the
    op is the identity (eval mode): frontends write it so, and a training
    step gives each dropout its step number (the one-element, 1-based
    counter `dlc.optimizer_update` reads) and a seed of its own.

    The mask is a function of (`seed`, `step`, element), not a generator's
    state, so the backward (the same op applied to the output's gradient)
    drops the same elements, and the interpreter and the kernels agree bit
    for bit. With `mix` the 32-bit integer hash lowbias32
    (`h ^= h >> 16; h *= 0x7feb352d; h ^= h >> 15; h *= 0x846ca68b;
    h ^= h >> 16`, wrapping), element `i` (the row-major index, modulo 2^32)
    is kept when `mix(i ^ mix(seed + mix(step))) >= floor(ratio * 2^32)`.

    Constraints:
    - (dropout_c1) `ratio` is in [0, 1) and `seed` in [0, 2^32).
    - (dropout_c2) `step` has one element.

    Example:
    ```mlir
    %y = dlc.dropout %x, %step {ratio = 1.0e-01, seed = 7 : i64}
        : (tensor<16x128x256xf32>, tensor<1xf32>) -> tensor<16x128x256xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    Optional<DLC_Float1DTensor>:$step,
    DefaultValuedAttr<F64Attr, "0.5">:$ratio,
    DefaultValuedAttr<I64Attr, "0">:$seed
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`,` $step^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_Conv2dGradWeightOp : DLC_Op<"conv2d_grad_weight", [Pure]> {
  let summary = "gradient of a 2-D convolution with respect to its weight";
  let description = [{
    `out[o, c, ky, kx] = sum(n, y, x) grad_output[n, o, y, x] *
    in[n, g*C/G + c, y*sy - pt + ky*dy, x*sx - pl + kx*dx]`, with the
    attributes of the `dlc.conv2d` it differentiates; the result has that
    convolution's weight shape.

    Constraints:
    - (conv2d_grad_weight_c1) a `dlc.conv2d` of `input` with a weight of the
      result's shape and these attributes has `grad_output`'s shape.

    Example:
    ```mlir
    %gw = dlc.conv2d_grad_weight %x, %gy
        : (tensor<8x1x32x32xf32>, tensor<8x6x28x28xf32>) -> tensor<6x1x5x5xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DLC_Float4DTensor:$grad_output,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups
  );
  let results = (outs DLC_Float4DTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad_output attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_Pool2dGradOp : DLC_Op<"pool2d_grad", [Pure]> {
  let summary = "gradient of a 2-D pooling with respect to its input";
  let description = [{
    Sends each element of `grad_output` back to the input positions its
    window read: for `kind = "max"` all of it to the window's first maximum
    (PyTorch's choice on ties); for `"avg"` and `"avg_include_pad"` divided
    by the window's divisor, as `dlc.avg_pool2d` with and without
    `count_include_pad`. The result has the input's shape.

    Constraints:
    - (pool2d_grad_c1) `kind` is "max", "avg" or "avg_include_pad".
    - (pool2d_grad_c2) pooling `input` with these attributes gives
      `grad_output`'s shape, and the result has `input`'s type.

    Example:
    ```mlir
    %gx = dlc.pool2d_grad %x, %gy {kind = "max", kernel = array<i64: 2, 2>,
        strides = array<i64: 2, 2>}
        : (tensor<8x6x28x28xf32>, tensor<8x6x14x14xf32>) -> tensor<8x6x28x28xf32>
    ```
  }];
  let arguments = (ins
    DLC_Float4DTensor:$input,
    DLC_Float4DTensor:$grad_output,
    StrAttr:$kind,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding
  );
  let results = (outs DLC_Float4DTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad_output attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_GatherGradOp : DLC_Op<"gather_grad", [Pure]> {
  let summary = "gradient of a gather with respect to its data (a scatter-add)";
  let description = [{
    Adds each slice of `grad_output` to the row of the result it was
    gathered from: `out[i..., v, k...] = sum(j... with indices[j...] = v)
    grad_output[i..., j..., k...]`, `i` over the dimensions before `axis`,
    `k` over those after, a negative index counting from the end of `axis`.
    The result has the gathered tensor's shape; rows no index names are 0.
    An embedding table's gradient is this op at axis 0. As `dlc.gather`,
    compiled code clamps an index outside [-n, n) into range, and the
    interpreter rejects it.

    Constraints:
    - (gather_grad_c1) `axis` is in [-rank, rank) of the result, and a
      `dlc.gather` of a tensor of the result's shape at `indices` along
      `axis` has `grad_output`'s shape.

    Example:
    ```mlir
    %g = dlc.gather_grad %gy, %tokens
        : (tensor<2x16x64xf32>, tensor<2x16xi64>) -> tensor<1000x64xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$grad_output,
    DLC_IndexTensor:$indices,
    DefaultValuedAttr<I64Attr, "0">:$axis
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $grad_output `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_LossOp : DLC_Op<"loss", [Pure]> {
  let summary = "a training loss of predictions against targets";
  let description = [{
    One value, reduced over the batch by `reduction` ("mean" or "sum"), as
    PyTorch's losses with their default arguments:
    - `cross_entropy`: `prediction` is NxC logits and `target` N int64
      class indices; per sample `logsumexp(x) - ((1 - s) * x[t] + s *
      mean(x))` with `label_smoothing` s (`nn.CrossEntropyLoss`); "mean"
      divides by N.
    - `mse`: `(prediction - target)^2`, "mean" over every element
      (`nn.MSELoss`).
    - `bce_with_logits`: `max(x, 0) - x * t + log(1 + exp(-|x|))`, "mean"
      over every element (`nn.BCEWithLogitsLoss`).

    Constraints:
    - (loss_c1) `kind` is "cross_entropy", "mse" or "bce_with_logits" and
      `reduction` is "mean" or "sum".
    - (loss_c2) for cross_entropy, `prediction` is NxC and `target` an N
      int64 tensor; otherwise `target` has `prediction`'s type.
    - (loss_c3) `label_smoothing` is in [0, 1], and 0 unless cross_entropy.

    Example:
    ```mlir
    %l = dlc.loss %logits, %labels {kind = "cross_entropy"}
        : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<1xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$prediction,
    DLC_AnyTensor:$target,
    StrAttr:$kind,
    DefaultValuedAttr<StrAttr, "\"mean\"">:$reduction,
    DefaultValuedAttr<F64Attr, "0.0">:$label_smoothing
  );
  let results = (outs DLC_Float1DTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_LossGradOp : DLC_Op<"loss_grad", [Pure]> {
  let summary = "gradient of dlc.loss with respect to its prediction";
  let description = [{
    `grad_loss` (one value) times the derivative of the `dlc.loss` with the
    same operands and attributes: for cross_entropy `softmax(x) - ((1 - s)
    * onehot(t) + s / C)`, for mse `2 * (x - t)`, for bce_with_logits
    `sigmoid(x) - t`, each divided by the count "mean" divides by.

    Constraints: those of dlc.loss (loss_c1 to loss_c3), and
    - (loss_grad_c1) `grad_loss` has one element and the result has
      `prediction`'s type.

    Example:
    ```mlir
    %g = dlc.loss_grad %logits, %labels, %one {kind = "cross_entropy"}
        : (tensor<64x10xf32>, tensor<64xi64>, tensor<1xf32>) -> tensor<64x10xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$prediction,
    DLC_AnyTensor:$target,
    DLC_Float1DTensor:$grad_loss,
    StrAttr:$kind,
    DefaultValuedAttr<StrAttr, "\"mean\"">:$reduction,
    DefaultValuedAttr<F64Attr, "0.0">:$label_smoothing
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target `,` $grad_loss attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_OptimizerUpdateOp : DLC_Op<"optimizer_update", [Pure]> {
  let summary = "one optimizer step for one parameter: its new value or state";
  let description = [{
    The update rules of torch.optim, element-wise. `lr` and `step` (the
    1-based step number, for Adam's bias correction) are one-element
    tensors given at run time; `state` holds the optimizer's per-parameter
    state before the step, zero-initialized:
    - `sgd`: no state. `momentum`: [velocity], `nesterov`: [velocity]
      (torch.optim.SGD with `momentum`, `dampening`, `nesterov`).
    - `rmsprop`: [square_avg] (`alpha`, `eps`).
    - `adam`, `adamw`: [exp_avg, exp_avg_sq] (`beta1`, `beta2`, `eps`;
      adamw decays the weight by `lr * weight_decay` instead of adding
      `weight_decay * param` to the gradient).
    The result is the new value of `component`: "param" or the state at
    that index, "state0" or "state1". Each component recomputes what it
    needs from the old values, so the ops of one parameter do not depend
    on one another.

    Constraints:
    - (optimizer_update_c1) `optimizer` is one of the above and `state`
      holds the number of tensors it needs, each of `param`'s type.
    - (optimizer_update_c2) `grad` and the result have `param`'s type, and
      `lr` and `step` have one element.
    - (optimizer_update_c3) `component` is "param" or names a state.

    Example:
    ```mlir
    %w1 = dlc.optimizer_update %w, %gw, %lr, %step, %m {optimizer = "momentum",
        component = "param", momentum = 9.0e-01}
        : (tensor<6x1x5x5xf32>, tensor<6x1x5x5xf32>, tensor<1xf32>, tensor<1xf32>,
           tensor<6x1x5x5xf32>) -> tensor<6x1x5x5xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$param,
    DLC_FloatTensor:$grad,
    DLC_Float1DTensor:$lr,
    DLC_Float1DTensor:$step,
    Variadic<DLC_FloatTensor>:$state,
    StrAttr:$optimizer,
    StrAttr:$component,
    DefaultValuedAttr<F64Attr, "0.0">:$momentum,
    DefaultValuedAttr<F64Attr, "0.0">:$dampening,
    DefaultValuedAttr<F64Attr, "0.9">:$beta1,
    DefaultValuedAttr<F64Attr, "0.999">:$beta2,
    DefaultValuedAttr<F64Attr, "0.99">:$alpha,
    DefaultValuedAttr<F64Attr, "1.0e-08">:$eps,
    DefaultValuedAttr<F64Attr, "0.0">:$weight_decay
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $param `,` $grad `,` $lr `,` $step (`,` $state^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    // How many state tensors `optimizer` keeps per parameter; nullopt when
    // it names no optimizer.
    static std::optional<unsigned> stateCount(llvm::StringRef optimizer);
  }];
}

// Batch normalization in training mode: the statistics of the batch, the
// normalization with them, and its backward in two passes (the per-channel
// sums, then the input's gradient), each one kernel.

def DLC_BatchStatsOp : DLC_Op<"batch_stats", [Pure]> {
  let summary = "per-channel mean and biased variance of a batch";
  let description = [{
    Row 0 of the 2 x C result is the mean of `input` over every dimension
    but 1 (the channels), row 1 the biased variance (divided by the count).

    Constraints:
    - (batch_stats_c1) `input` has rank 2 or more and the result is 2 x C.

    Example:
    ```mlir
    %s = dlc.batch_stats %x : (tensor<8x16x4x4xf32>) -> tensor<2x16xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input);
  let results = (outs DLC_Float2DTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def DLC_BatchNormTrainOp : DLC_Op<"batch_norm_train", [Pure]> {
  let summary = "batch normalization with the batch's own statistics";
  let description = [{
    `(input - mean) / sqrt(var + epsilon) * scale + bias` per channel, mean
    and variance being rows 0 and 1 of `stats`, the `dlc.batch_stats` of
    `input` (PyTorch's BatchNorm in training mode). Its gradient with
    respect to `input` includes the statistics' dependence on it.

    Constraints:
    - (batch_norm_train_c1) `scale` and `bias` have shape [C], `stats` is
      2 x C, and the result has `input`'s type.

    Example:
    ```mlir
    %y = dlc.batch_norm_train %x, %scale, %bias, %s {epsilon = 1.0e-05 : f32}
        : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<2x16xf32>)
        -> tensor<8x16x4x4xf32>
    ```
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_Float1DTensor:$scale,
    DLC_Float1DTensor:$bias,
    DLC_Float2DTensor:$stats,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $stats attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_BatchNormParamGradOp : DLC_Op<"batch_norm_param_grad", [Pure]> {
  let summary = "gradients of a training batch norm's scale and bias";
  let description = [{
    With `g` = `grad_output`, or, when `relu` is set, `grad_output` where the
    batch norm's output is positive and 0 elsewhere (the gradient through a
    ReLU that follows it): row 0 of the 2 x C result is the sum of `g *
    (input - mean) / sqrt(var + epsilon)` per channel (the scale's
    gradient), row 1 the sum of `g` (the bias's).

    Constraints: those of dlc.batch_norm_train (batch_norm_train_c1), with
    `grad_output` of `input`'s type and a 2 x C result.
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_FloatTensor:$grad_output,
    DLC_Float1DTensor:$scale,
    DLC_Float1DTensor:$bias,
    DLC_Float2DTensor:$stats,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
    DefaultValuedAttr<BoolAttr, "false">:$relu
  );
  let results = (outs DLC_Float2DTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad_output `,` $scale `,` $bias `,` $stats attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_BatchNormInputGradOp : DLC_Op<"batch_norm_input_grad", [Pure]> {
  let summary = "gradient of a training batch norm with respect to its input";
  let description = [{
    `scale / sqrt(var + epsilon) * (g - (sum(g) + x_hat * sum(g * x_hat)) /
    count)` per channel, `g` as in dlc.batch_norm_param_grad (with `relu`,
    the ReLU's gradient too) and its two sums read from `param_grad`, that
    op's result: the backward of ReLU and batch norm in one pass.

    Constraints: those of dlc.batch_norm_param_grad, with `param_grad` 2 x C
    and the result of `input`'s type.
  }];
  let arguments = (ins
    DLC_FloatTensor:$input,
    DLC_FloatTensor:$grad_output,
    DLC_Float1DTensor:$scale,
    DLC_Float1DTensor:$bias,
    DLC_Float2DTensor:$stats,
    DLC_Float2DTensor:$param_grad,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon,
    DefaultValuedAttr<BoolAttr, "false">:$relu
  );
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad_output `,` $scale `,` $bias `,` $stats `,` $param_grad attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // DLC_OPS_TD
