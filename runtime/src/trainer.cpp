// dlc_trainer (dlc/runtime.h): drives a training library's step and eval
// forward over parameters, optimizer state and batch-norm statistics that
// it owns, two copies of each (the step reads one and writes the other).
#include "internal.h"

#include <map>

#include "onnx_initializers.h"

using namespace dlc::rt;
using dlc::fb::TensorRole;

namespace {

// A tensor the step both reads and writes.
struct StateSlot {
  std::string name;
  TensorRole role;
  size_t input, output;   // positions in the step's signature
  uint64_t bytes;
  AlignedBuffer copies[2];
};

bool isState(TensorRole role) {
  return role == TensorRole::Parameter || role == TensorRole::OptimizerState ||
         role == TensorRole::Buffer;
}

// The model the library embeds (P_model_file), checked once when the
// trainer is created; it holds the parameters' and statistics' initial
// values by name and is what a checkpoint rewrites. Its bytes stay in the
// library, which outlives the trainer.
struct EmbeddedModel {
  const uint8_t *bytes = nullptr;
  size_t size = 0;
  bool isOnnx = false;
  const dlc::fb::Model *model = nullptr;           // a dlc model file (verified)
  std::map<std::string, OnnxRawData> initializers; // an ONNX model: each raw_data

  dlc_status *open(const dlc_model &m) {
    bytes = m.entry.model_file;
    size = m.entry.model_file_size;
    std::string error;
    isOnnx = size < 8 || !dlc::fb::ModelBufferHasIdentifier(bytes);
    if (isOnnx ? !findOnnxRawData(bytes, size, initializers, error)
               : !dlc::verifyModelBinary(bytes, size, "the embedded model file", error))
      return makeStatus(DLC_INCOMPATIBLE, m.path + ": " + error);
    if (!isOnnx)
      model = dlc::fb::GetModel(bytes);
    return nullptr;
  }
  // The `byteSize` bytes of `name`'s initial value, or null when the model
  // has no value of that size.
  const uint8_t *find(const std::string &name, uint64_t byteSize) const {
    if (isOnnx) {
      auto it = initializers.find(name);
      return it != initializers.end() && it->second.size == byteSize ? bytes + it->second.offset
                                                                     : nullptr;
    }
    const auto *weights = model->weights();
    for (size_t i = 0; weights && i < weights->size(); ++i)
      if (weights->Get(i)->name()->str() == name) {
        const auto *data = weights->Get(i)->data();
        return data && data->size() == byteSize ? data->data() : nullptr;
      }
    return nullptr;
  }
};

} // namespace

struct dlc_trainer {
  const dlc_model *model;
  EmbeddedModel embedded;
  AlignedBuffer arena;  // the larger of the step's and the eval forward's
  std::vector<size_t> data;  // the step's data inputs
  size_t target = 0, lr = 0, step = 0, loss = 0;
  std::vector<StateSlot> state;
  int current = 0;  // which copy of each state tensor holds the current value
  AlignedBuffer scalars;  // lr, step, loss
  uint64_t steps = 0;
  std::vector<void *> inputs, outputs;  // argument arrays, reused

  StateSlot *find(const std::string &name) {
    for (StateSlot &s : state)
      if (s.name == name)
        return &s;
    return nullptr;
  }
  const StateSlot *find(const std::string &name) const {
    return const_cast<dlc_trainer *>(this)->find(name);
  }
  // The parameters and statistics (the slots a user sees), in order.
  std::vector<const StateSlot *> visible() const {
    std::vector<const StateSlot *> slots;
    for (const StateSlot &s : state)
      if (s.role != TensorRole::OptimizerState)
        slots.push_back(&s);
    return slots;
  }
};

