#!/usr/bin/python3
"""Training steps: dlc against PyTorch on the same models, batches, optimizer
and threads (../shared/PEERS.md's rows).

Rows:
  lenet5    LeNet-5 (tanh, average pooling) batch 64, SGD with momentum 0.9
  resnet18  ResNet-18 for 3x32x32 (3x3 stem, no max-pool) batch 32, Adam
  encoder   transformer encoder layer d 256, 4 heads, ff 1024, seq 128,
            batch 16, Adam, MSE against a random target (dropout 0, so that
            the step is the same computation in both)
  mnist     wall time to 98% test accuracy on examples/mnist-lenet5's data
            (same LeNet-5, AdamW, cosine schedule, shifts, label smoothing)

dlc: the PyTorch model exported to ONNX, compiled with dlc --train, timed
by `dlc train` over whole epochs (the median epoch's time per step, the
first epoch left out as warm-up; batches assembled from .npy arrays
included). PyTorch: at its best as PEERS.md says (jemalloc, the OpenMP
OpenBLAS, torch.set_num_threads), the median of STEPS timed steps after 3
warm-up steps (at least 10), zero_grad + forward + loss + backward +
optimizer step. Steps per epoch: 100 for LeNet-5, 10 for the encoder, 2 for
ResNet-18 (whose dlc step takes seconds), unless --steps.

Each step row alternates dlc and PyTorch --rounds times (default 3) and
reports each side's median round: this VM's speed drifts by 10-20 % over
minutes, which skewed one-shot ratios either way.

usage: training.py DLC [--rows lenet5,resnet18,encoder,mnist] [--threads 1,2] [--steps N]
                       [--rounds N]
  (bench/run.sh runs it after the inference benchmark)
"""
import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "training"))
from bench import machine, torch_env  # noqa: E402
from torch_step_parity import LeNet5  # noqa: E402


def resnet18_cifar():
    model = torchvision.models.resnet18(num_classes=10)
    model.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
    model.maxpool = nn.Identity()
    return model


def encoder():
    return nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True)


# name: (factory, input shape with batch, loss, dlc flags, torch optimizer,
#        timed steps per epoch unless --steps)
ROWS = {
    "lenet5": (LeNet5, (64, 1, 32, 32), "cross_entropy",
               ["--optimizer", "momentum", "--lr", "0.01", "--momentum", "0.9"],
               lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), 100),
    "resnet18": (resnet18_cifar, (32, 3, 32, 32), "cross_entropy", ["--optimizer", "adam"],
                 lambda p: torch.optim.Adam(p, lr=1e-3), 2),
    "encoder": (encoder, (16, 128, 256), "mse", ["--optimizer", "adam", "--loss", "mse"],
                lambda p: torch.optim.Adam(p, lr=1e-3), 10),
}
EPOCH = re.compile(r"epoch \d+/\d+: loss [0-9.eE+-]+ \(mean of (\d+) steps\), ([0-9.]+) s")


def targets(loss, shape, count):
    if loss == "cross_entropy":
        return torch.randint(0, 10, (count,))
    return torch.randn(count, *shape[1:])


def torch_worker(name, threads, steps):
    """Runs in a child process with torch_env: prints the median step time."""
    torch.set_num_threads(threads)
    factory, shape, loss_name, _, make_optimizer, _ = ROWS[name]
    torch.manual_seed(0)
    model = factory().train()
    optimizer = make_optimizer(model.parameters())
    loss_fn = nn.CrossEntropyLoss() if loss_name == "cross_entropy" else nn.MSELoss()
    x = torch.randn(*shape)
    y = targets(loss_name, shape, shape[0])
    times = []
    for i in range(steps + 3):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
        if i >= 3:
            times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    print(f"median {times[len(times) // 2]:.4f} ms")


