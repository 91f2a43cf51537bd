#include "dialects/dlc/IR/ShapeInference.h"

#include "llvm/Support/MathExtras.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace dlc::shapes {
namespace {

constexpr int64_t kDynamic = ShapedType::kDynamic;
// Bound on strides, dilations, padding and kernel extents: larger values are
// hostile input, and keeping them small keeps the window arithmetic exact.
constexpr int64_t kMaxWindowValue = int64_t(1) << 30;

std::string listToString(ArrayRef<int64_t> values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

LogicalResult checkPositivePair(Loc loc, StringRef op, StringRef label, StringRef name,
                                ArrayRef<int64_t> values) {
  if (values.size() == 2 && values[0] > 0 && values[1] > 0 && values[0] <= kMaxWindowValue &&
      values[1] <= kMaxWindowValue)
    return success();
  return emitOptionalError(loc, "'", op, "' (", label, ") '", name, "' is ",
                           listToString(values), ", expected 2 positive values (at most ",
                           kMaxWindowValue, ")");
}

LogicalResult checkPadding(Loc loc, StringRef op, StringRef label,
                           ArrayRef<int64_t> padding) {
  if (padding.size() == 4 &&
      llvm::all_of(padding, [](int64_t p) { return p >= 0 && p <= kMaxWindowValue; }))
    return success();
  return emitOptionalError(loc, "'", op, "' (", label, ") 'padding' is ",
                           listToString(padding),
                           ", expected 4 non-negative values [top, left, bottom, right] (at most ",
                           kMaxWindowValue, ")");
}

// Output extent of a sliding window; fails when no window fits.
LogicalResult windowExtent(Loc loc, StringRef op, StringRef label, StringRef dim,
                           int64_t in, int64_t before, int64_t after, int64_t window,
                           int64_t stride, int64_t &out) {
  __int128 span = __int128(in) + before + after - window;
  if (span < 0)
    return emitOptionalError(loc, "'", op, "' (", label, ") output ", dim,
                             " is not positive: input ", dim, " ", in, " + padding ",
                             before + after, " is smaller than the window ", window);
  out = static_cast<int64_t>(span / stride + 1);
  return success();
}

// Only the batch dimension (0) of `shape` may be dynamic.
LogicalResult checkStaticExceptBatch(Loc loc, StringRef op, StringRef label, StringRef what,
                                     ArrayRef<int64_t> shape) {
  for (size_t i = 1; i < shape.size(); ++i)
    if (shape[i] == kDynamic)
      return emitOptionalError(loc, "'", op, "' (", label, ") ", what, " ",
                               shapeToString(shape), " has dynamic dimension ", i,
                               "; only the batch dimension (0) may be dynamic");
  return success();
}

} // namespace

std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + (shape[i] == kDynamic ? std::string("?") : std::to_string(shape[i]));
  return s;
}

bool staticElementCount(ArrayRef<int64_t> shape, int64_t &count) {
  count = 1;
  for (int64_t d : shape) {
    if (d == kDynamic)
      continue;
    if (d < 0 || llvm::MulOverflow(count, d, count))
      return false;
  }
  return true;
}

