// Writes the typed C header of a compiled model (model.h).
#pragma once

#include <string>

#include "dlc/model_file.h"

namespace dlc {

// `signature` is the model's signature (name, inputs, outputs, arena size);
// `prefix` the C prefix of its symbols.
std::string renderModelHeader(const fb::Model &signature, const std::string &prefix);

} // namespace dlc
