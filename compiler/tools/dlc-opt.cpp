// dlc-opt: runs dlc passes on .mlir files, like mlir-opt (for lit tests).
#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "compiler/autodiff/Passes.h"
#include "dialects/dlc/IR/DLCDialect.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<dlc::DLCDialect, mlir::func::FuncDialect>();
  dlc::registerDifferentiableOps(registry);
  dlc::registerDLCPasses();
  dlc::registerDLCAutodiffPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
