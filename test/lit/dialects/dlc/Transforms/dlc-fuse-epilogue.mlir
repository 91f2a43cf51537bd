// RUN: dlc-opt %s -split-input-file --dlc-fuse-epilogue | FileCheck %s

// Tests that a linear followed by an add of one value per output feature and
// a GELU becomes one dlc.fused: the inputs are the linear's operands, then
// the add's other operand, and the body repeats the ops on block arguments
// with their attributes.
// CHECK-LABEL: func.func @linear_bias_gelu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]] : (tensor<2x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<2x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x16xf32>, %[[A1:.*]]: tensor<8x16xf32>, %[[A2:.*]]: tensor<8xf32>):
// CHECK-NEXT: %[[L:.*]] = dlc.linear %[[A0]], %[[A1]] : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[L]], %[[A2]] : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[G:.*]] = dlc.gelu %[[S]] {approximate = "tanh"} : tensor<2x8xf32>
// CHECK-NEXT: dlc.yield %[[G]] : tensor<2x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @linear_bias_gelu(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %g = dlc.gelu %a {approximate = "tanh"} : tensor<2x8xf32>
  return %g : tensor<2x8xf32>
}

// -----

// Tests that a batched matmul by a shared 2-D matrix takes a per-feature add
// ([N], the last axis) and then a residual add of the result's shape, whose
// residual is the add's lhs and stays so in the body.
// CHECK-LABEL: func.func @matmul_bias_residual
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x5x16xf32>, %[[W:[^:]+]]: tensor<16x8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[RES:[^:]+]]: tensor<2x5x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]], %[[RES]] : (tensor<2x5x16xf32>, tensor<16x8xf32>, tensor<8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x5x16xf32>, %[[A1:.*]]: tensor<16x8xf32>, %[[A2:.*]]: tensor<8xf32>, %[[A3:.*]]: tensor<2x5x8xf32>):
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %[[A0]], %[[A1]] : (tensor<2x5x16xf32>, tensor<16x8xf32>) -> tensor<2x5x8xf32>
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[M]], %[[A2]] : (tensor<2x5x8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.add %[[A3]], %[[S]] : (tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
// CHECK-NEXT: dlc.yield %[[R]] : tensor<2x5x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @matmul_bias_residual(%x: tensor<2x5x16xf32>, %w: tensor<16x8xf32>, %b: tensor<8xf32>, %res: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %m = dlc.matmul %x, %w : (tensor<2x5x16xf32>, tensor<16x8xf32>) -> tensor<2x5x8xf32>
  %a = dlc.add %m, %b : (tensor<2x5x8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  %r = dlc.add %res, %a : (tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

// -----

// Tests a convolution with a unary step (clip), a per-channel step (mul by
// [1, C, 1, 1], channels being conv's axis 1) and a scalar step whose
// chained value is the rhs (t - x): the body keeps each operand order.
// CHECK-LABEL: func.func @conv_clip_scale_sub
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x6x6xf32>, %[[W:[^:]+]]: tensor<4x3x1x1xf32>, %[[S:[^:]+]]: tensor<1x4x1x1xf32>, %[[T:[^:]+]]: tensor<f32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[S]], %[[T]] : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>, tensor<1x4x1x1xf32>, tensor<f32>) -> tensor<1x4x6x6xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<1x3x6x6xf32>, %[[A1:.*]]: tensor<4x3x1x1xf32>, %[[A2:.*]]: tensor<1x4x1x1xf32>, %[[A3:.*]]: tensor<f32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]] : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: %[[K:.*]] = dlc.clip %[[C]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x4x6x6xf32>
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[K]], %[[A2]] : (tensor<1x4x6x6xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: %[[D:.*]] = dlc.sub %[[A3]], %[[M]] : (tensor<f32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: dlc.yield %[[D]] : tensor<1x4x6x6xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_clip_scale_sub(%x: tensor<1x3x6x6xf32>, %w: tensor<4x3x1x1xf32>, %s: tensor<1x4x1x1xf32>, %t: tensor<f32>) -> tensor<1x4x6x6xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32>
  %k = dlc.clip %c {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x6x6xf32>
  %m = dlc.mul %k, %s : (tensor<1x4x6x6xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %d = dlc.sub %t, %m : (tensor<f32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %d : tensor<1x4x6x6xf32>
}

// -----

// Tests that per-channel operands of rank below the result's count from the
// last axis: [C, 1, 1] is per channel of a conv and [1, 1] (one element) is a
// scalar, so both join the group.
// CHECK-LABEL: func.func @conv_short_operands
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %arg0, %arg1, %arg2, %arg3 :
// CHECK: dlc.add %{{.*}}, %{{.*}} : (tensor<1x4x6x6xf32>, tensor<4x1x1xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: dlc.div %{{.*}}, %{{.*}} : (tensor<1x4x6x6xf32>, tensor<1x1xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_short_operands(%x: tensor<1x3x6x6xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<4x1x1xf32>, %d: tensor<1x1xf32>) -> tensor<1x4x6x6xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32>
  %a = dlc.add %c, %b : (tensor<1x4x6x6xf32>, tensor<4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %q = dlc.div %a, %d : (tensor<1x4x6x6xf32>, tensor<1x1xf32>) -> tensor<1x4x6x6xf32>
  return %q : tensor<1x4x6x6xf32>
}

// -----

// Tests that a 1-D [C] operand is not per channel for a convolution: NumPy
// broadcasting aligns it with the width (axis 3), not the channels, so the
// chain is empty and nothing changes.
// CHECK-LABEL: func.func @conv_vector_is_not_per_channel
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %arg0, %arg1 :
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[C]], %arg2 : (tensor<1x4x6x4xf32>, tensor<4xf32>) -> tensor<1x4x6x4xf32>
// CHECK-NEXT: return %[[A]]
func.func @conv_vector_is_not_per_channel(%x: tensor<1x3x6x4xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<4xf32>) -> tensor<1x4x6x4xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x3x6x4xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x4xf32>
  %a = dlc.add %c, %b : (tensor<1x4x6x4xf32>, tensor<4xf32>) -> tensor<1x4x6x4xf32>
  return %a : tensor<1x4x6x4xf32>
}

// -----

// Tests that the chain stops after the first op whose result has two users:
// that op joins the group (the group's result is then used twice), the next
// ones stay outside.
// CHECK-LABEL: func.func @stops_at_two_users
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]] :
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.linear
// CHECK-NEXT: %[[S:.*]] = dlc.add
// CHECK-NEXT: dlc.yield %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[T:.*]] = dlc.tanh %[[Y]] : tensor<2x8xf32>
// CHECK-NEXT: %[[N:.*]] = dlc.neg %[[T]] : tensor<2x8xf32>
// CHECK-NEXT: return %[[N]], %[[Y]]
func.func @stops_at_two_users(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %t = dlc.tanh %a : tensor<2x8xf32>
  %n = dlc.neg %t : tensor<2x8xf32>
  return %n, %a : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Tests that SiLU as exported (x * sigmoid(x)) joins the convolution: the
// mul reads the convolution's value inside the body, an earlier value of
// the chain, and adds no group input.
// CHECK-LABEL: func.func @conv_silu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x6x6xf32>, %[[W:[^:]+]]: tensor<4x3x1x1xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]] : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<1x3x6x6xf32>, %[[A1:.*]]: tensor<4x3x1x1xf32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]]
// CHECK-NEXT: %[[S:.*]] = dlc.sigmoid %[[C]]
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[C]], %[[S]]
// CHECK-NEXT: dlc.yield %[[M]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_silu(%x: tensor<1x3x6x6xf32>, %w: tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x6x6xf32>
  %s = dlc.sigmoid %c : tensor<1x4x6x6xf32>
  %m = dlc.mul %c, %s : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %m : tensor<1x4x6x6xf32>
}

