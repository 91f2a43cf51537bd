#include "compiler/codegen/MemoryPlan.h"

#include "dialects/dlc/IR/DLCOps.h"

using namespace mlir;

namespace dlc {

uint64_t tensorBytes(Value v) {
  auto type = cast<ShapedType>(v.getType());
  return static_cast<uint64_t>(type.getNumElements()) * (type.getElementTypeBitWidth() / 8);
}

namespace {

uint64_t alignUp(uint64_t n) { return (n + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment; }

// First-fit allocator over [0, arenaBytes) with free-block coalescing.
class ArenaAllocator {
public:
  uint64_t allocate(uint64_t bytes) {
    bytes = alignUp(std::max<uint64_t>(bytes, 1));
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->second < bytes)
        continue;
      uint64_t offset = it->first, size = it->second;
      free_.erase(it);
      if (size > bytes)
        free_[offset + bytes] = size - bytes;
      return offset;
    }
    // Grow: reuse a free block that ends at the top.
    uint64_t offset = top_;
    if (!free_.empty()) {
      auto last = std::prev(free_.end());
      if (last->first + last->second == top_) {
        offset = last->first;
        free_.erase(last);
      }
    }
    top_ = offset + bytes;
    return offset;
  }
  void release(uint64_t offset, uint64_t bytes) {
    bytes = alignUp(std::max<uint64_t>(bytes, 1));
    auto it = free_.emplace(offset, bytes).first;
    auto next = std::next(it);
    if (next != free_.end() && it->first + it->second == next->first) {
      it->second += next->second;
      free_.erase(next);
    }
    if (it != free_.begin()) {
      auto prev = std::prev(it);
      if (prev->first + prev->second == it->first) {
        prev->second += it->second;
        free_.erase(it);
      }
    }
  }
  uint64_t size() const { return top_; }

private:
  std::map<uint64_t, uint64_t> free_;  // offset -> size
  uint64_t top_ = 0;
};

} // namespace

Value storageRoot(Value v) {
  while (auto reshape = v.getDefiningOp<ReshapeOp>())
    v = reshape.getInput();
  return v;
}

MemoryPlan planMemory(func::FuncOp func) {
  MemoryPlan plan;
  Block &body = func.getBody().front();
  auto returnOp = cast<func::ReturnOp>(body.getTerminator());

  for (BlockArgument arg : body.getArguments())
    plan.storage[arg] = {StorageKind::Input, arg.getArgNumber(), 0};
  func.walk([&](WeightOp weight) {
    plan.storage[weight.getResult()] = {StorageKind::Weights, 0, 0, weight.getName().str()};
  });

  // A kernel result returned as a graph output is written in place there,
  // once; every other returned value is copied at the end.
  llvm::DenseSet<Value> placed;
  for (auto [index, operand] : llvm::enumerate(returnOp.getOperands())) {
    Value root = storageRoot(operand);
    bool kernelResult = root.getDefiningOp() && !isa<WeightOp>(root.getDefiningOp());
    if (kernelResult && placed.insert(root).second)
      plan.storage[root] = {StorageKind::Output, index, 0};
    else
      plan.outputCopies.push_back({operand, static_cast<unsigned>(index)});
  }

  // Liveness: the last op index at which each root is read.
  llvm::DenseMap<Value, size_t> lastUse;
  std::vector<Operation *> ops;
  for (Operation &op : body)
    ops.push_back(&op);
  for (size_t i = 0; i < ops.size(); ++i)
    for (Value operand : ops[i]->getOperands())
      lastUse[storageRoot(operand)] = i;

  ArenaAllocator arena;
  std::multimap<size_t, Value> dying;  // last use -> value
  for (size_t i = 0; i < ops.size(); ++i) {
    Operation *op = ops[i];
    if (isa<WeightOp, func::ReturnOp>(op))
      continue;
    if (isa<ReshapeOp>(op)) {
      Value root = storageRoot(op->getResult(0));
      if (plan.storage.count(root))
        plan.storage[op->getResult(0)] = plan.storage[root];
      continue;
    }
    for (Value result : op->getResults()) {
      if (plan.storage.count(result))
        continue;  // a graph output
      uint64_t bytes = tensorBytes(result);
      plan.storage[result] = {StorageKind::Arena, 0, arena.allocate(bytes)};
      plan.intermediateBytes += alignUp(bytes);
      auto it = lastUse.find(result);
      dying.emplace(it == lastUse.end() ? i : it->second, result);
    }
    // Buffers whose last reader is this op are free for the next op.
    auto range = dying.equal_range(i);
    for (auto it = range.first; it != range.second; ++it)
      arena.release(plan.storage[it->second].offset, tensorBytes(it->second));
    dying.erase(range.first, range.second);
  }
  // Reshape results planned before their root was known (none in SSA order,
  // kept for safety) resolve to their root's storage.
  for (Operation *op : ops)
    if (isa<ReshapeOp>(op) && !plan.storage.count(op->getResult(0)))
      plan.storage[op->getResult(0)] = plan.storage[storageRoot(op->getResult(0))];
  plan.arenaBytes = arena.size();
  return plan;
}

} // namespace dlc
