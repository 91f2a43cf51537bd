#include "plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr Rgb kWhite{255, 255, 255}, kBlack{0, 0, 0}, kGrid{225, 225, 225};
constexpr Rgb kLossColor{200, 40, 40}, kAccuracyColor{30, 80, 200}, kTargetColor{40, 150, 60};

// A 3x5 pixel font for the labels, only the characters they use ('#' is
// ink), so that the example needs no font library.
const char *glyph(char c) {
  static const struct {
    char c;
    const char *rows;
  } kFont[] = {
      {'0', "####.##.##.####"}, {'1', ".#.##..#..#.###"}, {'2', "###..#####..###"},
      {'3', "###..####..####"}, {'4', "#.##.####..#..#"}, {'5', "####..###..####"},
      {'6', "####..####.####"}, {'7', "###..#..#.#..#."}, {'8', "####.#####.####"},
      {'9', "####.####..####"}, {'.', ".............#."}, {'%', "#.#..#.#.#..#.#"},
      {'(', ".#.#..#..#...#."}, {')', ".#...#..#..#.#."}, {'-', "......###......"},
      {'A', ".#.#.#####.##.#"}, {'C', "####..#..#..###"}, {'E', "####..##.#..###"},
      {'H', "#.##.#####.##.#"}, {'I', "###.#..#..#.###"}, {'L', "#..#..#..#..###"},
      {'N', "#.########.##.#"}, {'O', "####.##.##.####"}, {'P', "####.#####..#.."},
      {'R', "##.#.###.#.##.#"}, {'S', "####..###..####"}, {'T', "###.#..#..#..#."},
      {'U', "#.##.##.##.####"}, {'Y', "#.##.#.#..#..#."},
  };
  for (const auto &g : kFont)
    if (g.c == c)
      return g.rows;
  return "...............";
}

constexpr int kTextScale = 2;
constexpr int kAdvance = 4 * kTextScale;

int textWidth(const std::string &text) { return int(text.size()) * kAdvance - kTextScale; }

void drawText(Raster &image, int x, int y, const std::string &text, Rgb color) {
  for (char c : text) {
    const char *rows = glyph(c);
    for (int i = 0; i < 15; ++i)
      if (rows[i] == '#')
        image.fill(x + (i % 3) * kTextScale, y + (i / 3) * kTextScale, x + (i % 3 + 1) * kTextScale,
                   y + (i / 3 + 1) * kTextScale, color);
    x += kAdvance;
  }
}

// A 2-pixel wide segment (Bresenham); `dash` > 0 leaves gaps of that length.
void drawLine(Raster &image, int x0, int y0, int x1, int y1, Rgb color, int dash = 0) {
  int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
  int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  for (int err = dx + dy, n = 0;; ++n) {
    if (dash == 0 || (n / dash) % 2 == 0)
      image.fill(x0, y0, x0 + 2, y0 + 2, color);
    if (x0 == x1 && y0 == y1)
      break;
    int e2 = 2 * err;
    if (e2 >= dy)
      err += dy, x0 += sx;
    if (e2 <= dx)
      err += dx, y0 += sy;
  }
}

// A value axis covering [lo, hi] in at most 8 steps of 1, 2 or 5 times a
// power of ten, its ends rounded out to whole steps.
struct Axis {
  double lo, hi, step;
  int decimals;
};

