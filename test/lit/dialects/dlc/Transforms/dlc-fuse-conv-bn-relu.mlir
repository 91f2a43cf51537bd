// RUN: dlc-opt %s -split-input-file --dlc-fuse-conv-bn-relu | FileCheck %s

// Tests that an inference batch norm after a bias-free convolution is folded
// into new weights written as weight-only ops (w' = batch_norm of w viewed as
// [1, O, C*KH*KW] with zero mean and bias; b' = batch_norm of zeros, the
// zeros being mean - mean), and that the convolution with w', b' and the ReLU
// become one dlc.fused whose inputs are the new convolution's operands.
// CHECK-LABEL: func.func @conv_bn_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x8x8xf32>)
// CHECK-DAG: %[[W:.*]] = dlc.weight "conv1.weight" : tensor<4x3x3x3xf32>
// CHECK-DAG: %[[G:.*]] = dlc.weight "bn1.weight" : tensor<4xf32>
// CHECK-DAG: %[[BETA:.*]] = dlc.weight "bn1.bias" : tensor<4xf32>
// CHECK-DAG: %[[MEAN:.*]] = dlc.weight "bn1.running_mean" : tensor<4xf32>
// CHECK-DAG: %[[VAR:.*]] = dlc.weight "bn1.running_var" : tensor<4xf32>
// CHECK: %[[ZERO:.*]] = dlc.sub %[[MEAN]], %[[MEAN]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[W3:.*]] = dlc.reshape %[[W]] {shape = array<i64: 1, 4, 27>} : (tensor<4x3x3x3xf32>) -> tensor<1x4x27xf32>
// CHECK: %[[WBN:.*]] = dlc.batch_norm %[[W3]], %[[G]], %[[ZERO]], %[[ZERO]], %[[VAR]] : (tensor<1x4x27xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x27xf32>
// CHECK: %[[W2:.*]] = dlc.reshape %[[WBN]] {shape = array<i64: 4, 3, 3, 3>} : (tensor<1x4x27xf32>) -> tensor<4x3x3x3xf32>
// CHECK: %[[B0:.*]] = dlc.reshape %[[ZERO]] {shape = array<i64: 1, 4>} : (tensor<4xf32>) -> tensor<1x4xf32>
// CHECK: %[[BBN:.*]] = dlc.batch_norm %[[B0]], %[[G]], %[[BETA]], %[[MEAN]], %[[VAR]] : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
// CHECK: %[[B2:.*]] = dlc.reshape %[[BBN]] {shape = array<i64: 4>} : (tensor<1x4xf32>) -> tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.fused %[[X]], %[[W2]], %[[B2]] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<1x3x8x8xf32>, %[[A1:.*]]: tensor<4x3x3x3xf32>, %[[A2:.*]]: tensor<4xf32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]], %[[A2]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[C]] : tensor<1x4x8x8xf32>
// CHECK-NEXT: dlc.yield %[[R]] : tensor<1x4x8x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_bn_relu(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = dlc.weight "conv1.weight" : tensor<4x3x3x3xf32>
  %g = dlc.weight "bn1.weight" : tensor<4xf32>
  %beta = dlc.weight "bn1.bias" : tensor<4xf32>
  %mean = dlc.weight "bn1.running_mean" : tensor<4xf32>
  %var = dlc.weight "bn1.running_var" : tensor<4xf32>
  %c = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %n = dlc.batch_norm %c, %g, %beta, %mean, %var : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = dlc.relu %n : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// Tests that a convolution's own bias becomes the input of b' (instead of
