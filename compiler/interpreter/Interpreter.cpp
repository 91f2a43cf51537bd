#include "compiler/interpreter/Interpreter.h"

#include "compiler/interpreter/ElementwiseFunctions.h"
#include "compiler/interpreter/TensorOps.h"
#include "compiler/interpreter/TrainingOps.h"

#include <cmath>
#include <limits>

#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/ShapeInference.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace dlc::interp {
namespace {

using Shape = SmallVector<int64_t, 4>;

// Number of values in a tensor of `shape` (1 for rank 0); -1 when a
// dimension is negative or the count overflows.
int64_t elementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    if (d < 0 || llvm::MulOverflow(count, d, count))
      return -1;
  return count;
}

// Checks that `t`, called `what` in the diagnostic emitted at `op`, holds
// one value per element of its shape.
LogicalResult checkValueCount(Operation *op, const std::string &what, const Tensor &t) {
  int64_t count = elementCount(t.shape);
  if (count < 0)
    return op->emitError() << what << " has shape " << shapes::shapeToString(t.shape)
                           << ", expected non-negative dimensions";
  if (static_cast<uint64_t>(count) != t.data.size())
    return op->emitError() << what << " has " << t.data.size() << " values, expected " << count
                           << " for shape " << shapes::shapeToString(t.shape);
  return success();
}

// A tensor of `shape` filled with zeros.
Tensor zeros(ArrayRef<int64_t> shape) {
  Tensor t;
  t.shape.assign(shape.begin(), shape.end());
  t.data.assign(elementCount(shape), 0.0);
  return t;
}

// True when `shape` has `type`'s rank and agrees with its static dimensions.
bool fitsType(ArrayRef<int64_t> shape, RankedTensorType type) {
  if (static_cast<int64_t>(shape.size()) != type.getRank())
    return false;
  for (auto [actual, declared] : llvm::zip_equal(shape, type.getShape()))
    if (declared != ShapedType::kDynamic && declared != actual)
      return false;
  return true;
}

// Row-major offset of element (a, b, c, d) of a 4-D tensor.
int64_t at4(const Tensor &t, int64_t a, int64_t b, int64_t c, int64_t d) {
  return ((a * t.shape[1] + b) * t.shape[2] + c) * t.shape[3] + d;
}

// Row-major offset of element (a, b) of a 2-D tensor.
int64_t at2(const Tensor &t, int64_t a, int64_t b) { return a * t.shape[1] + b; }

std::optional<ArrayRef<int64_t>> optionalShape(const Tensor *t) {
  if (!t)
    return std::nullopt;
  return ArrayRef<int64_t>(t->shape);
}

//===----------------------------------------------------------------------===//
// The ops, one function each, following the formulas of DLCOps.td. Each
// computes its output shape from the actual operand shapes with the shape
// inference the verifier uses, which also rejects operands that break the
// op's constraints.
//===----------------------------------------------------------------------===//

LogicalResult evalConv2d(Conv2dOp op, const Tensor &in, const Tensor &w, const Tensor *bias,
                         Tensor &out) {
  ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                    dilations = op.getDilations();
  int64_t groups = static_cast<int64_t>(op.getGroups());
  Shape shape;
  if (failed(shapes::inferConv2d(op.getLoc(), in.shape, w.shape, optionalShape(bias), strides,
                                 padding, dilations, groups, shape)))
    return failure();
  out = zeros(shape);
  const int64_t batch = shape[0], outChannels = shape[1], outH = shape[2], outW = shape[3];
  const int64_t inH = in.shape[2], inW = in.shape[3];
  const int64_t groupInChannels = w.shape[1], kernelH = w.shape[2], kernelW = w.shape[3];
  const int64_t groupOutChannels = outChannels / groups;
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t o = 0; o < outChannels; ++o) {
      const int64_t firstInChannel = (o / groupOutChannels) * groupInChannels;
      for (int64_t y = 0; y < outH; ++y)
        for (int64_t x = 0; x < outW; ++x) {
          double sum = bias ? bias->data[o] : 0.0;
          for (int64_t c = 0; c < groupInChannels; ++c)
            for (int64_t ky = 0; ky < kernelH; ++ky)
              for (int64_t kx = 0; kx < kernelW; ++kx) {
                int64_t iy = y * strides[0] - padding[0] + ky * dilations[0];
                int64_t ix = x * strides[1] - padding[1] + kx * dilations[1];
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW)
                  continue; // Zero padding adds nothing.
                sum +=
                    in.data[at4(in, n, firstInChannel + c, iy, ix)] * w.data[at4(w, o, c, ky, kx)];
              }
          out.data[at4(out, n, o, y, x)] = sum;
        }
    }
  return success();
}

