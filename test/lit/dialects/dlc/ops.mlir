// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s
// Round-trips every dlc op through the custom assembly format: printing and
// re-parsing keeps operands, attributes and types.

// Tests that dlc.weight keeps its name and any supported element type.
// CHECK-LABEL: func.func @weight
func.func @weight() -> (tensor<6x1x5x5xf32>, tensor<3xi64>) {
  // CHECK: dlc.weight "conv1.weight" : tensor<6x1x5x5xf32>
  %0 = dlc.weight "conv1.weight" : tensor<6x1x5x5xf32>
  // CHECK: dlc.weight "shape" : tensor<3xi64>
  %1 = dlc.weight "shape" : tensor<3xi64>
  return %0, %1 : tensor<6x1x5x5xf32>, tensor<3xi64>
}

// Tests that dlc.conv2d without bias and without attributes keeps the
// defaults implicit.
// CHECK-LABEL: func.func @conv2d_defaults
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x1x32x32xf32>, %[[W:[^:]+]]: tensor<6x1x5x5xf32>)
func.func @conv2d_defaults(%x: tensor<1x1x32x32xf32>, %w: tensor<6x1x5x5xf32>) -> tensor<1x6x28x28xf32> {
  // CHECK: dlc.conv2d %[[X]], %[[W]] : (tensor<1x1x32x32xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x28x28xf32>
  %0 = dlc.conv2d %x, %w : (tensor<1x1x32x32xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x28x28xf32>
  return %0 : tensor<1x6x28x28xf32>
}

// Tests that dlc.conv2d keeps its bias and every attribute.
// CHECK-LABEL: func.func @conv2d_all_attributes
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4x17x16xf32>, %[[W:[^:]+]]: tensor<8x2x3x3xf32>, %[[B:[^:]+]]: tensor<8xf32>)
func.func @conv2d_all_attributes(%x: tensor<2x4x17x16xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x8x7xf32> {
  // CHECK: dlc.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 2, 2>, groups = 2 : i64, padding = array<i64: 1, 2, 1, 0>, strides = array<i64: 2, 2>} : (tensor<2x4x17x16xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x7xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 2, 1, 0>,
                              dilations = array<i64: 2, 2>, groups = 2 : i64}
      : (tensor<2x4x17x16xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x7xf32>
  return %0 : tensor<2x8x8x7xf32>
}

// Tests that dlc.conv2d accepts a dynamic batch and keeps it dynamic.
// CHECK-LABEL: func.func @conv2d_dynamic_batch
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3x8x8xf32>, %[[W:[^:]+]]: tensor<4x3x3x3xf32>)
func.func @conv2d_dynamic_batch(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x8x8xf32> {
  // CHECK: dlc.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x8x8xf32>
  %0 = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x8x8xf32>
  return %0 : tensor<?x4x8x8xf32>
}

// Tests that dlc.max_pool2d keeps kernel, strides and padding.
// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x6x28x28xf32>)
func.func @max_pool2d(%x: tensor<1x6x28x28xf32>) -> (tensor<1x6x14x14xf32>, tensor<1x6x15x15xf32>) {
  // CHECK: dlc.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  %0 = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  // CHECK: dlc.max_pool2d %[[X]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  %1 = dlc.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  // CHECK: dlc.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x15x15xf32>
  %2 = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x15x15xf32>
  %3 = dlc.add %0, %1 : (tensor<1x6x14x14xf32>, tensor<1x6x14x14xf32>) -> tensor<1x6x14x14xf32>
  return %3, %2 : tensor<1x6x14x14xf32>, tensor<1x6x15x15xf32>
}

// Tests that dlc.avg_pool2d keeps count_include_pad, and omits it when false.
// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x6x28x28xf32>)
func.func @avg_pool2d(%x: tensor<?x6x28x28xf32>) -> (tensor<?x6x14x14xf32>, tensor<?x6x28x28xf32>) {
  // CHECK: dlc.avg_pool2d %[[X]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  %0 = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  // CHECK: dlc.avg_pool2d %[[X]] {count_include_pad = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x28x28xf32>
  %1 = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<?x6x28x28xf32>) -> tensor<?x6x28x28xf32>
  return %0, %1 : tensor<?x6x14x14xf32>, tensor<?x6x28x28xf32>
}

// Tests that the element-wise activations keep their type.
// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16x10x10xf32>)
func.func @activations(%x: tensor<?x16x10x10xf32>) -> tensor<?x16x10x10xf32> {
  // CHECK: %[[R:.*]] = dlc.relu %[[X]] : tensor<?x16x10x10xf32>
  %0 = dlc.relu %x : tensor<?x16x10x10xf32>
  // CHECK: %[[T:.*]] = dlc.tanh %[[R]] : tensor<?x16x10x10xf32>
  %1 = dlc.tanh %0 : tensor<?x16x10x10xf32>
  // CHECK: dlc.sigmoid %[[T]] : tensor<?x16x10x10xf32>
  %2 = dlc.sigmoid %1 : tensor<?x16x10x10xf32>
  return %2 : tensor<?x16x10x10xf32>
}

// Tests that dlc.add round-trips with equal shapes and with broadcasting
// (a lower rank, size-1 dimensions on either side, a dynamic batch).
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:[^:]+]]: tensor<4x10xf32>, %[[B:[^:]+]]: tensor<10xf32>, %[[C:[^:]+]]: tensor<4x1xf32>, %[[D:[^:]+]]: tensor<1x10xf32>, %[[E:[^:]+]]: tensor<?x3x1x1xf32>, %[[F:[^:]+]]: tensor<3x5x5xf32>)
func.func @add(%a: tensor<4x10xf32>, %b: tensor<10xf32>, %c: tensor<4x1xf32>,
               %d: tensor<1x10xf32>, %e: tensor<?x3x1x1xf32>, %f: tensor<3x5x5xf32>)
    -> (tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>) {
  // CHECK: dlc.add %[[A]], %[[A]] : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4x10xf32>
  %0 = dlc.add %a, %a : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.add %[[A]], %[[B]] : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  %1 = dlc.add %a, %b : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.add %[[C]], %[[D]] : (tensor<4x1xf32>, tensor<1x10xf32>) -> tensor<4x10xf32>
  %2 = dlc.add %c, %d : (tensor<4x1xf32>, tensor<1x10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.add %[[E]], %[[F]] : (tensor<?x3x1x1xf32>, tensor<3x5x5xf32>) -> tensor<?x3x5x5xf32>
  %3 = dlc.add %e, %f : (tensor<?x3x1x1xf32>, tensor<3x5x5xf32>) -> tensor<?x3x5x5xf32>
  return %0, %1, %2, %3 : tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>
}

// Tests that dlc.linear round-trips with and without bias.
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x400xf32>, %[[W:[^:]+]]: tensor<120x400xf32>, %[[B:[^:]+]]: tensor<120xf32>)
func.func @linear(%x: tensor<?x400xf32>, %w: tensor<120x400xf32>, %b: tensor<120xf32>)
    -> (tensor<?x120xf32>, tensor<?x120xf32>) {
  // CHECK: dlc.linear %[[X]], %[[W]], %[[B]] : (tensor<?x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<?x120xf32>
  %0 = dlc.linear %x, %w, %b : (tensor<?x400xf32>, tensor<120x400xf32>, tensor<120xf32>) -> tensor<?x120xf32>
  // CHECK: dlc.linear %[[X]], %[[W]] : (tensor<?x400xf32>, tensor<120x400xf32>) -> tensor<?x120xf32>
  %1 = dlc.linear %x, %w : (tensor<?x400xf32>, tensor<120x400xf32>) -> tensor<?x120xf32>
  return %0, %1 : tensor<?x120xf32>, tensor<?x120xf32>
}

