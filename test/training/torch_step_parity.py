#!/usr/bin/python3
"""Step parity with PyTorch: for small models with identical weights and
batches, two training steps of each optimizer in dlc (dlc --train, then
dlc train --steps 2 --dump-params) give the losses and updated parameters
(and batch-norm running statistics) of torch.optim within 1e-4 relative,
PyTorch run in float64 as the reference. Where PyTorch's own float32 run
is further than that from its float64 one (Adam-like updates of near-zero
gradients), dlc must be within 1.5x of PyTorch's float32 error.

For the cases in CHECKPOINTS, `dlc train --save` also writes a checkpoint
(an ONNX model with the trained initializers): it must be a valid ONNX
model, and `dlc CKPT.onnx -o lib.so` then `dlc run` must give PyTorch's
eval-mode output of the trained model within the same tolerance.

Usage: torch_step_parity.py DLC [CASE...]   (all cases by default)
Each model is exported to ONNX in eval mode with its BatchNormalization
nodes kept, which dlc --train turns into training-mode batch norm.
"""
import copy
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import torch
import torch.nn as nn

torch.manual_seed(0)
BATCH = 8
TOLERANCE = 1e-4


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = nn.functional.avg_pool2d(torch.tanh(self.conv1(x)), 2)
        x = nn.functional.avg_pool2d(torch.tanh(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))


class BatchNormCnn(nn.Module):
    """Convolutions with batch norm, ReLU, max and average pooling, padding,
    a stride and a residual addition."""

    def __init__(self):
        super().__init__()
        # No bias before a batch norm: its gradient is exactly 0, and the
        # adaptive optimizers would turn the rounding noise into steps.
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.conv3 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.relu(x + self.bn2(self.conv2(x)))
        x = nn.functional.avg_pool2d(torch.relu(self.conv3(x)), 1)
        return self.fc(torch.flatten(x, 1))


class DecoderCnn(nn.Module):
    """The layers with composed gradient rules: a strided transposed
    convolution, group norm, leaky ReLU, ELU, hard swish, PReLU, a strided
    slice, clamp, abs, an element-wise maximum, bilinear and nearest
    resizing, and an amax."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1, output_padding=1)
        self.norm = nn.GroupNorm(2, 6)
        self.prelu = nn.PReLU(6)
        self.fc = nn.Linear(6 * 10, 10)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.conv(x), 0.1)
        x = self.norm(self.up(x))
        x = torch.maximum(nn.functional.elu(x), nn.functional.hardswish(x))
        x = self.prelu(x)[:, :, ::2, 1::2]
        x = torch.clamp(x, -0.5, 1.0) + 0.1 * torch.abs(x)
        x = nn.functional.interpolate(x, size=(6, 5), mode="bilinear", align_corners=False)
        x = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        x = torch.amax(x, dim=2)
        return self.fc(torch.flatten(x, 1))


class Mlp(nn.Module):
    def __init__(self, outputs):
        super().__init__()
        self.fc1 = nn.Linear(12, 16)
        self.fc2 = nn.Linear(16, outputs)

    def forward(self, x):
        return self.fc2(torch.sigmoid(self.fc1(x)))


def mix(h):
    """dlc.dropout's hash (lowbias32), on uint64 arrays of 32-bit words."""
    u = np.uint64
    h = np.asarray(h, dtype=np.uint64)
    h = h ^ (h >> u(16))
    h = (h * u(0x7FEB352D)) & u(0xFFFFFFFF)
    h = h ^ (h >> u(15))
    h = (h * u(0x846CA68B)) & u(0xFFFFFFFF)
    return h ^ (h >> u(16))


class HashDropout(nn.Module):
    """dlc's dropout (DLCOps.td, dlc.dropout): the mask of dropout number
    `ordinal` of the step `steps["step"]` with dlc's default --seed 0, so
    that PyTorch computes the step with dlc's masks."""

    def __init__(self, ratio, ordinal, steps):
        super().__init__()
        self.ratio = float(np.float32(ratio))  # the exported ONNX ratio is float32
        self.seed = mix(mix(ordinal + 1))  # opSeed(0, ordinal): 0 ^ mix(0 + ordinal + 1)
        self.steps = steps

    def forward(self, x):
        key = mix((self.seed + mix(self.steps["step"])) & np.uint64(0xFFFFFFFF))
        bits = mix(np.arange(x.numel(), dtype=np.uint64) ^ key)
        keep = bits >= np.uint64(np.floor(self.ratio * 2.0**32))
        mask = torch.from_numpy(keep.reshape(tuple(x.shape))).to(x.dtype)
        return x * mask / (1.0 - self.ratio)


