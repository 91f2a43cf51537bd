// Trains LeNet-5 on MNIST digits with a training step compiled by
// `dlc --train` and linked in statically (lenet5_train.a): the application
// owns the data, the augmentation, the shuffling and the learning-rate
// schedule; the library owns the forward, the loss, the backward and the
// optimizer update, and the runtime's dlc_trainer owns the parameters.
//
// usage: mnist_lenet5_train DATA_DIR OUTPUT_DIR [--epochs N] [--seed S] [--lr F]
//   DATA_DIR holds the arrays prepare_mnist.js writes; OUTPUT_DIR receives
//   metrics.csv, curves.png, conv1_filters.png and lenet5_trained.dlcm.
//   --seed drives the shuffling and the shifts (the initial weights are
//   fixed by `dlc init` at build time); --lr is the schedule's peak.
// Exit status: 0 when the final test accuracy reaches 98%, 1 when it does
// not, 2 on an error (one line on stderr).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <dlc/runtime.h>

// The header dlc writes next to lenet5_train.a (compiled with --name lenet5):
// it declares lenet5_library_entry, the entry point dlc_model_from_entry takes.
#include "lenet5_train.h"
#include "mnist_data.h"
#include "plots.h"
#include "png.h"

namespace {

constexpr double kTargetPercent = 98.0;
constexpr int kMaxShift = 2; // pixels, in x and in y

struct Options {
  std::string dataDir, outputDir;
  int epochs = 30;
  uint64_t seed = 0;
  double peakLr = 0; // 0: the library's default (dlc --train --lr)
};

[[noreturn]] void fail(const std::string &message) { throw std::runtime_error(message); }

// Turns a failed runtime call into an exception carrying its message.
void check(dlc_status *status, const char *call) {
  if (!status)
    return;
  std::string message = std::string(call) + ": " + dlc_status_message(status);
  dlc_status_free(status);
  fail(message);
}

Options parseOptions(int argc, char **argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        fail(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--epochs")
        o.epochs = std::stoi(value());
      else if (arg == "--seed")
        o.seed = std::stoull(value());
      else if (arg == "--lr")
        o.peakLr = std::stod(value());
      else if (arg.rfind("--", 0) == 0)
        fail("unknown option '" + arg + "' (accepted: --epochs N, --seed S, --lr F)");
      else
        positional.push_back(arg);
    } catch (const std::logic_error &) { // stoi and friends
      fail(arg + " needs a number, got '" + argv[i] + "'");
    }
  }
  if (positional.size() != 2)
    fail("usage: mnist_lenet5_train DATA_DIR OUTPUT_DIR [--epochs N] [--seed S] [--lr F]");
  if (o.epochs < 1)
    fail("--epochs is " + std::to_string(o.epochs) + ", accepted range is [1, inf)");
  if (o.peakLr < 0)
    fail("--lr must not be negative");
  o.dataDir = positional[0];
  o.outputDir = positional[1];
  return o;
}

// splitmix64: a small seeded generator whose sequence is the same on every
// platform (std::shuffle's and the distributions' are not).
class Rng {
public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); the modulo bias is below 2^-50 for the n used here.
  uint64_t below(uint64_t n) { return next() % n; }

private:
  uint64_t state_;
};

void shuffle(std::vector<size_t> &order, Rng &rng) {
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[rng.below(i)]);
}

// Cosine decay from `peak` at the first step to 0 after the last.
float cosineLr(double peak, uint64_t step, uint64_t totalSteps) {
  return float(peak * 0.5 * (1 + std::cos(M_PI * double(step) / double(totalSteps))));
}

// Redraws the epoch's progress bar in place, on a terminal only (in a log
// the per-epoch line says it all).
void showProgress(bool terminal, int epoch, int epochs, size_t done, size_t total, double loss) {
  if (!terminal)
    return;
  constexpr int kWidth = 30;
  int filled = int(done * kWidth / total);
  std::fprintf(stderr, "\repoch %d/%d [%s%s] %zu/%zu loss %.4f", epoch, epochs,
               std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(), done,
               total, loss);
  if (done == total)
    std::fprintf(stderr, "\r%*s\r", kWidth + 60, "");
  std::fflush(stderr);
}