namespace {

dlc_status *describe(const TensorInfo &t, dlc_tensor_info *out) {
  describeTensor(t, out);
  return nullptr;
}

// Binds the step's inputs and outputs to the trainer's buffers.
dlc_status *layOut(dlc_trainer &t) {
  const dlc_model &m = *t.model;
  bool hasTarget = false, hasLr = false, hasStep = false, hasLoss = false;
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const TensorInfo &info = m.inputs[i];
    switch (info.role) {
    case TensorRole::Data: t.data.push_back(i); break;
    case TensorRole::Target: t.target = i, hasTarget = true; break;
    case TensorRole::LearningRate: t.lr = i, hasLr = true; break;
    case TensorRole::Step: t.step = i, hasStep = true; break;
    default:
      if (!isState(info.role))
        return makeStatus(DLC_INCOMPATIBLE, m.path + ": input '" + info.name +
                                                "' has a role a step cannot take");
      t.state.push_back({info.name, info.role, i, 0, info.byteSize, {}});
    }
  }
  for (size_t o = 0; o < m.outputs.size(); ++o) {
    const TensorInfo &info = m.outputs[o];
    if (info.role == TensorRole::Loss) {
      t.loss = o, hasLoss = true;
      continue;
    }
    StateSlot *slot = t.find(info.name);
    if (!slot || slot->bytes != info.byteSize)
      return makeStatus(DLC_INCOMPATIBLE, m.path + ": output '" + info.name +
                                              "' updates no input of its name and size");
    slot->output = o;
  }
  if (!hasTarget || !hasLr || !hasStep || !hasLoss || t.data.empty())
    return makeStatus(DLC_INCOMPATIBLE,
                      m.path + ": the step's signature lacks its data, target, learning "
                               "rate, step or loss");
  for (const TensorInfo &info : m.evalInputs)
    if (info.role != TensorRole::Data && !t.find(info.name))
      return makeStatus(DLC_INCOMPATIBLE, m.path + ": the eval forward reads '" + info.name +
                                              "', which the step does not update");
  return nullptr;
}

// Allocates both copies of every state tensor and fills the current one:
// parameters and statistics from the embedded model, optimizer state with 0.
dlc_status *initialize(dlc_trainer &t) {
  const dlc_model &m = *t.model;
  if (dlc_status *status = t.embedded.open(m))
    return status;
  for (StateSlot &slot : t.state) {
    for (AlignedBuffer &copy : slot.copies)
      if (!(copy = allocateZeroed(slot.bytes)))
        return outOfMemory();
    if (slot.role == TensorRole::OptimizerState)
      continue;
    const uint8_t *value = t.embedded.find(slot.name, slot.bytes);
    if (!value)
      return makeStatus(DLC_INCOMPATIBLE, m.path + ": the model file has no " +
                                              std::to_string(slot.bytes) +
                                              "-byte value for parameter '" + slot.name + "'");
    std::memcpy(slot.copies[t.current].get(), value, slot.bytes);
  }
  return nullptr;
}

dlc_status *runFailed(const dlc_model &m, const char *what, int code) {
  return makeStatus(DLC_RUNTIME_ERROR, "model '" + m.name + "' " + what +
                                           " failed with error code " + std::to_string(code));
}

} // namespace

int dlc_model_is_training(const dlc_model *model) {
  return model && model->entry.eval_run ? 1 : 0;
}

dlc_status *dlc_trainer_create(dlc_model *model, dlc_trainer **out) {
  if (!model || !out)
    return invalidArgument("dlc_trainer_create needs a model and an output pointer");
  if (!model->entry.eval_run)
    return makeStatus(DLC_INCOMPATIBLE, "'" + model->path +
                                            "' is not a training library (compile it with "
                                            "dlc --train)");
  return guarded([&]() -> dlc_status * {
    auto t = std::make_unique<dlc_trainer>();
    t->model = model;
    if (dlc_status *status = layOut(*t))
      return status;
    if (!(t->arena = allocateZeroed(std::max(model->arenaBytes, model->evalArenaBytes))) ||
        !(t->scalars = allocateZeroed(3 * sizeof(float))))
      return outOfMemory();
    if (dlc_status *status = initialize(*t))
      return status;
    t->inputs.resize(model->inputs.size());
    t->outputs.resize(std::max(model->outputs.size(), model->evalOutputs.size()));
    *out = t.release();
    return nullptr;
  });
}

void dlc_trainer_free(dlc_trainer *trainer) { delete trainer; }

uint64_t dlc_trainer_batch(const dlc_trainer *trainer) {
  if (!trainer)
    return 0;
  const TensorInfo &first = trainer->model->inputs[trainer->data.front()];
  return first.shape.empty() ? 1 : static_cast<uint64_t>(first.shape[0]);
}

