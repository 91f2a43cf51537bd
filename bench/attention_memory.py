#!/usr/bin/python3
"""Time and peak memory of one long attention, by attention kernel.

Builds an ONNX model softmax((q * scale) kᵀ) v on graph inputs q, k, v of
[batch, heads, seq, depth] (the scale is applied to q, the form
dlc-fuse-attention recognizes), random inputs, and compiles it three ways:
  flash     the default: dlc.attention with dlc-tile-attention's blocks
  row       --attention-tiles 0: dlc.attention one query row at a time
  unfused   --no-fuse-attention: matmul, softmax, matmul (scores materialized)
Each library runs under `/usr/bin/time -v` with `dlc run --repeat N`; the
table gives dlc run's median latency and the process's maximum resident set
size (inputs, outputs and the arena included), per HL_NUM_THREADS, and
GFLOP/s counting 4·B·H·S²·D (the two products; the q scaling, a separate
small kernel, is in the time). "CPU ms per run" is the process's user +
system time over its runs (one untimed, then --repeat), reading the .npy
files included: with 1 thread on a shared machine it shows the work when
the latency is inflated by other processes.

usage: attention_memory.py DLC_BINARY [--seq 8192] [--heads 8] [--depth 64]
           [--threads 1,2] [--repeat 3] [--variants flash,row,unfused]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper


def build_model(path, batch, heads, seq, depth):
    shape = [batch, heads, seq, depth]
    scale = np.array(1.0 / np.sqrt(depth), dtype=np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Mul", ["q", "scale"], ["qs"]),
            helper.make_node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]),
            helper.make_node("MatMul", ["qs", "kt"], ["scores"]),
            helper.make_node("Softmax", ["scores"], ["probs"], axis=-1),
            helper.make_node("MatMul", ["probs", "v"], ["out"]),
        ],
        "attention",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in "qkv"],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, shape)],
        [helper.make_tensor("scale", TensorProto.FLOAT, [], [float(scale)])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


VARIANTS = {
    "flash": [],
    "row": ["--attention-tiles", "0"],
    "unfused": ["--no-fuse-attention"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dlc")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--seq", type=int, default=8192)
    parser.add_argument("--depth", type=int, default=64)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variants", default="flash,row,unfused")
    args = parser.parse_args()
    dlc = os.path.abspath(args.dlc)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dlc-attention-") as tmp:
        model = os.path.join(tmp, "attention.onnx")
        build_model(model, args.batch, args.heads, args.seq, args.depth)
        rng = np.random.default_rng(0)
        shape = (args.batch, args.heads, args.seq, args.depth)
        inputs = []
        for name in "qkv":
            path = os.path.join(tmp, name + ".npy")
            np.save(path, rng.uniform(-1, 1, shape).astype(np.float32))
            inputs += ["--input", f"{name}={path}"]
        for variant in args.variants.split(","):
            library = os.path.join(tmp, variant + ".so")
            subprocess.run([dlc, model, "-o", library] + VARIANTS[variant], check=True)
            for threads in args.threads.split(","):
                env = dict(os.environ, HL_NUM_THREADS=threads)
                run = subprocess.run(
                    ["/usr/bin/time", "-v", dlc, "run", library, "--repeat", str(args.repeat)]
                    + inputs + ["--output-dir", os.path.join(tmp, "out")],
                    env=env, capture_output=True, text=True, check=True)
                median = re.search(r"median ([0-9.]+) ms", run.stdout).group(1)
                rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                                        run.stderr).group(1))
                cpu_s = sum(float(re.search(pattern, run.stderr).group(1))
                            for pattern in (r"User time \(seconds\): ([0-9.]+)",
                                            r"System time \(seconds\): ([0-9.]+)"))
                # dlc run runs once more before the timed runs.
                cpu_ms = cpu_s * 1e3 / (args.repeat + 1)
                rows.append((variant, threads, float(median), cpu_ms, rss_kib / 1024))
                print(f"{variant} threads={threads}: {median} ms, CPU {cpu_ms:.0f} ms/run, "
                      f"{rss_kib / 1024:.0f} MiB", file=sys.stderr)
    b, h, s, d = args.batch, args.heads, args.seq, args.depth
    scores_mib = b * h * s * s * 4 / 2**20
    operands_mib = 4 * b * h * s * d * 4 / 2**20
    print(f"Attention [batch {b}, heads {h}, seq {s}, depth {d}], `dlc run --repeat "
          f"{args.repeat}` (median) under `/usr/bin/time -v`. For reference: the score matrix "
          f"(B·H·S·S float32) is {scores_mib:.0f} MiB; q, k, v and the output together "
          f"{operands_mib:.0f} MiB (the .npy inputs are read into memory as well).\n")
    flops = 4.0 * b * h * s * s * d  # QKᵀ and P·V; softmax not counted
    print("| variant | HL_NUM_THREADS | time ms | GFLOP/s | CPU ms per run | peak RSS MiB "
          "| score matrix MiB |")
    print("|---|---|---|---|---|---|---|")
    names = {"flash": "flash (default tiles)", "row": "row at a time (--attention-tiles 0)",
             "unfused": "unfused (--no-fuse-attention)"}
    for variant, threads, ms, cpu_ms, rss in rows:
        print(f"| {names[variant]} | {threads} | {ms:.3f} | {flops / ms * 1e-6:.1f} "
              f"| {cpu_ms:.0f} | {rss:.0f} | {scores_mib:.0f} |")


if __name__ == "__main__":
    main()
