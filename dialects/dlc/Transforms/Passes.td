#ifndef DLC_PASSES_TD
#define DLC_PASSES_TD

include "mlir/Pass/PassBase.td"

def DLCInferShapes : Pass<"dlc-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Recomputes every result type from the operands' types";
  let description = [{
    Walks each function in order and sets every result type that the op
    can infer (InferTypeOpInterface) from its operands, then updates the
    function's result types. Used after an argument's type changes (for
    example a dynamic batch dimension made static); the FlatBuffers importer
    applies `dlc --batch` itself while it builds the ops. Fails, naming the
    op, when a shape becomes invalid.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFuseAttention : Pass<"dlc-fuse-attention", "mlir::func::FuncOp"> {
  let summary = "Rewrites the scaled dot-product pattern into dlc.attention";
  let description = [{
    Finds `matmul(softmax(matmul(q, kT) [+ mask], axis = last), v)` — the
    form PyTorch's nn.MultiheadAttention and ViT export, with the scaling
    already applied to q — where the scores, the masked scores and the
    probabilities have no other users, and replaces it by
    `dlc.attention(q, k, v [, mask])` with `k` the transpose of `kT`'s last
    two dimensions (composed with `kT`'s own transpose when it has one).
    The attention kernel then never holds the Sq x Sk score matrix.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCTileAttention : Pass<"dlc-tile-attention", "mlir::func::FuncOp"> {
  let summary = "Chooses the flash-attention kernel for every dlc.attention";
  let description = [{
    Sets `block_queries` and `block_keys` on every `dlc.attention` (an op
    that has them already gets the pass's values), so that the Halide
    kernel computes blocks of queries against blocks of keys with an online
    softmax: neither the Sq x Sk score matrix nor a full score row exists,
    and the memory beyond the operands is O(block_queries * (block_keys +
    Dv)) per thread. Both options 0 restore the row-at-a-time kernel. The
    defaults suit AVX2 (see compiler/codegen/halide/schedules/cpu/
    FlashAttention.cpp): 24 queries are 3 vectors of the QKᵀ register tile
    and 4 rows of 6 of the P·V tile; 128 keys keep the block's scores and
    probabilities (2 x 12 KB) in L1.
  }];
  let options = [
    Option<"blockQueries", "block-queries", "int64_t", /*default=*/"24",
           "Queries per block (0 with block-keys=0: the row-at-a-time kernel)">,
    Option<"blockKeys", "block-keys", "int64_t", /*default=*/"128",
           "Keys per block (0 with block-queries=0: the row-at-a-time kernel)">,
  ];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFuseConvBnRelu : Pass<"dlc-fuse-conv-bn-relu", "mlir::func::FuncOp"> {
  let summary = "Folds inference batch norm into convolutions and fuses a residual add and ReLU";
  let description = [{
    For inference: a `dlc.batch_norm` whose input is a `dlc.conv2d` (used
    only there) with constant weights becomes that convolution with weights
    `w * s[o]` and bias `(b - mean) * s + beta`, `s = gamma / sqrt(var +
    eps)`. The new weights are written as `dlc.batch_norm` ops on the
    weights, which the compiler evaluates once at compile time. Then each
    convolution followed by an add of a same-shaped tensor (a residual),
    a ReLU, or the add then the ReLU, becomes one `dlc.fused` group: one
    kernel applies them to the accumulators, so neither the convolution's
    output nor the sum goes through memory.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFuseEpilogue : Pass<"dlc-fuse-epilogue", "mlir::func::FuncOp"> {
  let summary = "Fuses element-wise chains into the conv2d, linear or matmul that produces them";
  let description = [{
    Each `dlc.conv2d`, `dlc.linear` and `dlc.matmul` whose result feeds a
    chain of element-wise ops (each the first user of the previous value,
    keeping its shape; the other operand of a binary op an earlier value of
    the chain, as in SiLU's `x * sigmoid(x)`, or of the result's shape, per
    channel or a scalar; no value before the last read outside the chain)
    becomes one `dlc.fused` group that
    codegen compiles as one Halide pipeline: the chain is applied to the
    producer's output tile before it is stored (bias + GELU, residual adds,
    scale and shift, activations).
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFoldPoolPadding : Pass<"dlc-fold-pool-padding", "mlir::func::FuncOp"> {
  let summary = "Folds a zero dlc.pad of the spatial dimensions into the dlc.avg_pool2d after it";
  let description = [{
    PyTorch exports `avg_pool2d(x, 3, 1, padding=1)` (count_include_pad,
    Inception's pool branches) as a Pad then an AveragePool without padding.
    A `dlc.avg_pool2d` without padding whose input is a `dlc.pad` with value
    0, padding only height and width by less than the kernel, becomes an
    average pool of the pad's input with that `padding` and
    `count_include_pad`: one kernel, and no padded copy in memory. A pad
    left without users is erased.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFuseConvBnTrain : Pass<"dlc-fuse-conv-bn-train", "mlir::func::FuncOp"> {
  let summary = "Fuses a training step's convolution, batch statistics and batch norm into one group";
  let description = [{
    For a training step (after `--dlc-fuse-epilogue`): each
    `dlc.batch_norm_train`, bare or heading a `dlc.fused` element-wise chain
    (a ReLU, a residual add), whose input is a `dlc.conv2d` and whose
    statistics are the `dlc.batch_stats` of that convolution, becomes one
    `dlc.fused` with three results: the convolution's output and the
    statistics (what the backward and the running statistics read) and the
    activation. Codegen compiles it as one kernel, a Halide pipeline with
    three outputs. The ops of the function are then put back in an order
    where every value is computed before it is read.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCFoldTransposes : Pass<"dlc-fold-transposes", "mlir::func::FuncOp"> {
  let summary = "Cancels transposes and transposes the smaller operand of a transposed product";
  let description = [{
    A training step's backward multiplies by transposed operands, and each
    `dlc.transpose` is a kernel that moves its tensor through memory
    (in the encoder layer's step, 5.8 of 65 ms). This pass
    - cancels `transpose(transpose(x))` (the input gradient of `x W^T`
      multiplies by `(W^T)^T`), or composes the two into one transpose;
    - rewrites `transpose(matmul(transpose(x), b))`, the weight gradient
      `(x^T dy)^T`, as `matmul(transpose(b), x)` when `b` is smaller than
      what is transposed now (`x`, unless another op reads its transpose,
      and the product);
    and erases the transposes no op reads any more. (A matmul that reads its
    lhs transposed in place was tried: its column walk down a [2048, 1024]
    operand made the weight gradients slower than the copies it saved.)
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

def DLCSumPadsToConcat : Pass<"dlc-sum-pads-to-concat", "mlir::func::FuncOp"> {
  let summary = "Rewrites a sum of zero pads that tile one axis as a concatenation";
  let description = [{
    The gradient of a slice is its gradient zero-padded to the sliced
    tensor's shape, and the gradients of slices that split one tensor (a
    fused q, k, v projection) are summed: a padded tensor per slice and an
    add per term, each pass reading and writing the whole sum (in the
    encoder layer's step, three pads and two adds of [128, 16, 768], 1.4
    ms). When the terms of a sum of `dlc.add`s are all `dlc.pad`s by zero
    along the same single axis whose inputs fill disjoint ranges covering
    that axis, the sum becomes `dlc.concat` of those inputs in order.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

#endif // DLC_PASSES_TD
