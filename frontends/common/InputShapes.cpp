#include "frontends/common/InputShapes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace dlc {

std::string dimsToText(llvm::ArrayRef<int64_t> dims) {
  std::string text;
  for (int64_t d : dims)
    text += (text.empty() ? "" : ",") + (d == ShapedType::kDynamic ? "?" : std::to_string(d));
  return text;
}

LogicalResult applyInputShape(Location loc, const std::string &name,
                              llvm::SmallVectorImpl<int64_t> &dims,
                              const ImportOptions &options) {
  auto it = options.inputShapes.find(name);
  if (it == options.inputShapes.end())
    return success();
  const std::vector<int64_t> &given = it->second;
  if (given.size() != dims.size())
    return emitError(loc) << "--input-shape " << name << "=" << dimsToText(given) << " has rank "
                          << given.size() << ", but graph input '" << name << "' is ["
                          << dimsToText(dims) << "] (rank " << dims.size() << ")";
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] != ShapedType::kDynamic && dims[i] != given[i])
      return emitError(loc) << "--input-shape " << name << "=" << dimsToText(given)
                            << " disagrees with graph input '" << name << "' ["
                            << dimsToText(dims) << "] at dimension " << i;
  dims.assign(given.begin(), given.end());
  return success();
}

LogicalResult checkInputShapesUsed(Location loc, llvm::ArrayRef<std::string> inputNames,
                                   const ImportOptions &options) {
  for (const auto &[name, dims] : options.inputShapes)
    if (!llvm::is_contained(inputNames, name)) {
      std::string list;
      for (const std::string &n : inputNames)
        list += (list.empty() ? "" : ", ") + n;
      return emitError(loc) << "--input-shape names '" << name
                            << "', which is not a graph input (inputs: " << list << ")";
    }
  return success();
}

bool applyBatch(llvm::SmallVectorImpl<int64_t> &dims, const ImportOptions &options) {
  if (dims.empty() || dims[0] != mlir::ShapedType::kDynamic || !options.batch)
    return false;
  dims[0] = *options.batch;
  return true;
}

} // namespace dlc