LogicalResult inferConv2d(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
                          std::optional<ArrayRef<int64_t>> bias, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                          int64_t groups, Shape &result) {
  const StringRef op = "dlc.conv2d";
  if (input.size() != 4 || weight.size() != 4)
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c1) expects a 4-D input and a 4-D "
                                  "weight, got ",
                             shapeToString(input), " and ", shapeToString(weight));
  if (failed(checkStaticExceptBatch(loc, op, "conv2d_c1", "input", input)))
    return failure();
  if (llvm::is_contained(weight, kDynamic))
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c1) weight ", shapeToString(weight),
                             " must have a static shape");
  if (failed(checkPositivePair(loc, op, "conv2d_c5", "strides", strides)) ||
      failed(checkPositivePair(loc, op, "conv2d_c5", "dilations", dilations)) ||
      failed(checkPadding(loc, op, "conv2d_c6", padding)))
    return failure();
  int64_t channels = input[1], outChannels = weight[0];
  if (groups <= 0 || channels % groups != 0 || outChannels % groups != 0)
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c2) 'groups' is ", groups,
                             ", expected a positive divisor of the input channels (",
                             channels, ") and output channels (", outChannels, ")");
  if (weight[1] * groups != channels)
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c3) weight ", shapeToString(weight),
                             " has ", weight[1], " input channels per group, expected ",
                             channels / groups, " (input channels ", channels, " / groups ",
                             groups, ")");
  if (bias && (bias->size() != 1 || (*bias)[0] != outChannels))
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c4) bias has shape ",
                             shapeToString(*bias), ", expected ", outChannels);
  int64_t height, width, kh, kw;
  if (llvm::MulOverflow(dilations[0], weight[2] - 1, kh) ||
      llvm::MulOverflow(dilations[1], weight[3] - 1, kw))
    return emitOptionalError(loc, "'dlc.conv2d' (conv2d_c7) dilated kernel extent overflows");
  kh += 1, kw += 1;
  if (failed(windowExtent(loc, op, "conv2d_c7", "height", input[2], padding[0], padding[2],
                          kh, strides[0], height)) ||
      failed(windowExtent(loc, op, "conv2d_c7", "width", input[3], padding[1], padding[3],
                          kw, strides[1], width)))
    return failure();
  result.assign({input[0], outChannels, height, width});
  return success();
}

LogicalResult inferConvTranspose2d(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
                                   std::optional<ArrayRef<int64_t>> bias,
                                   ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                                   ArrayRef<int64_t> outputPadding, ArrayRef<int64_t> dilations,
                                   int64_t groups, Shape &result) {
  const StringRef op = "dlc.conv_transpose2d";
  if (input.size() != 4 || weight.size() != 4)
    return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c1) expects a 4-D input and a "
                             "4-D weight, got ", shapeToString(input), " and ",
                             shapeToString(weight));
  if (failed(checkStaticExceptBatch(loc, op, "conv_transpose2d_c1", "input", input)))
    return failure();
  if (llvm::is_contained(weight, kDynamic) || weight[0] != input[1])
    return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c1) weight ",
                             shapeToString(weight), " must be static with ", input[1],
                             " input channels first");
  if (failed(checkPositivePair(loc, op, "conv_transpose2d_c4", "strides", strides)) ||
      failed(checkPositivePair(loc, op, "conv_transpose2d_c4", "dilations", dilations)) ||
      failed(checkPadding(loc, op, "conv_transpose2d_c5", padding)))
    return failure();
  auto badOutputPadding = [&](size_t i) {
    return outputPadding[i] < 0 ||
           (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i]);
  };
  if (outputPadding.size() != 2 || badOutputPadding(0) || badOutputPadding(1))
    return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c5) 'output_padding' is ",
                             listToString(outputPadding),
                             ", expected 2 non-negative values below the stride or dilation");
  if (groups <= 0 || input[1] % groups != 0 || weight[1] > (int64_t(1) << 30) / groups)
    return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c2) 'groups' is ", groups,
                             ", expected a positive divisor of the input channels (", input[1],
                             ")");
  int64_t outChannels = weight[1] * groups;
  if (bias && (bias->size() != 1 || (*bias)[0] != outChannels))
    return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c3) bias has shape ",
                             shapeToString(*bias), ", expected ", outChannels);
  int64_t extents[2];
  for (int d = 0; d < 2; ++d) {
    __int128 extent = __int128(input[2 + d] - 1) * strides[d] - padding[d] - padding[2 + d] +
                      __int128(dilations[d]) * (weight[2 + d] - 1) + outputPadding[d] + 1;
    if (extent <= 0 || extent > (int64_t(1) << 38))
      return emitOptionalError(loc, "'", op, "' (conv_transpose2d_c6) output ",
                               d == 0 ? "height" : "width", " is ", static_cast<int64_t>(extent),
                               ", expected a positive value");
    extents[d] = static_cast<int64_t>(extent);
  }
  result.assign({input[0], outChannels, extents[0], extents[1]});
  return success();
}

