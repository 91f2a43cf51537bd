#include "frontends/onnx/ConstantFolding.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <set>

namespace dlc::onnx_import {
namespace {

using Dims = std::vector<int64_t>;

// Folded tensors are small (shapes and scalars). Values are long double:
// on x86-64 its 64-bit mantissa holds every int64 exactly (INT64_MAX, the
// "to the end" of Slice, included) and every float.
struct Known {
  int32_t type = onnx::TensorProto::INT64;
  Dims dims;
  std::vector<long double> values;
};

constexpr int64_t kMaxFoldedElements = int64_t(1) << 20;

bool isInteger(int32_t type) {
  return type == onnx::TensorProto::INT64 || type == onnx::TensorProto::INT32 ||
         type == onnx::TensorProto::BOOL;
}

int64_t count(const Dims &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n = (d < 0 || (d > 0 && n > kMaxFoldedElements / d)) ? kMaxFoldedElements + 1 : n * d;
  return n;
}

template <typename T>
bool readValues(const onnx::TensorProto &t, const T *typed, int typedSize, Known &k) {
  int64_t n = count(k.dims);
  if (n > kMaxFoldedElements)
    return false;
  if (!t.raw_data().empty()) {
    if (t.raw_data().size() != static_cast<size_t>(n) * sizeof(T))
      return false;
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, t.raw_data().data() + i * sizeof(T), sizeof(T));
      k.values.push_back(static_cast<long double>(v));
    }
    return true;
  }
  if (typedSize != n)
    return false;
  for (int64_t i = 0; i < n; ++i)
    k.values.push_back(static_cast<long double>(typed[i]));
  return true;
}

bool toKnown(const onnx::TensorProto &t, Known &k) {
  k.type = t.data_type();
  k.dims.assign(t.dims().begin(), t.dims().end());
  switch (t.data_type()) {
  case onnx::TensorProto::INT64:
    return readValues<int64_t>(t, t.int64_data().data(), t.int64_data_size(), k);
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::BOOL:
    if (t.raw_data().empty())
      return readValues<int32_t>(t, t.int32_data().data(), t.int32_data_size(), k);
    if (t.data_type() == onnx::TensorProto::BOOL)
      return readValues<uint8_t>(t, nullptr, 0, k);
    return readValues<int32_t>(t, nullptr, 0, k);
  case onnx::TensorProto::FLOAT:
    return readValues<float>(t, t.float_data().data(), t.float_data_size(), k);
  case onnx::TensorProto::DOUBLE:
    return readValues<double>(t, t.double_data().data(), t.double_data_size(), k);
  default:
    return false;
  }
}

// Integer results are int64 (the only integer type the importer reads);
// floating results float32.
void toProto(const Known &k, onnx::TensorProto &t) {
  t.Clear();
  for (int64_t d : k.dims)
    t.add_dims(d);
  std::string raw;
  if (isInteger(k.type)) {
    t.set_data_type(k.type == onnx::TensorProto::BOOL ? onnx::TensorProto::BOOL
                                                      : onnx::TensorProto::INT64);
    for (long double v : k.values) {
      if (k.type == onnx::TensorProto::BOOL) {
        raw.push_back(v != 0 ? 1 : 0);
        continue;
      }
      int64_t i = v >= 9223372036854775807.0L ? INT64_MAX
                  : v <= -9223372036854775807.0L ? INT64_MIN
                                                  : static_cast<int64_t>(v);
      raw.append(reinterpret_cast<const char *>(&i), sizeof(i));
    }
  } else {
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (long double v : k.values) {
      float f = static_cast<float>(v);
      raw.append(reinterpret_cast<const char *>(&f), sizeof(f));
    }
  }
  t.set_raw_data(raw);
}

int64_t normalizeAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

bool broadcastDims(const Dims &a, const Dims &b, Dims &out) {
  size_t rank = std::max(a.size(), b.size());
  out.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1)
      return false;
    out[i] = x == 1 ? y : x;
  }
  return count(out) <= kMaxFoldedElements;
}

// The value of `k` (broadcast) at output position `index` of `out`.
long double at(const Known &k, const Dims &out, const Dims &index) {
  size_t skipped = out.size() - k.dims.size();
  int64_t offset = 0;
  for (size_t d = 0; d < k.dims.size(); ++d)
    offset = offset * k.dims[d] + (k.dims[d] == 1 ? 0 : index[skipped + d]);
  return k.values[offset];
}

