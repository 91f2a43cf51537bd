#include "mnist_data.h"

#include <algorithm>
#include <cstring>

#include "dlc/npy.h"

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

} // namespace

bool loadMnistSet(const std::string &dir, const std::string &split, MnistSet &out,
                  std::string &error) {
  std::string imagesPath = dir + "/" + split + "_images.npy";
  std::string labelsPath = dir + "/" + split + "_labels.npy";
  dlc::NpyArray images, labels;
  if (!dlc::readNpy(imagesPath, images, error) || !dlc::readNpy(labelsPath, labels, error))
    return false;

  const std::vector<int64_t> &s = images.shape;
  if (images.dtype != "float32" || s.size() != 4 || s[1] != 1 || s[2] != kSide || s[3] != kSide) {
    error =
        imagesPath + ": expected float32 [N, 1, 32, 32], got " + images.dtype + " " + shapeText(s);
    return false;
  }
  if (labels.dtype != "int64" || labels.shape.size() != 1 || labels.shape[0] != s[0]) {
    error = labelsPath + ": expected int64 [" + std::to_string(s[0]) +
            "] (one label per image), got " + labels.dtype + " " + shapeText(labels.shape);
    return false;
  }
  out.count = size_t(s[0]);
  out.images.resize(out.count * kPixels);
  out.labels.resize(out.count);
  std::memcpy(out.images.data(), images.data.data(), images.data.size());
  std::memcpy(out.labels.data(), labels.data.data(), labels.data.size());
  for (size_t i = 0; i < out.count; ++i)
    if (out.labels[i] < 0 || out.labels[i] >= kClasses) {
      error = labelsPath + ": label " + std::to_string(i) + " is " + std::to_string(out.labels[i]) +
              ", accepted range is [0, 9]";
      return false;
    }
  if (out.count == 0) {
    error = imagesPath + ": holds no images";
    return false;
  }
  return true;
}

void shiftImage(const float *source, int dx, int dy, float *target) {
  std::fill(target, target + kPixels, 0.0f);
  for (int y = std::max(0, dy); y < std::min(kSide, kSide + dy); ++y)
    for (int x = std::max(0, dx); x < std::min(kSide, kSide + dx); ++x)
      target[y * kSide + x] = source[(y - dy) * kSide + (x - dx)];
}

void normalizePixels(float *pixels, size_t count) {
  constexpr float kMean = 0.1307f, kDeviation = 0.3081f;
  for (size_t i = 0; i < count; ++i)
    pixels[i] = (pixels[i] - kMean) / kDeviation;
}