LogicalResult inferPool2d(Loc loc, StringRef op, ArrayRef<int64_t> input,
                          ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> padding, Shape &result) {
  if (input.size() != 4)
    return emitOptionalError(loc, "'", op, "' (pool2d_c1) expects a 4-D input, got ",
                             shapeToString(input));
  if (failed(checkStaticExceptBatch(loc, op, "pool2d_c1", "input", input)))
    return failure();
  if (failed(checkPositivePair(loc, op, "pool2d_c2", "kernel", kernel)) ||
      failed(checkPositivePair(loc, op, "pool2d_c2", "strides", strides)) ||
      failed(checkPadding(loc, op, "pool2d_c3", padding)))
    return failure();
  if (padding[0] >= kernel[0] || padding[2] >= kernel[0] || padding[1] >= kernel[1] ||
      padding[3] >= kernel[1])
    return emitOptionalError(loc, "'", op, "' (pool2d_c3) 'padding' is ", listToString(padding),
                             ", expected each value smaller than the kernel ",
                             listToString(kernel));
  int64_t height, width;
  if (failed(windowExtent(loc, op, "pool2d_c4", "height", input[2], padding[0], padding[2],
                          kernel[0], strides[0], height)) ||
      failed(windowExtent(loc, op, "pool2d_c4", "width", input[3], padding[1], padding[3],
                          kernel[1], strides[1], width)))
    return failure();
  result.assign({input[0], input[1], height, width});
  return success();
}

LogicalResult inferLinear(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
                          std::optional<ArrayRef<int64_t>> bias, Shape &result) {
  if (input.size() != 2 || weight.size() != 2 || input[1] != weight[1] ||
      input[1] == kDynamic || weight[0] == kDynamic)
    return emitOptionalError(loc, "'dlc.linear' (linear_c1) expects input NxK and weight "
                                  "MxK (K and M static), got ",
                             shapeToString(input), " and ", shapeToString(weight));
  if (bias && (bias->size() != 1 || (*bias)[0] != weight[0]))
    return emitOptionalError(loc, "'dlc.linear' (linear_c2) bias has shape ",
                             shapeToString(*bias), ", expected ", weight[0]);
  result.assign({input[0], weight[0]});
  return success();
}

LogicalResult inferBroadcast(Loc loc, StringRef op, ArrayRef<int64_t> lhs,
                             ArrayRef<int64_t> rhs, Shape &result) {
  size_t rank = std::max(lhs.size(), rhs.size());
  result.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == b || b == 1)
      result[i] = a;
    else if (a == 1)
      result[i] = b;
    else if (a == kDynamic || b == kDynamic)
      result[i] = a == kDynamic ? b : a;
    else
      return emitOptionalError(loc, "'", op, "' (", op.drop_front(4), "_c1) cannot broadcast ",
                               shapeToString(lhs), " with ", shapeToString(rhs),
                               ": dimension ", i, " is ", a, " and ", b);
  }
  return success();
}

LogicalResult inferBatchNorm(Loc loc, ArrayRef<int64_t> input,
                             ArrayRef<ArrayRef<int64_t>> params, float epsilon, Shape &result) {
  if (input.size() < 2)
    return emitOptionalError(loc, "'dlc.batch_norm' (batch_norm_c1) 'input' has rank ",
                             input.size(), ", expected 2 or more");
  if (failed(checkStaticExceptBatch(loc, "dlc.batch_norm", "batch_norm_c1", "input", input)))
    return failure();
  static const char *const kNames[] = {"scale", "bias", "mean", "var"};
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].size() != 1 || params[i][0] != input[1])
      return emitOptionalError(loc, "'dlc.batch_norm' (batch_norm_c2) '", kNames[i % 4],
                               "' has shape [", shapeToString(params[i]), "], expected [",
                               input[1], "]");
  if (!(epsilon > 0.f))
    return emitOptionalError(loc, "'dlc.batch_norm' (batch_norm_c3) 'epsilon' is ", epsilon,
                             ", expected a positive value");
  result.assign(input.begin(), input.end());
  return success();
}