// Tests that dlc.reshape keeps its shape attribute, including -1 (inferred),
// 0 (copied) and a dynamic batch carried by 0 or by -1.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x16x5x5xf32>, %[[Y:[^:]+]]: tensor<?x16x5x5xf32>)
func.func @reshape(%x: tensor<1x16x5x5xf32>, %y: tensor<?x16x5x5xf32>)
    -> (tensor<1x400xf32>, tensor<1x16x25xf32>, tensor<2x8x25xf32>, tensor<?x400xf32>, tensor<?x16x25xf32>) {
  // CHECK: dlc.reshape %[[X]] {shape = array<i64: 1, -1>} : (tensor<1x16x5x5xf32>) -> tensor<1x400xf32>
  %0 = dlc.reshape %x {shape = array<i64: 1, -1>} : (tensor<1x16x5x5xf32>) -> tensor<1x400xf32>
  // CHECK: dlc.reshape %[[X]] {shape = array<i64: 0, 0, 25>} : (tensor<1x16x5x5xf32>) -> tensor<1x16x25xf32>
  %1 = dlc.reshape %x {shape = array<i64: 0, 0, 25>} : (tensor<1x16x5x5xf32>) -> tensor<1x16x25xf32>
  // CHECK: dlc.reshape %[[X]] {shape = array<i64: 2, 8, 25>} : (tensor<1x16x5x5xf32>) -> tensor<2x8x25xf32>
  %2 = dlc.reshape %x {shape = array<i64: 2, 8, 25>} : (tensor<1x16x5x5xf32>) -> tensor<2x8x25xf32>
  // CHECK: dlc.reshape %[[Y]] {shape = array<i64: 0, -1>} : (tensor<?x16x5x5xf32>) -> tensor<?x400xf32>
  %3 = dlc.reshape %y {shape = array<i64: 0, -1>} : (tensor<?x16x5x5xf32>) -> tensor<?x400xf32>
  // CHECK: dlc.reshape %[[Y]] {shape = array<i64: -1, 16, 25>} : (tensor<?x16x5x5xf32>) -> tensor<?x16x25xf32>
  %4 = dlc.reshape %y {shape = array<i64: -1, 16, 25>} : (tensor<?x16x5x5xf32>) -> tensor<?x16x25xf32>
  return %0, %1, %2, %3, %4 : tensor<1x400xf32>, tensor<1x16x25xf32>, tensor<2x8x25xf32>, tensor<?x400xf32>, tensor<?x16x25xf32>
}

// Tests that dlc.softmax keeps a given axis and leaves the default (-1)
// implicit.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10xf32>)
func.func @softmax(%x: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  // CHECK: dlc.softmax %[[X]] {axis = 0 : i64} : tensor<?x10xf32>
  %0 = dlc.softmax %x {axis = 0 : i64} : tensor<?x10xf32>
  // CHECK: dlc.softmax %[[X]] : tensor<?x10xf32>
  %1 = dlc.softmax %x : tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}

// Tests that the element-wise functions without parameters keep their type.
// CHECK-LABEL: func.func @unary_functions
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16x10x10xf32>)
func.func @unary_functions(%x: tensor<?x16x10x10xf32>) -> tensor<?x16x10x10xf32> {
  // CHECK: %[[A:.*]] = dlc.exp %[[X]] : tensor<?x16x10x10xf32>
  %0 = dlc.exp %x : tensor<?x16x10x10xf32>
  // CHECK: %[[B:.*]] = dlc.log %[[A]] : tensor<?x16x10x10xf32>
  %1 = dlc.log %0 : tensor<?x16x10x10xf32>
  // CHECK: %[[C:.*]] = dlc.sqrt %[[B]] : tensor<?x16x10x10xf32>
  %2 = dlc.sqrt %1 : tensor<?x16x10x10xf32>
  // CHECK: %[[D:.*]] = dlc.erf %[[C]] : tensor<?x16x10x10xf32>
  %3 = dlc.erf %2 : tensor<?x16x10x10xf32>
  // CHECK: %[[E:.*]] = dlc.neg %[[D]] : tensor<?x16x10x10xf32>
  %4 = dlc.neg %3 : tensor<?x16x10x10xf32>
  // CHECK: %[[F:.*]] = dlc.abs %[[E]] : tensor<?x16x10x10xf32>
  %5 = dlc.abs %4 : tensor<?x16x10x10xf32>
  // CHECK: %[[G:.*]] = dlc.silu %[[F]] : tensor<?x16x10x10xf32>
  %6 = dlc.silu %5 : tensor<?x16x10x10xf32>
  // CHECK: %[[H:.*]] = dlc.softplus %[[G]] : tensor<?x16x10x10xf32>
  %7 = dlc.softplus %6 : tensor<?x16x10x10xf32>
  // CHECK: dlc.hard_swish %[[H]] : tensor<?x16x10x10xf32>
  %8 = dlc.hard_swish %7 : tensor<?x16x10x10xf32>
  return %8 : tensor<?x16x10x10xf32>
}

