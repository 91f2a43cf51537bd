#!/usr/bin/python3
"""Real models against PyTorch's own outputs.

Each model is built in PyTorch with a fixed seed (random initialization),
exported to ONNX (dynamic batch), compiled by dlc, run through `dlc run` and
compared with PyTorch's output: max |dlc - torch| / max |torch| must stay
within 1e-4. Each line also reports dlc's compile time and peak memory.
The models in DYNAMIC_BATCH are also compiled without --batch, keeping the
batch dynamic, and that one library is run at batch 1 and at batch 4.

usage: torch_models.py DLC_BINARY [MODEL ...]
  (Debian's python3-torch, python3-torchvision, python3-onnx)
"""
import math
import os
import re
import time
import subprocess
import sys
import tempfile

import numpy as np
import torch

TOLERANCE = 1e-4


class LeNet5(torch.nn.Module):
    """The LeNet-5 of the course: tanh, average pooling, softmax output."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 5)
        self.pool1 = torch.nn.AvgPool2d(2)
        self.conv2 = torch.nn.Conv2d(6, 16, 5)
        self.pool2 = torch.nn.AvgPool2d(2)
        self.fc1 = torch.nn.Linear(400, 120)
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.tanh(self.conv1(x)))
        x = self.pool2(torch.tanh(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.tanh(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return torch.softmax(self.fc3(x), dim=1)


class SmallCnn(torch.nn.Module):
    """ReLU, max pooling with padding, strided and grouped convolutions."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(),
            torch.nn.MaxPool2d(3, stride=2, padding=1),
            torch.nn.Conv2d(16, 32, 3, stride=2, padding=1, groups=2), torch.nn.Sigmoid(),
            torch.nn.Conv2d(32, 32, 1), torch.nn.ReLU())
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(32 * 6 * 6, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


class SmallUNet(torch.nn.Module):
    """A dense image-to-image network: two encoder levels with batch norm,
    transposed-convolution upsampling and skip concatenations."""

    def __init__(self, channels=3, classes=2, width=16):
        super().__init__()

        def block(cin, cout):
            return torch.nn.Sequential(
                torch.nn.Conv2d(cin, cout, 3, padding=1), torch.nn.BatchNorm2d(cout),
                torch.nn.ReLU(),
                torch.nn.Conv2d(cout, cout, 3, padding=1), torch.nn.BatchNorm2d(cout),
                torch.nn.ReLU())

        self.down1 = block(channels, width)
        self.down2 = block(width, 2 * width)
        self.bottom = block(2 * width, 4 * width)
        self.pool = torch.nn.MaxPool2d(2)
        self.up2 = torch.nn.ConvTranspose2d(4 * width, 2 * width, 2, stride=2)
        self.merge2 = block(4 * width, 2 * width)
        self.up1 = torch.nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.merge1 = block(2 * width, width)
        self.head = torch.nn.Conv2d(width, classes, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        b = self.bottom(self.pool(d2))
        u2 = self.merge2(torch.cat([self.up2(b), d2], dim=1))
        u1 = self.merge1(torch.cat([self.up1(u2), d1], dim=1))
        return self.head(u1)


class LayerZoo1d(torch.nn.Module):
    """Course layers over sequences: Conv1d (padding, stride, dilation),
    PReLU, MaxPool1d, AvgPool1d, ELU, LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.body = torch.nn.Sequential(
            torch.nn.Conv1d(4, 8, 3, padding=1), torch.nn.PReLU(8), torch.nn.MaxPool1d(2),
            torch.nn.Conv1d(8, 12, 3, stride=2, dilation=2, padding=2), torch.nn.ELU(),
            torch.nn.AvgPool1d(2), torch.nn.Flatten(), torch.nn.Linear(12 * 5, 10),
            torch.nn.LogSoftmax(dim=1))

    def forward(self, x):
        return self.body(x)


class TensorOps(torch.nn.Module):
    """Tensor plumbing: split (chunk), tile (repeat), transpose, slicing with
    a step, element-wise arithmetic with broadcasting, reductions, batched
    matmul, concatenation and the min/max/abs/sqrt/exp/log family."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(12, 12)

    def forward(self, x):
        a, b, c = torch.split(self.proj(x), [4, 4, 4], dim=2)  # Split
        t = a.repeat(1, 2, 1)                               # Tile
        s = b[:, ::2, :] * c[:, 1::2, :] - 0.5              # strided Slice, Mul, Sub
        scores = torch.matmul(t.transpose(1, 2), t) / 4.0   # Transpose, MatMul, Div
        m = scores.mean(dim=-1, keepdim=True) + scores.amax(dim=1, keepdim=True).abs()
        e = torch.exp(-scores.abs()) + torch.log(1 + scores * scores) + torch.sqrt(m * m + 1)
        pooled = torch.cat([e.sum(dim=1), torch.minimum(s, s * 0.3).flatten(1)], dim=1)
        return torch.maximum(pooled, -pooled.pow(3))


class LayerZoo2d(torch.nn.Module):
    """Course layers over images: GroupNorm, InstanceNorm2d, LeakyReLU,
    Hardswish, SiLU, GELU, Softplus, Hardsigmoid, ReLU6, max pooling in
    ceil mode, average pooling in ceil mode counting the padding (its last
    window hangs past the padding, which the divisor leaves out), global
    average pooling, and LocalResponseNorm, which PyTorch 1.13 exports as
    a 3-D average pool over a 5-D view with its padding computed in the
    graph (a reversed Slice, a Transpose) and an If on a folded shape test,
    not as ONNX LRN."""

    def __init__(self):
        super().__init__()
        self.body = torch.nn.Sequential(
            torch.nn.Conv2d(3, 16, 3, padding=1),
            torch.nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=True),
            torch.nn.LocalResponseNorm(5, alpha=1e-2, beta=0.75, k=2.0),
            torch.nn.GroupNorm(4, 16),
            torch.nn.LeakyReLU(0.1), torch.nn.InstanceNorm2d(16, affine=True),
            torch.nn.MaxPool2d(3, 2, ceil_mode=True),
            torch.nn.Conv2d(16, 16, 3), torch.nn.Hardswish(), torch.nn.Conv2d(16, 16, 1),
            torch.nn.SiLU(), torch.nn.Conv2d(16, 16, 1), torch.nn.GELU(),
            torch.nn.Conv2d(16, 16, 1), torch.nn.Softplus(), torch.nn.Conv2d(16, 16, 1),
            torch.nn.Hardsigmoid(), torch.nn.Conv2d(16, 16, 1), torch.nn.ReLU6(),
            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 10))

    def forward(self, x):
        return self.body(x)


