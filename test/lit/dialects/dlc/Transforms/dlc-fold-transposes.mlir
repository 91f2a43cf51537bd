// RUN: dlc-opt %s -split-input-file --dlc-fold-transposes | FileCheck %s

// Tests the weight gradient of `x W^T` as autodiff writes it, (x^T dy)^T,
// where dy is the smaller operand: dy^T x, one transpose of dy instead of
// the transposes of x and of the product.
// CHECK-LABEL: func.func @weight_gradient
// CHECK-SAME: (%[[X:[^:]+]]: tensor<32x64xf32>, %[[DY:[^:]+]]: tensor<32x8xf32>)
// CHECK-NEXT: %[[DYT:.*]] = dlc.transpose %[[DY]] {perm = array<i64: 1, 0>} : (tensor<32x8xf32>) -> tensor<8x32xf32>
// CHECK-NEXT: %[[G:.*]] = dlc.matmul %[[DYT]], %[[X]] : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
// CHECK-NEXT: return %[[G]]
func.func @weight_gradient(%x: tensor<32x64xf32>, %dy: tensor<32x8xf32>) -> tensor<8x64xf32> {
  %xT = dlc.transpose %x {perm = array<i64: 1, 0>} : (tensor<32x64xf32>) -> tensor<64x32xf32>
  %gT = dlc.matmul %xT, %dy : (tensor<64x32xf32>, tensor<32x8xf32>) -> tensor<64x8xf32>
  %g = dlc.transpose %gT {perm = array<i64: 1, 0>} : (tensor<64x8xf32>) -> tensor<8x64xf32>
  return %g : tensor<8x64xf32>
}

// -----

// Tests that the form stays when dy is the larger operand (its transpose
// would copy more than x's and the product's), and that a transposed x
// another op reads too does not count as saved: there only the product's
// copy (8x40) is, against the [32, 8] operand's.
// CHECK-LABEL: func.func @larger_operand
// CHECK-SAME: (%[[X:[^:]+]]: tensor<32x8xf32>, %[[DY:[^:]+]]: tensor<32x64xf32>, %[[Z:[^:]+]]: tensor<32x40xf32>)
// CHECK-NEXT: %[[XT:.*]] = dlc.transpose %[[X]]
// CHECK-NEXT: %[[GT:.*]] = dlc.matmul %[[XT]], %[[DY]]
// CHECK-NEXT: %[[G:.*]] = dlc.transpose %[[GT]]
// CHECK-NEXT: %[[ZT:.*]] = dlc.transpose %[[Z]]
// CHECK-NEXT: %[[XT2:.*]] = dlc.transpose %[[X]]
// CHECK-NEXT: %[[H:.*]] = dlc.matmul %[[XT2]], %[[Z]] : (tensor<8x32xf32>, tensor<32x40xf32>) -> tensor<8x40xf32>
// CHECK-NEXT: return %[[G]], %[[H]], %[[ZT]]
func.func @larger_operand(%x: tensor<32x8xf32>, %dy: tensor<32x64xf32>, %z: tensor<32x40xf32>) -> (tensor<64x8xf32>, tensor<8x40xf32>, tensor<40x32xf32>) {
  %xT = dlc.transpose %x {perm = array<i64: 1, 0>} : (tensor<32x8xf32>) -> tensor<8x32xf32>
  %gT = dlc.matmul %xT, %dy : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %g = dlc.transpose %gT {perm = array<i64: 1, 0>} : (tensor<8x64xf32>) -> tensor<64x8xf32>
  %zT = dlc.transpose %z {perm = array<i64: 1, 0>} : (tensor<32x40xf32>) -> tensor<40x32xf32>
  %hT = dlc.matmul %zT, %x : (tensor<40x32xf32>, tensor<32x8xf32>) -> tensor<40x8xf32>
  %h = dlc.transpose %hT {perm = array<i64: 1, 0>} : (tensor<40x8xf32>) -> tensor<8x40xf32>
  return %g, %h, %zT : tensor<64x8xf32>, tensor<8x40xf32>, tensor<40x32xf32>
}

