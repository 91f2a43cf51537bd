#include "compiler/driver/Signature.h"

#include "dlc/model_file.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace dlc {

std::vector<uint8_t> buildSignature(func::FuncOp func, const std::string &name,
                                    const SignatureOptions &options) {
  flatbuffers::FlatBufferBuilder b;
  auto roleOf = [](StringAttr role) {
    if (!role)
      return fb::TensorRole::Data;
    return llvm::StringSwitch<fb::TensorRole>(role.getValue())
        .Case("target", fb::TensorRole::Target)
        .Case("learning_rate", fb::TensorRole::LearningRate)
        .Case("step", fb::TensorRole::Step)
        .Case("parameter", fb::TensorRole::Parameter)
        .Case("optimizer_state", fb::TensorRole::OptimizerState)
        .Case("buffer", fb::TensorRole::Buffer)
        .Case("loss", fb::TensorRole::Loss)
        .Default(fb::TensorRole::Data);
  };
  auto describe = [&](Type type, StringAttr tensorName, bool batched, StringAttr role) {
    auto shaped = cast<ShapedType>(type);
    std::vector<int64_t> shape(shaped.getShape().begin(), shaped.getShape().end());
    if (batched)
      shape[0] = -1;
    fb::DType dtype =
        shaped.getElementType().isInteger(64) ? fb::DType::Int64 : fb::DType::Float32;
    return fb::CreateTensorInfo(b, b.CreateString(tensorName ? tensorName.str() : ""), dtype,
                                b.CreateVector(shape), roleOf(role));
  };
  std::vector<flatbuffers::Offset<fb::TensorInfo>> inputs, outputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    inputs.push_back(describe(func.getArgument(i).getType(),
                              func.getArgAttrOfType<StringAttr>(i, "dlc.name"),
                              i < options.batchedInputs.size() && options.batchedInputs[i],
                              func.getArgAttrOfType<StringAttr>(i, "dlc.role")));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    outputs.push_back(describe(func.getResultTypes()[i],
                               func.getResultAttrOfType<StringAttr>(i, "dlc.name"),
                               i < options.batchedOutputs.size() && options.batchedOutputs[i],
                               func.getResultAttrOfType<StringAttr>(i, "dlc.role")));
  flatbuffers::Offset<fb::Training> training = 0;
  if (const TrainOptions *t = options.training) {
    std::vector<flatbuffers::Offset<fb::Attribute>> attributes;
    auto number = [&](const char *key, double value) {
      attributes.push_back(fb::CreateAttribute(b, b.CreateString(key), fb::AttributeKind::Float,
                                               0, value));
    };
    number("lr", t->learningRate);
    number("momentum", t->momentum);
    number("beta1", t->beta1);
    number("beta2", t->beta2);
    number("alpha", t->alpha);
    number("eps", t->eps);
    number("weight_decay", t->weightDecay);
    number("label_smoothing", t->labelSmoothing);
    training = fb::CreateTraining(b, b.CreateString(t->loss), b.CreateString(t->optimizer),
                                  b.CreateVector(attributes));
  }
  auto model = fb::CreateModel(b, b.CreateString("dlc"), b.CreateString("0.1"), 1,
                               b.CreateString(name), b.CreateVector(inputs),
                               b.CreateVector(outputs), 0, 0, training, options.arenaBytes,
                               options.externalWeights.empty()
                                   ? 0
                                   : b.CreateString(options.externalWeights),
                               options.weightsBytes);
  fb::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

} // namespace dlc
