#include "compiler/interpreter/TrainingOps.h"

#include "compiler/interpreter/TensorOps.h"
#include "dialects/dlc/IR/DropoutMask.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;

namespace dlc::interp {
namespace {

ArrayRef<int64_t> typeShape(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

int64_t index4(ArrayRef<int64_t> shape, int64_t a, int64_t b, int64_t c, int64_t d) {
  return ((a * shape[1] + b) * shape[2] + c) * shape[3] + d;
}

} // namespace

LogicalResult evalConstant(ConstantOp op, Tensor &out) {
  out = zerosOf(typeShape(op.getResult()));
  std::fill(out.data.begin(), out.data.end(), op.getValue().convertToDouble());
  return success();
}

LogicalResult evalDropout(DropoutOp op, const Tensor &in, const Tensor *step, Tensor &out) {
  out = in;
  if (!step)
    return success();  // eval mode
  double ratio = op.getRatio().convertToDouble();
  uint32_t key = dropout::stepKey(static_cast<uint32_t>(op.getSeed()),
                                  static_cast<uint32_t>(step->data[0]));
  uint32_t threshold = dropout::threshold(ratio);
  double scale = 1.0 / (1.0 - ratio);
  for (size_t i = 0; i < out.data.size(); ++i) {
    bool keep = dropout::elementBits(static_cast<uint32_t>(i), key) >= threshold;
    out.data[i] = keep ? out.data[i] * scale : 0.0;
  }
  return success();
}

LogicalResult evalConv2dGradWeight(Conv2dGradWeightOp op, const Tensor &in, const Tensor &gradOut,
                                   Tensor &out) {
  ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                    dilations = op.getDilations();
  out = zerosOf(typeShape(op.getResult()));
  const int64_t groups = static_cast<int64_t>(op.getGroups());
  const int64_t outChannels = out.shape[0], groupInChannels = out.shape[1];
  const int64_t kernelH = out.shape[2], kernelW = out.shape[3];
  const int64_t groupOutChannels = outChannels / groups;
  const int64_t batch = gradOut.shape[0], outH = gradOut.shape[2], outW = gradOut.shape[3];
  const int64_t inH = in.shape[2], inW = in.shape[3];
  for (int64_t o = 0; o < outChannels; ++o) {
    const int64_t firstInChannel = (o / groupOutChannels) * groupInChannels;
    for (int64_t c = 0; c < groupInChannels; ++c)
      for (int64_t ky = 0; ky < kernelH; ++ky)
        for (int64_t kx = 0; kx < kernelW; ++kx) {
          double sum = 0.0;
          for (int64_t n = 0; n < batch; ++n)
            for (int64_t y = 0; y < outH; ++y)
              for (int64_t x = 0; x < outW; ++x) {
                int64_t iy = y * strides[0] - padding[0] + ky * dilations[0];
                int64_t ix = x * strides[1] - padding[1] + kx * dilations[1];
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW)
                  continue;
                sum += gradOut.data[index4(gradOut.shape, n, o, y, x)] *
                       in.data[index4(in.shape, n, firstInChannel + c, iy, ix)];
              }
          out.data[index4(out.shape, o, c, ky, kx)] = sum;
        }
  }
  return success();
}

LogicalResult evalPool2dGrad(Pool2dGradOp op, const Tensor &in, const Tensor &gradOut,
                             Tensor &out) {
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    padding = op.getPadding();
  StringRef kind = op.getKind();
  out = zerosOf(in.shape);
  const int64_t batch = in.shape[0], channels = in.shape[1], inH = in.shape[2],
                inW = in.shape[3];
  const int64_t outH = gradOut.shape[2], outW = gradOut.shape[3];
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t y = 0; y < outH; ++y)
        for (int64_t x = 0; x < outW; ++x) {
          double g = gradOut.data[index4(gradOut.shape, n, c, y, x)];
          // The window's positions inside the input, in scan order.
          std::vector<int64_t> inside;
          for (int64_t ky = 0; ky < kernel[0]; ++ky)
            for (int64_t kx = 0; kx < kernel[1]; ++kx) {
              int64_t iy = y * strides[0] - padding[0] + ky;
              int64_t ix = x * strides[1] - padding[1] + kx;
              if (iy >= 0 && iy < inH && ix >= 0 && ix < inW)
                inside.push_back(index4(in.shape, n, c, iy, ix));
            }
          if (kind == "max") {
            int64_t best = inside.front();
            for (int64_t i : inside)
              if (in.data[i] > in.data[best])
                best = i;  // strictly greater: the first maximum wins
            out.data[best] += g;
            continue;
          }
          double divisor = kind == "avg_include_pad" ? static_cast<double>(kernel[0] * kernel[1])
                                                     : static_cast<double>(inside.size());
          for (int64_t i : inside)
            out.data[i] += g / divisor;
        }
  return success();
}

