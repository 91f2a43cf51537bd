// Times one ONNX model in ONNX Runtime (npm onnxruntime-node), run at its
// best as ../shared/PEERS.md describes: all graph optimizations, T intra-op
// threads, one inter-op thread. Prints the median and minimum latency in ms.
//
// usage: node ort_runner.js MODEL.onnx THREADS RUNS NAME=FILE.bin:D0,D1,... ...
//   (each FILE.bin holds the input's raw little-endian float32 or, with a
//    ":int64" suffix after the shape, int64 values)
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));

async function main() {
  const [modelPath, threadsText, runsText, ...specs] = process.argv.slice(2);
  const threads = Number(threadsText), runs = Number(runsText);
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const feeds = {};
  for (const spec of specs) {
    const [name, rest] = spec.split('=');
    const [file, dimsText, kind] = rest.split(':');
    const dims = dimsText.split(',').map(Number);
    const bytes = fs.readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    feeds[name] = kind === 'int64'
        ? new ort.Tensor('int64', new BigInt64Array(buffer), dims)
        : new ort.Tensor('float32', new Float32Array(buffer), dims);
  }
  for (let i = 0; i < 5; ++i)
    await session.run(feeds);  // warm-up
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`median ${times[Math.floor(times.length / 2)].toFixed(4)} ms, ` +
              `min ${times[0].toFixed(4)} ms`);
}

main().catch((error) => {
  console.error(`ort_runner: ${error.message}`);
  process.exit(1);
});