LogicalResult inferPad(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> pads, Shape &result) {
  size_t rank = input.size();
  if (pads.size() != 2 * rank)
    return emitOptionalError(loc, "'dlc.pad' (pad_c1) 'pads' has ", pads.size(),
                             " values, expected ", 2 * rank, " (2 x rank)");
  for (int64_t p : pads)
    if (p < 0 || p > kMaxWindowValue)
      return emitOptionalError(loc, "'dlc.pad' (pad_c2) 'pads' is ", listToString(pads),
                               ", expected non-negative values (at most ", kMaxWindowValue, ")");
  if (failed(checkStaticExceptBatch(loc, "dlc.pad", "pad_c1", "input", input)))
    return failure();
  result.assign(input.begin(), input.end());
  for (size_t d = 0; d < rank; ++d)
    if (result[d] != kDynamic)
      result[d] += pads[d] + pads[rank + d];  // bounded: dims <= 2^38, pads <= 2^30
  return success();
}

LogicalResult inferBroadcastTo(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> shape,
                               Shape &result) {
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return emitOptionalError(loc, "'dlc.broadcast' (broadcast_c1) 'shape' is ",
                             listToString(shape), ", expected non-negative values");
  if (failed(checkStaticExceptBatch(loc, "dlc.broadcast", "broadcast_c1", "input", input)))
    return failure();
  return inferBroadcast(loc, "dlc.broadcast", input, shape, result);
}

LogicalResult inferMatmul(Loc loc, ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs, Shape &result) {
  if (lhs.size() < 2 || rhs.size() < 2)
    return emitOptionalError(loc, "'dlc.matmul' (matmul_c1) operands have ranks ", lhs.size(),
                             " and ", rhs.size(), ", expected 2 or more");
  for (ArrayRef<int64_t> operand : {lhs, rhs})
    if (failed(checkStaticExceptBatch(loc, "dlc.matmul", "matmul_c1", "operand", operand)))
      return failure();
  int64_t k = lhs.back(), rhsK = rhs[rhs.size() - 2];
  if (k != rhsK)
    return emitOptionalError(loc, "'dlc.matmul' (matmul_c2) cannot multiply [",
                             shapeToString(lhs), "] by [", shapeToString(rhs), "]: ", k,
                             " columns against ", rhsK, " rows");
  SmallVector<int64_t> batch;
  if (failed(inferBroadcast(std::nullopt, "dlc.matmul", lhs.drop_back(2), rhs.drop_back(2), batch)))
    return emitOptionalError(loc, "'dlc.matmul' (matmul_c3) batch dimensions of [",
                             shapeToString(lhs), "] and [", shapeToString(rhs),
                             "] do not broadcast");
  result.assign(batch.begin(), batch.end());
  result.push_back(lhs[lhs.size() - 2]);
  result.push_back(rhs.back());
  return success();
}

LogicalResult inferTranspose(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> perm,
                             Shape &result) {
  SmallVector<bool> seen(input.size(), false);
  for (int64_t p : perm) {
    if (perm.size() != input.size() || p < 0 || p >= static_cast<int64_t>(input.size()) ||
        seen[p])
      return emitOptionalError(loc, "'dlc.transpose' (transpose_c1) 'perm' is ",
                               listToString(perm), ", expected a permutation of [0, ",
                               input.size(), ")");
    seen[p] = true;
  }
  if (perm.size() != input.size())
    return emitOptionalError(loc, "'dlc.transpose' (transpose_c1) 'perm' is ",
                             listToString(perm), ", expected a permutation of [0, ",
                             input.size(), ")");
  if (failed(checkStaticExceptBatch(loc, "dlc.transpose", "transpose_c1", "input", input)))
    return failure();
  if (!input.empty() && input[0] == kDynamic && perm[0] != 0)
    return emitOptionalError(loc, "'dlc.transpose' (transpose_c2) 'perm' ", listToString(perm),
                             " moves the dynamic batch dimension");
  result.clear();
  for (int64_t p : perm)
    result.push_back(input[p]);
  return success();
}