enum class PoolKind { Max, AvgIncludePad, AvgExcludePad };

LogicalResult evalPool2d(Operation *op, PoolKind kind, const Tensor &in, ArrayRef<int64_t> kernel,
                         ArrayRef<int64_t> strides, ArrayRef<int64_t> padding, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferPool2d(op->getLoc(), op->getName().getStringRef(), in.shape, kernel,
                                 strides, padding, shape)))
    return failure();
  out = zeros(shape);
  const int64_t batch = shape[0], channels = shape[1], outH = shape[2], outW = shape[3];
  const int64_t inH = in.shape[2], inW = in.shape[3];
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t y = 0; y < outH; ++y)
        for (int64_t x = 0; x < outW; ++x) {
          double max = -std::numeric_limits<double>::infinity();
          double sum = 0.0;
          int64_t inside = 0;
          for (int64_t ky = 0; ky < kernel[0]; ++ky)
            for (int64_t kx = 0; kx < kernel[1]; ++kx) {
              int64_t iy = y * strides[0] - padding[0] + ky;
              int64_t ix = x * strides[1] - padding[1] + kx;
              if (iy < 0 || iy >= inH || ix < 0 || ix >= inW)
                continue; // Padding never wins a max and adds 0 to a sum.
              double v = in.data[at4(in, n, c, iy, ix)];
              max = std::max(max, v);
              sum += v;
              ++inside;
            }
          // pool2d_c3 (padding smaller than the kernel) puts at least one
          // input position in every window.
          assert(inside > 0 && "a pooling window lies entirely in the padding");
          double result = kind == PoolKind::Max             ? max
                          : kind == PoolKind::AvgIncludePad ? sum / (kernel[0] * kernel[1])
                                                            : sum / inside;
          out.data[at4(out, n, c, y, x)] = result;
        }
  return success();
}

LogicalResult evalLinear(LinearOp op, const Tensor &in, const Tensor &w, const Tensor *bias,
                         Tensor &out) {
  Shape shape;
  if (failed(shapes::inferLinear(op.getLoc(), in.shape, w.shape, optionalShape(bias), shape)))
    return failure();
  out = zeros(shape);
  const int64_t rows = shape[0], features = shape[1], depth = in.shape[1];
  for (int64_t n = 0; n < rows; ++n)
    for (int64_t m = 0; m < features; ++m) {
      double sum = bias ? bias->data[m] : 0.0;
      for (int64_t k = 0; k < depth; ++k)
        sum += in.data[at2(in, n, k)] * w.data[at2(w, m, k)];
      out.data[at2(out, n, m)] = sum;
    }
  return success();
}

// out[i] = f(operands at i) over `shape`, the operands broadcast to it.
void evalBroadcast(ArrayRef<const Tensor *> operands, const Shape &shape,
                   function_ref<double(ArrayRef<double>)> f, Tensor &out) {
  out = zeros(shape);
  const int64_t rank = shape.size();
  // Row-major offset in `operand` of output element `index`: the operand's
  // dimensions align with the output's last ones and a dimension of extent 1
  // always reads index 0.
  auto offsetIn = [&](const Tensor &operand, ArrayRef<int64_t> index) {
    const int64_t skipped = rank - static_cast<int64_t>(operand.shape.size());
    int64_t offset = 0;
    for (int64_t d = skipped; d < rank; ++d) {
      int64_t extent = operand.shape[d - skipped];
      offset = offset * extent + (extent == 1 ? 0 : index[d]);
    }
    return offset;
  };
  Shape index(rank, 0);
  SmallVector<double, 3> values(operands.size());
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    int64_t rest = i;
    for (int64_t d = rank - 1; d >= 0; --d) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    for (size_t k = 0; k < operands.size(); ++k)
      values[k] = operands[k]->data[offsetIn(*operands[k], index)];
    out.data[i] = f(values);
  }
}

LogicalResult evalBinary(Operation *op, const BinaryFunction &f, const Tensor &lhs,
                         const Tensor &rhs, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferBroadcast(op->getLoc(), op->getName().getStringRef(), lhs.shape,
                                    rhs.shape, shape)))
    return failure();
  evalBroadcast({&lhs, &rhs}, shape, [&](ArrayRef<double> v) { return f(v[0], v[1]); }, out);
  return success();
}

