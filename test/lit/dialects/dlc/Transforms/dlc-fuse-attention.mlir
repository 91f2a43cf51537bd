// RUN: dlc-opt %s -split-input-file --dlc-fuse-attention | FileCheck %s

// Tests that PyTorch's multi-head attention form (q already scaled, k
// transposed from [Sk, B*H, D]) becomes one dlc.attention whose k is a single
// transpose of the original k, and that the scores ops are gone.
// CHECK-LABEL: func.func @torch_mha
// CHECK: %[[K:.*]] = dlc.transpose %arg1 {perm = array<i64: 1, 0, 2>} : (tensor<10x8x16xf32>) -> tensor<8x10x16xf32>
// CHECK: %[[A:.*]] = dlc.attention %arg0, %[[K]], %arg2 : (tensor<8x10x16xf32>, tensor<8x10x16xf32>, tensor<8x10x16xf32>) -> tensor<8x10x16xf32>
// CHECK-NOT: dlc.softmax
// CHECK-NOT: dlc.matmul
// CHECK: return %[[A]]
func.func @torch_mha(%q: tensor<8x10x16xf32>, %k: tensor<10x8x16xf32>, %v: tensor<8x10x16xf32>) -> tensor<8x10x16xf32> {
  %kt = dlc.transpose %k {perm = array<i64: 1, 2, 0>} : (tensor<10x8x16xf32>) -> tensor<8x16x10xf32>
  %s = dlc.matmul %q, %kt : (tensor<8x10x16xf32>, tensor<8x16x10xf32>) -> tensor<8x10x10xf32>
  %p = dlc.softmax %s : tensor<8x10x10xf32>
  %o = dlc.matmul %p, %v : (tensor<8x10x10xf32>, tensor<8x10x16xf32>) -> tensor<8x10x16xf32>
  return %o : tensor<8x10x16xf32>
}

// -----

// Tests that an additive mask becomes the attention's mask operand and that
// a kT with no transpose of its own gets one transpose.
// CHECK-LABEL: func.func @masked
// CHECK: %[[K:.*]] = dlc.transpose %arg1 {perm = array<i64: 0, 1, 3, 2>}
// CHECK: dlc.attention %arg0, %[[K]], %arg2, %arg3 : (tensor<2x4x6x8xf32>, tensor<2x4x7x8xf32>, tensor<2x4x7x5xf32>, tensor<6x7xf32>) -> tensor<2x4x6x5xf32>
// CHECK-NOT: dlc.add
func.func @masked(%q: tensor<2x4x6x8xf32>, %kt: tensor<2x4x8x7xf32>, %v: tensor<2x4x7x5xf32>, %mask: tensor<6x7xf32>) -> tensor<2x4x6x5xf32> {
  %s = dlc.matmul %q, %kt : (tensor<2x4x6x8xf32>, tensor<2x4x8x7xf32>) -> tensor<2x4x6x7xf32>
  %m = dlc.add %s, %mask : (tensor<2x4x6x7xf32>, tensor<6x7xf32>) -> tensor<2x4x6x7xf32>
  %p = dlc.softmax %m {axis = 3 : i64} : tensor<2x4x6x7xf32>
  %o = dlc.matmul %p, %v : (tensor<2x4x6x7xf32>, tensor<2x4x7x5xf32>) -> tensor<2x4x6x5xf32>
  return %o : tensor<2x4x6x5xf32>
}

// -----

// Tests that the pattern is left alone when the probabilities are used
// elsewhere (they are a graph output here) or the softmax is not over keys.
// CHECK-LABEL: func.func @not_fused
// CHECK-NOT: dlc.attention
func.func @not_fused(%q: tensor<4x6x8xf32>, %kt: tensor<4x8x6xf32>, %v: tensor<4x6x8xf32>) -> (tensor<4x6x8xf32>, tensor<4x6x6xf32>, tensor<4x6x8xf32>) {
  %s = dlc.matmul %q, %kt : (tensor<4x6x8xf32>, tensor<4x8x6xf32>) -> tensor<4x6x6xf32>
  %p = dlc.softmax %s : tensor<4x6x6xf32>
  %o = dlc.matmul %p, %v : (tensor<4x6x6xf32>, tensor<4x6x8xf32>) -> tensor<4x6x8xf32>
  %s2 = dlc.matmul %q, %kt : (tensor<4x6x8xf32>, tensor<4x8x6xf32>) -> tensor<4x6x6xf32>
  %p2 = dlc.softmax %s2 {axis = 1 : i64} : tensor<4x6x6xf32>
  %o2 = dlc.matmul %p2, %v : (tensor<4x6x6xf32>, tensor<4x6x8xf32>) -> tensor<4x6x8xf32>
  return %o, %p, %o2 : tensor<4x6x8xf32>, tensor<4x6x6xf32>, tensor<4x6x8xf32>
}
