// RUN: dlc-opt %s -split-input-file -verify-diagnostics
// One case per verifier error of the dlc dialect, named by the constraint
// label of DLCOps.td. Shape-inferring ops report the labelled error and then
// MLIR's "failed to infer returned types".

// Tests that weight_c1 rejects an empty weight name.
func.func @weight_c1_empty_name() -> tensor<2xf32> {
  // expected-error @+1 {{'dlc.weight' op (weight_c1) 'name' is empty, expected the name of a model weight}}
  %0 = dlc.weight "" : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dlc.weight rejects an element type dlc does not support (ODS).
func.func @weight_element_type() -> tensor<2xi8> {
  // expected-error @+1 {{'dlc.weight' op result #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi8>'}}
  %0 = dlc.weight "w" : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that conv2d_c1 (ODS) rejects an input that is not 4-D.
func.func @conv2d_c1_input_rank(%x: tensor<1x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'dlc.conv2d' op operand #0 must be 4D tensor of 32-bit float values, but got 'tensor<1x8x8xf32>'}}
  %0 = dlc.conv2d %x, %w : (tensor<1x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c1 (ODS) rejects a weight that is not 4-D.
func.func @conv2d_c1_weight_rank(%x: tensor<1x1x8x8xf32>, %w: tensor<8x9xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'dlc.conv2d' op operand #1 must be 4D tensor of 32-bit float values, but got 'tensor<8x9xf32>'}}
  %0 = dlc.conv2d %x, %w : (tensor<1x1x8x8xf32>, tensor<8x9xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that dlc.conv2d rejects a non-f32 input (ODS).
func.func @conv2d_element_type(%x: tensor<1x1x8x8xf64>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'dlc.conv2d' op operand #0 must be 4D tensor of 32-bit float values, but got 'tensor<1x1x8x8xf64>'}}
  %0 = dlc.conv2d %x, %w : (tensor<1x1x8x8xf64>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c2 rejects groups = 0.
func.func @conv2d_c2_zero_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c2) 'groups' is 0, expected a positive divisor of the input channels (4) and output channels (8)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c2 rejects groups that do not divide the output channels.
func.func @conv2d_c2_groups_divide_output(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c2) 'groups' is 4, expected a positive divisor of the input channels (4) and output channels (6)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Tests that conv2d_c2 rejects groups that do not divide the input channels.
func.func @conv2d_c2_groups_divide_input(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c2) 'groups' is 3, expected a positive divisor of the input channels (4) and output channels (6)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Tests that conv2d_c3 rejects a weight whose input channels do not match.
func.func @conv2d_c3_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c3) weight 8x2x3x3 has 2 input channels per group, expected 4 (input channels 4 / groups 1)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c3 accounts for groups.
func.func @conv2d_c3_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c3) weight 8x4x3x3 has 4 input channels per group, expected 2 (input channels 4 / groups 2)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c4 rejects a bias whose length is not the output channels.
func.func @conv2d_c4_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c4) bias has shape 4, expected 8}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that dlc.conv2d rejects a bias that is not 1-D (ODS).
func.func @conv2d_bias_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<1x8xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'dlc.conv2d' op operand #2 must be 1D tensor of 32-bit float values, but got 'tensor<1x8xf32>'}}
  %0 = dlc.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<1x8xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c5 rejects a non-positive stride.
func.func @conv2d_c5_strides(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c5) 'strides' is [1, 0], expected 2 positive values}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c5 rejects dilations with the wrong number of values.
func.func @conv2d_c5_dilations(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c5) 'dilations' is [2], expected 2 positive values}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {dilations = array<i64: 2>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c6 rejects negative padding.
func.func @conv2d_c6_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c6) 'padding' is [0, -1, 0, 0], expected 4 non-negative values [top, left, bottom, right]}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv2d_c6 rejects padding with 2 values: the op wants all 4
// (only the importer expands [h, w]).
func.func @conv2d_c6_two_values(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c6) 'padding' is [1, 1], expected 4 non-negative values [top, left, bottom, right]}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Tests that conv2d_c7 rejects a kernel taller than the padded input.
func.func @conv2d_c7_height(%x: tensor<1x4x2x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x1x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c7) output height is not positive: input height 2 + padding 0 is smaller than the window 3}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x4x2x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x1x6xf32>
  return %0 : tensor<1x8x1x6xf32>
}

// -----

// Tests that conv2d_c7 counts dilation in the window of the width.
func.func @conv2d_c7_width_dilated(%x: tensor<1x4x8x4xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x1xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c7) output width is not positive: input width 4 + padding 0 is smaller than the window 5}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {dilations = array<i64: 1, 2>} : (tensor<1x4x8x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x1xf32>
  return %0 : tensor<1x8x6x1xf32>
}

// -----