class DropoutMlp(nn.Module):
    """Two dropouts, exported in training mode; the reference swaps them for
    HashDropout."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 32)
        self.drop1 = nn.Dropout(0.3)
        self.fc2 = nn.Linear(32, 24)
        self.drop2 = nn.Dropout(0.5)
        self.fc3 = nn.Linear(24, 10)

    def forward(self, x):
        x = self.drop1(torch.relu(self.fc1(x)))
        return self.fc3(self.drop2(torch.tanh(self.fc2(x))))

    def with_dlc_masks(self, steps):
        self.drop1 = HashDropout(0.3, 0, steps)
        self.drop2 = HashDropout(0.5, 1, steps)
        return self


class EmbeddingMlp(nn.Module):
    """nn.Embedding (an ONNX Gather of the table by the int64 token ids, whose
    gradient dlc computes with dlc.gather_grad), mean over the sequence, tanh,
    linear."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8)
        self.fc = nn.Linear(8, 10)

    def forward(self, tokens):
        return self.fc(torch.tanh(self.embed(tokens).mean(dim=1)))


def transformer_encoder():
    # Dropout 0: the attention's dropout is a function call, not a module
    # the reference could give dlc's masks (the MLP case checks dropout).
    return nn.TransformerEncoderLayer(32, 2, 64, dropout=0.0, batch_first=True)


def transformer_gelu():
    # Pre-norm with GELU, exported at opset 17: LayerNormalization stays one
    # op (dlc.layer_norm) and GELU is Erf arithmetic.
    return nn.TransformerEncoderLayer(32, 2, 64, dropout=0.0, activation="gelu",
                                      batch_first=True, norm_first=True)


OPTIMIZERS = {
    "sgd": (lambda p: torch.optim.SGD(p, lr=0.05), ["--lr", "0.05"]),
    "momentum": (lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=1e-3),
                 ["--lr", "0.05", "--momentum", "0.9", "--weight-decay", "1e-3"]),
    "nesterov": (lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
                 ["--lr", "0.05", "--momentum", "0.8"]),
    # The adaptive optimizers divide by sqrt(v) + eps: with the default eps
    # (1e-8), a gradient that is a near-zero sum of float32 terms (rounding
    # ~1e-10) moves its parameter by up to lr * 1e-10 / eps, ~1 % of lr, in
    # either framework. eps = 1e-3 keeps the check about the update rule.
    # RMSprop's first steps move each weight by ~10 lr: a small lr keeps them apart
    # from float32 rounding (torch float32 and float64 differ by 5e-5 at lr 0.01).
    "rmsprop": (lambda p: torch.optim.RMSprop(p, lr=0.002, eps=1e-3),
                ["--lr", "0.002", "--eps", "1e-3"]),
    "adam": (lambda p: torch.optim.Adam(p, lr=0.01, eps=1e-3, weight_decay=1e-2),
             ["--lr", "0.01", "--eps", "1e-3", "--weight-decay", "1e-2"]),
    "adamw": (lambda p: torch.optim.AdamW(p, lr=0.01, eps=1e-3),
              ["--lr", "0.01", "--eps", "1e-3"]),
}

# name: (model factory, input shape, loss, target maker, dlc loss flags)
def class_targets(n, classes=10):
    return torch.randint(0, classes, (n,))


