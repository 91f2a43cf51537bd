// RUN: dlc-opt %s -split-input-file --mlir-very-unsafe-disable-verifier-on-parsing \
// RUN:   --dlc-infer-shapes -verify-diagnostics | FileCheck %s
// The inputs hold result types that are stale after a function argument
// changed (as `dlc --batch` does), so they would not verify: parsing skips
// the verifier and the pass must leave verified IR behind. Unary ops use the
// generic form, since their custom form cannot spell a stale result type.

// Tests that a fixed batch flows through every shape-inferring op and into
// the function's result type.
// CHECK-LABEL: func.func @fixed_batch
// CHECK-SAME: -> tensor<4x10xf32>
func.func @fixed_batch(%x: tensor<4x1x12x12xf32>) -> tensor<?x10xf32> {
  %w1 = dlc.weight "conv.weight" : tensor<2x1x5x5xf32>
  %b1 = dlc.weight "conv.bias" : tensor<2xf32>
  %w2 = dlc.weight "fc.weight" : tensor<10x32xf32>
  %b2 = dlc.weight "fc.bias" : tensor<10xf32>
  // CHECK: dlc.conv2d {{.*}} -> tensor<4x2x8x8xf32>
  %0 = dlc.conv2d %x, %w1, %b1 : (tensor<4x1x12x12xf32>, tensor<2x1x5x5xf32>, tensor<2xf32>) -> tensor<?x2x8x8xf32>
  // CHECK: dlc.tanh {{.*}} : tensor<4x2x8x8xf32>
  %1 = "dlc.tanh"(%0) : (tensor<?x2x8x8xf32>) -> tensor<?x2x8x8xf32>
  // CHECK: dlc.avg_pool2d {{.*}} -> tensor<4x2x4x4xf32>
  %2 = dlc.avg_pool2d %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x2x8x8xf32>) -> tensor<?x2x4x4xf32>
  // CHECK: dlc.max_pool2d {{.*}} -> tensor<4x2x4x4xf32>
  %3 = dlc.max_pool2d %2 {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x2x4x4xf32>) -> tensor<?x2x4x4xf32>
  // CHECK: dlc.reshape {{.*}} -> tensor<4x32xf32>
  %4 = dlc.reshape %3 {shape = array<i64: 0, -1>} : (tensor<?x2x4x4xf32>) -> tensor<?x32xf32>
  // CHECK: dlc.linear {{.*}} -> tensor<4x10xf32>
  %5 = dlc.linear %4, %w2, %b2 : (tensor<?x32xf32>, tensor<10x32xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  // CHECK: dlc.add {{.*}} -> tensor<4x10xf32>
  %6 = dlc.add %5, %b2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  // CHECK: dlc.relu {{.*}} : tensor<4x10xf32>
  %7 = "dlc.relu"(%6) : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: dlc.sigmoid {{.*}} : tensor<4x10xf32>
  %8 = "dlc.sigmoid"(%7) : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: %[[S:.*]] = dlc.softmax {{.*}} : tensor<4x10xf32>
  %9 = "dlc.softmax"(%8) : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: return %[[S]] : tensor<4x10xf32>
  return %9 : tensor<?x10xf32>
}

// -----

// Tests that a batch that became dynamic makes the results dynamic again.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK-SAME: -> (tensor<?x4x6x6xf32>, tensor<?x144xf32>)
func.func @dynamic_batch(%x: tensor<?x3x8x8xf32>) -> (tensor<1x4x6x6xf32>, tensor<1x144xf32>) {
  %w = dlc.weight "w" : tensor<4x3x3x3xf32>
  // CHECK: dlc.conv2d {{.*}} -> tensor<?x4x6x6xf32>
  %0 = dlc.conv2d %x, %w : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  // CHECK: dlc.reshape {{.*}} {shape = array<i64: 0, -1>} : (tensor<?x4x6x6xf32>) -> tensor<?x144xf32>
  %1 = dlc.reshape %0 {shape = array<i64: 0, -1>} : (tensor<1x4x6x6xf32>) -> tensor<1x144xf32>
  return %0, %1 : tensor<1x4x6x6xf32>, tensor<1x144xf32>
}

// -----