class UpsamplingNet(torch.nn.Module):
    """Decoder-style upsampling: nearest, bilinear, and bilinear with
    align_corners, each followed by a convolution."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.conv3 = torch.nn.Conv2d(8, 4, 3, padding=1)

    def forward(self, x):
        up = torch.nn.functional.interpolate
        x = torch.relu(self.conv1(up(x, scale_factor=2, mode="nearest")))
        x = torch.relu(self.conv2(up(x, scale_factor=2, mode="bilinear", align_corners=False)))
        return self.conv3(up(x, size=(37, 29), mode="bilinear", align_corners=True))


def torchvision_model(name, **kwargs):
    """A torchvision architecture with random weights (no download)."""
    def factory():
        import torchvision
        return getattr(torchvision.models, name)(weights=None, **kwargs)
    return factory


def vit_b_16():
    """ViT-B/16; torchvision zeroes the classifier head, so it gets random
    weights here (else every output is 0 and the comparison says nothing)."""
    import torchvision
    model = torchvision.models.vit_b_16(weights=None)
    torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    return model


def transformer_encoder():
    layer = torch.nn.TransformerEncoderLayer(256, 4, 512, batch_first=True)
    return torch.nn.TransformerEncoder(layer, 2)


class CausalEncoder(torch.nn.Module):
    """A transformer encoder with a causal (-inf above the diagonal) mask."""

    def __init__(self, seq=64):
        super().__init__()
        self.encoder = transformer_encoder()
        self.register_buffer("mask", torch.nn.Transformer.generate_square_subsequent_mask(seq))

    def forward(self, x):
        return self.encoder(x, mask=self.mask)


def transformer_decoder():
    layer = torch.nn.TransformerDecoderLayer(256, 4, 512, batch_first=True)
    return torch.nn.TransformerDecoder(layer, 2)


class Masking(torch.nn.Module):
    """Comparisons and where on computed tensors (dlc's bool tensors are
    1.0/0.0 masks): a leaky ReLU through torch.where, masked_fill by a
    computed mask, a one-hot of each row's maximum, and logical and/or."""

    def forward(self, x):
        y = torch.where(x > 0, x, 0.1 * x)
        y = y.masked_fill(y < -0.05, -1.0)
        hot = (y == y.max(dim=-1, keepdim=True).values).float()
        both = ((x >= 0) & (y <= 0.5)).float()
        either = ((x < -0.5) | (y > 0.5)).float()
        return y + hot + 2 * both + 4 * either