LogicalResult inferWhere(Loc loc, ArrayRef<int64_t> cond, ArrayRef<int64_t> a,
                         ArrayRef<int64_t> b, Shape &result) {
  llvm::SmallVector<int64_t> values;
  if (failed(inferBroadcast(std::nullopt, "dlc.where", a, b, values)) ||
      failed(inferBroadcast(std::nullopt, "dlc.where", cond, values, result)))
    return emitOptionalError(loc, "'dlc.where' (where_c1) cond ", shapeToString(cond), ", a ",
                             shapeToString(a), " and b ", shapeToString(b), " do not broadcast");
  return success();
}

LogicalResult inferGather(Loc loc, ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                          int64_t axis, Shape &result) {
  int64_t rank = static_cast<int64_t>(data.size());
  if (rank == 0 || axis < -rank || axis >= rank)
    return emitOptionalError(loc, "'dlc.gather' (gather_c1) 'axis' ", axis,
                             " is outside [-rank, rank) of data ", shapeToString(data));
  if (axis < 0)
    axis += rank;
  if (data[axis] == kDynamic)
    return emitOptionalError(loc, "'dlc.gather' (gather_c1) 'axis' ", axis,
                             " is the dynamic batch dimension of data ", shapeToString(data));
  if (failed(checkStaticExceptBatch(loc, "dlc.gather", "gather_c2", "data", data)) ||
      failed(checkStaticExceptBatch(loc, "dlc.gather", "gather_c2", "indices", indices)))
    return failure();
  if (data[0] == kDynamic && !indices.empty() && indices[0] == kDynamic)
    return emitOptionalError(loc, "'dlc.gather' (gather_c2) data ", shapeToString(data),
                             " and indices ", shapeToString(indices),
                             " are both dynamic; only one batch may be");
  result.assign(data.begin(), data.begin() + axis);
  result.append(indices.begin(), indices.end());
  result.append(data.begin() + axis + 1, data.end());
  return success();
}

SmallVector<int64_t> normalizedAxes(ArrayRef<int64_t> axes, size_t rank) {
  SmallVector<int64_t> normalized;
  for (int64_t a : axes)
    normalized.push_back(a < 0 ? a + static_cast<int64_t>(rank) : a);
  llvm::sort(normalized);
  return normalized;
}

LogicalResult inferReduce(Loc loc, StringRef op, ArrayRef<int64_t> input, ArrayRef<int64_t> axes,
                          bool keepdims, Shape &result) {
  int64_t rank = static_cast<int64_t>(input.size());
  SmallVector<bool> reduced(rank, false);
  for (int64_t a : axes) {
    int64_t d = a < 0 ? a + rank : a;
    if (a < -rank || a >= rank || reduced[d])
      return emitOptionalError(loc, "'", op, "' (reduce_c1) 'axes' is ", listToString(axes),
                               ", expected distinct values in [", -rank, ", ", rank - 1, "]");
    reduced[d] = true;
  }
  if (axes.empty())
    return emitOptionalError(loc, "'", op, "' (reduce_c1) 'axes' is empty");
  if (failed(checkStaticExceptBatch(loc, op, "reduce_c2", "input", input)))
    return failure();
  if (rank > 0 && reduced[0] && input[0] == kDynamic)
    return emitOptionalError(loc, "'", op, "' (reduce_c2) reduces the dynamic batch dimension");
  result.clear();
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d])
      result.push_back(input[d]);
    else if (keepdims)
      result.push_back(1);
  return success();
}

