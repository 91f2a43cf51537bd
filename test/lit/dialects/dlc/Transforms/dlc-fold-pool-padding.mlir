// RUN: dlc-opt %s -split-input-file --dlc-fold-pool-padding | FileCheck %s

// Tests that a zero pad of height and width before an average pool without
// padding becomes the pool's padding, counting the padded zeros, and that
// the pad is erased.
// CHECK-LABEL: func.func @pad_then_avg_pool
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x7x7xf32>)
// CHECK-NEXT: %[[Y:.*]] = dlc.avg_pool2d %[[X]] {count_include_pad = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 2, 1, 0>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x7x7xf32>
// CHECK-NEXT: return %[[Y]]
func.func @pad_then_avg_pool(%x: tensor<1x4x7x7xf32>) -> tensor<1x4x7x7xf32> {
  %p = dlc.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 0>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
  %y = dlc.avg_pool2d %p {kernel = array<i64: 3, 3>} : (tensor<1x4x9x9xf32>) -> tensor<1x4x7x7xf32>
  return %y : tensor<1x4x7x7xf32>
}

// -----

// Tests that a pad read by another op stays for it, and the pool still
// reads the unpadded input.
// CHECK-LABEL: func.func @pad_read_twice
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x7x7xf32>)
// CHECK-NEXT: %[[P:.*]] = dlc.pad %[[X]]
// CHECK-NEXT: %[[Y:.*]] = dlc.avg_pool2d %[[X]] {count_include_pad = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]], %[[P]]
func.func @pad_read_twice(%x: tensor<1x4x7x7xf32>) -> (tensor<1x4x7x7xf32>, tensor<1x4x9x9xf32>) {
  %p = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
  %y = dlc.avg_pool2d %p {kernel = array<i64: 3, 3>} : (tensor<1x4x9x9xf32>) -> tensor<1x4x7x7xf32>
  return %y, %p : tensor<1x4x7x7xf32>, tensor<1x4x9x9xf32>
}

// -----

// Tests what stays as it is: a pad by a non-zero value, a pad of the
// channels, a pad as wide as the kernel (a window wholly in the padding),
// a pool that pads itself, and a max pool (padding counts as -inf there).
// CHECK-LABEL: func.func @not_folded
// CHECK-COUNT-5: dlc.pad
// CHECK-NOT: count_include_pad = true
func.func @not_folded(%x: tensor<1x4x7x7xf32>) -> (tensor<1x4x7x7xf32>, tensor<1x6x7x7xf32>, tensor<1x4x10x10xf32>, tensor<1x4x9x9xf32>, tensor<1x4x7x7xf32>) {
  %p1 = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
  %y1 = dlc.avg_pool2d %p1 {kernel = array<i64: 3, 3>} : (tensor<1x4x9x9xf32>) -> tensor<1x4x7x7xf32>
  %p2 = dlc.pad %x {pads = array<i64: 0, 1, 1, 1, 0, 1, 1, 1>} : (tensor<1x4x7x7xf32>) -> tensor<1x6x9x9xf32>
  %y2 = dlc.avg_pool2d %p2 {kernel = array<i64: 3, 3>} : (tensor<1x6x9x9xf32>) -> tensor<1x6x7x7xf32>
  %p3 = dlc.pad %x {pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x11x11xf32>
  %y3 = dlc.avg_pool2d %p3 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : (tensor<1x4x11x11xf32>) -> tensor<1x4x10x10xf32>
  %p4 = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
  %y4 = dlc.avg_pool2d %p4 {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x9x9xf32>) -> tensor<1x4x9x9xf32>
  %p5 = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x4x7x7xf32>) -> tensor<1x4x9x9xf32>
  %y5 = dlc.max_pool2d %p5 {kernel = array<i64: 3, 3>} : (tensor<1x4x9x9xf32>) -> tensor<1x4x7x7xf32>
  return %y1, %y2, %y3, %y4, %y5 : tensor<1x4x7x7xf32>, tensor<1x6x7x7xf32>, tensor<1x4x10x10xf32>, tensor<1x4x9x9xf32>, tensor<1x4x7x7xf32>
}