void unravel(int64_t i, const Dims &dims, Dims &index) {
  index.assign(dims.size(), 0);
  for (int64_t d = static_cast<int64_t>(dims.size()) - 1; d >= 0; --d) {
    index[d] = i % dims[d];
    i /= dims[d];
  }
}

// Applies `f` element-wise over the broadcast of `operands`.
template <typename F>
bool elementwise(const std::vector<Known> &operands, int32_t type, F f, Known &out) {
  Dims dims = operands[0].dims;
  for (size_t i = 1; i < operands.size(); ++i)
    if (!broadcastDims(Dims(dims), operands[i].dims, dims))
      return false;
  out.type = type;
  out.dims = dims;
  Dims index;
  std::vector<long double> args(operands.size());
  for (int64_t i = 0, n = count(dims); i < n; ++i) {
    unravel(i, dims, index);
    for (size_t k = 0; k < operands.size(); ++k)
      args[k] = at(operands[k], dims, index);
    out.values.push_back(f(args));
  }
  return true;
}

class Folder {
public:
  Folder(const onnx::NodeProto &node, int64_t opset, const FoldInputs &inputs, std::string &error)
      : node(node), opset(opset), inputs(inputs), error(error) {}

  FoldOutcome run(onnx::TensorProto &result);

private:
  const onnx::AttributeProto *attribute(const std::string &name) const {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t intAttribute(const std::string &name, int64_t value) const {
    const auto *a = attribute(name);
    return a ? a->i() : value;
  }
  Dims intsAttribute(const std::string &name) const {
    const auto *a = attribute(name);
    return a ? Dims(a->ints().begin(), a->ints().end()) : Dims();
  }
  FoldOutcome fail(const std::string &message) {
    error = message;
    return FoldOutcome::Failed;
  }
  // Axes from input `i` (newer opsets) or the `axes` attribute.
  Dims axes(size_t i) const {
    if (i < args.size() && present[i]) {
      Dims values;
      for (long double v : args[i].values)
        values.push_back(static_cast<int64_t>(v));
      return values;
    }
    return intsAttribute("axes");
  }

  bool fold(const std::string &op, Known &out);

  bool slice(Known &out);
  bool transpose(Known &out);
  // Copies the elements of args[0] at `source(output index)` into `out`,
  // whose dims are set.
  void gatherElements(Known &out, const std::function<int64_t(const Dims &)> &source);

  const onnx::NodeProto &node;
  int64_t opset;
  const FoldInputs &inputs;
  std::string &error;
  std::vector<Known> args;
  std::vector<bool> present;
};

void Folder::gatherElements(Known &out, const std::function<int64_t(const Dims &)> &source) {
  const Known &x = args[0];
  out.type = x.type;
  out.values.clear();
  int64_t total = count(out.dims);
  Dims index(out.dims.size(), 0);
  for (int64_t i = 0; i < total; ++i) {
    int64_t rest = i;
    for (size_t d = out.dims.size(); d-- > 0;) {
      index[d] = rest % out.dims[d];
      rest /= out.dims[d];
    }
    out.values.push_back(x.values[source(index)]);
  }
}

// Slice (opset >= 10) of a constant of any rank, with any axes and steps
// (PyTorch's pad computations reverse a [rank, 2] table with step -1).
bool Folder::slice(Known &out) {
  if (args.size() < 3 || !present[1] || !present[2])
    return false;
  const Known &x = args[0];
  int64_t rank = static_cast<int64_t>(x.dims.size());
  const std::vector<long double> &starts = args[1].values, &ends = args[2].values;
  if (starts.size() != ends.size() || static_cast<int64_t>(starts.size()) > rank)
    return (error = "'starts' and 'ends' must have the same length, at most the rank"), false;
  for (size_t input = 1; input < args.size() && input <= 4; ++input)
    for (long double v : args[input].values)
      if (std::isnan(v))
        return (error = "'starts', 'ends', 'axes' and 'steps' must be numbers"), false;
  auto optional = [&](size_t input, size_t i, long double fallback) {
    return input < args.size() && present[input] && i < args[input].values.size()
               ? args[input].values[i]
               : fallback;
  };
  Dims first(rank, 0), step(rank, 1);
  out.dims = x.dims;
  for (size_t i = 0; i < starts.size(); ++i) {
    long double axisValue = optional(3, i, static_cast<long double>(i));
    if (!(axisValue >= -rank && axisValue < rank))
      return (error = "an axis is out of range"), false;
    int64_t axis = normalizeAxis(static_cast<int64_t>(axisValue), rank);
    long double by = optional(4, i, 1), dim = static_cast<long double>(x.dims[axis]);
    if (by == 0)
      return (error = "a step is 0"), false;
    long double begin = starts[i], end = ends[i];
    begin += begin < 0 ? dim : 0;
    end += end < 0 ? dim : 0;
    long double n = 0;
    if (dim == 0)
      begin = 0;
    else if (by > 0) {
      begin = std::clamp<long double>(begin, 0, dim);
      end = std::clamp<long double>(end, 0, dim);
      n = std::ceil((end - begin) / by);
    } else {
      begin = std::clamp<long double>(begin, 0, dim - 1);
      end = std::clamp<long double>(end, -1, dim - 1);
      n = std::ceil((begin - end) / -by);
    }
    first[axis] = static_cast<int64_t>(begin);
    // A step past the dimension takes one element: clamp it to stay exact.
    step[axis] = static_cast<int64_t>(std::clamp<long double>(by, -dim - 1, dim + 1));
    out.dims[axis] = static_cast<int64_t>(std::max<long double>(0, n));
  }
  Dims strides(rank, 1);
  for (int64_t d = rank - 1; d > 0; --d)
    strides[d - 1] = strides[d] * x.dims[d];
  gatherElements(out, [&](const Dims &index) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += (first[d] + index[d] * step[d]) * strides[d];
    return offset;
  });
  return true;
}