// Tests that dlc.leaky_relu, dlc.elu and dlc.hard_sigmoid keep a given alpha
// and beta and leave the defaults (0.01; 1.0; 0.2 and 0.5) implicit, also
// when they are spelled out.
// CHECK-LABEL: func.func @param_unary
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>)
func.func @param_unary(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
    tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: dlc.leaky_relu %[[X]] : tensor<2x3xf32>
  %0 = dlc.leaky_relu %x : tensor<2x3xf32>
  // CHECK: dlc.leaky_relu %[[X]] : tensor<2x3xf32>
  %1 = dlc.leaky_relu %x {alpha = 0.01 : f32} : tensor<2x3xf32>
  // CHECK: dlc.leaky_relu %[[X]] {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
  %2 = dlc.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3xf32>
  // CHECK: dlc.elu %[[X]] : tensor<2x3xf32>
  %3 = dlc.elu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
  // CHECK: dlc.elu %[[X]] {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
  %4 = dlc.elu %x {alpha = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: dlc.hard_sigmoid %[[X]] : tensor<2x3xf32>
  %5 = dlc.hard_sigmoid %x : tensor<2x3xf32>
  // CHECK: dlc.hard_sigmoid %[[X]] : tensor<2x3xf32>
  %6 = dlc.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: dlc.hard_sigmoid %[[X]] {alpha = 1.250000e-01 : f32} : tensor<2x3xf32>
  %7 = dlc.hard_sigmoid %x {alpha = 0.125 : f32} : tensor<2x3xf32>
  // CHECK: dlc.hard_sigmoid %[[X]] {alpha = 1.250000e-01 : f32, beta = 2.500000e-01 : f32} : tensor<2x3xf32>
  %8 = dlc.hard_sigmoid %x {beta = 0.25 : f32, alpha = 0.125 : f32} : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
      tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// Tests that dlc.clip keeps each bound it has (none, min only, max only,
// both, min == max).
// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x4xf32>)
func.func @clip(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  // CHECK: dlc.clip %[[X]] : tensor<?x4xf32>
  %0 = dlc.clip %x : tensor<?x4xf32>
  // CHECK: dlc.clip %[[X]] {min = -1.000000e+00 : f32} : tensor<?x4xf32>
  %1 = dlc.clip %x {min = -1.0 : f32} : tensor<?x4xf32>
  // CHECK: dlc.clip %[[X]] {max = 6.000000e+00 : f32} : tensor<?x4xf32>
  %2 = dlc.clip %x {max = 6.0 : f32} : tensor<?x4xf32>
  // CHECK: dlc.clip %[[X]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<?x4xf32>
  %3 = dlc.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<?x4xf32>
  // CHECK: dlc.clip %[[X]] {max = 2.000000e+00 : f32, min = 2.000000e+00 : f32} : tensor<?x4xf32>
  %4 = dlc.clip %x {min = 2.0 : f32, max = 2.0 : f32} : tensor<?x4xf32>
  return %0, %1, %2, %3, %4 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// Tests that dlc.gelu keeps approximate = "tanh" and leaves the default
// ("none") implicit, also when it is spelled out.
// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x16x768xf32>)
func.func @gelu(%x: tensor<1x16x768xf32>) -> (tensor<1x16x768xf32>, tensor<1x16x768xf32>, tensor<1x16x768xf32>) {
  // CHECK: dlc.gelu %[[X]] : tensor<1x16x768xf32>
  %0 = dlc.gelu %x : tensor<1x16x768xf32>
  // CHECK: dlc.gelu %[[X]] : tensor<1x16x768xf32>
  %1 = dlc.gelu %x {approximate = "none"} : tensor<1x16x768xf32>
  // CHECK: dlc.gelu %[[X]] {approximate = "tanh"} : tensor<1x16x768xf32>
  %2 = dlc.gelu %x {approximate = "tanh"} : tensor<1x16x768xf32>
  return %0, %1, %2 : tensor<1x16x768xf32>, tensor<1x16x768xf32>, tensor<1x16x768xf32>
}

// Tests that dlc.sub, dlc.mul, dlc.div, dlc.pow, dlc.min and dlc.max
// round-trip with broadcasting as dlc.add does (a lower rank, size-1
// dimensions on either side, a dynamic batch).
// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:[^:]+]]: tensor<4x10xf32>, %[[B:[^:]+]]: tensor<10xf32>, %[[C:[^:]+]]: tensor<4x1xf32>, %[[D:[^:]+]]: tensor<1x10xf32>, %[[E:[^:]+]]: tensor<?x3x1x1xf32>, %[[F:[^:]+]]: tensor<3x5x5xf32>)
func.func @binary(%a: tensor<4x10xf32>, %b: tensor<10xf32>, %c: tensor<4x1xf32>,
                  %d: tensor<1x10xf32>, %e: tensor<?x3x1x1xf32>, %f: tensor<3x5x5xf32>)
    -> (tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>) {
  // CHECK: dlc.sub %[[A]], %[[A]] : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4x10xf32>
  %0 = dlc.sub %a, %a : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.mul %[[A]], %[[B]] : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  %1 = dlc.mul %a, %b : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.div %[[C]], %[[D]] : (tensor<4x1xf32>, tensor<1x10xf32>) -> tensor<4x10xf32>
  %2 = dlc.div %c, %d : (tensor<4x1xf32>, tensor<1x10xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.pow %[[E]], %[[F]] : (tensor<?x3x1x1xf32>, tensor<3x5x5xf32>) -> tensor<?x3x5x5xf32>
  %3 = dlc.pow %e, %f : (tensor<?x3x1x1xf32>, tensor<3x5x5xf32>) -> tensor<?x3x5x5xf32>
  // CHECK: dlc.min %[[B]], %[[C]] : (tensor<10xf32>, tensor<4x1xf32>) -> tensor<4x10xf32>
  %4 = dlc.min %b, %c : (tensor<10xf32>, tensor<4x1xf32>) -> tensor<4x10xf32>
  // CHECK: dlc.max %[[F]], %[[E]] : (tensor<3x5x5xf32>, tensor<?x3x1x1xf32>) -> tensor<?x3x5x5xf32>
  %5 = dlc.max %f, %e : (tensor<3x5x5xf32>, tensor<?x3x1x1xf32>) -> tensor<?x3x5x5xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>, tensor<4x10xf32>, tensor<?x3x5x5xf32>
}

// Tests that dlc.batch_norm keeps its five operands and a given epsilon,
// leaves the default (1e-5) implicit, and accepts a dynamic batch and a
// 2-D input.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x8x4x4xf32>, %[[S:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[M:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>, %[[Y:[^:]+]]: tensor<2x8xf32>)
func.func @batch_norm(%x: tensor<?x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>,
                      %v: tensor<8xf32>, %y: tensor<2x8xf32>)
    -> (tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<2x8xf32>) {
  // CHECK: dlc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %0 = dlc.batch_norm %x, %s, %b, %m, %v : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %1 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %2 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-03 : f32} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.batch_norm %[[Y]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %3 = dlc.batch_norm %y, %s, %b, %m, %v : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0, %1, %2, %3 : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<2x8xf32>
}

// Tests that dlc.concat keeps its inputs and axis (required, so always
// printed): two and three inputs, a negative axis, one input, and the
// dynamic batch axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:[^:]+]]: tensor<?x8x4x4xf32>, %[[B:[^:]+]]: tensor<?x16x4x4xf32>, %[[C:[^:]+]]: tensor<2x3xf32>)
func.func @concat(%a: tensor<?x8x4x4xf32>, %b: tensor<?x16x4x4xf32>, %c: tensor<2x3xf32>)
    -> (tensor<?x24x4x4xf32>, tensor<6x3xf32>, tensor<2x6xf32>, tensor<2x3xf32>, tensor<?x8x4x4xf32>) {
  // CHECK: dlc.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<?x8x4x4xf32>, tensor<?x16x4x4xf32>) -> tensor<?x24x4x4xf32>
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<?x8x4x4xf32>, tensor<?x16x4x4xf32>) -> tensor<?x24x4x4xf32>
  // CHECK: dlc.concat %[[C]], %[[C]], %[[C]] {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  %1 = dlc.concat %c, %c, %c {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  // CHECK: dlc.concat %[[C]], %[[C]] {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  %2 = dlc.concat %c, %c {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  // CHECK: dlc.concat %[[C]] {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = dlc.concat %c {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.concat %[[A]], %[[A]] {axis = 0 : i64} : (tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  %4 = dlc.concat %a, %a {axis = 0 : i64} : (tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  return %0, %1, %2, %3, %4 : tensor<?x24x4x4xf32>, tensor<6x3xf32>, tensor<2x6xf32>, tensor<2x3xf32>, tensor<?x8x4x4xf32>
}

// Tests that dlc.pad keeps its pads (required, so always printed) and a
// given value (-1.5, -inf), leaves the default value (0.0) implicit, also
// when it is spelled out, and accepts a dynamic batch, zero pads and a 2-D
// input.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x8x4x4xf32>, %[[Y:[^:]+]]: tensor<3x5xf32>)
func.func @pad(%x: tensor<?x8x4x4xf32>, %y: tensor<3x5xf32>)
    -> (tensor<?x8x6x6xf32>, tensor<?x8x5x7xf32>, tensor<3x5xf32>, tensor<6x9xf32>) {
  // CHECK: dlc.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<?x8x4x4xf32>) -> tensor<?x8x6x6xf32>
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<?x8x4x4xf32>) -> tensor<?x8x6x6xf32>
  // CHECK: dlc.pad %[[X]] {pads = array<i64: 0, 0, 0, 1, 0, 0, 1, 2>, value = -1.500000e+00 : f32} : (tensor<?x8x4x4xf32>) -> tensor<?x8x5x7xf32>
  %1 = dlc.pad %x {pads = array<i64: 0, 0, 0, 1, 0, 0, 1, 2>, value = -1.5 : f32} : (tensor<?x8x4x4xf32>) -> tensor<?x8x5x7xf32>
  // CHECK: dlc.pad %[[Y]] {pads = array<i64: 0, 0, 0, 0>} : (tensor<3x5xf32>) -> tensor<3x5xf32>
  %2 = dlc.pad %y {pads = array<i64: 0, 0, 0, 0>, value = 0.0 : f32} : (tensor<3x5xf32>) -> tensor<3x5xf32>
  // CHECK: dlc.pad %[[Y]] {pads = array<i64: 1, 2, 2, 2>, value = 0xFF800000 : f32} : (tensor<3x5xf32>) -> tensor<6x9xf32>
  %3 = dlc.pad %y {pads = array<i64: 1, 2, 2, 2>, value = 0xFF800000 : f32} : (tensor<3x5xf32>) -> tensor<6x9xf32>
  return %0, %1, %2, %3 : tensor<?x8x6x6xf32>, tensor<?x8x5x7xf32>, tensor<3x5xf32>, tensor<6x9xf32>
}

// Tests that dlc.matmul round-trips: 2-D by 2-D, a batch of matrices by one
// matrix, batch dimensions that broadcast (1 against 5, a missing one) and a
// dynamic batch.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:[^:]+]]: tensor<3x4xf32>, %[[B:[^:]+]]: tensor<4x6xf32>, %[[C:[^:]+]]: tensor<2x10x4xf32>, %[[D:[^:]+]]: tensor<2x1x3x4xf32>, %[[E:[^:]+]]: tensor<5x4x6xf32>, %[[F:[^:]+]]: tensor<?x10x4xf32>)
func.func @matmul(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>, %c: tensor<2x10x4xf32>,
                  %d: tensor<2x1x3x4xf32>, %e: tensor<5x4x6xf32>, %f: tensor<?x10x4xf32>)
    -> (tensor<3x6xf32>, tensor<2x10x6xf32>, tensor<2x5x3x6xf32>, tensor<?x10x6xf32>) {
  // CHECK: dlc.matmul %[[A]], %[[B]] : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  // CHECK: dlc.matmul %[[C]], %[[B]] : (tensor<2x10x4xf32>, tensor<4x6xf32>) -> tensor<2x10x6xf32>
  %1 = dlc.matmul %c, %b : (tensor<2x10x4xf32>, tensor<4x6xf32>) -> tensor<2x10x6xf32>
  // CHECK: dlc.matmul %[[D]], %[[E]] : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %2 = dlc.matmul %d, %e : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  // CHECK: dlc.matmul %[[F]], %[[B]] : (tensor<?x10x4xf32>, tensor<4x6xf32>) -> tensor<?x10x6xf32>
  %3 = dlc.matmul %f, %b : (tensor<?x10x4xf32>, tensor<4x6xf32>) -> tensor<?x10x6xf32>
  return %0, %1, %2, %3 : tensor<3x6xf32>, tensor<2x10x6xf32>, tensor<2x5x3x6xf32>, tensor<?x10x6xf32>
}

// Tests that dlc.transpose keeps its perm (required, so always printed): a
// 2-D transpose, and heads swapped with sequence under a dynamic batch.
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:[^:]+]]: tensor<3x5xf32>, %[[Y:[^:]+]]: tensor<?x10x4x16xf32>)
func.func @transpose(%x: tensor<3x5xf32>, %y: tensor<?x10x4x16xf32>) -> (tensor<5x3xf32>, tensor<?x4x10x16xf32>) {
  // CHECK: dlc.transpose %[[X]] {perm = array<i64: 1, 0>} : (tensor<3x5xf32>) -> tensor<5x3xf32>
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : (tensor<3x5xf32>) -> tensor<5x3xf32>
  // CHECK: dlc.transpose %[[Y]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x10x4x16xf32>) -> tensor<?x4x10x16xf32>
  %1 = dlc.transpose %y {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x10x4x16xf32>) -> tensor<?x4x10x16xf32>
  return %0, %1 : tensor<5x3xf32>, tensor<?x4x10x16xf32>
}