LogicalResult evalWhere(WhereOp op, const Tensor &cond, const Tensor &a, const Tensor &b,
                        Tensor &out) {
  Shape shape;
  if (failed(shapes::inferWhere(op.getLoc(), cond.shape, a.shape, b.shape, shape)))
    return failure();
  evalBroadcast({&cond, &a, &b}, shape,
                [](ArrayRef<double> v) { return v[0] != 0.0 ? v[1] : v[2]; }, out);
  return success();
}

LogicalResult evalReshape(ReshapeOp op, const Tensor &in, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferReshape(op.getLoc(), in.shape, op.getShape(), shape)))
    return failure();
  out.shape.assign(shape.begin(), shape.end());
  out.data = in.data; // Row-major order is unchanged.
  return success();
}

// dlc.softmax, or dlc.log_softmax when `logarithm` is set.
LogicalResult evalSoftmax(Operation *op, int64_t axis, bool logarithm, const Tensor &in,
                          Tensor &out) {
  const int64_t rank = in.shape.size();
  if (axis < -rank || axis >= rank)
    return op->emitOpError(logarithm ? "(log_softmax_c1) 'axis' value is "
                                     : "(softmax_c1) 'axis' value is ")
           << axis << ", accepted range is [" << -rank << ", " << rank - 1 << "]";
  if (axis < 0)
    axis += rank;
  out = zeros(in.shape);
  // The tensor is [outer, length, inner] around the axis.
  const int64_t length = in.shape[axis];
  const int64_t outer = elementCount(ArrayRef<int64_t>(in.shape).take_front(axis));
  const int64_t inner = elementCount(ArrayRef<int64_t>(in.shape).drop_front(axis + 1));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto offset = [&](int64_t k) { return (o * length + k) * inner + i; };
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < length; ++k)
        max = std::max(max, in.data[offset(k)]);
      double sum = 0.0;
      for (int64_t k = 0; k < length; ++k)
        sum += std::exp(in.data[offset(k)] - max);
      for (int64_t k = 0; k < length; ++k)
        out.data[offset(k)] = logarithm ? in.data[offset(k)] - max - std::log(sum)
                                        : std::exp(in.data[offset(k)] - max) / sum;
    }
  return success();
}

Tensor evalUnary(const Tensor &in, const UnaryFunction &f) {
  Tensor out = in;
  for (double &v : out.data)
    v = f(v);
  return out;
}

LogicalResult evalBatchNorm(BatchNormOp op, const Tensor &in, const Tensor &scale,
                            const Tensor &bias, const Tensor &mean, const Tensor &var,
                            Tensor &out) {
  Shape shape;
  ArrayRef<int64_t> params[] = {scale.shape, bias.shape, mean.shape, var.shape};
  double epsilon = op.getEpsilon().convertToFloat();
  if (failed(shapes::inferBatchNorm(op.getLoc(), in.shape, params,
                                    op.getEpsilon().convertToFloat(), shape)))
    return failure();
  out = zeros(shape);
  const int64_t channels = in.shape[1];
  const int64_t inner = elementCount(ArrayRef<int64_t>(in.shape).drop_front(2));
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    int64_t c = (i / inner) % channels;
    out.data[i] = (in.data[i] - mean.data[c]) / std::sqrt(var.data[c] + epsilon) * scale.data[c] +
                  bias.data[c];
  }
  return success();
}

LogicalResult evalPad(PadOp op, const Tensor &in, Tensor &out) {
  Shape shape;
  if (failed(shapes::inferPad(op.getLoc(), in.shape, op.getPads(), shape)))
    return failure();
  out = zeros(shape);
  std::fill(out.data.begin(), out.data.end(), op.getValue().convertToFloat());
  const int64_t rank = shape.size();
  ArrayRef<int64_t> begin = op.getPads().take_front(rank);
  // Each input element goes to its index shifted by the begin pads.
  Shape index(rank, 0);
  for (int64_t i = 0, e = in.data.size(); i < e; ++i) {
    int64_t rest = i, offset = 0;
    for (int64_t d = rank - 1; d >= 0; --d) {
      index[d] = rest % in.shape[d];
      rest /= in.shape[d];
    }
    for (int64_t d = 0; d < rank; ++d)
      offset = offset * shape[d] + index[d] + begin[d];
    out.data[offset] = in.data[i];
  }
  return success();
}