namespace {

// What dlc.loss sums per sample (cross_entropy) or per element, and the
// divisor of a "mean" reduction.
struct LossTerms {
  std::vector<double> values, grads;  // the loss terms and d(term)/d(prediction)
  double divisor = 1.0;
};

LossTerms lossTerms(StringRef kind, StringRef reduction, double smoothing,
                    const Tensor &prediction, const Tensor &target) {
  LossTerms t;
  t.grads.assign(prediction.data.size(), 0.0);
  if (kind == "cross_entropy") {
    const int64_t rows = prediction.shape[0], classes = prediction.shape[1];
    for (int64_t n = 0; n < rows; ++n) {
      const double *x = &prediction.data[static_cast<size_t>(n * classes)];
      double max = -std::numeric_limits<double>::infinity(), mean = 0.0;
      for (int64_t c = 0; c < classes; ++c)
        max = std::max(max, x[c]), mean += x[c] / static_cast<double>(classes);
      double sum = 0.0;
      for (int64_t c = 0; c < classes; ++c)
        sum += std::exp(x[c] - max);
      double logSumExp = max + std::log(sum);
      auto label = static_cast<int64_t>(target.data[static_cast<size_t>(n)]);
      double picked = (label >= 0 && label < classes) ? x[label] : 0.0;
      t.values.push_back(logSumExp - ((1.0 - smoothing) * picked + smoothing * mean));
      for (int64_t c = 0; c < classes; ++c) {
        double wanted = (c == label ? 1.0 - smoothing : 0.0) + smoothing / classes;
        t.grads[static_cast<size_t>(n * classes + c)] = std::exp(x[c] - logSumExp) - wanted;
      }
    }
    t.divisor = static_cast<double>(rows);
  } else {
    for (size_t i = 0; i < prediction.data.size(); ++i) {
      double x = prediction.data[i], y = target.data[i];
      if (kind == "mse") {
        t.values.push_back((x - y) * (x - y));
        t.grads[i] = 2.0 * (x - y);
      } else {
        t.values.push_back(std::max(x, 0.0) - x * y + std::log1p(std::exp(-std::fabs(x))));
        t.grads[i] = 1.0 / (1.0 + std::exp(-x)) - y;
      }
    }
    t.divisor = static_cast<double>(prediction.data.size());
  }
  if (reduction == "sum")
    t.divisor = 1.0;
  return t;
}

} // namespace

LogicalResult evalGatherGrad(GatherGradOp op, const Tensor &gradOut, const Tensor &indices,
                             Tensor &out) {
  out = zerosOf(typeShape(op.getResult()));
  return forEachGathered(
      op, out.shape, static_cast<int64_t>(op.getAxis()), indices,
      [&](int64_t source, int64_t result) { out.data[source] += gradOut.data[result]; });
}

LogicalResult evalLoss(LossOp op, const Tensor &prediction, const Tensor &target, Tensor &out) {
  LossTerms t = lossTerms(op.getKind(), op.getReduction(), op.getLabelSmoothing().convertToDouble(),
                          prediction, target);
  double total = 0.0;
  for (double v : t.values)
    total += v;
  out = zerosOf(typeShape(op.getResult()));
  out.data[0] = total / t.divisor;
  return success();
}