LogicalResult inferSlice(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> offsets,
                         ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides, Shape &result) {
  size_t rank = input.size();
  if (offsets.size() != rank || sizes.size() != rank || strides.size() != rank)
    return emitOptionalError(loc, "'dlc.slice' (slice_c1) 'offsets', 'sizes' and 'strides' have ",
                             offsets.size(), ", ", sizes.size(), " and ", strides.size(),
                             " values, expected ", rank, " each");
  result.clear();
  if (failed(checkStaticExceptBatch(loc, "dlc.slice", "slice_c3", "input", input)))
    return failure();
  for (size_t d = 0; d < rank; ++d) {
    // Size -1 takes the whole dimension (how a dynamic batch is sliced; it
    // stays valid once the batch is fixed).
    if (sizes[d] == -1) {
      if (offsets[d] != 0 || strides[d] != 1)
        return emitOptionalError(loc, "'dlc.slice' (slice_c3) dimension ", d,
                                 " has size -1 (all of it), so its offset must be 0 and its "
                                 "stride 1");
      result.push_back(input[d]);
      continue;
    }
    if (input[d] == kDynamic)
      return emitOptionalError(loc, "'dlc.slice' (slice_c3) dimension ", d,
                               " is dynamic and must be taken whole (offset 0, stride 1, size -1)");
    if (offsets[d] < 0 || sizes[d] < 0 || strides[d] <= 0 || offsets[d] > kMaxWindowValue * 256 ||
        strides[d] > kMaxWindowValue)
      return emitOptionalError(loc, "'dlc.slice' (slice_c1) dimension ", d, " has offset ",
                               offsets[d], ", size ", sizes[d], " and stride ", strides[d],
                               ": expected offset >= 0, size >= 0, stride > 0");
    __int128 last = __int128(offsets[d]) + __int128(sizes[d] - 1) * strides[d];
    if (sizes[d] > 0 && last >= input[d])
      return emitOptionalError(loc, "'dlc.slice' (slice_c2) dimension ", d, " reads up to index ",
                               static_cast<int64_t>(last), ", but its extent is ", input[d]);
    result.push_back(sizes[d]);
  }
  return success();
}

LogicalResult inferLayerNorm(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> scale,
                             std::optional<ArrayRef<int64_t>> bias, int64_t axis, float epsilon,
                             Shape &result) {
  int64_t rank = static_cast<int64_t>(input.size());
  bool inRange = axis >= -rank && axis < rank;
  bool normalizesBatch = inRange && (axis < 0 ? axis + rank : axis) == 0 && input[0] == kDynamic;
  if (!inRange || normalizesBatch)
    return emitOptionalError(loc, "'dlc.layer_norm' (layer_norm_c1) 'axis' value is ", axis,
                             ", accepted range is [", -rank, ", ", rank - 1,
                             "] without the dynamic batch dimension");
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> normalized = input.drop_front(axis);
  if (scale != normalized || (bias && *bias != normalized))
    return emitOptionalError(loc, "'dlc.layer_norm' (layer_norm_c2) 'scale' [",
                             shapeToString(scale), "] and 'bias' [",
                             bias ? shapeToString(*bias) : std::string("none"),
                             "] must have shape [", shapeToString(normalized), "]");
  if (!(epsilon > 0.f))
    return emitOptionalError(loc, "'dlc.layer_norm' (layer_norm_c3) 'epsilon' is ", epsilon,
                             ", expected a positive value");
  if (failed(checkStaticExceptBatch(loc, "dlc.layer_norm", "layer_norm_c1", "input", input)))
    return failure();
  result.assign(input.begin(), input.end());
  return success();
}