LogicalResult evalConcat(ConcatOp op, ArrayRef<const Tensor *> inputs, Tensor &out) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const Tensor *t : inputs)
    shapes.push_back(t->shape);
  Shape shape;
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (failed(shapes::inferConcat(op.getLoc(), shapes, axis, shape)))
    return failure();
  if (axis < 0)
    axis += static_cast<int64_t>(shape.size());
  out = zeros(shape);
  // Every tensor is [outer, length, inner] around the axis; each input's
  // rows of length*inner values follow one another in the output.
  const int64_t outer = elementCount(ArrayRef<int64_t>(shape).take_front(axis));
  const int64_t inner = elementCount(ArrayRef<int64_t>(shape).drop_front(axis + 1));
  double *next = out.data.data();
  for (int64_t o = 0; o < outer; ++o)
    for (const Tensor *t : inputs) {
      const int64_t row = t->shape[axis] * inner;
      std::copy_n(t->data.data() + o * row, row, next);
      next += row;
    }
  return success();
}

//===----------------------------------------------------------------------===//
// Running a function
//===----------------------------------------------------------------------===//

class Interpreter {
public:
  explicit Interpreter(const WeightLookup &weights) : weights(weights) {}

  LogicalResult run(func::FuncOp func, ArrayRef<Tensor> inputs, std::vector<Tensor> &outputs) {
    if (func.isExternal())
      return func.emitError("reference interpreter cannot run function '")
             << func.getSymName() << "': it has no body";
    if (!func.getBody().hasOneBlock())
      return func.emitError("reference interpreter cannot run function '")
             << func.getSymName() << "': it has " << func.getBody().getBlocks().size()
             << " blocks, expected 1";
    if (failed(bindInputs(func, inputs)))
      return failure();
    for (Operation &op : func.getBody().front()) {
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        for (Value v : ret.getOperands())
          outputs.push_back(get(v));
        return success();
      }
      if (failed(execute(op)))
        return failure();
    }
    return func.emitError("reference interpreter cannot run function '")
           << func.getSymName() << "': it does not end in func.return";
  }