// Tests that dlc.conv2d rejects a result type other than the inferred one.
func.func @conv2d_result_type(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+2 {{'dlc.conv2d' op inferred type(s) 'tensor<1x8x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Tests that pool2d_c1 (ODS) rejects an input that is not 4-D.
func.func @pool2d_c1_rank(%x: tensor<6x28x28xf32>) -> tensor<6x14x14xf32> {
  // expected-error @+1 {{'dlc.max_pool2d' op operand #0 must be 4D tensor of 32-bit float values, but got 'tensor<6x28x28xf32>'}}
  %0 = dlc.max_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<6x28x28xf32>) -> tensor<6x14x14xf32>
  return %0 : tensor<6x14x14xf32>
}

// -----

// Tests that pool2d_c1 (ODS) also holds for the result type.
func.func @pool2d_c1_result_rank(%x: tensor<1x6x28x28xf32>) -> tensor<6x14x14xf32> {
  // expected-error @+1 {{'dlc.avg_pool2d' op result #0 must be 4D tensor of 32-bit float values, but got 'tensor<6x14x14xf32>'}}
  %0 = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<6x14x14xf32>
  return %0 : tensor<6x14x14xf32>
}

// -----

// Tests that a pooling op requires the kernel attribute (ODS).
func.func @pool2d_missing_kernel(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32> {
  // expected-error @+1 {{'dlc.max_pool2d' op requires attribute 'kernel'}}
  %0 = dlc.max_pool2d %x : (tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32>
  return %0 : tensor<1x6x28x28xf32>
}

// -----

// Tests that pool2d_c2 rejects a zero kernel extent.
func.func @pool2d_c2_kernel(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' (pool2d_c2) 'kernel' is [0, 2], expected 2 positive values}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel = array<i64: 0, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  return %0 : tensor<1x6x14x14xf32>
}

// -----

// Tests that pool2d_c2 rejects strides with the wrong number of values.
func.func @pool2d_c2_strides(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' (pool2d_c2) 'strides' is [2, 2, 2], expected 2 positive values}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  return %0 : tensor<1x6x14x14xf32>
}

// -----

// Tests that pool2d_c3 rejects negative padding.
func.func @pool2d_c3_negative(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' (pool2d_c3) 'padding' is [0, 0, -1, 0], expected 4 non-negative values [top, left, bottom, right]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, -1, 0>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x14xf32>
  return %0 : tensor<1x6x14x14xf32>
}

// -----

// Tests that pool2d_c3 rejects padding as large as the kernel (here the
// right padding against the kernel width).
func.func @pool2d_c3_padding_vs_kernel(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x14x15xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' (pool2d_c3) 'padding' is [0, 0, 0, 2], expected each value smaller than the kernel [3, 2]}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 2>} : (tensor<1x6x28x28xf32>) -> tensor<1x6x14x15xf32>
  return %0 : tensor<1x6x14x15xf32>
}

// -----

// Tests that pool2d_c4 rejects a window wider than the padded input.
func.func @pool2d_c4_width(%x: tensor<1x6x4x2xf32>) -> tensor<1x6x2x1xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' (pool2d_c4) output width is not positive: input width 2 + padding 0 is smaller than the window 3}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>} : (tensor<1x6x4x2xf32>) -> tensor<1x6x2x1xf32>
  return %0 : tensor<1x6x2x1xf32>
}

// -----

// Tests that pool2d_c4 rejects a window taller than the padded input.
func.func @pool2d_c4_height(%x: tensor<1x6x1x4xf32>) -> tensor<1x6x1x2xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' (pool2d_c4) output height is not positive: input height 1 + padding 0 is smaller than the window 2}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x1x4xf32>) -> tensor<1x6x1x2xf32>
  return %0 : tensor<1x6x1x2xf32>
}

// -----

// Tests that dlc.relu rejects a non-f32 tensor (ODS).
func.func @relu_element_type(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'dlc.relu' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %0 = dlc.relu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that the element-wise activations keep the operand type.
func.func @tanh_result_type(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'dlc.tanh' op requires the same type for all operands and results}}
  %0 = "dlc.tanh"(%x) : (tensor<4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that add_c1 rejects dimensions that are neither equal nor 1.
func.func @add_c1(%a: tensor<4x10xf32>, %b: tensor<3x1xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{'dlc.add' (add_c1) cannot broadcast 4x10 with 3x1: dimension 0 is 4 and 3}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<4x10xf32>, tensor<3x1xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Tests that add_c1 aligns shapes at their last dimension.
func.func @add_c1_aligned_right(%a: tensor<2x4x10xf32>, %b: tensor<4xf32>) -> tensor<2x4x10xf32> {
  // expected-error @+2 {{'dlc.add' (add_c1) cannot broadcast 2x4x10 with 4: dimension 2 is 10 and 4}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<2x4x10xf32>, tensor<4xf32>) -> tensor<2x4x10xf32>
  return %0 : tensor<2x4x10xf32>
}

// -----

// Tests that linear_c1 rejects an input and weight with different K.
func.func @linear_c1_k(%x: tensor<1x400xf32>, %w: tensor<120x300xf32>) -> tensor<1x120xf32> {
  // expected-error @+2 {{'dlc.linear' (linear_c1) expects input NxK and weight MxK (K and M static), got 1x400 and 120x300}}
  // expected-error @+1 {{'dlc.linear' op failed to infer returned types}}
  %0 = dlc.linear %x, %w : (tensor<1x400xf32>, tensor<120x300xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}

// -----

// Tests that linear_c1 (ODS) rejects an input that is not 2-D.
func.func @linear_c1_rank(%x: tensor<1x16x25xf32>, %w: tensor<120x400xf32>) -> tensor<1x120xf32> {
  // expected-error @+1 {{'dlc.linear' op operand #0 must be 2D tensor of 32-bit float values, but got 'tensor<1x16x25xf32>'}}
  %0 = dlc.linear %x, %w : (tensor<1x16x25xf32>, tensor<120x400xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}

// -----

// Tests that linear_c2 rejects a bias whose length is not M.
func.func @linear_c2_bias(%x: tensor<1x400xf32>, %w: tensor<120x400xf32>, %b: tensor<84xf32>) -> tensor<1x120xf32> {
  // expected-error @+2 {{'dlc.linear' (linear_c2) bias has shape 84, expected 120}}
  // expected-error @+1 {{'dlc.linear' op failed to infer returned types}}
  %0 = dlc.linear %x, %w, %b : (tensor<1x400xf32>, tensor<120x400xf32>, tensor<84xf32>) -> tensor<1x120xf32>
  return %0 : tensor<1x120xf32>
}

// -----

// Tests that reshape_c1 rejects two -1 entries.
func.func @reshape_c1_two_inferred(%x: tensor<2x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c1) 'shape' is [-1, -1], expected values >= 0 and at most one -1}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1, -1>} : (tensor<2x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Tests that reshape_c1 rejects negative entries other than -1.
func.func @reshape_c1_negative(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c1) 'shape' is [-2], expected values >= 0 and at most one -1}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -2>} : (tensor<2x8xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// Tests that reshape_c2 rejects a shape with another element count.
func.func @reshape_c2_count(%x: tensor<2x8xf32>) -> tensor<3x5xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c2) cannot reshape 2x8 (16 elements) to 3x5}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 3, 5>} : (tensor<2x8xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Tests that reshape_c2 rejects a -1 that cannot take a whole number.
func.func @reshape_c2_inferred(%x: tensor<2x8xf32>) -> tensor<3x5xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c2) cannot reshape 2x8 to [3, -1]}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 3, -1>} : (tensor<2x8xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Tests that reshape_c2 keeps a dynamic batch whole: -1 cannot absorb part
// of it.
func.func @reshape_c2_dynamic_whole(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c2) cannot reshape ?x8 to [-1, 4]: the dynamic dimension must stay whole}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1, 4>} : (tensor<?x8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that reshape_c2 rejects dropping a dynamic batch.
func.func @reshape_c2_dynamic_dropped(%x: tensor<?x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c2) cannot reshape ?x8 (8 elements) to 1x8}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 1, 8>} : (tensor<?x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Tests that dlc.reshape reports an element count that overflows int64.
func.func @reshape_overflow(%x: tensor<4294967296x4294967296xf32>) -> tensor<16xf32> {
  // expected-error @+2 {{'dlc.reshape' element count overflows}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1>} : (tensor<4294967296x4294967296xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// Tests that softmax_c1 rejects an axis past the last dimension.
func.func @softmax_c1_high(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'dlc.softmax' op (softmax_c1) 'axis' value is 2, accepted range is [-2, 1]}}
  %0 = dlc.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that softmax_c1 rejects an axis before the first dimension.
func.func @softmax_c1_low(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'dlc.softmax' op (softmax_c1) 'axis' value is -3, accepted range is [-2, 1]}}
  %0 = dlc.softmax %x {axis = -3 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that conv2d_c1 rejects a dynamic dimension other than the batch.
func.func @conv2d_c1_dynamic_height(%x: tensor<1x4x?x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x?x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c1) input 1x4x?x8 has dynamic dimension 2; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x4x?x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x?x6xf32>
  return %0 : tensor<1x8x?x6xf32>
}

// -----

// Tests that conv2d_c6 bounds padding, so window arithmetic cannot overflow.
func.func @conv2d_c6_huge_padding(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x8x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' (conv2d_c6) 'padding' is [0, 0, 9223372036854775807, 0], expected 4 non-negative values [top, left, bottom, right] (at most 1073741824)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: 0, 0, 9223372036854775807, 0>} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x8x6xf32>
  return %0 : tensor<1x1x8x6xf32>
}

// -----

// Tests that pool2d_c1 rejects a dynamic channel dimension.
func.func @pool2d_c1_dynamic_channels(%x: tensor<1x?x8x8xf32>) -> tensor<1x?x4x4xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' (pool2d_c1) input 1x?x8x8 has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x?x8x8xf32>) -> tensor<1x?x4x4xf32>
  return %0 : tensor<1x?x4x4xf32>
}

// -----

