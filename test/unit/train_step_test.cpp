// Training libraries against the reference interpreter: each model is
// compiled with dlc --train and run for two steps through the runtime's
// dlc_trainer; the interpreter runs the same train_step function in
// float64. Covers the training kernels on odd shapes: convolution weight
// gradients with vector tails, strides, dilation, groups and padding,
// pooling gradients, batch norm in training mode, dropout, layer norm and
// GELU, losses and optimizers, and the rules composed of other ops
// (transposed convolution, group norm, LRN, strided slices, the
// element-wise family).
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>

#include "gtest/gtest.h"
#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "compiler/driver/Compile.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/interpreter/Interpreter.h"
#include "compiler/training/TrainStep.h"
#include "dlc/runtime.h"
#include "frontends/ModelImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "test/unit/TestModel.h"

namespace dlc::test {
namespace {

struct TrainCase {
  std::string name;
  std::function<ModelBuilder(std::mt19937 &)> make;
  TrainOptions options;
  int classes = 0;  // > 0: cross_entropy labels below it; else float targets
  int tokens = 0;   // > 0: the data input holds int64 indices below it
};

void PrintTo(const TrainCase &c, std::ostream *os) { *os << c.name; }

TrainOptions optimizer(const std::string &name, const std::string &loss = "cross_entropy") {
  TrainOptions o;
  o.optimizer = name;
  o.loss = loss;
  o.weightDecay = name == "adamw" ? 0.01 : 0.001;
  return o;
}

class TrainStep : public ::testing::TestWithParam<TrainCase> {};

std::vector<interp::Tensor> tensorsOf(const std::vector<Array> &arrays) {
  std::vector<interp::Tensor> out;
  for (const Array &a : arrays)
    out.push_back({a.shape, std::vector<double>(a.values.begin(), a.values.end())});
  return out;
}

double relativeError(const std::vector<float> &got, const std::vector<double> &want) {
  double worst = 0.0, scale = 1e-6;
  for (double w : want)
    scale = std::max(scale, std::fabs(w));
  for (size_t i = 0; i < got.size(); ++i)
    worst = std::max(worst, std::fabs(got[i] - want[i]));
  return worst / scale;
}

TEST_P(TrainStep, CompiledStepsMatchInterpreter) {
  const TrainCase &c = GetParam();
  std::mt19937 rng(3);
  ModelBuilder builder = c.make(rng);
  std::vector<uint8_t> bytes = builder.build();
  TempDir dir;
  std::string modelPath = dir.path("model.dlcm"), library = dir.path("train.so");
  std::ofstream(modelPath, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));

  CompileOptions options;
  options.inputPath = modelPath;
  options.outputPath = library;
  options.train = c.options;
  ASSERT_EQ(compileModel(options), 0);

  // The reference: the same train_step function, interpreted.
  mlir::DialectRegistry registry;
  registerDifferentiableOps(registry);
  mlir::MLIRContext context(registry);
  OneLineDiagnostics diagnostics(context);
  LoadedModel storage;
  WeightTable weights;
  auto module = importModelFile(context, modelPath, ImportOptions{}, storage, weights);
  ASSERT_TRUE(module);
  ASSERT_TRUE(mlir::succeeded(buildTrainingFunctions(*module, c.options, weights)));
  auto step = module->lookupSymbol<mlir::func::FuncOp>("train_step");

  dlc_model *model = nullptr;
  dlc_trainer *trainer = nullptr;
  ASSERT_EQ(dlc_model_load(library.c_str(), &model), nullptr);
  ASSERT_EQ(dlc_trainer_create(model, &trainer), nullptr);

