// Builds small ONNX models with the protobuf C++ API for tests.
#pragma once

#include <string>
#include <vector>

#include "onnx/onnx_pb.h"
#include "test/unit/TestModel.h"

namespace dlc::test {

// Builds an ONNX ModelProto; a -1 input dimension becomes dim_param "N".
class OnnxBuilder {
public:
  explicit OnnxBuilder(int64_t opset = 13) {
    proto.set_ir_version(7);
    proto.set_producer_name("dlc tests");
    auto *id = proto.add_opset_import();
    id->set_domain("");
    id->set_version(opset);
    proto.mutable_graph()->set_name("onnx_test");
  }
  OnnxBuilder &input(const std::string &name, const std::vector<int64_t> &shape) {
    auto *in = proto.mutable_graph()->add_input();
    in->set_name(name);
    auto *t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : shape) {
      auto *dim = t->mutable_shape()->add_dim();
      if (d < 0)
        dim->set_dim_param("N");
      else
        dim->set_dim_value(d);
    }
    return *this;
  }
  OnnxBuilder &output(const std::string &name) {
    proto.mutable_graph()->add_output()->set_name(name);
    return *this;
  }
  // A float initializer in raw_data, or in float_data when `typed`.
  OnnxBuilder &weight(const std::string &name, const Array &a, bool typed = false) {
    auto *t = proto.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : a.shape)
      t->add_dims(d);
    if (typed)
      for (float v : a.values)
        t->add_float_data(v);
    else
      t->set_raw_data(a.values.data(), a.values.size() * sizeof(float));
    return *this;
  }
  OnnxBuilder &ints(const std::string &name, const std::vector<int64_t> &values) {
    auto *t = proto.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    t->set_raw_data(values.data(), values.size() * sizeof(int64_t));
    return *this;
  }
  onnx::NodeProto &node(const std::string &opType, const std::vector<std::string> &inputs,
                        const std::vector<std::string> &outputs, const std::string &name = "") {
    auto *n = proto.mutable_graph()->add_node();
    n->set_op_type(opType);
    n->set_name(name);
    for (const auto &i : inputs)
      n->add_input(i);
    for (const auto &o : outputs)
      n->add_output(o);
    return *n;
  }
  // A Constant node writing `output`: its value, a tensor of `dataType` for
  // the caller to fill.
  onnx::TensorProto &constant(const std::string &output, int32_t dataType,
                              const std::string &name = "") {
    auto *a = node("Constant", {}, {output}, name).add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(dataType);
    return *a->mutable_t();
  }
  std::string bytes() const { return proto.SerializeAsString(); }

  onnx::ModelProto proto;
};

inline void attr(onnx::NodeProto &n, const std::string &name, int64_t v) {
  auto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}
inline void attr(onnx::NodeProto &n, const std::string &name, const std::vector<int64_t> &v) {
  auto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}
inline void attr(onnx::NodeProto &n, const std::string &name, const std::string &v) {
  auto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

} // namespace dlc::test