// Tests that the reductions keep their axes (required, so always printed)
// and keepdims = false, and leave the default keepdims (true) implicit, also
// when it is spelled out; negative axes and a dynamic batch that is not
// reduced are accepted.
// CHECK-LABEL: func.func @reduce
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10x64xf32>)
func.func @reduce(%x: tensor<?x10x64xf32>)
    -> (tensor<?x10x1xf32>, tensor<?x10x1xf32>, tensor<?xf32>, tensor<?x1x64xf32>, tensor<?x64xf32>) {
  // CHECK: dlc.reduce_mean %[[X]] {axes = array<i64: -1>} : (tensor<?x10x64xf32>) -> tensor<?x10x1xf32>
  %0 = dlc.reduce_mean %x {axes = array<i64: -1>} : (tensor<?x10x64xf32>) -> tensor<?x10x1xf32>
  // CHECK: dlc.reduce_sum %[[X]] {axes = array<i64: 2>} : (tensor<?x10x64xf32>) -> tensor<?x10x1xf32>
  %1 = dlc.reduce_sum %x {axes = array<i64: 2>, keepdims = true} : (tensor<?x10x64xf32>) -> tensor<?x10x1xf32>
  // CHECK: dlc.reduce_sum %[[X]] {axes = array<i64: 2, -2>, keepdims = false} : (tensor<?x10x64xf32>) -> tensor<?xf32>
  %2 = dlc.reduce_sum %x {axes = array<i64: 2, -2>, keepdims = false} : (tensor<?x10x64xf32>) -> tensor<?xf32>
  // CHECK: dlc.reduce_max %[[X]] {axes = array<i64: 1>} : (tensor<?x10x64xf32>) -> tensor<?x1x64xf32>
  %3 = dlc.reduce_max %x {axes = array<i64: 1>} : (tensor<?x10x64xf32>) -> tensor<?x1x64xf32>
  // CHECK: dlc.reduce_min %[[X]] {axes = array<i64: 1>, keepdims = false} : (tensor<?x10x64xf32>) -> tensor<?x64xf32>
  %4 = dlc.reduce_min %x {axes = array<i64: 1>, keepdims = false} : (tensor<?x10x64xf32>) -> tensor<?x64xf32>
  return %0, %1, %2, %3, %4 : tensor<?x10x1xf32>, tensor<?x10x1xf32>, tensor<?xf32>, tensor<?x1x64xf32>, tensor<?x64xf32>
}

