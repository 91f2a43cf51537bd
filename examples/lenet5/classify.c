/* Classifies one 32x32 image with LeNet-5 compiled by dlc, calling the
 * library through its generated header only (no dlc runtime needed).
 *
 * usage: lenet5_classify [IMAGE.f32]
 *   IMAGE.f32: 1024 raw little-endian float32 pixels; without it, a drawn
 *   digit "7" is used. The weights are randomly initialized (dlc init), so
 *   the prediction shows the pipeline working, not a trained network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenet5.h"

enum { kSide = 32, kPixels = kSide * kSide, kClasses = 10 };

static void draw_seven(float *image) {
  memset(image, 0, kPixels * sizeof(float));
  for (int x = 8; x < 24; ++x) /* the bar */
    image[7 * kSide + x] = image[8 * kSide + x] = 1.0f;
  for (int y = 9; y < 26; ++y) { /* the stroke, down and to the left */
    int x = 23 - (y - 9) / 2;
    image[y * kSide + x] = image[y * kSide + x - 1] = 1.0f;
  }
}

static int read_image(const char *path, float *image) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "error: %s: cannot open\n", path);
    return 0;
  }
  size_t n = fread(image, sizeof(float), kPixels, f);
  fclose(f);
  if (n != kPixels) {
    fprintf(stderr, "error: %s: expected %d float32 pixels, read %zu\n", path, kPixels, n);
    return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  static float image[kPixels];
  float scores[kClasses];
  if (argc > 1 ? !read_image(argv[1], image) : (draw_seven(image), 0))
    return 1;

  size_t arena_bytes = (LENET5_ARENA_BYTES + 63) / 64 * 64;
  void *arena = aligned_alloc(LENET5_ARENA_ALIGNMENT, arena_bytes ? arena_bytes : 64);
  if (!arena) {
    fprintf(stderr, "error: cannot allocate %zu bytes\n", arena_bytes);
    return 1;
  }
  void *inputs[LENET5_INPUT_COUNT] = {image};
  void *outputs[LENET5_OUTPUT_COUNT] = {scores};
  int status = lenet5_run(lenet5_weights(), arena, inputs, outputs);
  free(arena);
  if (status != 0) {
    fprintf(stderr, "error: lenet5_run failed with code %d\n", status);
    return 1;
  }

  int best = 0;
  printf("class scores:");
  for (int c = 0; c < kClasses; ++c) {
    printf(" %d:%.4f", c, scores[c]);
    if (scores[c] > scores[best])
      best = c;
  }
  printf("\nprediction: %d\n", best);
  return 0;
}
