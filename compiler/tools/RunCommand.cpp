// `dlc run`: runs a compiled library (through the runtime's C API) or a
// model file (through the reference interpreter) on .npy inputs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "compiler/driver/Diagnostics.h"
#include "compiler/interpreter/Interpreter.h"
#include "compiler/tools/Commands.h"
#include "dlc/npy.h"
#include "dlc/runtime.h"
#include "frontends/ModelImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc::tools {
namespace {

struct RunOptions {
  std::string target;  // library or (with --reference) model file
  bool reference = false;
  std::vector<std::pair<std::string, std::string>> inputs;  // name, path
  std::string outputDir;
  int64_t repeat = 0;
};

struct NamedOutput {
  std::string name;
  NpyArray array;
};

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

// Prints each output's shape and checksums and writes DIR/<name>.npy.
int reportOutputs(const std::vector<NamedOutput> &outputs, const std::string &dir) {
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return usageError(dir + ": cannot create directory: " + ec.message());
  }
  for (const NamedOutput &o : outputs) {
    const float *v = reinterpret_cast<const float *>(o.array.data.data());
    size_t n = o.array.data.size() / sizeof(float);
    double sum = 0, absSum = 0;
    for (size_t i = 0; i < n; ++i)
      sum += v[i], absSum += std::fabs(v[i]);
    std::printf("%s: float32 %s sum=%.9g abs_sum=%.9g\n", o.name.c_str(),
                shapeText(o.array.shape).c_str(), sum, absSum);
    if (!dir.empty()) {
      std::string error;
      // ONNX names such as "/encoder/Add_output_0" hold slashes: the file
      // name gets underscores instead.
      std::string base = o.name;
      std::replace(base.begin(), base.end(), '/', '_');
      std::string file = dir + "/" + base + ".npy";
      if (!writeNpy(file, o.array, error))
        return usageError(error);
    }
  }
  return 0;
}

// Runs `runOnce` `repeat` times and prints the median and minimum latency;
// false as soon as a run fails (which reported its error).
bool timeRuns(int64_t repeat, const std::function<bool()> &runOnce) {
  std::vector<double> ms;
  for (int64_t r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    if (!runOnce())
      return false;
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("latency over %zu runs: median %.4f ms, min %.4f ms\n", ms.size(),
              ms[ms.size() / 2], ms.front());
  return true;
}

// Reads every --input, checking its dtype against `dtypes` (by input name:
// "float32", or "int64" for indices); the caller matches names and shapes.
bool readInputs(const RunOptions &options, const std::map<std::string, std::string> &dtypes,
                std::map<std::string, NpyArray> &arrays) {
  for (const auto &[name, path] : options.inputs) {
    std::string error;
    NpyArray array;
    if (!readNpy(path, array, error)) {
      usageError("input '" + name + "': " + error);
      return false;
    }
    auto known = dtypes.find(name);
    std::string expected = known == dtypes.end() ? "float32" : known->second;
    if (array.dtype != expected) {
      usageError("input '" + name + "': " + path + " holds " + array.dtype +
                 ", the model takes " + expected);
      return false;
    }
    arrays[name] = std::move(array);
  }
  return true;
}

std::string joinNames(const std::vector<std::string> &names) {
  std::string s;
  for (const auto &n : names)
    s += (s.empty() ? "'" : ", '") + n + "'";
  return s;
}

// Fails on an input the model lacks, or a missing one; `names` are the model's.
bool matchInputNames(const std::map<std::string, NpyArray> &arrays,
                     const std::vector<std::string> &names) {
  for (const auto &[name, array] : arrays)
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      usageError("unknown input '" + name + "' (the model's inputs: " + joinNames(names) + ")");
      return false;
    }
  for (const auto &name : names)
    if (!arrays.count(name)) {
      usageError("missing input '" + name + "': pass --input " + name + "=FILE.npy");
      return false;
    }
  return true;
}

