#include "compiler/interpreter/TensorOps.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dialects/dlc/IR/ShapeInference.h"

using namespace mlir;

namespace dlc::interp {

Tensor zerosOf(ArrayRef<int64_t> shape) {
  Tensor t;
  t.shape.assign(shape.begin(), shape.end());
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  t.data.assign(count, 0.0);
  return t;
}

namespace {

using Shape = SmallVector<int64_t, 4>;


// Row-major strides of `shape`.
Shape stridesOf(ArrayRef<int64_t> shape) {
  Shape strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

// The multi-index of row-major position `i` in `shape`.
void unravel(int64_t i, ArrayRef<int64_t> shape, Shape &index) {
  index.resize(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = i % shape[d];
    i /= shape[d];
  }
}

// Offset in a tensor of `shape` (aligned with the last dimensions of
// `index`) of the broadcast element at `index`: extent-1 dimensions read 0.
int64_t broadcastOffset(ArrayRef<int64_t> shape, ArrayRef<int64_t> index) {
  size_t skipped = index.size() - shape.size();
  int64_t offset = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    offset = offset * shape[d] + (shape[d] == 1 ? 0 : index[skipped + d]);
  return offset;
}

} // namespace

LogicalResult evalConvTranspose2d(ConvTranspose2dOp op, const Tensor &in, const Tensor &weight,
                                  const Tensor *bias, Tensor &out) {
  Shape shape;
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = ArrayRef<int64_t>(bias->shape);
  if (failed(shapes::inferConvTranspose2d(op.getLoc(), in.shape, weight.shape, biasShape,
                                          op.getStrides(), op.getPadding(), op.getOutputPadding(),
                                          op.getDilations(), op.getGroups(), shape)))
    return failure();
  out = zerosOf(shape);
  const int64_t batch = in.shape[0], channels = in.shape[1], height = in.shape[2],
                width = in.shape[3];
  const int64_t outChannels = shape[1], outHeight = shape[2], outWidth = shape[3];
  const int64_t groups = static_cast<int64_t>(op.getGroups());
  const int64_t groupIn = channels / groups, groupOut = outChannels / groups;
  const int64_t kh = weight.shape[2], kw = weight.shape[3];
  ArrayRef<int64_t> s = op.getStrides(), p = op.getPadding(), d = op.getDilations();
  auto outAt = [&](int64_t n, int64_t o, int64_t y, int64_t x) -> double & {
    return out.data[((n * outChannels + o) * outHeight + y) * outWidth + x];
  };
  // Every input pixel scatters its kernel window into the output.
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t iy = 0; iy < height; ++iy)
        for (int64_t ix = 0; ix < width; ++ix) {
          double v = in.data[((n * channels + c) * height + iy) * width + ix];
          int64_t g = c / groupIn;
          for (int64_t o = 0; o < groupOut; ++o)
            for (int64_t ky = 0; ky < kh; ++ky)
              for (int64_t kx = 0; kx < kw; ++kx) {
                int64_t y = iy * s[0] - p[0] + ky * d[0], x = ix * s[1] - p[1] + kx * d[1];
                if (y < 0 || y >= outHeight || x < 0 || x >= outWidth)
                  continue;
                outAt(n, g * groupOut + o, y, x) +=
                    v * weight.data[((c * groupOut + o) * kh + ky) * kw + kx];
              }
        }
  if (bias)
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t o = 0; o < outChannels; ++o)
        for (int64_t i = 0; i < outHeight * outWidth; ++i)
          out.data[(n * outChannels + o) * outHeight * outWidth + i] += bias->data[o];
  return success();
}

LogicalResult evalGroupNorm(GroupNormOp op, const Tensor &in, const Tensor &scale,
                            const Tensor &bias, Tensor &out) {
  Shape shape;
  const int64_t groups = static_cast<int64_t>(op.getGroups());
  const double epsilon = op.getEpsilon().convertToFloat();
  if (failed(shapes::inferGroupNorm(op.getLoc(), in.shape, scale.shape, bias.shape, groups,
                                    op.getEpsilon().convertToFloat(), shape)))
    return failure();
  out = zerosOf(shape);
  int64_t spatial = 1;
  for (size_t d = 2; d < in.shape.size(); ++d)
    spatial *= in.shape[d];
  const int64_t perGroup = in.shape[1] / groups * spatial;
  // Each (sample, group) is a contiguous run of channels * spatial values.
  for (int64_t start = 0, e = in.data.size(); start < e; start += perGroup) {
    double mean = 0.0, variance = 0.0;
    for (int64_t i = 0; i < perGroup; ++i)
      mean += in.data[start + i];
    mean /= perGroup;
    for (int64_t i = 0; i < perGroup; ++i)
      variance += (in.data[start + i] - mean) * (in.data[start + i] - mean);
    variance /= perGroup;
    for (int64_t i = 0; i < perGroup; ++i) {
      int64_t c = ((start + i) / spatial) % in.shape[1];
      out.data[start + i] =
          (in.data[start + i] - mean) / std::sqrt(variance + epsilon) * scale.data[c] +
          bias.data[c];
    }
  }
  return success();
}

