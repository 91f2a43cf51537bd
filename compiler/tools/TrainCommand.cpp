// `dlc train`: trains a library compiled with `dlc --train` on .npy arrays.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <unistd.h>

#include "compiler/tools/Commands.h"
#include "dlc/npy.h"
#include "dlc/runtime.h"

namespace dlc::tools {
namespace {

struct TrainArgs {
  std::string library;
  std::vector<std::pair<std::string, std::string>> data;  // input name, file
  std::string labels, save, dumpDir;
  int64_t batch = 0, epochs = 1, steps = 0, seed = 0;
  std::optional<double> lr;
  bool shuffle = true;
};

// One line for a failed runtime call; the status is freed.
int runtimeError(dlc_status *status) {
  std::cerr << "error: " << dlc_status_message(status) << "\n";
  dlc_status_free(status);
  return 1;
}

struct ModelDeleter {
  void operator()(dlc_model *m) const { dlc_model_free(m); }
};
struct TrainerDeleter {
  void operator()(dlc_trainer *t) const { dlc_trainer_free(t); }
};

bool parseArgs(const Args &args, TrainArgs &out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    std::string text;
    auto count = [&](const char *flag, int64_t low, int64_t &target) {
      if (!nextValue(args, i, text) || !parseCount(text, target) || target < low) {
        usageError(std::string(flag) + " needs an integer >= " + std::to_string(low));
        return false;
      }
      return true;
    };
    if (a == "--data") {
      size_t equals = nextValue(args, i, text) ? text.find('=') : std::string::npos;
      if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
        usageError("--data needs NAME=FILE.npy (NAME: an input of the model)");
        return false;
      }
      out.data.push_back({text.substr(0, equals), text.substr(equals + 1)});
    } else if (a == "--labels") {
      if (!nextValue(args, i, text)) {
        usageError("--labels needs a .npy file");
        return false;
      }
      out.labels = text;
    } else if (a == "--batch") {
      if (!count("--batch", 1, out.batch))
        return false;
    } else if (a == "--epochs") {
      if (!count("--epochs", 1, out.epochs))
        return false;
    } else if (a == "--steps") {
      if (!count("--steps", 1, out.steps))
        return false;
    } else if (a == "--seed") {
      if (!count("--seed", 0, out.seed))
        return false;
    } else if (a == "--lr") {
      char *end = nullptr;
      double lr = nextValue(args, i, text) ? std::strtod(text.c_str(), &end) : -1.0;
      if (!end || *end != '\0' || !(lr >= 0.0) || !std::isfinite(lr)) {
        usageError("--lr needs a non-negative number");
        return false;
      }
      out.lr = lr;
    } else if (a == "--save") {
      if (!nextValue(args, i, text)) {
        usageError("--save needs a model file path");
        return false;
      }
      out.save = text;
    } else if (a == "--dump-params") {
      if (!nextValue(args, i, text)) {
        usageError("--dump-params needs a directory");
        return false;
      }
      out.dumpDir = text;
    } else if (a == "--no-shuffle") {
      out.shuffle = false;
    } else if (!a.empty() && a[0] == '-') {
      usageError("unknown option '" + a + "' for dlc train (see dlc --help)");
      return false;
    } else if (out.library.empty()) {
      out.library = a;
    } else {
      usageError("more than one library given ('" + out.library + "' and '" + a + "')");
      return false;
    }
  }
  if (out.library.empty()) {
    usageError("dlc train needs a training library (compiled with dlc MODEL --train ...)");
    return false;
  }
  if (out.labels.empty()) {
    usageError("dlc train needs --labels FILE.npy");
    return false;
  }
  return true;
}

// An array of samples: `count` of `sampleBytes` each, converted to the
// dtype the library takes.
struct Samples {
  std::string file;
  std::vector<uint8_t> bytes;
  uint64_t count = 0, sampleBytes = 0;
};