Axis niceAxis(double lo, double hi) {
  double span = std::max(hi - lo, 1e-6);
  double step = std::pow(10.0, std::floor(std::log10(span / 8)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (span / (step * m) <= 8) {
      step *= m;
      break;
    }
  Axis a{std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step, 0};
  a.decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return a;
}

std::string formatValue(double v, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

constexpr int kPlotWidth = 360, kPlotHeight = 240, kPanelWidth = 460;
constexpr int kMarginLeft = 70, kMarginTop = 40;

// One panel at horizontal offset `left`: a title, the axes with their
// labels, `values` per epoch, and a dashed line at `reference` (when not NaN).
void drawPanel(Raster &image, int left, const std::string &title, const Axis &axis,
               const std::vector<double> &values, Rgb color, double reference) {
  int x0 = left + kMarginLeft, y0 = kMarginTop, x1 = x0 + kPlotWidth, y1 = y0 + kPlotHeight;
  int epochs = int(values.size());
  auto px = [&](int epoch) {
    return epochs == 1 ? (x0 + x1) / 2 : x0 + (epoch - 1) * kPlotWidth / (epochs - 1);
  };
  auto py = [&](double v) {
    return y1 - int(std::lround((v - axis.lo) / (axis.hi - axis.lo) * kPlotHeight));
  };

  drawText(image, x0 + (kPlotWidth - textWidth(title)) / 2, 12, title, kBlack);
  for (double v = axis.lo; v <= axis.hi + axis.step / 2; v += axis.step) {
    int y = py(v);
    image.fill(x0, y, x1, y + 1, kGrid);
    image.fill(x0 - 5, y, x0, y + 1, kBlack);
    std::string label = formatValue(v, axis.decimals);
    drawText(image, x0 - 9 - textWidth(label), y - 5, label, kBlack);
  }
  int every = 1;
  for (int m : {1, 2, 5, 10, 20, 50, 100})
    if (epochs / m <= 12) {
      every = m;
      break;
    }
  for (int e = 1; e <= epochs; ++e)
    if (e == 1 || e % every == 0) {
      int x = px(e);
      image.fill(x, y1, x + 1, y1 + 5, kBlack);
      std::string label = std::to_string(e);
      drawText(image, x - textWidth(label) / 2, y1 + 9, label, kBlack);
    }
  drawText(image, x0 + (kPlotWidth - textWidth("EPOCH")) / 2, y1 + 27, "EPOCH", kBlack);
  image.fill(x0, y0, x0 + 1, y1 + 1, kBlack); // the axes
  image.fill(x0, y1, x1 + 1, y1 + 1, kBlack);

  if (!std::isnan(reference))
    drawLine(image, x0, py(reference), x1, py(reference), kTargetColor, 6);
  for (int e = 1; e <= epochs; ++e) {
    int x = px(e), y = py(values[e - 1]);
    image.fill(x - 2, y - 2, x + 3, y + 3, color);
    if (e > 1)
      drawLine(image, px(e - 1), py(values[e - 2]), x, y, color);
  }
}

} // namespace

Raster drawCurves(const std::vector<EpochMetrics> &metrics, double targetPercent) {
  std::vector<double> loss, accuracy;
  for (const EpochMetrics &m : metrics) {
    loss.push_back(m.trainLoss);
    accuracy.push_back(m.testAccuracy);
  }
  Raster image(2 * kPanelWidth, kMarginTop + kPlotHeight + 50, kWhite);
  if (metrics.empty())
    return image;
  double maxLoss = *std::max_element(loss.begin(), loss.end());
  double minAccuracy = *std::min_element(accuracy.begin(), accuracy.end());
  drawPanel(image, 0, "TRAIN LOSS", niceAxis(0, maxLoss), loss, kLossColor, NAN);
  drawPanel(image, kPanelWidth, "TEST ACCURACY (%)",
            niceAxis(std::min(minAccuracy, targetPercent), 100), accuracy, kAccuracyColor,
            targetPercent);
  return image;
}

Raster drawFilters(const std::vector<float> &weights, int count, int height, int width, int scale) {
  constexpr int kGap = 8;
  Raster image(kGap + count * (width * scale + kGap), height * scale + 2 * kGap, kWhite);
  for (int f = 0; f < count; ++f) {
    const float *w = &weights[size_t(f) * height * width];
    auto [lo, hi] = std::minmax_element(w, w + height * width);
    float range = *hi - *lo;
    int left = kGap + f * (width * scale + kGap);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        float v = range > 0 ? (w[y * width + x] - *lo) / range : 0.5f;
        uint8_t grey = uint8_t(std::lround(v * 255));
        image.fill(left + x * scale, kGap + y * scale, left + (x + 1) * scale,
                   kGap + (y + 1) * scale, Rgb{grey, grey, grey});
      }
  }
  return image;
}
