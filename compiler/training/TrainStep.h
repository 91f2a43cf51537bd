// Builds the training functions of a model from its imported forward
// function: `train_step` (forward in training mode, loss, backward,
// optimizer update) and `eval` (forward in eval mode), both taking the
// model's trainable parameters and batch-norm statistics as arguments so
// that a session can own and update them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/WeightTable.h"
#include "mlir/IR/BuiltinOps.h"

namespace dlc {

struct TrainOptions {
  std::string loss = "cross_entropy";  // cross_entropy | mse | bce_with_logits
  std::string reduction = "mean";      // mean | sum
  double labelSmoothing = 0.0;
  std::string optimizer = "sgd";  // sgd | momentum | nesterov | rmsprop | adam | adamw
  // The default learning rate a trainer uses; train_step takes the rate of
  // each step at run time.
  double learningRate = 0.01;
  double momentum = 0.9;           // momentum, nesterov (torch.optim.SGD takes it explicitly)
  double dampening = 0.0;
  double beta1 = 0.9, beta2 = 0.999;  // adam, adamw
  double alpha = 0.99;                // rmsprop
  double eps = 1e-8;
  double weightDecay = 0.0;           // adamw's torch default is 0.01, set by the caller
  double batchNormMomentum = 0.1;     // running statistics, as PyTorch's BatchNorm
  // Weights whose names match one of these glob patterns ('*' and '?')
  // stay constants of the library: not trained (fine-tuning).
  std::vector<std::string> freeze;
  // Dropout's generator: each dropout's mask is a function of this seed,
  // the op's position in the model and the step number.
  uint64_t seed = 0;
};

// Argument and result attribute naming each tensor's part in the step
// (written into the library's signature): data, target, learning_rate,
// step, parameter, optimizer_state, buffer, loss.
inline constexpr const char *kRoleAttr = "dlc.role";

// Adds `@train_step` and `@eval` to `module` from `@forward` (which must
// have one output and a static batch), then erases `@forward`.
//   train_step(data..., target, lr, step, params..., states..., buffers...)
//       -> (loss, params..., states..., buffers...)
//   eval(data..., params..., buffers...) -> (outputs...)
// Parameters are the float32 weights not frozen and not batch-norm
// statistics; buffers are the batch-norm running means and variances.
// Fails with a diagnostic (at the op that cannot be differentiated, or at
// the function) otherwise.
// Weights the table marks not trainable (an ONNX model's Constant values)
// stay constants too.
mlir::LogicalResult buildTrainingFunctions(mlir::ModuleOp module, const TrainOptions &options,
                                           const WeightTable &weights);

// Eval mode: every dlc.dropout in `func` becomes the identity (is erased).
void eraseDropouts(mlir::Operation *func);

// Whether `name` matches the glob `pattern` ('*' any run, '?' one char).
bool matchesGlob(const std::string &pattern, const std::string &name);

} // namespace dlc
