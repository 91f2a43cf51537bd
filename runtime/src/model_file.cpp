#include "dlc/model_file.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

#include "flatbuffers/idl.h"
#include "flatbuffers/util.h"
#include "runtime/schema/model_bfbs_generated.h"

namespace dlc {
namespace {

// Limits for untrusted files: nesting depth and table count the Verifier
// accepts. Real models have a few thousand tables.
constexpr unsigned kMaxDepth = 64;
constexpr unsigned kMaxTables = 1000000;
constexpr size_t kWeightAlignment = 64;

bool looksLikeJson(const std::vector<uint8_t> &bytes) {
  for (uint8_t c : bytes) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    return c == '{';
  }
  return false;
}

// FlatBuffers reports "LINE: COL: error: MESSAGE"; dlc prints "LINE:COL: MESSAGE".
std::string jsonErrorLocationAndMessage(std::string message) {
  message = message.substr(0, message.find('\n'));
  size_t line = message.find(": "), tag = message.find(": error: ");
  if (line == std::string::npos || tag == std::string::npos || tag < line)
    return " " + message;
  return message.substr(0, line) + ":" + message.substr(line + 2, tag - line - 2) + ": " +
         message.substr(tag + 9);
}

bool loadSchema(flatbuffers::Parser &parser) {
  return parser.Deserialize(fb::ModelBinarySchema::data(),
                            fb::ModelBinarySchema::size()) &&
         parser.SetRootType("dlc.fb.Model");
}

} // namespace

const char *dtypeName(fb::DType dtype) {
  switch (dtype) {
  case fb::DType::Float32: return "float32";
  case fb::DType::Int32: return "int32";
  case fb::DType::Int64: return "int64";
  case fb::DType::Float64: return "float64";
  }
  return "unknown";
}

size_t dtypeSize(fb::DType dtype) {
  switch (dtype) {
  case fb::DType::Float32: return 4;
  case fb::DType::Int32: return 4;
  case fb::DType::Int64: return 8;
  case fb::DType::Float64: return 8;
  }
  return 0;
}

bool readWholeFile(const std::string &path, std::vector<uint8_t> &bytes,
                   std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open file: " + std::strerror(errno);
    return false;
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) {
    error = path + ": cannot read file";
    return false;
  }
  in.seekg(0);
  bytes.resize(static_cast<size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char *>(bytes.data()), size)) {
    error = path + ": cannot read file";
    return false;
  }
  return true;
}

bool verifyModelBinary(const uint8_t *data, size_t size, const std::string &what,
                       std::string &error) {
  if (size < 8 || !fb::ModelBufferHasIdentifier(data)) {
    error = what + ": not a dlc model file (no 'DLCM' file identifier, and not JSON)";
    return false;
  }
  flatbuffers::Verifier verifier(data, size, kMaxDepth, kMaxTables);
  if (!fb::VerifyModelBuffer(verifier)) {
    error = what + ": corrupt or truncated model file (FlatBuffers verification failed)";
    return false;
  }
  return true;
}

bool parseModelBytes(std::vector<uint8_t> bytes, const std::string &what,
                     ModelFile &out, std::string &error, ModelFormat *detected) {
  if (looksLikeJson(bytes)) {
    if (detected)
      *detected = ModelFormat::Json;
    flatbuffers::Parser parser;
    if (!loadSchema(parser)) {
      error = "internal error: cannot load the embedded model schema";
      return false;
    }
    std::string text(bytes.begin(), bytes.end());
    if (!parser.Parse(text.c_str())) {
      error = what + ":" + jsonErrorLocationAndMessage(parser.error_);
      return false;
    }
    const uint8_t *data = parser.builder_.GetBufferPointer();
    size_t size = parser.builder_.GetSize();
    out.bytes.assign(data, data + size);
    // A JSON document without the identifier is still the same schema.
    if (!fb::ModelBufferHasIdentifier(out.bytes.data())) {
      out.bytes = writeModelBinary(*fb::GetModel(out.bytes.data()));
    }
    return verifyModelBinary(out.bytes.data(), out.bytes.size(), what, error);
  }
  if (detected)
    *detected = ModelFormat::Binary;
  if (!verifyModelBinary(bytes.data(), bytes.size(), what, error))
    return false;
  out.bytes = std::move(bytes);
  return true;
}

bool readModelFile(const std::string &path, ModelFile &out, std::string &error) {
  std::vector<uint8_t> bytes;
  if (!readWholeFile(path, bytes, error))
    return false;
  return parseModelBytes(std::move(bytes), path, out, error);
}

