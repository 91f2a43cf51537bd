// `dlc init` and `dlc convert`: model files in, model files out.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>

#include "compiler/tools/Commands.h"
#include "dlc/model_file.h"

namespace dlc::tools {
namespace {

struct InOut {
  std::string input, output;
  int64_t seed = 0;
};

// Parses `MODEL -o OUTPUT [--seed S]`.
bool parseInOut(const Args &args, const char *command, bool allowSeed, InOut &io) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" && i + 1 < args.size()) {
      io.output = args[++i];
    } else if (allowSeed && args[i] == "--seed" && i + 1 < args.size()) {
      if (!parseCount(args[++i], io.seed)) {
        usageError("--seed needs a non-negative integer");
        return false;
      }
    } else if (!args[i].empty() && args[i][0] == '-') {
      usageError("unknown option '" + args[i] + "' for dlc " + command);
      return false;
    } else if (io.input.empty()) {
      io.input = args[i];
    } else {
      usageError(std::string("dlc ") + command + " takes one model file");
      return false;
    }
  }
  if (io.input.empty() || io.output.empty()) {
    usageError(std::string("usage: dlc ") + command + " MODEL -o OUTPUT" +
               (allowSeed ? " [--seed S]" : ""));
    return false;
  }
  return true;
}

bool wantsJson(const std::string &path) {
  return std::filesystem::path(path).extension() == ".json";
}

int writeModel(const ModelFile &model, const std::string &path) {
  std::string error;
  if (wantsJson(path)) {
    std::string json;
    if (!writeModelJson(model, json, error))
      return usageError(error);
    return writeFileAtomically(path, json.data(), json.size(), error) ? 0 : usageError(error);
  }
  std::vector<uint8_t> bytes = writeModelBinary(*model.model());
  return writeFileAtomically(path, bytes.data(), bytes.size(), error) ? 0 : usageError(error);
}

// Deterministic across platforms: std::normal_distribution is not.
class Initializer {
public:
  explicit Initializer(uint64_t seed) : engine_(seed) {}
  double uniform() { return (engine_() >> 11) * (1.0 / 9007199254740992.0); }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  std::mt19937_64 engine_;
};

} // namespace

int convertCommand(const Args &args) {
  InOut io;
  if (!parseInOut(args, "convert", false, io))
    return 1;
  ModelFile model;
  std::string error;
  if (!readModelFile(io.input, model, error))
    return usageError(error);
  return writeModel(model, io.output);
}

// Fills every weight without data. fan_in = product of dims 1.., fan_out =
// dim 0 times dims 2.. (PyTorch's convention for [out, in, kh, kw]).
int initCommand(const Args &args) {
  InOut io;
  if (!parseInOut(args, "init", true, io))
    return 1;
  ModelFile model;
  std::string error;
  if (!readModelFile(io.input, model, error))
    return usageError(error);
  Initializer random(static_cast<uint64_t>(io.seed));
  std::map<size_t, std::vector<uint8_t>> filled;
  const auto *weights = model.model()->weights();
  for (size_t i = 0; weights && i < weights->size(); ++i) {
    const fb::Weight *w = weights->Get(i);
    if (w->data() && w->data()->size() > 0)
      continue;
    if (w->dtype() != fb::DType::Float32)
      return usageError(io.input + ": weight '" + w->name()->str() +
                        "': only float32 weights can be initialized");
    std::vector<int64_t> shape;
    if (w->shape())
      shape.assign(w->shape()->begin(), w->shape()->end());
    int64_t count = 1, receptive = 1;
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] < 0 || (shape[d] > 0 && count > (int64_t(1) << 34) / shape[d]))
        return usageError(io.input + ": weight '" + w->name()->str() +
                          "' has an invalid or too large shape");
      count *= shape[d];
      if (d >= 2)
        receptive *= shape[d];
    }
    double fanIn = shape.size() >= 2 ? double(shape[1]) * receptive : double(count);
    double fanOut = shape.size() >= 2 ? double(shape[0]) * receptive : double(count);
    std::string scheme = w->init() ? w->init()->str() : "";
    if (scheme.empty())
      scheme = shape.size() >= 2 ? "he_normal" : "zeros";
    std::vector<float> values(static_cast<size_t>(count));
    for (float &v : values) {
      if (scheme == "he_normal")
        v = static_cast<float>(random.normal() * std::sqrt(2.0 / std::max(fanIn, 1.0)));
      else if (scheme == "xavier_uniform")
        v = static_cast<float>((2 * random.uniform() - 1) *
                               std::sqrt(6.0 / std::max(fanIn + fanOut, 1.0)));
      else if (scheme == "zeros")
        v = 0.f;
      else if (scheme == "ones")
        v = 1.f;
      else
        return usageError(io.input + ": weight '" + w->name()->str() + "': unknown init '" +
                          scheme + "' (accepted: he_normal, xavier_uniform, zeros, ones)");
    }
    std::vector<uint8_t> bytes(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    filled[i] = std::move(bytes);
  }
  ModelFile result;
  result.bytes = writeModelBinary(*model.model(), [&](size_t index) -> const std::vector<uint8_t> * {
    auto it = filled.find(index);
    return it == filled.end() ? nullptr : &it->second;
  });
  return writeModel(result, io.output);
}

} // namespace dlc::tools