// Loads `file` for tensor `info` (whose dimension 0 is the batch): the
// array's shape must be [S, info's dims 1...]. float64 converts to float32
// and int32 to int64.
bool loadSamples(const std::string &file, const dlc_tensor_info &info, Samples &out,
                 std::string &error) {
  NpyArray array;
  if (!readNpy(file, array, error))
    return false;
  std::vector<int64_t> want(info.shape + 1, info.shape + info.rank);
  std::vector<int64_t> got(array.shape.begin() + (array.shape.empty() ? 0 : 1), array.shape.end());
  if (array.shape.empty() || got != want) {
    std::string dims;
    for (int64_t d : want)
      dims += ", " + std::to_string(d);
    error = file + ": expected an array of shape [samples" + dims + "] for '" + info.name + "'";
    return false;
  }
  out.file = file;
  out.count = static_cast<uint64_t>(array.shape[0]);
  uint64_t elements = out.count ? info.element_count / static_cast<uint64_t>(info.shape[0]) : 0;
  bool wantFloat = info.dtype == DLC_FLOAT32;
  if (wantFloat && array.dtype == "float32") {
    out.bytes = std::move(array.data);
  } else if (wantFloat && array.dtype == "float64") {
    std::vector<float> values(array.data.size() / 8);
    const double *source = reinterpret_cast<const double *>(array.data.data());
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<float>(source[i]);
    out.bytes.assign(reinterpret_cast<uint8_t *>(values.data()),
                     reinterpret_cast<uint8_t *>(values.data() + values.size()));
  } else if (!wantFloat && array.dtype == "int64") {
    out.bytes = std::move(array.data);
  } else if (!wantFloat && array.dtype == "int32") {
    std::vector<int64_t> values(array.data.size() / 4);
    const int32_t *source = reinterpret_cast<const int32_t *>(array.data.data());
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = source[i];
    out.bytes.assign(reinterpret_cast<uint8_t *>(values.data()),
                     reinterpret_cast<uint8_t *>(values.data() + values.size()));
  } else {
    error = file + ": '" + info.name + "' takes " + (wantFloat ? "float32 (or float64)" :
            "int64 (or int32) class indices") + ", the file holds " + array.dtype;
    return false;
  }
  out.sampleBytes = elements * (wantFloat ? 4 : 8);
  return true;
}

void drawProgress(int64_t epoch, int64_t epochs, uint64_t step, uint64_t stepsPerEpoch,
                  double meanLoss) {
  const int width = 30;
  int filled = static_cast<int>(width * step / std::max<uint64_t>(stepsPerEpoch, 1));
  std::fprintf(stderr, "\repoch %lld/%lld [%s%s] %llu/%llu loss %.4f", (long long)epoch,
               (long long)epochs, std::string(filled, '=').c_str(),
               std::string(width - filled, ' ').c_str(), (unsigned long long)step,
               (unsigned long long)stepsPerEpoch, meanLoss);
  std::fflush(stderr);
}

int dumpParams(dlc_trainer *trainer, const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return usageError(dir + ": cannot create the directory: " + ec.message());
  for (size_t i = 0; i < dlc_trainer_param_count(trainer); ++i) {
    dlc_tensor_info info;
    if (dlc_status *status = dlc_trainer_param_info(trainer, i, &info))
      return runtimeError(status);
    NpyArray array;
    array.dtype = "float32";
    array.shape.assign(info.shape, info.shape + info.rank);
    array.data.resize(info.byte_size);
    if (dlc_status *status =
            dlc_trainer_get_param(trainer, info.name, array.data.data(), info.byte_size))
      return runtimeError(status);
    // An ONNX name may hold '/': its parts become subdirectories (leading
    // '/' and '..' parts dropped, so that nothing lands outside DIR).
    std::filesystem::path file = dir;
    for (const auto &part : std::filesystem::path(info.name).relative_path())
      if (part != ".." && part != ".")
        file /= part;
    file += ".npy";
    std::filesystem::create_directories(file.parent_path(), ec);
    std::string error;
    if (!writeNpy(file.string(), array, error))
      return usageError(error);
  }
  return 0;
}

} // namespace