namespace {

// The source coordinate of output position `dst` (see dlc.resize).
double sourceCoordinate(StringRef mode, int64_t dst, int64_t in, int64_t out) {
  double scale = double(in) / double(out);
  if (mode == "asymmetric")
    return dst * scale;
  if (mode == "align_corners")
    return out == 1 ? 0.0 : dst * double(in - 1) / double(out - 1);
  if (mode == "pytorch_half_pixel" && out == 1)
    return 0.0;
  return (dst + 0.5) * scale - 0.5;
}

} // namespace

LogicalResult evalResize(ResizeOp op, const Tensor &in, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferResize(op.getLoc(), in.shape, op.getSize(), op.getMode(),
                                 op.getCoordinateMode(), shape)))
    return failure();
  out = zerosOf(shape);
  const int64_t planes = in.shape[0] * in.shape[1], h = in.shape[2], w = in.shape[3];
  const int64_t oh = shape[2], ow = shape[3];
  const bool linear = op.getMode() == "linear";
  StringRef coordinates = op.getCoordinateMode();
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        double sy = sourceCoordinate(coordinates, y, h, oh);
        double sx = sourceCoordinate(coordinates, x, w, ow);
        const double *plane = in.data.data() + p * h * w;
        double value;
        if (!linear) {
          int64_t iy = std::min<int64_t>(h - 1, std::max<int64_t>(0, std::floor(sy)));
          int64_t ix = std::min<int64_t>(w - 1, std::max<int64_t>(0, std::floor(sx)));
          value = plane[iy * w + ix];
        } else {
          sy = std::clamp(sy, 0.0, double(h - 1));
          sx = std::clamp(sx, 0.0, double(w - 1));
          int64_t y0 = static_cast<int64_t>(std::floor(sy)), x0 = static_cast<int64_t>(std::floor(sx));
          int64_t y1 = std::min(y0 + 1, h - 1), x1 = std::min(x0 + 1, w - 1);
          double ly = sy - y0, lx = sx - x0;
          value = (1 - ly) * ((1 - lx) * plane[y0 * w + x0] + lx * plane[y0 * w + x1]) +
                  ly * ((1 - lx) * plane[y1 * w + x0] + lx * plane[y1 * w + x1]);
        }
        out.data[(p * oh + y) * ow + x] = value;
      }
  return success();
}

LogicalResult evalAttention(AttentionOp op, const Tensor &q, const Tensor &k, const Tensor &v,
                            const Tensor *mask, Tensor &out) {
  Shape shape;
  std::optional<ArrayRef<int64_t>> maskShape;
  if (mask)
    maskShape = ArrayRef<int64_t>(mask->shape);
  if (failed(shapes::inferAttention(op.getLoc(), q.shape, k.shape, v.shape, maskShape, shape)))
    return failure();
  out = zerosOf(shape);
  const size_t rank = q.shape.size();
  const int64_t sq = q.shape[rank - 2], d = q.shape[rank - 1];
  const int64_t sk = k.shape[rank - 2], dv = v.shape[rank - 1];
  int64_t batches = 1;
  for (size_t i = 0; i + 2 < rank; ++i)
    batches *= q.shape[i];
  Shape scoresShape(q.shape.begin(), q.shape.end() - 1);
  scoresShape.push_back(sk);
  const double scale = op.getScale().convertToFloat();
  const bool causal = op.getCausal();
  std::vector<double> scores(sk);
  Shape index;
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t i = 0; i < sq; ++i) {
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < sk; ++j) {
        double dot = 0.0;
        for (int64_t e = 0; e < d; ++e)
          dot += q.data[(b * sq + i) * d + e] * k.data[(b * sk + j) * d + e];
        double s = scale * dot;
        if (mask) {
          unravel((b * sq + i) * sk + j, scoresShape, index);
          s += mask->data[broadcastOffset(mask->shape, index)];
        }
        if (causal && j > i)
          s = -std::numeric_limits<double>::infinity();
        scores[j] = s;
        max = std::max(max, s);
      }
      double sum = 0.0;
      for (int64_t j = 0; j < sk; ++j)
        sum += (scores[j] = std::exp(scores[j] - max));
      for (int64_t j = 0; j < sk; ++j)
        for (int64_t e = 0; e < dv; ++e)
          out.data[(b * sq + i) * dv + e] += scores[j] / sum * v.data[(b * sk + j) * dv + e];
    }
  return success();
}