bool Folder::transpose(Known &out) {
  const Known &x = args[0];
  int64_t rank = static_cast<int64_t>(x.dims.size());
  Dims perm = intsAttribute("perm");
  if (perm.empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  Dims sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  bool permutation = static_cast<int64_t>(sorted.size()) == rank;
  for (int64_t d = 0; permutation && d < rank; ++d)
    permutation = sorted[d] == d;
  if (!permutation)
    return (error = "'perm' is not a permutation of the dimensions"), false;
  Dims strides(rank, 1);
  for (int64_t d = rank - 1; d > 0; --d)
    strides[d - 1] = strides[d] * x.dims[d];
  out.dims.clear();
  for (int64_t p : perm)
    out.dims.push_back(x.dims[p]);
  gatherElements(out, [&](const Dims &index) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += index[d] * strides[perm[d]];
    return offset;
  });
  return true;
}

const std::set<std::string> kFoldable = {
    "Add",   "Cast",    "Concat",  "ConstantOfShape", "Div",   "Equal", "Expand",
    "Gather", "Greater", "Identity", "Less",           "Mul",   "Neg",   "Range",
    "Reshape", "Shape",  "Slice",   "Sqrt",            "Squeeze", "Sub", "Transpose",
    "Unsqueeze", "Where"};

FoldOutcome Folder::run(onnx::TensorProto &result) {
  const std::string &op = node.op_type();
  if (!kFoldable.count(op) || node.output_size() < 1)
    return FoldOutcome::NotFoldable;
  if (op == "Shape") {
    auto shape = node.input_size() == 1 ? inputs.staticShape(node.input(0)) : std::nullopt;
    if (!shape)
      return FoldOutcome::NotFoldable;
    int64_t rank = static_cast<int64_t>(shape->size());
    int64_t start = std::clamp(normalizeAxis(intAttribute("start", 0), rank), int64_t(0), rank);
    int64_t end = std::clamp(normalizeAxis(intAttribute("end", rank), rank), start, rank);
    Known out;
    out.dims = {end - start};
    for (int64_t d = start; d < end; ++d)
      out.values.push_back((*shape)[d]);
    toProto(out, result);
    return FoldOutcome::Folded;
  }
  for (const std::string &name : node.input()) {
    present.push_back(!name.empty());
    args.emplace_back();
    if (name.empty())
      continue;
    const onnx::TensorProto *t = inputs.constant(name);
    if (!t || !toKnown(*t, args.back()))
      return FoldOutcome::NotFoldable;
  }
  Known out;
  if (!fold(op, out))
    return error.empty() ? FoldOutcome::NotFoldable : FoldOutcome::Failed;
  if (count(out.dims) > kMaxFoldedElements)
    return FoldOutcome::NotFoldable;
  toProto(out, result);
  return FoldOutcome::Folded;
}

