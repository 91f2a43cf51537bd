#!/usr/bin/python3
"""dlc against PyTorch and ONNX Runtime on the same models, inputs and threads.

Each row: the PyTorch model (random weights, seed 0) is exported to ONNX with
static shapes, compiled by dlc, and timed in the three runtimes, each at its
best as ../shared/PEERS.md describes (ONNX Runtime with all graph
optimizations; PyTorch with jemalloc, the OpenMP OpenBLAS and
inference_mode; dlc through `dlc run --repeat`, Halide's thread pool sized by
HL_NUM_THREADS). The figure is the median of RUNS timed runs after warm-up.
Printed per row and thread count: latency in ms, dlc's GFLOP/s, and the
ratio dlc / best peer (below 1.0: dlc is faster). The table also goes to
bench/results/DATE-HOST-ISA.md (ISA: avx512 or avx2).

usage: bench.py DLC_BINARY [--models a,b,...] [--threads 1,2] [--runs 20]
  (run through bench/run.sh, which installs the peers first)
"""
import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "conformance"))
import torch_models  # noqa: E402  (the conformance suite's model factories)


def encoder_layer():
    return torch.nn.TransformerEncoderLayer(512, 8, batch_first=True)


# name: (factory, input shape, GFLOP per sample from ../shared/PEERS.md)
MODELS = {
    "lenet5_b8": (torch_models.LeNet5, (8, 1, 32, 32), 0.0067 / 8),
    "lenet5_b64": (torch_models.LeNet5, (64, 1, 32, 32), 0.0067 / 8),
    "alexnet": (torch_models.MODELS["alexnet"][0], (1, 3, 224, 224), 1.43),
    "vgg16": (torch_models.MODELS["vgg16"][0], (1, 3, 224, 224), 30.9),
    "resnet18": (torch_models.MODELS["resnet18"][0], (1, 3, 224, 224), 3.63),
    "resnet50": (torch_models.MODELS["resnet50"][0], (1, 3, 224, 224), 8.18),
    "mobilenet_v2": (torch_models.MODELS["mobilenet_v2"][0], (1, 3, 224, 224), 0.60),
    "efficientnet_b0": (torch_models.MODELS["efficientnet_b0"][0], (1, 3, 224, 224), 0.77),
    "inception_v3": (torch_models.MODELS["inception_v3"][0], (1, 3, 299, 299), 11.4),
    "vit_b_16": (torch_models.vit_b_16, (1, 3, 224, 224), 35.1),
    "encoder_s128_b1": (encoder_layer, (1, 128, 512), 0.84),
    "encoder_s128_b8": (encoder_layer, (8, 128, 512), 6.71 / 8),
    "encoder_s512_b1": (encoder_layer, (1, 512, 512), 3.76),
}

MEDIAN = re.compile(r"median ([0-9.]+) ms")
# dlc -v: "glue: N kernel calls, arena A bytes (B without reuse)"
ARENA = re.compile(r"glue: (\d+) kernel calls, arena (\d+) bytes \((\d+) without reuse\)")
MEMORY_ROWS = []  # (model, kernel calls, arena bytes, sum of all intermediates)


def machine():
    """The CPU's model name (with family and model numbers) and its widest
    vector ISA, avx512 or avx2, from /proc/cpuinfo."""
    fields = {}
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
            if not line.strip():
                break
    isa = "avx512" if "avx512f" in fields.get("flags", "").split() else "avx2"
    cpu = (f"{fields.get('model name', 'unknown CPU')} (family {fields.get('cpu family', '?')}, "
           f"model {fields.get('model', '?')})")
    return cpu, isa


def torch_env(threads):
    """PyTorch at its best here (../shared/PEERS.md)."""
    env = dict(os.environ)
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(variable, None)
    jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
    openmp = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
    # Without them PyTorch runs 7-80 % slower here, and every ratio would
    # flatter dlc: refuse rather than measure a handicapped peer.
    if not os.path.exists(jemalloc) or not os.path.isdir(openmp):
        raise SystemExit("bench: PyTorch's peers (jemalloc, the OpenMP OpenBLAS) are not "
                         "installed; run `bash bench/setup.sh` first (bench/run.sh does)")
    env["LD_PRELOAD"] = jemalloc
    env["MALLOC_CONF"] = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    env["LD_LIBRARY_PATH"] = openmp
    with open("/proc/cpuinfo") as cpuinfo:
        avx512 = " avx512f" in cpuinfo.read()
    env["ATEN_CPU_CAPABILITY"] = "avx512" if avx512 else "avx2"
    env["OMP_NUM_THREADS"] = str(threads)
    return env


def torch_worker(name, threads, runs):
    """Runs in a child process with torch_env: prints the median latency."""
    import time
    torch.set_num_threads(threads)
    factory, shape, _ = MODELS[name]
    torch.manual_seed(0)
    model = factory().eval()
    x = torch.randn(*shape)
    times = []
    with torch.inference_mode():
        for _ in range(5):
            model(x)
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    print(f"median {times[len(times) // 2]:.4f} ms, min {times[0]:.4f} ms")