class EmbeddingEncoder(torch.nn.Module):
    """Token ids (int64) through nn.Embedding, the sinusoidal positional
    encoding of "Attention Is All You Need" (a table computed once, as the
    PyTorch tutorial does), an encoder layer and a classifier head."""

    VOCABULARY = 1000

    def __init__(self, d_model=64, seq=16):
        super().__init__()
        self.scale = math.sqrt(d_model)
        self.embed = torch.nn.Embedding(self.VOCABULARY, d_model)
        position = torch.arange(seq).unsqueeze(1)
        frequency = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        table = torch.zeros(seq, d_model)
        table[:, 0::2] = torch.sin(position * frequency)
        table[:, 1::2] = torch.cos(position * frequency)
        self.register_buffer("positions", table)
        self.encoder = torch.nn.TransformerEncoderLayer(d_model, 4, 128, batch_first=True)
        self.head = torch.nn.Linear(d_model, 10)

    def forward(self, tokens):
        x = self.embed(tokens) * self.scale + self.positions
        return self.head(self.encoder(x))


# Models whose inputs are token ids: name -> vocabulary size.
TOKEN_INPUTS = {"embedding_encoder": EmbeddingEncoder.VOCABULARY}


def make_inputs(name, shapes, batch=None):
    """Random inputs of `shapes` (dimension 0 replaced by `batch` if given)."""
    shapes = [(batch or shape[0],) + tuple(shape[1:]) for shape in shapes]
    if name in TOKEN_INPUTS:
        return [torch.randint(0, TOKEN_INPUTS[name], shape) for shape in shapes]
    return [torch.randn(*shape) for shape in shapes]


# name: (factory, input shapes, opset)
MODELS = {
    "lenet5": (LeNet5, [(4, 1, 32, 32)], 13),
    "small_cnn": (SmallCnn, [(3, 3, 23, 23)], 13),
    "small_unet": (SmallUNet, [(2, 3, 64, 64)], 13),
    "layer_zoo_1d": (LayerZoo1d, [(3, 4, 40)], 13),
    "upsampling": (UpsamplingNet, [(2, 3, 9, 7)], 13),
    "tensor_ops": (TensorOps, [(2, 6, 12)], 13),
    "layer_zoo_2d": (LayerZoo2d, [(2, 3, 30, 30)], 13),
    "alexnet": (torchvision_model("alexnet"), [(1, 3, 224, 224)], 13),
    "vgg16": (torchvision_model("vgg16"), [(1, 3, 224, 224)], 13),
    "resnet18": (torchvision_model("resnet18"), [(2, 3, 224, 224)], 13),
    "resnet50": (torchvision_model("resnet50"), [(1, 3, 224, 224)], 13),
    "inception_v3": (torchvision_model("inception_v3", aux_logits=False, init_weights=True),
                     [(1, 3, 299, 299)], 13),
    "mobilenet_v2": (torchvision_model("mobilenet_v2"), [(2, 3, 224, 224)], 13),
    "efficientnet_b0": (torchvision_model("efficientnet_b0"), [(1, 3, 224, 224)], 13),
    "vit_b_16": (vit_b_16, [(1, 3, 224, 224)], 13),
    # Opset 17 exports nn.LayerNorm as one LayerNormalization node, 13 as
    # ReduceMean/Sub/Pow/Sqrt/Div: both forms are checked.
    "transformer_encoder": (transformer_encoder, [(2, 64, 256)], 17),
    "transformer_encoder_opset13": (transformer_encoder, [(2, 64, 256)], 13),
    "transformer_decoder": (transformer_decoder, [(2, 32, 256), (2, 48, 256)], 13),
    "transformer_encoder_causal": (CausalEncoder, [(2, 64, 256)], 13),
    "embedding_encoder": (EmbeddingEncoder, [(2, 16)], 13),
    "masking": (Masking, [(2, 6, 12)], 13),
}