namespace {

using Builder = flatbuffers::FlatBufferBuilder;

flatbuffers::Offset<flatbuffers::String> copyString(Builder &b,
                                                    const flatbuffers::String *s) {
  return s ? b.CreateString(s->c_str(), s->size()) : 0;
}

template <typename T>
flatbuffers::Offset<flatbuffers::Vector<T>>
copyScalars(Builder &b, const flatbuffers::Vector<T> *v) {
  return v ? b.CreateVector(v->data(), v->size()) : 0;
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>>
copyStrings(Builder &b,
            const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>> *v) {
  if (!v)
    return 0;
  std::vector<flatbuffers::Offset<flatbuffers::String>> items;
  for (const auto *s : *v)
    items.push_back(copyString(b, s));
  return b.CreateVector(items);
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::Attribute>>>
copyAttributes(Builder &b,
               const flatbuffers::Vector<flatbuffers::Offset<fb::Attribute>> *v) {
  if (!v)
    return 0;
  std::vector<flatbuffers::Offset<fb::Attribute>> items;
  for (const fb::Attribute *a : *v)
    items.push_back(fb::CreateAttribute(b, copyString(b, a->name()), a->kind(), a->i(),
                                        a->f(), copyScalars(b, a->ints()),
                                        copyScalars(b, a->floats()),
                                        copyString(b, a->s())));
  return b.CreateVector(items);
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>>>
copyTensorInfos(Builder &b,
                const flatbuffers::Vector<flatbuffers::Offset<fb::TensorInfo>> *v) {
  if (!v)
    return 0;
  std::vector<flatbuffers::Offset<fb::TensorInfo>> items;
  for (const fb::TensorInfo *t : *v)
    items.push_back(fb::CreateTensorInfo(b, copyString(b, t->name()), t->dtype(),
                                         copyScalars(b, t->shape())));
  return b.CreateVector(items);
}

} // namespace

std::vector<uint8_t> writeModelBinary(const fb::Model &model,
                                      const WeightDataOverride &override) {
  Builder b(1024);
  std::vector<flatbuffers::Offset<fb::Weight>> weights;
  if (const auto *ws = model.weights()) {
    for (size_t i = 0; i < ws->size(); ++i) {
      const fb::Weight *w = ws->Get(i);
      const std::vector<uint8_t> *replacement = override ? override(i) : nullptr;
      const uint8_t *data = replacement ? replacement->data()
                                        : (w->data() ? w->data()->data() : nullptr);
      size_t size = replacement ? replacement->size()
                                : (w->data() ? w->data()->size() : 0);
      flatbuffers::Offset<flatbuffers::Vector<uint8_t>> dataOffset = 0;
      if (data) {
        b.ForceVectorAlignment(size, 1, kWeightAlignment);
        dataOffset = b.CreateVector(data, size);
      }
      weights.push_back(fb::CreateWeight(b, copyString(b, w->name()), w->dtype(),
                                         copyScalars(b, w->shape()), dataOffset,
                                         copyString(b, w->init())));
    }
  }
  std::vector<flatbuffers::Offset<fb::Node>> nodes;
  if (const auto *ns = model.nodes()) {
    for (const fb::Node *n : *ns)
      nodes.push_back(fb::CreateNode(b, copyString(b, n->name()), copyString(b, n->op_type()),
                                     copyStrings(b, n->inputs()), copyStrings(b, n->outputs()),
                                     copyAttributes(b, n->attributes())));
  }
  flatbuffers::Offset<fb::Training> training = 0;
  if (const fb::Training *t = model.training())
    training = fb::CreateTraining(b, copyString(b, t->loss()), copyString(b, t->optimizer()),
                                  copyAttributes(b, t->attributes()));
  auto root = fb::CreateModel(
      b, copyString(b, model.producer()), copyString(b, model.producer_version()),
      model.format_version(), copyString(b, model.name()), copyTensorInfos(b, model.inputs()),
      copyTensorInfos(b, model.outputs()), b.CreateVector(nodes),
      model.weights() ? b.CreateVector(weights) : 0, training, model.arena_bytes());
  fb::FinishModelBuffer(b, root);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

bool writeModelJson(const ModelFile &model, std::string &json, std::string &error) {
  flatbuffers::Parser parser;
  parser.opts.strict_json = true;
  parser.opts.indent_step = 2;
  if (!loadSchema(parser)) {
    error = "internal error: cannot load the embedded model schema";
    return false;
  }
  if (!flatbuffers::GenerateText(parser, model.bytes.data(), &json)) {
    error = "internal error: cannot render the model as JSON";
    return false;
  }
  return true;
}

bool writeFileAtomically(const std::string &path, const void *data, size_t size,
                         std::string &error) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  FILE *f = std::fopen(temporary.c_str(), "wb");
  if (!f) {
    error = path + ": cannot write file: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(data, 1, size, f) == size;
  ok = (std::fflush(f) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = path + ": cannot write file: " + std::strerror(errno);
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

} // namespace dlc