// Tests that reshape_c1 explains a 0 entry past the input's rank.
func.func @reshape_c1_zero_past_rank(%x: tensor<1x4xf32>) -> tensor<1x4x1xf32> {
  // expected-error @+2 {{'dlc.reshape' (reshape_c1) 'shape' entry 2 is 0 (copy the input's dimension) but the input has rank 2}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 0, 0, 0>} : (tensor<1x4xf32>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

// -----

// Tests that dlc.exp rejects a non-f32 tensor (ODS), as every element-wise
// function does.
func.func @exp_element_type(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'dlc.exp' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %0 = dlc.exp %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that the parameterized element-wise functions keep the operand type.
func.func @clip_result_type(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'dlc.clip' op requires the same type for all operands and results}}
  %0 = "dlc.clip"(%x) : (tensor<4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that dlc.leaky_relu rejects an alpha that is not an f32 (ODS).
func.func @leaky_relu_alpha_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.leaky_relu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = dlc.leaky_relu %x {alpha = 1 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that clip_c1 rejects min greater than max.
func.func @clip_c1_min_above_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.clip' op (clip_c1) 'min' 6.000000e+00 is greater than 'max' 0.000000e+00}}
  %0 = dlc.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that clip_c1 rejects a NaN min. NaN is written as its bit pattern
// 0x7FC00000: the MLIR parser has no `nan` keyword.
func.func @clip_c1_nan_min(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.clip' op (clip_c1) a bound is NaN, expected a number}}
  %0 = dlc.clip %x {min = 0x7FC00000 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that clip_c1 rejects a NaN max next to a numeric min.
func.func @clip_c1_nan_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.clip' op (clip_c1) a bound is NaN, expected a number}}
  %0 = dlc.clip %x {min = 0.0 : f32, max = 0x7FC00000 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that gelu_c1 rejects an approximate other than "none" and "tanh".
func.func @gelu_c1_approximate(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.gelu' op (gelu_c1) 'approximate' is 'foo', accepted: none, tanh}}
  %0 = dlc.gelu %x {approximate = "foo"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that dlc.gelu rejects an approximate that is not a string (ODS).
func.func @gelu_approximate_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.gelu' op attribute 'approximate' failed to satisfy constraint: string attribute}}
  %0 = dlc.gelu %x {approximate = 1 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that sub_c1 rejects dimensions that are neither equal nor 1.
func.func @sub_c1(%a: tensor<4x10xf32>, %b: tensor<3x1xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{'dlc.sub' (sub_c1) cannot broadcast 4x10 with 3x1: dimension 0 is 4 and 3}}
  // expected-error @+1 {{'dlc.sub' op failed to infer returned types}}
  %0 = dlc.sub %a, %b : (tensor<4x10xf32>, tensor<3x1xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Tests that mul_c1 rejects dimensions that are neither equal nor 1.
func.func @mul_c1(%a: tensor<?x4xf32>, %b: tensor<5xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'dlc.mul' (mul_c1) cannot broadcast ?x4 with 5: dimension 1 is 4 and 5}}
  // expected-error @+1 {{'dlc.mul' op failed to infer returned types}}
  %0 = dlc.mul %a, %b : (tensor<?x4xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that div_c1 rejects dimensions that are neither equal nor 1.
func.func @div_c1(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.div' (div_c1) cannot broadcast 2x3 with 3x3: dimension 0 is 2 and 3}}
  // expected-error @+1 {{'dlc.div' op failed to infer returned types}}
  %0 = dlc.div %a, %b : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that pow_c1 rejects dimensions that are neither equal nor 1.
func.func @pow_c1(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.pow' (pow_c1) cannot broadcast 2x3 with 2: dimension 1 is 3 and 2}}
  // expected-error @+1 {{'dlc.pow' op failed to infer returned types}}
  %0 = dlc.pow %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that min_c1 rejects dimensions that are neither equal nor 1.
func.func @min_c1(%a: tensor<4x1xf32>, %b: tensor<3x1xf32>) -> tensor<4x1xf32> {
  // expected-error @+2 {{'dlc.min' (min_c1) cannot broadcast 4x1 with 3x1: dimension 0 is 4 and 3}}
  // expected-error @+1 {{'dlc.min' op failed to infer returned types}}
  %0 = dlc.min %a, %b : (tensor<4x1xf32>, tensor<3x1xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// Tests that max_c1 aligns shapes at their last dimension.
func.func @max_c1_aligned_right(%a: tensor<2x4x10xf32>, %b: tensor<4xf32>) -> tensor<2x4x10xf32> {
  // expected-error @+2 {{'dlc.max' (max_c1) cannot broadcast 2x4x10 with 4: dimension 2 is 10 and 4}}
  // expected-error @+1 {{'dlc.max' op failed to infer returned types}}
  %0 = dlc.max %a, %b : (tensor<2x4x10xf32>, tensor<4xf32>) -> tensor<2x4x10xf32>
  return %0 : tensor<2x4x10xf32>
}

// -----

// Tests that dlc.pow rejects a non-f32 operand (ODS).
func.func @pow_element_type(%a: tensor<4x10xf32>, %b: tensor<10xi32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{'dlc.pow' op operand #1 must be ranked tensor of 32-bit float values, but got 'tensor<10xi32>'}}
  %0 = dlc.pow %a, %b : (tensor<4x10xf32>, tensor<10xi32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Tests that dlc.mul rejects a result type other than the broadcast shape.
func.func @mul_result_type(%a: tensor<4x10xf32>, %b: tensor<10xf32>) -> tensor<4x1xf32> {
  // expected-error @+2 {{'dlc.mul' op inferred type(s) 'tensor<4x10xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{'dlc.mul' op failed to infer returned types}}
  %0 = dlc.mul %a, %b : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// Tests that batch_norm_c1 rejects an input without a channel dimension.
func.func @batch_norm_c1_rank(%x: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{'dlc.batch_norm' (batch_norm_c1) 'input' has rank 1, expected 2 or more}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %s : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// Tests that batch_norm_c1 rejects a dynamic dimension other than the batch.
func.func @batch_norm_c1_dynamic_height(%x: tensor<1x8x?x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x?x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' (batch_norm_c1) input 1x8x?x4 has dynamic dimension 2; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %s : (tensor<1x8x?x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x?x4xf32>
  return %0 : tensor<1x8x?x4xf32>
}

// -----

// Tests that batch_norm_c2 rejects a parameter whose length is not C, naming
// it (here mean).
func.func @batch_norm_c2_mean(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %m: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' (batch_norm_c2) 'mean' has shape [4], expected [8]}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %m, %s : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that batch_norm_c2 (ODS) rejects a parameter that is not 1-D.
func.func @batch_norm_c2_scale_rank(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %t: tensor<1x8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'dlc.batch_norm' op operand #1 must be 1D tensor of 32-bit float values, but got 'tensor<1x8xf32>'}}
  %0 = dlc.batch_norm %x, %t, %s, %s, %s : (tensor<1x8x4x4xf32>, tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that batch_norm_c3 rejects an epsilon of 0.
func.func @batch_norm_c3_epsilon(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' (batch_norm_c3) 'epsilon' is 0.000000e+00, expected a positive value}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %s {epsilon = 0.0 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that concat_c1 rejects inputs of different ranks.
func.func @concat_c1_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c1) input 1 has rank 3, expected 2 as input 0}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c1 rejects a concat without inputs.
func.func @concat_c1_no_inputs() -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c1) has no inputs, expected 1 or more}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat {axis = 0 : i64} : () -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c1 rejects a dynamic dimension other than the batch.
func.func @concat_c1_dynamic(%a: tensor<2x?xf32>) -> tensor<4x?xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c1) input 2x? has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %a {axis = 0 : i64} : (tensor<2x?xf32>, tensor<2x?xf32>) -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

// Tests that concat_c2 rejects an axis past the last dimension.
func.func @concat_c2_high(%a: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c2) 'axis' value is 2, accepted range is [-2, 1]}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c2 rejects an axis before the first dimension.
func.func @concat_c2_low(%a: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c2) 'axis' value is -3, accepted range is [-2, 1]}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %a {axis = -3 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c3 rejects inputs that differ outside the axis.
func.func @concat_c3_shape(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c3) input 1 has shape [2x4] and input 0 [2x3]: dimension 1 differs}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c3 compares a dynamic batch with a static one as a
// different dimension.
func.func @concat_c3_dynamic_batch(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>) -> tensor<?x6xf32> {
  // expected-error @+2 {{'dlc.concat' (concat_c3) input 1 has shape [2x3] and input 0 [?x3]: dimension 0 differs}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// Tests that dlc.concat requires the axis attribute (ODS).
func.func @concat_missing_axis(%a: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dlc.concat' op requires attribute 'axis'}}
  %0 = dlc.concat %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that dlc.concat rejects a non-f32 input (ODS).
func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xf64>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dlc.concat' op operand #1 must be variadic of ranked tensor of 32-bit float values, but got 'tensor<2x3xf64>'}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that pad_c1 rejects pads that do not hold 2 x rank values.
func.func @pad_c1_count(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.pad' (pad_c1) 'pads' has 4 values, expected 8 (2 x rank)}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that pad_c1 rejects a dynamic dimension other than the batch.
func.func @pad_c1_dynamic(%x: tensor<1x?xf32>) -> tensor<1x?xf32> {
  // expected-error @+2 {{'dlc.pad' (pad_c1) input 1x? has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 0, 0>} : (tensor<1x?xf32>) -> tensor<1x?xf32>
  return %0 : tensor<1x?xf32>
}

// -----

// Tests that pad_c2 rejects a negative pad (ONNX's cropping).
func.func @pad_c2_negative(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.pad' (pad_c2) 'pads' is [0, 0, 1, 1, 0, 0, -1, 1], expected non-negative values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, -1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that pad_c2 rejects a pad above 2^30.
func.func @pad_c2_huge(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'dlc.pad' (pad_c2) 'pads' is [0, 1073741825], expected non-negative values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 0, 1073741825>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that dlc.pad requires the pads attribute (ODS).
func.func @pad_missing_pads(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.pad' op requires attribute 'pads'}}
  %0 = dlc.pad %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that dlc.pad rejects a non-f32 input (ODS).
func.func @pad_element_type(%x: tensor<4xf64>) -> tensor<4xf64> {
  // expected-error @+1 {{'dlc.pad' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf64>'}}
  %0 = dlc.pad %x {pads = array<i64: 0, 0>} : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// Tests that dlc.pad rejects a declared result type that differs from the
// inferred one.
func.func @pad_result_type(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+2 {{'dlc.pad' op inferred type(s) 'tensor<6xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 1, 1>} : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Tests that matmul_c1 rejects a 1-D operand.
func.func @matmul_c1_rank(%a: tensor<4xf32>, %b: tensor<4x6xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{'dlc.matmul' (matmul_c1) operands have ranks 1 and 2, expected 2 or more}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Tests that matmul_c2 rejects an lhs whose columns are not the rhs's rows.
func.func @matmul_c2_inner(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+2 {{'dlc.matmul' (matmul_c2) cannot multiply [3x4] by [5x6]: 4 columns against 5 rows}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Tests that matmul_c3 rejects batch dimensions that do not broadcast.
func.func @matmul_c3_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+2 {{'dlc.matmul' (matmul_c3) batch dimensions of [2x3x4] and [3x4x6] do not broadcast}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

// Tests that dlc.matmul rejects a non-f32 operand (ODS).
func.func @matmul_element_type(%a: tensor<3x4xf64>, %b: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{'dlc.matmul' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<3x4xf64>'}}
  %0 = dlc.matmul %a, %b : (tensor<3x4xf64>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Tests that dlc.matmul rejects a declared result type that differs from the
// inferred one.
func.func @matmul_result_type(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>) -> tensor<3x5xf32> {
  // expected-error @+2 {{'dlc.matmul' op inferred type(s) 'tensor<3x6xf32>' are incompatible with return type(s) of operation 'tensor<3x5xf32>'}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Tests that transpose_c1 rejects a perm that repeats a dimension.
func.func @transpose_c1_repeated(%x: tensor<2x3x4xf32>) -> tensor<4x3x3xf32> {
  // expected-error @+2 {{'dlc.transpose' (transpose_c1) 'perm' is [2, 1, 1], expected a permutation of [0, 3)}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 2, 1, 1>} : (tensor<2x3x4xf32>) -> tensor<4x3x3xf32>
  return %0 : tensor<4x3x3xf32>
}

// -----

// Tests that transpose_c1 rejects a perm with fewer values than the rank.
func.func @transpose_c1_count(%x: tensor<2x3x4xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{'dlc.transpose' (transpose_c1) 'perm' is [1, 0], expected a permutation of [0, 3)}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that transpose_c2 rejects a perm that moves a dynamic batch.
func.func @transpose_c2_dynamic_batch(%x: tensor<?x3xf32>) -> tensor<3x?xf32> {
  // expected-error @+2 {{'dlc.transpose' (transpose_c2) 'perm' [1, 0] moves the dynamic batch dimension}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : (tensor<?x3xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// Tests that dlc.transpose requires the perm attribute (ODS).
func.func @transpose_missing_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'dlc.transpose' op requires attribute 'perm'}}
  %0 = dlc.transpose %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that gather_c1 rejects an axis at or above the rank of data.
func.func @gather_c1_axis_range(%x: tensor<3x6xf32>, %i: tensor<4xi64>) -> tensor<3x4xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c1) 'axis' 2 is outside [-rank, rank) of data 3x6}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i {axis = 2 : i64} : (tensor<3x6xf32>, tensor<4xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that gather_c1 rejects a negative axis below -rank.
func.func @gather_c1_negative_axis(%x: tensor<3x6xf32>, %i: tensor<4xi64>) -> tensor<4x6xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c1) 'axis' -3 is outside [-rank, rank) of data 3x6}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i {axis = -3 : i64} : (tensor<3x6xf32>, tensor<4xi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that gather_c1 rejects rank-0 data, which has no axis to gather.
func.func @gather_c1_scalar_data(%x: tensor<f32>, %i: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c1) 'axis' 0 is outside [-rank, rank) of data}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<f32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that gather_c1 rejects gathering along the dynamic batch of data.
func.func @gather_c1_dynamic_batch(%x: tensor<?x6xf32>, %i: tensor<4xi64>) -> tensor<4x6xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c1) 'axis' 0 is the dynamic batch dimension of data ?x6}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<?x6xf32>, tensor<4xi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that gather_c2 rejects a dynamic dimension of data other than 0.
func.func @gather_c2_data_dynamic(%x: tensor<3x?xf32>, %i: tensor<4xi64>) -> tensor<4x?xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c2) data 3x? has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<3x?xf32>, tensor<4xi64>) -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

// Tests that gather_c2 rejects a dynamic dimension of indices other than 0.
func.func @gather_c2_indices_dynamic(%x: tensor<3x6xf32>, %i: tensor<2x?xi64>) -> tensor<2x?x6xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c2) indices 2x? has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<3x6xf32>, tensor<2x?xi64>) -> tensor<2x?x6xf32>
  return %0 : tensor<2x?x6xf32>
}

// -----

// Tests that gather_c2 rejects a dynamic batch in both data and indices.
func.func @gather_c2_both_dynamic(%x: tensor<?x6xf32>, %i: tensor<?xi64>) -> tensor<?x?xf32> {
  // expected-error @+2 {{'dlc.gather' (gather_c2) data ?x6 and indices ? are both dynamic; only one batch may be}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<?x6xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that dlc.gather rejects indices that are not int64 (ODS).
func.func @gather_indices_element_type(%x: tensor<3x6xf32>, %i: tensor<4xi32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'dlc.gather' op operand #1 must be ranked tensor of 64-bit signless integer values, but got 'tensor<4xi32>'}}
  %0 = dlc.gather %x, %i : (tensor<3x6xf32>, tensor<4xi32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that dlc.gather rejects float indices (ODS).
func.func @gather_indices_float(%x: tensor<3x6xf32>, %i: tensor<4xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'dlc.gather' op operand #1 must be ranked tensor of 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = dlc.gather %x, %i : (tensor<3x6xf32>, tensor<4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that dlc.gather rejects int64 data (ODS): it gathers float32 only.
func.func @gather_data_element_type(%x: tensor<3x6xi64>, %i: tensor<4xi64>) -> tensor<4x6xi64> {
  // expected-error @+1 {{'dlc.gather' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<3x6xi64>'}}
  %0 = dlc.gather %x, %i : (tensor<3x6xi64>, tensor<4xi64>) -> tensor<4x6xi64>
  return %0 : tensor<4x6xi64>
}

// -----

// Tests that dlc.gather rejects a stated result type other than
// data[:axis] + indices.shape + data[axis+1:].
func.func @gather_result_type(%x: tensor<3x6xf32>, %i: tensor<4xi64>) -> tensor<3x6xf32> {
  // expected-error @+2 {{'dlc.gather' op inferred type(s) 'tensor<4x6xf32>' are incompatible with return type(s) of operation 'tensor<3x6xf32>'}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<3x6xf32>, tensor<4xi64>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Tests that reduce_c1 rejects an axis out of range (dlc.reduce_sum).
func.func @reduce_c1_sum_range(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{'dlc.reduce_sum' (reduce_c1) 'axes' is [2], expected distinct values in [-2, 1]}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Tests that reduce_c1 rejects an axis given twice, once negative
// (dlc.reduce_max).
func.func @reduce_c1_max_repeated(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{'dlc.reduce_max' (reduce_c1) 'axes' is [1, -1], expected distinct values in [-2, 1]}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Tests that reduce_c1 rejects empty axes (dlc.reduce_mean).
func.func @reduce_c1_mean_empty(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.reduce_mean' (reduce_c1) 'axes' is empty}}
  // expected-error @+1 {{'dlc.reduce_mean' op failed to infer returned types}}
  %0 = dlc.reduce_mean %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that reduce_c2 rejects reducing the dynamic batch (dlc.reduce_mean).
func.func @reduce_c2_mean_batch(%x: tensor<?x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+2 {{'dlc.reduce_mean' (reduce_c2) reduces the dynamic batch dimension}}
  // expected-error @+1 {{'dlc.reduce_mean' op failed to infer returned types}}
  %0 = dlc.reduce_mean %x {axes = array<i64: 0>} : (tensor<?x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Tests that reduce_c2 rejects a dynamic dimension other than the batch
// (dlc.reduce_min), even when that dimension is not reduced.
func.func @reduce_c2_min_dynamic(%x: tensor<2x?xf32>) -> tensor<1x?xf32> {
  // expected-error @+2 {{'dlc.reduce_min' (reduce_c2) input 2x? has dynamic dimension 1; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.reduce_min' op failed to infer returned types}}
  %0 = dlc.reduce_min %x {axes = array<i64: 0>} : (tensor<2x?xf32>) -> tensor<1x?xf32>
  return %0 : tensor<1x?xf32>
}

// -----

// Tests that the reductions require the axes attribute (ODS).
func.func @reduce_missing_axes(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'dlc.reduce_sum' op requires attribute 'axes'}}
  %0 = dlc.reduce_sum %x : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Tests that keepdims must be a bool (ODS).
func.func @reduce_keepdims_type(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'dlc.reduce_max' op attribute 'keepdims' failed to satisfy constraint: bool attribute}}
  %0 = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Tests that slice_c1 rejects attributes without one value per dimension.
func.func @slice_c1_count(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.slice' (slice_c1) 'offsets', 'sizes' and 'strides' have 1, 2 and 2 values, expected 2 each}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {offsets = array<i64: 0>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that slice_c1 rejects a stride of 0.
func.func @slice_c1_zero_stride(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.slice' (slice_c1) dimension 1 has offset 0, size 3 and stride 0: expected offset >= 0, size >= 0, stride > 0}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that slice_c2 rejects a window whose last element lies past the end
// (4 + 2 * 2 = 8 in a dimension of 8).
func.func @slice_c2_outside(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.slice' (slice_c2) dimension 1 reads up to index 8, but its extent is 8}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {offsets = array<i64: 0, 4>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that slice_c3 rejects a window of the dynamic batch.
func.func @slice_c3_batch(%x: tensor<?x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{'dlc.slice' (slice_c3) dimension 0 is dynamic and must be taken whole (offset 0, stride 1, size -1)}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 8>, strides = array<i64: 1, 1>} : (tensor<?x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that dlc.slice requires strides (ODS: it has no default in the
// dialect, unlike the model-file attribute).
func.func @slice_missing_strides(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dlc.slice' op requires attribute 'strides'}}
  %0 = dlc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 4, 3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that broadcast_c1 rejects a shape that does not broadcast with the
// input.
func.func @broadcast_c1_shape(%x: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.broadcast' (broadcast_c1) cannot broadcast 3x4 with 2x5x4: dimension 1 is 3 and 5}}
  // expected-error @+1 {{'dlc.broadcast' op failed to infer returned types}}
  %0 = dlc.broadcast %x {shape = array<i64: 2, 5, 4>} : (tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that broadcast_c1 rejects a negative value in shape.
func.func @broadcast_c1_negative(%x: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.broadcast' (broadcast_c1) 'shape' is [2, -1, 4], expected non-negative values}}
  // expected-error @+1 {{'dlc.broadcast' op failed to infer returned types}}
  %0 = dlc.broadcast %x {shape = array<i64: 2, -1, 4>} : (tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that dlc.broadcast requires the shape attribute (ODS).
func.func @broadcast_missing_shape(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'dlc.broadcast' op requires attribute 'shape'}}
  %0 = "dlc.broadcast"(%x) : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that layer_norm_c1 rejects an axis out of range.
func.func @layer_norm_c1_range(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c1) 'axis' value is 3, accepted range is [-3, 2] without the dynamic batch dimension}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s {axis = 3 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that layer_norm_c1 rejects normalizing over a dynamic batch (here
// through a negative axis).
func.func @layer_norm_c1_batch(%x: tensor<?x3xf32>, %s: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c1) 'axis' value is -2, accepted range is [-2, 1] without the dynamic batch dimension}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s {axis = -2 : i64} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that layer_norm_c2 rejects a bias of another shape than the
// normalized dimensions.
func.func @layer_norm_c2_bias(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c2) 'scale' [4] and 'bias' [3] must have shape [4]}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s, %b : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that layer_norm_c2 rejects a scale that covers only the last
// dimension when axis = 1.
func.func @layer_norm_c2_scale(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c2) 'scale' [4] and 'bias' [none] must have shape [3x4]}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that layer_norm_c3 rejects epsilon = 0.
func.func @layer_norm_c3_epsilon(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c3) 'epsilon' is 0.000000e+00, expected a positive value}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s {epsilon = 0.0 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that layer_norm_c3 rejects a NaN epsilon.
func.func @layer_norm_c3_nan(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.layer_norm' (layer_norm_c3) 'epsilon' is nan, expected a positive value}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %0 = dlc.layer_norm %x, %s {epsilon = 0x7FC00000 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that dlc.layer_norm rejects a non-f32 scale (ODS).
func.func @layer_norm_element_type(%x: tensor<2x4xf32>, %s: tensor<4xf64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.layer_norm' op operand #1 must be ranked tensor of 32-bit float values, but got 'tensor<4xf64>'}}
  %0 = dlc.layer_norm %x, %s : (tensor<2x4xf32>, tensor<4xf64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that conv_transpose2d_c1 (ODS) rejects an input that is not 4-D.
func.func @conv_transpose2d_c1_input_rank(%x: tensor<1x4x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+1 {{'dlc.conv_transpose2d' op operand #0 must be 4D tensor of 32-bit float values, but got 'tensor<1x4x8xf32>'}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c1 rejects a weight whose first dimension is
// not the input channels.
func.func @conv_transpose2d_c1_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c1) weight 3x2x3x3 must be static with 4 input channels first}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c1 rejects a dynamic dimension other than the
// batch.
func.func @conv_transpose2d_c1_dynamic_height(%x: tensor<1x4x?x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c1) input 1x4x?x8 has dynamic dimension 2; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x?x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c2 rejects groups = 0.
func.func @conv_transpose2d_c2_zero_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c2) 'groups' is 0, expected a positive divisor of the input channels (4)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c2 rejects groups that do not divide the input
// channels.
func.func @conv_transpose2d_c2_groups_divide_input(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x6x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c2) 'groups' is 3, expected a positive divisor of the input channels (4)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {groups = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x6x10x10xf32>
  return %0 : tensor<1x6x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c3 rejects a bias whose length is not the
// output channels (weight dimension 1 times groups).
func.func @conv_transpose2d_c3_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c3) bias has shape 4, expected 2}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c4 rejects a non-positive stride.
func.func @conv_transpose2d_c4_strides(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c4) 'strides' is [0, 1], expected 2 positive values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c4 rejects dilations with the wrong number of
// values.
func.func @conv_transpose2d_c4_dilations(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c4) 'dilations' is [2], expected 2 positive values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {dilations = array<i64: 2>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c5 rejects negative padding.
func.func @conv_transpose2d_c5_padding(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c5) 'padding' is [0, -1, 0, 0], expected 4 non-negative values [top, left, bottom, right] (at most 1073741824)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// -----

// Tests that conv_transpose2d_c5 rejects an output padding that is not
// smaller than its stride nor its dilation.
func.func @conv_transpose2d_c5_output_padding(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x17x19xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c5) 'output_padding' is [0, 2], expected 2 non-negative values below the stride or dilation}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 0, 2>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x17x19xf32>
  return %0 : tensor<1x2x17x19xf32>
}

// -----

// Tests that conv_transpose2d_c5 rejects a negative output padding.
func.func @conv_transpose2d_c5_output_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x9x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c5) 'output_padding' is [-1, 0], expected 2 non-negative values below the stride or dilation}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {output_padding = array<i64: -1, 0>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x9x10xf32>
  return %0 : tensor<1x2x9x10xf32>
}

// -----

// Tests that conv_transpose2d_c6 rejects padding that leaves no output rows:
// (8 - 1)*1 - 5 - 5 + 1*(3 - 1) + 0 + 1 = 0.
func.func @conv_transpose2d_c6_height(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x1x10xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' (conv_transpose2d_c6) output height is 0, expected a positive value}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {padding = array<i64: 5, 0, 5, 0>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x1x10xf32>
  return %0 : tensor<1x2x1x10xf32>
}

// -----

// Tests that dlc.conv_transpose2d rejects a stated result type that differs
// from the inferred one.
func.func @conv_transpose2d_result_type(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op inferred type(s) 'tensor<1x2x10x10xf32>' are incompatible with return type(s) of operation 'tensor<1x2x8x8xf32>'}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

// Tests that prelu_c1 rejects slopes that do not broadcast over the input.
func.func @prelu_c1(%x: tensor<1x3x4x4xf32>, %s: tensor<2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'dlc.prelu' (prelu_c1) cannot broadcast 1x3x4x4 with 2x1x1: dimension 1 is 3 and 2}}
  // expected-error @+1 {{'dlc.prelu' op failed to infer returned types}}
  %0 = dlc.prelu %x, %s : (tensor<1x3x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// Tests that log_softmax_c1 rejects an axis past the last dimension.
func.func @log_softmax_c1_high(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'dlc.log_softmax' op (log_softmax_c1) 'axis' value is 2, accepted range is [-2, 1]}}
  %0 = dlc.log_softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that log_softmax_c1 rejects an axis before the first dimension.
func.func @log_softmax_c1_low(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'dlc.log_softmax' op (log_softmax_c1) 'axis' value is -3, accepted range is [-2, 1]}}
  %0 = dlc.log_softmax %x {axis = -3 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that lrn_c1 rejects an input without spatial dimensions.
func.func @lrn_c1_rank(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'dlc.lrn' op (lrn_c1) 'input' has rank 2, expected 3 or more}}
  %0 = dlc.lrn %x {size = 3 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that lrn_c2 rejects size = 0.
func.func @lrn_c2_size(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'dlc.lrn' op (lrn_c2) 'size' 0, 'alpha' 1.000000e-04, 'beta' 7.500000e-01, 'bias' 1.000000e+00: expected positive size, alpha and bias and non-negative beta}}
  %0 = dlc.lrn %x {size = 0 : i64} : tensor<1x10x4xf32>
  return %0 : tensor<1x10x4xf32>
}

// -----

// Tests that lrn_c2 rejects alpha = 0.
func.func @lrn_c2_alpha(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'dlc.lrn' op (lrn_c2) 'size' 3, 'alpha' 0.000000e+00, 'beta' 7.500000e-01, 'bias' 1.000000e+00: expected positive size, alpha and bias and non-negative beta}}
  %0 = dlc.lrn %x {size = 3 : i64, alpha = 0.0 : f32} : tensor<1x10x4xf32>
  return %0 : tensor<1x10x4xf32>
}

// -----

// Tests that lrn_c2 rejects a negative beta.
func.func @lrn_c2_beta(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'dlc.lrn' op (lrn_c2) 'size' 3, 'alpha' 1.000000e-04, 'beta' -1.000000e+00, 'bias' 1.000000e+00: expected positive size, alpha and bias and non-negative beta}}
  %0 = dlc.lrn %x {size = 3 : i64, beta = -1.0 : f32} : tensor<1x10x4xf32>
  return %0 : tensor<1x10x4xf32>
}

// -----

// Tests that lrn_c2 rejects a NaN bias.
func.func @lrn_c2_bias_nan(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'dlc.lrn' op (lrn_c2) 'size' 3, 'alpha' 1.000000e-04, 'beta' 7.500000e-01, 'bias' nan: expected positive size, alpha and bias and non-negative beta}}
  %0 = dlc.lrn %x {size = 3 : i64, bias = 0x7FC00000 : f32} : tensor<1x10x4xf32>
  return %0 : tensor<1x10x4xf32>
}

// -----

// Tests that dlc.lrn needs a size (ODS: it has no default).
func.func @lrn_no_size(%x: tensor<1x10x4xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'dlc.lrn' op requires attribute 'size'}}
  %0 = dlc.lrn %x : tensor<1x10x4xf32>
  return %0 : tensor<1x10x4xf32>
}

// -----

// Tests that group_norm_c1 rejects an input without spatial dimensions.
func.func @group_norm_c1_rank(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c1) 'input' has rank 2, expected 3 or more}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 2 : i64} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that group_norm_c1 rejects a dynamic dimension other than the batch.
func.func @group_norm_c1_dynamic_height(%x: tensor<1x8x?x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x?x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c1) input 1x8x?x4 has dynamic dimension 2; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 2 : i64} : (tensor<1x8x?x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x?x4xf32>
  return %0 : tensor<1x8x?x4xf32>
}

// -----

// Tests that group_norm_c2 rejects groups that do not divide the channels.
func.func @group_norm_c2_groups_divide(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c2) 'groups' 3, 'scale' [8] and 'bias' [8]: expected a divisor of 8 and shapes [8]}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 3 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c2 rejects groups = 0.
func.func @group_norm_c2_zero_groups(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c2) 'groups' 0, 'scale' [8] and 'bias' [8]: expected a divisor of 8 and shapes [8]}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 0 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c2 rejects a scale whose length is not C (the groups
// would divide its length).
func.func @group_norm_c2_scale(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %t: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c2) 'groups' 4, 'scale' [4] and 'bias' [8]: expected a divisor of 8 and shapes [8]}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %t, %s {groups = 4 : i64} : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c2 rejects a bias whose length is not C.
func.func @group_norm_c2_bias(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<16xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c2) 'groups' 8, 'scale' [8] and 'bias' [16]: expected a divisor of 8 and shapes [8]}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %b {groups = 8 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<16xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c2 (ODS) rejects a scale that is not 1-D.
func.func @group_norm_c2_scale_rank(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %t: tensor<1x8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'dlc.group_norm' op operand #1 must be 1D tensor of 32-bit float values, but got 'tensor<1x8xf32>'}}
  %0 = dlc.group_norm %x, %t, %s {groups = 4 : i64} : (tensor<1x8x4x4xf32>, tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c3 rejects an epsilon of 0.
func.func @group_norm_c3_epsilon(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c3) 'epsilon' is 0.000000e+00, expected a positive value}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 4 : i64, epsilon = 0.0 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that group_norm_c3 rejects a NaN epsilon.
func.func @group_norm_c3_epsilon_nan(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+2 {{'dlc.group_norm' (group_norm_c3) 'epsilon' is nan, expected a positive value}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 4 : i64, epsilon = 0x7FC00000 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that dlc.group_norm needs groups (ODS: it has no default).
func.func @group_norm_no_groups(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'dlc.group_norm' op requires attribute 'groups'}}
  %0 = dlc.group_norm %x, %s, %s : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that dlc.group_norm rejects a stated result type that differs from
// the input's.
func.func @group_norm_result_type(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x5xf32> {
  // expected-error @+2 {{'dlc.group_norm' op inferred type(s) 'tensor<1x8x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x4x5xf32>'}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %0 = dlc.group_norm %x, %s, %s {groups = 4 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x5xf32>
  return %0 : tensor<1x8x4x5xf32>
}

// -----

// Tests that dlc.group_norm rejects parameters of another element type (ODS).
func.func @group_norm_element_type(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf64>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'dlc.group_norm' op operand #1 must be 1D tensor of 32-bit float values, but got 'tensor<8xf64>'}}
  %0 = dlc.group_norm %x, %s, %s {groups = 4 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf64>, tensor<8xf64>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Tests that resize_c1 (ODS) rejects an input that is not 4-D.
func.func @resize_c1_input_rank(%x: tensor<1x3x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+1 {{'dlc.resize' op operand #0 must be 4D tensor of 32-bit float values, but got 'tensor<1x3x4xf32>'}}
  %0 = dlc.resize %x {size = array<i64: 8, 8>} : (tensor<1x3x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that resize_c1 rejects a dynamic dimension other than the batch.
func.func @resize_c1_dynamic_height(%x: tensor<1x3x?x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{'dlc.resize' (resize_c1) input 1x3x?x4 has dynamic dimension 2; only the batch dimension (0) may be dynamic}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 8, 8>} : (tensor<1x3x?x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that resize_c1 rejects a size of 0.
func.func @resize_c1_size_zero(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{'dlc.resize' (resize_c1) 'size' is [8, 0], expected 2 positive values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 8, 0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that resize_c1 rejects a size with the wrong number of values.
func.func @resize_c1_size_count(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{'dlc.resize' (resize_c1) 'size' is [1, 8, 8], expected 2 positive values (at most 1073741824)}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 1, 8, 8>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that resize_c2 rejects a mode other than nearest and linear.
func.func @resize_c2_mode(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{'dlc.resize' (resize_c2) 'mode' is 'cubic', accepted: nearest, linear}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 8, 8>, mode = "cubic"} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that resize_c2 rejects an unknown coordinate mode.
func.func @resize_c2_coordinate_mode(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+2 {{'dlc.resize' (resize_c2) 'coordinate_mode' is 'tf_crop_and_resize', accepted: asymmetric, half_pixel, pytorch_half_pixel, align_corners}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 8, 8>, coordinate_mode = "tf_crop_and_resize"} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that dlc.resize needs a size (ODS: it has no default).
func.func @resize_no_size(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+1 {{'dlc.resize' op requires attribute 'size'}}
  %0 = dlc.resize %x : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Tests that dlc.resize rejects a stated result type whose spatial size is
// not `size`.
func.func @resize_result_type(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x8x9xf32> {
  // expected-error @+2 {{'dlc.resize' op inferred type(s) 'tensor<1x3x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x3x8x9xf32>'}}
  // expected-error @+1 {{'dlc.resize' op failed to infer returned types}}
  %0 = dlc.resize %x {size = array<i64: 8, 8>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x9xf32>
  return %0 : tensor<1x3x8x9xf32>
}

// -----

// Tests that dlc.attention rejects a k whose depth differs from q's.
func.func @attention_c1_depth(%q: tensor<2x5x8xf32>, %k: tensor<2x6x7xf32>, %v: tensor<2x6x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.attention' (attention_c1) q [2x5x8], k [2x6x7] and v [2x6x4] are not [B..., Sq, D], [B..., Sk, D] and [B..., Sk, Dv]}}
  // expected-error @+1 {{'dlc.attention' op failed to infer returned types}}
  %0 = dlc.attention %q, %k, %v : (tensor<2x5x8xf32>, tensor<2x6x7xf32>, tensor<2x6x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// Tests that dlc.attention rejects a mask that does not broadcast to the
// scores [B, Sq, Sk].
func.func @attention_c2_mask(%q: tensor<2x5x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x4xf32>, %m: tensor<5x7xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.attention' (attention_c2) mask [5x7] does not broadcast to the scores [2x5x6]}}
  // expected-error @+1 {{'dlc.attention' op failed to infer returned types}}
  %0 = dlc.attention %q, %k, %v, %m : (tensor<2x5x8xf32>, tensor<2x6x8xf32>, tensor<2x6x4xf32>, tensor<5x7xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// Tests that dlc.attention rejects a block size without the other.
func.func @attention_c3_one_block(%q: tensor<2x5x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+1 {{'dlc.attention' op (attention_c3) 'block_queries' is 24 and 'block_keys' is 0, accepted: both 0 (row-at-a-time kernel) or both positive (flash attention)}}
  %0 = dlc.attention %q, %k, %v {block_queries = 24 : i64} : (tensor<2x5x8xf32>, tensor<2x6x8xf32>, tensor<2x6x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// Tests that dlc.attention rejects a negative block size.
func.func @attention_c3_negative(%q: tensor<2x5x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+1 {{'dlc.attention' op (attention_c3) 'block_queries' is 24 and 'block_keys' is -64, accepted: both 0 (row-at-a-time kernel) or both positive (flash attention)}}
  %0 = dlc.attention %q, %k, %v {block_queries = 24 : i64, block_keys = -64 : i64} : (tensor<2x5x8xf32>, tensor<2x6x8xf32>, tensor<2x6x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// Tests that a comparison (here less_c1) rejects shapes that do not broadcast.
func.func @less_c1(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.less' (less_c1) cannot broadcast 2x3 with 4: dimension 1 is 3 and 4}}
  // expected-error @+1 {{'dlc.less' op failed to infer returned types}}
  %0 = dlc.less %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that where_c1 rejects a mask that does not broadcast with the values.
func.func @where_c1(%c: tensor<3x1xf32>, %a: tensor<2x5xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'dlc.where' (where_c1) cond 3x1, a 2x5 and b 5 do not broadcast}}
  // expected-error @+1 {{'dlc.where' op failed to infer returned types}}
  %0 = dlc.where %c, %a, %b : (tensor<3x1xf32>, tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Tests that dlc.where takes a float mask, not an i1 tensor.
func.func @where_bool_mask(%c: tensor<5xi1>, %a: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'dlc.where' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<5xi1>'}}
  %0 = dlc.where %c, %a, %a : (tensor<5xi1>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Tests that fused_c1 rejects a body with fewer arguments than the group has
// inputs.
func.func @fused_c1_argument_count(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) the body takes 1 argument(s) for 2 input(s)}}
  %0 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32> {
  ^bb0(%a: tensor<2x8xf32>):
    %1 = dlc.relu %a : tensor<2x8xf32>
    dlc.yield %1 : tensor<2x8xf32>
  }
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that fused_c1 rejects a body argument whose type is not its input's.
func.func @fused_c1_argument_type(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) body argument 1 has type 'tensor<8x4xf32>', but input 1 is 'tensor<4x8xf32>'}}
  %0 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>):
    %1 = dlc.matmul %a, %b : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
    dlc.yield %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c1 rejects a body that is only a dlc.yield.
func.func @fused_c1_only_yield(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) the body has no producer before its dlc.yield}}
  %0 = dlc.fused %x : (tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x4xf32>):
    dlc.yield %a : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c1 rejects an empty body, with the same message.
func.func @fused_c1_empty_body(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) the body has no producer before its dlc.yield}}
  %0 = dlc.fused %x : (tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x4xf32>):
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c1 rejects a body that does not end in dlc.yield.
func.func @fused_c1_no_yield(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) the body does not end in dlc.yield}}
  %0 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.relu %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c1 rejects a yielded value whose type is not the result's.
func.func @fused_c1_yield_type(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) the body yields 'tensor<2x4xf32>', but the results are 'tensor<2x8xf32>'}}
  %0 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    dlc.yield %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that fused_c1 rejects a group with two results: a group computes
// one tensor, or a training convolution's three.
func.func @fused_c1_result_count(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c1) has 2 results, expected 1 or 3}}
  %0:2 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.relu %1 : tensor<2x4xf32>
    dlc.yield %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %0#1 : tensor<2x4xf32>
}

// -----

// Tests that fused_c4 rejects three results whose body is not a training
// convolution, batch statistics and batch norm.
func.func @fused_c4_not_conv_batch_norm(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c4) a group with three results starts with dlc.conv2d, dlc.batch_stats and dlc.batch_norm_train}}
  %0:3 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.relu %1 : tensor<2x4xf32>
    dlc.yield %1, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %0#2 : tensor<2x4xf32>
}

// -----

// Tests that fused_c4 rejects a batch norm that does not normalize with the
// statistics of the convolution (here the scale and bias swapped).
func.func @fused_c4_scale_bias_order(%x: tensor<2x3x4x4xf32>, %w: tensor<8x3x1x1xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x4x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c4) the batch norm does not normalize the convolution with its statistics and the block arguments after the convolution's}}
  %0:3 = dlc.fused %x, %w, %g, %b : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
  ^bb0(%a0: tensor<2x3x4x4xf32>, %a1: tensor<8x3x1x1xf32>, %a2: tensor<8xf32>, %a3: tensor<8xf32>):
    %1 = dlc.conv2d %a0, %a1 : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>) -> tensor<2x8x4x4xf32>
    %2 = dlc.batch_stats %1 : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
    %3 = dlc.batch_norm_train %1, %a3, %a2, %2 : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
    dlc.yield %1, %2, %3 : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
  }
  return %0#2 : tensor<2x8x4x4xf32>
}

// -----

// Tests that fused_c4 rejects a body that does not yield the convolution
// and its statistics first.
func.func @fused_c4_yield_order(%x: tensor<2x3x4x4xf32>, %w: tensor<8x3x1x1xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x4x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c4) the body does not yield the convolution and its statistics first}}
  %0:3 = dlc.fused %x, %w, %g, %b : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>) {
  ^bb0(%a0: tensor<2x3x4x4xf32>, %a1: tensor<8x3x1x1xf32>, %a2: tensor<8xf32>, %a3: tensor<8xf32>):
    %1 = dlc.conv2d %a0, %a1 : (tensor<2x3x4x4xf32>, tensor<8x3x1x1xf32>) -> tensor<2x8x4x4xf32>
    %2 = dlc.batch_stats %1 : (tensor<2x8x4x4xf32>) -> tensor<2x8xf32>
    %3 = dlc.batch_norm_train %1, %a2, %a3, %2 : (tensor<2x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8x4x4xf32>
    dlc.yield %3, %2, %3 : tensor<2x8x4x4xf32>, tensor<2x8xf32>, tensor<2x8x4x4xf32>
  }
  return %0#2 : tensor<2x8x4x4xf32>
}

// -----

// Tests that dlc.fused rejects a result that is not an f32 tensor (ODS).
func.func @fused_result_type(%x: tensor<2x8xf32>) -> tensor<2x8xi64> {
  // expected-error @+1 {{'dlc.fused' op result #0 must be variadic of ranked tensor of 32-bit float values, but got 'tensor<2x8xi64>'}}
  %0 = dlc.fused %x : (tensor<2x8xf32>) -> tensor<2x8xi64> {
  ^bb0(%a: tensor<2x8xf32>):
    %1 = dlc.relu %a : tensor<2x8xf32>
    dlc.yield %1 : tensor<2x8xf32>
  }
  return %0 : tensor<2x8xi64>
}

// -----

// Tests that dlc.fused is isolated from above: its body reads values only
// through its arguments.
func.func @fused_reads_from_above(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = dlc.fused %x : (tensor<2x8xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>):
    // expected-error @+1 {{'dlc.linear' op using value defined outside the region}}
    %1 = dlc.linear %a, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    dlc.yield %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that dlc.yield appears only as the terminator of a dlc.fused body (ODS).
func.func @yield_outside_fused(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'dlc.yield' op expects parent op 'dlc.fused'}}
  dlc.yield %x : tensor<2x8xf32>
  return %x : tensor<2x8xf32>
}

// -----

// Tests that fused_c2 rejects a body that does not start with a producer.
func.func @fused_c2_not_a_producer(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c2) the body starts with dlc.relu, expected dlc.conv2d, dlc.linear, dlc.matmul or dlc.batch_norm_train}}
  %0 = dlc.fused %x : (tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x4xf32>):
    %1 = dlc.relu %a : tensor<2x4xf32>
    dlc.yield %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c2 rejects a producer reading its inputs out of order.
func.func @fused_c2_operand_order(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c2) the producer's operand 0 is not body argument 0}}
  %0 = dlc.fused %x, %w : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> {
  ^bb0(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>):
    %1 = dlc.linear %b, %a : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    dlc.yield %1 : tensor<4x4xf32>
  }
  return %0 : tensor<4x4xf32>
}

// -----

// Tests that fused_c3 rejects a step that is not element-wise.
func.func @fused_c3_not_elementwise(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c3) dlc.softmax in the body is not element-wise}}
  %0 = dlc.fused %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.softmax %1 : tensor<2x4xf32>
    dlc.yield %2 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c3 rejects a body that leaves an input unread.
func.func @fused_c3_unread_input(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %s: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c3) the body does not yield the last step, or leaves inputs unread}}
  %0 = dlc.fused %x, %w, %s : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>, %c: tensor<2x4xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.relu %1 : tensor<2x4xf32>
    dlc.yield %2 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c3 rejects a step that does not read the previous value
// (the mul reads the linear's, but not the relu's).
func.func @fused_c3_skips_previous(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %s: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c3) dlc.mul does not read the previous value}}
  %0 = dlc.fused %x, %w, %s : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>, %c: tensor<2x4xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.relu %1 : tensor<2x4xf32>
    %3 = dlc.mul %1, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    dlc.yield %3 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that fused_c3 rejects a step whose other operand is neither an
// earlier value of the chain nor the next input (the input after it).
func.func @fused_c3_input_out_of_order(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %s: tensor<2x4xf32>, %t: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.fused' op (fused_c3) dlc.add reads neither the chain's values nor the next input}}
  %0 = dlc.fused %x, %w, %s, %t : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>, %c: tensor<2x4xf32>, %d: tensor<2x4xf32>):
    %1 = dlc.linear %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %2 = dlc.add %1, %d : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %3 = dlc.add %2, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    dlc.yield %3 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that conv2d_grad_weight_c1 rejects a gradient whose shape is not the
// convolution's output.
func.func @conv2d_grad_weight_c1(%x: tensor<2x3x8x8xf32>, %gy: tensor<2x4x7x7xf32>) -> tensor<4x3x3x3xf32> {
  // expected-error @+1 {{'dlc.conv2d_grad_weight' op (conv2d_grad_weight_c1) the convolution gives [2, 4, 6, 6], but 'grad_output' is [2, 4, 7, 7]}}
  %0 = dlc.conv2d_grad_weight %x, %gy : (tensor<2x3x8x8xf32>, tensor<2x4x7x7xf32>) -> tensor<4x3x3x3xf32>
  return %0 : tensor<4x3x3x3xf32>
}

// -----

// Tests that pool2d_grad_c1 rejects an unknown kind.
func.func @pool2d_grad_c1(%x: tensor<1x1x4x4xf32>, %gy: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'dlc.pool2d_grad' op (pool2d_grad_c1) 'kind' is 'min', expected max, avg or avg_include_pad}}
  %0 = dlc.pool2d_grad %x, %gy {kind = "min", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that pool2d_grad_c2 rejects a gradient of the wrong shape.
func.func @pool2d_grad_c2(%x: tensor<1x1x4x4xf32>, %gy: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'dlc.pool2d_grad' op (pool2d_grad_c2) pooling the input gives [1, 1, 2, 2]; 'grad_output' is [1, 1, 3, 3] and the result must have the input's type}}
  %0 = dlc.pool2d_grad %x, %gy {kind = "max", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that gather_grad_c1 rejects a gradient whose shape is not the
// gather's from the result's shape.
func.func @gather_grad_c1_shape(%gy: tensor<3x10xf32>, %i: tensor<2xi64>) -> tensor<5x10xf32> {
  // expected-error @+1 {{'dlc.gather_grad' op (gather_grad_c1) gathering from the result's shape gives [2, 10], but 'grad_output' is [3, 10]}}
  %0 = dlc.gather_grad %gy, %i : (tensor<3x10xf32>, tensor<2xi64>) -> tensor<5x10xf32>
  return %0 : tensor<5x10xf32>
}

// -----

// Tests that gather_grad_c1 rejects an axis outside the result's rank.
func.func @gather_grad_c1_axis(%gy: tensor<2x10xf32>, %i: tensor<2xi64>) -> tensor<5x10xf32> {
  // expected-error @+1 {{'dlc.gather_grad' op (gather_grad_c1) 'axis' is 2, accepted range is [-2, 1]}}
  %0 = dlc.gather_grad %gy, %i {axis = 2} : (tensor<2x10xf32>, tensor<2xi64>) -> tensor<5x10xf32>
  return %0 : tensor<5x10xf32>
}

// -----

// Tests that loss_c1 rejects an unknown loss.
func.func @loss_c1(%x: tensor<2x3xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'dlc.loss' op (loss_c1) 'kind' is 'hinge', expected cross_entropy, mse or bce_with_logits}}
  %0 = dlc.loss %x, %x {kind = "hinge"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// Tests that loss_c2 rejects float labels for cross_entropy.
func.func @loss_c2(%x: tensor<2x3xf32>, %t: tensor<2xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'dlc.loss' op (loss_c2) cross_entropy takes NxC logits and N int64 labels, not [2, 3] and 'tensor<2xf32>'}}
  %0 = dlc.loss %x, %t {kind = "cross_entropy"} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// Tests that loss_c3 rejects label smoothing outside cross_entropy.
func.func @loss_c3(%x: tensor<2x3xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'dlc.loss' op (loss_c3) 'label_smoothing' 1.000000e-01 must be in [0, 1], and 0 unless the loss is cross_entropy}}
  %0 = dlc.loss %x, %x {kind = "mse", label_smoothing = 0.1} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// Tests that loss_grad_c1 rejects a gradient of another type than the prediction.
func.func @loss_grad_c1(%x: tensor<2x3xf32>, %g: tensor<1xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'dlc.loss_grad' op (loss_grad_c1) 'grad_loss' must hold one value and the result must have the prediction's type}}
  %0 = dlc.loss_grad %x, %x, %g {kind = "mse"} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that optimizer_update_c1 rejects a missing state tensor.
func.func @optimizer_update_c1(%p: tensor<4xf32>, %s: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.optimizer_update' op (optimizer_update_c1) adam keeps 2 state tensor(s), got 1}}
  %0 = dlc.optimizer_update %p, %p, %s, %s, %p {optimizer = "adam", component = "param"}
      : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that optimizer_update_c2 rejects a learning rate of more than one value.
func.func @optimizer_update_c2(%p: tensor<4xf32>, %s: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.optimizer_update' op (optimizer_update_c2) 'grad' and the result must have the parameter's type, 'lr' and 'step' one element}}
  %0 = dlc.optimizer_update %p, %p, %p, %s {optimizer = "sgd", component = "param"}
      : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that optimizer_update_c3 rejects a state SGD does not keep.
func.func @optimizer_update_c3(%p: tensor<4xf32>, %s: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.optimizer_update' op (optimizer_update_c3) 'component' is 'state0'; sgd updates param}}
  %0 = dlc.optimizer_update %p, %p, %s, %s {optimizer = "sgd", component = "state0"}
      : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that dropout_c1 rejects a ratio of 1 (nothing would be kept).
func.func @dropout_c1(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.dropout' op (dropout_c1) 'ratio' is 1.000000e+00, expected a value in [0, 1)}}
  %0 = dlc.dropout %x {ratio = 1.0} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that dropout_c2 rejects a step of more than one value.
func.func @dropout_c2(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.dropout' op (dropout_c2) 'step' must have one element}}
  %0 = dlc.dropout %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
