// A minimal PNG writer for the example's plots: 8-bit RGB, no compression
// (zlib "stored" blocks), so that the example needs no image library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct Rgb {
  uint8_t r, g, b;
};

// An RGB image, row-major, 3 bytes per pixel.
class Raster {
public:
  Raster(int width, int height, Rgb background);
  int width() const { return width_; }
  int height() const { return height_; }
  // Pixels outside the image are ignored, so that drawing code need not clip.
  void set(int x, int y, Rgb color);
  // Fills the rectangle [x0, x1) x [y0, y1), clipped to the image.
  void fill(int x0, int y0, int x1, int y1, Rgb color);
  const uint8_t *row(int y) const { return &pixels_[size_t(y) * width_ * 3]; }

private:
  int width_, height_;
  std::vector<uint8_t> pixels_;
};

// Writes `image` to `path` as a PNG file. On failure returns false and sets
// `error` to one line naming the file and the problem.
bool writePng(const std::string &path, const Raster &image, std::string &error);