// Tests that a changed spatial size is propagated, not just the batch.
// CHECK-LABEL: func.func @spatial_size
// CHECK-SAME: -> tensor<1x8x16x16xf32>
func.func @spatial_size(%x: tensor<1x3x32x32xf32>) -> tensor<1x8x8x8xf32> {
  %w = dlc.weight "w" : tensor<8x3x3x3xf32>
  // CHECK: dlc.conv2d {{.*}} -> tensor<1x8x16x16xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Tests that stale result types of dlc.batch_norm, the broadcasting ops
// (here dlc.mul) and dlc.concat are recomputed from a fixed batch, and that
// the parameterized element-wise ops (generic form) follow their operand.
// CHECK-LABEL: func.func @batch_norm_mul_concat
// CHECK-SAME: -> tensor<4x24x4x4xf32>
func.func @batch_norm_mul_concat(%x: tensor<4x8x4x4xf32>, %y: tensor<4x16x4x4xf32>) -> tensor<?x24x4x4xf32> {
  %s = dlc.weight "bn.scale" : tensor<8xf32>
  %b = dlc.weight "bn.bias" : tensor<8xf32>
  %m = dlc.weight "bn.mean" : tensor<8xf32>
  %v = dlc.weight "bn.var" : tensor<8xf32>
  %g = dlc.weight "gate" : tensor<8x1x1xf32>
  // CHECK: dlc.batch_norm {{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<4x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8x4x4xf32>
  %0 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-03 : f32} : (tensor<4x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.leaky_relu {{.*}} {alpha = 2.000000e-01 : f32} : tensor<4x8x4x4xf32>
  %1 = "dlc.leaky_relu"(%0) {alpha = 0.2 : f32} : (tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.mul {{.*}} : (tensor<4x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<4x8x4x4xf32>
  %2 = dlc.mul %1, %g : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.clip {{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<4x8x4x4xf32>
  %3 = "dlc.clip"(%2) {min = 0.0 : f32, max = 6.0 : f32} : (tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: %[[C:.*]] = dlc.concat {{.*}} {axis = 1 : i64} : (tensor<4x8x4x4xf32>, tensor<4x16x4x4xf32>) -> tensor<4x24x4x4xf32>
  %4 = dlc.concat %3, %y {axis = 1 : i64} : (tensor<?x8x4x4xf32>, tensor<4x16x4x4xf32>) -> tensor<?x24x4x4xf32>
  // CHECK: return %[[C]] : tensor<4x24x4x4xf32>
  return %4 : tensor<?x24x4x4xf32>
}

// -----

// Tests that dlc.concat recomputes the extent of its axis when an input's
// size along it changed.
// CHECK-LABEL: func.func @concat_axis_size
// CHECK-SAME: -> tensor<2x9xf32>
func.func @concat_axis_size(%a: tensor<2x5xf32>, %b: tensor<2x4xf32>) -> tensor<2x7xf32> {
  // CHECK: dlc.concat {{.*}} {axis = -1 : i64} : (tensor<2x5xf32>, tensor<2x4xf32>) -> tensor<2x9xf32>
  %0 = dlc.concat %a, %b {axis = -1 : i64} : (tensor<2x5xf32>, tensor<2x4xf32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// Tests that dlc.pad recomputes stale result types: from a fixed batch (a
// dynamic one before), and a static shape whose pads were not all added.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: -> (tensor<4x3x8x7xf32>, tensor<6x9xf32>)
func.func @pad(%x: tensor<4x3x5x5xf32>, %y: tensor<3x5xf32>) -> (tensor<?x3x8x7xf32>, tensor<5x9xf32>) {
  // CHECK: dlc.pad {{.*}} {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 0>, value = -1.000000e+00 : f32} : (tensor<4x3x5x5xf32>) -> tensor<4x3x8x7xf32>
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 0>, value = -1.0 : f32} : (tensor<4x3x5x5xf32>) -> tensor<?x3x8x7xf32>
  // CHECK: dlc.pad {{.*}} {pads = array<i64: 1, 2, 2, 2>} : (tensor<3x5xf32>) -> tensor<6x9xf32>
  %1 = dlc.pad %y {pads = array<i64: 1, 2, 2, 2>} : (tensor<3x5xf32>) -> tensor<5x9xf32>
  return %0, %1 : tensor<?x3x8x7xf32>, tensor<5x9xf32>
}

// -----

// Tests that a batch that became dynamic makes dlc.pad's result dynamic
// again: pads along dimension 0 do not make it static.
// CHECK-LABEL: func.func @pad_dynamic_batch
// CHECK-SAME: -> tensor<?x3x7x7xf32>
func.func @pad_dynamic_batch(%x: tensor<?x3x5x5xf32>) -> tensor<3x3x7x7xf32> {
  // CHECK: dlc.pad {{.*}} {pads = array<i64: 1, 0, 1, 1, 1, 0, 1, 1>} : (tensor<?x3x5x5xf32>) -> tensor<?x3x7x7xf32>
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 1, 1, 1, 0, 1, 1>} : (tensor<?x3x5x5xf32>) -> tensor<3x3x7x7xf32>
  return %0 : tensor<3x3x7x7xf32>
}

// -----

// Tests that a fixed batch flows through the transformer ops (dlc.layer_norm,
// dlc.matmul, dlc.transpose, dlc.reduce_mean, dlc.broadcast) whose result
// types are stale, and into the function's result types.
// CHECK-LABEL: func.func @transformer_ops
// CHECK-SAME: -> (tensor<4x10x16xf32>, tensor<4x2x10x1xf32>, tensor<4x3x16xf32>)
func.func @transformer_ops(%x: tensor<4x10x16xf32>, %c: tensor<4x1x16xf32>)
    -> (tensor<?x10x16xf32>, tensor<?x2x10x1xf32>, tensor<?x3x16xf32>) {
  %s = dlc.weight "ln.weight" : tensor<16xf32>
  %b = dlc.weight "ln.bias" : tensor<16xf32>
  %w = dlc.weight "proj.weight" : tensor<16x16xf32>
  // CHECK: dlc.layer_norm {{.*}} : (tensor<4x10x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<4x10x16xf32>
  %0 = dlc.layer_norm %x, %s, %b : (tensor<4x10x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x10x16xf32>
  // CHECK: %[[M:.*]] = dlc.matmul {{.*}} : (tensor<4x10x16xf32>, tensor<16x16xf32>) -> tensor<4x10x16xf32>
  %1 = dlc.matmul %0, %w : (tensor<?x10x16xf32>, tensor<16x16xf32>) -> tensor<?x10x16xf32>
  // CHECK: dlc.reshape {{.*}} -> tensor<4x10x2x8xf32>
  %2 = dlc.reshape %1 {shape = array<i64: 0, 0, 2, 8>} : (tensor<?x10x16xf32>) -> tensor<?x10x2x8xf32>
  // CHECK: dlc.transpose {{.*}} {perm = array<i64: 0, 2, 1, 3>} : (tensor<4x10x2x8xf32>) -> tensor<4x2x10x8xf32>
  %3 = dlc.transpose %2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x10x2x8xf32>) -> tensor<?x2x10x8xf32>
  // CHECK: %[[R:.*]] = dlc.reduce_mean {{.*}} {axes = array<i64: -1>} : (tensor<4x2x10x8xf32>) -> tensor<4x2x10x1xf32>
  %4 = dlc.reduce_mean %3 {axes = array<i64: -1>} : (tensor<?x2x10x8xf32>) -> tensor<?x2x10x1xf32>
  // CHECK: %[[B:.*]] = dlc.broadcast {{.*}} {shape = array<i64: 1, 3, 1>} : (tensor<4x1x16xf32>) -> tensor<4x3x16xf32>
  %5 = dlc.broadcast %c {shape = array<i64: 1, 3, 1>} : (tensor<4x1x16xf32>) -> tensor<?x3x16xf32>
  // CHECK: return %[[M]], %[[R]], %[[B]] : tensor<4x10x16xf32>, tensor<4x2x10x1xf32>, tensor<4x3x16xf32>
  return %1, %4, %5 : tensor<?x10x16xf32>, tensor<?x2x10x1xf32>, tensor<?x3x16xf32>
}

// -----

// Tests that the stale result types of dlc.slice and of a reduction without
// keepdims are recomputed, and that dlc.matmul's broadcast batch follows a
// changed operand.
// CHECK-LABEL: func.func @slice_reduce_matmul
// CHECK-SAME: -> (tensor<4x3xf32>, tensor<4xf32>, tensor<3x2x5x6xf32>)
func.func @slice_reduce_matmul(%x: tensor<4x8xf32>, %a: tensor<3x1x5x4xf32>, %b: tensor<2x4x6xf32>)
    -> (tensor<?x3xf32>, tensor<?xf32>, tensor<1x2x5x6xf32>) {
  // CHECK: dlc.slice {{.*}} {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %0 = dlc.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<?x3xf32>
  // CHECK: dlc.reduce_max {{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<4x3xf32>) -> tensor<4xf32>
  %1 = dlc.reduce_max %0 {axes = array<i64: 1>, keepdims = false} : (tensor<?x3xf32>) -> tensor<?xf32>
  // CHECK: dlc.matmul {{.*}} : (tensor<3x1x5x4xf32>, tensor<2x4x6xf32>) -> tensor<3x2x5x6xf32>
  %2 = dlc.matmul %a, %b : (tensor<3x1x5x4xf32>, tensor<2x4x6xf32>) -> tensor<1x2x5x6xf32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<?xf32>, tensor<1x2x5x6xf32>
}

// -----

// Tests that a batch that became dynamic makes the results of dlc.matmul,
// dlc.transpose (batch kept in place) and dlc.layer_norm dynamic again.
// CHECK-LABEL: func.func @transformer_dynamic_batch
// CHECK-SAME: -> tensor<?x6x3xf32>
func.func @transformer_dynamic_batch(%x: tensor<?x3x4xf32>) -> tensor<2x6x3xf32> {
  %w = dlc.weight "w" : tensor<4x6xf32>
  %s = dlc.weight "s" : tensor<6xf32>
  // CHECK: dlc.matmul {{.*}} : (tensor<?x3x4xf32>, tensor<4x6xf32>) -> tensor<?x3x6xf32>
  %0 = dlc.matmul %x, %w : (tensor<?x3x4xf32>, tensor<4x6xf32>) -> tensor<2x3x6xf32>
  // CHECK: dlc.layer_norm {{.*}} : (tensor<?x3x6xf32>, tensor<6xf32>) -> tensor<?x3x6xf32>
  %1 = dlc.layer_norm %0, %s : (tensor<2x3x6xf32>, tensor<6xf32>) -> tensor<2x3x6xf32>
  // CHECK: dlc.transpose {{.*}} {perm = array<i64: 0, 2, 1>} : (tensor<?x3x6xf32>) -> tensor<?x6x3xf32>
  %2 = dlc.transpose %1 {perm = array<i64: 0, 2, 1>} : (tensor<2x3x6xf32>) -> tensor<2x6x3xf32>
  return %2 : tensor<2x6x3xf32>
}

// -----

// Tests that the pass fails with matmul_c2 when an argument's new inner
// dimension no longer matches the weight; nothing is printed.
// CHECK-NOT: @matmul_becomes_invalid
func.func @matmul_becomes_invalid(%x: tensor<2x5xf32>) -> tensor<2x6xf32> {
  %w = dlc.weight "w" : tensor<4x6xf32>
  // expected-error @+1 {{'dlc.matmul' (matmul_c2) cannot multiply [2x5] by [4x6]: 5 columns against 4 rows}}
  %0 = dlc.matmul %x, %w : (tensor<2x5xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Tests that IR whose types are already right comes out unchanged.
// CHECK-LABEL: func.func @already_inferred
// CHECK-SAME: (%[[A:[^:]+]]: tensor<?x10xf32>, %[[B:[^:]+]]: tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: %[[R:.*]] = dlc.add %[[A]], %[[B]] : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: return %[[R]] : tensor<?x10xf32>
func.func @already_inferred(%a: tensor<?x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %0 = dlc.add %a, %b : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Tests that the pass fails, naming the op's constraint, when the new input
// shape makes an op invalid (the window no longer fits); nothing is printed.
// CHECK-NOT: @becomes_invalid
func.func @becomes_invalid(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x6x6xf32> {
  %w = dlc.weight "w" : tensor<1x1x3x3xf32>
  // expected-error @+1 {{'dlc.conv2d' (conv2d_c7) output height is not positive: input height 2 + padding 0 is smaller than the window 3}}
  %0 = dlc.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

// Tests that the pass fails with concat_c3 when a fixed batch no longer
// matches a weight concatenated along another axis; nothing is printed.
// CHECK-NOT: @concat_becomes_invalid
func.func @concat_becomes_invalid(%x: tensor<4x3xf32>) -> tensor<1x5xf32> {
  %w = dlc.weight "w" : tensor<1x2xf32>
  // expected-error @+1 {{'dlc.concat' (concat_c3) input 1 has shape [1x2] and input 0 [4x3]: dimension 0 differs}}
  %0 = dlc.concat %x, %w {axis = 1 : i64} : (tensor<4x3xf32>, tensor<1x2xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

// Tests that a fixed batch and a changed spatial size flow through
// dlc.conv_transpose2d (output (6-1)*2 - 1 - 1 + 1*(2-1) + 1 + 1 = 11) and
// dlc.prelu, whose per-channel slopes broadcast over the new shape.
// CHECK-LABEL: func.func @upsample_fixed_batch
// CHECK-SAME: -> tensor<3x2x11x11xf32>
func.func @upsample_fixed_batch(%x: tensor<3x4x6x6xf32>) -> tensor<?x2x9x9xf32> {
  %w = dlc.weight "up.weight" : tensor<4x2x2x2xf32>
  %b = dlc.weight "up.bias" : tensor<2xf32>
  %s = dlc.weight "act.weight" : tensor<2x1x1xf32>
  // CHECK: dlc.conv_transpose2d {{.*}} {output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<3x4x6x6xf32>, tensor<4x2x2x2xf32>, tensor<2xf32>) -> tensor<3x2x11x11xf32>
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>}
      : (tensor<3x4x6x6xf32>, tensor<4x2x2x2xf32>, tensor<2xf32>) -> tensor<?x2x9x9xf32>
  // CHECK: %[[P:.*]] = dlc.prelu {{.*}} : (tensor<3x2x11x11xf32>, tensor<2x1x1xf32>) -> tensor<3x2x11x11xf32>
  %1 = dlc.prelu %0, %s : (tensor<?x2x9x9xf32>, tensor<2x1x1xf32>) -> tensor<?x2x9x9xf32>
  // CHECK: return %[[P]] : tensor<3x2x11x11xf32>
  return %1 : tensor<?x2x9x9xf32>
}

// -----

// Tests that a batch that became dynamic makes the results of
// dlc.conv_transpose2d and dlc.prelu dynamic again.
// CHECK-LABEL: func.func @upsample_dynamic_batch
// CHECK-SAME: -> tensor<?x2x8x8xf32>
func.func @upsample_dynamic_batch(%x: tensor<?x4x4x4xf32>) -> tensor<1x2x8x8xf32> {
  %w = dlc.weight "up.weight" : tensor<4x2x2x2xf32>
  %s = dlc.weight "act.weight" : tensor<1xf32>
  // CHECK: dlc.conv_transpose2d {{.*}} : (tensor<?x4x4x4xf32>, tensor<4x2x2x2xf32>) -> tensor<?x2x8x8xf32>
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>} : (tensor<?x4x4x4xf32>, tensor<4x2x2x2xf32>) -> tensor<1x2x8x8xf32>
  // CHECK: dlc.prelu {{.*}} : (tensor<?x2x8x8xf32>, tensor<1xf32>) -> tensor<?x2x8x8xf32>
  %1 = dlc.prelu %0, %s : (tensor<1x2x8x8xf32>, tensor<1xf32>) -> tensor<1x2x8x8xf32>
  return %1 : tensor<1x2x8x8xf32>
}

// -----

// Tests that the pass fails with prelu_c1 when a fixed batch no longer
// broadcasts with slopes that hold a batch dimension; nothing is printed.
// CHECK-NOT: @prelu_becomes_invalid
func.func @prelu_becomes_invalid(%x: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %s = dlc.weight "s" : tensor<2x3xf32>
  // expected-error @+1 {{'dlc.prelu' (prelu_c1) cannot broadcast 4x3 with 2x3: dimension 0 is 4 and 2}}
  %0 = dlc.prelu %x, %s : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that a fixed batch flows through dlc.group_norm, whose result keeps
// the input's shape, and dlc.resize, whose result takes the batch and
// channels of its input and the height and width of `size`.
// CHECK-LABEL: func.func @group_norm_resize_fixed_batch
// CHECK-SAME: -> tensor<3x8x10x12xf32>
func.func @group_norm_resize_fixed_batch(%x: tensor<3x8x5x6xf32>) -> tensor<?x8x10x12xf32> {
  %s = dlc.weight "gn.weight" : tensor<8xf32>
  %b = dlc.weight "gn.bias" : tensor<8xf32>
  // CHECK: dlc.group_norm {{.*}} {groups = 4 : i64} : (tensor<3x8x5x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<3x8x5x6xf32>
  %0 = dlc.group_norm %x, %s, %b {groups = 4 : i64} : (tensor<3x8x5x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x5x6xf32>
  // CHECK: %[[R:.*]] = dlc.resize {{.*}} {coordinate_mode = "half_pixel", mode = "linear", size = array<i64: 10, 12>} : (tensor<3x8x5x6xf32>) -> tensor<3x8x10x12xf32>
  %1 = dlc.resize %0 {size = array<i64: 10, 12>, mode = "linear", coordinate_mode = "half_pixel"} : (tensor<?x8x5x6xf32>) -> tensor<?x8x10x12xf32>
  // CHECK: return %[[R]] : tensor<3x8x10x12xf32>
  return %1 : tensor<?x8x10x12xf32>
}

// -----

// Tests that a batch that became dynamic makes the results of
// dlc.group_norm and dlc.resize dynamic again, and that a changed spatial
// size reaches dlc.group_norm while dlc.resize keeps its `size`.
// CHECK-LABEL: func.func @group_norm_resize_dynamic_batch
// CHECK-SAME: -> tensor<?x6x8x8xf32>
func.func @group_norm_resize_dynamic_batch(%x: tensor<?x6x7x9xf32>) -> tensor<1x6x8x8xf32> {
  %s = dlc.weight "in.weight" : tensor<6xf32>
  // CHECK: dlc.group_norm {{.*}} {groups = 6 : i64} : (tensor<?x6x7x9xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x6x7x9xf32>
  %0 = dlc.group_norm %x, %s, %s {groups = 6 : i64} : (tensor<?x6x7x9xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  // CHECK: dlc.resize {{.*}} {size = array<i64: 8, 8>} : (tensor<?x6x7x9xf32>) -> tensor<?x6x8x8xf32>
  %1 = dlc.resize %0 {size = array<i64: 8, 8>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x8x8xf32>
  return %1 : tensor<1x6x8x8xf32>
}

// -----

// Tests that the pass fails with group_norm_c2 when the input's new channel
// count (6) neither splits into the 4 groups nor matches the 8 values of
// scale and bias; nothing is printed.
// CHECK-NOT: @group_norm_becomes_invalid
func.func @group_norm_becomes_invalid(%x: tensor<1x6x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %s = dlc.weight "gn.weight" : tensor<8xf32>
  // expected-error @+1 {{'dlc.group_norm' (group_norm_c2) 'groups' 4, 'scale' [8] and 'bias' [8]: expected a divisor of 6 and shapes [6]}}
  %0 = dlc.group_norm %x, %s, %s {groups = 4 : i64} : (tensor<1x6x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that a fixed batch in the indices flows through dlc.gather (an
// embedding lookup) into the function's result type.
// CHECK-LABEL: func.func @gather_fixed_batch
// CHECK-SAME: -> tensor<3x5x4xf32>
func.func @gather_fixed_batch(%tokens: tensor<3x5xi64>) -> tensor<?x5x4xf32> {
  %t = dlc.weight "embed.weight" : tensor<11x4xf32>
  // CHECK: %[[E:.*]] = dlc.gather {{.*}} : (tensor<11x4xf32>, tensor<3x5xi64>) -> tensor<3x5x4xf32>
  %0 = dlc.gather %t, %tokens : (tensor<11x4xf32>, tensor<3x5xi64>) -> tensor<?x5x4xf32>
  // CHECK: return %[[E]] : tensor<3x5x4xf32>
  return %0 : tensor<?x5x4xf32>
}

// -----

// Tests that the pass fails with gather_c1 when the batch of data became
// dynamic under a gather along axis 0; nothing is printed.
// CHECK-NOT: @gather_becomes_invalid
func.func @gather_becomes_invalid(%x: tensor<?x6xf32>, %i: tensor<4xi64>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'dlc.gather' (gather_c1) 'axis' 0 is the dynamic batch dimension of data ?x6}}
  %0 = dlc.gather %x, %i : (tensor<?x6xf32>, tensor<4xi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that a function declaration (no body) is left alone.
// CHECK-LABEL: func.func private @declaration
// CHECK-SAME: (tensor<1xf32>) -> tensor<1xf32>
func.func private @declaration(tensor<1xf32>) -> tensor<1xf32>