// Tests that dlc.slice keeps offsets, sizes and strides (all required, so
// always printed): a strided window, an empty one, and a dynamic batch taken
// whole (size -1).
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4x8xf32>, %[[Y:[^:]+]]: tensor<?x8xf32>)
func.func @slice(%x: tensor<4x8xf32>, %y: tensor<?x8xf32>) -> (tensor<4x3xf32>, tensor<0x8xf32>, tensor<?x3xf32>) {
  // CHECK: dlc.slice %[[X]] {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %0 = dlc.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  // CHECK: dlc.slice %[[X]] {offsets = array<i64: 4, 0>, sizes = array<i64: 0, 8>, strides = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<0x8xf32>
  %1 = dlc.slice %x {offsets = array<i64: 4, 0>, sizes = array<i64: 0, 8>, strides = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<0x8xf32>
  // CHECK: dlc.slice %[[Y]] {offsets = array<i64: 0, 5>, sizes = array<i64: -1, 3>, strides = array<i64: 1, 1>} : (tensor<?x8xf32>) -> tensor<?x3xf32>
  %2 = dlc.slice %y {offsets = array<i64: 0, 5>, sizes = array<i64: -1, 3>, strides = array<i64: 1, 1>} : (tensor<?x8xf32>) -> tensor<?x3xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<0x8xf32>, tensor<?x3xf32>
}

// Tests that dlc.broadcast keeps its shape (required, so always printed):
// a higher rank, an extent-1 dimension that repeats, and a dynamic batch
// against a 1.
// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x1x768xf32>, %[[Y:[^:]+]]: tensor<?x1x4xf32>)
func.func @broadcast(%x: tensor<1x1x768xf32>, %y: tensor<?x1x4xf32>) -> (tensor<4x1x768xf32>, tensor<2x4x1x768xf32>, tensor<?x3x4xf32>) {
  // CHECK: dlc.broadcast %[[X]] {shape = array<i64: 4, 1, 768>} : (tensor<1x1x768xf32>) -> tensor<4x1x768xf32>
  %0 = dlc.broadcast %x {shape = array<i64: 4, 1, 768>} : (tensor<1x1x768xf32>) -> tensor<4x1x768xf32>
  // CHECK: dlc.broadcast %[[X]] {shape = array<i64: 2, 4, 1, 1>} : (tensor<1x1x768xf32>) -> tensor<2x4x1x768xf32>
  %1 = dlc.broadcast %x {shape = array<i64: 2, 4, 1, 1>} : (tensor<1x1x768xf32>) -> tensor<2x4x1x768xf32>
  // CHECK: dlc.broadcast %[[Y]] {shape = array<i64: 1, 3, 4>} : (tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  %2 = dlc.broadcast %y {shape = array<i64: 1, 3, 4>} : (tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  return %0, %1, %2 : tensor<4x1x768xf32>, tensor<2x4x1x768xf32>, tensor<?x3x4xf32>
}

// Tests that dlc.layer_norm round-trips with and without bias, keeps a given
// axis and epsilon, and leaves the defaults (-1, 1e-5) implicit, also when
// they are spelled out.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10x64xf32>, %[[S:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>, %[[T:[^:]+]]: tensor<10x64xf32>)
func.func @layer_norm(%x: tensor<?x10x64xf32>, %s: tensor<64xf32>, %b: tensor<64xf32>, %t: tensor<10x64xf32>)
    -> (tensor<?x10x64xf32>, tensor<?x10x64xf32>, tensor<?x10x64xf32>, tensor<?x10x64xf32>) {
  // CHECK: dlc.layer_norm %[[X]], %[[S]], %[[B]] : (tensor<?x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  %0 = dlc.layer_norm %x, %s, %b : (tensor<?x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  // CHECK: dlc.layer_norm %[[X]], %[[S]] : (tensor<?x10x64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  %1 = dlc.layer_norm %x, %s {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<?x10x64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  // CHECK: dlc.layer_norm %[[X]], %[[S]], %[[B]] {epsilon = 9.99999997E-7 : f32} : (tensor<?x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  %2 = dlc.layer_norm %x, %s, %b {epsilon = 1.0e-06 : f32} : (tensor<?x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x10x64xf32>
  // CHECK: dlc.layer_norm %[[X]], %[[T]] {axis = 1 : i64} : (tensor<?x10x64xf32>, tensor<10x64xf32>) -> tensor<?x10x64xf32>
  %3 = dlc.layer_norm %x, %t {axis = 1 : i64} : (tensor<?x10x64xf32>, tensor<10x64xf32>) -> tensor<?x10x64xf32>
  return %0, %1, %2, %3 : tensor<?x10x64xf32>, tensor<?x10x64xf32>, tensor<?x10x64xf32>, tensor<?x10x64xf32>
}

// Tests that dlc.conv_transpose2d without bias and without attributes keeps
// the defaults implicit, also when they are spelled out.
// CHECK-LABEL: func.func @conv_transpose2d_defaults
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x16x8x8xf32>, %[[W:[^:]+]]: tensor<16x8x2x2xf32>)
func.func @conv_transpose2d_defaults(%x: tensor<1x16x8x8xf32>, %w: tensor<16x8x2x2xf32>) -> (tensor<1x8x9x9xf32>, tensor<1x8x9x9xf32>) {
  // CHECK: dlc.conv_transpose2d %[[X]], %[[W]] : (tensor<1x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<1x8x9x9xf32>
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<1x8x9x9xf32>
  // CHECK: dlc.conv_transpose2d %[[X]], %[[W]] : (tensor<1x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<1x8x9x9xf32>
  %1 = dlc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
                                    output_padding = array<i64: 0, 0>, dilations = array<i64: 1, 1>,
                                    groups = 1 : i64}
      : (tensor<1x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<1x8x9x9xf32>
  return %0, %1 : tensor<1x8x9x9xf32>, tensor<1x8x9x9xf32>
}

// Tests that dlc.conv_transpose2d keeps its bias and every attribute
// (output height (5-1)*2 - 1 - 2 + 2*(3-1) + 1 + 1 = 11, width
// (6-1)*3 - 0 - 1 + 1*(3-1) + 2 + 1 = 19, output channels 3 * 2 groups).
// CHECK-LABEL: func.func @conv_transpose2d_all_attributes
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4x5x6xf32>, %[[W:[^:]+]]: tensor<4x3x3x3xf32>, %[[B:[^:]+]]: tensor<6xf32>)
func.func @conv_transpose2d_all_attributes(%x: tensor<2x4x5x6xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x11x19xf32> {
  // CHECK: dlc.conv_transpose2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 2, 1>, groups = 2 : i64, output_padding = array<i64: 1, 2>, padding = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 3>} : (tensor<2x4x5x6xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<2x6x11x19xf32>
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 3>, padding = array<i64: 1, 0, 2, 1>,
                                        output_padding = array<i64: 1, 2>, dilations = array<i64: 2, 1>,
                                        groups = 2 : i64}
      : (tensor<2x4x5x6xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<2x6x11x19xf32>
  return %0 : tensor<2x6x11x19xf32>
}

// Tests that dlc.conv_transpose2d accepts a dynamic batch and keeps it
// dynamic, and accepts an output padding below the dilation though not
// below the stride.
// CHECK-LABEL: func.func @conv_transpose2d_dynamic_batch
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16x8x8xf32>, %[[W:[^:]+]]: tensor<16x8x2x2xf32>, %[[B:[^:]+]]: tensor<8xf32>)
func.func @conv_transpose2d_dynamic_batch(%x: tensor<?x16x8x8xf32>, %w: tensor<16x8x2x2xf32>, %b: tensor<8xf32>)
    -> (tensor<?x8x16x16xf32>, tensor<?x8x11x9xf32>) {
  // CHECK: dlc.conv_transpose2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 2, 2>} : (tensor<?x16x8x8xf32>, tensor<16x8x2x2xf32>, tensor<8xf32>) -> tensor<?x8x16x16xf32>
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<?x16x8x8xf32>, tensor<16x8x2x2xf32>, tensor<8xf32>) -> tensor<?x8x16x16xf32>
  // CHECK: dlc.conv_transpose2d %[[X]], %[[W]] {dilations = array<i64: 2, 1>, output_padding = array<i64: 1, 0>} : (tensor<?x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<?x8x11x9xf32>
  %1 = dlc.conv_transpose2d %x, %w {output_padding = array<i64: 1, 0>, dilations = array<i64: 2, 1>} : (tensor<?x16x8x8xf32>, tensor<16x8x2x2xf32>) -> tensor<?x8x11x9xf32>
  return %0, %1 : tensor<?x8x16x16xf32>, tensor<?x8x11x9xf32>
}