LogicalResult inferGroupNorm(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> scale,
                             ArrayRef<int64_t> bias, int64_t groups, float epsilon,
                             Shape &result) {
  if (input.size() < 3)
    return emitOptionalError(loc, "'dlc.group_norm' (group_norm_c1) 'input' has rank ",
                             input.size(), ", expected 3 or more");
  if (failed(checkStaticExceptBatch(loc, "dlc.group_norm", "group_norm_c1", "input", input)))
    return failure();
  int64_t channels = input[1];
  if (groups <= 0 || channels % groups != 0 || scale.size() != 1 || scale[0] != channels ||
      bias.size() != 1 || bias[0] != channels)
    return emitOptionalError(loc, "'dlc.group_norm' (group_norm_c2) 'groups' ", groups,
                             ", 'scale' [", shapeToString(scale), "] and 'bias' [",
                             shapeToString(bias), "]: expected a divisor of ", channels,
                             " and shapes [", channels, "]");
  if (!(epsilon > 0.f))
    return emitOptionalError(loc, "'dlc.group_norm' (group_norm_c3) 'epsilon' is ", epsilon,
                             ", expected a positive value");
  result.assign(input.begin(), input.end());
  return success();
}

LogicalResult inferResize(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> size,
                          StringRef mode, StringRef coordinateMode, Shape &result) {
  if (input.size() != 4)
    return emitOptionalError(loc, "'dlc.resize' (resize_c1) expects a 4-D input, got ",
                             shapeToString(input));
  if (failed(checkStaticExceptBatch(loc, "dlc.resize", "resize_c1", "input", input)) ||
      failed(checkPositivePair(loc, "dlc.resize", "resize_c1", "size", size)))
    return failure();
  if (mode != "nearest" && mode != "linear")
    return emitOptionalError(loc, "'dlc.resize' (resize_c2) 'mode' is '", mode,
                             "', accepted: nearest, linear");
  if (!llvm::is_contained({"asymmetric", "half_pixel", "pytorch_half_pixel", "align_corners"},
                          coordinateMode))
    return emitOptionalError(loc, "'dlc.resize' (resize_c2) 'coordinate_mode' is '",
                             coordinateMode,
                             "', accepted: asymmetric, half_pixel, pytorch_half_pixel, "
                             "align_corners");
  result.assign({input[0], input[1], size[0], size[1]});
  return success();
}

LogicalResult inferAttention(Loc loc, ArrayRef<int64_t> q, ArrayRef<int64_t> k,
                             ArrayRef<int64_t> v, std::optional<ArrayRef<int64_t>> mask,
                             Shape &result) {
  size_t rank = q.size();
  bool consistent = rank >= 2 && k.size() == rank && v.size() == rank &&
                    q.drop_back(2) == k.drop_back(2) && k.drop_back(2) == v.drop_back(2) &&
                    q.back() == k.back() && k[rank - 2] == v[rank - 2];
  if (!consistent)
    return emitOptionalError(loc, "'dlc.attention' (attention_c1) q [", shapeToString(q),
                             "], k [", shapeToString(k), "] and v [", shapeToString(v),
                             "] are not [B..., Sq, D], [B..., Sk, D] and [B..., Sk, Dv]");
  for (ArrayRef<int64_t> operand : {q, k, v})
    if (failed(checkStaticExceptBatch(loc, "dlc.attention", "attention_c1", "operand", operand)))
      return failure();
  SmallVector<int64_t> scores(q.drop_back(1));
  scores.push_back(k[rank - 2]);
  if (mask) {
    SmallVector<int64_t> broadcast;
    if (mask->size() > rank ||
        failed(inferBroadcast(std::nullopt, "dlc.attention", scores, *mask, broadcast)) ||
        ArrayRef<int64_t>(broadcast) != ArrayRef<int64_t>(scores))
      return emitOptionalError(loc, "'dlc.attention' (attention_c2) mask [",
                               shapeToString(*mask), "] does not broadcast to the scores [",
                               shapeToString(scores), "]");
  }
  result.assign(q.begin(), q.end());
  result.back() = v.back();
  return success();
}