int runLibrary(const RunOptions &options) {
  dlc_model *model = nullptr;
  if (dlc_status *s = dlc_model_load(options.target.c_str(), &model)) {
    usageError(dlc_status_message(s));
    dlc_status_free(s);
    return 1;
  }
  std::unique_ptr<dlc_model, void (*)(dlc_model *)> modelGuard(model, dlc_model_free);
  std::vector<std::string> names;
  std::map<std::string, std::string> dtypes;
  for (size_t i = 0; i < dlc_model_input_count(model); ++i) {
    dlc_tensor_info info;
    dlc_status_free(dlc_model_input_info(model, i, &info));
    names.push_back(info.name);
    dtypes[info.name] = info.dtype == DLC_INT64 ? "int64" : "float32";
  }
  std::map<std::string, NpyArray> arrays;
  if (!readInputs(options, dtypes, arrays))
    return 1;
  if (!matchInputNames(arrays, names))
    return 1;

  dlc_session *session = nullptr;
  auto check = [](dlc_status *s) {
    if (!s)
      return true;
    usageError(dlc_status_message(s));
    dlc_status_free(s);
    return false;
  };
  if (!check(dlc_session_create(model, &session)))
    return 1;
  std::unique_ptr<dlc_session, void (*)(dlc_session *)> sessionGuard(session, dlc_session_free);
  // A dynamic batch (dimension 0 is -1) takes the first batched array's.
  int64_t batch = -1;
  for (size_t i = 0; i < names.size(); ++i) {
    dlc_tensor_info info;
    dlc_status_free(dlc_model_input_info(model, i, &info));
    const NpyArray &array = arrays[names[i]];
    if (info.rank > 0 && info.shape[0] == -1 && batch == -1 && !array.shape.empty()) {
      batch = array.shape[0];
      if (batch < 1)
        return usageError("input '" + names[i] + "' has shape " + shapeText(array.shape) +
                          "; its batch (dimension 0) must be at least 1");
      if (!check(dlc_session_set_batch(session, static_cast<uint64_t>(batch))))
        return 1;
    }
    std::vector<int64_t> expected(info.shape, info.shape + info.rank);
    if (!expected.empty() && expected[0] == -1)
      expected[0] = batch;
    if (array.shape != expected)
      return usageError("input '" + names[i] + "' has shape " + shapeText(array.shape) +
                        ", the model expects " + shapeText(expected));
    if (!check(dlc_session_set_input(session, i, array.data.data(), array.data.size())))
      return 1;
  }
  if (!check(dlc_session_run(session)))
    return 1;
  if (options.repeat > 0 &&
      !timeRuns(options.repeat, [&] { return check(dlc_session_run(session)); }))
    return 1;
  std::vector<NamedOutput> outputs;
  for (size_t i = 0; i < dlc_model_output_count(model); ++i) {
    dlc_tensor_info info;
    dlc_status_free(dlc_model_output_info(model, i, &info));
    const void *data;
    size_t bytes;
    if (!check(dlc_session_output(session, i, &data, &bytes)))
      return 1;
    NamedOutput o{info.name, {"float32", std::vector<int64_t>(info.shape, info.shape + info.rank),
                              {}}};
    if (!o.array.shape.empty() && o.array.shape[0] == -1)
      o.array.shape[0] = static_cast<int64_t>(dlc_session_batch(session));
    o.array.data.assign(static_cast<const uint8_t *>(data),
                        static_cast<const uint8_t *>(data) + bytes);
    outputs.push_back(std::move(o));
  }
  return reportOutputs(outputs, options.outputDir);
}

int runReference(const RunOptions &options) {
  mlir::MLIRContext context;
  OneLineDiagnostics diagnostics(context);
  LoadedModel file;  // the weights point into it
  WeightTable weights;
  auto module = importModelFile(context, options.target, ImportOptions{}, file, weights);
  if (!module)
    return 1;
  auto func = module->lookupSymbol<mlir::func::FuncOp>("forward");
  std::vector<std::string> names;
  std::map<std::string, std::string> dtypes;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    names.push_back(func.getArgAttrOfType<mlir::StringAttr>(i, "dlc.name").str());
    auto type = mlir::cast<mlir::ShapedType>(func.getArgument(i).getType());
    dtypes[names.back()] = type.getElementType().isInteger(64) ? "int64" : "float32";
  }
  std::map<std::string, NpyArray> arrays;
  if (!readInputs(options, dtypes, arrays))
    return 1;
  if (!matchInputNames(arrays, names))
    return 1;
  std::vector<interp::Tensor> inputs;
  for (const std::string &name : names) {
    const NpyArray &array = arrays[name];
    interp::Tensor t;
    t.shape = array.shape;
    if (array.dtype == "int64") {  // indices; exact in double below 2^53
      const int64_t *v = reinterpret_cast<const int64_t *>(array.data.data());
      t.data.assign(v, v + array.data.size() / sizeof(int64_t));
    } else {
      const float *v = reinterpret_cast<const float *>(array.data.data());
      t.data.assign(v, v + array.data.size() / sizeof(float));
    }
    inputs.push_back(std::move(t));
  }
  interp::WeightLookup lookup = interp::lookupIn(weights);
  std::vector<interp::Tensor> results;
  if (mlir::failed(interp::run(func, inputs, lookup, results)))
    return 1;
  if (options.repeat > 0 && !timeRuns(options.repeat, [&] {
        std::vector<interp::Tensor> again;
        return mlir::succeeded(interp::run(func, inputs, lookup, again));
      }))
    return 1;
  std::vector<NamedOutput> outputs;
  for (unsigned i = 0; i < results.size(); ++i) {
    NamedOutput o{func.getResultAttrOfType<mlir::StringAttr>(i, "dlc.name").str(),
                  {"float32", results[i].shape, {}}};
    o.array.data.resize(results[i].data.size() * sizeof(float));
    float *v = reinterpret_cast<float *>(o.array.data.data());
    for (size_t j = 0; j < results[i].data.size(); ++j)
      v[j] = static_cast<float>(results[i].data[j]);
    outputs.push_back(std::move(o));
  }
  return reportOutputs(outputs, options.outputDir);
}

} // namespace

int runCommand(const Args &args) {
  RunOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    std::string text;
    if (a == "--reference") {
      options.reference = true;
    } else if (a == "--input") {
      if (!nextValue(args, i, text))
        return usageError("--input needs NAME=FILE.npy");
      const std::string &spec = text;
      size_t eq = spec.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        return usageError("--input '" + spec + "' is not NAME=FILE.npy");
      options.inputs.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    } else if (a == "--output-dir") {
      if (!nextValue(args, i, options.outputDir))
        return usageError("--output-dir needs a directory");
    } else if (a == "--repeat") {
      if (!nextValue(args, i, text) || !parseCount(text, options.repeat) || options.repeat < 1)
        return usageError("--repeat needs a positive integer");
    } else if (!a.empty() && a[0] == '-') {
      return usageError("unknown option '" + a + "' for dlc run (see dlc --help)");
    } else if (options.target.empty()) {
      options.target = a;
    } else {
      return usageError("dlc run takes one library or model file, got '" + options.target +
                        "' and '" + a + "'");
    }
  }
  if (options.target.empty())
    return usageError("dlc run needs a compiled library (or --reference MODEL)");
  return options.reference ? runReference(options) : runLibrary(options);
}

} // namespace dlc::tools