CASES = {
    "lenet5": (LeNet5, (1, 32, 32), nn.CrossEntropyLoss(), class_targets, ["--loss", "cross_entropy"]),
    "batch_norm_cnn": (BatchNormCnn, (3, 16, 16), nn.CrossEntropyLoss(label_smoothing=0.1),
                       class_targets, ["--loss", "cross_entropy", "--label-smoothing", "0.1"]),
    "transformer_encoder": (transformer_encoder, (6, 32), nn.MSELoss(),
                            lambda n: torch.randn(n, 6, 32), ["--loss", "mse"]),
    "transformer_gelu": (transformer_gelu, (6, 32), nn.MSELoss(),
                         lambda n: torch.randn(n, 6, 32), ["--loss", "mse"]),
    "mlp_mse": (lambda: Mlp(3), (12,), nn.MSELoss(), lambda n: torch.randn(n, 3), ["--loss", "mse"]),
    "mlp_bce": (lambda: Mlp(4), (12,), nn.BCEWithLogitsLoss(),
                lambda n: (torch.rand(n, 4) > 0.5).float(), ["--loss", "bce"]),
    "mlp_dropout": (DropoutMlp, (12,), nn.CrossEntropyLoss(), class_targets,
                    ["--loss", "cross_entropy"]),
    "decoder_cnn": (DecoderCnn, (3, 8, 8), nn.CrossEntropyLoss(), class_targets,
                    ["--loss", "cross_entropy"]),
    "embedding_mlp": (EmbeddingMlp, (6,), nn.CrossEntropyLoss(), class_targets,
                      ["--loss", "cross_entropy"]),
}
# Inputs other than standard normal floats: token ids (20 of them, so
# that ids repeat within a batch).
INPUTS = {"embedding_mlp": lambda n, shape: torch.randint(0, 20, (n, *shape))}
# Cases that check their layers' gradient rules rather than the optimizers
# (the other cases run all six): two optimizers each, to save time.
CASE_OPTIMIZERS = {"decoder_cnn": ["momentum", "adam"], "embedding_mlp": ["sgd", "adamw"]}
# Exported with torch.onnx.TrainingMode.TRAINING, so that Dropout nodes stay.
TRAINING_EXPORTS = {"mlp_dropout"}
OPSETS = {"transformer_gelu": 17}  # the others: 13
# Cases whose training run with this optimizer also saves a checkpoint.
CHECKPOINTS = {"batch_norm_cnn": "momentum", "transformer_encoder": "adam"}


def relative_error(got, want):
    scale = max(float(np.abs(want).max()), 1e-6)
    return float(np.abs(got - want).max()) / scale