// zeros), that an add of a same-shaped tensor and then a ReLU join the group,
// and that a residual on the add's left keeps its place in the body.
// CHECK-LABEL: func.func @conv_bias_bn_add_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x6x6xf32>, %[[SKIP:[^:]+]]: tensor<1x4x6x6xf32>)
// CHECK-DAG: %[[B:.*]] = dlc.weight "conv.bias" : tensor<4xf32>
// CHECK-DAG: %[[G:.*]] = dlc.weight "bn.weight" : tensor<4xf32>
// CHECK-DAG: %[[BETA:.*]] = dlc.weight "bn.bias" : tensor<4xf32>
// CHECK-DAG: %[[MEAN:.*]] = dlc.weight "bn.running_mean" : tensor<4xf32>
// CHECK-DAG: %[[VAR:.*]] = dlc.weight "bn.running_var" : tensor<4xf32>
// CHECK: %[[W2:.*]] = dlc.reshape %{{.*}} {shape = array<i64: 4, 4, 3, 3>} : (tensor<1x4x36xf32>) -> tensor<4x4x3x3xf32>
// CHECK: %[[B1:.*]] = dlc.reshape %[[B]] {shape = array<i64: 1, 4>} : (tensor<4xf32>) -> tensor<1x4xf32>
// CHECK: %[[BBN:.*]] = dlc.batch_norm %[[B1]], %[[G]], %[[BETA]], %[[MEAN]], %[[VAR]]
// CHECK: %[[B2:.*]] = dlc.reshape %[[BBN]] {shape = array<i64: 4>} : (tensor<1x4xf32>) -> tensor<4xf32>
// CHECK: %[[Y:.*]] = dlc.fused %[[X]], %[[W2]], %[[B2]], %[[SKIP]] : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<1x4x6x6xf32>, %[[A1:.*]]: tensor<4x4x3x3xf32>, %[[A2:.*]]: tensor<4xf32>, %[[A3:.*]]: tensor<1x4x6x6xf32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]], %[[A2]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: %[[S:.*]] = dlc.add %[[A3]], %[[C]] : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[S]] : tensor<1x4x6x6xf32>
// CHECK-NEXT: dlc.yield %[[R]] : tensor<1x4x6x6xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_bias_bn_add_relu(%x: tensor<1x4x6x6xf32>, %skip: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w = dlc.weight "conv.weight" : tensor<4x4x3x3xf32>
  %b = dlc.weight "conv.bias" : tensor<4xf32>
  %g = dlc.weight "bn.weight" : tensor<4xf32>
  %beta = dlc.weight "bn.bias" : tensor<4xf32>
  %mean = dlc.weight "bn.running_mean" : tensor<4xf32>
  %var = dlc.weight "bn.running_var" : tensor<4xf32>
  %c = dlc.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %n = dlc.batch_norm %c, %g, %beta, %mean, %var : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %a = dlc.add %skip, %n : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %r = dlc.relu %a : tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// Tests that the folded batch_norm ops keep the original epsilon, on both the
