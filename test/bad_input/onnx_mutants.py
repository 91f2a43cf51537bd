#!/usr/bin/python3
"""Hostile ONNX models for the bad-input suite.

Builds a small ONNX graph that exercises the importer's folding of shape
subgraphs (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Range,
ConstantOfShape, Expand, Slice, a reversed Slice and Transpose of a pad
table, an If on a folded Equal) and its ops with constant operands (Split,
Tile, Resize, Pad, Clip, Gather), then writes mutants that replace one
integer or float in a constant tensor or attribute with a hostile value
(0, -1, huge, NaN, ...). dlc must accept or reject each one cleanly.

usage: onnx_mutants.py OUTPUT_DIR   (Debian's python3-onnx and python3-numpy)
"""
import copy
import os
import random
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HOSTILE_INTS = [0, -1, -2, 3, 7, 1 << 31, (1 << 62), -(1 << 62), 9223372036854775807]
HOSTILE_FLOATS = [0.0, -1.0, 1e30, -1e30, float("nan"), float("inf"), 1e-30, 3.5]


def const(name, values, dtype=np.int64):
    return helper.make_node("Constant", [], [name],
                            value=numpy_helper.from_array(np.array(values, dtype=dtype), name))


def branch(name, op):
    """An If branch of one node from the outer tensor 'gp'."""
    return helper.make_graph([helper.make_node(op, ["gp"], [name + "_out"])], name, [],
                             [helper.make_tensor_value_info(name + "_out", TensorProto.FLOAT,
                                                            None)])


def base_model():
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "w")
    fc = numpy_helper.from_array(rng.standard_normal((32, 6)).astype(np.float32), "fc")
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
        const("pads", [0, 0, 1, 1, 0, 0, 1, 1]),
        helper.make_node("Pad", ["c", "pads"], ["p"]),
        const("cmin", 0.0, np.float32), const("cmax", 6.0, np.float32),
        helper.make_node("Clip", ["p", "cmin", "cmax"], ["cl"]),
        const("scales", [1, 1, 2, 2], np.float32),
        helper.make_node("Resize", ["cl", "", "scales"], ["r"], mode="nearest",
                         coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        const("starts", [1, 1]), const("ends", [9, 9]), const("axes", [2, 3]),
        const("steps", [2, 2]),
        helper.make_node("Slice", ["r", "starts", "ends", "axes", "steps"], ["s"]),
        helper.make_node("Shape", ["s"], ["shape"]),
        const("zero", 0), helper.make_node("Gather", ["shape", "zero"], ["n"]),
        const("ax0", [0]), helper.make_node("Unsqueeze", ["n", "ax0"], ["n1"]),
        const("minus1", [-1]), helper.make_node("Concat", ["n1", "minus1"], ["target"], axis=0),
        helper.make_node("Reshape", ["s", "target"], ["flat"]),
        const("split", [32, 32]),
        helper.make_node("Split", ["flat", "split"], ["h0", "h1"], axis=1),
        helper.make_node("MatMul", ["h0", "fc"], ["m"]),
        const("rep", [1, 2]), helper.make_node("Tile", ["m", "rep"], ["t"]),
        const("r0", 0), const("r1", 12), const("r2", 1),
        helper.make_node("Range", ["r0", "r1", "r2"], ["range"]),
        helper.make_node("Shape", ["range"], ["rshape"]),
        helper.make_node("ConstantOfShape", ["rshape"], ["ones"],
                         value=numpy_helper.from_array(np.array([1], np.int64), "v")),
        helper.make_node("Concat", ["n1", "rshape"], ["eshape"], axis=0),
        helper.make_node("Expand", ["t", "eshape"], ["e"]),
        const("idx", [0, 2]), helper.make_node("Gather", ["e", "idx"], ["g"], axis=1),
        # PyTorch's computed pads (its LocalResponseNorm export): a [rank, 2]
        # table reversed by a step -1 Slice, transposed and flattened.
        const("table", [[0, 1], [2, 0]]), const("rstart", [-1]), const("rend", [-1000]),
        const("raxes", [0]), const("rstep", [-1]),
        helper.make_node("Slice", ["table", "rstart", "rend", "raxes", "rstep"], ["rev"]),
        helper.make_node("Transpose", ["rev"], ["revt"], perm=[1, 0]),
        helper.make_node("Reshape", ["revt", "minus1"], ["pads2"]),
        helper.make_node("Pad", ["g", "pads2"], ["gp"]),
        # An If on a folded shape test takes one branch.
        const("da", [2]), const("db", [2]), helper.make_node("Equal", ["da", "db"], ["cond"]),
        helper.make_node("If", ["cond"], ["gi"],
                         then_branch=branch("then", "Identity"), else_branch=branch("else", "Neg")),
        helper.make_node("Sigmoid", ["gi"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes, "hostile",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [w, fc])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def mutation_sites(model):
    """(node index, kind, key) of every constant value and int/float attribute."""
    sites = []
    for i, node in enumerate(model.graph.node):
        for a in node.attribute:
            if a.type == onnx.AttributeProto.TENSOR:
                sites.append((i, "tensor", a.name))
            elif a.type in (onnx.AttributeProto.INT, onnx.AttributeProto.INTS):
                sites.append((i, "int", a.name))
            elif a.type == onnx.AttributeProto.FLOAT:
                sites.append((i, "float", a.name))
    return sites


def mutate(model, site, rng):
    m = copy.deepcopy(model)
    i, kind, name = site
    attr = next(a for a in m.graph.node[i].attribute if a.name == name)
    if kind == "tensor":
        array = numpy_helper.to_array(attr.t).copy()
        if array.size == 0:
            return m
        flat = array.reshape(-1)
        k = rng.randrange(flat.size)
        if array.dtype == np.float32:
            flat[k] = rng.choice(HOSTILE_FLOATS)
        else:
            flat[k] = rng.choice(HOSTILE_INTS)
        attr.t.CopyFrom(numpy_helper.from_array(array, attr.t.name))
    elif kind == "int":
        if attr.type == onnx.AttributeProto.INT:
            attr.i = rng.choice(HOSTILE_INTS)
        elif attr.ints:
            attr.ints[rng.randrange(len(attr.ints))] = rng.choice(HOSTILE_INTS)
    else:
        attr.f = rng.choice(HOSTILE_FLOATS)
    return m


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    model = base_model()
    onnx.save(model, os.path.join(out, "base.onnx"))
    rng = random.Random(1234)
    sites = mutation_sites(model)
    count = 0
    for round_ in range(4):
        for site in sites:
            onnx.save(mutate(model, site, rng), os.path.join(out, f"mutant{count:03d}.onnx"))
            count += 1
    print(count)


if __name__ == "__main__":
    main()
