#ifndef DLC_PASSES_TD
#define DLC_PASSES_TD

include "mlir/Pass/PassBase.td"

def DLCInferShapes : Pass<"dlc-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Recomputes every result type from the operands' types";
  let description = [{
    Walks each function in order and sets every result type that the op
    can infer (InferTypeOpInterface) from its operands, then updates the
    function's result types. Used after an argument's type changes (for
    example a dynamic batch dimension made static); the FlatBuffers importer
    applies `dlc --batch` itself while it builds the ops. Fails, naming the
    op, when a shape becomes invalid.
  }];
  let dependentDialects = ["dlc::DLCDialect"];
}

#endif // DLC_PASSES_TD