// -----

// Tests that a step may read any earlier value of the chain, not only the
// producer's: the mul reads the add's result two steps back, and the next
// step's operand is again a group input.
// CHECK-LABEL: func.func @reads_earlier_step
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[R:[^:]+]]: tensor<2x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]], %[[R]] :
// CHECK-NEXT: ^bb0(%[[A0:[^:]+]]: tensor<2x16xf32>, %[[A1:[^:]+]]: tensor<8x16xf32>, %[[A2:[^:]+]]: tensor<8xf32>, %[[A3:[^:]+]]: tensor<2x8xf32>):
// CHECK-NEXT: %[[L:.*]] = dlc.linear %[[A0]], %[[A1]]
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[L]], %[[A2]]
// CHECK-NEXT: %[[T:.*]] = dlc.tanh %[[S]]
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[S]], %[[T]]
// CHECK-NEXT: %[[D:.*]] = dlc.add %[[M]], %[[A3]]
// CHECK-NEXT: dlc.yield %[[D]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @reads_earlier_step(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>, %r: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %t = dlc.tanh %a : tensor<2x8xf32>
  %m = dlc.mul %a, %t : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %d = dlc.add %m, %r : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %d : tensor<2x8xf32>
}

// -----

// Tests that a value of the chain read after it ends the chain at that
// value: %a is returned, so the group stops at the add, and the tanh and
// the mul that reads %a stay outside (inside, %a would never be stored).
// CHECK-LABEL: func.func @earlier_value_read_outside
// CHECK: %[[Y:.*]] = dlc.fused
// CHECK: dlc.add
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[T:.*]] = dlc.tanh %[[Y]]
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[Y]], %[[T]]
// CHECK-NEXT: return %[[M]], %[[Y]]
func.func @earlier_value_read_outside(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %t = dlc.tanh %a : tensor<2x8xf32>
  %m = dlc.mul %a, %t : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %m, %a : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Tests that a binary op whose result is larger than the producer's (the
// other operand broadcasts it to a batch of 3) does not join: the group would
// no longer compute one value per producer output.
// CHECK-LABEL: func.func @broadcast_grows_shape
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %arg0, %arg1 :
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[M]], %arg2 : (tensor<1x5x8xf32>, tensor<3x5x8xf32>) -> tensor<3x5x8xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[A]]
// CHECK-NEXT: return %[[R]]
func.func @broadcast_grows_shape(%x: tensor<1x5x16xf32>, %w: tensor<16x8xf32>, %y: tensor<3x5x8xf32>) -> tensor<3x5x8xf32> {
  %m = dlc.matmul %x, %w : (tensor<1x5x16xf32>, tensor<16x8xf32>) -> tensor<1x5x8xf32>
  %a = dlc.add %m, %y : (tensor<1x5x8xf32>, tensor<3x5x8xf32>) -> tensor<3x5x8xf32>
  %r = dlc.relu %a : tensor<3x5x8xf32>
  return %r : tensor<3x5x8xf32>
}