// Tests that dlc.prelu round-trips with per-channel slopes broadcast over
// NCHW ([C, 1, 1]), a single shared slope, and a dynamic batch.
// CHECK-LABEL: func.func @prelu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3x4x4xf32>, %[[S:[^:]+]]: tensor<3x1x1xf32>, %[[T:[^:]+]]: tensor<1xf32>)
func.func @prelu(%x: tensor<?x3x4x4xf32>, %s: tensor<3x1x1xf32>, %t: tensor<1xf32>) -> (tensor<?x3x4x4xf32>, tensor<?x3x4x4xf32>) {
  // CHECK: dlc.prelu %[[X]], %[[S]] : (tensor<?x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<?x3x4x4xf32>
  %0 = dlc.prelu %x, %s : (tensor<?x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<?x3x4x4xf32>
  // CHECK: dlc.prelu %[[X]], %[[T]] : (tensor<?x3x4x4xf32>, tensor<1xf32>) -> tensor<?x3x4x4xf32>
  %1 = dlc.prelu %x, %t : (tensor<?x3x4x4xf32>, tensor<1xf32>) -> tensor<?x3x4x4xf32>
  return %0, %1 : tensor<?x3x4x4xf32>, tensor<?x3x4x4xf32>
}

// Tests that dlc.log_softmax keeps a given axis and leaves the default (-1)
// implicit, also when it is spelled out.
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10xf32>)
func.func @log_softmax(%x: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>, tensor<?x10xf32>) {
  // CHECK: dlc.log_softmax %[[X]] {axis = 0 : i64} : tensor<?x10xf32>
  %0 = dlc.log_softmax %x {axis = 0 : i64} : tensor<?x10xf32>
  // CHECK: dlc.log_softmax %[[X]] : tensor<?x10xf32>
  %1 = dlc.log_softmax %x : tensor<?x10xf32>
  // CHECK: dlc.log_softmax %[[X]] : tensor<?x10xf32>
  %2 = dlc.log_softmax %x {axis = -1 : i64} : tensor<?x10xf32>
  return %0, %1, %2 : tensor<?x10xf32>, tensor<?x10xf32>, tensor<?x10xf32>
}