// The training step's shapes, checked against what the data needs.
size_t checkSignature(const dlc_trainer *trainer) {
  size_t batch = dlc_trainer_batch(trainer);
  dlc_tensor_info data, target, output;
  if (dlc_trainer_data_count(trainer) != 1 || dlc_trainer_output_count(trainer) < 1)
    fail("the training library must have one data input and an output");
  check(dlc_trainer_data_info(trainer, 0, &data), "dlc_trainer_data_info");
  check(dlc_trainer_target_info(trainer, &target), "dlc_trainer_target_info");
  check(dlc_trainer_output_info(trainer, 0, &output), "dlc_trainer_output_info");
  if (data.dtype != DLC_FLOAT32 || data.byte_size != batch * kPixels * sizeof(float))
    fail(std::string("data input '") + data.name + "' must be float32 [batch, 1, 32, 32]");
  if (target.dtype != DLC_INT64 || target.element_count != batch)
    fail("the target must be int64 class indices [batch] (dlc --train --loss cross_entropy)");
  if (output.dtype != DLC_FLOAT32 || output.element_count != batch * kClasses)
    fail(std::string("output '") + output.name + "' must be float32 [batch, 10]");
  return batch;
}

// Percent of `test` (normalized) classified right by the eval forward. The
// forward takes exactly `batch` images, so the last batch is zero-padded.
double testAccuracy(dlc_trainer *trainer, const MnistSet &test, size_t batch) {
  std::vector<float> padded(batch * kPixels), scores(batch * kClasses);
  size_t correct = 0;
  for (size_t start = 0; start < test.count; start += batch) {
    size_t n = std::min(batch, test.count - start);
    const float *images = &test.images[start * kPixels];
    if (n < batch) {
      std::fill(padded.begin(), padded.end(), 0.0f);
      std::copy(images, images + n * kPixels, padded.begin());
      images = padded.data();
    }
    const void *data[] = {images};
    void *outputs[] = {scores.data()};
    check(dlc_trainer_forward(trainer, data, outputs), "dlc_trainer_forward");
    for (size_t i = 0; i < n; ++i) {
      const float *s = &scores[i * kClasses];
      if (std::max_element(s, s + kClasses) - s == test.labels[start + i])
        ++correct;
    }
  }
  return 100.0 * double(correct) / double(test.count);
}

void writeMetrics(const std::string &path, const std::vector<EpochMetrics> &metrics) {
  std::ofstream out(path);
  out << "epoch,train_loss,test_accuracy,seconds\n";
  char line[128];
  for (const EpochMetrics &m : metrics) {
    std::snprintf(line, sizeof line, "%d,%.6f,%.2f,%.3f\n", m.epoch, m.trainLoss, m.testAccuracy,
                  m.seconds);
    out << line;
  }
  if (!out.flush())
    fail(path + ": write failed");
}

void savePng(const std::string &path, const Raster &image) {
  std::string error;
  if (!writePng(path, image, error))
    fail(error);
}

// conv1's filters, one 5x5 grey square per output channel, 8x enlarged.
Raster conv1Filters(const dlc_trainer *trainer) {
  const char *kName = "conv1.weight";
  for (size_t i = 0; i < dlc_trainer_param_count(trainer); ++i) {
    dlc_tensor_info info;
    check(dlc_trainer_param_info(trainer, i, &info), "dlc_trainer_param_info");
    if (std::strcmp(info.name, kName) != 0)
      continue;
    if (info.rank != 4 || info.shape[1] != 1)
      fail("conv1.weight must be [channels, 1, height, width]");
    std::vector<float> weights(info.element_count);
    check(dlc_trainer_get_param(trainer, kName, weights.data(), info.byte_size),
          "dlc_trainer_get_param");
    return drawFilters(weights, int(info.shape[0]), int(info.shape[2]), int(info.shape[3]), 8);
  }
  fail("the model has no parameter 'conv1.weight'");
}

// Owns the model and the trainer, so that every exit path frees them.
struct Training {
  dlc_model *model = nullptr;
  dlc_trainer *trainer = nullptr;
  ~Training() {
    dlc_trainer_free(trainer);
    dlc_model_free(model);
  }
};

