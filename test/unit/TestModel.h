// Builds small dlc model files in tests, compiles them with dlc and runs
// them both as compiled libraries and with the reference interpreter.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dlc/model_file.h"

namespace dlc::test {

struct Array {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

// Deterministic uniform values in [-1, 1).
Array randomArray(std::vector<int64_t> shape, std::mt19937 &rng);

struct AttributeSpec {
  enum class Kind { Int, Ints, Float, String };
  std::string name;
  Kind kind;
  std::vector<int64_t> ints;  // Int (one value) and Ints
  double number = 0;          // Float
  std::string text;           // String
};

AttributeSpec ints(const std::string &name, std::vector<int64_t> values);
AttributeSpec integer(const std::string &name, int64_t value);
AttributeSpec floating(const std::string &name, double value);
AttributeSpec text(const std::string &name, const std::string &value);

class ModelBuilder {
public:
  explicit ModelBuilder(std::string name) : name_(std::move(name)) {}
  ModelBuilder &input(const std::string &name, std::vector<int64_t> shape);
  // An int64 input (token or class indices).
  ModelBuilder &indexInput(const std::string &name, std::vector<int64_t> shape);
  ModelBuilder &output(const std::string &name, std::vector<int64_t> shape);
  ModelBuilder &weight(const std::string &name, const Array &value);
  ModelBuilder &node(const std::string &name, const std::string &opType,
                     std::vector<std::string> inputs, std::vector<std::string> outputs,
                     std::vector<AttributeSpec> attributes = {});
  // The binary model file.
  std::vector<uint8_t> build() const;

private:
  struct Tensor {
    std::string name;
    std::vector<int64_t> shape;
    bool indices = false;
  };
  struct Node {
    std::string name, opType;
    std::vector<std::string> inputs, outputs;
    std::vector<AttributeSpec> attributes;
  };
  std::string name_;
  std::vector<Tensor> inputs_, outputs_;
  std::vector<std::pair<std::string, Array>> weights_;
  std::vector<Node> nodes_;
};

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
public:
  TempDir();
  ~TempDir();
  std::string path(const std::string &file) const { return dir_ + "/" + file; }

private:
  std::string dir_;
};

// Writes `model` to DIR/model.dlcm, compiles it to DIR/model.so with dlc and
// runs it through the runtime's C API. `extraFlags` are dlc flags among
// `--batch N`, `--no-fuse` and `--attention-tiles Q,K` (or 0). Fails the
// current test (and returns false) on any error.
bool compileAndRun(const TempDir &dir, const std::vector<uint8_t> &model,
                   const std::vector<Array> &inputs, std::vector<Array> &outputs,
                   const std::vector<std::string> &extraFlags = {});

// Imports the model file at `path` (any format, dynamic batch kept) and runs
// it with the reference interpreter.
bool interpretFile(const std::string &path, const std::vector<Array> &inputs,
                   std::vector<Array> &outputs);

// Runs the same model with the reference interpreter.
bool interpret(const std::vector<uint8_t> &model, const std::vector<Array> &inputs,
               std::vector<Array> &outputs);

// max |a - b| / max |b| over all elements (b is the reference); 0 for two
// empty arrays, infinity when the shapes differ.
double relativeError(const Array &actual, const Array &reference);

} // namespace dlc::test
