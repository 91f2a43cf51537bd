// Prints MLIR diagnostics the way dlc reports user errors: one line,
// `error: FILE: node 'NAME': message`, naming the model node when the
// location carries one.
#pragma once

#include "mlir/IR/Diagnostics.h"

namespace dlc {

class OneLineDiagnostics {
public:
  explicit OneLineDiagnostics(mlir::MLIRContext &context);

  // Number of errors reported so far.
  int errorCount() const { return errors_; }

private:
  mlir::ScopedDiagnosticHandler handler_;
  int errors_ = 0;
};

} // namespace dlc