size_t dlc_trainer_data_count(const dlc_trainer *trainer) {
  return trainer ? trainer->data.size() : 0;
}

dlc_status *dlc_trainer_data_info(const dlc_trainer *trainer, size_t index, dlc_tensor_info *out) {
  if (!trainer || !out)
    return invalidArgument("dlc_trainer_data_info needs a trainer and an output pointer");
  if (index >= trainer->data.size())
    return outOfRange("data input", index, trainer->data.size());
  return describe(trainer->model->inputs[trainer->data[index]], out);
}

dlc_status *dlc_trainer_target_info(const dlc_trainer *trainer, dlc_tensor_info *out) {
  if (!trainer || !out)
    return invalidArgument("dlc_trainer_target_info needs a trainer and an output pointer");
  return describe(trainer->model->inputs[trainer->target], out);
}

size_t dlc_trainer_output_count(const dlc_trainer *trainer) {
  return trainer ? trainer->model->evalOutputs.size() : 0;
}

dlc_status *dlc_trainer_output_info(const dlc_trainer *trainer, size_t index,
                                    dlc_tensor_info *out) {
  if (!trainer || !out)
    return invalidArgument("dlc_trainer_output_info needs a trainer and an output pointer");
  if (index >= trainer->model->evalOutputs.size())
    return outOfRange("output", index, trainer->model->evalOutputs.size());
  return describe(trainer->model->evalOutputs[index], out);
}

double dlc_trainer_default_lr(const dlc_trainer *trainer) {
  return trainer ? trainer->model->defaultLearningRate : 0.0;
}

uint64_t dlc_trainer_steps(const dlc_trainer *trainer) { return trainer ? trainer->steps : 0; }

dlc_status *dlc_trainer_step(dlc_trainer *trainer, const void *const *data, const void *target,
                             float lr, float *loss) {
  if (!trainer || !data || !target || !loss)
    return invalidArgument("dlc_trainer_step needs a trainer, data, a target and a loss pointer");
  dlc_trainer &t = *trainer;
  const dlc_model &m = *t.model;
  float *scalars = static_cast<float *>(t.scalars.get());
  scalars[0] = lr;
  scalars[1] = static_cast<float>(t.steps + 1);  // torch.optim counts steps from 1
  for (size_t i = 0; i < t.data.size(); ++i)
    t.inputs[t.data[i]] = const_cast<void *>(data[i]);
  t.inputs[t.target] = const_cast<void *>(target);
  t.inputs[t.lr] = &scalars[0];
  t.inputs[t.step] = &scalars[1];
  t.outputs[t.loss] = &scalars[2];
  for (StateSlot &slot : t.state) {
    t.inputs[slot.input] = slot.copies[t.current].get();
    t.outputs[slot.output] = slot.copies[1 - t.current].get();
  }
  int code = m.entry.run(m.entry.weights, t.arena.get(), t.inputs.data(), t.outputs.data());
  if (code != 0)
    return guarded([&] { return runFailed(m, "training step", code); });
  t.current = 1 - t.current;
  ++t.steps;
  *loss = scalars[2];
  return nullptr;
}

dlc_status *dlc_trainer_forward(dlc_trainer *trainer, const void *const *data,
                                void *const *outputs) {
  if (!trainer || !data || !outputs)
    return invalidArgument("dlc_trainer_forward needs a trainer, data and outputs");
  dlc_trainer &t = *trainer;
  const dlc_model &m = *t.model;
  std::vector<void *> &inputs = t.inputs;
  size_t next = 0;
  inputs.resize(std::max(inputs.size(), m.evalInputs.size()));
  for (size_t i = 0; i < m.evalInputs.size(); ++i) {
    const TensorInfo &info = m.evalInputs[i];
    inputs[i] = info.role == TensorRole::Data ? const_cast<void *>(data[next++])
                                              : t.find(info.name)->copies[t.current].get();
  }
  int code = m.entry.eval_run(m.entry.weights, t.arena.get(), inputs.data(), outputs);
  if (code != 0)
    return guarded([&] { return runFailed(m, "eval forward", code); });
  return nullptr;
}

size_t dlc_trainer_param_count(const dlc_trainer *trainer) {
  return trainer ? trainer->visible().size() : 0;
}