// weight and the bias expressions.
// CHECK-LABEL: func.func @epsilon
// CHECK: dlc.batch_norm %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<1x2x8xf32>,
// CHECK: dlc.batch_norm %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<1x2xf32>,
// CHECK: dlc.fused
// CHECK-NOT: dlc.batch_norm
func.func @epsilon(%x: tensor<1x4x5x5xf32>) -> tensor<1x2x4x4xf32> {
  %w = dlc.weight "c.weight" : tensor<2x2x2x2xf32>
  %g = dlc.weight "n.weight" : tensor<2xf32>
  %beta = dlc.weight "n.bias" : tensor<2xf32>
  %mean = dlc.weight "n.running_mean" : tensor<2xf32>
  %var = dlc.weight "n.running_var" : tensor<2xf32>
  %c = dlc.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %n = dlc.batch_norm %c, %g, %beta, %mean, %var {epsilon = 1.0e-03 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = dlc.relu %n : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// Tests that a batch norm is not folded when its convolution has another
// user (the convolution's output is needed as it is), and that the
// convolution, which then has two users, does not form a group either.
// CHECK-LABEL: func.func @conv_has_other_user
// CHECK-COUNT-5: dlc.weight
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %arg0, %0 :
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm %[[C]], %1, %2, %3, %4 :
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[N]]
// CHECK-NEXT: return %[[R]], %[[C]]
func.func @conv_has_other_user(%x: tensor<1x3x8x8xf32>) -> (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) {
  %w = dlc.weight "conv1.weight" : tensor<4x3x3x3xf32>
  %g = dlc.weight "bn1.weight" : tensor<4xf32>
  %beta = dlc.weight "bn1.bias" : tensor<4xf32>
  %mean = dlc.weight "bn1.running_mean" : tensor<4xf32>
  %var = dlc.weight "bn1.running_var" : tensor<4xf32>
  %c = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %n = dlc.batch_norm %c, %g, %beta, %mean, %var : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %r = dlc.relu %n : tensor<1x4x6x6xf32>
  return %r, %c : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
}

// -----

// Tests that a batch norm is not folded when its scale is a function argument
// rather than a model weight (w' could not be computed at compile time), and
// that the convolution then stays alone: its only user is the batch norm,
// which is not element-wise, so the ReLU after it cannot join.
// CHECK-LABEL: func.func @scale_not_a_weight
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x8x8xf32>, %[[S:[^:]+]]: tensor<4xf32>)
// CHECK-COUNT-4: dlc.weight
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[X]], %0 :
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm %[[C]], %[[S]], %1, %2, %3 :
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[N]]
// CHECK-NEXT: return %[[R]]
func.func @scale_not_a_weight(%x: tensor<1x3x8x8xf32>, %scale: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %w = dlc.weight "conv1.weight" : tensor<4x3x3x3xf32>
  %beta = dlc.weight "bn1.bias" : tensor<4xf32>
  %mean = dlc.weight "bn1.running_mean" : tensor<4xf32>
  %var = dlc.weight "bn1.running_var" : tensor<4xf32>
  %c = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %n = dlc.batch_norm %c, %scale, %beta, %mean, %var : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %r = dlc.relu %n : tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// Tests that a batch norm is not folded when the convolution's weight is a
// function argument rather than a model weight.
// CHECK-LABEL: func.func @conv_weight_not_a_weight
// CHECK-COUNT-4: dlc.weight
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %arg0, %arg1 :
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm %[[C]], %0, %1, %2, %3 :
// CHECK-NEXT: return %[[N]]
func.func @conv_weight_not_a_weight(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %g = dlc.weight "bn1.weight" : tensor<4xf32>
  %beta = dlc.weight "bn1.bias" : tensor<4xf32>
  %mean = dlc.weight "bn1.running_mean" : tensor<4xf32>
  %var = dlc.weight "bn1.running_var" : tensor<4xf32>
  %c = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %n = dlc.batch_norm %c, %g, %beta, %mean, %var : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %n : tensor<1x4x6x6xf32>
}

// -----

// Tests that a convolution followed by a ReLU forms a group without any
// batch norm, whatever its weight and bias are (here function arguments), and
// that the convolution keeps its attributes inside the group.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x9x9xf32>, %[[W:[^:]+]]: tensor<4x3x3x3xf32>, %[[B:[^:]+]]: tensor<4xf32>)
// CHECK: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]] : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<1x3x9x9xf32>, %[[A1:.*]]: tensor<4x3x3x3xf32>, %[[A2:.*]]: tensor<4xf32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]], %[[A2]] {strides = array<i64: 2, 2>} :
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[C]] : tensor<1x4x4x4xf32>
// CHECK-NEXT: dlc.yield %[[R]] : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @conv_relu(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %c = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %r = dlc.relu %c : tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

// -----

// Tests that an add of a per-channel tensor does not join a group here (this
// pass takes only a same-shaped residual; --dlc-fuse-epilogue takes the
// rest), so the ReLU after it does not either.
// CHECK-LABEL: func.func @per_channel_add
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %arg0, %arg1 :
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[C]], %arg2 : (tensor<1x4x6x6xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT: %[[R:.*]] = dlc.relu %[[A]]
// CHECK-NEXT: return %[[R]]
func.func @per_channel_add(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %shift: tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %a = dlc.add %c, %shift : (tensor<1x4x6x6xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %r = dlc.relu %a : tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// Tests that the group ends at the ReLU: an add after the ReLU (add, then
// ReLU, is the only order taken) and any later element-wise op stay outside.
// CHECK-LABEL: func.func @add_after_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x6x6xf32>, %[[W:[^:]+]]: tensor<4x4x1x1xf32>, %[[SKIP:[^:]+]]: tensor<1x4x6x6xf32>, %[[S:[^:]+]]: tensor<f32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.fused %[[X]], %[[W]] : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.conv2d
// CHECK-NEXT: %[[R:.*]] = dlc.relu
// CHECK-NEXT: dlc.yield %[[R]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[A:.*]] = dlc.add %[[Y]], %[[SKIP]]
// CHECK-NEXT: %[[M:.*]] = dlc.mul %[[A]], %[[S]]
// CHECK-NEXT: return %[[M]]
func.func @add_after_relu(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x1x1xf32>, %skip: tensor<1x4x6x6xf32>, %s: tensor<f32>) -> tensor<1x4x6x6xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %r = dlc.relu %c : tensor<1x4x6x6xf32>
  %a = dlc.add %r, %skip : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %m = dlc.mul %a, %s : (tensor<1x4x6x6xf32>, tensor<f32>) -> tensor<1x4x6x6xf32>
  return %m : tensor<1x4x6x6xf32>
}