LogicalResult inferConcat(Loc loc, ArrayRef<ArrayRef<int64_t>> inputs, int64_t axis,
                          Shape &result) {
  if (inputs.empty())
    return emitOptionalError(loc, "'dlc.concat' (concat_c1) has no inputs, expected 1 or more");
  int64_t rank = static_cast<int64_t>(inputs[0].size());
  for (size_t i = 1; i < inputs.size(); ++i)
    if (static_cast<int64_t>(inputs[i].size()) != rank)
      return emitOptionalError(loc, "'dlc.concat' (concat_c1) input ", i, " has rank ",
                               inputs[i].size(), ", expected ", rank, " as input 0");
  if (axis < -rank || axis >= rank)
    return emitOptionalError(loc, "'dlc.concat' (concat_c2) 'axis' value is ", axis,
                             ", accepted range is [", -rank, ", ", rank - 1, "]");
  if (axis < 0)
    axis += rank;
  result.assign(inputs[0].begin(), inputs[0].end());
  for (size_t i = 1; i < inputs.size(); ++i) {
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      if (inputs[i][d] != inputs[0][d])
        return emitOptionalError(loc, "'dlc.concat' (concat_c3) input ", i, " has shape [",
                                 shapeToString(inputs[i]), "] and input 0 [",
                                 shapeToString(inputs[0]), "]: dimension ", d, " differs");
    }
    if (result[axis] == kDynamic || inputs[i][axis] == kDynamic)
      result[axis] = kDynamic;
    else
      result[axis] += inputs[i][axis];  // bounded: each input passed the 2^38 element check
  }
  for (ArrayRef<int64_t> in : inputs)
    if (failed(checkStaticExceptBatch(loc, "dlc.concat", "concat_c1", "input", in)))
      return failure();
  if (axis == 0 && result[0] != kDynamic && result[0] > (int64_t(1) << 38))
    return emitOptionalError(loc, "'dlc.concat' (concat_c3) result is too large");
  return success();
}

LogicalResult inferReshape(Loc loc, ArrayRef<int64_t> input, ArrayRef<int64_t> shape,
                           Shape &result) {
  result.clear();
  int inferred = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t d = shape[i];
    if (d == -1 && inferred < 0) {
      inferred = static_cast<int>(i);
      result.push_back(1);
    } else if (d == 0 && i >= input.size()) {
      return emitOptionalError(loc, "'dlc.reshape' (reshape_c1) 'shape' entry ", i,
                               " is 0 (copy the input's dimension) but the input has rank ",
                               input.size());
    } else if (d == 0) {
      result.push_back(input[i]);
    } else if (d > 0) {
      result.push_back(d);
    } else {
      return emitOptionalError(loc, "'dlc.reshape' (reshape_c1) 'shape' is ",
                               listToString(shape),
                               ", expected values >= 0 and at most one -1");
    }
  }
  if (failed(checkStaticExceptBatch(loc, "dlc.reshape", "reshape_c2", "input", input)))
    return failure();
  int64_t inCount, outCount;
  if (!staticElementCount(input, inCount) || !staticElementCount(result, outCount))
    return emitOptionalError(loc, "'dlc.reshape' element count overflows");
  bool inDynamic = llvm::is_contained(input, kDynamic);
  bool outDynamic = llvm::is_contained(result, kDynamic);
  if (inferred >= 0) {
    if (outCount == 0 || inCount % outCount != 0)
      return emitOptionalError(loc, "'dlc.reshape' (reshape_c2) cannot reshape ",
                               shapeToString(input), " to ", listToString(shape));
    // With a dynamic input, -1 takes the dynamic part unless a 0 kept it.
    result[inferred] = (inDynamic && !outDynamic) ? kDynamic : inCount / outCount;
    if (result[inferred] == kDynamic && inCount != outCount)
      return emitOptionalError(loc, "'dlc.reshape' (reshape_c2) cannot reshape ",
                               shapeToString(input), " to ", listToString(shape),
                               ": the dynamic dimension must stay whole");
    outCount = inCount;
    outDynamic = outDynamic || result[inferred] == kDynamic;
  }
  if (inCount != outCount || inDynamic != outDynamic)
    return emitOptionalError(loc, "'dlc.reshape' (reshape_c2) cannot reshape ",
                             shapeToString(input), " (", inCount,
                             " elements) to ", shapeToString(result));
  return success();
}

} // namespace dlc::shapes