int run(const Options &options) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };
  Clock::time_point started = Clock::now();

  MnistSet train, test;
  std::string error;
  if (!loadMnistSet(options.dataDir, "train", train, error) ||
      !loadMnistSet(options.dataDir, "test", test, error))
    fail(error);
  normalizePixels(test.images.data(), test.images.size()); // training images: after shifting
  std::error_code ec;
  std::filesystem::create_directories(options.outputDir, ec);
  if (ec)
    fail(options.outputDir + ": cannot create: " + ec.message());

  Training t;
  check(dlc_model_from_entry(lenet5_library_entry, "lenet5_train", &t.model),
        "dlc_model_from_entry");
  check(dlc_trainer_create(t.model, &t.trainer), "dlc_trainer_create");
  size_t batch = checkSignature(t.trainer);
  size_t stepsPerEpoch = train.count / batch; // the last partial batch of a shuffle is left out
  if (stepsPerEpoch == 0)
    fail("the training set has fewer images than one batch (" + std::to_string(batch) + ")");
  uint64_t totalSteps = stepsPerEpoch * uint64_t(options.epochs);
  double peakLr = options.peakLr > 0 ? options.peakLr : dlc_trainer_default_lr(t.trainer);
  std::printf("training LeNet-5 on %zu images (test: %zu), batch %zu, %d epochs of %zu steps, "
              "cosine lr from %g, shifts of up to %d pixels, seed %llu\n",
              train.count, test.count, batch, options.epochs, stepsPerEpoch, peakLr, kMaxShift,
              (unsigned long long)options.seed);

  Rng rng(options.seed);
  std::vector<size_t> order(train.count);
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::vector<float> images(batch * kPixels);
  std::vector<int64_t> labels(batch);
  std::vector<EpochMetrics> metrics;
  bool terminal = isatty(STDERR_FILENO);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    Clock::time_point epochStarted = Clock::now();
    shuffle(order, rng);
    double lossSum = 0;
    for (size_t step = 0; step < stepsPerEpoch; ++step) {
      for (size_t i = 0; i < batch; ++i) {
        size_t sample = order[step * batch + i];
        int dx = int(rng.below(2 * kMaxShift + 1)) - kMaxShift;
        int dy = int(rng.below(2 * kMaxShift + 1)) - kMaxShift;
        shiftImage(&train.images[sample * kPixels], dx, dy, &images[i * kPixels]);
        labels[i] = train.labels[sample];
      }
      normalizePixels(images.data(), images.size());
      const void *data[] = {images.data()};
      float lr = cosineLr(peakLr, dlc_trainer_steps(t.trainer), totalSteps), loss = 0;
      check(dlc_trainer_step(t.trainer, data, labels.data(), lr, &loss), "dlc_trainer_step");
      if (!std::isfinite(loss))
        fail("the loss diverged at epoch " + std::to_string(epoch) + " (" + std::to_string(loss) +
             "); try a smaller --lr");
      lossSum += loss;
      showProgress(terminal, epoch, options.epochs, step + 1, stepsPerEpoch,
                   lossSum / double(step + 1));
    }
    double accuracy = testAccuracy(t.trainer, test, batch);
    metrics.push_back({epoch, lossSum / double(stepsPerEpoch), accuracy, seconds(epochStarted)});
    std::printf("epoch %2d/%d  train loss %.4f  test accuracy %6.2f%%  %.1f s\n", epoch,
                options.epochs, metrics.back().trainLoss, accuracy, metrics.back().seconds);
    std::fflush(stdout);
  }

  const std::string &dir = options.outputDir;
  writeMetrics(dir + "/metrics.csv", metrics);
  savePng(dir + "/curves.png", drawCurves(metrics, kTargetPercent));
  savePng(dir + "/conv1_filters.png", conv1Filters(t.trainer));
  check(dlc_trainer_save(t.trainer, (dir + "/lenet5_trained.dlcm").c_str()), "dlc_trainer_save");

  double final = metrics.back().testAccuracy;
  std::printf("final test accuracy %.2f%% (target %.0f%%), %.1f s in all; wrote metrics.csv, "
              "curves.png, conv1_filters.png and lenet5_trained.dlcm in %s\n",
              final, kTargetPercent, seconds(started), dir.c_str());
  std::fflush(stdout);
  if (final < kTargetPercent) {
    std::fprintf(stderr, "mnist_lenet5_train: the final test accuracy %.2f%% is below %.0f%%\n",
                 final, kTargetPercent);
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return run(parseOptions(argc, argv));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "mnist_lenet5_train: error: %s\n", e.what());
    return 2;
  }
}
