// PNG (RFC 2083) around a zlib stream (RFC 1950) of stored deflate blocks
// (RFC 1951, BTYPE 00): the pixels are written uncompressed, which keeps the
// encoder to checksums and framing. The plots are small, so size is moot.
#include "png.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

Raster::Raster(int width, int height, Rgb background)
    : width_(width), height_(height), pixels_(size_t(width) * height * 3) {
  fill(0, 0, width, height, background);
}

void Raster::set(int x, int y, Rgb color) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  uint8_t *p = &pixels_[(size_t(y) * width_ + x) * 3];
  p[0] = color.r, p[1] = color.g, p[2] = color.b;
}

void Raster::fill(int x0, int y0, int x1, int y1, Rgb color) {
  for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y)
    for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x)
      set(x, y, color);
}

namespace {

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as PNG chunks use.
uint32_t crc32(const uint8_t *data, size_t size, uint32_t crc = 0) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < size; ++i)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

// zlib's checksum of the uncompressed data.
uint32_t adler32(const std::vector<uint8_t> &data) {
  uint32_t a = 1, b = 0;
  for (uint8_t byte : data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void putBigEndian32(std::vector<uint8_t> &out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(uint8_t(v >> shift));
}

void putChunk(std::vector<uint8_t> &out, const char type[4], const std::vector<uint8_t> &body) {
  putBigEndian32(out, uint32_t(body.size()));
  size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), body.begin(), body.end());
  putBigEndian32(out, crc32(&out[start], out.size() - start));
}

// The zlib stream of `raw` in stored blocks of at most 65,535 bytes.
std::vector<uint8_t> zlibStored(const std::vector<uint8_t> &raw) {
  std::vector<uint8_t> z = {0x78, 0x01}; // deflate, 32 KiB window; 0x7801 % 31 == 0
  size_t offset = 0;
  do {
    size_t n = std::min<size_t>(raw.size() - offset, 65535);
    bool last = offset + n == raw.size();
    z.push_back(last ? 1 : 0); // BFINAL, BTYPE 00
    z.push_back(uint8_t(n)), z.push_back(uint8_t(n >> 8));
    z.push_back(uint8_t(~n)), z.push_back(uint8_t(~n >> 8));
    z.insert(z.end(), raw.begin() + offset, raw.begin() + offset + n);
    offset += n;
  } while (offset < raw.size());
  putBigEndian32(z, adler32(raw));
  return z;
}

} // namespace

bool writePng(const std::string &path, const Raster &image, std::string &error) {
  std::vector<uint8_t> raw; // each row: filter type 0 (none), then the pixels
  for (int y = 0; y < image.height(); ++y) {
    raw.push_back(0);
    raw.insert(raw.end(), image.row(y), image.row(y) + size_t(image.width()) * 3);
  }
  std::vector<uint8_t> header;
  putBigEndian32(header, uint32_t(image.width()));
  putBigEndian32(header, uint32_t(image.height()));
  header.insert(header.end(), {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter, no interlace

  std::vector<uint8_t> file = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  putChunk(file, "IHDR", header);
  putChunk(file, "IDAT", zlibStored(raw));
  putChunk(file, "IEND", {});

  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = path + ": cannot open for writing: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(file.data(), 1, file.size(), f) == file.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    error = path + ": write failed";
  return ok;
}