def median_of(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    match = MEDIAN.search(result.stdout)
    if result.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(command[:3])}... failed: "
                           f"{(result.stderr or result.stdout).strip()[-300:]}")
    return float(match.group(1))


def measure(dlc, name, threads, runs, work):
    factory, shape, gflop = MODELS[name]
    torch.manual_seed(0)
    model = factory().eval()
    x = torch.randn(*shape)
    onnx_path = os.path.join(work, name + ".onnx")
    # Grad enabled: PyTorch 1.13's fused transformer path (no_grad) cannot export.
    torch.onnx.export(model, (x,), onnx_path, input_names=["input"], output_names=["output"],
                      opset_version=13)
    library = os.path.join(work, name + ".so")
    compiled = subprocess.run([dlc, onnx_path, "-o", library, "-v"], check=True,
                              capture_output=True, text=True)
    memory = ARENA.search(compiled.stderr)
    if memory:
        MEMORY_ROWS.append((name, int(memory.group(1)), int(memory.group(2)),
                            int(memory.group(3))))
    npy, raw = os.path.join(work, "input.npy"), os.path.join(work, "input.bin")
    np.save(npy, x.numpy())
    x.numpy().astype(np.float32).tofile(raw)
    rows = []
    for t in threads:
        dlc_ms = median_of([dlc, "run", library, "--input", f"input={npy}", "--repeat", str(runs)],
                           env=dict(os.environ, HL_NUM_THREADS=str(t)))
        ort_ms = median_of(["node", os.path.join(HERE, "ort_runner.js"), onnx_path, str(t),
                            str(runs), f"input={raw}:{','.join(map(str, shape))}"])
        torch_ms = median_of([sys.executable, os.path.abspath(__file__), "--torch-worker", name,
                              "--threads", str(t), "--runs", str(runs)], env=torch_env(t))
        total_gflop = gflop * shape[0]
        rows.append((name, t, dlc_ms, torch_ms, ort_ms, total_gflop / (dlc_ms / 1e3),
                     dlc_ms / min(torch_ms, ort_ms)))
    for path in (onnx_path, library):
        os.remove(path)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dlc", nargs="?")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--torch-worker")
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    if args.torch_worker:
        torch_worker(args.torch_worker, threads[0], args.runs)
        return 0
    names = args.models.split(",")
    unknown = [n for n in names if n not in MODELS]
    if unknown or not args.dlc:
        parser.error(f"unknown models {unknown} (known: {', '.join(MODELS)})" if unknown
                     else "needs the dlc binary")
    header = ("| model | threads | dlc ms | PyTorch ms | ONNX Runtime ms | dlc GFLOP/s "
              "| dlc / best peer |\n|---|---|---|---|---|---|---|")
    print(header, flush=True)
    lines = []
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            try:
                rows = measure(args.dlc, name, threads, args.runs, work)
            except (RuntimeError, subprocess.CalledProcessError) as error:
                line = f"| {name} | - | failed: {str(error).splitlines()[0][:120]} | | | | |"
                print(line, flush=True)
                lines.append(line)
                continue
            for n, t, dlc_ms, torch_ms, ort_ms, gflops, ratio in rows:
                line = (f"| {n} | {t} | {dlc_ms:.3f} | {torch_ms:.3f} | {ort_ms:.3f} | "
                        f"{gflops:.1f} | {ratio:.2f} |")
                print(line, flush=True)
                lines.append(line)
    mib = 1 << 20
    memory = ("\n| model | kernel calls | arena MiB | all intermediates MiB | arena / all |\n"
              "|---|---|---|---|---|\n" +
              "".join(f"| {n} | {calls} | {arena / mib:.2f} | {total / mib:.2f} | "
                      f"{arena / max(total, 1):.2f} |\n"
                      for n, calls, arena, total in MEMORY_ROWS))
    print(memory)
    stamp = datetime.date.today().isoformat()
    cpu, isa = machine()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    # One file per date, host and vector ISA: VMs of the same name differ.
    out = os.path.join(HERE, "results", f"{stamp}-{platform.node()}-{isa}.md")
    with open(out, "w") as f:
        f.write(f"# dlc vs PyTorch and ONNX Runtime, {stamp}\n\n")
        f.write(f"Machine: {cpu}, {isa.upper()}, {os.cpu_count()} CPUs. Median of {args.runs} "
                f"runs after warm-up; `bench/run.sh --models {args.models} --threads {args.threads}`.\n\n")
        f.write(header + "\n" + "\n".join(lines) + "\n")
        f.write("\nMemory planning: the arena each library allocates (liveness-based "
                "offsets) against the sum of all its intermediate tensors.\n" + memory)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
