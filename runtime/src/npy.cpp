// NumPy .npy files; the format is described in numpy/lib/format.py:
// "\x93NUMPY", major and minor version bytes, the header's length (2 bytes
// little-endian in version 1.0, 4 bytes in 2.0 and 3.0), the header (a Python
// dict literal ending in '\n'), then the array's bytes.
#include "dlc/npy.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include "dlc/model_file.h"

namespace dlc {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kPrefixSize = kMagicSize + 2; // magic and version bytes
// NumPy refuses headers over 10,000 bytes by default; this leaves room for
// high-rank shapes while keeping a hostile length from allocating much.
constexpr uint32_t kMaxHeaderSize = 65536;
constexpr size_t kDataAlignment = 64;

struct Dtype {
  const char *descr;
  const char *name;
  size_t size;
};
constexpr Dtype kDtypes[] = {
    {"<f4", "float32", 4},
    {"<i4", "int32", 4},
    {"<i8", "int64", 8},
    {"<f8", "float64", 8},
};

const Dtype *findDescr(const std::string &descr) {
  for (const Dtype &d : kDtypes)
    if (descr == d.descr)
      return &d;
  return nullptr;
}

const Dtype *findName(const std::string &name) {
  for (const Dtype &d : kDtypes)
    if (name == d.name)
      return &d;
  return nullptr;
}

// Formats a shape as Python writes a tuple: "()", "(3,)", "(2, 3)".
std::string pythonShape(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// Multiplies out `shape` times `elementSize`; false on a negative dimension
// or when the byte count does not fit in size_t.
bool byteCount(const std::vector<int64_t> &shape, size_t elementSize, size_t &bytes) {
  uint64_t count = elementSize;
  for (int64_t dim : shape) {
    if (dim < 0)
      return false;
    uint64_t d = static_cast<uint64_t>(dim);
    if (d != 0 && count > std::numeric_limits<size_t>::max() / d)
      return false;
    count *= d;
  }
  bytes = static_cast<size_t>(count);
  return true;
}

struct Header {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

// A strict parser for the header's dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// Exactly the three keys, each once; strings without escapes; shape entries
// non-negative decimal integers.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  // On failure sets `error` to a description without the file name.
  bool parse(Header &header, std::string &error) {
    bool ok = parseDict(header);
    error = message;
    return ok;
  }

private:
  bool parseDict(Header &header) {
    if (!consume('{'))
      return fail("expected '{'");
    bool seenDescr = false, seenOrder = false, seenShape = false;
    while (!consume('}')) {
      std::string key;
      if (!parseString(key))
        return false;
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'");
      bool ok;
      if (key == "descr")
        ok = once(seenDescr, key) && parseString(header.descr);
      else if (key == "fortran_order")
        ok = once(seenOrder, key) && parseBool(header.fortranOrder);
      else if (key == "shape")
        ok = once(seenShape, key) && parseShape(header.shape);
      else
        return fail("unexpected key '" + key + "' (accepted: descr, fortran_order, shape)");
      if (!ok)
        return false;
      if (!consume(',')) {
        if (!consume('}'))
          return fail("expected ',' or '}'");
        break;
      }
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the dictionary");
    if (!seenDescr || !seenOrder || !seenShape)
      return fail(std::string("missing key '") +
                  (!seenDescr   ? "descr"
                   : !seenOrder ? "fortran_order"
                                : "shape") +
                  "'");
    return true;
  }

  bool once(bool &seen, const std::string &key) {
    if (seen)
      return fail("duplicate key '" + key + "'");
    seen = true;
    return true;
  }

  bool parseString(std::string &out) {
    skipSpace();
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return fail("expected a quoted string");
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      return fail("unterminated string");
    out = text.substr(pos, end - pos);
    if (out.find_first_of("\\\n") != std::string::npos)
      return fail("unsupported character in string");
    pos = end + 1;
    return true;
  }

  bool parseBool(bool &out) {
    skipSpace();
    for (bool value : {false, true}) {
      const char *word = value ? "True" : "False";
      size_t length = std::strlen(word);
      if (text.compare(pos, length, word) == 0) {
        pos += length;
        out = value;
        return true;
      }
    }
    return fail("expected True or False");
  }

  bool parseShape(std::vector<int64_t> &out) {
    if (!consume('('))
      return fail("expected '(' to start the shape");
    while (!consume(')')) {
      int64_t dim;
      if (!parseDim(dim))
        return false;
      out.push_back(dim);
      if (!consume(',')) {
        if (!consume(')'))
          return fail("expected ',' or ')' in the shape");
        break;
      }
    }
    return true;
  }

  bool parseDim(int64_t &out) {
    skipSpace();
    size_t start = pos;
    uint64_t value = 0;
    constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      uint64_t digit = static_cast<uint64_t>(text[pos++] - '0');
      if (value > (kMax - digit) / 10)
        return fail("shape dimension too large");
      value = value * 10 + digit;
    }
    if (pos == start)
      return fail("expected a non-negative integer in the shape");
    out = static_cast<int64_t>(value);
    return true;
  }

  void skipSpace() {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  // Skips whitespace, then consumes `c` if it comes next.
  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool fail(const std::string &what) {
    if (message.empty())
      message = "malformed header at byte " + std::to_string(pos) + ": " + what;
    return false;
  }

  const std::string &text;
  size_t pos = 0;
  std::string message;
};

bool readExactly(std::ifstream &in, void *data, size_t size) {
  return static_cast<bool>(in.read(static_cast<char *>(data), static_cast<std::streamsize>(size)));
}

} // namespace

size_t npyDtypeSize(const std::string &dtype) {
  const Dtype *d = findName(dtype);
  return d ? d->size : 0;
}

bool readNpy(const std::string &path, NpyArray &out, std::string &error) {
  auto failWith = [&](const std::string &what) {
    error = path + ": " + what;
    return false;
  };
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return failWith(std::string("cannot open file: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff fileSize = in.tellg();
  in.seekg(0);
  if (fileSize < 0)
    return failWith("cannot read file");

  unsigned char prefix[kPrefixSize];
  if (static_cast<uint64_t>(fileSize) < kMagicSize || !readExactly(in, prefix, kMagicSize) ||
      std::memcmp(prefix, kMagic, kMagicSize) != 0)
    return failWith("not a .npy file (it does not start with \"\\x93NUMPY\")");
  if (!readExactly(in, prefix + kMagicSize, 2))
    return failWith("truncated .npy file (no version)");
  unsigned major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3 || minor != 0)
    return failWith("unsupported .npy format version " + std::to_string(major) + "." +
                    std::to_string(minor) + " (accepted: 1.0, 2.0, 3.0)");

  size_t lengthSize = major == 1 ? 2 : 4;
  unsigned char lengthBytes[4] = {0, 0, 0, 0};
  if (!readExactly(in, lengthBytes, lengthSize))
    return failWith("truncated .npy file (no header length)");
  uint32_t headerSize = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerSize |= static_cast<uint32_t>(lengthBytes[i]) << (8 * i);
  if (headerSize > kMaxHeaderSize)
    return failWith("header is " + std::to_string(headerSize) + " bytes, more than the limit of " +
                    std::to_string(kMaxHeaderSize));
  std::string headerText(headerSize, '\0');
  if (!readExactly(in, &headerText[0], headerSize))
    return failWith("truncated .npy file (header is shorter than its declared " +
                    std::to_string(headerSize) + " bytes)");

  Header header;
  std::string parseError;
  if (!HeaderParser(headerText).parse(header, parseError))
    return failWith(parseError);
  if (header.fortranOrder)
    return failWith("fortran_order True is not supported (only C-order arrays are)");
  const Dtype *dtype = findDescr(header.descr);
  if (!dtype)
    return failWith("unsupported dtype '" + header.descr +
                    "' (accepted: '<f4', '<i4', '<i8', '<f8')");
  size_t expected;
  if (!byteCount(header.shape, dtype->size, expected))
    return failWith("shape " + pythonShape(header.shape) + " of " + dtype->name +
                    " is too large to address");

  uint64_t dataSize = static_cast<uint64_t>(fileSize) - kPrefixSize - lengthSize - headerSize;
  if (dataSize != expected)
    return failWith("data is " + std::to_string(dataSize) + " bytes, but shape " +
                    pythonShape(header.shape) + " of " + dtype->name + " needs " +
                    std::to_string(expected));
  out.dtype = dtype->name;
  out.shape = std::move(header.shape);
  out.data.resize(expected);
  if (expected > 0 && !readExactly(in, out.data.data(), expected))
    return failWith("cannot read the array's data");
  return true;
}

bool writeNpy(const std::string &path, const NpyArray &array, std::string &error) {
  const Dtype *dtype = findName(array.dtype);
  if (!dtype) {
    error = path + ": cannot write dtype '" + array.dtype +
            "' (accepted: float32, int32, int64, float64)";
    return false;
  }
  size_t expected;
  if (!byteCount(array.shape, dtype->size, expected) || expected != array.data.size()) {
    error = path + ": array has " + std::to_string(array.data.size()) +
            " bytes of data, which does not match shape " + pythonShape(array.shape) + " of " +
            dtype->name;
    return false;
  }

  std::string header = std::string("{'descr': '") + dtype->descr +
                       "', 'fortran_order': False, 'shape': " + pythonShape(array.shape) + ", }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes.
  size_t unpadded = kPrefixSize + 2 + header.size() + 1;
  header.append((kDataAlignment - unpadded % kDataAlignment) % kDataAlignment, ' ');
  header += '\n';
  if (header.size() > std::numeric_limits<uint16_t>::max()) {
    error = path + ": shape has too many dimensions for a version 1.0 .npy header";
    return false;
  }

  std::vector<uint8_t> bytes(kMagic, kMagic + kMagicSize);
  bytes.push_back(1); // version 1.0
  bytes.push_back(0);
  bytes.push_back(static_cast<uint8_t>(header.size() & 0xff));
  bytes.push_back(static_cast<uint8_t>(header.size() >> 8));
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.insert(bytes.end(), array.data.begin(), array.data.end());
  return writeFileAtomically(path, bytes.data(), bytes.size(), error);
}

} // namespace dlc
