#include "compiler/driver/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

using namespace mlir;

namespace dlc {
namespace {

std::string describe(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string where = describe(name.getChildLoc());
    return where + "node '" + name.getName().str() + "': ";
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    std::string where = file.getFilename().str();
    if (file.getLine() > 0)
      where += ":" + std::to_string(file.getLine()) + ":" + std::to_string(file.getColumn());
    return where + ": ";
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return describe(fused.getLocations().front());
  return "";
}

const char *severity(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error: return "error";
  case DiagnosticSeverity::Warning: return "warning";
  case DiagnosticSeverity::Note: return "note";
  case DiagnosticSeverity::Remark: return "remark";
  }
  return "error";
}

} // namespace

OneLineDiagnostics::OneLineDiagnostics(MLIRContext &context)
    : handler_(&context, [this](Diagnostic &diag) {
        if (diag.getSeverity() == DiagnosticSeverity::Error)
          ++errors_;
        std::string message = diag.str();
        std::replace(message.begin(), message.end(), '\n', ' ');
        llvm::errs() << severity(diag.getSeverity()) << ": " << describe(diag.getLocation())
                     << message << "\n";
        return success();
      }) {}

} // namespace dlc