LogicalResult evalLossGrad(LossGradOp op, const Tensor &prediction, const Tensor &target,
                           const Tensor &gradLoss, Tensor &out) {
  LossTerms t = lossTerms(op.getKind(), op.getReduction(), op.getLabelSmoothing().convertToDouble(),
                          prediction, target);
  out = zerosOf(prediction.shape);
  for (size_t i = 0; i < out.data.size(); ++i)
    out.data[i] = gradLoss.data[0] * t.grads[i] / t.divisor;
  return success();
}

namespace {

// A tensor of rank >= 2 as (batch, channels, inner) for batch norm.
struct ChannelView {
  int64_t batch, channels, inner;
  explicit ChannelView(const Tensor &t) : batch(t.shape[0]), channels(t.shape[1]), inner(1) {
    for (size_t d = 2; d < t.shape.size(); ++d)
      inner *= t.shape[d];
  }
  size_t at(int64_t n, int64_t c, int64_t i) const {
    return static_cast<size_t>((n * channels + c) * inner + i);
  }
  double count() const { return static_cast<double>(batch * inner); }
};

// The normalized input, and the gradient that reaches the batch norm's
// output (through a following ReLU when `relu`).
struct Normalized {
  double xHat, gradient;
};

Normalized normalizedAt(const ChannelView &v, const Tensor &in, const Tensor *grad,
                        const Tensor &scale, const Tensor &bias, const Tensor &stats,
                        double epsilon, bool relu, int64_t n, int64_t c, int64_t i) {
  size_t k = v.at(n, c, i);
  double mean = stats.data[static_cast<size_t>(c)];
  double var = stats.data[static_cast<size_t>(v.channels + c)];
  double xHat = (in.data[k] - mean) / std::sqrt(var + epsilon);
  double g = grad ? grad->data[k] : 0.0;
  if (relu && xHat * scale.data[static_cast<size_t>(c)] + bias.data[static_cast<size_t>(c)] <= 0.0)
    g = 0.0;
  return {xHat, g};
}

} // namespace

LogicalResult evalBatchStats(BatchStatsOp op, const Tensor &in, Tensor &out) {
  ChannelView v(in);
  out = zerosOf({2, v.channels});
  for (int64_t c = 0; c < v.channels; ++c) {
    double sum = 0.0, squares = 0.0;
    for (int64_t n = 0; n < v.batch; ++n)
      for (int64_t i = 0; i < v.inner; ++i)
        sum += in.data[v.at(n, c, i)];
    double mean = sum / v.count();
    for (int64_t n = 0; n < v.batch; ++n)
      for (int64_t i = 0; i < v.inner; ++i) {
        double d = in.data[v.at(n, c, i)] - mean;
        squares += d * d;
      }
    out.data[static_cast<size_t>(c)] = mean;
    out.data[static_cast<size_t>(v.channels + c)] = squares / v.count();
  }
  return success();
}

LogicalResult evalBatchNormTrain(BatchNormTrainOp op, const Tensor &in, const Tensor &scale,
                                 const Tensor &bias, const Tensor &stats, Tensor &out) {
  ChannelView v(in);
  out = zerosOf(in.shape);
  double epsilon = op.getEpsilon().convertToDouble();
  for (int64_t n = 0; n < v.batch; ++n)
    for (int64_t c = 0; c < v.channels; ++c)
      for (int64_t i = 0; i < v.inner; ++i) {
        Normalized x = normalizedAt(v, in, nullptr, scale, bias, stats, epsilon, false, n, c, i);
        out.data[v.at(n, c, i)] =
            x.xHat * scale.data[static_cast<size_t>(c)] + bias.data[static_cast<size_t>(c)];
      }
  return success();
}

LogicalResult evalBatchNormParamGrad(BatchNormParamGradOp op, const Tensor &in, const Tensor &grad,
                                     const Tensor &scale, const Tensor &bias, const Tensor &stats,
                                     Tensor &out) {
  ChannelView v(in);
  out = zerosOf({2, v.channels});
  double epsilon = op.getEpsilon().convertToDouble();
  for (int64_t n = 0; n < v.batch; ++n)
    for (int64_t c = 0; c < v.channels; ++c)
      for (int64_t i = 0; i < v.inner; ++i) {
        Normalized x =
            normalizedAt(v, in, &grad, scale, bias, stats, epsilon, op.getRelu(), n, c, i);
        out.data[static_cast<size_t>(c)] += x.gradient * x.xHat;
        out.data[static_cast<size_t>(v.channels + c)] += x.gradient;
      }
  return success();
}

