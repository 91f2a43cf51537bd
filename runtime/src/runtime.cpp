// The dlc runtime's C API (dlc/runtime.h): loading compiled model libraries
// and running them. No exception leaves this file: each entry point catches
// std::bad_alloc and reports DLC_OUT_OF_MEMORY.
#include "dlc/runtime.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

#include "dlc/abi.h"
#include "dlc/model_file.h"
#include "internal.h"

using namespace dlc::rt;

namespace {

// Copies one signature entry, checking what the runtime supports.
// `role` is "input" or "output". Null on success.
dlc_status *readTensorInfo(const dlc_model &model, const char *role,
                           const dlc::fb::TensorInfo &info, TensorInfo &out) {
  out.name = info.name()->str();
  std::string where = model.path + ": " + role + " '" + out.name + "'";
  size_t elementSize = dlc::dtypeSize(info.dtype());
  if (elementSize == 0)
    return makeStatus(DLC_INCOMPATIBLE, where + " has unknown dtype " +
                                            std::to_string(static_cast<int>(info.dtype())) +
                                            " (accepted: float32, int32, int64, float64)");
  out.dtype = static_cast<dlc_dtype>(info.dtype());
  out.role = info.role();
  if (info.shape())
    out.shape.assign(info.shape()->begin(), info.shape()->end());
  if (out.shape.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return makeStatus(DLC_INCOMPATIBLE, where + " has too many dimensions");
  uint64_t count = 1;
  for (size_t i = 0; i < out.shape.size(); ++i) {
    int64_t dim = out.shape[i];
    if (dim == -1 && i == 0) {
      out.batched = true;  // sizes are per sample
      continue;
    }
    if (dim == -1)
      return makeStatus(DLC_INCOMPATIBLE,
                        where + " has shape " + formatShape(out.shape) +
                            ": only dimension 0 (the batch) may be dynamic");
    if (dim < 0)
      return makeStatus(DLC_INCOMPATIBLE, where + " has invalid shape " + formatShape(out.shape) +
                                              " (dimensions must be >= 0)");
    uint64_t d = static_cast<uint64_t>(dim);
    if (d != 0 && count > std::numeric_limits<uint64_t>::max() / d)
      return makeStatus(DLC_INCOMPATIBLE,
                        where + " has shape " + formatShape(out.shape) + " too large to address");
    count *= d;
  }
  if (count > std::numeric_limits<size_t>::max() / elementSize)
    return makeStatus(DLC_INCOMPATIBLE,
                      where + " has shape " + formatShape(out.shape) + " too large to address");
  out.elementCount = count;
  out.byteSize = count * elementSize;
  return nullptr;
}

dlc_status *
readInfos(const dlc_model &model, const char *role,
                const flatbuffers::Vector<flatbuffers::Offset<dlc::fb::TensorInfo>> *infos,
                std::vector<TensorInfo> &out) {
  if (!infos)
    return nullptr;
  out.resize(infos->size());
  for (size_t i = 0; i < infos->size(); ++i)
    if (dlc_status *status = readTensorInfo(model, role, *infos->Get(i), out[i]))
      return status;
  return nullptr;
}

dlc_status *loadModel(const char *path, std::unique_ptr<dlc_model> &model) {
  model->path = path;
  // A bare file name means the file here, not a search of the library path.
  std::string file = std::strchr(path, '/') ? std::string(path) : "./" + std::string(path);
  model->library.reset(dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!model->library) {
    const char *reason = dlerror();
    return makeStatus(DLC_IO_ERROR, std::string("cannot load model library '") + path +
                                        "': " + (reason ? reason : "unknown error"));
  }
  dlerror(); // Clear any stale error before dlsym.
  void *symbol = dlsym(model->library.get(), DLC_LIBRARY_ENTRY_SYMBOL);
  if (!symbol) {
    const char *reason = dlerror();
    return makeStatus(DLC_IO_ERROR, std::string("'") + path + "' is not a dlc model library (no " +
                                        DLC_LIBRARY_ENTRY_SYMBOL +
                                        "): " + (reason ? reason : "symbol is null"));
  }
  return loadFromEntry(reinterpret_cast<dlc_library_entry_fn>(symbol), *model);
}

dlc_status *loadEntry(dlc_library_entry_fn entryFn, dlc_model *model) {
  const char *path = model->path.c_str();
  std::string file = std::strchr(path, '/') ? std::string(path) : "./" + std::string(path);
  dlc_entry_points &entry = model->entry;
  std::memset(&entry, 0, sizeof(entry));
  uint32_t libraryVersion = entryFn(DLC_ABI_VERSION, &entry);
  if (libraryVersion != 0)
    return makeStatus(DLC_INCOMPATIBLE,
                      std::string("'") + path + "' was built for dlc ABI version " +
                          std::to_string(libraryVersion) + ", this runtime supports version " +
                          std::to_string(DLC_ABI_VERSION));
  if (!entry.run || !entry.signature)
    return makeStatus(DLC_INCOMPATIBLE, std::string("'") + path +
                                            "': " DLC_LIBRARY_ENTRY_SYMBOL
                                            " returned no run function or no signature");

  std::vector<uint8_t> bytes(entry.signature, entry.signature + entry.signature_size);
  dlc::ModelFile signature;
  std::string error;
  if (!dlc::parseModelBytes(bytes, model->path + " (signature)", signature, error))
    return makeStatus(DLC_INCOMPATIBLE, error);
  const dlc::fb::Model *m = signature.model();
  model->name = m->name() ? m->name()->str() : "";
  model->arenaBytes = m->arena_bytes();
  if (m->external_weights()) {
    // The weights file sits beside the library.
    std::string directory = file.substr(0, file.rfind('/') + 1);
    std::string name = m->external_weights()->str();
    if (name.empty() || name.find('/') != std::string::npos)
      return makeStatus(DLC_INCOMPATIBLE, model->path + ": invalid weights file name '" + name +
                                              "' in the signature");
    std::string mapError = model->externalWeights.map(directory + name, m->weights_bytes());
    if (!mapError.empty())
      return makeStatus(DLC_IO_ERROR, model->path + ": " + mapError);
    entry.weights = model->externalWeights.data();
  }
  if (dlc_status *status = readInfos(*model, "input", m->inputs(), model->inputs))
    return status;
  if (dlc_status *status = readInfos(*model, "output", m->outputs(), model->outputs))
    return status;
  auto batched = [](const TensorInfo &t) { return t.batched; };
  model->dynamicBatch = std::any_of(model->inputs.begin(), model->inputs.end(), batched) ||
                        std::any_of(model->outputs.begin(), model->outputs.end(), batched);
  if (model->dynamicBatch && !entry.run_batch)
    return makeStatus(DLC_INCOMPATIBLE, model->path +
                                            ": the signature has a dynamic batch but the "
                                            "library has no batched run function");
  if (const dlc::fb::Training *training = m->training()) {
    model->loss = training->loss() ? training->loss()->str() : "";
    model->optimizer = training->optimizer() ? training->optimizer()->str() : "";
    if (training->attributes())
      for (const dlc::fb::Attribute *a : *training->attributes())
        if (a->name()->str() == "lr")
          model->defaultLearningRate = a->f();
  }
  if (!entry.eval_run)
    return nullptr;
  if (!entry.eval_signature || !entry.model_file)
    return makeStatus(DLC_INCOMPATIBLE, model->path +
                                            ": a training library without its eval signature "
                                            "or model file");
  dlc::ModelFile evalSignature;
  std::vector<uint8_t> evalBytes(entry.eval_signature,
                                 entry.eval_signature + entry.eval_signature_size);
  if (!dlc::parseModelBytes(std::move(evalBytes), model->path + " (eval signature)",
                            evalSignature, error))
    return makeStatus(DLC_INCOMPATIBLE, error);
  model->evalArenaBytes = evalSignature.model()->arena_bytes();
  if (dlc_status *status =
          readInfos(*model, "eval input", evalSignature.model()->inputs(), model->evalInputs))
    return status;
  return readInfos(*model, "eval output", evalSignature.model()->outputs(), model->evalOutputs);
}

// A tensor's bytes in a session: per sample times the batch when batched.
uint64_t sessionBytes(const dlc_session &session, const TensorInfo &t) {
  return t.batched ? t.byteSize * session.batch : t.byteSize;
}

dlc_status *tensorInfo(const std::vector<TensorInfo> &tensors, const char *role, size_t index,
                       dlc_tensor_info *out) {
  if (index >= tensors.size())
    return outOfRange(role, index, tensors.size());
  describeTensor(tensors[index], out);
  return nullptr;
}

dlc_status *findTensor(const dlc_model &model, const std::vector<TensorInfo> &tensors,
                       const char *role, const char *name, size_t *index) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].name == name) {
      *index = i;
      return nullptr;
    }
  }
  std::string known;
  for (const TensorInfo &t : tensors)
    known += (known.empty() ? "'" : ", '") + t.name + "'";
  return makeStatus(DLC_NOT_FOUND, "model '" + model.name + "' has no " + role + " named '" + name +
                                       "' (" + role + "s: " + (known.empty() ? "none" : known) +
                                       ")");
}