def run_case(dlc, name, optimizer, work):
    factory, shape, loss_fn, targets, loss_flags = CASES[name]
    torch.manual_seed(1)
    model = factory()
    # Distinct values everywhere: the exporter merges identical initializers
    # (two layer norms' ones and zeros) into one.
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.01 * torch.randn_like(p))
        for b in model.buffers():  # running statistics (variances stay positive)
            if b.dtype.is_floating_point:
                b.add_(0.01 * torch.rand_like(b))
    x = INPUTS.get(name, lambda n, s: torch.randn(n, *s))(2 * BATCH, shape)
    y = targets(2 * BATCH)
    onnx_path = os.path.join(work, name + ".onnx")
    if not os.path.exists(onnx_path):
        training_export = name in TRAINING_EXPORTS
        model.train(training_export)
        torch.onnx.export(model, (x[:BATCH],), onnx_path, input_names=["input"],
                          output_names=["output"], opset_version=OPSETS.get(name, 13),
                          do_constant_folding=False,
                          training=torch.onnx.TrainingMode.TRAINING if training_export
                          else torch.onnx.TrainingMode.PRESERVE)
    np.save(os.path.join(work, name + "_x.npy"), x.numpy())
    np.save(os.path.join(work, name + "_y.npy"), y.numpy())

    make_optimizer, flags = OPTIMIZERS[optimizer]
    library = os.path.join(work, f"{name}_{optimizer}.so")
    subprocess.run([dlc, onnx_path, "--train", "--batch", str(BATCH), "--optimizer", optimizer,
                    *flags, *loss_flags, "-o", library], check=True)
    dump = os.path.join(work, f"{name}_{optimizer}_params")
    checkpoint = os.path.join(work, f"{name}_{optimizer}_trained.onnx")
    saving = ["--save", checkpoint] if CHECKPOINTS.get(name) == optimizer else []
    result = subprocess.run([dlc, "train", library, "--data", "input=" + os.path.join(work, name + "_x.npy"),
                             "--labels", os.path.join(work, name + "_y.npy"), "--steps", "2",
                             "--no-shuffle", "--dump-params", dump, *saving],
                            check=True, capture_output=True, text=True)
    dlc_loss = float(re.search(r"loss ([0-9.eE+-]+) \(mean of 2 steps\)", result.stderr).group(1))

    def torch_steps(dtype):
        """Two steps from the exported weights; the losses and state."""
        trained = copy.deepcopy(model).to(dtype).train()
        steps = {"step": 0}
        if hasattr(trained, "with_dlc_masks"):
            trained.with_dlc_masks(steps)
        opt = make_optimizer(trained.parameters())
        losses = []
        for step in range(2):
            steps["step"] = step + 1  # dlc's steps count from 1
            opt.zero_grad()
            batch = slice(step * BATCH, (step + 1) * BATCH)
            target = y[batch].to(dtype) if y.dtype.is_floating_point else y[batch]
            inputs = x[batch].to(dtype) if x.dtype.is_floating_point else x[batch]
            loss = loss_fn(trained(inputs), target)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        state = {k: v.double().numpy() for k, v in trained.state_dict().items()}
        return sum(losses) / 2, state, trained

    # The reference is PyTorch in float64; PyTorch's own float32 run shows
    # how far float32 rounding alone moves a parameter (adaptive optimizers
    # amplify it on near-zero gradients), and dlc passes within 1e-4 or
    # within 1.5x of that.
    exact_loss, exact, exact_model = torch_steps(torch.float64)
    torch32_loss, torch32, torch32_model = torch_steps(torch.float32)

    def check(name_, got, want, floor):
        error = relative_error(got, want)
        return error, error <= max(TOLERANCE, 1.5 * floor)

    worst, where, passed = 0.0, "loss", True
    loss_floor = abs(torch32_loss - exact_loss) / max(abs(exact_loss), 1e-6)
    error = abs(dlc_loss - exact_loss) / max(abs(exact_loss), 1e-6)
    worst, passed = error, error <= max(TOLERANCE, 1.5 * loss_floor)
    compared = 0
    for file in sorted(os.listdir(dump)):
        tensor_name = file[:-len(".npy")]
        if tensor_name not in exact:
            raise SystemExit(f"{name}/{optimizer}: dlc dumped '{tensor_name}', which the torch model lacks")
        floor = relative_error(torch32[tensor_name], exact[tensor_name])
        error, ok = check(tensor_name, np.load(os.path.join(dump, file)), exact[tensor_name], floor)
        compared += 1
        passed &= ok
        if error > worst:
            worst, where = error, tensor_name
    expected = [k for k in exact if not k.endswith("num_batches_tracked")]
    if compared != len(expected):
        raise SystemExit(f"{name}/{optimizer}: dlc dumped {compared} tensors, torch has {len(expected)}")
    if saving:
        error, ok = check_checkpoint(dlc, checkpoint, x[:BATCH], exact_model, torch32_model)
        print(f"{'    ' if ok else 'FAIL'} {name} {optimizer} checkpoint: the inference library's "
              f"output is within {error:.2e} of PyTorch's trained model in eval mode", flush=True)
        passed &= ok
        if error > worst:
            worst, where = error, "checkpoint's inference output"
    return worst, where, passed


def check_checkpoint(dlc, checkpoint, x, exact_model, torch32_model):
    """Compiles the checkpoint for inference and runs it on `x`: the error
    against PyTorch's trained model in eval mode, and whether it passes."""
    onnx.checker.check_model(onnx.load(checkpoint))
    base = checkpoint[:-len(".onnx")]
    subprocess.run([dlc, checkpoint, "-o", base + ".so"], check=True, capture_output=True)
    np.save(base + "_x.npy", x.numpy())
    subprocess.run([dlc, "run", base + ".so", "--input", "input=" + base + "_x.npy",
                    "--output-dir", base + "_out"], check=True, capture_output=True)
    got = np.load(os.path.join(base + "_out", "output.npy"))
    with torch.no_grad():
        want = exact_model.eval()(x.double() if x.dtype.is_floating_point else x).numpy()
        floor = relative_error(torch32_model.eval()(x).numpy(), want)
    error = relative_error(got, want)
    return error, error <= max(TOLERANCE, 1.5 * floor)


def main():
    dlc = sys.argv[1]
    names = sys.argv[2:] or list(CASES)
    failures = 0
    checks = 0
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            for optimizer in CASE_OPTIMIZERS.get(name, OPTIMIZERS):
                worst, where, ok = run_case(dlc, name, optimizer, work)
                checks += 1
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {name:16s} {optimizer:9s} max relative error "
                      f"{worst:.2e} ({where})", flush=True)
    print(f"{checks - failures}/{checks} step-parity checks passed (against PyTorch in float64: "
          f"within {TOLERANCE}, or 1.5x PyTorch float32's own error)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
