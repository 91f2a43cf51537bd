// What the runtime's source files share: statuses, aligned buffers, the
// library handle and the model and session structs. Not installed: the C
// API is dlc/runtime.h.
#pragma once

#include <algorithm>
#include <cerrno>
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

#include "dlc/abi.h"
#include "dlc/model_file.h"
#include "dlc/runtime.h"

struct dlc_status {
  enum dlc_status_code code;
  std::string message;
};

namespace dlc::rt {

// Returned when a status itself cannot be allocated. Never written to;
// dlc_status_free recognizes it and does not delete it.
inline const dlc_status kOutOfMemoryStatus{DLC_OUT_OF_MEMORY, "out of memory"};

inline dlc_status *outOfMemory() { return const_cast<dlc_status *>(&kOutOfMemoryStatus); }

inline dlc_status *makeStatus(enum dlc_status_code code, std::string message) {
  try {
    return new dlc_status{code, std::move(message)};
  } catch (const std::bad_alloc &) {
    return outOfMemory();
  }
}

// Runs the body of a C entry point; an allocation failure inside it becomes
// DLC_OUT_OF_MEMORY instead of an exception crossing the C boundary.
template <typename Body> dlc_status *guarded(Body body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return outOfMemory();
  }
}

inline dlc_status *invalidArgument(const char *what) {
  return guarded(
      [&] { return makeStatus(DLC_INVALID_ARGUMENT, std::string("invalid argument: ") + what); });
}

inline dlc_status *outOfRange(const char *role, size_t index, size_t count) {
  return guarded([&] {
    return makeStatus(DLC_INVALID_ARGUMENT, std::string(role) + " index " + std::to_string(index) +
                                                " is out of range (the model has " +
                                                std::to_string(count) + " " + role +
                                                (count == 1 ? ")" : "s)"));
  });
}

constexpr size_t kBufferAlignment = 64;
static_assert(DLC_ARENA_ALIGNMENT <= kBufferAlignment,
              "session buffers use the stricter of the two alignments");

struct FreeDeleter {
  void operator()(void *p) const { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<void, FreeDeleter>;

// Allocates a zero-filled buffer of `size` bytes aligned to kBufferAlignment;
// never returns a null pointer for size 0. Null when out of memory.
inline AlignedBuffer allocateZeroed(uint64_t size) {
  uint64_t rounded = (size + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
  if (rounded < size || rounded > std::numeric_limits<size_t>::max())
    return nullptr;
  if (rounded == 0)
    rounded = kBufferAlignment;
  AlignedBuffer buffer(std::aligned_alloc(kBufferAlignment, rounded));
  // Touching every page now keeps page faults out of the first run.
  if (buffer)
    std::memset(buffer.get(), 0, rounded);
  return buffer;
}

struct LibraryCloser {
  void operator()(void *handle) const { dlclose(handle); }
};
using LibraryHandle = std::unique_ptr<void, LibraryCloser>;

// A read-only memory mapping of a whole file (--external-weights).
class MappedFile {
public:
  MappedFile() = default;
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;
  ~MappedFile() {
    if (data_)
      munmap(data_, size_);
  }
  // Maps `path`, which must hold exactly `expected` bytes; "" or the reason.
  std::string map(const std::string &path, uint64_t expected) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return "cannot open the weights file '" + path + "': " + std::strerror(errno);
    struct stat info;
    std::string error;
    if (fstat(fd, &info) != 0)
      error = "cannot read the weights file '" + path + "': " + std::strerror(errno);
    else if (static_cast<uint64_t>(info.st_size) != expected)
      error = "the weights file '" + path + "' has " + std::to_string(info.st_size) +
              " bytes, the library expects " + std::to_string(expected) +
              " (it belongs to another build of the model)";
    if (error.empty() && expected > 0) {
      void *data = mmap(nullptr, expected, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data == MAP_FAILED)
        error = "cannot map the weights file '" + path + "': " + std::strerror(errno);
      else
        data_ = data, size_ = expected;
    }
    close(fd);
    return error;
  }
  const void *data() const { return data_; }

private:
  void *data_ = nullptr;
  size_t size_ = 0;
};

struct TensorInfo {
  std::string name;
  dlc_dtype dtype;
  std::vector<int64_t> shape;
  uint64_t elementCount;  // per sample when batched
  uint64_t byteSize;      // per sample when batched
  bool batched = false;   // dimension 0 is the dynamic batch (-1)
  dlc::fb::TensorRole role = dlc::fb::TensorRole::Data;  // in a training library
};

inline std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

} // namespace dlc::rt

struct dlc_model {
  std::string path;
  dlc::rt::LibraryHandle library;
  dlc::rt::MappedFile externalWeights;  // when compiled with --external-weights
  dlc_entry_points entry;
  std::string name;
  uint64_t arenaBytes;
  std::vector<dlc::rt::TensorInfo> inputs;
  std::vector<dlc::rt::TensorInfo> outputs;
  bool dynamicBatch = false;
  // A training library (entry.eval_run set): its eval forward's signature
  // and the training section of the step's signature.
  std::vector<dlc::rt::TensorInfo> evalInputs, evalOutputs;
  uint64_t evalArenaBytes = 0;
  std::string loss, optimizer;
  double defaultLearningRate = 0.01;
};

struct dlc_session {
  const dlc_model *model;
  uint64_t batch = 1;
  dlc::rt::AlignedBuffer arena;
  std::vector<dlc::rt::AlignedBuffer> inputBuffers;
  std::vector<dlc::rt::AlignedBuffer> outputBuffers;
  // The raw pointers handed to the model's run function.
  std::vector<void *> inputs;
  std::vector<void *> outputs;
};


namespace dlc::rt {

// The public description of `t` (pointers into `t`).
inline void describeTensor(const TensorInfo &t, dlc_tensor_info *out) {
  out->name = t.name.c_str();
  out->dtype = t.dtype;
  out->rank = static_cast<int32_t>(t.shape.size());
  out->shape = t.shape.empty() ? nullptr : t.shape.data();
  out->element_count = t.elementCount;
  out->byte_size = t.byteSize;
}

// Fills `out` from a signature's inputs or outputs (`role`: "input" or
// "output"); null on success.
dlc_status *readTensorInfos(const dlc_model &model, const char *role,
                            const flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>> *infos,
                            std::vector<TensorInfo> &out);

// Fills `model` from a library's entry function (already resolved);
// `model.path` names it in messages.
dlc_status *loadFromEntry(dlc_library_entry_fn entryFn, dlc_model &model);

} // namespace dlc::rt
