// dlc: compile a model into a native library, and the tools around it.
#include <cstring>
#include <iostream>

#include "compiler/tools/Commands.h"

namespace {

const char *kUsage = R"(usage:
  dlc MODEL -o OUTPUT.{so,a,o} [options]   compile a model (dlc model file, binary or JSON, or ONNX)
  dlc MODEL --emit=mlir [--batch N] [--input-shape NAME=D0,D1,...]
                                           print the imported dlc dialect IR
  dlc run LIBRARY.so --input NAME=FILE.npy ... [--output-dir DIR] [--repeat N]
  dlc run --reference MODEL --input NAME=FILE.npy ... [--output-dir DIR] [--repeat N]
                                           run a compiled library, or a model file
                                           with the reference interpreter
  dlc init MODEL -o OUTPUT [--seed S]      fill weights that have no data (He/Xavier)
  dlc convert MODEL -o OUTPUT              binary <-> JSON (by OUTPUT's extension:
                                           .json writes JSON, anything else binary)
  dlc MODEL --train --batch N [training options] -o TRAIN.{so,a,o}
                                           compile the training step (forward, loss,
                                           backward, optimizer update) and an eval forward
  dlc train TRAIN.so --data NAME=FILE.npy ... --labels FILE.npy [--epochs N | --steps N]
            [--batch N] [--lr F] [--seed S] [--no-shuffle] [--save CKPT]
            [--dump-params DIR]
                                           train on .npy arrays (shuffled each epoch with
                                           --seed; a last partial batch is left out); --save
                                           writes the trained model (a dlc model file, or
                                           ONNX for a library compiled from ONNX),
                                           --dump-params each parameter as DIR/NAME.npy

compile options:
  -o PATH           output library; its kind follows the extension, and the C header
                    is written beside it as PATH with extension .h
  --name PREFIX     C prefix of the generated symbols (default: the model's name)
  --batch N         fix a dynamic batch dimension to N (kernels specialized for
                    N samples). Without it the library keeps the batch dynamic and
                    runs any batch, its batch-1 kernels once per sample, when every
                    op keeps samples apart; otherwise it warns and runs batch 1.
                    (--emit=mlir prints it as ? without --batch.)
  --input-shape NAME=D0,D1,...
                    the full shape of graph input NAME: fixes its dynamic (symbolic)
                    dimensions, e.g. --input-shape input=1,3,224,224 (repeatable)
  --target T        Halide target string, e.g. x86-64-linux-avx2-fma (default: host)
  --emit=mlir       print the dlc dialect IR instead of compiling (with --train, the
                    train_step and eval functions, before fusion)
  --no-fuse         compile every op as its own kernel: no batch-norm folding into
                    convolutions, no element-wise chains fused into the conv2d,
                    linear or matmul that produces them, no zero padding folded
                    into average pools, no transpose pairs cancelled or weight
                    gradients' transposes moved to the smaller operand, no padded
                    slice gradients summed as a concatenation (for comparison)
  --external-weights
                    write the weights to OUTPUT with extension .weights instead of
                    into the library; the runtime memory-maps that file at load
  -v, --verbose     print progress (kernels, arena size, timing); on by default when
                    stderr is a terminal
  --keep-temps      keep the work directory (kernel objects and their lowered .stmt,
                    glue, weights object)
  --attention-tiles Q,K
                    blocks of Q queries and K keys for the flash-attention kernel
                    of every fused attention (default 24,128); 0: the kernel that
                    computes one query row (all its scores) at a time
  --no-fuse-attention
                    keep matmul-softmax-matmul as three kernels (the score matrix
                    is materialized); for comparisons

training options (with --train):
  --batch N         the training batch (required when the model's batch is dynamic)
  --loss L          cross_entropy (default; N x C logits, int64 labels [N]), mse, or
                    bce (binary cross-entropy with logits)
  --reduction R     mean (default) or sum over the batch
  --label-smoothing S
                    cross_entropy's label smoothing in [0, 1] (default 0)
  --optimizer O     sgd (default), momentum, nesterov, rmsprop, adam or adamw, with
                    torch.optim's update rules and defaults
  --lr F            the default learning rate (each step takes its own at run time;
                    default 0.01, adam and adamw 0.001)
  --momentum F      momentum and nesterov (default 0.9; torch.optim.SGD's is 0, which
                    is plain SGD)
  --beta1 F, --beta2 F
                    adam and adamw (default 0.9, 0.999)
  --alpha F         rmsprop's smoothing constant (default 0.99)
  --eps F           adam, adamw and rmsprop (default 1e-8); giving --momentum, --beta1,
                    --beta2, --alpha or --eps to an optimizer that does not read it
                    is an error
  --weight-decay F  L2 penalty added to the gradient; adamw's decoupled decay
                    (default 0, adamw 0.01)
  --freeze PATTERN  keep the weights whose names match PATTERN ('*', '?') fixed
                    (repeatable), e.g. --freeze 'conv*' to train only the classifier
  --seed S          dropout's generator (default 0): each step's masks are a function
                    of S, the dropout's position and the step number
  Batch norm trains with batch statistics and updates its running statistics
  (momentum 0.1); the eval forward uses the running ones. Dropout drops in the
  training step only. Weights must have values: run dlc init on a model file with
  empty weights first.

Exit status: 0 success, 1 user error (one line on stderr), 2 internal error.
)";

} // namespace

int main(int argc, char **argv) {
  dlc::tools::Args args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 1 : 0;
  }
  std::string command = args[0];
  dlc::tools::Args rest(args.begin() + 1, args.end());
  if (command == "run")
    return dlc::tools::runCommand(rest);
  if (command == "train")
    return dlc::tools::trainCommand(rest);
  if (command == "init")
    return dlc::tools::initCommand(rest);
  if (command == "convert")
    return dlc::tools::convertCommand(rest);
  return dlc::tools::compileCommand(args);
}
