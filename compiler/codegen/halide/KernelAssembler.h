// What the kernel builders share: tensor shapes in Halide order, buffer
// parameters with constant bounds, and KernelAssembler, which collects a
// kernel's parameters and finishes it around its output Func.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "Halide.h"
#include "compiler/codegen/halide/KernelBuilder.h"
#include "compiler/codegen/halide/WeightLayouts.h"
#include "compiler/codegen/halide/algorithms/Algorithms.h"
#include "compiler/codegen/halide/schedules/cpu/CpuSchedules.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

namespace dlc::halide {

// A tensor's shape in Halide order (innermost first).
inline std::vector<int> halideExtents(mlir::Value v) {
  llvm::ArrayRef<int64_t> shape = mlir::cast<mlir::ShapedType>(v.getType()).getShape();
  return std::vector<int>(shape.rbegin(), shape.rend());
}

// The Halide type of a tensor's elements: float32, or int64 indices.
inline Halide::Type halideType(mlir::Value v) {
  mlir::Type element = mlir::cast<mlir::ShapedType>(v.getType()).getElementType();
  return element.isInteger(64) ? Halide::Int(64) : Halide::Float(32);
}

// A buffer parameter with constant bounds and dense strides.
inline Halide::ImageParam makeParam(const std::string &name, const std::vector<int> &extents,
                                    Halide::Type type = Halide::Float(32)) {
  Halide::ImageParam param(type, static_cast<int>(extents.size()), name);
  int stride = 1;
  for (size_t d = 0; d < extents.size(); ++d) {
    param.dim(d).set_bounds(0, extents[d]).set_stride(stride);
    stride *= extents[d];
  }
  return param;
}

inline void constrainOutput(Halide::Func &output, const std::vector<int> &extents) {
  Halide::OutputImageParam buffer = output.output_buffer();
  int stride = 1;
  for (size_t d = 0; d < extents.size(); ++d) {
    buffer.dim(d).set_bounds(0, extents[d]).set_stride(stride);
    stride *= extents[d];
  }
}

// Collects the parameters and finishes a kernel around `output`.
struct KernelAssembler {
  KernelDef def;
  std::vector<Halide::ImageParam> params;

  Halide::ImageParam addInput(mlir::Value v, WeightLayout layout = WeightLayout::AsIs) {
    std::vector<int> extents =
        layoutExtents(layout, mlir::cast<mlir::ShapedType>(v.getType()).getShape());
    params.push_back(makeParam("in" + std::to_string(params.size()), extents, halideType(v)));
    def.inputs.push_back({extents, layout});
    return params.back();
  }
  // An input read through a dense view of `extents` (Halide order).
  Halide::ImageParam addView(const std::vector<int> &extents) {
    params.push_back(makeParam("in" + std::to_string(params.size()), extents));
    def.inputs.push_back({extents, WeightLayout::AsIs});
    return params.back();
  }
  // Same as addInput with a flattened (1-D) view.
  Halide::ImageParam addFlatInput(mlir::Value v) {
    int count = 1;
    for (int e : halideExtents(v))
      count *= e;
    return addView({count});
  }
  KernelDef finish(Halide::Func output, const std::vector<int> &outExtents) {
    return finish({{output, outExtents}});
  }
  // A pipeline with several outputs, one per result of the op, in order
  // (a later one may read an earlier one's buffer).
  KernelDef finish(const std::vector<std::pair<Halide::Func, std::vector<int>>> &outputs) {
    std::vector<Halide::Func> funcs;
    for (auto [output, extents] : outputs) {
      constrainOutput(output, extents);
      def.outputs.push_back({extents, WeightLayout::AsIs});
      funcs.push_back(output);
    }
    for (auto &p : params)
      def.arguments.push_back(p);
    def.pipeline = Halide::Pipeline(funcs);
    return std::move(def);
  }
};

// The epilogue of `group` (none without a group), its operands added to
// `a` after the producer's: Full ones viewed with `outView`, the extents
// of the producer's output as its kernel writes it (KernelBuilder.cpp).
std::optional<Epilogue> epilogueOf(FusedOp group, KernelAssembler &a,
                                   const std::vector<int> &outView, int channels);

// A convolution's output, scheduled, and the extents it is written in
// (conv2dOutputView; pixels flat when it runs as a GEMM).
struct Conv2dKernel {
  Halide::Func output;
  std::vector<int> outView;
};

// Adds `op`'s operands to `a` and defines and schedules its convolution
// (KernelBuilder.cpp), with the epilogue of `group` when given; the caller
// finishes the kernel.
Conv2dKernel addConv2d(KernelAssembler &a, Conv2dOp op, const CpuTarget &cpu,
                       FusedOp group = nullptr);

// Extent `i` of a tensor value.
inline int dim(mlir::Value v, int i) {
  return static_cast<int>(mlir::cast<mlir::ShapedType>(v.getType()).getDimSize(i));
}

// Extent of `shape`'s dimensions [from, to) multiplied.
inline int product(llvm::ArrayRef<int64_t> shape, size_t from, size_t to) {
  int64_t count = 1;
  for (size_t d = from; d < to; ++d)
    count *= shape[d];
  return static_cast<int>(count);
}

} // namespace dlc::halide
