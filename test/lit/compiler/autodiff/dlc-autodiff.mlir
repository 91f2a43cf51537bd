// RUN: dlc-opt %s -split-input-file --dlc-autodiff | FileCheck %s

// Each case: the backward function the pass adds, op by op.

// Tests that the input gradient is a transposed convolution with the output
// padding the stride dropped (1 row here; the width, 7, is not a multiple of
// the stride, so the gradient is not split into phases), the weight gradient
// a dlc.conv2d_grad_weight with the same attributes, the bias gradient a sum
// over batch and pixels.
// CHECK-LABEL: func.func @conv2d_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.conv2d %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]], %[[A2:[0-9a-z]+]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x8x7xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.conv_transpose2d %[[A3:[0-9a-z]+]], %[[A1]] {output_padding = array<i64: 1, 0>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x7xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.conv2d_grad_weight %[[A0]], %[[A3]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x8x7xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.reduce_sum %[[A3]] {axes = array<i64: 0, 2, 3>, keepdims = false} : (tensor<2x4x4x4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]] : tensor<2x4x4x4xf32>, tensor<2x3x8x7xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>
func.func @conv2d(%x: tensor<2x3x8x7xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x7xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// Tests that a stride that divides the input splits the input gradient into
// phases: for 3x3 taps at stride 2 with padding 1, even rows take tap row 1
// and odd rows tap rows 0 and 2 (likewise columns), each a stride-1
// transposed convolution of the gradient by a strided slice of the weight;
// the four phases are interleaved by concatenating along new unit axes.
// CHECK-LABEL: func.func @conv2d_phases_backward
// CHECK: %[[T00:[0-9a-z]+]] = dlc.slice %[[W:[0-9a-z]+]] {offsets = array<i64: 0, 0, 1, 1>, sizes = array<i64: 4, 3, 1, 1>, strides = array<i64: 1, 1, 2, 2>} : (tensor<4x3x3x3xf32>) -> tensor<4x3x1x1xf32>
// CHECK-NEXT: %[[P00:[0-9a-z]+]] = dlc.conv_transpose2d %[[GY:[0-9a-z]+]], %[[T00]] : (tensor<2x4x4x4xf32>, tensor<4x3x1x1xf32>) -> tensor<2x3x4x4xf32>
// CHECK: dlc.slice %[[W]] {offsets = array<i64: 0, 0, 1, 0>, sizes = array<i64: 4, 3, 1, 2>, strides = array<i64: 1, 1, 2, 2>}
// CHECK-NEXT: dlc.conv_transpose2d %[[GY]], %{{.*}} {padding = array<i64: 0, 1, 0, 0>} : (tensor<2x4x4x4xf32>, tensor<4x3x1x2xf32>) -> tensor<2x3x4x4xf32>
// CHECK: dlc.concat %{{.*}}, %{{.*}} {axis = 5 : i64} : (tensor<2x3x4x1x4x1xf32>, tensor<2x3x4x1x4x1xf32>) -> tensor<2x3x4x1x4x2xf32>
// CHECK: dlc.slice %[[W]] {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 4, 3, 2, 2>, strides = array<i64: 1, 1, 2, 2>}
// CHECK-NEXT: dlc.conv_transpose2d %[[GY]], %{{.*}} {padding = array<i64: 1, 1, 0, 0>} : (tensor<2x4x4x4xf32>, tensor<4x3x2x2xf32>) -> tensor<2x3x4x4xf32>
// CHECK: %[[ROWS:[0-9a-z]+]] = dlc.concat %{{.*}}, %{{.*}} {axis = 3 : i64} : (tensor<2x3x4x1x4x2xf32>, tensor<2x3x4x1x4x2xf32>) -> tensor<2x3x4x2x4x2xf32>
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.reshape %[[ROWS]] {shape = array<i64: 2, 3, 8, 8>} : (tensor<2x3x4x2x4x2xf32>) -> tensor<2x3x8x8xf32>
// CHECK-NEXT: %[[GW:[0-9a-z]+]] = dlc.conv2d_grad_weight
// CHECK-NEXT: return %{{.*}}, %[[GX]], %[[GW]]
func.func @conv2d_phases(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
  %y = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// Tests that max pooling sends the gradient back through dlc.pool2d_grad of
// kind max.
// CHECK-LABEL: func.func @max_pool2d_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.max_pool2d %[[A0:[0-9a-z]+]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.pool2d_grad %[[A0]], %[[A1:[0-9a-z]+]] {kernel = array<i64: 2, 2>, kind = "max", strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
func.func @max_pool2d(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %y = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that average pooling without count_include_pad keeps its padding in
// dlc.pool2d_grad of kind avg.
// CHECK-LABEL: func.func @avg_pool2d_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.avg_pool2d %[[A0:[0-9a-z]+]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.pool2d_grad %[[A0]], %[[A1:[0-9a-z]+]] {kernel = array<i64: 3, 3>, kind = "avg", padding = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
func.func @avg_pool2d(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %y = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that the shared 2-D rhs of a batched matmul gets its gradient from one
// product over all rows, the batch folded into them.
// CHECK-LABEL: func.func @matmul_broadcast_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.matmul %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]] : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.transpose %[[A1]] {perm = array<i64: 1, 0>} : (tensor<4x5xf32>) -> tensor<5x4xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.matmul %[[A2:[0-9a-z]+]], %[[V1]] : (tensor<2x3x5xf32>, tensor<5x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.reshape %[[A0]] {shape = array<i64: 6, 4>} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.reshape %[[A2]] {shape = array<i64: 6, 5>} : (tensor<2x3x5xf32>) -> tensor<6x5xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.transpose %[[V3]] {perm = array<i64: 1, 0>} : (tensor<6x4xf32>) -> tensor<4x6xf32>
// CHECK-NEXT: %[[V6:[0-9a-z]+]] = dlc.matmul %[[V5]], %[[V4]] : (tensor<4x6xf32>, tensor<6x5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT: return %[[V0]], %[[V2]], %[[V6]] : tensor<2x3x5xf32>, tensor<2x3x4xf32>, tensor<4x5xf32>
func.func @matmul_broadcast(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %y = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// Tests that relu gradients are dlc.relu_grad of the input, so that epilogue
// fusion can fold them.
// CHECK-LABEL: func.func @relu_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.relu %[[A0:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.relu_grad %[[A0]], %[[A1:[0-9a-z]+]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<6xf32>, tensor<6xf32>
func.func @relu(%x: tensor<6xf32>) -> tensor<6xf32> {
  %y = dlc.relu %x : tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Tests that sigmoid gradients are dlc.sigmoid_grad of the result.
// CHECK-LABEL: func.func @sigmoid_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.sigmoid %[[A0:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.sigmoid_grad %[[V0]], %[[A1:[0-9a-z]+]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<6xf32>, tensor<6xf32>
func.func @sigmoid(%x: tensor<6xf32>) -> tensor<6xf32> {
  %y = dlc.sigmoid %x : tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Tests that a chain of unary ops differentiates back to front: neg, sqrt
// (gy * 0.5 / y), log (gy / x), exp (gy * y).
// CHECK-LABEL: func.func @exp_log_sqrt_neg_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.exp %[[A0:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.log %[[V0]] : tensor<6xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.sqrt %[[V1]] : tensor<6xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.neg %[[V2]] : tensor<6xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.neg %[[A1:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.constant 5.000000e-01 : tensor<1xf32>
// CHECK-NEXT: %[[V6:[0-9a-z]+]] = dlc.mul %[[V4]], %[[V5]] : (tensor<6xf32>, tensor<1xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V7:[0-9a-z]+]] = dlc.div %[[V6]], %[[V2]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V8:[0-9a-z]+]] = dlc.div %[[V7]], %[[V0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V9:[0-9a-z]+]] = dlc.mul %[[V8]], %[[V0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[V3]], %[[V9]] : tensor<6xf32>, tensor<6xf32>
func.func @exp_log_sqrt_neg(%x: tensor<6xf32>) -> tensor<6xf32> {
  %0 = dlc.exp %x : tensor<6xf32>
  %1 = dlc.log %0 : tensor<6xf32>
  %2 = dlc.sqrt %1 : tensor<6xf32>
  %3 = dlc.neg %2 : tensor<6xf32>
  return %3 : tensor<6xf32>
}

// -----

// Tests that softplus multiplies by sigmoid(x); silu by s + x s (1 - s), its
// sigmoid_grad.
// CHECK-LABEL: func.func @silu_softplus_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.silu %[[A0:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.softplus %[[V0]] : tensor<6xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.sigmoid %[[V0]] : tensor<6xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.mul %[[A1:[0-9a-z]+]], %[[V2]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.sigmoid %[[A0]] : tensor<6xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.sigmoid_grad %[[V4]], %[[A0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V6:[0-9a-z]+]] = dlc.add %[[V4]], %[[V5]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V7:[0-9a-z]+]] = dlc.mul %[[V3]], %[[V6]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[V1]], %[[V7]] : tensor<6xf32>, tensor<6xf32>
func.func @silu_softplus(%x: tensor<6xf32>) -> tensor<6xf32> {
  %0 = dlc.silu %x : tensor<6xf32>
  %1 = dlc.softplus %0 : tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// Tests that a broadcast operand used twice sums its two gradients, each
// reduced over the broadcast axis.
// CHECK-LABEL: func.func @add_sub_broadcast_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.add %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.sub %[[V0]], %[[A1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.neg %[[A2:[0-9a-z]+]] : tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.reduce_sum %[[V2]] {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.reshape %[[V3]] {shape = array<i64: 3>} : (tensor<1x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.reduce_sum %[[A2]] {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[V6:[0-9a-z]+]] = dlc.reshape %[[V5]] {shape = array<i64: 3>} : (tensor<1x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[V7:[0-9a-z]+]] = dlc.add %[[V4]], %[[V6]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: return %[[V1]], %[[A2]], %[[V7]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
func.func @add_sub_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Tests that mul and div of a [2, 1] operand reduce its gradients over the
// broadcast axis and add them.
// CHECK-LABEL: func.func @mul_div_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.mul %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.div %[[V0]], %[[A1]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.div %[[A2:[0-9a-z]+]], %[[A1]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.mul %[[V2]], %[[V1]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.neg %[[V3]] : tensor<2x3xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.reduce_sum %[[V4]] {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %[[V6:[0-9a-z]+]] = dlc.mul %[[V2]], %[[A1]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[0-9a-z]+]] = dlc.mul %[[V2]], %[[A0]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[0-9a-z]+]] = dlc.reduce_sum %[[V7]] {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %[[V9:[0-9a-z]+]] = dlc.add %[[V5]], %[[V8]] : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: return %[[V1]], %[[V6]], %[[V9]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>
func.func @mul_div(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %0 = dlc.mul %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %1 = dlc.div %0, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Tests that reshape and transpose differentiate to the inverse reshape and
// permutation.
// CHECK-LABEL: func.func @reshape_transpose_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.reshape %[[A0:[0-9a-z]+]] {shape = array<i64: 2, 2, 3>} : (tensor<2x6xf32>) -> tensor<2x2x3xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.transpose %[[V0]] {perm = array<i64: 2, 0, 1>} : (tensor<2x2x3xf32>) -> tensor<3x2x2xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.transpose %[[A1:[0-9a-z]+]] {perm = array<i64: 1, 2, 0>} : (tensor<3x2x2xf32>) -> tensor<2x2x3xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.reshape %[[V2]] {shape = array<i64: 2, 6>} : (tensor<2x2x3xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: return %[[V1]], %[[V3]] : tensor<3x2x2xf32>, tensor<2x6xf32>
func.func @reshape_transpose(%x: tensor<2x6xf32>) -> tensor<3x2x2xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 2, 2, 3>} : (tensor<2x6xf32>) -> tensor<2x2x3xf32>
  %1 = dlc.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<2x2x3xf32>) -> tensor<3x2x2xf32>
  return %1 : tensor<3x2x2xf32>
}

// -----

// Tests that a mean over axes is the gradient reshaped with the axes kept,
// broadcast back and scaled by 1/count.
// CHECK-LABEL: func.func @reduce_mean_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.reduce_mean %[[A0:[0-9a-z]+]] {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.reshape %[[A1:[0-9a-z]+]] {shape = array<i64: 1, 3, 1>} : (tensor<3xf32>) -> tensor<1x3x1xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.broadcast %[[V1]] {shape = array<i64: 2, 3, 4>} : (tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.constant 1.250000e-01 : tensor<1xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.mul %[[V2]], %[[V3]] : (tensor<2x3x4xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[V0]], %[[V4]] : tensor<3xf32>, tensor<2x3x4xf32>
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %y = dlc.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// Tests that softmax: y * (gy - sum(gy * y)) along the axis.
// CHECK-LABEL: func.func @softmax_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.softmax %[[A0:[0-9a-z]+]] {axis = 1 : i64} : tensor<2x5xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.mul %[[A1:[0-9a-z]+]], %[[V0]] : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.reduce_sum %[[V1]] {axes = array<i64: 1>} : (tensor<2x5xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.sub %[[A1]], %[[V2]] : (tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.mul %[[V0]], %[[V3]] : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %[[V0]], %[[V4]] : tensor<2x5xf32>, tensor<2x5xf32>
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = dlc.softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Tests that log_softmax: gy - exp(y) * sum(gy) along the axis.
// CHECK-LABEL: func.func @log_softmax_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.log_softmax %[[A0:[0-9a-z]+]] : tensor<2x5xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.reduce_sum %[[A1:[0-9a-z]+]] {axes = array<i64: 1>} : (tensor<2x5xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.exp %[[V0]] : tensor<2x5xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.mul %[[V2]], %[[V1]] : (tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.sub %[[A1]], %[[V3]] : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %[[V0]], %[[V4]] : tensor<2x5xf32>, tensor<2x5xf32>
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = dlc.log_softmax %x {axis = -1 : i64} : tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Tests that a loss differentiates into dlc.loss_grad with its attributes
// and the seed; the int64 labels get no gradient.
// CHECK-LABEL: func.func @cross_entropy_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.loss %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]] {kind = "cross_entropy", label_smoothing = 1.000000e-01 : f64} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<1xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.loss_grad %[[A0]], %[[A1]], %[[A2:[0-9a-z]+]] {kind = "cross_entropy", label_smoothing = 1.000000e-01 : f64} : (tensor<4x10xf32>, tensor<4xi64>, tensor<1xf32>) -> tensor<4x10xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<1xf32>, tensor<4x10xf32>
func.func @cross_entropy(%x: tensor<4x10xf32>, %labels: tensor<4xi64>) -> tensor<1xf32> {
  %l = dlc.loss %x, %labels {kind = "cross_entropy", label_smoothing = 1.0e-01} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<1xf32>
  return %l : tensor<1xf32>
}

// -----

// Tests that a value with two users (tanh and mul) gets the sum of both
// gradients.
// CHECK-LABEL: func.func @shared_value_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.tanh %[[A0:[0-9a-z]+]] : tensor<6xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.mul %[[V0]], %[[A0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.mul %[[A1:[0-9a-z]+]], %[[A0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V3:[0-9a-z]+]] = dlc.mul %[[A1]], %[[V0]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V4:[0-9a-z]+]] = dlc.tanh_grad %[[V0]], %[[V2]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[V5:[0-9a-z]+]] = dlc.add %[[V3]], %[[V4]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[V1]], %[[V5]] : tensor<6xf32>, tensor<6xf32>
func.func @shared_value(%x: tensor<6xf32>) -> tensor<6xf32> {
  %0 = dlc.tanh %x : tensor<6xf32>
  %1 = dlc.mul %0, %x : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// Tests that dropout's gradient is the same dropout (same step, ratio and
// seed: the same mask) of the output's gradient, and the step gets none.
// CHECK-LABEL: func.func @dropout_backward
// CHECK: %[[V0:[0-9a-z]+]] = dlc.dropout %[[A0:[0-9a-z]+]], %[[A1:[0-9a-z]+]] {ratio = 2.500000e-01 : f64, seed = 9 : i64} : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[V1:[0-9a-z]+]] = dlc.dropout %[[A2:[0-9a-z]+]], %[[A1]] {ratio = 2.500000e-01 : f64, seed = 9 : i64} : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[V2:[0-9a-z]+]] = dlc.constant 0.000000e+00 : tensor<1xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]] : tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xf32>
func.func @dropout(%x: tensor<4x8xf32>, %step: tensor<1xf32>) -> tensor<4x8xf32> {
  %y = dlc.dropout %x, %step {ratio = 2.5e-01, seed = 9 : i64} : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that erf's gradient is gy * 2/sqrt(pi) * exp(-x^2).
// CHECK-LABEL: func.func @erf_backward
// CHECK: %[[SQ:[0-9a-z]+]] = dlc.mul %[[X:[0-9a-z]+]], %[[X]] : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[NEG:[0-9a-z]+]] = dlc.neg %[[SQ]] : tensor<6xf32>
// CHECK-NEXT: %[[BELL:[0-9a-z]+]] = dlc.exp %[[NEG]] : tensor<6xf32>
// CHECK-NEXT: %[[C:[0-9a-z]+]] = dlc.constant 1.1283791670955126 : tensor<1xf32>
// CHECK-NEXT: %[[SLOPE:[0-9a-z]+]] = dlc.mul %[[BELL]], %[[C]]
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %[[SLOPE]]
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @erf(%x: tensor<6xf32>) -> tensor<6xf32> {
  %y = dlc.erf %x : tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Tests that GELU's (erf form) gradient is gy * (Phi(x) + x phi(x)).
// CHECK-LABEL: func.func @gelu_backward
// CHECK: dlc.constant 0.70710678118654746
// CHECK: dlc.erf
// CHECK: dlc.constant -5.000000e-01
// CHECK: dlc.exp
// CHECK: dlc.constant 0.3989422804014327
// CHECK: %[[SLOPE:[0-9a-z]+]] = dlc.add
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.mul %{{.*}}, %[[SLOPE]]
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @gelu(%x: tensor<6xf32>) -> tensor<6xf32> {
  %y = dlc.gelu %x : tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Tests that layer norm's backward recomputes x_hat and rstd over the
// normalized axis, gives the input rstd * (g_hat - mean(g_hat) - x_hat *
// mean(g_hat * x_hat)), and sums the scale's and bias's gradients over the
// leading axis.
// CHECK-LABEL: func.func @layer_norm_backward
// CHECK: %[[RSTD:[0-9a-z]+]] = dlc.div %{{.*}}, %{{.*}} : (tensor<1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %[[XHAT:[0-9a-z]+]] = dlc.mul %{{.*}}, %[[RSTD]]
// CHECK-NEXT: %[[GHAT:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %[[SCALE:[0-9a-z]+]] : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK: %[[GX:[0-9a-z]+]] = dlc.mul %{{.*}}, %[[RSTD]] : (tensor<2x4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[PROD:[0-9a-z]+]] = dlc.mul %[[GY]], %[[XHAT]]
// CHECK-NEXT: %[[GSCALE:[0-9a-z]+]] = dlc.reduce_sum %[[PROD]] {axes = array<i64: 0>, keepdims = false} : (tensor<2x4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[GBIAS:[0-9a-z]+]] = dlc.reduce_sum %[[GY]] {axes = array<i64: 0>, keepdims = false} : (tensor<2x4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]], %[[GSCALE]], %[[GBIAS]]
func.func @layer_norm(%x: tensor<2x4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %y = dlc.layer_norm %x, %s, %b {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Tests that a transposed convolution's input gradient is the convolution
// of the gradient with the same weight and attributes, its weight gradient
// the convolution's weight gradient with the roles of input and gradient
// swapped, and its bias gradient a sum over batch and pixels.
// CHECK-LABEL: func.func @conv_transpose2d_backward
// CHECK: %[[GX:[0-9a-z]+]] = dlc.conv2d %[[GY:[0-9a-z]+]], %[[W:[0-9a-z]+]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT: %[[GW:[0-9a-z]+]] = dlc.conv2d_grad_weight %[[GY]], %[[X:[0-9a-z]+]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x6x6xf32>, tensor<1x4x3x3xf32>) -> tensor<4x3x3x3xf32>
// CHECK-NEXT: %[[GB:[0-9a-z]+]] = dlc.reduce_sum %[[GY]] {axes = array<i64: 0, 2, 3>, keepdims = false} : (tensor<1x3x6x6xf32>) -> tensor<3xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]], %[[GW]], %[[GB]]
func.func @conv_transpose2d(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x6x6xf32> {
  %y = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return %y : tensor<1x3x6x6xf32>
}

// -----

// Tests that leaky ReLU's gradient selects gy where x > 0 and alpha * gy
// elsewhere.
// CHECK-LABEL: func.func @leaky_relu_backward
// CHECK: %[[ZERO:[0-9a-z]+]] = dlc.constant 0.000000e+00 : tensor<1xf32>
// CHECK-NEXT: %[[POS:[0-9a-z]+]] = dlc.greater %[[X:[0-9a-z]+]], %[[ZERO]]
// CHECK-NEXT: %[[ALPHA:[0-9a-z]+]] = dlc.constant 0.20000000298023224 : tensor<1xf32>
// CHECK-NEXT: %[[SCALED:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %[[ALPHA]]
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.where %[[POS]], %[[GY]], %[[SCALED]] : (tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @leaky_relu(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %y = dlc.leaky_relu %x {alpha = 2.0e-01 : f32} : tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Tests that max gives gy to the larger operand and half of it to each on
// a tie, the broadcast operand's share summed back to its shape.
// CHECK-LABEL: func.func @max_backward
// CHECK: %[[TIE:[0-9a-z]+]] = dlc.equal %[[A:[0-9a-z]+]], %[[B:[0-9a-z]+]] : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
// CHECK: %[[HALF:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %{{.*}}
// CHECK: %[[AWINS:[0-9a-z]+]] = dlc.greater %[[A]], %[[B]]
// CHECK-NEXT: %[[AG:[0-9a-z]+]] = dlc.where %[[AWINS]], %[[GY]], %{{.*}}
// CHECK-NEXT: %[[GA:[0-9a-z]+]] = dlc.where %[[TIE]], %[[HALF]], %[[AG]]
// CHECK-NEXT: %[[BWINS:[0-9a-z]+]] = dlc.greater %[[B]], %[[A]]
// CHECK-NEXT: %[[BG:[0-9a-z]+]] = dlc.where %[[BWINS]], %[[GY]], %{{.*}}
// CHECK-NEXT: %[[BT:[0-9a-z]+]] = dlc.where %[[TIE]], %[[HALF]], %[[BG]]
// CHECK-NEXT: %[[SUM:[0-9a-z]+]] = dlc.reduce_sum %[[BT]] {axes = array<i64: 0>}
// CHECK-NEXT: %[[GB:[0-9a-z]+]] = dlc.reshape %[[SUM]] {shape = array<i64: 5>}
// CHECK-NEXT: return %{{.*}}, %[[GA]], %[[GB]]
func.func @max(%a: tensor<2x5xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  %y = dlc.max %a, %b : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Tests that where sends gy to the selected branch and zeros to the other,
// each summed back to its operand's shape; the mask, and so the compared
// value, gets a zero gradient.
// CHECK-LABEL: func.func @where_backward
// CHECK: %[[MASK:[0-9a-z]+]] = dlc.greater
// CHECK: %[[ZERO:[0-9a-z]+]] = dlc.constant 0.000000e+00 : tensor<1xf32>
// CHECK-NEXT: %[[GA:[0-9a-z]+]] = dlc.where %[[MASK]], %[[GY:[0-9a-z]+]], %[[ZERO]]
// CHECK-NEXT: %[[OTHER:[0-9a-z]+]] = dlc.where %[[MASK]], %[[ZERO]], %[[GY]]
// CHECK-NEXT: %[[SUM:[0-9a-z]+]] = dlc.reduce_sum %[[OTHER]] {axes = array<i64: 0>}
// CHECK-NEXT: %[[GB:[0-9a-z]+]] = dlc.reshape %[[SUM]] {shape = array<i64: 5>}
// CHECK-NEXT: %[[GC:[0-9a-z]+]] = dlc.constant 0.000000e+00 : tensor<2x5xf32>
// CHECK-NEXT: return %{{.*}}, %[[GC]], %[[GA]], %[[GB]]
func.func @where(%c: tensor<2x5xf32>, %a: tensor<2x5xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  %zero = dlc.constant 0.0 : tensor<1xf32>
  %mask = dlc.greater %c, %zero : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>
  %y = dlc.where %mask, %a, %b : (tensor<2x5xf32>, tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Tests that a strided slice's gradient is spread to every other column
// (a unit axis padded to the stride, merged, the last zero dropped) and
// then padded back to the input's shape.
// CHECK-LABEL: func.func @strided_slice_backward
// CHECK: %[[U:[0-9a-z]+]] = dlc.reshape %[[GY:[0-9a-z]+]] {shape = array<i64: 2, 4, 1>}
// CHECK-NEXT: %[[P:[0-9a-z]+]] = dlc.pad %[[U]] {pads = array<i64: 0, 0, 0, 0, 0, 1>} : (tensor<2x4x1xf32>) -> tensor<2x4x2xf32>
// CHECK-NEXT: %[[M:[0-9a-z]+]] = dlc.reshape %[[P]] {shape = array<i64: 2, 8>}
// CHECK-NEXT: %[[S:[0-9a-z]+]] = dlc.slice %[[M]] {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 7>, strides = array<i64: 1, 1>}
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.pad %[[S]] {pads = array<i64: 1, 1, 0, 2>} : (tensor<2x7xf32>) -> tensor<3x10xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @strided_slice(%x: tensor<3x10xf32>) -> tensor<2x4xf32> {
  %y = dlc.slice %x {offsets = array<i64: 1, 1>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 2>} : (tensor<3x10xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Tests that reduce_max's gradient goes to the elements equal to the
// maximum, divided by their count.
// CHECK-LABEL: func.func @reduce_max_backward
// CHECK: %[[MAX:[0-9a-z]+]] = dlc.reshape %{{.*}} {shape = array<i64: 2, 1, 4>}
// CHECK-NEXT: %[[HIT:[0-9a-z]+]] = dlc.equal %[[X:[0-9a-z]+]], %[[MAX]] : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[COUNT:[0-9a-z]+]] = dlc.reduce_sum %[[HIT]] {axes = array<i64: 1>}
// CHECK-NEXT: %[[G:[0-9a-z]+]] = dlc.reshape %[[GY:[0-9a-z]+]] {shape = array<i64: 2, 1, 4>}
// CHECK-NEXT: %[[SHARE:[0-9a-z]+]] = dlc.div %[[G]], %[[COUNT]]
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.mul %[[HIT]], %[[SHARE]] : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @reduce_max(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %y = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Tests that group norm's backward normalizes x viewed as [N, groups, rest]
// and reshapes the input's gradient back.
// CHECK-LABEL: func.func @group_norm_backward
// CHECK: %[[ROWS:[0-9a-z]+]] = dlc.reshape %[[X:[0-9a-z]+]] {shape = array<i64: 2, 2, 12>} : (tensor<2x4x3x2xf32>) -> tensor<2x2x12xf32>
// CHECK: %[[SCALE:[0-9a-z]+]] = dlc.reshape %{{.*}} {shape = array<i64: 1, 4, 1, 1>} : (tensor<4xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT: %[[GHAT:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %[[SCALE]]
// CHECK: %[[GX:[0-9a-z]+]] = dlc.reshape %{{.*}} {shape = array<i64: 2, 4, 3, 2>} : (tensor<2x2x12xf32>) -> tensor<2x4x3x2xf32>
// CHECK: %[[GS:[0-9a-z]+]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0, 2, 3>, keepdims = false} : (tensor<2x4x3x2xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[GB:[0-9a-z]+]] = dlc.reduce_sum %[[GY]] {axes = array<i64: 0, 2, 3>, keepdims = false} : (tensor<2x4x3x2xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]], %[[GS]], %[[GB]]
func.func @group_norm(%x: tensor<2x4x3x2xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x3x2xf32> {
  %y = dlc.group_norm %x, %s, %b {groups = 2 : i64} : (tensor<2x4x3x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x2xf32>
  return %y : tensor<2x4x3x2xf32>
}

// -----

// Tests that LRN's backward sums squares over the window (size 4: one
// channel below, two above) and sums the spread gradient over the mirrored
// window (two below, one above).
// CHECK-LABEL: func.func @lrn_backward
// CHECK: dlc.pad %{{.*}} {pads = array<i64: 0, 1, 0, 0, 0, 2, 0, 0>} : (tensor<1x5x2x2xf32>) -> tensor<1x8x2x2xf32>
// CHECK-COUNT-4: dlc.slice
// CHECK: %[[DPOW:[0-9a-z]+]] = dlc.pow %{{.*}}, %{{.*}} : (tensor<1x5x2x2xf32>, tensor<1xf32>) -> tensor<1x5x2x2xf32>
// CHECK: dlc.pad %{{.*}} {pads = array<i64: 0, 2, 0, 0, 0, 1, 0, 0>} : (tensor<1x5x2x2xf32>) -> tensor<1x8x2x2xf32>
// CHECK-COUNT-4: dlc.slice
// CHECK: %[[DIRECT:[0-9a-z]+]] = dlc.mul %[[GY:[0-9a-z]+]], %[[DPOW]]
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.sub %[[DIRECT]], %{{.*}}
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @lrn(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %y = dlc.lrn %x {size = 4 : i64} : tensor<1x5x2x2xf32>
  return %y : tensor<1x5x2x2xf32>
}

// -----

// Tests that a resize's gradient is R gy Cᵀ: the row and column weight
// matrices are resizes of identities (built from a padded, reshaped and
// sliced column of ones), and two matmuls apply them.
// CHECK-LABEL: func.func @resize_backward
// CHECK: %[[ONES:[0-9a-z]+]] = dlc.constant 1.000000e+00 : tensor<3x1xf32>
// CHECK-NEXT: dlc.pad %[[ONES]] {pads = array<i64: 0, 0, 0, 3>} : (tensor<3x1xf32>) -> tensor<3x4xf32>
// CHECK: dlc.slice %{{.*}} {offsets = array<i64: 0>, sizes = array<i64: 9>, strides = array<i64: 1>} : (tensor<12xf32>) -> tensor<9xf32>
// CHECK: %[[RUNITS:[0-9a-z]+]] = dlc.reshape %{{.*}} {shape = array<i64: 3, 1, 3, 1>}
// CHECK-NEXT: %[[RW:[0-9a-z]+]] = dlc.resize %[[RUNITS]] {coordinate_mode = "half_pixel", mode = "linear", size = array<i64: 6, 1>} : (tensor<3x1x3x1xf32>) -> tensor<3x1x6x1xf32>
// CHECK-NEXT: %[[ROWS:[0-9a-z]+]] = dlc.reshape %[[RW]] {shape = array<i64: 3, 6>}
// CHECK: dlc.resize %{{.*}} {coordinate_mode = "half_pixel", mode = "linear", size = array<i64: 1, 8>} : (tensor<4x1x1x4xf32>) -> tensor<4x1x1x8xf32>
// CHECK: %[[CT:[0-9a-z]+]] = dlc.transpose %{{.*}} {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
// CHECK-NEXT: %[[BACKW:[0-9a-z]+]] = dlc.matmul %[[GY:[0-9a-z]+]], %[[CT]] : (tensor<1x2x6x8xf32>, tensor<8x4xf32>) -> tensor<1x2x6x4xf32>
// CHECK-NEXT: %[[GX:[0-9a-z]+]] = dlc.matmul %[[ROWS]], %[[BACKW]] : (tensor<3x6xf32>, tensor<1x2x6x4xf32>) -> tensor<1x2x3x4xf32>
// CHECK-NEXT: return %{{.*}}, %[[GX]]
func.func @resize(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x6x8xf32> {
  %y = dlc.resize %x {size = array<i64: 6, 8>, mode = "linear", coordinate_mode = "half_pixel"} : (tensor<1x2x3x4xf32>) -> tensor<1x2x6x8xf32>
  return %y : tensor<1x2x6x8xf32>
}

// -----

// Tests that causal attention's backward recomputes the probabilities with
// -inf above the diagonal (the lower triangle sheared out of padded ones),
// then gives v Pᵀ gy, and q and k the scaled products of dS = P * (gy vᵀ -
// rowsum(gy vᵀ * P)).
// CHECK-LABEL: func.func @attention_backward
// CHECK: %[[S:[0-9a-z]+]] = dlc.mul %{{.*}}, %{{.*}} : (tensor<2x3x5xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: %[[ONES:[0-9a-z]+]] = dlc.constant 1.000000e+00 : tensor<5x5xf32>
// CHECK-NEXT: dlc.pad %[[ONES]] {pads = array<i64: 0, 0, 0, 5>} : (tensor<5x5xf32>) -> tensor<5x10xf32>
// CHECK: dlc.reshape %{{.*}} {shape = array<i64: 5, 9>} : (tensor<45xf32>) -> tensor<5x9xf32>
// CHECK-NEXT: %[[KEEP:[0-9a-z]+]] = dlc.slice %{{.*}} {offsets = array<i64: 0, 4>, sizes = array<i64: 3, 5>, strides = array<i64: 1, 1>} : (tensor<5x9xf32>) -> tensor<3x5xf32>
// CHECK-NEXT: %[[NEGINF:[0-9a-z]+]] = dlc.constant 0xFFF0000000000000 : tensor<1xf32>
// CHECK-NEXT: %[[MASKED:[0-9a-z]+]] = dlc.where %[[KEEP]], %[[S]], %[[NEGINF]]
// CHECK-NEXT: %[[P:[0-9a-z]+]] = dlc.softmax %[[MASKED]] : tensor<2x3x5xf32>
// CHECK-NEXT: %[[PT:[0-9a-z]+]] = dlc.transpose %[[P]]
// CHECK-NEXT: %[[GV:[0-9a-z]+]] = dlc.matmul %[[PT]], %[[GY:[0-9a-z]+]] : (tensor<2x5x3xf32>, tensor<2x3x2xf32>) -> tensor<2x5x2xf32>
// CHECK: %[[GS:[0-9a-z]+]] = dlc.mul %[[P]], %{{.*}} : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: dlc.matmul %[[GS]], %{{.*}} : (tensor<2x3x5xf32>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[GQ:[0-9a-z]+]] = dlc.mul
// CHECK-NEXT: dlc.transpose %[[GS]]
// CHECK-NEXT: dlc.matmul
// CHECK: %[[GK:[0-9a-z]+]] = dlc.mul
// CHECK-NEXT: return %{{.*}}, %[[GQ]], %[[GK]], %[[GV]]
func.func @attention(%q: tensor<2x3x4xf32>, %k: tensor<2x5x4xf32>, %v: tensor<2x5x2xf32>) -> tensor<2x3x2xf32> {
  %y = dlc.attention %q, %k, %v {scale = 5.0e-01 : f32, causal = true} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x5x2xf32>) -> tensor<2x3x2xf32>
  return %y : tensor<2x3x2xf32>
}