// -----

// Tests that dlc.broadcast, which grows the shape and is not element-wise,
// stops the chain before it.
// CHECK-LABEL: func.func @broadcast_op_stops
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %arg0, %arg1 :
// CHECK: dlc.relu
// CHECK-NEXT: dlc.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[B:.*]] = dlc.broadcast %[[Y]] {shape = array<i64: 3, 2, 8>}
// CHECK-NEXT: %[[N:.*]] = dlc.neg %[[B]]
// CHECK-NEXT: return %[[N]]
func.func @broadcast_op_stops(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>) -> tensor<3x2x8xf32> {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %r = dlc.relu %l : tensor<2x8xf32>
  %b = dlc.broadcast %r {shape = array<i64: 3, 2, 8>} : (tensor<2x8xf32>) -> tensor<3x2x8xf32>
  %n = dlc.neg %b : tensor<3x2x8xf32>
  return %n : tensor<3x2x8xf32>
}

// -----

// Tests that a binary op whose other operand is neither of the result's
// shape, nor one value per feature (the last axis of a matmul), nor a scalar
// stops the chain: here [S, 1], one value per row. The mul after it does not
// join either.
// CHECK-LABEL: func.func @per_row_operand
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %arg0, %arg1 :
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[M]], %arg2 : (tensor<2x5x8xf32>, tensor<5x1xf32>) -> tensor<2x5x8xf32>
// CHECK-NEXT: %[[P:.*]] = dlc.mul %[[A]], %arg3
// CHECK-NEXT: return %[[P]]
func.func @per_row_operand(%x: tensor<2x5x16xf32>, %w: tensor<16x8xf32>, %rows: tensor<5x1xf32>, %s: tensor<f32>) -> tensor<2x5x8xf32> {
  %m = dlc.matmul %x, %w : (tensor<2x5x16xf32>, tensor<16x8xf32>) -> tensor<2x5x8xf32>
  %a = dlc.add %m, %rows : (tensor<2x5x8xf32>, tensor<5x1xf32>) -> tensor<2x5x8xf32>
  %p = dlc.mul %a, %s : (tensor<2x5x8xf32>, tensor<f32>) -> tensor<2x5x8xf32>
  return %p : tensor<2x5x8xf32>
}