# Compiled once more with a dynamic batch and run at each of these batches.
DYNAMIC_BATCH = {"lenet5", "small_unet", "resnet18", "transformer_encoder",
                 "transformer_decoder", "transformer_encoder_causal", "embedding_encoder",
                 "masking"}
DYNAMIC_BATCHES = (1, 4)


def compile_measured(command):
    """Runs dlc's compile `command` with -v; returns (seconds, peak MiB).

    The peak is what dlc reports from its own VmHWM: getrusage would count
    this Python process, which the child was forked from.
    """
    start = time.monotonic()
    result = subprocess.run(command + ["-v"], stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()}")
    match = re.search(r"peak memory (\d+) MiB", result.stderr)
    return time.monotonic() - start, int(match.group(1)) if match else float("nan")


def run_library(dlc, library, model, names, inputs, work):
    """Runs `library` on `inputs` with `dlc run`; returns (error, shapes agree)."""
    run = [dlc, "run", library]
    for n, x in zip(names, inputs):
        path = os.path.join(work, n + ".npy")
        np.save(path, x.numpy())
        run += ["--input", f"{n}={path}"]
    out = os.path.join(work, "out")
    subprocess.run(run + ["--output-dir", out], check=True, stdout=subprocess.DEVNULL)
    actual = np.load(os.path.join(out, "output.npy"))
    with torch.no_grad():
        expected = model(*inputs).numpy()
    error = float(np.abs(actual - expected).max() / np.abs(expected).max())
    return error, actual.shape == expected.shape


def check(dlc, name, work):
    factory, shapes, opset = MODELS[name]
    torch.manual_seed(0)
    model = factory().eval()
    inputs = make_inputs(name, shapes)
    names = ["input"] if len(inputs) == 1 else [f"input{i}" for i in range(len(inputs))]
    onnx_path = os.path.join(work, name + ".onnx")
    dynamic = {n: {0: "batch"} for n in names + ["output"]}
    torch.onnx.export(model, tuple(inputs), onnx_path, input_names=names,
                      output_names=["output"], dynamic_axes=dynamic, opset_version=opset)
    library = os.path.join(work, name + ".so")
    seconds, peak = compile_measured([dlc, onnx_path, "--batch", str(shapes[0][0]), "-o", library])
    error, same_shape = run_library(dlc, library, model, names, inputs, work)
    os.remove(library)  # VGG16's is 0.5 GB
    ok = same_shape and error <= TOLERANCE
    print(f"{'PASS' if ok else 'FAIL'}: {name} {list(shapes[0])}: max relative error {error:.3g}, "
          f"compile {seconds:.1f} s, peak {peak:.0f} MiB", flush=True)
    if name in DYNAMIC_BATCH:
        # One library without --batch, run at several batches.
        compile_measured([dlc, onnx_path, "-o", library])
        errors = []
        for batch in DYNAMIC_BATCHES:
            batch_inputs = make_inputs(name, shapes, batch)
            error, same_shape = run_library(dlc, library, model, names, batch_inputs, work)
            errors.append(error)
            ok = ok and same_shape and error <= TOLERANCE
        os.remove(library)
        print(f"{'PASS' if ok else 'FAIL'}: {name} with a dynamic batch, one library at batches "
              f"{', '.join(map(str, DYNAMIC_BATCHES))}: max relative error "
              f"{', '.join(f'{e:.3g}' for e in errors)}", flush=True)
    os.remove(onnx_path)
    return ok