LogicalResult evalBatchNormInputGrad(BatchNormInputGradOp op, const Tensor &in, const Tensor &grad,
                                     const Tensor &scale, const Tensor &bias, const Tensor &stats,
                                     const Tensor &paramGrad, Tensor &out) {
  ChannelView v(in);
  out = zerosOf(in.shape);
  double epsilon = op.getEpsilon().convertToDouble();
  for (int64_t n = 0; n < v.batch; ++n)
    for (int64_t c = 0; c < v.channels; ++c)
      for (int64_t i = 0; i < v.inner; ++i) {
        Normalized x =
            normalizedAt(v, in, &grad, scale, bias, stats, epsilon, op.getRelu(), n, c, i);
        double var = stats.data[static_cast<size_t>(v.channels + c)];
        double sumXHat = paramGrad.data[static_cast<size_t>(c)];
        double sum = paramGrad.data[static_cast<size_t>(v.channels + c)];
        out.data[v.at(n, c, i)] = scale.data[static_cast<size_t>(c)] / std::sqrt(var + epsilon) *
                                  (x.gradient - (sum + x.xHat * sumXHat) / v.count());
      }
  return success();
}

LogicalResult evalOptimizerUpdate(OptimizerUpdateOp op, const Tensor &param, const Tensor &grad,
                                  const Tensor &lrTensor, const Tensor &stepTensor,
                                  ArrayRef<const Tensor *> state, Tensor &out) {
  StringRef optimizer = op.getOptimizer(), component = op.getComponent();
  const double lr = lrTensor.data[0], step = stepTensor.data[0];
  const double momentum = op.getMomentum().convertToDouble();
  const double dampening = op.getDampening().convertToDouble();
  const double beta1 = op.getBeta1().convertToDouble(), beta2 = op.getBeta2().convertToDouble();
  const double alpha = op.getAlpha().convertToDouble(), eps = op.getEps().convertToDouble();
  const double decay = op.getWeightDecay().convertToDouble();
  out = zerosOf(param.shape);
  for (size_t i = 0; i < param.data.size(); ++i) {
    const double p = param.data[i];
    // torch.optim adds the L2 term to the gradient, except AdamW.
    const double g = grad.data[i] + (optimizer == "adamw" ? 0.0 : decay * p);
    double result = p;
    if (optimizer == "sgd") {
      result = p - lr * g;
    } else if (optimizer == "momentum" || optimizer == "nesterov") {
      // The first step's buffer is the gradient itself (torch.optim.SGD).
      double v = step <= 1.0 ? g : momentum * state[0]->data[i] + (1.0 - dampening) * g;
      double direction = optimizer == "nesterov" ? g + momentum * v : v;
      result = component == "param" ? p - lr * direction : v;
    } else if (optimizer == "rmsprop") {
      double square = alpha * state[0]->data[i] + (1.0 - alpha) * g * g;
      result = component == "param" ? p - lr * g / (std::sqrt(square) + eps) : square;
    } else {  // adam, adamw
      double m = beta1 * state[0]->data[i] + (1.0 - beta1) * g;
      double v = beta2 * state[1]->data[i] + (1.0 - beta2) * g * g;
      if (component == "state0") {
        result = m;
      } else if (component == "state1") {
        result = v;
      } else {
        double decayed = optimizer == "adamw" ? p * (1.0 - lr * decay) : p;
        double correction1 = 1.0 - std::pow(beta1, step);
        double correction2 = 1.0 - std::pow(beta2, step);
        double denominator = std::sqrt(v) / std::sqrt(correction2) + eps;
        result = decayed - lr / correction1 * m / denominator;
      }
    }
    out.data[i] = result;
  }
  return success();
}

} // namespace dlc::interp
