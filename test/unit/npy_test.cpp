// Tests for dlc/npy.h: round trips of every dtype and shape kind, the exact
// layout of written files, and rejection of malformed or hostile files.
#include "dlc/npy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using dlc::NpyArray;

std::string tempPath(const std::string &name) {
  const testing::TestInfo *info = testing::UnitTest::GetInstance()->current_test_info();
  return testing::TempDir() + "dlc_npy_" + info->name() + "_" + name;
}

std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A .npy file of format `major`.0 with `header` as is (no padding added).
std::string npyFile(unsigned major, const std::string &header, size_t dataBytes) {
  std::string file = std::string("\x93NUMPY", 6);
  file += static_cast<char>(major);
  file += '\0';
  size_t lengthSize = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthSize; ++i)
    file += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return file + header + std::string(dataBytes, '\x01');
}

NpyArray makeArray(const std::string &dtype, std::vector<int64_t> shape, size_t elementSize) {
  NpyArray array{dtype, std::move(shape), {}};
  size_t count = 1;
  for (int64_t d : array.shape)
    count *= static_cast<size_t>(d);
  for (size_t i = 0; i < count * elementSize; ++i)
    array.data.push_back(static_cast<uint8_t>(i * 7 + 3));
  return array;
}

void expectRoundTrip(const NpyArray &array) {
  std::string path = tempPath(array.dtype + ".npy");
  std::string error;
  ASSERT_TRUE(dlc::writeNpy(path, array, error)) << error;
  NpyArray back;
  ASSERT_TRUE(dlc::readNpy(path, back, error)) << error;
  EXPECT_EQ(back.dtype, array.dtype);
  EXPECT_EQ(back.shape, array.shape);
  EXPECT_EQ(back.data, array.data);
  std::remove(path.c_str());
}

