// RUN: dlc-opt %s -split-input-file --dlc-fuse-conv-bn-train | FileCheck %s

// Tests that a convolution, its batch statistics and the batch norm group
// that applies them with a ReLU (as --dlc-fuse-epilogue leaves a training
// step) become one dlc.fused with three results: the convolution's inputs,
// then scale and bias; the body keeps the batch norm's attributes. The
// backward's readers of the convolution and the statistics read the
// group's first two results, and the running mean's slice, which read the
// statistics before the batch norm, now comes after the group.
// CHECK-LABEL: func.func @conv_bn_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3x4x4xf32>, %[[W:[^:]+]]: tensor<8x3x3x3xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[DY:[^:]+]]: tensor<2x8x4x4xf32>)
// CHECK-NEXT: %[[R:.*]]:3 = dlc.fused %[[X]], %[[W]], %[[G]], %[[B]] : (tensor<2x3x4x4xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
// CHECK-NEXT: ^bb0(%[[A0:.*]]: tensor<2x3x4x4xf32>, %[[A1:.*]]: tensor<8x3x3x3xf32>, %[[A2:.*]]: tensor<8xf32>, %[[A3:.*]]: tensor<8xf32>):
// CHECK-NEXT: %[[C:.*]] = dlc.conv2d %[[A0]], %[[A1]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: %[[S:.*]] = dlc.batch_stats %[[C]] : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm_train %[[C]], %[[A2]], %[[A3]], %[[S]] {epsilon = 1.000000e-03 : f32}
// CHECK-NEXT: %[[Y:.*]] = dlc.relu %[[N]]
// CHECK-NEXT: dlc.yield %[[C]], %[[S]], %[[Y]] : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[PG:.*]] = dlc.batch_norm_param_grad %[[R]]#0, %[[DY]], %[[G]], %[[B]], %[[R]]#1 {relu = true}
// CHECK-NEXT: %[[MEAN:.*]] = dlc.slice %[[R]]#1
// CHECK-NEXT: return %[[R]]#2, %[[MEAN]], %[[PG]]
func.func @conv_bn_relu(%x: tensor<2x3x4x4xf32>, %w: tensor<8x3x3x3xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>, %dy: tensor<2x8x4x4xf32>) -> (tensor<2x8x4x4xf32>, tensor<1x8xf32>, tensor<2x8xf32>) {
  %c = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x4x4xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x4x4xf32>
  %s = dlc.batch_stats %c : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
  %mean = dlc.slice %s {offsets = array<i64: 0, 0>, sizes = array<i64: 1, 8>, strides = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<1x8xf32>
  %y = dlc.fused %c, %g, %b, %s : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32> {
  ^bb0(%a0: tensor<2x8x4x4xf32>, %a1: tensor<8xf32>, %a2: tensor<8xf32>, %a3: tensor<2x8xf32>):
    %n = dlc.batch_norm_train %a0, %a1, %a2, %a3 {epsilon = 1.0e-03 : f32} : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
    %r = dlc.relu %n : tensor<2x8x4x4xf32>
    dlc.yield %r : tensor<2x8x4x4xf32>
  }
  %pg = dlc.batch_norm_param_grad %c, %dy, %g, %b, %s {relu = true} : (tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y, %mean, %pg : tensor<2x8x4x4xf32>, tensor<1x8xf32>, tensor<2x8xf32>
}

// -----

// Tests a residual block's second batch norm: its group adds a skip that
// another convolution computes after this one, then applies a ReLU. The
// skip becomes the new group's fifth input, so the group moves after the
// skip's convolution; the bare batch norm of that convolution (no chain)
// becomes a group of its own, its last result the normalized value.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x8x4x4xf32>, %[[W:[^:]+]]: tensor<8x8x1x1xf32>, %[[V:[^:]+]]: tensor<8x8x1x1xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK-NEXT: %[[SKIP:.*]]:3 = dlc.fused %[[X]], %[[V]], %[[G]], %[[B]] :
// CHECK: dlc.conv2d
// CHECK-NEXT: dlc.batch_stats
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm_train
// CHECK-NEXT: dlc.yield %{{.*}}, %{{.*}}, %[[N]] :
// CHECK: %[[MAIN:.*]]:3 = dlc.fused %[[X]], %[[W]], %[[G]], %[[B]], %[[SKIP]]#2 :
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<2x8x4x4xf32>, %{{.*}}: tensor<8x8x1x1xf32>, %{{.*}}: tensor<8xf32>, %{{.*}}: tensor<8xf32>, %[[A4:.*]]: tensor<2x8x4x4xf32>):
// CHECK: %[[M:.*]] = dlc.batch_norm_train
// CHECK-NEXT: %[[SUM:.*]] = dlc.add %[[M]], %[[A4]]
// CHECK-NEXT: %[[Y:.*]] = dlc.relu %[[SUM]]
// CHECK-NEXT: dlc.yield %{{.*}}, %{{.*}}, %[[Y]] :
// CHECK: return %[[MAIN]]#2
func.func @residual(%x: tensor<2x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %v: tensor<8x8x1x1xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x4x4xf32> {
  %c = dlc.conv2d %x, %w : (tensor<2x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<2x8x4x4xf32>
  %s = dlc.batch_stats %c : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
  %d = dlc.conv2d %x, %v : (tensor<2x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<2x8x4x4xf32>
  %t = dlc.batch_stats %d : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
  %skip = dlc.batch_norm_train %d, %g, %b, %t : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
  %y = dlc.fused %c, %g, %b, %s, %skip : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32> {
  ^bb0(%a0: tensor<2x8x4x4xf32>, %a1: tensor<8xf32>, %a2: tensor<8xf32>, %a3: tensor<2x8xf32>, %a4: tensor<2x8x4x4xf32>):
    %n = dlc.batch_norm_train %a0, %a1, %a2, %a3 : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
    %sum = dlc.add %n, %a4 : (tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32>
    %r = dlc.relu %sum : tensor<2x8x4x4xf32>
    dlc.yield %r : tensor<2x8x4x4xf32>
  }
  return %y : tensor<2x8x4x4xf32>
}

// -----

// Tests that a batch norm is left alone when its input is not a
// convolution, or its statistics are not the batch's own (the
// convolution's statistics computed from another value).
// CHECK-LABEL: func.func @not_fused
// CHECK-NOT: dlc.fused
// CHECK: dlc.batch_norm_train %arg0
// CHECK: dlc.batch_norm_train %[[C:.*]], %{{.*}}, %{{.*}}, %[[T:[^ ]*]]
// CHECK-NOT: dlc.fused
func.func @not_fused(%x: tensor<2x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>) {
  %s = dlc.batch_stats %x : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
  %n = dlc.batch_norm_train %x, %g, %b, %s : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
  %c = dlc.conv2d %x, %w : (tensor<2x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<2x8x4x4xf32>
  %m = dlc.batch_norm_train %c, %g, %b, %s : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
  return %n, %m : tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>
}