LogicalResult evalLrn(LrnOp op, const Tensor &in, Tensor &out) {
  if (failed(op.verify()))
    return failure();
  out = zerosOf(in.shape);
  const int64_t channels = in.shape[1], size = static_cast<int64_t>(op.getSize());
  int64_t inner = 1;
  for (size_t d = 2; d < in.shape.size(); ++d)
    inner *= in.shape[d];
  const double alpha = op.getAlpha().convertToFloat(), beta = op.getBeta().convertToFloat(),
               bias = op.getBias().convertToFloat();
  const int64_t before = (size - 1) / 2, after = size - 1 - before;
  for (int64_t i = 0, e = in.data.size(); i < e; ++i) {
    int64_t c = (i / inner) % channels, base = i - c * inner;
    double squares = 0.0;
    for (int64_t k = std::max<int64_t>(0, c - before); k <= std::min(channels - 1, c + after); ++k)
      squares += in.data[base + k * inner] * in.data[base + k * inner];
    out.data[i] = in.data[i] / std::pow(bias + alpha / size * squares, beta);
  }
  return success();
}

LogicalResult evalMatmul(MatmulOp op, const Tensor &lhs, const Tensor &rhs, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferMatmul(op.getLoc(), lhs.shape, rhs.shape, shape)))
    return failure();
  out = zerosOf(shape);
  const size_t rank = shape.size();
  const int64_t rows = shape[rank - 2], cols = shape[rank - 1], depth = lhs.shape.back();
  ArrayRef<int64_t> batchShape = ArrayRef<int64_t>(shape).drop_back(2);
  ArrayRef<int64_t> lhsBatch = ArrayRef<int64_t>(lhs.shape).drop_back(2);
  ArrayRef<int64_t> rhsBatch = ArrayRef<int64_t>(rhs.shape).drop_back(2);
  int64_t batches = 1;
  for (int64_t d : batchShape)
    batches *= d;
  Shape index;
  for (int64_t b = 0; b < batches; ++b) {
    unravel(b, batchShape, index);
    const double *a = lhs.data.data() + broadcastOffset(lhsBatch, index) * rows * depth;
    const double *w = rhs.data.data() + broadcastOffset(rhsBatch, index) * depth * cols;
    double *c = out.data.data() + b * rows * cols;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        double sum = 0.0;
        for (int64_t k = 0; k < depth; ++k)
          sum += a[i * depth + k] * w[k * cols + j];
        c[i * cols + j] = sum;
      }
  }
  return success();
}

LogicalResult evalTranspose(TransposeOp op, const Tensor &in, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferTranspose(op.getLoc(), in.shape, op.getPerm(), shape)))
    return failure();
  out = zerosOf(shape);
  Shape inStrides = stridesOf(in.shape), index;
  ArrayRef<int64_t> perm = op.getPerm();
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    unravel(i, shape, index);
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      offset += index[d] * inStrides[perm[d]];
    out.data[i] = in.data[offset];
  }
  return success();
}

LogicalResult forEachGathered(Operation *op, ArrayRef<int64_t> shape, int64_t axis,
                              const Tensor &indices, function_ref<void(int64_t, int64_t)> visit) {
  if (axis < 0)
    axis += static_cast<int64_t>(shape.size());
  int64_t before = 1, n = shape[axis], after = 1;
  for (int64_t d = 0; d < axis; ++d)
    before *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    after *= shape[d];
  int64_t count = static_cast<int64_t>(indices.data.size());
  for (int64_t j = 0; j < count; ++j) {
    // Checked as a double: a huge one must not overflow the cast.
    double raw = indices.data[j];
    if (!(raw >= static_cast<double>(-n) && raw < static_cast<double>(n)))
      return op->emitError("index ")
             << (std::abs(raw) < 9.0e18 ? std::to_string(static_cast<int64_t>(raw))
                                        : std::to_string(raw))
             << " at position " << j << " of the indices is outside [-" << n << ", " << n << ")";
    int64_t index = static_cast<int64_t>(raw);
    index += index < 0 ? n : 0;
    for (int64_t i = 0; i < before; ++i)
      for (int64_t k = 0; k < after; ++k)
        visit((i * n + index) * after + k, (i * count + j) * after + k);
  }
  return success();
}

LogicalResult evalGather(GatherOp op, const Tensor &data, const Tensor &indices, Tensor &out) {
  int64_t axis = static_cast<int64_t>(op.getAxis());
  Shape shape;
  if (failed(shapes::inferGather(op.getLoc(), data.shape, indices.shape, axis, shape)))
    return failure();
  out = zerosOf(shape);
  return forEachGathered(op, data.shape, axis, indices, [&](int64_t source, int64_t result) {
    out.data[result] = data.data[source];
  });
}