// Reads `file` and expects failure with a one-line message that names the
// file and contains `expected`.
void expectRejected(const std::string &file, const std::string &expected) {
  std::string path = tempPath("bad.npy");
  writeBytes(path, file);
  NpyArray array;
  std::string error;
  EXPECT_FALSE(dlc::readNpy(path, array, error));
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
  EXPECT_NE(error.find(expected), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  std::remove(path.c_str());
}

const std::string kF32x6 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";

TEST(Npy, RoundTripsEachDtype) {
  expectRoundTrip(makeArray("float32", {2, 3}, 4));
  expectRoundTrip(makeArray("int32", {5}, 4));
  expectRoundTrip(makeArray("int64", {2, 1, 3}, 8));
  expectRoundTrip(makeArray("float64", {3, 2}, 8));
}

TEST(Npy, RoundTripsZeroDimensionalArray) {
  NpyArray scalar = makeArray("float32", {}, 4);
  ASSERT_EQ(scalar.data.size(), 4u);
  expectRoundTrip(scalar);
}

TEST(Npy, RoundTripsEmptyArrays) {
  expectRoundTrip(makeArray("int64", {0}, 8));
  expectRoundTrip(makeArray("float32", {3, 0, 2}, 4));
}

TEST(Npy, WritesVersion1HeaderPaddedTo64Bytes) {
  std::string path = tempPath("layout.npy");
  std::string error;
  ASSERT_TRUE(dlc::writeNpy(path, makeArray("int32", {4}, 4), error)) << error;
  std::vector<uint8_t> bytes = readBytes(path);
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t headerSize = bytes[8] | (bytes[9] << 8);
  EXPECT_EQ((10 + headerSize) % 64, 0u);
  EXPECT_EQ(bytes.size(), 10 + headerSize + 16);
  std::string header(bytes.begin() + 10, bytes.begin() + 10 + headerSize);
  EXPECT_EQ(header.rfind("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", 0), 0u)
      << header;
  EXPECT_EQ(header.back(), '\n');
  std::remove(path.c_str());
}

TEST(Npy, WritesZeroDimensionalShapeAsEmptyTuple) {
  std::string path = tempPath("scalar.npy");
  std::string error;
  ASSERT_TRUE(dlc::writeNpy(path, makeArray("float64", {}, 8), error)) << error;
  std::vector<uint8_t> bytes = readBytes(path);
  std::string text(bytes.begin(), bytes.end());
  EXPECT_NE(text.find("'shape': (), }"), std::string::npos) << text;
  std::remove(path.c_str());
}

TEST(Npy, ReadsVersions2And3) {
  for (unsigned major : {2u, 3u}) {
    std::string path = tempPath("v" + std::to_string(major) + ".npy");
    writeBytes(path, npyFile(major, kF32x6, 24));
    NpyArray array;
    std::string error;
    ASSERT_TRUE(dlc::readNpy(path, array, error)) << error;
    EXPECT_EQ(array.dtype, "float32");
    EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(array.data, std::vector<uint8_t>(24, 1));
    std::remove(path.c_str());
  }
}

TEST(Npy, ReadsHeaderVariants) {
  // Double quotes, keys in another order, no trailing commas, extra spaces.
  std::string path = tempPath("variant.npy");
  writeBytes(path, npyFile(1,
                           "{ \"shape\" : ( 3 ) , \"fortran_order\":False,"
                           "\"descr\":\"<i8\"}   \n",
                           24));
  NpyArray array;
  std::string error;
  ASSERT_TRUE(dlc::readNpy(path, array, error)) << error;
  EXPECT_EQ(array.dtype, "int64");
  EXPECT_EQ(array.shape, std::vector<int64_t>{3});
  std::remove(path.c_str());
}

TEST(Npy, RejectsTruncatedAndOversizedData) {
  expectRejected(npyFile(1, kF32x6, 23), "data is 23 bytes, but shape (2, 3) of float32 needs 24");
  expectRejected(npyFile(1, kF32x6, 25), "data is 25 bytes, but shape (2, 3) of float32 needs 24");
}

TEST(Npy, RejectsBadMagic) {
  expectRejected("\x93NUMPZ\x01\x00", "not a .npy file");
  expectRejected("\x93NU", "not a .npy file");
  expectRejected("", "not a .npy file");
}

TEST(Npy, RejectsTruncatedHeader) {
  expectRejected(std::string("\x93NUMPY\x01", 7), "no version");
  expectRejected(std::string("\x93NUMPY\x01\x00\x10", 9), "no header length");
  expectRejected(npyFile(1, kF32x6, 0).substr(0, 30), "header is shorter than its declared");
}

TEST(Npy, RejectsUnsupportedVersion) {
  expectRejected(npyFile(4, kF32x6, 24), "unsupported .npy format version 4.0");
  std::string minor = npyFile(1, kF32x6, 24);
  minor[7] = 1;
  expectRejected(minor, "unsupported .npy format version 1.1");
}

TEST(Npy, RejectsFortranOrder) {
  expectRejected(npyFile(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }\n", 24),
                 "fortran_order True is not supported");
}

TEST(Npy, RejectsUnsupportedDtype) {
  expectRejected(npyFile(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 8),
                 "unsupported dtype '>f4' (accepted: '<f4', '<i4', '<i8', '<f8')");
  expectRejected(npyFile(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }\n", 2),
                 "unsupported dtype '|u1'");
}

TEST(Npy, RejectsShapeOverflow) {
  expectRejected(npyFile(1,
                         "{'descr': '<i8', 'fortran_order': False, "
                         "'shape': (4294967296, 4294967296), }\n",
                         0),
                 "shape (4294967296, 4294967296) of int64 is too large to address");
  expectRejected(npyFile(1,
                         "{'descr': '<i8', 'fortran_order': False, "
                         "'shape': (99999999999999999999,), }\n",
                         0),
                 "shape dimension too large");
}

TEST(Npy, RejectsHeaderTooLong) {
  // Only the length field claims a huge header: nothing that large is read.
  std::string file = std::string("\x93NUMPY\x02\x00", 8) + std::string("\x00\x00\x10\x00", 4);
  expectRejected(file, "header is 1048576 bytes, more than the limit of 65536");
}

TEST(Npy, RejectsMalformedHeaders) {
  const char *order = "'fortran_order': False";
  expectRejected(npyFile(1, std::string("{'descr': '<f4', ") + order + "}\n", 4),
                 "missing key 'shape'");
  expectRejected(
      npyFile(1, std::string("{'descr': '<f4', 'descr': '<f4', ") + order + ", 'shape': ()}", 4),
      "duplicate key 'descr'");
  expectRejected(
      npyFile(1, std::string("{'descr': '<f4', 'extra': 1, ") + order + ", 'shape': ()}", 4),
      "unexpected key 'extra'");
  expectRejected(npyFile(1, std::string("{'descr': '<f4', ") + order + ", 'shape': (-1,)}", 4),
                 "expected a non-negative integer in the shape");
  expectRejected(npyFile(1, std::string("{'descr': '<f4', ") + order + ", 'shape': ()} x", 4),
                 "unexpected text after the dictionary");
  expectRejected(npyFile(1, std::string("{'descr': '<f4, ") + order + ", 'shape': ()}", 4),
                 "malformed header at byte");
  expectRejected(npyFile(1, "", 4), "malformed header at byte 0: expected '{'");
}

TEST(Npy, ReportsMissingFile) {
  NpyArray array;
  std::string error;
  std::string path = tempPath("missing.npy");
  EXPECT_FALSE(dlc::readNpy(path, array, error));
  EXPECT_EQ(error, path + ": cannot open file: No such file or directory");
}

TEST(Npy, WriteRejectsMismatchedDataAndUnknownDtype) {
  std::string path = tempPath("out.npy");
  std::string error;
  NpyArray array = makeArray("float32", {2, 3}, 4);
  array.data.pop_back();
  EXPECT_FALSE(dlc::writeNpy(path, array, error));
  EXPECT_EQ(error, path + ": array has 23 bytes of data, which does not match shape (2, 3) "
                          "of float32");
  EXPECT_FALSE(dlc::writeNpy(path, makeArray("uint8", {2}, 1), error));
  EXPECT_EQ(error, path + ": cannot write dtype 'uint8' (accepted: float32, int32, int64, "
                          "float64)");
  EXPECT_TRUE(readBytes(path).empty()) << "nothing should have been written";
}

} // namespace