def check_conv_transpose_output_shape(dlc, work):
    """ONNX ConvTranspose with `output_shape` (which torch.onnx never emits),
    built with onnx.helper, against torch's conv_transpose2d with the pads
    the ONNX specification derives: total = stride * (in - 1) + output_padding
    + (kernel - 1) * dilation + 1 - output_shape, the start getting the larger
    half; a size past the natural one is output padding."""
    import onnx
    from onnx import helper, numpy_helper
    torch.manual_seed(0)
    x = torch.randn(2, 4, 7, 6)
    weight = torch.randn(4, 3, 3, 3)
    stride, target = (2, 2), (16, 12)  # 16: one past the natural 15
    pads, extra = [], []
    for d in range(2):
        natural = stride[d] * (x.shape[2 + d] - 1) + (weight.shape[2 + d] - 1) + 1
        total = natural - target[d]
        pads.append((total - total // 2, total // 2) if total > 0 else (0, 0))
        extra.append(-total if total < 0 else 0)
    node = helper.make_node("ConvTranspose", ["x", "w"], ["output"], strides=list(stride),
                            output_shape=list(target), name="up")
    graph = helper.make_graph(
        [node], "output_shape", [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT,
                                                               list(x.shape))],
        [helper.make_tensor_value_info("output", onnx.TensorProto.FLOAT, None)],
        [numpy_helper.from_array(weight.numpy(), "w")])
    path = os.path.join(work, "output_shape.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
    library = os.path.join(work, "output_shape.so")
    compile_measured([dlc, path, "-o", library])
    out = os.path.join(work, "out")
    np.save(os.path.join(work, "x.npy"), x.numpy())
    subprocess.run([dlc, "run", library, "--input", "x=" + os.path.join(work, "x.npy"),
                    "--output-dir", out], check=True, stdout=subprocess.DEVNULL)
    actual = np.load(os.path.join(out, "output.npy"))
    full = torch.nn.functional.conv_transpose2d(x, weight, stride=stride,
                                                output_padding=tuple(extra))
    expected = full[:, :, pads[0][0]:full.shape[2] - pads[0][1],
                    pads[1][0]:full.shape[3] - pads[1][1]].numpy()
    error = float(np.abs(actual - expected).max() / np.abs(expected).max())
    ok = actual.shape == expected.shape and error <= TOLERANCE
    print(f"{'PASS' if ok else 'FAIL'}: conv_transpose_output_shape {list(x.shape)} -> "
          f"{list(expected.shape)}: max relative error {error:.3g}", flush=True)
    return ok


KERNEL_CALLS = re.compile(r"glue: (\d+) kernel calls")


def check_batch_norm_folding(dlc, work):
    """ResNet-18 (in eval mode) exported with TrainingMode.PRESERVE, so its
    20 BatchNormalization nodes reach dlc (an EVAL export folds them into the
    convolutions itself): compiled with --dlc-fuse-conv-bn-relu and
    --dlc-fuse-epilogue (the default) and with --no-fuse, both against
    PyTorch; the fused library must have fewer kernels."""
    import onnx
    torch.manual_seed(0)
    model = torchvision_model("resnet18")().eval()
    x = torch.randn(1, 3, 224, 224)
    path = os.path.join(work, "resnet18_bn.onnx")
    torch.onnx.export(model, (x,), path, input_names=["input"], output_names=["output"],
                      opset_version=13, training=torch.onnx.TrainingMode.PRESERVE)
    norms = sum(n.op_type == "BatchNormalization" for n in onnx.load(path).graph.node)
    library = os.path.join(work, "resnet18_bn.so")
    results = {}
    for flags in ([], ["--no-fuse"]):
        compiled = subprocess.run([dlc, path, "-o", library, "-v"] + flags, check=True,
                                  stderr=subprocess.PIPE, text=True)
        calls = int(KERNEL_CALLS.search(compiled.stderr).group(1))
        error, same_shape = run_library(dlc, library, model, ["input"], [x], work)
        results[" ".join(flags) or "fused"] = (calls, error, same_shape)
    os.remove(library)
    fused, unfused = results["fused"], results["--no-fuse"]
    ok = (norms == 20 and fused[0] < unfused[0] and all(r[2] and r[1] <= TOLERANCE
                                                      for r in results.values()))
    print(f"{'PASS' if ok else 'FAIL'}: resnet18 with {norms} BatchNormalization nodes: fused "
          f"{fused[0]} kernel calls, max relative error {fused[1]:.3g}; --no-fuse "
          f"{unfused[0]} kernel calls, {unfused[1]:.3g}", flush=True)
    return ok


# Checks that are not a plain PyTorch export: name -> function(dlc, work).
ONNX_CHECKS = {"conv_transpose_output_shape": check_conv_transpose_output_shape,
               "batch_norm_folding": check_batch_norm_folding}


def main():
    dlc = sys.argv[1]
    names = sys.argv[2:] or list(MODELS) + list(ONNX_CHECKS)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            try:
                ok = ONNX_CHECKS[name](dlc, work) if name in ONNX_CHECKS else check(dlc, name, work)
            except (subprocess.CalledProcessError, RuntimeError) as error:
                print(f"FAIL: {name}: {error}")
                ok = False
            passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