  // Inputs of the interpreted step: data, target, lr, step, then the
  // parameters, optimizer state and statistics the step updates.
  dlc_tensor_info dataInfo, targetInfo;
  dlc_trainer_data_info(trainer, 0, &dataInfo);
  dlc_trainer_target_info(trainer, &targetInfo);
  std::vector<int64_t> dataShape(dataInfo.shape, dataInfo.shape + dataInfo.rank);
  std::vector<int64_t> targetShape(targetInfo.shape, targetInfo.shape + targetInfo.rank);
  std::vector<interp::Tensor> state;
  for (unsigned i = 4; i < step.getNumArguments(); ++i) {
    auto name = step.getArgAttrOfType<mlir::StringAttr>(i, "dlc.name").str();
    auto type = mlir::cast<mlir::ShapedType>(step.getArgument(i).getType());
    interp::Tensor t;
    t.shape.assign(type.getShape().begin(), type.getShape().end());
    if (!interp::lookupIn(weights)(name, t))
      t.data.assign(static_cast<size_t>(type.getNumElements()), 0.0);  // optimizer state
    state.push_back(std::move(t));
  }

  const float lr = 0.05f;
  for (int s = 1; s <= 2; ++s) {
    Array data = randomArray(dataShape, rng);
    std::vector<int64_t> tokens;
    for (size_t i = 0; c.tokens > 0 && i < data.values.size(); ++i) {
      tokens.push_back(static_cast<int64_t>(rng() % static_cast<unsigned>(c.tokens)));
      data.values[i] = static_cast<float>(tokens.back());
    }
    std::vector<int64_t> labels;
    Array target = randomArray(targetShape, rng);
    interp::Tensor targetTensor{targetShape, {}};
    for (float &v : target.values) {
      if (c.classes > 0) {
        labels.push_back(static_cast<int64_t>(rng() % static_cast<unsigned>(c.classes)));
        targetTensor.data.push_back(static_cast<double>(labels.back()));
      } else {
        v = v > 0 ? 1.f : 0.f;  // also valid probabilities for bce
        targetTensor.data.push_back(v);
      }
    }
    const void *dataPointer = c.tokens > 0 ? static_cast<const void *>(tokens.data())
                                           : static_cast<const void *>(data.values.data());
    const void *targetPointer = c.classes > 0 ? static_cast<const void *>(labels.data())
                                              : static_cast<const void *>(target.values.data());
    float loss = 0.f;
    ASSERT_EQ(dlc_trainer_step(trainer, &dataPointer, targetPointer, lr, &loss), nullptr);

    std::vector<interp::Tensor> inputs = tensorsOf({data});
    inputs.push_back(targetTensor);
    inputs.push_back({{1}, {lr}});
    inputs.push_back({{1}, {static_cast<double>(s)}});
    inputs.insert(inputs.end(), state.begin(), state.end());
    std::vector<interp::Tensor> outputs;
    ASSERT_TRUE(mlir::succeeded(interp::run(step, inputs, interp::lookupIn(weights), outputs)));
    EXPECT_NEAR(loss, outputs[0].data[0], 1e-4 * std::max(1.0, std::fabs(outputs[0].data[0])))
        << "loss of step " << s;
    state.assign(outputs.begin() + 1, outputs.end());
  }
  // Parameters and statistics after two steps.
  size_t compared = 0;
  for (unsigned i = 0; i < state.size(); ++i) {
    auto name = step.getResultAttrOfType<mlir::StringAttr>(i + 1, "dlc.name").str();
    auto role = step.getResultAttrOfType<mlir::StringAttr>(i + 1, kRoleAttr).str();
    if (role == "optimizer_state")
      continue;
    std::vector<float> got(state[i].data.size());
    ASSERT_EQ(dlc_trainer_get_param(trainer, name.c_str(), got.data(), got.size() * 4), nullptr);
    EXPECT_LT(relativeError(got, state[i].data), 1e-4) << name;
    ++compared;
  }
  EXPECT_GT(compared, 0u);
  dlc_trainer_free(trainer);
  dlc_model_free(model);
}

// conv (bias) -> activation -> pool -> flatten -> linear, with the conv's
// and pool's attributes given.
ModelBuilder convNet(std::mt19937 &rng, std::vector<int64_t> input, int64_t outChannels,
                     std::vector<int64_t> kernel, std::vector<AttributeSpec> convAttributes,
                     int64_t groups, const std::string &activation, const std::string &pool,
                     std::vector<AttributeSpec> poolAttributes, std::vector<int64_t> pooled,
                     bool batchNorm = false) {
  ModelBuilder m("train_case");
  int64_t features = pooled[0] * pooled[1] * pooled[2];
  m.input("x", input).output("y", {input[0], 5});
  m.weight("conv.weight", randomArray({outChannels, input[1] / groups, kernel[0], kernel[1]}, rng));
  // No bias before a batch norm (as in ResNets): its gradient is exactly 0,
  // and an adaptive optimizer turns float32 rounding into a step.
  std::vector<std::string> convOperands = {"x", "conv.weight"};
  if (!batchNorm) {
    m.weight("conv.bias", randomArray({outChannels}, rng));
    convOperands.push_back("conv.bias");
  }
  m.weight("fc.weight", randomArray({5, features}, rng));
  m.weight("fc.bias", randomArray({5}, rng));
  convAttributes.push_back(integer("groups", groups));
  m.node("conv", "Conv2d", convOperands, {"c"}, convAttributes);
  std::string activated = "c";
  if (batchNorm) {
    Array variance = randomArray({outChannels}, rng);
    for (float &v : variance.values)
      v = 1.f + std::fabs(v);
    m.weight("bn.weight", randomArray({outChannels}, rng));
    m.weight("bn.bias", randomArray({outChannels}, rng));
    m.weight("bn.running_mean", randomArray({outChannels}, rng));
    m.weight("bn.running_var", variance);
    m.node("bn", "BatchNorm", {"c", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"},
           {"n"});
    activated = "n";
  }
  m.node("act", activation, {activated}, {"a"});
  m.node("pool", pool, {"a"}, {"p"}, poolAttributes);
  m.node("flatten", "Flatten", {"p"}, {"f"});
  m.node("fc", "Linear", {"f", "fc.weight", "fc.bias"}, {"y"});
  return m;
}

// Linear -> tanh (-> dropout) -> linear. With dropout the compiled masks
// must be the interpreter's, element for element, or the parameters part.
// conv -> relu -> a 3x3 stride-2 conv and a 1x1 stride-2 conv of it,
// added -> linear: the strided convolutions' input gradients are computed
// in phases (Gradients.cpp, polyphaseInputGradient).
ModelBuilder stridedNet(std::mt19937 &rng) {
  ModelBuilder m("strided");
  m.input("x", {3, 2, 10, 8}).output("y", {3, 5});
  m.weight("conv1.weight", randomArray({8, 2, 3, 3}, rng));
  m.weight("conv2.weight", randomArray({8, 8, 3, 3}, rng));
  m.weight("shortcut.weight", randomArray({8, 8, 1, 1}, rng));
  m.weight("fc.weight", randomArray({5, 8 * 5 * 4}, rng));
  m.node("conv1", "Conv2d", {"x", "conv1.weight"}, {"c1"}, {ints("padding", {1, 1, 1, 1})});
  m.node("act", "Relu", {"c1"}, {"a"});
  m.node("conv2", "Conv2d", {"a", "conv2.weight"}, {"c2"},
         {ints("strides", {2, 2}), ints("padding", {1, 1, 1, 1})});
  m.node("shortcut", "Conv2d", {"a", "shortcut.weight"}, {"s"}, {ints("strides", {2, 2})});
  m.node("sum", "Add", {"c2", "s"}, {"t"});
  m.node("flatten", "Flatten", {"t"}, {"f"});
  m.node("fc", "Linear", {"f", "fc.weight"}, {"y"});
  return m;
}

ModelBuilder mlp(std::mt19937 &rng, int64_t outputs, double dropout = 0.0) {
  ModelBuilder m("mlp");
  m.input("x", {6, 7}).output("y", {6, outputs});
  m.weight("fc1.weight", randomArray({9, 7}, rng));
  m.weight("fc1.bias", randomArray({9}, rng));
  m.weight("fc2.weight", randomArray({outputs, 9}, rng));
  m.node("fc1", "Linear", {"x", "fc1.weight", "fc1.bias"}, {"h"});
  m.node("act", "Tanh", {"h"}, {"t"});
  std::string hidden = "t";
  if (dropout > 0.0) {
    m.node("drop", "Dropout", {"t"}, {"d"}, {floating("ratio", dropout)});
    hidden = "d";
  }
  m.node("fc2", "Linear", {hidden, "fc2.weight"}, {"y"});
  return m;
}

// Linear -> layer norm -> GELU (tanh form) -> linear -> GELU (erf form),
// the transformer's normalization and activation.
ModelBuilder normMlp(std::mt19937 &rng) {
  ModelBuilder m("norm_mlp");
  m.input("x", {6, 7}).output("y", {6, 5});
  m.weight("fc1.weight", randomArray({9, 7}, rng));
  m.weight("ln.weight", randomArray({9}, rng));
  m.weight("ln.bias", randomArray({9}, rng));
  m.weight("fc2.weight", randomArray({5, 9}, rng));
  m.weight("fc2.bias", randomArray({5}, rng));
  m.node("fc1", "Linear", {"x", "fc1.weight"}, {"h"});
  m.node("ln", "LayerNorm", {"h", "ln.weight", "ln.bias"}, {"n"});
  m.node("act", "Gelu", {"n"}, {"a"}, {text("approximate", "tanh")});
  m.node("fc2", "Linear", {"a", "fc2.weight", "fc2.bias"}, {"z"});
  m.node("out", "Gelu", {"z"}, {"y"});
  return m;
}

// A decoder-style stack: transposed convolution (stride 2, output
// padding) -> instance norm (group norm, one channel per group) -> leaky
// ReLU -> every other row and column (a strided slice) -> PReLU -> LRN ->
// bilinear resize -> max over the width -> linear.
ModelBuilder upsamplingNet(std::mt19937 &rng) {
  ModelBuilder m("upsampling");
  m.input("x", {3, 4, 5, 5}).output("y", {3, 5});
  m.weight("up.weight", randomArray({4, 3, 3, 3}, rng));
  m.weight("up.bias", randomArray({3}, rng));
  m.weight("gn.weight", randomArray({3}, rng));
  m.weight("gn.bias", randomArray({3}, rng));
  m.weight("prelu.weight", randomArray({3, 1, 1}, rng));
  m.weight("fc.weight", randomArray({5, 18}, rng));
  m.node("up", "ConvTranspose2d", {"x", "up.weight", "up.bias"}, {"u"},
         {ints("strides", {2, 2}), ints("padding", {1, 1, 1, 1}), ints("output_padding", {1, 1})});
  m.node("gn", "GroupNorm", {"u", "gn.weight", "gn.bias"}, {"n"}, {integer("groups", 3)});
  m.node("act", "LeakyRelu", {"n"}, {"a"}, {floating("alpha", 0.1)});
  m.node(
      "every_other", "Slice", {"a"}, {"s"},
      {ints("offsets", {0, 0, 1, 0}), ints("sizes", {3, 3, 4, 5}), ints("strides", {1, 1, 2, 2})});
  m.node("prelu", "PRelu", {"s", "prelu.weight"}, {"p"});
  m.node("lrn", "Lrn", {"p"}, {"l"}, {integer("size", 3), floating("alpha", 0.5)});
  m.node("resize", "Resize", {"l"}, {"z"},
         {ints("size", {6, 7}), text("mode", "linear"), text("coordinate_mode", "half_pixel")});
  m.node("widest", "ReduceMax", {"z"}, {"r"}, {ints("axes", {3}), integer("keepdims", 0)});
  m.node("flatten", "Flatten", {"r"}, {"f"});
  m.node("fc", "Linear", {"f", "fc.weight"}, {"y"});
  return m;
}

// The element-wise family between two linears: ELU, hard swish and their
// maximum, clipped; a learned power of a sigmoid; a selection by a
// comparison's mask; abs, hard sigmoid and a minimum over the features.
ModelBuilder elementwiseMlp(std::mt19937 &rng) {
  ModelBuilder m("elementwise_mlp");
  m.input("x", {6, 7}).output("y", {6, 5});
  m.weight("fc1.weight", randomArray({9, 7}, rng));
  m.weight("fc1.bias", randomArray({9}, rng));
  m.weight("pow.exponent", randomArray({9}, rng));
  m.weight("fc2.weight", randomArray({5, 9}, rng));
  m.node("fc1", "Linear", {"x", "fc1.weight", "fc1.bias"}, {"h"});
  m.node("elu", "Elu", {"h"}, {"e"}, {floating("alpha", 0.5)});
  m.node("hswish", "HardSwish", {"h"}, {"w"});
  m.node("max", "Max", {"e", "w"}, {"mx"});
  m.node("clip", "Clip", {"mx"}, {"c"}, {floating("min", -0.3), floating("max", 0.8)});
  m.node("sigmoid", "Sigmoid", {"h"}, {"sg"});
  m.node("pow", "Pow", {"sg", "pow.exponent"}, {"pw"});
  m.node("mask", "Greater", {"h", "w"}, {"k"});
  m.node("where", "Where", {"k", "c", "pw"}, {"wh"});
  m.node("abs", "Abs", {"h"}, {"ab"});
  m.node("hsig", "HardSigmoid", {"ab"}, {"hs"});
  m.node("min", "Min", {"wh", "hs"}, {"mn"});
  m.node("fc2", "Linear", {"mn", "fc2.weight"}, {"y"});
  return m;
}

// Token ids -> an embedding table (dlc.gather at axis 0: its gradient,
// dlc.gather_grad, adds vectors of features) -> a second gather by the same
// ids along the last axis (feature columns: a scalar scatter) -> mean ->
// linear. 30 ids into 7 rows: rows repeat.
ModelBuilder embeddingNet(std::mt19937 &rng) {
  ModelBuilder m("embedding");
  m.indexInput("tokens", {6, 5}).output("y", {6, 5});
  m.weight("embed.weight", randomArray({7, 20}, rng));
  m.weight("fc.weight", randomArray({5, 6}, rng));
  m.node("embed", "Gather", {"embed.weight", "tokens"}, {"e"});
  m.node("columns", "Gather", {"e", "tokens"}, {"c"}, {integer("axis", 2)});
  m.node("mean", "ReduceMean", {"c"}, {"m"}, {ints("axes", {1, 3}), integer("keepdims", 0)});
  m.node("fc", "Linear", {"m", "fc.weight"}, {"y"});
  return m;
}

// Linear -> a causal self-attention node over 3 positions of 4 features
// (dlc.attention, whose gradient recomputes the probabilities) -> linear.
ModelBuilder attentionNet(std::mt19937 &rng) {
  ModelBuilder m("attention");
  m.input("x", {6, 7}).output("y", {6, 5});
  m.weight("proj.weight", randomArray({12, 7}, rng));
  m.weight("fc.weight", randomArray({5, 12}, rng));
  m.node("proj", "Linear", {"x", "proj.weight"}, {"h"});
  m.node("sequence", "Reshape", {"h"}, {"s"}, {ints("shape", {6, 3, 4})});
  m.node("attend", "Attention", {"s", "s", "s"}, {"a"},
         {floating("scale", 0.5), integer("causal", 1)});
  m.node("flat", "Reshape", {"a"}, {"f"}, {ints("shape", {6, 12})});
  m.node("fc", "Linear", {"f", "fc.weight"}, {"y"});
  return m;
}

const TrainCase kCases[] = {
    {"conv_padded_width_tail_relu_avgpool_sgd",
     [](std::mt19937 &rng) {
       return convNet(rng, {3, 3, 9, 11}, 5, {3, 3}, {ints("padding", {1, 1, 1, 1})}, 1, "Relu",
                      "AvgPool2d", {ints("kernel", {2, 2}), ints("strides", {2, 2})}, {5, 4, 5});
     },
     optimizer("sgd"), 5},
    {"conv_strided_dilated_grouped_tanh_maxpool_momentum",
     [](std::mt19937 &rng) {
       return convNet(rng, {2, 4, 13, 12}, 6, {3, 2},
                      {ints("strides", {2, 1}), ints("padding", {1, 0, 2, 1}),
                       ints("dilations", {2, 2})},
                      2, "Tanh", "MaxPool2d",
                      {ints("kernel", {3, 3}), ints("strides", {2, 2}), ints("padding", {1, 1, 1, 1})},
                      {6, 3, 6});
     },
     optimizer("momentum"), 5},
    {"depthwise_batch_norm_sigmoid_avgpool_include_pad_adam",
     [](std::mt19937 &rng) {
       return convNet(rng, {4, 4, 10, 10}, 4, {3, 3}, {ints("padding", {1, 1, 1, 1})}, 4,
                      "Sigmoid", "AvgPool2d",
                      {ints("kernel", {3, 3}), ints("strides", {2, 2}),
                       ints("padding", {1, 1, 1, 1}), integer("count_include_pad", 1)},
                      {4, 5, 5}, /*batchNorm=*/true);
     },
     optimizer("adam"), 5},
    {"conv_then_strided_convs_nesterov", stridedNet, optimizer("nesterov"), 5},
    {"conv_batch_norm_relu_maxpool_rmsprop",
     [](std::mt19937 &rng) {
       return convNet(rng, {5, 2, 8, 8}, 8, {3, 3}, {ints("padding", {1, 1, 1, 1})}, 1, "Relu",
                      "MaxPool2d", {ints("kernel", {2, 2}), ints("strides", {2, 2})}, {8, 4, 4},
                      /*batchNorm=*/true);
     },
     optimizer("rmsprop"), 5},
    // The GEMM weight gradient (output channels in whole vectors): tiles of
    // 8 input channels, images in two groups of 3, the transposition in
    // tasks of 16 input channels.
    {"conv_channel_tiles_batch_norm_relu_avgpool_adam",
     [](std::mt19937 &rng) {
       return convNet(rng, {6, 32, 16, 16}, 32, {3, 3}, {ints("padding", {1, 1, 1, 1})}, 1, "Relu",
                      "AvgPool2d", {ints("kernel", {4, 4}), ints("strides", {4, 4})}, {32, 4, 4},
                      /*batchNorm=*/true);
     },
     optimizer("adam"), 5},
    // The same kernel reading an unpadded input directly (a 1x1, stride 2).
    {"conv_1x1_strided_unpadded_relu_maxpool_momentum",
     [](std::mt19937 &rng) {
       return convNet(rng, {4, 16, 8, 8}, 16, {1, 1}, {ints("strides", {2, 2})}, 1, "Relu",
                      "MaxPool2d", {ints("kernel", {2, 2}), ints("strides", {2, 2})}, {16, 2, 2});
     },
     optimizer("momentum"), 5},
    {"mlp_mse_nesterov", [](std::mt19937 &rng) { return mlp(rng, 3); },
     optimizer("nesterov", "mse")},
    {"mlp_bce_adamw", [](std::mt19937 &rng) { return mlp(rng, 4); },
     optimizer("adamw", "bce_with_logits")},
    {"mlp_dropout_momentum", [](std::mt19937 &rng) { return mlp(rng, 5, 0.4); },
     optimizer("momentum"), 5},
    {"layer_norm_gelu_adam", normMlp, optimizer("adam"), 5},
    {"conv_transpose_group_norm_strided_slice_lrn_resize_adam", upsamplingNet, optimizer("adam"),
     5},
    {"elementwise_family_mse_rmsprop", elementwiseMlp, optimizer("rmsprop", "mse")},
    {"embedding_gather_grad_adamw", embeddingNet, optimizer("adamw"), 5, 7},
    {"causal_attention_node_nesterov", attentionNet, optimizer("nesterov"), 5},
};

INSTANTIATE_TEST_SUITE_P(Models, TrainStep, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace dlc::test