// Allocates one zero-filled buffer per tensor for `batch` samples into
// `buffers` and records its address in `pointers`; both are replaced only
// on success. `role` is "input" or "output".
dlc_status *allocateTensors(const std::vector<TensorInfo> &tensors, const char *role,
                            uint64_t batch, std::vector<AlignedBuffer> &buffers,
                            std::vector<void *> &pointers) {
  std::vector<AlignedBuffer> fresh;
  std::vector<void *> addresses;
  for (const TensorInfo &t : tensors) {
    uint64_t samples = t.batched ? batch : 1;
    if (t.byteSize != 0 && samples > std::numeric_limits<uint64_t>::max() / t.byteSize)
      return makeStatus(DLC_INVALID_ARGUMENT, std::string(role) + " '" + t.name + "' at batch " +
                                                  std::to_string(batch) +
                                                  " is too large to address");
    uint64_t bytes = t.byteSize * samples;
    fresh.push_back(allocateZeroed(bytes));
    if (!fresh.back())
      return makeStatus(DLC_OUT_OF_MEMORY, std::string("cannot allocate the ") +
                                               std::to_string(bytes) + "-byte " + role + " '" +
                                               t.name + "'");
    addresses.push_back(fresh.back().get());
  }
  buffers = std::move(fresh);
  pointers = std::move(addresses);
  return nullptr;
}

} // namespace