dlc_status *dlc_trainer_param_info(const dlc_trainer *trainer, size_t index, dlc_tensor_info *out) {
  if (!trainer || !out)
    return invalidArgument("dlc_trainer_param_info needs a trainer and an output pointer");
  return guarded([&]() -> dlc_status * {
    std::vector<const StateSlot *> slots = trainer->visible();
    if (index >= slots.size())
      return outOfRange("parameter", index, slots.size());
    return describe(trainer->model->inputs[slots[index]->input], out);
  });
}

namespace {
dlc_status *findParam(const dlc_trainer *trainer, const char *name, size_t byteSize,
                      const StateSlot *&slot) {
  slot = trainer->find(name);
  if (!slot)
    return makeStatus(DLC_NOT_FOUND, std::string("the model has no parameter '") + name + "'");
  if (slot->bytes != byteSize)
    return makeStatus(DLC_INVALID_ARGUMENT, std::string("parameter '") + name + "' has " +
                                                std::to_string(slot->bytes) + " bytes, not " +
                                                std::to_string(byteSize));
  return nullptr;
}
} // namespace

dlc_status *dlc_trainer_get_param(const dlc_trainer *trainer, const char *name, void *data,
                                  size_t byte_size) {
  if (!trainer || !name || !data)
    return invalidArgument("dlc_trainer_get_param needs a trainer, a name and a buffer");
  return guarded([&]() -> dlc_status * {
    const StateSlot *slot;
    if (dlc_status *status = findParam(trainer, name, byte_size, slot))
      return status;
    std::memcpy(data, slot->copies[trainer->current].get(), byte_size);
    return nullptr;
  });
}

dlc_status *dlc_trainer_set_param(dlc_trainer *trainer, const char *name, const void *data,
                                  size_t byte_size) {
  if (!trainer || !name || !data)
    return invalidArgument("dlc_trainer_set_param needs a trainer, a name and data");
  return guarded([&]() -> dlc_status * {
    const StateSlot *slot;
    if (dlc_status *status = findParam(trainer, name, byte_size, slot))
      return status;
    std::memcpy(slot->copies[trainer->current].get(), data, byte_size);
    return nullptr;
  });
}

dlc_status *dlc_trainer_save(const dlc_trainer *trainer, const char *path) {
  if (!trainer || !path)
    return invalidArgument("dlc_trainer_save needs a trainer and a path");
  return guarded([&]() -> dlc_status * {
    const dlc_model &m = *trainer->model;
    const EmbeddedModel &embedded = trainer->embedded;
    std::vector<uint8_t> out;
    std::string error;
    if (embedded.isOnnx) {
      // The ONNX model with each initializer's raw_data overwritten in place;
      // initialize found every one, of the slot's size.
      out.assign(embedded.bytes, embedded.bytes + embedded.size);
      for (const StateSlot &slot : trainer->state)
        if (slot.role != TensorRole::OptimizerState)
          std::memcpy(out.data() + embedded.initializers.at(slot.name).offset,
                      slot.copies[trainer->current].get(), slot.bytes);
    } else {
      const dlc::fb::Model *model = embedded.model;
      if (!model->nodes() || model->nodes()->size() == 0)
        return makeStatus(DLC_INCOMPATIBLE,
                          m.path + " embeds no graph (compiled from ONNX by an older dlc): "
                                   "recompile it, or read the parameters with "
                                   "dlc_trainer_get_param (dlc train --dump-params)");
      std::vector<std::vector<uint8_t>> values(model->weights() ? model->weights()->size() : 0);
      std::vector<bool> replaced(values.size(), false);
      for (size_t i = 0; i < values.size(); ++i)
        if (const StateSlot *slot = trainer->find(model->weights()->Get(i)->name()->str());
            slot && slot->role != TensorRole::OptimizerState) {
          const auto *start = static_cast<const uint8_t *>(slot->copies[trainer->current].get());
          values[i].assign(start, start + slot->bytes);
          replaced[i] = true;
        }
      out = dlc::writeModelBinary(
          *model, [&](size_t index) { return replaced[index] ? &values[index] : nullptr; });
    }
    if (!dlc::writeFileAtomically(path, out.data(), out.size(), error))
      return makeStatus(DLC_IO_ERROR, error);
    return nullptr;
  });
}
