// The MNIST arrays prepare_mnist.js writes, and the per-image operations the
// training loop applies to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

constexpr int kSide = 32; // images are 28x28 digits padded to 32x32
constexpr int kPixels = kSide * kSide;
constexpr int kClasses = 10;

// One split: `count` images of kPixels float32 pixels in [0, 1] (0 is the
// background) and their labels, 0 to 9.
struct MnistSet {
  size_t count = 0;
  std::vector<float> images;
  std::vector<int64_t> labels;
};

// Reads DIR/SPLIT_images.npy (float32 [N, 1, 32, 32]) and
// DIR/SPLIT_labels.npy (int64 [N], each in 0..9). On failure returns false
// and sets `error` to one line naming the file and the problem.
bool loadMnistSet(const std::string &dir, const std::string &split, MnistSet &out,
                  std::string &error);

// Writes `source` moved right by `dx` and down by `dy` pixels into `target`
// (both kPixels), filling the uncovered border with background (0).
void shiftImage(const float *source, int dx, int dy, float *target);

// Standardizes `count` pixels in place with the mean and deviation of the
// full MNIST training set's pixels (0.1307, 0.3081), as is customary;
// applied after shifting, so that the shifted-in border is background too.
void normalizePixels(float *pixels, size_t count);
