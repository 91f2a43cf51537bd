#include "compiler/driver/Signature.h"

#include "dlc/model_file.h"

using namespace mlir;

namespace dlc {

std::vector<uint8_t> buildSignature(func::FuncOp func, const std::string &name,
                                    const SignatureOptions &options) {
  flatbuffers::FlatBufferBuilder b;
  auto describe = [&](Type type, StringAttr tensorName, bool batched) {
    auto shaped = cast<ShapedType>(type);
    std::vector<int64_t> shape(shaped.getShape().begin(), shaped.getShape().end());
    if (batched)
      shape[0] = -1;
    fb::DType dtype =
        shaped.getElementType().isInteger(64) ? fb::DType::Int64 : fb::DType::Float32;
    return fb::CreateTensorInfo(b, b.CreateString(tensorName ? tensorName.str() : ""), dtype,
                                b.CreateVector(shape));
  };
  std::vector<flatbuffers::Offset<fb::TensorInfo>> inputs, outputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    inputs.push_back(describe(func.getArgument(i).getType(),
                              func.getArgAttrOfType<StringAttr>(i, "dlc.name"),
                              i < options.batchedInputs.size() && options.batchedInputs[i]));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    outputs.push_back(describe(func.getResultTypes()[i],
                               func.getResultAttrOfType<StringAttr>(i, "dlc.name"),
                               i < options.batchedOutputs.size() && options.batchedOutputs[i]));
  auto model = fb::CreateModel(b, b.CreateString("dlc"), b.CreateString("0.1"), 1,
                               b.CreateString(name), b.CreateVector(inputs),
                               b.CreateVector(outputs), 0, 0, 0, options.arenaBytes,
                               options.externalWeights.empty()
                                   ? 0
                                   : b.CreateString(options.externalWeights),
                               options.weightsBytes);
  fb::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

} // namespace dlc