// Tests that dlc.lrn keeps its size and any given alpha, beta and bias, and
// leaves the defaults (1e-4, 0.75, 1.0) implicit, also when they are spelled
// out; it accepts a dynamic batch and a rank-3 input.
// CHECK-LABEL: func.func @lrn
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x96x5x5xf32>, %[[Y:[^:]+]]: tensor<2x8x7xf32>)
func.func @lrn(%x: tensor<?x96x5x5xf32>, %y: tensor<2x8x7xf32>)
    -> (tensor<?x96x5x5xf32>, tensor<?x96x5x5xf32>, tensor<?x96x5x5xf32>, tensor<2x8x7xf32>) {
  // CHECK: dlc.lrn %[[X]] {size = 5 : i64} : tensor<?x96x5x5xf32>
  %0 = dlc.lrn %x {size = 5 : i64} : tensor<?x96x5x5xf32>
  // CHECK: dlc.lrn %[[X]] {size = 5 : i64} : tensor<?x96x5x5xf32>
  %1 = dlc.lrn %x {size = 5 : i64, alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : tensor<?x96x5x5xf32>
  // CHECK: dlc.lrn %[[X]] {alpha = 2.000000e-05 : f32, beta = 5.000000e-01 : f32, bias = 2.000000e+00 : f32, size = 3 : i64} : tensor<?x96x5x5xf32>
  %2 = dlc.lrn %x {size = 3 : i64, alpha = 2.0e-5 : f32, beta = 0.5 : f32, bias = 2.0 : f32} : tensor<?x96x5x5xf32>
  // CHECK: dlc.lrn %[[Y]] {beta = 0.000000e+00 : f32, size = 1 : i64} : tensor<2x8x7xf32>
  %3 = dlc.lrn %y {size = 1 : i64, beta = 0.0 : f32} : tensor<2x8x7xf32>
  return %0, %1, %2, %3 : tensor<?x96x5x5xf32>, tensor<?x96x5x5xf32>, tensor<?x96x5x5xf32>, tensor<2x8x7xf32>
}

// Tests that dlc.group_norm keeps its groups and a given epsilon, and leaves
// the default epsilon (1e-5) implicit, also when it is spelled out; it
// accepts a dynamic batch, one group per channel (instance normalization),
// a single group and a rank-3 input.
// CHECK-LABEL: func.func @group_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x8x4x4xf32>, %[[S:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[Y:[^:]+]]: tensor<2x6x5xf32>, %[[T:[^:]+]]: tensor<6xf32>)
func.func @group_norm(%x: tensor<?x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %y: tensor<2x6x5xf32>, %t: tensor<6xf32>)
    -> (tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<2x6x5xf32>) {
  // CHECK: dlc.group_norm %[[X]], %[[S]], %[[B]] {groups = 4 : i64} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %0 = dlc.group_norm %x, %s, %b {groups = 4 : i64} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.group_norm %[[X]], %[[S]], %[[B]] {groups = 8 : i64} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %1 = dlc.group_norm %x, %s, %b {groups = 8 : i64, epsilon = 1.0e-5 : f32} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.group_norm %[[X]], %[[S]], %[[B]] {epsilon = 1.000000e-03 : f32, groups = 1 : i64} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  %2 = dlc.group_norm %x, %s, %b {groups = 1 : i64, epsilon = 1.0e-3 : f32} : (tensor<?x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8x4x4xf32>
  // CHECK: dlc.group_norm %[[Y]], %[[T]], %[[T]] {groups = 3 : i64} : (tensor<2x6x5xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x5xf32>
  %3 = dlc.group_norm %y, %t, %t {groups = 3 : i64} : (tensor<2x6x5xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x5xf32>
  return %0, %1, %2, %3 : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<2x6x5xf32>
}

// Tests that dlc.resize keeps its size and any given mode and coordinate
// mode, and leaves the defaults ("nearest", "asymmetric") implicit, also
// when they are spelled out; it accepts a dynamic batch, upsampling to a
// size that is not a multiple of the input and downsampling.
// CHECK-LABEL: func.func @resize
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3x4x5xf32>)
func.func @resize(%x: tensor<?x3x4x5xf32>)
    -> (tensor<?x3x8x10xf32>, tensor<?x3x8x10xf32>, tensor<?x3x7x9xf32>, tensor<?x3x2x3xf32>, tensor<?x3x8x10xf32>) {
  // CHECK: dlc.resize %[[X]] {size = array<i64: 8, 10>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  %0 = dlc.resize %x {size = array<i64: 8, 10>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  // CHECK: dlc.resize %[[X]] {size = array<i64: 8, 10>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  %1 = dlc.resize %x {size = array<i64: 8, 10>, mode = "nearest", coordinate_mode = "asymmetric"} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  // CHECK: dlc.resize %[[X]] {coordinate_mode = "align_corners", mode = "linear", size = array<i64: 7, 9>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x7x9xf32>
  %2 = dlc.resize %x {size = array<i64: 7, 9>, mode = "linear", coordinate_mode = "align_corners"} : (tensor<?x3x4x5xf32>) -> tensor<?x3x7x9xf32>
  // CHECK: dlc.resize %[[X]] {coordinate_mode = "half_pixel", mode = "linear", size = array<i64: 2, 3>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x2x3xf32>
  %3 = dlc.resize %x {size = array<i64: 2, 3>, mode = "linear", coordinate_mode = "half_pixel"} : (tensor<?x3x4x5xf32>) -> tensor<?x3x2x3xf32>
  // CHECK: dlc.resize %[[X]] {coordinate_mode = "pytorch_half_pixel", size = array<i64: 8, 10>} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  %4 = dlc.resize %x {size = array<i64: 8, 10>, coordinate_mode = "pytorch_half_pixel"} : (tensor<?x3x4x5xf32>) -> tensor<?x3x8x10xf32>
  return %0, %1, %2, %3, %4 : tensor<?x3x8x10xf32>, tensor<?x3x8x10xf32>, tensor<?x3x7x9xf32>, tensor<?x3x2x3xf32>, tensor<?x3x8x10xf32>
}

// Tests that dlc.attention round-trips with defaults (scale 1, not causal)
// and with a mask, a scale and the causal flag.
// CHECK-LABEL: func.func @attention
// CHECK: dlc.attention %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x10x16xf32>, tensor<8x12x16xf32>, tensor<8x12x4xf32>) -> tensor<8x10x4xf32>
// CHECK: dlc.attention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {causal = true, scale = 2.500000e-01 : f32} : (tensor<?x10x16xf32>, tensor<?x12x16xf32>, tensor<?x12x4xf32>, tensor<10x12xf32>) -> tensor<?x10x4xf32>
func.func @attention(%q: tensor<8x10x16xf32>, %k: tensor<8x12x16xf32>, %v: tensor<8x12x4xf32>,
                     %qd: tensor<?x10x16xf32>, %kd: tensor<?x12x16xf32>, %vd: tensor<?x12x4xf32>,
                     %m: tensor<10x12xf32>) -> (tensor<8x10x4xf32>, tensor<?x10x4xf32>) {
  %0 = dlc.attention %q, %k, %v {scale = 1.0 : f32, causal = false} : (tensor<8x10x16xf32>, tensor<8x12x16xf32>, tensor<8x12x4xf32>) -> tensor<8x10x4xf32>
  %1 = dlc.attention %qd, %kd, %vd, %m {scale = 0.25 : f32, causal = true} : (tensor<?x10x16xf32>, tensor<?x12x16xf32>, tensor<?x12x4xf32>, tensor<10x12xf32>) -> tensor<?x10x4xf32>
  return %0, %1 : tensor<8x10x4xf32>, tensor<?x10x4xf32>
}

// Tests that dlc.gather round-trips: an embedding lookup with the default
// axis 0 left implicit (also when it is spelled out), axis 1, a negative
// axis, scalar indices that drop the gathered dimension, a dynamic batch in
// the indices with a static table, and a dynamic batch in data gathered at
// axis 1.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[T:[^:]+]]: tensor<11x4xf32>, %[[TOK:[^:]+]]: tensor<2x5xi64>, %[[X:[^:]+]]: tensor<3x6x7xf32>, %[[I:[^:]+]]: tensor<4xi64>, %[[S:[^:]+]]: tensor<i64>, %[[B:[^:]+]]: tensor<?x16xi64>, %[[D:[^:]+]]: tensor<?x6xf32>)
func.func @gather(%table: tensor<11x4xf32>, %tokens: tensor<2x5xi64>, %x: tensor<3x6x7xf32>,
                  %i: tensor<4xi64>, %s: tensor<i64>, %batch: tensor<?x16xi64>, %d: tensor<?x6xf32>)
    -> (tensor<2x5x4xf32>, tensor<2x5x4xf32>, tensor<3x4x7xf32>, tensor<3x6x4xf32>, tensor<6x7xf32>,
        tensor<3x7xf32>, tensor<?x16x4xf32>, tensor<?x4xf32>) {
  // CHECK: dlc.gather %[[T]], %[[TOK]] : (tensor<11x4xf32>, tensor<2x5xi64>) -> tensor<2x5x4xf32>
  %0 = dlc.gather %table, %tokens : (tensor<11x4xf32>, tensor<2x5xi64>) -> tensor<2x5x4xf32>
  // CHECK: dlc.gather %[[T]], %[[TOK]] : (tensor<11x4xf32>, tensor<2x5xi64>) -> tensor<2x5x4xf32>
  %1 = dlc.gather %table, %tokens {axis = 0 : i64} : (tensor<11x4xf32>, tensor<2x5xi64>) -> tensor<2x5x4xf32>
  // CHECK: dlc.gather %[[X]], %[[I]] {axis = 1 : i64} : (tensor<3x6x7xf32>, tensor<4xi64>) -> tensor<3x4x7xf32>
  %2 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<3x6x7xf32>, tensor<4xi64>) -> tensor<3x4x7xf32>
  // CHECK: dlc.gather %[[X]], %[[I]] {axis = -1 : i64} : (tensor<3x6x7xf32>, tensor<4xi64>) -> tensor<3x6x4xf32>
  %3 = dlc.gather %x, %i {axis = -1 : i64} : (tensor<3x6x7xf32>, tensor<4xi64>) -> tensor<3x6x4xf32>
  // CHECK: dlc.gather %[[X]], %[[S]] : (tensor<3x6x7xf32>, tensor<i64>) -> tensor<6x7xf32>
  %4 = dlc.gather %x, %s : (tensor<3x6x7xf32>, tensor<i64>) -> tensor<6x7xf32>
  // CHECK: dlc.gather %[[X]], %[[S]] {axis = -2 : i64} : (tensor<3x6x7xf32>, tensor<i64>) -> tensor<3x7xf32>
  %5 = dlc.gather %x, %s {axis = -2 : i64} : (tensor<3x6x7xf32>, tensor<i64>) -> tensor<3x7xf32>
  // CHECK: dlc.gather %[[T]], %[[B]] : (tensor<11x4xf32>, tensor<?x16xi64>) -> tensor<?x16x4xf32>
  %6 = dlc.gather %table, %batch : (tensor<11x4xf32>, tensor<?x16xi64>) -> tensor<?x16x4xf32>
  // CHECK: dlc.gather %[[D]], %[[I]] {axis = 1 : i64} : (tensor<?x6xf32>, tensor<4xi64>) -> tensor<?x4xf32>
  %7 = dlc.gather %d, %i {axis = 1 : i64} : (tensor<?x6xf32>, tensor<4xi64>) -> tensor<?x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x5x4xf32>, tensor<2x5x4xf32>, tensor<3x4x7xf32>, tensor<3x6x4xf32>, tensor<6x7xf32>,
                                          tensor<3x7xf32>, tensor<?x16x4xf32>, tensor<?x4xf32>
}

// Tests that the comparisons round-trip with broadcasting (their results are
// 1.0/0.0 masks of f32) and that dlc.where takes a mask, a value and a
// scalar fill, all broadcast.
// CHECK-LABEL: func.func @comparisons_and_where
// CHECK-SAME: (%[[A:.*]]: tensor<?x4x5xf32>, %[[B:.*]]: tensor<5xf32>, %[[F:.*]]: tensor<f32>)
func.func @comparisons_and_where(%a: tensor<?x4x5xf32>, %b: tensor<5xf32>, %f: tensor<f32>) -> (tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>) {
  // CHECK: %[[EQ:.*]] = dlc.equal %[[A]], %[[B]] : (tensor<?x4x5xf32>, tensor<5xf32>) -> tensor<?x4x5xf32>
  %0 = dlc.equal %a, %b : (tensor<?x4x5xf32>, tensor<5xf32>) -> tensor<?x4x5xf32>
  // CHECK: dlc.less %[[A]], %[[B]] : (tensor<?x4x5xf32>, tensor<5xf32>) -> tensor<?x4x5xf32>
  %1 = dlc.less %a, %b : (tensor<?x4x5xf32>, tensor<5xf32>) -> tensor<?x4x5xf32>
  // CHECK: dlc.less_equal %[[B]], %[[A]] : (tensor<5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  %2 = dlc.less_equal %b, %a : (tensor<5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  // CHECK: dlc.greater %[[A]], %[[F]] : (tensor<?x4x5xf32>, tensor<f32>) -> tensor<?x4x5xf32>
  %3 = dlc.greater %a, %f : (tensor<?x4x5xf32>, tensor<f32>) -> tensor<?x4x5xf32>
  // CHECK: dlc.greater_equal %[[A]], %[[A]] : (tensor<?x4x5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  %4 = dlc.greater_equal %a, %a : (tensor<?x4x5xf32>, tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  // CHECK: dlc.where %[[EQ]], %[[B]], %[[F]] : (tensor<?x4x5xf32>, tensor<5xf32>, tensor<f32>) -> tensor<?x4x5xf32>
  %5 = dlc.where %0, %b, %f : (tensor<?x4x5xf32>, tensor<5xf32>, tensor<f32>) -> tensor<?x4x5xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<?x4x5xf32>
}

