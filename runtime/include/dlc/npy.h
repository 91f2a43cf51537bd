// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0),
// for `dlc run` and the tests. Only little-endian, C-order arrays of the
// dtypes dlc models use are supported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

// A dense array. `data` holds the elements' little-endian bytes in row-major
// order: exactly product(shape) * element size bytes.
struct NpyArray {
  std::string dtype;          // "float32", "int32", "int64" or "float64"
  std::vector<int64_t> shape; // empty for a 0-d array (one element)
  std::vector<uint8_t> data;
};

// Bytes of one element of `dtype` (one of NpyArray's names), or 0 when the
// name is not one of them.
size_t npyDtypeSize(const std::string &dtype);

// Reads the .npy file at `path` into `out`. The file is untrusted: its header
// length is bounded, its header dictionary is parsed strictly, its shape is
// checked for overflow and its data size must match the shape exactly.
// Accepts the descrs '<f4', '<i4', '<i8' and '<f8' with fortran_order False.
// On failure returns false and sets `error` to one line naming the file and
// the problem; `out` is then unspecified.
bool readNpy(const std::string &path, NpyArray &out, std::string &error);

// Writes `array` to `path` as a version 1.0 .npy file whose header is padded
// so that the data starts at a multiple of 64 bytes. The file is replaced
// atomically (temporary file, then rename). On failure (an unknown dtype, a
// data size that does not match the shape, an I/O error) returns false and
// sets `error` to one line naming the file and the problem.
bool writeNpy(const std::string &path, const NpyArray &array, std::string &error);

} // namespace dlc
