// RUN: dlc-opt %s -split-input-file --dlc-tile-attention | FileCheck %s --check-prefix=DEFAULT
// RUN: dlc-opt %s -split-input-file --dlc-tile-attention="block-queries=8 block-keys=32" | FileCheck %s --check-prefix=EXPLICIT
// RUN: dlc-opt %s -split-input-file --dlc-tile-attention="block-queries=0 block-keys=0" | FileCheck %s --check-prefix=ROWS
// RUN: not dlc-opt %s -split-input-file --dlc-tile-attention="block-queries=8 block-keys=0" 2>&1 | FileCheck %s --check-prefix=BAD

// Tests that a plain self attention gets the default blocks (24 queries,
// 128 keys), the explicit options, or no block attributes with both 0, and
// that a bad pair of options is an error naming both values.
// DEFAULT-LABEL: func.func @self
// DEFAULT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 128 : i64, block_queries = 24 : i64} :
// EXPLICIT-LABEL: func.func @self
// EXPLICIT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 32 : i64, block_queries = 8 : i64} :
// ROWS-LABEL: func.func @self
// ROWS: dlc.attention %arg0, %arg1, %arg2 :
// BAD: error: dlc-tile-attention: block-queries is 8 and block-keys is 0, accepted: both 0 (row-at-a-time kernel) or both positive
func.func @self(%q: tensor<8x10x16xf32>, %k: tensor<8x10x16xf32>, %v: tensor<8x10x16xf32>) -> tensor<8x10x16xf32> {
  %0 = dlc.attention %q, %k, %v : (tensor<8x10x16xf32>, tensor<8x10x16xf32>, tensor<8x10x16xf32>) -> tensor<8x10x16xf32>
  return %0 : tensor<8x10x16xf32>
}

// -----

// Tests that a causal op keeps its scale and causal flag beside the blocks.
// DEFAULT-LABEL: func.func @causal
// DEFAULT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 128 : i64, block_queries = 24 : i64, causal = true, scale = 2.500000e-01 : f32} :
// EXPLICIT-LABEL: func.func @causal
// EXPLICIT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 32 : i64, block_queries = 8 : i64, causal = true, scale = 2.500000e-01 : f32} :
// ROWS-LABEL: func.func @causal
// ROWS: dlc.attention %arg0, %arg1, %arg2 {causal = true, scale = 2.500000e-01 : f32} :
func.func @causal(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x7x8xf32>, %v: tensor<2x4x7x5xf32>) -> tensor<2x4x6x5xf32> {
  %0 = dlc.attention %q, %k, %v {causal = true, scale = 0.25 : f32} : (tensor<2x4x6x8xf32>, tensor<2x4x7x8xf32>, tensor<2x4x7x5xf32>) -> tensor<2x4x6x5xf32>
  return %0 : tensor<2x4x6x5xf32>
}

// -----

// Tests that a masked op keeps its mask operand, and that blocks already
// set are replaced by the pass's (a second op in the same function gets
// them too).
// DEFAULT-LABEL: func.func @masked
// DEFAULT: dlc.attention %arg0, %arg1, %arg2, %arg3 {block_keys = 128 : i64, block_queries = 24 : i64} :
// DEFAULT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 128 : i64, block_queries = 24 : i64} :
// EXPLICIT-LABEL: func.func @masked
// EXPLICIT: dlc.attention %arg0, %arg1, %arg2, %arg3 {block_keys = 32 : i64, block_queries = 8 : i64} :
// EXPLICIT: dlc.attention %arg0, %arg1, %arg2 {block_keys = 32 : i64, block_queries = 8 : i64} :
// ROWS-LABEL: func.func @masked
// ROWS: dlc.attention %arg0, %arg1, %arg2, %arg3 :
// ROWS: dlc.attention %arg0, %arg1, %arg2 :
func.func @masked(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x7x8xf32>, %v: tensor<2x4x7x5xf32>, %mask: tensor<6x7xf32>) -> (tensor<2x4x6x5xf32>, tensor<2x4x6x5xf32>) {
  %0 = dlc.attention %q, %k, %v, %mask : (tensor<2x4x6x8xf32>, tensor<2x4x7x8xf32>, tensor<2x4x7x5xf32>, tensor<6x7xf32>) -> tensor<2x4x6x5xf32>
  %1 = dlc.attention %q, %k, %v {block_queries = 4 : i64, block_keys = 4 : i64} : (tensor<2x4x6x8xf32>, tensor<2x4x7x8xf32>, tensor<2x4x7x5xf32>) -> tensor<2x4x6x5xf32>
  return %0, %1 : tensor<2x4x6x5xf32>, tensor<2x4x6x5xf32>
}