private:
  LogicalResult bindInputs(func::FuncOp func, ArrayRef<Tensor> inputs) {
    Block &entry = func.getBody().front();
    if (inputs.size() != entry.getNumArguments())
      return func.emitError("function '")
             << func.getSymName() << "' takes " << entry.getNumArguments() << " input(s), got "
             << inputs.size();
    for (auto [i, arg, input] : llvm::enumerate(entry.getArguments(), inputs)) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        return func.emitError("reference interpreter cannot run function '")
               << func.getSymName() << "': argument " << i << " has type " << arg.getType()
               << ", expected a ranked tensor";
      if (!fitsType(input.shape, type))
        return func.emitError("input ")
               << i << " has shape " << shapes::shapeToString(input.shape) << ", expected "
               << shapes::shapeToString(type.getShape()) << " (argument " << i << " of function '"
               << func.getSymName() << "')";
      if (failed(checkValueCount(func, "input " + std::to_string(i), input)))
        return failure();
      values[arg] = input;
    }
    return success();
  }

  // The value of `v`; operands are always computed before their users
  // because the body is a single block in SSA order.
  const Tensor &get(Value v) const {
    auto it = values.find(v);
    assert(it != values.end() && "operand used before it was computed");
    return it->second;
  }

  const Tensor *getOptional(Value v) const { return v ? &get(v) : nullptr; }

  // Binds `t` to `op`'s only result after checking it against the declared
  // result type, so that an inconsistent IR type never goes unnoticed.
  LogicalResult setResult(Operation *op, Tensor t) {
    Value result = op->getResult(0);
    auto type = cast<RankedTensorType>(result.getType());
    if (!fitsType(t.shape, type))
      return op->emitOpError("computes shape ")
             << shapes::shapeToString(t.shape) << ", but its result type is " << type;
    values[result] = std::move(t);
    return success();
  }

  LogicalResult evalWeight(WeightOp op, Tensor &out) {
    if (!weights || !weights(op.getName(), out))
      return op.emitError("reference interpreter has no value for weight '") << op.getName() << "'";
    if (failed(checkValueCount(op, "weight '" + op.getName().str() + "'", out)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    if (!fitsType(out.shape, type))
      return op.emitError("weight '")
             << op.getName() << "' has shape " << shapes::shapeToString(out.shape) << ", expected "
             << shapes::shapeToString(type.getShape()) << " from the type of its dlc.weight op";
    return success();
  }

public:
  // Runs the one op `op` on `operands` (one per operand) into `out`.
  LogicalResult evaluate(Operation &op, ArrayRef<Tensor> operands, Tensor &out) {
    for (auto [operand, value] : llvm::zip(op.getOperands(), operands))
      values[operand] = value;
    if (failed(execute(op)))
      return failure();
    out = std::move(values[op.getResult(0)]);
    return success();
  }

private:
  // A fusion group computes what its body computes, op by op; it binds
  // its results itself (a training group has three).
  LogicalResult evalFused(FusedOp op) {
    Block &body = op.getBody().front();
    for (auto [arg, input] : llvm::zip(body.getArguments(), op.getInputs()))
      values[arg] = get(input);
    for (Operation &inner : body.without_terminator())
      if (failed(execute(inner)))
        return failure();
    for (auto [result, value] :
         llvm::zip(op.getResults(), cast<YieldOp>(body.getTerminator()).getValues()))
      values[result] = get(value);
    return success();
  }

  LogicalResult execute(Operation &op) {
    if (auto group = dyn_cast<FusedOp>(op))
      return evalFused(group);
    Tensor out;
    LogicalResult computed =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](WeightOp op) { return evalWeight(op, out); })
            .Case([&](Conv2dOp op) {
              return evalConv2d(op, get(op.getInput()), get(op.getWeight()),
                                getOptional(op.getBias()), out);
            })
            .Case([&](MaxPool2dOp op) {
              return evalPool2d(op, PoolKind::Max, get(op.getInput()), op.getKernel(),
                                op.getStrides(), op.getPadding(), out);
            })
            .Case([&](AvgPool2dOp op) {
              PoolKind kind =
                  op.getCountIncludePad() ? PoolKind::AvgIncludePad : PoolKind::AvgExcludePad;
              return evalPool2d(op, kind, get(op.getInput()), op.getKernel(), op.getStrides(),
                                op.getPadding(), out);
            })
            .Case([&](BatchNormOp op) {
              return evalBatchNorm(op, get(op.getInput()), get(op.getScale()),
                                   get(op.getBias()), get(op.getMean()), get(op.getVar()), out);
            })
            .Case([&](PadOp op) { return evalPad(op, get(op.getInput()), out); })
            .Case([&](ConvTranspose2dOp op) {
              return evalConvTranspose2d(op, get(op.getInput()), get(op.getWeight()),
                                         getOptional(op.getBias()), out);
            })
            .Case([&](MatmulOp op) {
              return evalMatmul(op, get(op.getLhs()), get(op.getRhs()), out);
            })
            .Case([&](TransposeOp op) { return evalTranspose(op, get(op.getInput()), out); })
            .Case([&](WhereOp op) {
              return evalWhere(op, get(op.getCond()), get(op.getA()), get(op.getB()), out);
            })
            .Case([&](GatherOp op) {
              return evalGather(op, get(op.getData()), get(op.getIndices()), out);
            })
            .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(
                [&](Operation *op) { return evalReduce(op, get(op->getOperand(0)), out); })
            .Case([&](SliceOp op) { return evalSlice(op, get(op.getInput()), out); })
            .Case([&](BroadcastOp op) { return evalBroadcast(op, get(op.getInput()), out); })
            .Case([&](LayerNormOp op) {
              return evalLayerNorm(op, get(op.getInput()), get(op.getScale()),
                                   getOptional(op.getBias()), out);
            })
            .Case([&](ConcatOp op) {
              SmallVector<const Tensor *> inputs;
              for (Value v : op.getInputs())
                inputs.push_back(&get(v));
              return evalConcat(op, inputs, out);
            })
            .Case([&](LinearOp op) {
              return evalLinear(op, get(op.getInput()), get(op.getWeight()),
                                getOptional(op.getBias()), out);
            })
            .Case([&](ReshapeOp op) { return evalReshape(op, get(op.getInput()), out); })
            .Case([&](SoftmaxOp op) {
              return evalSoftmax(op, static_cast<int64_t>(op.getAxis()), false,
                                 get(op.getInput()), out);
            })
            .Case([&](LogSoftmaxOp op) {
              return evalSoftmax(op, static_cast<int64_t>(op.getAxis()), true,
                                 get(op.getInput()), out);
            })
            .Case([&](LrnOp op) { return evalLrn(op, get(op.getInput()), out); })
            .Case([&](AttentionOp op) {
              return evalAttention(op, get(op.getQ()), get(op.getK()), get(op.getV()),
                                   getOptional(op.getMask()), out);
            })
            .Case([&](ResizeOp op) { return evalResize(op, get(op.getInput()), out); })
            .Case([&](ConstantOp op) { return evalConstant(op, out); })
            .Case([&](DropoutOp op) {
              return evalDropout(op, get(op.getInput()), getOptional(op.getStep()), out);
            })
            .Case([&](Conv2dGradWeightOp op) {
              return evalConv2dGradWeight(op, get(op.getInput()), get(op.getGradOutput()), out);
            })
            .Case([&](Pool2dGradOp op) {
              return evalPool2dGrad(op, get(op.getInput()), get(op.getGradOutput()), out);
            })
            .Case([&](GatherGradOp op) {
              return evalGatherGrad(op, get(op.getGradOutput()), get(op.getIndices()), out);
            })
            .Case([&](LossOp op) {
              return evalLoss(op, get(op.getPrediction()), get(op.getTarget()), out);
            })
            .Case([&](LossGradOp op) {
              return evalLossGrad(op, get(op.getPrediction()), get(op.getTarget()),
                                  get(op.getGradLoss()), out);
            })
            .Case([&](BatchStatsOp op) { return evalBatchStats(op, get(op.getInput()), out); })
            .Case([&](BatchNormTrainOp op) {
              return evalBatchNormTrain(op, get(op.getInput()), get(op.getScale()),
                                        get(op.getBias()), get(op.getStats()), out);
            })
            .Case([&](BatchNormParamGradOp op) {
              return evalBatchNormParamGrad(op, get(op.getInput()), get(op.getGradOutput()),
                                            get(op.getScale()), get(op.getBias()),
                                            get(op.getStats()), out);
            })
            .Case([&](BatchNormInputGradOp op) {
              return evalBatchNormInputGrad(op, get(op.getInput()), get(op.getGradOutput()),
                                            get(op.getScale()), get(op.getBias()),
                                            get(op.getStats()), get(op.getParamGrad()), out);
            })
            .Case([&](OptimizerUpdateOp op) {
              SmallVector<const Tensor *> state;
              for (Value v : op.getState())
                state.push_back(&get(v));
              return evalOptimizerUpdate(op, get(op.getParam()), get(op.getGrad()),
                                         get(op.getLr()), get(op.getStep()), state, out);
            })
            .Case([&](GroupNormOp op) {
              return evalGroupNorm(op, get(op.getInput()), get(op.getScale()),
                                   get(op.getBias()), out);
            })
            .Default([&](Operation *op) -> LogicalResult {
              if (UnaryFunction f = unaryFunctionOf(op)) {
                out = evalUnary(get(op->getOperand(0)), f);
                return success();
              }
              if (BinaryFunction f = binaryFunctionOf(op))
                return evalBinary(op, f, get(op->getOperand(0)), get(op->getOperand(1)), out);
              return op->emitError("reference interpreter does not support op '")
                     << op->getName() << "'";
            });
    if (failed(computed))
      return failure();
    return setResult(&op, std::move(out));
  }

  const WeightLookup &weights;
  llvm::DenseMap<Value, Tensor> values;
};

} // namespace

LogicalResult evaluate(Operation *op, ArrayRef<Tensor> operands, Tensor &result) {
  WeightLookup none;
  return Interpreter(none).evaluate(*op, operands, result);
}

LogicalResult run(func::FuncOp func, ArrayRef<Tensor> inputs, const WeightLookup &weights,
                  std::vector<Tensor> &outputs) {
  outputs.clear();
  if (succeeded(Interpreter(weights).run(func, inputs, outputs)))
    return success();
  outputs.clear();
  return failure();
}

} // namespace dlc::interp

#include "compiler/WeightTable.h"

namespace dlc::interp {

WeightLookup lookupIn(const WeightTable &table) {
  return [&table](llvm::StringRef name, Tensor &out) {
    const WeightEntry *w = table.find(name.str());
    if (!w)
      return false;
    out.shape = w->shape;
    const float *values = reinterpret_cast<const float *>(w->data);
    out.data.assign(values, values + w->byteSize / sizeof(float));
    return true;
  };
}

} // namespace dlc::interp