int trainCommand(const Args &args) {
  TrainArgs a;
  if (!parseArgs(args, a))
    return 1;
  dlc_model *rawModel = nullptr;
  if (dlc_status *status = dlc_model_load(a.library.c_str(), &rawModel))
    return runtimeError(status);
  std::unique_ptr<dlc_model, ModelDeleter> model(rawModel);
  dlc_trainer *rawTrainer = nullptr;
  if (dlc_status *status = dlc_trainer_create(model.get(), &rawTrainer))
    return runtimeError(status);
  std::unique_ptr<dlc_trainer, TrainerDeleter> trainer(rawTrainer);
  uint64_t batch = dlc_trainer_batch(trainer.get());
  if (a.batch && static_cast<uint64_t>(a.batch) != batch)
    return usageError(a.library + " was compiled for batch " + std::to_string(batch) +
                      "; compile it again with --batch " + std::to_string(a.batch));

  // The data inputs, in the library's order, and the labels.
  size_t dataCount = dlc_trainer_data_count(trainer.get());
  std::vector<Samples> data(dataCount);
  std::string error;
  for (size_t i = 0; i < dataCount; ++i) {
    dlc_tensor_info info;
    dlc_trainer_data_info(trainer.get(), i, &info);
    auto given = std::find_if(a.data.begin(), a.data.end(),
                              [&](const auto &d) { return d.first == info.name; });
    if (given == a.data.end())
      return usageError("no --data for input '" + std::string(info.name) + "' of " + a.library);
    if (!loadSamples(given->second, info, data[i], error))
      return usageError(error);
  }
  for (const auto &[name, file] : a.data) {
    bool known = false;
    for (size_t i = 0; i < dataCount; ++i) {
      dlc_tensor_info info;
      dlc_trainer_data_info(trainer.get(), i, &info);
      known |= name == info.name;
    }
    if (!known)
      return usageError("--data " + name + "=" + file + ": the model has no input '" + name + "'");
  }
  dlc_tensor_info targetInfo;
  dlc_trainer_target_info(trainer.get(), &targetInfo);
  Samples labels;
  if (!loadSamples(a.labels, targetInfo, labels, error))
    return usageError(error);
  for (const Samples &s : data)
    if (s.count != labels.count)
      return usageError(s.file + " holds " + std::to_string(s.count) + " samples, " + a.labels +
                        " " + std::to_string(labels.count));
  // Class indices must name an output: the loss would read past the logits.
  if (targetInfo.dtype == DLC_INT64 && dlc_trainer_output_count(trainer.get()) > 0) {
    dlc_tensor_info output;
    dlc_trainer_output_info(trainer.get(), 0, &output);
    int64_t classes = output.rank == 2 ? output.shape[1] : 0;
    const int64_t *values = reinterpret_cast<const int64_t *>(labels.bytes.data());
    for (uint64_t i = 0; classes > 0 && i < labels.count; ++i)
      if (values[i] < 0 || values[i] >= classes)
        return usageError(a.labels + ": label " + std::to_string(values[i]) + " at index " +
                          std::to_string(i) + " is not a class of the model's " +
                          std::to_string(classes) + " outputs");
  }
  uint64_t stepsPerEpoch = labels.count / batch;
  if (stepsPerEpoch == 0)
    return usageError(a.labels + ": " + std::to_string(labels.count) +
                      " samples are fewer than one batch of " + std::to_string(batch));
  int64_t epochs = a.steps ? static_cast<int64_t>((a.steps + stepsPerEpoch - 1) / stepsPerEpoch)
                           : a.epochs;
  float lr = static_cast<float>(a.lr.value_or(dlc_trainer_default_lr(trainer.get())));
  bool tty = isatty(STDERR_FILENO);
  std::fprintf(stderr,
               "dlc train: %llu samples, batch %llu, %llu steps per epoch (the last %llu "
               "samples of each epoch's order are left out), lr %g\n",
               (unsigned long long)labels.count, (unsigned long long)batch,
               (unsigned long long)stepsPerEpoch,
               (unsigned long long)(labels.count - stepsPerEpoch * batch), lr);

  std::vector<std::vector<uint8_t>> batchData(dataCount);
  for (size_t i = 0; i < dataCount; ++i)
    batchData[i].resize(data[i].sampleBytes * batch);
  std::vector<uint8_t> batchLabels(labels.sampleBytes * batch);
  std::vector<const void *> pointers(dataCount);
  std::vector<uint64_t> order(labels.count);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 random(static_cast<uint64_t>(a.seed));
  uint64_t taken = 0;
  for (int64_t epoch = 1; epoch <= epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    if (a.shuffle)
      std::shuffle(order.begin(), order.end(), random);
    double lossSum = 0.0;
    uint64_t step = 0;
    for (; step < stepsPerEpoch && !(a.steps && taken >= static_cast<uint64_t>(a.steps));
         ++step, ++taken) {
      for (uint64_t s = 0; s < batch; ++s) {
        uint64_t sample = order[step * batch + s];
        for (size_t i = 0; i < dataCount; ++i)
          std::memcpy(&batchData[i][s * data[i].sampleBytes],
                      &data[i].bytes[sample * data[i].sampleBytes], data[i].sampleBytes);
        std::memcpy(&batchLabels[s * labels.sampleBytes], &labels.bytes[sample * labels.sampleBytes],
                    labels.sampleBytes);
      }
      for (size_t i = 0; i < dataCount; ++i)
        pointers[i] = batchData[i].data();
      float loss = 0.f;
      if (dlc_status *status =
              dlc_trainer_step(trainer.get(), pointers.data(), batchLabels.data(), lr, &loss))
        return runtimeError(status);
      lossSum += loss;
      if (tty && (step % 10 == 9 || step + 1 == stepsPerEpoch))
        drawProgress(epoch, epochs, step + 1, stepsPerEpoch, lossSum / double(step + 1));
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (tty)
      std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "epoch %lld/%lld: loss %.6f (mean of %llu steps), %.3f s\n",
                 (long long)epoch, (long long)epochs, lossSum / double(std::max<uint64_t>(step, 1)),
                 (unsigned long long)step, seconds);
  }
  // Parameters first: a checkpoint that cannot be written (an ONNX model's)
  // must not lose them.
  if (!a.dumpDir.empty())
    if (int status = dumpParams(trainer.get(), a.dumpDir))
      return status;
  if (!a.save.empty()) {
    if (dlc_status *status = dlc_trainer_save(trainer.get(), a.save.c_str()))
      return runtimeError(status);
    std::fprintf(stderr, "dlc train: wrote %s\n", a.save.c_str());
  }
  return 0;
}

} // namespace dlc::tools
