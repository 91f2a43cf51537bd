#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <iostream>
#include <unistd.h>

#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "compiler/driver/Compile.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/tools/Commands.h"
#include "frontends/ModelImporter.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc::tools {

int usageError(const std::string &message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

bool nextValue(const Args &args, size_t &i, std::string &value) {
  if (i + 1 >= args.size())
    return false;
  value = args[++i];
  return true;
}

bool parseCount(const std::string &text, int64_t &value) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  value = std::stoll(text);
  return true;
}

namespace {

bool isCIdentifier(const std::string &s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// "input=1,3,224,224" -> ("input", [1, 3, 224, 224]).
bool parseInputShape(const std::string &text, std::string &name, std::vector<int64_t> &dims) {
  size_t equals = text.rfind('=');
  if (equals == std::string::npos || equals == 0)
    return false;
  name = text.substr(0, equals);
  std::string rest = text.substr(equals + 1);
  for (size_t start = 0; start <= rest.size();) {
    size_t comma = std::min(rest.find(',', start), rest.size());
    int64_t d;
    if (!parseCount(rest.substr(start, comma - start), d) || d < 1 || dims.size() >= 16)
      return false;
    dims.push_back(d);
    start = comma + 1;
  }
  return true;
}

// "24,128" -> (24, 128); "0" -> (0, 0).
bool parseAttentionTiles(const std::string &text, std::pair<int64_t, int64_t> &tiles) {
  if (text == "0") {
    tiles = {0, 0};
    return true;
  }
  size_t comma = text.find(',');
  if (comma == std::string::npos)
    return false;
  return parseCount(text.substr(0, comma), tiles.first) &&
         parseCount(text.substr(comma + 1), tiles.second) && tiles.first > 0 &&
         tiles.second > 0;
}

bool parseNumber(const std::string &text, double &value) {
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0' && std::isfinite(value);
}

// The training flags, parsed before their defaults (which depend on the
// optimizer, as in torch.optim) are applied.
struct TrainFlags {
  bool train = false;
  std::string firstFlag;  // the first training option given, for "add --train"
  std::vector<std::string> given;  // every training option given
  TrainOptions options;
  std::optional<double> lr, momentum, weightDecay, eps;
};

// Handles one training flag at args[i]; returns 0 when `a` is not one, 1
// when it was consumed, -1 after reporting a usage error.
int parseTrainFlag(const Args &args, size_t &i, TrainFlags &flags) {
  const std::string &a = args[i];
  std::string text;
  // A number in [low, high], or [low, high) when `openHigh`.
  auto number = [&](const char *flag, double low, double high, double &out, bool openHigh = false) {
    if (!nextValue(args, i, text) || !parseNumber(text, out) || out < low || out > high ||
        (openHigh && out == high)) {
      std::ostringstream range;
      range << flag << " needs a number in [" << low << ", " << high << (openHigh ? ")" : "]");
      usageError(range.str());
      return -1;
    }
    return 1;
  };
  auto optionalNumber = [&](const char *flag, double low, double high,
                            std::optional<double> &out) {
    double v;
    int status = number(flag, low, high, v);
    if (status == 1)
      out = v;
    return status;
  };
  TrainOptions &o = flags.options;
  if (a == "--train") {
    flags.train = true;
    return 1;
  }
  static const char *const kTrainingFlags[] = {
      "--loss", "--reduction", "--optimizer", "--freeze", "--label-smoothing", "--lr",
      "--momentum", "--weight-decay", "--eps", "--beta1", "--beta2", "--alpha", "--seed"};
  if (std::find(std::begin(kTrainingFlags), std::end(kTrainingFlags), a) !=
      std::end(kTrainingFlags)) {
    if (flags.firstFlag.empty())
      flags.firstFlag = a;
    flags.given.push_back(a);
  }
  if (a == "--loss") {
    if (!nextValue(args, i, text) || (text != "cross_entropy" && text != "mse" && text != "bce")) {
      usageError("--loss needs cross_entropy, mse or bce");
      return -1;
    }
    o.loss = text == "bce" ? "bce_with_logits" : text;
    return 1;
  }
  if (a == "--reduction") {
    if (!nextValue(args, i, text) || (text != "mean" && text != "sum")) {
      usageError("--reduction needs mean or sum");
      return -1;
    }
    o.reduction = text;
    return 1;
  }
  if (a == "--optimizer") {
    const std::vector<std::string> known = {"sgd",     "momentum", "nesterov",
                                            "rmsprop", "adam",     "adamw"};
    if (!nextValue(args, i, text) || std::find(known.begin(), known.end(), text) == known.end()) {
      usageError("--optimizer needs sgd, momentum, nesterov, rmsprop, adam or adamw");
      return -1;
    }
    o.optimizer = text;
    return 1;
  }
  if (a == "--freeze") {
    if (!nextValue(args, i, text) || text.empty()) {
      usageError("--freeze needs a weight name pattern ('*' and '?' match), e.g. 'conv*'");
      return -1;
    }
    o.freeze.push_back(text);
    return 1;
  }
  if (a == "--label-smoothing")
    return number("--label-smoothing", 0.0, 1.0, o.labelSmoothing);
  if (a == "--lr")
    return optionalNumber("--lr", 0.0, 1e6, flags.lr);
  if (a == "--momentum")
    return optionalNumber("--momentum", 0.0, 1.0, flags.momentum);
  if (a == "--weight-decay")
    return optionalNumber("--weight-decay", 0.0, 1e6, flags.weightDecay);
  if (a == "--eps")
    return optionalNumber("--eps", 0.0, 1.0, flags.eps);
  if (a == "--beta1")
    return number("--beta1", 0.0, 1.0, o.beta1, /*openHigh=*/true);
  if (a == "--beta2")
    return number("--beta2", 0.0, 1.0, o.beta2, /*openHigh=*/true);
  if (a == "--alpha")
    return number("--alpha", 0.0, 1.0, o.alpha);
  if (a == "--seed") {
    int64_t seed;
    if (!nextValue(args, i, text) || !parseCount(text, seed)) {
      usageError("--seed needs a non-negative integer");
      return -1;
    }
    o.seed = static_cast<uint64_t>(seed);
    return 1;
  }
  return 0;
}

// A hyper-parameter flag the chosen optimizer does not read, as a usage
// error message, or "" (a flag that changes nothing is a mistake the user
// should hear of, as --label-smoothing with another loss).
std::string unusedOptimizerFlag(const TrainFlags &flags) {
  struct Readers {
    const char *flag, *readers;
    std::vector<std::string> optimizers;
  };
  static const Readers kReaders[] = {
      {"--momentum", "momentum and nesterov", {"momentum", "nesterov"}},
      {"--beta1", "adam and adamw", {"adam", "adamw"}},
      {"--beta2", "adam and adamw", {"adam", "adamw"}},
      {"--alpha", "rmsprop", {"rmsprop"}},
      {"--eps", "rmsprop, adam and adamw", {"rmsprop", "adam", "adamw"}}};
  const std::string &optimizer = flags.options.optimizer;
  for (const Readers &r : kReaders)
    if (llvm::is_contained(flags.given, r.flag) && !llvm::is_contained(r.optimizers, optimizer))
      return std::string(r.flag) + " is not read by --optimizer " + optimizer + " (only by " +
             r.readers + ")";
  return "";
}

// torch.optim's defaults, per optimizer (SGD's momentum for the momentum
// and nesterov variants, which torch leaves at 0, is 0.9).
TrainOptions trainOptionsOf(const TrainFlags &flags) {
  TrainOptions o = flags.options;
  bool adam = o.optimizer == "adam" || o.optimizer == "adamw";
  o.learningRate = flags.lr.value_or(adam ? 1e-3 : 1e-2);
  o.momentum = flags.momentum.value_or(o.optimizer == "rmsprop" ? 0.0 : 0.9);
  o.weightDecay = flags.weightDecay.value_or(o.optimizer == "adamw" ? 1e-2 : 0.0);
  o.eps = flags.eps.value_or(1e-8);
  return o;
}

// The imported module, or with --train its training functions.
int emitMlir(const CompileOptions &options) {
  mlir::DialectRegistry registry;
  registerDifferentiableOps(registry);
  mlir::MLIRContext context(registry);
  OneLineDiagnostics diagnostics(context);
  LoadedModel model;
  WeightTable weights;
  ImportOptions importOptions;
  importOptions.batch = options.batch;
  importOptions.inputShapes = options.inputShapes;
  importOptions.foldWeightComputations = !options.train;
  auto module = importModelFile(context, options.inputPath, importOptions, model, weights);
  if (!module)
    return 1;
  if (options.train && failed(buildTrainingFunctions(*module, *options.train, weights)))
    return 1;
  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}

} // namespace

int compileCommand(const Args &args) {
  CompileOptions options;
  options.progress = isatty(STDERR_FILENO);
  bool emit = false;
  TrainFlags train;
  for (size_t i = 0; i < args.size(); ++i) {
    if (int status = parseTrainFlag(args, i, train); status != 0) {
      if (status < 0)
        return 1;
      continue;
    }
    const std::string &a = args[i];
    std::string text;
    if (a == "-o") {
      if (!nextValue(args, i, options.outputPath))
        return usageError("-o needs a path");
    } else if (a == "--name") {
      if (!nextValue(args, i, options.prefix) || !isCIdentifier(options.prefix))
        return usageError("--name needs a C identifier ([A-Za-z_][A-Za-z0-9_]*)");
    } else if (a == "--batch") {
      int64_t batch;
      if (!nextValue(args, i, text) || !parseCount(text, batch) || batch < 1)
        return usageError("--batch needs a positive integer");
      options.batch = batch;
    } else if (a == "--input-shape") {
      std::string name;
      std::vector<int64_t> dims;
      if (!nextValue(args, i, text) || !parseInputShape(text, name, dims))
        return usageError("--input-shape needs NAME=D0,D1,... with positive integers "
                          "(e.g. input=1,3,224,224)");
      options.inputShapes[name] = dims;
    } else if (a == "--target") {
      if (!nextValue(args, i, options.target))
        return usageError("--target needs a Halide target string");
    } else if (a == "--emit=mlir") {
      emit = true;
    } else if (a.rfind("--emit=", 0) == 0) {
      return usageError("unknown --emit value '" + a.substr(7) + "' (accepted: mlir)");
    } else if (a == "-v" || a == "--verbose") {
      options.progress = true;
    } else if (a == "--external-weights") {
      options.externalWeights = true;
    } else if (a == "--no-fuse") {
      options.fuse = false;
    } else if (a == "--keep-temps") {
      options.keepTemporaries = true;
    } else if (a == "--no-fuse-attention") {
      options.fuseAttention = false;
    } else if (a == "--attention-tiles") {
      std::pair<int64_t, int64_t> tiles;
      if (!nextValue(args, i, text) || !parseAttentionTiles(text, tiles))
        return usageError("--attention-tiles needs Q,K (queries and keys per block, both "
                          "positive) or 0 (the row-at-a-time kernel), got '" + text + "'");
      options.attentionTiles = tiles;
    } else if (!a.empty() && a[0] == '-') {
      return usageError("unknown option '" + a + "' (see dlc --help)");
    } else if (options.inputPath.empty()) {
      options.inputPath = a;
    } else {
      return usageError("more than one model file given ('" + options.inputPath + "' and '" +
                        a + "')");
    }
  }
  if (options.inputPath.empty())
    return usageError("no model file given (see dlc --help)");
  if (train.train)
    options.train = trainOptionsOf(train);
  else if (!train.firstFlag.empty())
    return usageError(train.firstFlag + " describes a training step: add --train");
  if (train.train && train.options.labelSmoothing != 0.0 && train.options.loss != "cross_entropy")
    return usageError("--label-smoothing applies to --loss cross_entropy only");
  if (std::string unused = unusedOptimizerFlag(train); train.train && !unused.empty())
    return usageError(unused);
  if (emit)
    return emitMlir(options);
  if (options.outputPath.empty())
    return usageError("no output given: use -o model.so (or .a, .o), or --emit=mlir");
  return compileModel(options);
}

} // namespace dlc::tools
