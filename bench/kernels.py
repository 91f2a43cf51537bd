#!/usr/bin/env python3
"""Kernel efficiency: dlc's 3x3 64->64 convolution at 56x56 and a 1024^3 GEMM
in GFLOP/s, next to OpenBLAS's sgemm measured in the same run and threads.

  bench/kernels.py DLC [--threads 1,2] [--runs 20]
"""
import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
import time

# The machine's environment pins OpenBLAS to its Haswell kernels and a 512 KB
# L2 (../shared/PEERS.md): half its speed here. OpenBLAS reads them once, when
# it loads, and numpy loads the same library: they go before numpy.
for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(variable, None)

import numpy as np  # noqa: E402

OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0"
MEDIAN = re.compile(r"median ([0-9.]+) ms")

# name: (model JSON, input name, input shape, GFLOP per run)
KERNELS = {
    "conv 3x3 64->64 at 56x56": ("""{ name: "conv", inputs: [ { name: "x", shape: [1, 64, 56, 56] } ],
  outputs: [ { name: "y" } ],
  weights: [ { name: "w", shape: [64, 64, 3, 3], init: "he_normal" },
             { name: "b", shape: [64], init: "zeros" } ],
  nodes: [ { name: "conv", op_type: "Conv2d", inputs: ["x", "w", "b"], outputs: ["y"],
             attributes: [ { name: "padding", kind: "Ints", ints: [1, 1, 1, 1] } ] } ] }""",
                                 "x", (1, 64, 56, 56), 2 * 64 * 64 * 9 * 56 * 56 / 1e9),
    "GEMM 1024^3 (constant rhs)": ("""{ name: "gemm", inputs: [ { name: "a", shape: [1024, 1024] } ],
  outputs: [ { name: "y" } ],
  weights: [ { name: "b", shape: [1024, 1024], init: "xavier_uniform" } ],
  nodes: [ { name: "mm", op_type: "MatMul", inputs: ["a", "b"], outputs: ["y"] } ] }""",
                                   "a", (1024, 1024), 2 * 1024 ** 3 / 1e9),
}


def dlc_ms(dlc, source, input_name, shape, threads, runs, work):
    model = os.path.join(work, "model.json")
    with open(model, "w") as f:
        f.write(source)
    initialized, library = os.path.join(work, "model.dlcm"), os.path.join(work, "model.so")
    subprocess.run([dlc, "init", model, "-o", initialized], check=True, capture_output=True)
    subprocess.run([dlc, initialized, "-o", library], check=True, capture_output=True)
    x = os.path.join(work, "x.npy")
    np.save(x, np.random.default_rng(0).standard_normal(shape).astype(np.float32))
    result = subprocess.run([dlc, "run", library, "--input", f"{input_name}={x}", "--repeat",
                             str(runs)], capture_output=True, text=True, check=True,
                            env=dict(os.environ, HL_NUM_THREADS=str(threads)))
    return float(MEDIAN.search(result.stdout).group(1))


def openblas_sgemm_ms(n, threads, runs):
    """cblas_sgemm from Debian's OpenMP OpenBLAS (what PyTorch links here)."""
    blas = ctypes.CDLL(OPENBLAS)
    blas.openblas_set_num_threads(threads)
    a, b = (np.random.default_rng(s).standard_normal((n, n)).astype(np.float32) for s in (1, 2))
    c = np.zeros((n, n), np.float32)
    pointer = lambda m: m.ctypes.data_as(ctypes.c_void_p)
    row_major, no_trans = 101, 111
    args = (row_major, no_trans, no_trans, n, n, n, ctypes.c_float(1.0), pointer(a), n,
            pointer(b), n, ctypes.c_float(0.0), pointer(c), n)
    for _ in range(3):
        blas.cblas_sgemm(*args)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        blas.cblas_sgemm(*args)
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dlc")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--runs", type=int, default=20)
    args, _ = parser.parse_known_args()
    print("| kernel | threads | dlc ms | dlc GFLOP/s | OpenBLAS sgemm 1024^3 GFLOP/s "
          "| dlc / OpenBLAS |\n|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as work:
        for t in (int(t) for t in args.threads.split(",")):
            blas_gflops = 2 * 1024 ** 3 / 1e9 / (openblas_sgemm_ms(1024, t, args.runs) / 1e3)
            for name, (source, input_name, shape, gflop) in KERNELS.items():
                ms = dlc_ms(args.dlc, source, input_name, shape, t, args.runs, work)
                gflops = gflop / (ms / 1e3)
                print(f"| {name} | {t} | {ms:.3f} | {gflops:.1f} | {blas_gflops:.1f} | "
                      f"{gflops / blas_gflops:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
