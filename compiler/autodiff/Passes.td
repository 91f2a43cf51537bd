#ifndef DLC_AUTODIFF_PASSES_TD
#define DLC_AUTODIFF_PASSES_TD

include "mlir/Pass/PassBase.td"

def DLCAutodiff : Pass<"dlc-autodiff", "mlir::ModuleOp"> {
  let summary = "Builds the backward function of each one-result function";
  let description = [{
    For every `func.func @f(%args...) -> %y` with one result, adds
    `@f_backward(%args..., %seed) -> (%y, %grad_0, ...)`: the forward ops,
    then the gradient of `%y` weighted by `%seed` (a tensor of `%y`'s type)
    with respect to each float32 argument, in order, built from each op's
    gradient rule (DifferentiableOpInterface). `dlc --train` builds its
    training step with the same code. Fails, naming the op, at an op on the
    path that has no gradient rule.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

#endif // DLC_AUTODIFF_PASSES_TD