// -----

// Tests that an op that is not element-wise (softmax) ends the chain: the
// add before it joins, the softmax and the mul after it do not.
// CHECK-LABEL: func.func @softmax_stops
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %arg0, %arg1, %arg2 :
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.linear
// CHECK-NEXT: %[[S:.*]] = dlc.add
// CHECK-NEXT: dlc.yield %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[P:.*]] = dlc.softmax %[[Y]] : tensor<2x8xf32>
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[P]], %arg2
// CHECK-NEXT: return %[[M]]
func.func @softmax_stops(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %p = dlc.softmax %a : tensor<2x8xf32>
  %m = dlc.mul %p, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %m : tensor<2x8xf32>
}

// -----

// Tests that producers without an element-wise user stay as they are: a
// matmul read by a softmax, a linear returned directly, a conv with two
// users, and a mul that reads the producer twice (x * x).
// CHECK-LABEL: func.func @no_epilogue
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %arg0, %arg1 :
// CHECK-NEXT: %[[P:.*]] = dlc.softmax %[[M]]
// CHECK-NEXT: %[[L:.*]] = dlc.linear %arg2, %arg3 :
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %arg4, %arg5 :
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[C]]
// CHECK-NEXT: %[[Q:.*]] = dlc.mul %[[L]], %[[L]]
// CHECK-NEXT: return %[[P]], %[[Q]], %[[R]], %[[C]]
func.func @no_epilogue(%a: tensor<4x6xf32>, %b: tensor<6x6xf32>, %x: tensor<2x16xf32>, %w: tensor<8x16xf32>,
                       %img: tensor<1x3x4x4xf32>, %k: tensor<2x3x1x1xf32>)
    -> (tensor<4x6xf32>, tensor<2x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %m = dlc.matmul %a, %b : (tensor<4x6xf32>, tensor<6x6xf32>) -> tensor<4x6xf32>
  %p = dlc.softmax %m : tensor<4x6xf32>
  %l = dlc.linear %x, %w : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %c = dlc.conv2d %img, %k : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = dlc.relu %c : tensor<1x2x4x4xf32>
  %q = dlc.mul %l, %l : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p, %q, %r, %c : tensor<4x6xf32>, tensor<2x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Tests that a value read both by the producer and by a chain op (x is the
// linear's input and its residual, K == M) becomes two group inputs, each
// with its own block argument.
// CHECK-LABEL: func.func @same_value_twice
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x8xf32>, %[[W:[^:]+]]: tensor<8x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[X]] : (tensor<2x8xf32>, tensor<8x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x8xf32>, %[[A1:.*]]: tensor<8x8xf32>, %[[A2:.*]]: tensor<2x8xf32>):
// CHECK-NEXT: %[[L:.*]] = dlc.linear %[[A0]], %[[A1]] :
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[L]], %[[A2]] :
// CHECK-NEXT: dlc.yield %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @same_value_twice(%x: tensor<2x8xf32>, %w: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %l = dlc.linear %x, %w : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %a = dlc.add %l, %x : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %a : tensor<2x8xf32>
}

// -----

// Tests that an add of two producers' results joins the chain of the first
// producer in program order (through its ReLU), with the second producer's
// result as a group input; the second producer, whose only user is now the
// group, stays alone.
// CHECK-LABEL: func.func @two_producers
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x8xf32>, %[[W1:[^:]+]]: tensor<8x8xf32>, %[[W2:[^:]+]]: tensor<8x8xf32>)
// CHECK-NEXT: %[[L2:.*]] = dlc.linear %[[X]], %[[W2]] : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W1]], %[[L2]] : (tensor<2x8xf32>, tensor<8x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x8xf32>, %[[A1:.*]]: tensor<8x8xf32>, %[[A2:.*]]: tensor<2x8xf32>):
// CHECK-NEXT: %[[L1:.*]] = dlc.linear %[[A0]], %[[A1]] :
// CHECK-NEXT: %[[H:.*]] = dlc.relu %[[L1]] :
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[A2]], %[[H]] :
// CHECK-NEXT: dlc.yield %[[S]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @two_producers(%x: tensor<2x8xf32>, %w1: tensor<8x8xf32>, %w2: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %l1 = dlc.linear %x, %w1 : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %h = dlc.relu %l1 : tensor<2x8xf32>
  %l2 = dlc.linear %x, %w2 : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %y = dlc.add %l2, %h : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Tests that a producer reading one value twice (x * x as a matmul) reads