// -----

// Tests that a transpose of a transpose cancels, that two that do not
// cancel compose into one, and that a transpose another op reads stays.
// CHECK-LABEL: func.func @pairs
// CHECK-SAME: (%[[W:[^:]+]]: tensor<8x16xf32>, %[[DY:[^:]+]]: tensor<32x8xf32>, %[[K:[^:]+]]: tensor<8x4x2xf32>)
// CHECK-NEXT: %[[WT:.*]] = dlc.transpose %[[W]] {perm = array<i64: 1, 0>}
// CHECK-NEXT: %[[DX:.*]] = dlc.matmul %[[DY]], %[[W]] : (tensor<32x8xf32>, tensor<8x16xf32>) -> tensor<32x16xf32>
// CHECK-NEXT: %[[KT:.*]] = dlc.transpose %[[K]] {perm = array<i64: 1, 0, 2>} : (tensor<8x4x2xf32>) -> tensor<4x8x2xf32>
// CHECK-NEXT: return %[[DX]], %[[KT]], %[[WT]]
func.func @pairs(%w: tensor<8x16xf32>, %dy: tensor<32x8xf32>, %k: tensor<8x4x2xf32>) -> (tensor<32x16xf32>, tensor<4x8x2xf32>, tensor<16x8xf32>) {
  %wT = dlc.transpose %w {perm = array<i64: 1, 0>} : (tensor<8x16xf32>) -> tensor<16x8xf32>
  %wTT = dlc.transpose %wT {perm = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
  %dx = dlc.matmul %dy, %wTT : (tensor<32x8xf32>, tensor<8x16xf32>) -> tensor<32x16xf32>
  %k1 = dlc.transpose %k {perm = array<i64: 1, 2, 0>} : (tensor<8x4x2xf32>) -> tensor<4x2x8xf32>
  %k2 = dlc.transpose %k1 {perm = array<i64: 0, 2, 1>} : (tensor<4x2x8xf32>) -> tensor<4x8x2xf32>
  return %dx, %k2, %wT : tensor<32x16xf32>, tensor<4x8x2xf32>, tensor<16x8xf32>
}

// -----

// Tests batched products (per head): (x^T dy)^T per batch entry becomes
// dy^T x, and a transpose of other dimensions than the matrices' stays.
// CHECK-LABEL: func.func @batched
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4x16x32xf32>, %[[DY:[^:]+]]: tensor<4x16x2xf32>, %[[H:[^:]+]]: tensor<4x16x32xf32>)
// CHECK-NEXT: %[[DYT:.*]] = dlc.transpose %[[DY]] {perm = array<i64: 0, 2, 1>}
// CHECK-NEXT: %[[G:.*]] = dlc.matmul %[[DYT]], %[[X]] : (tensor<4x2x16xf32>, tensor<4x16x32xf32>) -> tensor<4x2x32xf32>
// CHECK-NEXT: %[[HT:.*]] = dlc.transpose %[[H]] {perm = array<i64: 1, 0, 2>}
// CHECK-NEXT: return %[[G]], %[[HT]]
func.func @batched(%x: tensor<4x16x32xf32>, %dy: tensor<4x16x2xf32>, %h: tensor<4x16x32xf32>) -> (tensor<4x2x32xf32>, tensor<16x4x32xf32>) {
  %xT = dlc.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<4x16x32xf32>) -> tensor<4x32x16xf32>
  %gT = dlc.matmul %xT, %dy : (tensor<4x32x16xf32>, tensor<4x16x2xf32>) -> tensor<4x32x2xf32>
  %g = dlc.transpose %gT {perm = array<i64: 0, 2, 1>} : (tensor<4x32x2xf32>) -> tensor<4x2x32xf32>
  %hT = dlc.transpose %h {perm = array<i64: 1, 0, 2>} : (tensor<4x16x32xf32>) -> tensor<16x4x32xf32>
  return %g, %hT : tensor<4x2x32xf32>, tensor<16x4x32xf32>
}
