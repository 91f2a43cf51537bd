// The object of ThreadPool.c, built with dlc and linked into every library
// it compiles (ThreadPool.c says why).
#pragma once

#include <cstddef>

namespace dlc {
extern const unsigned char threadPoolObject[];
extern const std::size_t threadPoolObject_size;
} // namespace dlc
