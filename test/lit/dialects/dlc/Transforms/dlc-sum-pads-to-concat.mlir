// RUN: dlc-opt %s -split-input-file --dlc-sum-pads-to-concat | FileCheck %s

// Tests the gradient of a fused q, k, v projection split by three slices:
// the sum of the three padded slice gradients becomes their concatenation
// in the order of the ranges they fill, whatever the order of the terms.
// CHECK-LABEL: func.func @qkv_gradient
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<4x2x8xf32>, %[[K:[^:]+]]: tensor<4x2x8xf32>, %[[V:[^:]+]]: tensor<4x2x8xf32>)
// CHECK-NEXT: %[[G:.*]] = dlc.concat %[[Q]], %[[K]], %[[V]] {axis = 2 : i64} : (tensor<4x2x8xf32>, tensor<4x2x8xf32>, tensor<4x2x8xf32>) -> tensor<4x2x24xf32>
// CHECK-NEXT: return %[[G]]
func.func @qkv_gradient(%q: tensor<4x2x8xf32>, %k: tensor<4x2x8xf32>, %v: tensor<4x2x8xf32>) -> tensor<4x2x24xf32> {
  %pv = dlc.pad %v {pads = array<i64: 0, 0, 16, 0, 0, 0>} : (tensor<4x2x8xf32>) -> tensor<4x2x24xf32>
  %pk = dlc.pad %k {pads = array<i64: 0, 0, 8, 0, 0, 8>} : (tensor<4x2x8xf32>) -> tensor<4x2x24xf32>
  %s = dlc.add %pv, %pk : (tensor<4x2x24xf32>, tensor<4x2x24xf32>) -> tensor<4x2x24xf32>
  %pq = dlc.pad %q {pads = array<i64: 0, 0, 0, 0, 0, 16>} : (tensor<4x2x8xf32>) -> tensor<4x2x24xf32>
  %g = dlc.add %s, %pq : (tensor<4x2x24xf32>, tensor<4x2x24xf32>) -> tensor<4x2x24xf32>
  return %g : tensor<4x2x24xf32>
}

// -----

// Tests two pieces of different widths along the first axis, and that a
// pad another op reads stays for it.
// CHECK-LABEL: func.func @rows
// CHECK-SAME: (%[[A:[^:]+]]: tensor<3x5xf32>, %[[B:[^:]+]]: tensor<1x5xf32>)
// CHECK-NEXT: %[[PA:.*]] = dlc.pad %[[A]]
// CHECK-NEXT: %[[G:.*]] = dlc.concat %[[A]], %[[B]] {axis = 0 : i64} : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT: return %[[G]], %[[PA]]
func.func @rows(%a: tensor<3x5xf32>, %b: tensor<1x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %pa = dlc.pad %a {pads = array<i64: 0, 0, 1, 0>} : (tensor<3x5xf32>) -> tensor<4x5xf32>
  %pb = dlc.pad %b {pads = array<i64: 3, 0, 0, 0>} : (tensor<1x5xf32>) -> tensor<4x5xf32>
  %g = dlc.add %pa, %pb : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %g, %pa : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// Tests what stays a sum: pieces that leave a gap, pieces that overlap, a
// pad by a non-zero value, a pad along two axes, and a term that is not a
// pad.
// CHECK-LABEL: func.func @not_rewritten
// CHECK-NOT: dlc.concat
func.func @not_rewritten(%a: tensor<2x4xf32>, %b: tensor<2x3xf32>, %c: tensor<1x4xf32>, %x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %p0 = dlc.pad %a {pads = array<i64: 0, 0, 0, 4>} : (tensor<2x4xf32>) -> tensor<2x8xf32>
  %p5 = dlc.pad %b {pads = array<i64: 0, 5, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x8xf32>
  %gap = dlc.add %p0, %p5 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %p3 = dlc.pad %a {pads = array<i64: 0, 3, 0, 1>} : (tensor<2x4xf32>) -> tensor<2x8xf32>
  %overlap = dlc.add %p0, %p3 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %pone = dlc.pad %a {pads = array<i64: 0, 4, 0, 0>, value = 1.0 : f32} : (tensor<2x4xf32>) -> tensor<2x8xf32>
  %nonzero = dlc.add %p0, %pone : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %ptwo = dlc.pad %c {pads = array<i64: 1, 4, 0, 0>} : (tensor<1x4xf32>) -> tensor<2x8xf32>
  %twoaxes = dlc.add %p0, %ptwo : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %other = dlc.add %p0, %x : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %gap, %overlap, %nonzero, %twoaxes, %other : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