LogicalResult evalReduce(Operation *op, const Tensor &in, Tensor &out) {
  auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
  auto keepAttr = op->getAttrOfType<BoolAttr>("keepdims");
  bool keepdims = !keepAttr || keepAttr.getValue();
  StringRef name = op->getName().getStringRef();
  Shape shape;
  if (failed(shapes::inferReduce(op->getLoc(), name, in.shape, axes, keepdims, shape)))
    return failure();
  // Reduce into the keepdims shape; the result's data is the same either way.
  SmallVector<int64_t> reduced = shapes::normalizedAxes(axes, in.shape.size());
  Shape kept(in.shape.begin(), in.shape.end());
  for (int64_t a : reduced)
    kept[a] = 1;
  const bool max = isa<ReduceMaxOp>(op), min = isa<ReduceMinOp>(op), mean = isa<ReduceMeanOp>(op);
  const double start = max ? -std::numeric_limits<double>::infinity()
                       : min ? std::numeric_limits<double>::infinity()
                             : 0.0;
  out = zerosOf(kept);
  std::fill(out.data.begin(), out.data.end(), start);
  Shape keptStrides = stridesOf(kept), index;
  for (int64_t i = 0, e = in.data.size(); i < e; ++i) {
    unravel(i, in.shape, index);
    int64_t offset = 0;
    for (size_t d = 0; d < kept.size(); ++d)
      offset += (kept[d] == 1 ? 0 : index[d]) * keptStrides[d];
    double &acc = out.data[offset];
    acc = max ? std::max(acc, in.data[i]) : min ? std::min(acc, in.data[i]) : acc + in.data[i];
  }
  if (mean) {
    int64_t count = 1;
    for (int64_t a : reduced)
      count *= in.shape[a];
    for (double &v : out.data)
      v /= static_cast<double>(count);
  }
  out.shape.assign(shape.begin(), shape.end());
  return success();
}

LogicalResult evalSlice(SliceOp op, const Tensor &in, Tensor &out) {
  // A dynamic dimension's size -1 means all of it.
  SmallVector<int64_t> sizes(op.getSizes());
  for (size_t d = 0; d < sizes.size() && d < in.shape.size(); ++d)
    if (sizes[d] == -1)
      sizes[d] = in.shape[d];
  Shape shape;
  SmallVector<int64_t> staticShape(in.shape.begin(), in.shape.end());
  if (failed(shapes::inferSlice(op.getLoc(), staticShape, op.getOffsets(), sizes,
                                op.getStrides(), shape)))
    return failure();
  out = zerosOf(shape);
  Shape inStrides = stridesOf(in.shape), index;
  ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    unravel(i, shape, index);
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      offset += (offsets[d] + index[d] * strides[d]) * inStrides[d];
    out.data[i] = in.data[offset];
  }
  return success();
}

LogicalResult evalBroadcast(BroadcastOp op, const Tensor &in, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferBroadcastTo(op.getLoc(), in.shape, op.getShape(), shape)))
    return failure();
  out = zerosOf(shape);
  Shape index;
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    unravel(i, shape, index);
    out.data[i] = in.data[broadcastOffset(in.shape, index)];
  }
  return success();
}

LogicalResult evalLayerNorm(LayerNormOp op, const Tensor &in, const Tensor &scale,
                            const Tensor *bias, Tensor &out) {
  Shape shape;
  int64_t axis = static_cast<int64_t>(op.getAxis());
  double epsilon = op.getEpsilon().convertToFloat();
  if (failed(shapes::inferLayerNorm(op.getLoc(), in.shape, scale.shape,
                                    bias ? std::optional<ArrayRef<int64_t>>(bias->shape)
                                         : std::nullopt,
                                    axis, op.getEpsilon().convertToFloat(), shape)))
    return failure();
  if (axis < 0)
    axis += static_cast<int64_t>(in.shape.size());
  out = zerosOf(shape);
  int64_t group = 1;
  for (size_t d = axis; d < in.shape.size(); ++d)
    group *= in.shape[d];
  for (int64_t g = 0, e = in.data.size(); g < e; g += group) {
    double mean = 0.0, variance = 0.0;
    for (int64_t i = 0; i < group; ++i)
      mean += in.data[g + i];
    mean /= group;
    for (int64_t i = 0; i < group; ++i)
      variance += (in.data[g + i] - mean) * (in.data[g + i] - mean);
    variance /= group;
    double inverse = 1.0 / std::sqrt(variance + epsilon);
    for (int64_t i = 0; i < group; ++i)
      out.data[g + i] = (in.data[g + i] - mean) * inverse * scale.data[i] +
                        (bias ? bias->data[i] : 0.0);
  }
  return success();
}

} // namespace dlc::interp