def time_torch(name, threads, steps):
    command = [sys.executable, __file__, "--torch-worker", name, "--threads", str(threads),
               "--steps", str(steps)]
    result = subprocess.run(command, env=torch_env(threads), capture_output=True, text=True)
    match = re.search(r"median ([0-9.]+) ms", result.stdout)
    if result.returncode != 0 or not match:
        raise RuntimeError("PyTorch failed: " + result.stderr.strip()[-300:])
    return float(match.group(1))


def compile_dlc(dlc, name, work):
    factory, shape, loss_name, flags, _, _ = ROWS[name]
    torch.manual_seed(0)
    model = factory().eval()
    onnx_path = os.path.join(work, name + ".onnx")
    torch.onnx.export(model, (torch.randn(*shape),), onnx_path, input_names=["input"],
                      output_names=["output"], opset_version=13, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)
    library = os.path.join(work, name + "_train.so")
    start = time.perf_counter()
    subprocess.run([dlc, onnx_path, "--train", "--batch", str(shape[0]), "--loss", loss_name,
                    *flags, "-o", library], check=True, capture_output=True)
    print(f"  {name}: dlc --train compiled in {time.perf_counter() - start:.1f} s", flush=True)
    return library


def time_dlc(dlc, name, library, threads, steps, work):
    _, shape, loss_name, _, _, _ = ROWS[name]
    x = os.path.join(work, name + "_x.npy")
    y = os.path.join(work, name + "_y.npy")
    if not os.path.exists(x):
        np.save(x, torch.randn(steps * shape[0], *shape[1:]).numpy())
        np.save(y, targets(loss_name, shape, steps * shape[0]).numpy())
    env = dict(os.environ, HL_NUM_THREADS=str(threads))
    result = subprocess.run([dlc, "train", library, "--data", "input=" + x, "--labels", y,
                             "--epochs", "4", "--no-shuffle"], env=env, capture_output=True,
                            text=True, check=True)
    per_step = sorted(float(s) / int(n) * 1e3 for n, s in EPOCH.findall(result.stderr)[1:])
    return per_step[len(per_step) // 2]


def mnist_wall_times(threads):
    """Seconds to the first epoch at >= 98% test accuracy: dlc's example
    program (its metrics.csv) and the same training in PyTorch."""
    data = os.path.join(ROOT, "build", "mnist")
    app = os.path.join(ROOT, "examples", "mnist-lenet5", "run.sh")
    out = os.path.join(ROOT, "build", "examples", "mnist-lenet5", "out")
    env = dict(os.environ, HL_NUM_THREADS=str(threads))
    subprocess.run(["bash", app], env=env, check=True, capture_output=True)
    elapsed, dlc_seconds = 0.0, None
    with open(os.path.join(out, "metrics.csv")) as metrics:
        for line in list(metrics)[1:]:
            epoch, _, accuracy, seconds = line.strip().split(",")
            elapsed += float(seconds)
            if float(accuracy) >= 98.0 and dlc_seconds is None:
                dlc_seconds = elapsed
    command = [sys.executable, __file__, "--mnist-worker", data, "--threads", str(threads)]
    result = subprocess.run(command, env=torch_env(threads), capture_output=True, text=True)
    match = re.search(r"reached 98% after ([0-9.]+) s", result.stdout)
    torch_seconds = float(match.group(1)) if match else None
    return dlc_seconds, torch_seconds


def mnist_worker(data, threads):
    """The example's training in PyTorch: LeNet-5, AdamW (lr 0.003, weight
    decay 0.05), label smoothing 0.1, cosine schedule over 30 epochs, shifts
    of up to 2 pixels, batch 64; evaluation after each epoch."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    load = lambda f: torch.from_numpy(np.load(os.path.join(data, f)))
    train_x, train_y = load("train_images.npy"), load("train_labels.npy")
    test_x = (load("test_images.npy") - 0.1307) / 0.3081
    test_y = load("test_labels.npy")
    model = LeNet5()
    epochs, batch = 30, 64
    steps = epochs * (len(train_y) // batch)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.003, weight_decay=0.05)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.5 * (1 + np.cos(np.pi * s / steps)))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    generator = np.random.default_rng(0)
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = generator.permutation(len(train_y))
        for b in range(len(train_y) // batch):
            index = order[b * batch:(b + 1) * batch]
            images = torch.zeros(batch, 1, 32, 32)
            for i, sample in enumerate(index):
                dx, dy = generator.integers(-2, 3, size=2)
                images[i] = torch.roll(train_x[sample], (int(dy), int(dx)), (1, 2))
            images = (images - 0.1307) / 0.3081
            optimizer.zero_grad()
            loss_fn(model(images), train_y[index]).backward()
            optimizer.step()
            schedule.step()
        model.eval()
        with torch.inference_mode():
            accuracy = (model(test_x).argmax(1) == test_y).float().mean().item() * 100
        if accuracy >= 98.0:
            print(f"reached 98% after {time.perf_counter() - start:.2f} s (epoch {epoch + 1})")
            return
    print(f"did not reach 98% in {epochs} epochs ({accuracy:.2f}%)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dlc", nargs="?")
    parser.add_argument("--rows", default="lenet5,resnet18,encoder,mnist")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--steps", type=int, help="timed steps per row (default: per row)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating dlc / PyTorch measurements per step row (median)")
    parser.add_argument("--torch-worker")
    parser.add_argument("--mnist-worker")
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    if args.torch_worker:
        return torch_worker(args.torch_worker, threads[0], args.steps or 10)
    if args.mnist_worker:
        return mnist_worker(args.mnist_worker, threads[0])

    rows = args.rows.split(",")
    lines = ["| row | threads | dlc | PyTorch | dlc / PyTorch |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as work:
        for name in rows:
            if name == "mnist":
                for t in threads:
                    dlc_s, torch_s = mnist_wall_times(t)
                    ratio = f"{dlc_s / torch_s:.2f}" if dlc_s and torch_s else "n/a"
                    fmt = lambda s: f"{s:.1f} s" if s else "not reached"
                    lines.append(f"| MNIST to 98% test accuracy | {t} | {fmt(dlc_s)} | "
                                 f"{fmt(torch_s)} | {ratio} |")
                    print(lines[-1], flush=True)
                continue
            library = compile_dlc(args.dlc, name, work)
            steps = args.steps or ROWS[name][5]
            for t in threads:
                # This VM's speed drifts by 10-20 % over minutes: the two
                # sides alternate, and each reports its median round.
                dlc_runs, torch_runs = [], []
                for _ in range(args.rounds):
                    dlc_runs.append(time_dlc(args.dlc, name, library, t, steps, work))
                    torch_runs.append(time_torch(name, t, max(steps, 10)))
                dlc_ms = sorted(dlc_runs)[len(dlc_runs) // 2]
                torch_ms = sorted(torch_runs)[len(torch_runs) // 2]
                lines.append(f"| {name} step | {t} | {dlc_ms:.2f} ms | {torch_ms:.2f} ms | "
                             f"{dlc_ms / torch_ms:.2f} |")
                print(lines[-1], flush=True)
    stamp = datetime.date.today().isoformat()
    cpu, isa = machine()
    # One file per date, host and vector ISA: VMs of the same name differ.
    path = os.path.join(HERE, "results", f"{stamp}-training-{platform.node()}-{isa}.md")
    with open(path, "w") as out:
        out.write(f"# Training steps, {stamp}, {platform.node()}\n\n")
        out.write(f"Machine: {cpu}, {isa.upper()}, {os.cpu_count()} CPUs.\n\n")
        out.write("Command: `/usr/bin/python3 bench/training.py build/compiler/dlc "
                  f"--rows {args.rows} --threads {args.threads} --rounds {args.rounds}"
                 + (f" --steps {args.steps}" if args.steps else "") + "`\n\n")
        out.write(f"Step rows: the median of {args.rounds} rounds per side, dlc and PyTorch "
                  "alternating.\n\n")
        out.write("\n".join(lines) + "\n")
    print("wrote " + path)


if __name__ == "__main__":
    sys.exit(main())