namespace dlc::rt {

dlc_status *readTensorInfos(const dlc_model &model, const char *role,
                            const flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>> *infos,
                            std::vector<TensorInfo> &out) {
  return readInfos(model, role, infos, out);
}

dlc_status *loadFromEntry(dlc_library_entry_fn entryFn, dlc_model &model) {
  return loadEntry(entryFn, &model);
}

} // namespace dlc::rt

extern "C" {

const char *dlc_status_message(const dlc_status *status) {
  return status ? status->message.c_str() : "";
}

enum dlc_status_code dlc_status_code(const dlc_status *status) {
  return status ? status->code : DLC_OK;
}

void dlc_status_free(dlc_status *status) {
  if (status != &kOutOfMemoryStatus)
    delete status;
}

dlc_status *dlc_model_load(const char *path, dlc_model **out) {
  if (!path || !out)
    return invalidArgument("dlc_model_load needs a path and an output pointer");
  return guarded([&]() -> dlc_status * {
    auto model = std::make_unique<dlc_model>();
    if (dlc_status *status = loadModel(path, model))
      return status;
    *out = model.release();
    return nullptr;
  });
}

dlc_status *dlc_model_from_entry(dlc_library_entry_fn entry, const char *name,
                                 dlc_model **out) {
  if (!entry || !name || !out)
    return invalidArgument("dlc_model_from_entry needs an entry function, a name and an output "
                           "pointer");
  return guarded([&]() -> dlc_status * {
    auto model = std::make_unique<dlc_model>();
    model->path = name;
    if (dlc_status *status = loadFromEntry(entry, *model))
      return status;
    *out = model.release();
    return nullptr;
  });
}

void dlc_model_free(dlc_model *model) { delete model; }

const char *dlc_model_name(const dlc_model *model) { return model ? model->name.c_str() : ""; }

uint64_t dlc_model_arena_bytes(const dlc_model *model) { return model ? model->arenaBytes : 0; }

size_t dlc_model_input_count(const dlc_model *model) { return model ? model->inputs.size() : 0; }

size_t dlc_model_output_count(const dlc_model *model) { return model ? model->outputs.size() : 0; }

dlc_status *dlc_model_input_info(const dlc_model *model, size_t index, dlc_tensor_info *out) {
  if (!model || !out)
    return invalidArgument("dlc_model_input_info needs a model and an output pointer");
  return guarded([&] { return tensorInfo(model->inputs, "input", index, out); });
}

dlc_status *dlc_model_output_info(const dlc_model *model, size_t index, dlc_tensor_info *out) {
  if (!model || !out)
    return invalidArgument("dlc_model_output_info needs a model and an output pointer");
  return guarded([&] { return tensorInfo(model->outputs, "output", index, out); });
}

dlc_status *dlc_model_find_input(const dlc_model *model, const char *name, size_t *index) {
  if (!model || !name || !index)
    return invalidArgument("dlc_model_find_input needs a model, a name and an output pointer");
  return guarded([&] { return findTensor(*model, model->inputs, "input", name, index); });
}

dlc_status *dlc_model_find_output(const dlc_model *model, const char *name, size_t *index) {
  if (!model || !name || !index)
    return invalidArgument("dlc_model_find_output needs a model, a name and an output pointer");
  return guarded([&] { return findTensor(*model, model->outputs, "output", name, index); });
}

dlc_status *dlc_session_create(dlc_model *model, dlc_session **out) {
  if (!model || !out)
    return invalidArgument("dlc_session_create needs a model and an output pointer");
  return guarded([&]() -> dlc_status * {
    auto session = std::make_unique<dlc_session>();
    session->model = model;
    session->arena = allocateZeroed(model->arenaBytes);
    if (!session->arena)
      return makeStatus(DLC_OUT_OF_MEMORY, "cannot allocate the " +
                                               std::to_string(model->arenaBytes) +
                                               "-byte arena of model '" + model->name + "'");
    if (dlc_status *status = allocateTensors(model->inputs, "input", 1, session->inputBuffers,
                                             session->inputs))
      return status;
    if (dlc_status *status = allocateTensors(model->outputs, "output", 1,
                                             session->outputBuffers, session->outputs))
      return status;
    *out = session.release();
    return nullptr;
  });
}

void dlc_session_free(dlc_session *session) { delete session; }

dlc_status *dlc_session_set_input(dlc_session *session, size_t index, const void *data,
                                  size_t byte_size) {
  if (!session || (!data && byte_size != 0))
    return invalidArgument("dlc_session_set_input needs a session and data");
  return guarded([&]() -> dlc_status * {
    const std::vector<TensorInfo> &inputs = session->model->inputs;
    if (index >= inputs.size())
      return outOfRange("input", index, inputs.size());
    const TensorInfo &t = inputs[index];
    uint64_t expected = sessionBytes(*session, t);
    if (byte_size != expected)
      return makeStatus(DLC_INVALID_ARGUMENT,
                        "input '" + t.name + "' expects " + std::to_string(expected) +
                            " bytes (" + dlc::dtypeName(static_cast<dlc::fb::DType>(t.dtype)) +
                            " " + formatShape(t.shape) +
                            (t.batched ? " at batch " + std::to_string(session->batch) : "") +
                            "), given " + std::to_string(byte_size));
    if (byte_size != 0)
      std::memcpy(session->inputs[index], data, byte_size);
    return nullptr;
  });
}

dlc_status *dlc_session_input_buffer(dlc_session *session, size_t index, void **data) {
  if (!session || !data)
    return invalidArgument("dlc_session_input_buffer needs a session and an output pointer");
  if (index >= session->inputs.size())
    return outOfRange("input", index, session->inputs.size());
  *data = session->inputs[index];
  return nullptr;
}

dlc_status *dlc_session_run(dlc_session *session) {
  if (!session)
    return invalidArgument("dlc_session_run needs a session");
  const dlc_model &model = *session->model;
  int code = model.dynamicBatch
                 ? model.entry.run_batch(model.entry.weights, session->arena.get(),
                                         session->inputs.data(), session->outputs.data(),
                                         session->batch)
                 : model.entry.run(model.entry.weights, session->arena.get(),
                                   session->inputs.data(), session->outputs.data());
  if (code == 0)
    return nullptr;
  return guarded([&] {
    return makeStatus(DLC_RUNTIME_ERROR,
                      "model '" + model.name + "' failed with error code " + std::to_string(code));
  });
}

dlc_status *dlc_session_output(const dlc_session *session, size_t index, const void **data,
                               size_t *byte_size) {
  if (!session || !data || !byte_size)
    return invalidArgument("dlc_session_output needs a session and output pointers");
  const std::vector<TensorInfo> &outputs = session->model->outputs;
  if (index >= outputs.size())
    return outOfRange("output", index, outputs.size());
  *data = session->outputs[index];
  *byte_size = static_cast<size_t>(sessionBytes(*session, outputs[index]));
  return nullptr;
}

int dlc_model_has_dynamic_batch(const dlc_model *model) {
  return model && model->dynamicBatch ? 1 : 0;
}

dlc_status *dlc_session_set_batch(dlc_session *session, uint64_t batch) {
  if (!session)
    return invalidArgument("dlc_session_set_batch needs a session");
  const dlc_model &model = *session->model;
  if (batch == 0)
    return invalidArgument("the batch must be at least 1");
  if (!model.dynamicBatch && batch != 1)
    return makeStatus(DLC_INVALID_ARGUMENT,
                      "model '" + model.name + "' was compiled for a fixed batch (with --batch, "
                      "or dlc warned that an op mixes samples), so it cannot run batch " +
                          std::to_string(batch));
  if (batch == session->batch)
    return nullptr;
  return guarded([&]() -> dlc_status * {
    std::vector<AlignedBuffer> inputBuffers, outputBuffers;
    std::vector<void *> inputs, outputs;
    if (dlc_status *status = allocateTensors(model.inputs, "input", batch, inputBuffers, inputs))
      return status;
    if (dlc_status *status =
            allocateTensors(model.outputs, "output", batch, outputBuffers, outputs))
      return status;
    session->inputBuffers = std::move(inputBuffers);
    session->outputBuffers = std::move(outputBuffers);
    session->inputs = std::move(inputs);
    session->outputs = std::move(outputs);
    session->batch = batch;
    return nullptr;
  });
}

uint64_t dlc_session_batch(const dlc_session *session) { return session ? session->batch : 0; }

} // extern "C"