// two block arguments, one per operand position.
// CHECK-LABEL: func.func @producer_reads_value_twice
// CHECK: dlc.fused %arg0, %arg0 : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32> {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<8x8xf32>, %[[B:.*]]: tensor<8x8xf32>):
// CHECK-NEXT: %[[M:.*]] = dlc.matmul %[[A]], %[[B]] :
// CHECK-NEXT: dlc.relu %[[M]]
func.func @producer_reads_value_twice(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %m = dlc.matmul %x, %x : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r = dlc.relu %m : tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

// -----

// Tests that a group formed earlier (conv + relu, as --dlc-fuse-conv-bn-relu
// builds) is extended by the element-wise ops after it: its body, then the
// new steps reading new inputs after the old ones.
// CHECK-LABEL: func.func @extends_group
// CHECK: %[[G:.*]] = dlc.fused %arg0, %arg1, %arg2, %arg3 : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<8x8x3x3xf32>, %[[S:.*]]: tensor<1x8x4x4xf32>, %[[C:.*]]: tensor<8x1x1xf32>):
// CHECK-NEXT: %[[V:.*]] = dlc.conv2d %[[X]], %[[W]]
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[V]]
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[S]], %[[R]]
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[A]], %[[C]]
// CHECK-NEXT: dlc.yield %[[M]]
// CHECK-NOT: dlc.fused
// CHECK: return %[[G]]
func.func @extends_group(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x3x3xf32>, %skip: tensor<1x8x4x4xf32>, %scale: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %g = dlc.fused %x, %w : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x4x4xf32> {
  ^bb0(%a: tensor<1x8x4x4xf32>, %b: tensor<8x8x3x3xf32>):
    %c = dlc.conv2d %a, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x4x4xf32>
    %r = dlc.relu %c : tensor<1x8x4x4xf32>
    dlc.yield %r : tensor<1x8x4x4xf32>
  }
  %s = dlc.add %skip, %g : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %m = dlc.mul %s, %scale : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %m : tensor<1x8x4x4xf32>
}

// -----

// Tests that a training batch norm takes the residual add and the ReLU
// after it (the forward's normalization, skip connection and activation in
// one pass over the tensor).
// CHECK-LABEL: func.func @batch_norm_train_residual_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<8x16x4x4xf32>, %[[S:[^:]+]]: tensor<16xf32>, %[[B:[^:]+]]: tensor<16xf32>, %[[ST:[^:]+]]: tensor<2x16xf32>, %[[RES:[^:]+]]: tensor<8x16x4x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[S]], %[[B]], %[[ST]], %[[RES]]
// CHECK-NEXT: ^bb0(%[[A0:[^:]+]]: tensor<8x16x4x4xf32>, %[[A1:[^:]+]]: tensor<16xf32>, %[[A2:[^:]+]]: tensor<16xf32>, %[[A3:[^:]+]]: tensor<2x16xf32>, %[[A4:[^:]+]]: tensor<8x16x4x4xf32>):
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm_train %[[A0]], %[[A1]], %[[A2]], %[[A3]]
// CHECK-NEXT: %[[SUM:.*]] = dlc.add %[[N]], %[[A4]]
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[SUM]]
// CHECK-NEXT: dlc.yield %[[R]]
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @batch_norm_train_residual_relu(%x: tensor<8x16x4x4xf32>, %scale: tensor<16xf32>, %bias: tensor<16xf32>, %stats: tensor<2x16xf32>, %res: tensor<8x16x4x4xf32>) -> tensor<8x16x4x4xf32> {
  %n = dlc.batch_norm_train %x, %scale, %bias, %stats {epsilon = 1.0e-05 : f32}
      : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<2x16xf32>) -> tensor<8x16x4x4xf32>
  %a = dlc.add %n, %res : (tensor<8x16x4x4xf32>, tensor<8x16x4x4xf32>) -> tensor<8x16x4x4xf32>
  %r = dlc.relu %a : tensor<8x16x4x4xf32>
  return %r : tensor<8x16x4x4xf32>
}
