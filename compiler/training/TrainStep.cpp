#include "compiler/training/TrainStep.h"

#include "compiler/autodiff/Autodiff.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/IR/DropoutMask.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace dlc {

bool matchesGlob(const std::string &pattern, const std::string &name) {
  size_t p = 0, n = 0, star = std::string::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p, ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++, resume = n;
    } else if (star != std::string::npos) {
      p = star + 1, n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

void eraseDropouts(Operation *func) {
  SmallVector<DropoutOp> dropouts;
  func->walk([&](DropoutOp op) { dropouts.push_back(op); });
  for (DropoutOp op : dropouts) {
    op.getResult().replaceAllUsesWith(op.getInput());
    op.erase();
  }
}

namespace {

RankedTensorType scalarType(MLIRContext *context) {
  return RankedTensorType::get({1}, Float32Type::get(context));
}

Value constant(OpBuilder &b, Location loc, double value) {
  return ConstantOp::create(b, loc, scalarType(b.getContext()), b.getF64FloatAttr(value));
}

// The model's weights as the training functions see them.
struct Weights {
  std::vector<std::string> params, buffers;  // names, in first-use order
  llvm::StringMap<Type> types;
};

Weights classifyWeights(func::FuncOp forward, const TrainOptions &options,
                        const WeightTable &table) {
  llvm::StringSet<> statistics;
  forward.walk([&](BatchNormOp bn) {
    for (Value v : {bn.getMean(), bn.getVar()})
      if (auto w = v.getDefiningOp<WeightOp>())
        statistics.insert(w.getName());
  });
  Weights weights;
  llvm::StringSet<> seen;
  forward.walk([&](WeightOp w) {
    std::string name = w.getName().str();
    if (!seen.insert(name).second)
      return;
    if (!cast<ShapedType>(w.getType()).getElementType().isF32())
      return;
    const WeightEntry *entry = table.find(name);
    if (entry && !entry->trainable && !statistics.contains(name))
      return;
    weights.types[name] = w.getType();
    if (statistics.contains(name)) {
      weights.buffers.push_back(name);
      return;
    }
    for (const std::string &pattern : options.freeze)
      if (matchesGlob(pattern, name))
        return;
    weights.params.push_back(name);
  });
  return weights;
}

// A function built from the arguments added (name, type, role), with the
// forward body cloned in: weights that are parameters or buffers read the
// arguments of their names.
struct Builder {
  OpBuilder b;
  func::FuncOp func;
  llvm::StringMap<Value> byName;
  llvm::StringSet<> weightArgs;  // parameters and buffers, by name
  SmallVector<Type> argTypes;
  SmallVector<std::pair<std::string, std::string>> argNames;  // name, role

  explicit Builder(ModuleOp module) : b(module.getBody(), module.getBody()->end()) {}

  void addArg(const std::string &name, Type type, const std::string &role) {
    argTypes.push_back(type);
    argNames.push_back({name, role});
    if (role == "parameter" || role == "buffer")
      weightArgs.insert(name);
  }

  void create(Location loc, StringRef symbol) {
    func = func::FuncOp::create(b, loc, symbol, b.getFunctionType(argTypes, {}));
    Block *body = func.addEntryBlock();
    for (auto [i, named] : llvm::enumerate(argNames)) {
      func.setArgAttr(i, "dlc.name", b.getStringAttr(named.first));
      func.setArgAttr(i, kRoleAttr, b.getStringAttr(named.second));
      byName[named.first] = body->getArgument(i);
    }
    b.setInsertionPointToStart(body);
  }

  // Clones the forward body; weights with an argument of their name read
  // it. Returns the forward's results.
  SmallVector<Value> cloneForward(func::FuncOp forward, unsigned dataInputs) {
    IRMapping mapping;
    for (unsigned i = 0; i < dataInputs; ++i)
      mapping.map(forward.getArgument(i), func.getArgument(i));
    for (Operation &op : forward.getBody().front().without_terminator()) {
      if (auto w = dyn_cast<WeightOp>(op); w && weightArgs.contains(w.getName())) {
        mapping.map(w.getResult(), byName.lookup(w.getName()));
        continue;
      }
      b.clone(op, mapping);
    }
    SmallVector<Value> results;
    for (Value v : forward.getBody().front().getTerminator()->getOperands())
      results.push_back(mapping.lookup(v));
    return results;
  }

  void finish(Location loc, ArrayRef<Value> results,
              ArrayRef<std::pair<std::string, std::string>> names) {
    func::ReturnOp::create(b, loc, results);
    func.setType(b.getFunctionType(argTypes, ValueRange(results).getTypes()));
    for (auto [i, named] : llvm::enumerate(names)) {
      func.setResultAttr(i, "dlc.name", b.getStringAttr(named.first));
      func.setResultAttr(i, kRoleAttr, b.getStringAttr(named.second));
    }
  }
};

// Batch normalization in training mode: normalizes with the batch's
// statistics (dlc.batch_stats, dlc.batch_norm_train) and returns the
// updated running mean and variance (PyTorch updates the variance with the
// unbiased batch variance).
struct TrainingBatchNorm {
  Value newMean, newVar;
};

TrainingBatchNorm rewriteBatchNorm(OpBuilder &b, BatchNormOp bn, double momentum) {
  Location loc = bn.getLoc();
  b.setInsertionPoint(bn);
  Value x = bn.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  auto channelType = cast<RankedTensorType>(bn.getMean().getType());
  int64_t channels = channelType.getDimSize(0);
  int64_t count = type.getNumElements() / channels;
  auto pairs = RankedTensorType::get({2, channels}, type.getElementType());
  Value stats = BatchStatsOp::create(b, loc, pairs, x);
  Value y = BatchNormTrainOp::create(b, loc, type, x, bn.getScale(), bn.getBias(), stats,
                                     bn.getEpsilonAttr());
  bn.getResult().replaceAllUsesWith(y);

  auto row = [&](int64_t r) {
    Value slice = SliceOp::create(b, loc, RankedTensorType::get({1, channels}, type.getElementType()),
                                  stats, b.getDenseI64ArrayAttr({r, 0}),
                                  b.getDenseI64ArrayAttr({1, channels}),
                                  b.getDenseI64ArrayAttr({1, 1}));
    return ReshapeOp::create(b, loc, channelType, slice, b.getDenseI64ArrayAttr({channels}));
  };
  double unbiased = count > 1 ? double(count) / double(count - 1) : 1.0;
  Value keepOld = constant(b, loc, 1.0 - momentum);
  TrainingBatchNorm result;
  result.newMean = AddOp::create(b, loc, MulOp::create(b, loc, bn.getMean(), keepOld),
                                 MulOp::create(b, loc, row(0), constant(b, loc, momentum)));
  result.newVar =
      AddOp::create(b, loc, MulOp::create(b, loc, bn.getVar(), keepOld),
                    MulOp::create(b, loc, row(1), constant(b, loc, momentum * unbiased)));
  bn.erase();
  return result;
}

// Erases the ops whose results nothing uses (the forward outputs the loss
// does not need, gradients of constants).
void eraseDeadOps(func::FuncOp func) {
  // One pass from the end: users go before the ops they read.
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front().without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (op->use_empty())
      op->erase();
}

LogicalResult buildTrainStep(ModuleOp module, func::FuncOp forward, const Weights &weights,
                             const TrainOptions &options) {
  Location loc = forward.getLoc();
  MLIRContext *context = module.getContext();
  unsigned dataInputs = forward.getNumArguments();
  Builder t(module);
  for (unsigned i = 0; i < dataInputs; ++i) {
    auto name = forward.getArgAttrOfType<StringAttr>(i, "dlc.name");
    t.addArg(name ? name.str() : "input" + std::to_string(i), forward.getArgument(i).getType(),
             "data");
  }
  auto output = cast<RankedTensorType>(forward.getResultTypes()[0]);
  Type targetType = output;
  if (options.loss == "cross_entropy") {
    if (output.getRank() != 2)
      return emitError(loc) << "--loss cross_entropy needs an N x C output, the model's is "
                            << output;
    targetType = RankedTensorType::get({output.getDimSize(0)}, IntegerType::get(context, 64));
  }
  t.addArg("target", targetType, "target");
  t.addArg("lr", scalarType(context), "learning_rate");
  t.addArg("step", scalarType(context), "step");
  for (const std::string &p : weights.params)
    t.addArg(p, weights.types.lookup(p), "parameter");
  unsigned states = *OptimizerUpdateOp::stateCount(options.optimizer);
  for (unsigned s = 0; s < states; ++s)
    for (const std::string &p : weights.params)
      t.addArg(p + ".state" + std::to_string(s), weights.types.lookup(p), "optimizer_state");
  for (const std::string &buffer : weights.buffers)
    t.addArg(buffer, weights.types.lookup(buffer), "buffer");
  t.create(loc, "train_step");
  Value prediction = t.cloneForward(forward, dataInputs)[0];
  OpBuilder &b = t.b;

  // Dropouts drop: each gets the step number, for a new mask every step,
  // and a seed of its own.
  Value step = t.byName.lookup("step");
  uint32_t ordinal = 0;
  t.func.walk([&](DropoutOp op) {
    op.getStepMutable().assign(step);
    op.setSeed(dropout::opSeed(options.seed, ordinal++));
  });

  // Batch norms use the batch's statistics and update the running ones.
  llvm::StringMap<Value> updatedBuffers;
  SmallVector<BatchNormOp> norms;
  t.func.walk([&](BatchNormOp bn) { norms.push_back(bn); });
  for (BatchNormOp bn : norms) {
    Value mean = bn.getMean(), var = bn.getVar();
    TrainingBatchNorm updated = rewriteBatchNorm(b, bn, options.batchNormMomentum);
    for (auto [old, fresh] : {std::pair{mean, updated.newMean}, std::pair{var, updated.newVar}})
      for (const std::string &name : weights.buffers)
        if (t.byName.lookup(name) == old)
          updatedBuffers[name] = fresh;
  }
  b.setInsertionPointToEnd(&t.func.getBody().front());

  Value target = t.byName.lookup("target");
  Value loss = LossOp::create(b, loc, scalarType(context), prediction, target,
                              b.getStringAttr(options.loss), b.getStringAttr(options.reduction),
                              b.getF64FloatAttr(options.labelSmoothing));
  Value seed = constant(b, loc, 1.0);
  // buildBackward inserts before the terminator: give it one for now.
  auto ret = func::ReturnOp::create(b, loc, ValueRange{loss});
  SmallVector<Value> params;
  for (const std::string &p : weights.params)
    params.push_back(t.byName.lookup(p));
  FailureOr<SmallVector<Value>> grads = buildBackward(t.func, loss, seed, params);
  if (failed(grads))
    return failure();
  ret.erase();
  b.setInsertionPointToEnd(&t.func.getBody().front());

  Value lr = t.byName.lookup("lr");
  SmallVector<Value> results{loss};
  SmallVector<std::pair<std::string, std::string>> names{{"loss", "loss"}};
  auto update = [&](const std::string &param, Value grad, StringRef component) {
    SmallVector<Value> state;
    for (unsigned s = 0; s < states; ++s)
      state.push_back(t.byName.lookup(param + ".state" + std::to_string(s)));
    Value p = t.byName.lookup(param);
    return OptimizerUpdateOp::create(
        b, NameLoc::get(b.getStringAttr(param)), p.getType(), p, grad, lr, step, state,
        b.getStringAttr(options.optimizer), b.getStringAttr(component),
        b.getF64FloatAttr(options.momentum), b.getF64FloatAttr(options.dampening),
        b.getF64FloatAttr(options.beta1), b.getF64FloatAttr(options.beta2),
        b.getF64FloatAttr(options.alpha), b.getF64FloatAttr(options.eps),
        b.getF64FloatAttr(options.weightDecay));
  };
  for (auto [p, g] : llvm::zip(weights.params, *grads)) {
    results.push_back(update(p, g, "param"));
    names.push_back({p, "parameter"});
  }
  for (unsigned s = 0; s < states; ++s)
    for (auto [p, g] : llvm::zip(weights.params, *grads)) {
      results.push_back(update(p, g, "state" + std::to_string(s)));
      names.push_back({p + ".state" + std::to_string(s), "optimizer_state"});
    }
  for (const std::string &buffer : weights.buffers) {
    Value fresh = updatedBuffers.lookup(buffer);
    results.push_back(fresh ? fresh : t.byName.lookup(buffer));
    names.push_back({buffer, "buffer"});
  }
  t.finish(loc, results, names);
  eraseDeadOps(t.func);
  return success();
}

void buildEval(ModuleOp module, func::FuncOp forward, const Weights &weights) {
  Builder e(module);
  unsigned dataInputs = forward.getNumArguments();
  for (unsigned i = 0; i < dataInputs; ++i) {
    auto name = forward.getArgAttrOfType<StringAttr>(i, "dlc.name");
    e.addArg(name ? name.str() : "input" + std::to_string(i), forward.getArgument(i).getType(),
             "data");
  }
  for (const std::string &p : weights.params)
    e.addArg(p, weights.types.lookup(p), "parameter");
  for (const std::string &buffer : weights.buffers)
    e.addArg(buffer, weights.types.lookup(buffer), "buffer");
  e.create(forward.getLoc(), "eval");
  SmallVector<Value> outputs = e.cloneForward(forward, dataInputs);
  SmallVector<std::pair<std::string, std::string>> names;
  for (unsigned i = 0; i < forward.getNumResults(); ++i) {
    auto name = forward.getResultAttrOfType<StringAttr>(i, "dlc.name");
    names.push_back({name ? name.str() : "output" + std::to_string(i), "data"});
  }
  e.finish(forward.getLoc(), outputs, names);
  eraseDropouts(e.func);
}

} // namespace

LogicalResult buildTrainingFunctions(ModuleOp module, const TrainOptions &options,
                                     const WeightTable &table) {
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward)
    return emitError(module.getLoc()) << "the module has no @forward function";
  if (forward.getNumResults() != 1)
    return emitError(forward.getLoc())
           << "--train needs a model with one output (the loss's prediction), this one has "
           << forward.getNumResults();
  for (Type t : forward.getArgumentTypes())
    if (!cast<ShapedType>(t).hasStaticShape())
      return emitError(forward.getLoc())
             << "--train needs a static batch: give the training batch with --batch N";
  if (!OptimizerUpdateOp::stateCount(options.optimizer))
    return emitError(forward.getLoc()) << "unknown optimizer '" << options.optimizer << "'";
  Weights weights = classifyWeights(forward, options, table);
  if (weights.params.empty())
    return emitError(forward.getLoc())
           << "the model has no trainable parameters (its float32 weights are all frozen, "
              "batch-norm statistics or ONNX Constant values)";
  if (failed(buildTrainStep(module, forward, weights, options)))
    return failure();
  buildEval(module, forward, weights);
  forward.erase();
  return success();
}

} // namespace dlc
