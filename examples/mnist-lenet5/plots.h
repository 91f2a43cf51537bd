// The example's two pictures, drawn into rasters for writePng.
#pragma once

#include <vector>

#include "png.h"

struct EpochMetrics {
  int epoch;           // from 1
  double trainLoss;    // mean of the epoch's step losses
  double testAccuracy; // percent
  double seconds;      // the epoch's wall time, training and test
};

// Two panels side by side: the training loss and the test accuracy per
// epoch, each with labelled axes; the accuracy panel marks `targetPercent`
// with a dashed line.
Raster drawCurves(const std::vector<EpochMetrics> &metrics, double targetPercent);

// `count` filters of `height` x `width` weights (row-major, one after the
// other) side by side, each pixel a `scale` x `scale` square, grey-scaled
// per filter (its smallest weight black, its largest white).
Raster drawFilters(const std::vector<float> &weights, int count, int height, int width, int scale);