// Tests that dlc.fused keeps its inputs, its body's arguments and ops (with
// their attributes and operand order) and its dlc.yield.
// CHECK-LABEL: func.func @fused
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4xf32>, %[[W:[^:]+]]: tensor<8x8x3x3xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[S:[^:]+]]: tensor<1x8x4x4xf32>)
func.func @fused(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x3x3xf32>, %b: tensor<8xf32>, %skip: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: %[[Y:.*]] = dlc.fused %[[X]], %[[W]], %[[B]], %[[S]] : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<1x8x4x4xf32>, %[[C:.*]]: tensor<8x8x3x3xf32>, %[[D:.*]]: tensor<8xf32>, %[[E:.*]]: tensor<1x8x4x4xf32>):
  // CHECK-NEXT: %[[V0:.*]] = dlc.conv2d %[[A]], %[[C]], %[[D]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK-NEXT: %[[V1:.*]] = dlc.sub %[[E]], %[[V0]] : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK-NEXT: %[[V2:.*]] = dlc.leaky_relu %[[V1]] {alpha = 1.000000e-01 : f32} : tensor<1x8x4x4xf32>
  // CHECK-NEXT: dlc.yield %[[V2]] : tensor<1x8x4x4xf32>
  // CHECK-NEXT: }
  %0 = dlc.fused %x, %w, %b, %skip
      : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  ^bb0(%a: tensor<1x8x4x4xf32>, %c: tensor<8x8x3x3xf32>, %d: tensor<8xf32>, %e: tensor<1x8x4x4xf32>):
    %1 = dlc.conv2d %a, %c, %d {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    %2 = dlc.sub %e, %1 : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    %3 = dlc.leaky_relu %2 {alpha = 1.0e-01 : f32} : tensor<1x8x4x4xf32>
    dlc.yield %3 : tensor<1x8x4x4xf32>
  }
  // CHECK: return %[[Y]]
  return %0 : tensor<1x8x4x4xf32>
}

// Tests that a training group's three results and its yield of three
// values round-trip.
// CHECK-LABEL: func.func @fused_conv_batch_norm_train
// CHECK: %[[R:.*]]:3 = dlc.fused %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
// CHECK: %[[C:.*]] = dlc.conv2d
// CHECK-NEXT: %[[S:.*]] = dlc.batch_stats %[[C]]
// CHECK-NEXT: %[[N:.*]] = dlc.batch_norm_train %[[C]], %{{.*}}, %{{.*}}, %[[S]]
// CHECK-NEXT: %[[A:.*]] = dlc.relu %[[N]]
// CHECK-NEXT: dlc.yield %[[C]], %[[S]], %[[A]] : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @fused_conv_batch_norm_train(%x: tensor<2x3x4x4xf32>, %w: tensor<8x3x1x1xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
  %0:3 = dlc.fused %x, %w, %g, %b : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
  ^bb0(%a0: tensor<2x3x4x4xf32>, %a1: tensor<8x3x1x1xf32>, %a2: tensor<8xf32>, %a3: tensor<8xf32>):
    %1 = dlc.conv2d %a0, %a1 : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>) -> tensor<2x8x4x4xf32>
    %2 = dlc.batch_stats %1 : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
    %3 = dlc.batch_norm_train %1, %a2, %a3, %2 : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
    %4 = dlc.relu %3 : tensor<2x8x4x4xf32>
    dlc.yield %1, %2, %4 : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
  }
  return %0#0, %0#1, %0#2 : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
}

// CHECK-LABEL: func.func @training_ops
// CHECK: dlc.constant 1.000000e+00 : tensor<1xf32>
// CHECK: dlc.relu_grad
// CHECK: dlc.tanh_grad
// CHECK: dlc.sigmoid_grad
// CHECK: dlc.conv2d_grad_weight %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32>) -> tensor<4x3x3x3xf32>
// CHECK: dlc.pool2d_grad %{{.*}}, %{{.*}} {kernel = array<i64: 2, 2>, kind = "max", strides = array<i64: 2, 2>}
// CHECK: dlc.loss %{{.*}}, %{{.*}} {kind = "cross_entropy", label_smoothing = 1.000000e-01 : f64}
// CHECK: dlc.loss_grad %{{.*}}, %{{.*}}, %{{.*}} {kind = "mse", reduction = "sum"}
// CHECK: dlc.optimizer_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {component = "state1", optimizer = "adam"}
// CHECK: dlc.dropout %{{.*}} {ratio = 1.000000e-01 : f64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
// CHECK: dlc.dropout %{{.*}}, %{{.*}} {seed = 3 : i64} : (tensor<2x10xf32>, tensor<1xf32>) -> tensor<2x10xf32>
// CHECK: dlc.gather_grad %{{.*}}, %{{.*}} : (tensor<2x10xf32>, tensor<2xi64>) -> tensor<5x10xf32>
// CHECK: dlc.gather_grad %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<2x10xf32>
func.func @training_ops(%x: tensor<2x3x8x8xf32>, %gy: tensor<2x4x8x8xf32>, %p: tensor<4x3x3x3xf32>,
                        %logits: tensor<2x10xf32>, %labels: tensor<2xi64>, %pooled: tensor<2x3x4x4xf32>,
                        %pairs: tensor<2x2xf32>) {
  %one = dlc.constant 1.0 : tensor<1xf32>
  %0 = dlc.relu_grad %x, %x : (tensor<2x3x8x8xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %1 = dlc.tanh_grad %x, %x : (tensor<2x3x8x8xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %2 = dlc.sigmoid_grad %x, %x : (tensor<2x3x8x8xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %3 = dlc.conv2d_grad_weight %x, %gy {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32>) -> tensor<4x3x3x3xf32>
  %4 = dlc.pool2d_grad %x, %pooled {kind = "max", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32>
  %5 = dlc.loss %logits, %labels {kind = "cross_entropy", label_smoothing = 0.1}
      : (tensor<2x10xf32>, tensor<2xi64>) -> tensor<1xf32>
  %6 = dlc.loss_grad %logits, %logits, %one {kind = "mse", reduction = "sum"}
      : (tensor<2x10xf32>, tensor<2x10xf32>, tensor<1xf32>) -> tensor<2x10xf32>
  %7 = dlc.optimizer_update %p, %p, %one, %one, %p, %p {optimizer = "adam", component = "state1"}
      : (tensor<4x3x3x3xf32>, tensor<4x3x3x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<4x3x3x3xf32>,
         tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  %8 = dlc.dropout %logits {ratio = 0.1} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %9 = dlc.dropout %logits, %one {seed = 3} : (tensor<2x10xf32>, tensor<1xf32>) -> tensor<2x10xf32>
  %10 = dlc.gather_grad %logits, %labels : (tensor<2x10xf32>, tensor<2xi64>) -> tensor<5x10xf32>
  %11 = dlc.gather_grad %pairs, %labels {axis = 1} : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<2x10xf32>
  return
}