bool Folder::fold(const std::string &op, Known &out) {
  auto need = [&](size_t n) {
    if (args.size() < n) {
      error = "takes at least " + std::to_string(n) + " inputs";
      return false;
    }
    return true;
  };
  if (!need(op == "Range" ? 3 : (op == "Where" ? 3 : 1)))
    return false;
  const Known &x = args[0];
  using Args = const std::vector<long double> &;
  int32_t floatType = onnx::TensorProto::FLOAT;
  auto arithmeticType = [&] { return isInteger(x.type) ? onnx::TensorProto::INT64 : floatType; };
  if (op == "Identity") {
    out = x;
    return true;
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    if (!need(2))
      return false;
    bool integer = isInteger(x.type);
    char kind = op[0];
    return elementwise({x, args[1]}, arithmeticType(),
                       [&](Args v) -> long double {
                         switch (kind) {
                         case 'A': return v[0] + v[1];
                         case 'S': return v[0] - v[1];
                         case 'M': return v[0] * v[1];
                         default:
                           if (integer)
                             return v[1] == 0 ? 0 : std::trunc(v[0] / v[1]);
                           return v[0] / v[1];
                         }
                       },
                       out);
  }
  if (op == "Equal" || op == "Less" || op == "Greater") {
    if (!need(2))
      return false;
    char kind = op[0];
    return elementwise({x, args[1]}, onnx::TensorProto::BOOL,
                       [&](Args v) -> long double {
                         return kind == 'E' ? v[0] == v[1] : kind == 'L' ? v[0] < v[1]
                                                                         : v[0] > v[1];
                       },
                       out);
  }
  if (op == "Where")
    return elementwise({x, args[1], args[2]}, args[1].type,
                       [](Args v) { return v[0] != 0 ? v[1] : v[2]; }, out);
  if (op == "Neg" || op == "Sqrt")
    return elementwise({x}, op == "Neg" ? x.type : floatType,
                       [&](Args v) { return op == "Neg" ? -v[0] : std::sqrt(v[0]); }, out);
  if (op == "Cast") {
    int64_t to = intAttribute("to", onnx::TensorProto::FLOAT);
    out = x;
    if (to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE) {
      out.type = floatType;
    } else if (to == onnx::TensorProto::INT64 || to == onnx::TensorProto::INT32) {
      out.type = onnx::TensorProto::INT64;
      for (long double &v : out.values)
        v = std::trunc(v);
    } else if (to == onnx::TensorProto::BOOL) {
      out.type = onnx::TensorProto::BOOL;
      for (long double &v : out.values)
        v = v != 0;
    } else {
      return false;
    }
    return true;
  }
  if (op == "Unsqueeze" || op == "Squeeze") {
    Dims axisList = axes(1);
    out = x;
    if (op == "Squeeze") {
      int64_t rank = static_cast<int64_t>(x.dims.size());
      Dims dims;
      for (int64_t d = 0; d < rank; ++d) {
        bool listed = false;
        for (int64_t a : axisList)
          listed |= normalizeAxis(a, rank) == d;
        if (listed && x.dims[d] != 1)
          return (error = "dimension " + std::to_string(d) + " has extent " +
                          std::to_string(x.dims[d]) + ", only extent 1 can be squeezed"),
                 false;
        if (!(axisList.empty() ? x.dims[d] == 1 : listed))
          dims.push_back(x.dims[d]);
      }
      out.dims = dims;
      return true;
    }
    int64_t rank = static_cast<int64_t>(x.dims.size() + axisList.size());
    std::vector<bool> inserted(rank, false);
    for (int64_t a : axisList) {
      int64_t d = normalizeAxis(a, rank);
      if (d < 0 || d >= rank)
        return (error = "'axes' value " + std::to_string(a) + " is out of range"), false;
      inserted[d] = true;
    }
    out.dims.clear();
    size_t next = 0;
    for (int64_t d = 0; d < rank; ++d)
      out.dims.push_back(inserted[d] ? 1 : (next < x.dims.size() ? x.dims[next++] : 1));
    return true;
  }
  if (op == "Concat") {
    int64_t rank = static_cast<int64_t>(x.dims.size());
    int64_t axis = normalizeAxis(intAttribute("axis", 0), rank);
    if (rank != 1 || axis != 0)
      return false;  // shape vectors only
    out.type = x.type;
    for (const Known &k : args) {
      if (k.dims.size() != 1)
        return false;
      out.values.insert(out.values.end(), k.values.begin(), k.values.end());
    }
    out.dims = {static_cast<int64_t>(out.values.size())};
    return true;
  }
  if (op == "Gather") {
    if (!need(2))
      return false;
    const Known &indices = args[1];
    int64_t rank = static_cast<int64_t>(x.dims.size());
    int64_t axis = normalizeAxis(intAttribute("axis", 0), rank);
    if (axis < 0 || axis >= rank)
      return (error = "'axis' is out of range"), false;
    int64_t outer = 1, inner = 1, extent = x.dims[axis];
    for (int64_t d = 0; d < axis; ++d)
      outer *= x.dims[d];
    for (int64_t d = axis + 1; d < rank; ++d)
      inner *= x.dims[d];
    out.type = x.type;
    out.dims.assign(x.dims.begin(), x.dims.begin() + axis);
    out.dims.insert(out.dims.end(), indices.dims.begin(), indices.dims.end());
    out.dims.insert(out.dims.end(), x.dims.begin() + axis + 1, x.dims.end());
    for (int64_t o = 0; o < outer; ++o)
      for (long double index : indices.values) {
        int64_t i = static_cast<int64_t>(index);
        if (i < 0)
          i += extent;
        if (i < 0 || i >= extent)
          return (error = "index " + std::to_string(static_cast<int64_t>(index)) +
                          " is out of range"),
                 false;
        for (int64_t k = 0; k < inner; ++k)
          out.values.push_back(x.values[(o * extent + i) * inner + k]);
      }
    return true;
  }
  if (op == "Reshape" || op == "Expand" || op == "ConstantOfShape") {
    const Known &shapeSource = op == "ConstantOfShape" ? x : args.size() > 1 ? args[1] : x;
    if (op != "ConstantOfShape" && !need(2))
      return false;
    Dims target;
    for (long double v : shapeSource.values)
      target.push_back(static_cast<int64_t>(v));
    if (op == "ConstantOfShape") {
      out.type = floatType;
      long double fill = 0;
      if (const auto *value = attribute("value")) {
        Known k;
        if (!toKnown(value->t(), k) || k.values.size() != 1)
          return false;
        out.type = isInteger(k.type) ? onnx::TensorProto::INT64 : floatType;
        fill = k.values[0];
      }
      out.dims = target;
      if (count(target) > kMaxFoldedElements)
        return false;
      out.values.assign(count(target), fill);
      return true;
    }
    if (op == "Expand") {
      Dims dims;
      if (!broadcastDims(x.dims, target, dims))
        return (error = "cannot expand to the given shape"), false;
      return elementwise({x, Known{x.type, dims, std::vector<long double>(count(dims), 0)}},
                         x.type, [](Args v) { return v[0]; }, out);
    }
    // Reshape: 0 copies the input's dimension, one -1 is inferred.
    int64_t known = 1, inferred = -1;
    for (size_t d = 0; d < target.size(); ++d) {
      if (target[d] == 0 && d < x.dims.size())
        target[d] = x.dims[d];
      if (target[d] == -1)
        inferred = static_cast<int64_t>(d);
      else
        known *= target[d];
    }
    if (inferred >= 0 && known > 0)
      target[inferred] = count(x.dims) / known;
    if (count(target) != count(x.dims))
      return (error = "Reshape changes the element count"), false;
    out = x;
    out.dims = target;
    return true;
  }
  if (op == "Slice")
    return slice(out);
  if (op == "Transpose")
    return transpose(out);
  if (op == "Range") {
    if (x.values.size() != 1 || args[1].values.size() != 1 || args[2].values.size() != 1)
      return (error = "'start', 'limit' and 'delta' must be scalars"), false;
    long double start = x.values[0], limit = args[1].values[0], delta = args[2].values[0];
    if (delta == 0)
      return (error = "'delta' is 0"), false;
    long double n = std::max<long double>(0, std::ceil((limit - start) / delta));
    if (n > kMaxFoldedElements)
      return false;
    out.type = isInteger(x.type) ? onnx::TensorProto::INT64 : floatType;
    for (int64_t i = 0; i < static_cast<int64_t>(n); ++i)
      out.values.push_back(start + i * delta);
    out.dims = {static_cast<int64_t>(n)};
    return true;
  }
  return false;
}

} // namespace

FoldOutcome foldNode(const onnx::NodeProto &node, int64_t opset, const FoldInputs &inputs,
                     onnx::TensorProto &result, std::string &error) {
  return Folder(node, opset, inputs, error).run(result);
}

} // namespace dlc::onnx_import
