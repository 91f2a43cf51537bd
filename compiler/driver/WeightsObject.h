// Writes the weights blob as an ELF64 x86-64 relocatable object holding one
// read-only, 64-byte aligned section and one global symbol. The bytes stream
// from the weight table to the file: no assembler or IR ever holds them, so
// compiling a 0.5 GB model (VGG16) does not hold its weights twice.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace dlc {

// `writeData` writes exactly `bytes` bytes at the file's current position
// (64-byte aligned) and returns false on failure.
bool writeWeightsObject(const std::string &path, const std::string &symbol, uint64_t bytes,
                        const std::function<bool(std::FILE *)> &writeData, std::string &error);

} // namespace dlc
