#include "compiler/codegen/GlueEmitter.h"

#include <map>
#include <set>

#include "dlc/abi.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

using namespace mlir;

namespace dlc {
namespace {

// halide_buffer_t (HalideRuntime.h, Halide 14) as byte offsets on x86-64.
constexpr int64_t kBufferSize = 56;
// Fields not stored below (device, interface, flags, padding) stay zero.
constexpr int64_t kHostOffset = 16, kTypeOffset = 32, kDimsCountOffset = 36, kDimOffset = 40;
// halide_type_t {code, bits, lanes = 1} as one 32-bit word: float (code 2)
// 32-bit, and int (code 0) 64-bit.
constexpr int32_t kFloat32Type = 2 | (32 << 8) | (1 << 16);
constexpr int32_t kInt64Type = 0 | (64 << 8) | (1 << 16);

class GlueBuilder {
public:
  GlueBuilder(MLIRContext &context, const GlueSpec &spec)
      : context(context), spec(spec), b(&context), loc(UnknownLoc::get(&context)),
        ptr(LLVM::LLVMPointerType::get(&context)), i8(b.getI8Type()), i32(b.getI32Type()),
        i64(b.getI64Type()) {}

  OwningOpRef<ModuleOp> build();

private:
  Value constant(Type type, int64_t value) {
    return LLVM::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
  }
  Value gep(Value base, uint64_t offset) {
    return LLVM::GEPOp::create(b, loc, ptr, i8, base, ValueRange{constant(i64, offset)});
  }
  Value loadPointer(Value array, unsigned index) {
    return LLVM::LoadOp::create(b, loc, ptr, gep(array, uint64_t(index) * 8));
  }
  Value hostPointer(const Storage &s);
  std::string dimsGlobal(const std::vector<int> &extents);
  void declareKernel(const KernelCall &call);
  void buildRun();
  void buildBatchLoop();
  void buildAccessors();
  void buildLibraryEntry();
  void buildBytesAccessor(const std::string &name, const std::string &global,
                          const std::vector<uint8_t> &data);

  MLIRContext &context;
  const GlueSpec &spec;
  OpBuilder b;
  Location loc;
  Type ptr, i8, i32, i64;
  ModuleOp module;
  Value weightsArg, arenaArg, inputsArg, outputsArg;
  std::map<std::vector<int>, std::string> dimsGlobals;
  std::set<std::string> declared;

  std::string runName() const { return spec.prefix + "_run"; }
  std::string runBatchName() const { return spec.prefix + "_run_batch"; }
  // The graph's body: P_run itself, or per sample under a dynamic batch.
  std::string bodyName() const {
    return spec.dynamicBatch ? spec.prefix + "_run_sample" : runName();
  }
  std::string weightsName() const { return spec.prefix + "_weights"; }
  std::string weightsDataName() const {
    return weightsDataSymbol(spec.weightsPrefix.empty() ? spec.prefix : spec.weightsPrefix);
  }
  std::string modelFileName() const { return spec.prefix + "_model_file"; }
  std::string entryName() const { return spec.prefix + "_library_entry"; }
  std::string signatureName() const { return spec.prefix + "_signature"; }
};

Value GlueBuilder::hostPointer(const Storage &s) {
  switch (s.kind) {
  case StorageKind::Input:
    return loadPointer(inputsArg, s.index);
  case StorageKind::Output:
    return loadPointer(outputsArg, s.index);
  case StorageKind::Weights:
    return s.offset ? gep(weightsArg, s.offset) : weightsArg;
  case StorageKind::Arena:
    return s.offset ? gep(arenaArg, s.offset) : arenaArg;
  }
  return arenaArg;
}

// A constant array of halide_dimension_t {min, extent, stride, flags}.
std::string GlueBuilder::dimsGlobal(const std::vector<int> &extents) {
  auto it = dimsGlobals.find(extents);
  if (it != dimsGlobals.end())
    return it->second;
  std::vector<int32_t> words;
  int32_t stride = 1;
  for (int e : extents) {
    words.insert(words.end(), {0, e, stride, 0});
    stride *= e;
  }
  std::string name = "dlc_dims_" + std::to_string(dimsGlobals.size());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto type = LLVM::LLVMArrayType::get(i32, words.size());
  auto value = DenseIntElementsAttr::get(
      RankedTensorType::get({static_cast<int64_t>(words.size())}, i32), llvm::ArrayRef(words));
  LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true, LLVM::Linkage::Private, name, value);
  dimsGlobals[extents] = name;
  return name;
}

void GlueBuilder::declareKernel(const KernelCall &call) {
  if (!declared.insert(call.function).second)
    return;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> params(call.buffers.size(), ptr);
  LLVM::LLVMFuncOp::create(b, loc, call.function, LLVM::LLVMFunctionType::get(i32, params));
}

void GlueBuilder::buildRun() {
  auto type = LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr});
  auto run = LLVM::LLVMFuncOp::create(
      b, loc, bodyName(), type,
      spec.dynamicBatch ? LLVM::Linkage::Internal : LLVM::Linkage::External);
  Block *entry = run.addEntryBlock(b);
  Block *fail = new Block();
  fail->addArgument(i32, loc);
  b.setInsertionPointToStart(entry);
  weightsArg = entry->getArgument(0);
  arenaArg = entry->getArgument(1);
  inputsArg = entry->getArgument(2);
  outputsArg = entry->getArgument(3);

  Value one = constant(i64, 1);
  // Buffer descriptors are static allocas in the entry block, so the frame
  // has a fixed size whatever the number of calls.
  OpBuilder allocas(&context);
  auto bufferType = LLVM::LLVMArrayType::get(i8, kBufferSize);
  for (const KernelCall &call : spec.calls) {
    declareKernel(call);
    SmallVector<Value> buffers;
    for (size_t i = 0; i < call.buffers.size(); ++i) {
      // Right after `one`, which precedes the entry block's terminator.
      allocas.setInsertionPointAfter(one.getDefiningOp());
      Value buffer =
          LLVM::AllocaOp::create(allocas, loc, ptr, bufferType, one, /*alignment=*/8);
      LLVM::MemsetOp::create(b, loc, buffer, constant(i8, 0), constant(i64, kBufferSize),
                             /*isVolatile=*/false);
      LLVM::StoreOp::create(b, loc, hostPointer(call.buffers[i]), gep(buffer, kHostOffset));
      bool int64 = i < call.int64Buffers.size() && call.int64Buffers[i];
      LLVM::StoreOp::create(b, loc, constant(i32, int64 ? kInt64Type : kFloat32Type),
                            gep(buffer, kTypeOffset));
      LLVM::StoreOp::create(b, loc, constant(i32, call.extents[i].size()),
                            gep(buffer, kDimsCountOffset));
      Value dims = LLVM::AddressOfOp::create(b, loc, ptr, dimsGlobal(call.extents[i]));
      LLVM::StoreOp::create(b, loc, dims, gep(buffer, kDimOffset));
      buffers.push_back(buffer);
    }
    Value status =
        LLVM::CallOp::create(b, loc, TypeRange{i32}, call.function, buffers).getResult();
    Value failed = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, status,
                                        constant(i32, 0));
    Block *next = new Block();
    run.getBody().push_back(next);
    LLVM::CondBrOp::create(b, loc, failed, fail, ValueRange{status}, next, ValueRange{});
    b.setInsertionPointToStart(next);
  }
  for (const OutputCopy &copy : spec.copies)
    LLVM::MemcpyOp::create(b, loc, loadPointer(outputsArg, copy.output),
                           hostPointer(copy.source), constant(i64, copy.bytes),
                           /*isVolatile=*/false);
  LLVM::ReturnOp::create(b, loc, constant(i32, 0));
  run.getBody().push_back(fail);
  b.setInsertionPointToStart(fail);
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));
}

// int P_run_batch(weights, arena, inputs, outputs, uint64_t batch): the
// body once per sample, each time on pointers advanced to that sample; and
// P_run, which runs one sample.
void GlueBuilder::buildBatchLoop() {
  b.setInsertionPointToEnd(module.getBody());
  auto type = LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr, i64});
  auto loop = LLVM::LLVMFuncOp::create(b, loc, runBatchName(), type);
  Block *entry = loop.addEntryBlock(b);
  Block *header = new Block(), *body = new Block(), *done = new Block(), *fail = new Block();
  header->addArgument(i64, loc);
  fail->addArgument(i32, loc);
  for (Block *block : {header, body, done, fail})
    loop.getBody().push_back(block);

  b.setInsertionPointToStart(entry);
  auto pointers = [&](size_t count) {
    return LLVM::AllocaOp::create(b, loc, ptr, LLVM::LLVMArrayType::get(ptr, count ? count : 1),
                                  constant(i64, 1), /*alignment=*/8)
        .getResult();
  };
  Value inputs = pointers(spec.inputSampleBytes.size());
  Value outputs = pointers(spec.outputSampleBytes.size());
  LLVM::BrOp::create(b, loc, ValueRange{constant(i64, 0)}, header);

  b.setInsertionPointToStart(header);
  Value sample = header->getArgument(0);
  Value more = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ult, sample,
                                    entry->getArgument(4));
  LLVM::CondBrOp::create(b, loc, more, body, done);

  b.setInsertionPointToStart(body);
  auto advance = [&](Value from, Value to, const std::vector<uint64_t> &sampleBytes) {
    for (size_t i = 0; i < sampleBytes.size(); ++i) {
      Value base = loadPointer(from, i);
      if (sampleBytes[i] != 0) {
        Value offset = LLVM::MulOp::create(b, loc, sample, constant(i64, sampleBytes[i]));
        base = LLVM::GEPOp::create(b, loc, ptr, i8, base, ValueRange{offset});
      }
      LLVM::StoreOp::create(b, loc, base, gep(to, uint64_t(i) * 8));
    }
  };
  advance(entry->getArgument(2), inputs, spec.inputSampleBytes);
  advance(entry->getArgument(3), outputs, spec.outputSampleBytes);
  Value status = LLVM::CallOp::create(b, loc, TypeRange{i32}, bodyName(),
                                      ValueRange{entry->getArgument(0), entry->getArgument(1),
                                                 inputs, outputs})
                     .getResult();
  Value failed = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, status, constant(i32, 0));
  Value next = LLVM::AddOp::create(b, loc, sample, constant(i64, 1));
  LLVM::CondBrOp::create(b, loc, failed, fail, ValueRange{status}, header, ValueRange{next});

  b.setInsertionPointToStart(done);
  LLVM::ReturnOp::create(b, loc, constant(i32, 0));
  b.setInsertionPointToStart(fail);
  LLVM::ReturnOp::create(b, loc, fail->getArgument(0));

  b.setInsertionPointToEnd(module.getBody());
  auto one = LLVM::LLVMFuncOp::create(b, loc, runName(),
                                      LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr}));
  Block *oneBody = one.addEntryBlock(b);
  b.setInsertionPointToStart(oneBody);
  SmallVector<Value> args(oneBody->getArguments());
  args.push_back(constant(i64, 1));
  Value result = LLVM::CallOp::create(b, loc, TypeRange{i32}, runBatchName(), args).getResult();
  LLVM::ReturnOp::create(b, loc, result);
}

void GlueBuilder::buildAccessors() {
  b.setInsertionPointToEnd(module.getBody());
  auto weights = LLVM::LLVMFuncOp::create(b, loc, weightsName(),
                                          LLVM::LLVMFunctionType::get(ptr, {}));
  if (spec.externalWeights) {
    // The weights are a file the caller maps: there is no blob to point to.
    b.setInsertionPointToStart(weights.addEntryBlock(b));
    LLVM::ReturnOp::create(b, loc, LLVM::ZeroOp::create(b, loc, ptr));
  } else {
    // The weights blob itself is defined by the weights object.
    b.setInsertionPointToEnd(module.getBody());
    LLVM::GlobalOp::create(b, loc, i8, /*isConstant=*/true, LLVM::Linkage::External,
                           weightsDataName(), Attribute());
    b.setInsertionPointToStart(weights.addEntryBlock(b));
    LLVM::ReturnOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, ptr, weightsDataName()));
  }

  b.setInsertionPointToEnd(module.getBody());
  std::string bytes(spec.signature.begin(), spec.signature.end());
  auto arrayType = LLVM::LLVMArrayType::get(i8, bytes.size());
  auto global = LLVM::GlobalOp::create(b, loc, arrayType, /*isConstant=*/true,
                                       LLVM::Linkage::Private, "dlc_signature_bytes",
                                       b.getStringAttr(bytes));
  global.setAlignment(16);
  auto signature = LLVM::LLVMFuncOp::create(b, loc, signatureName(),
                                            LLVM::LLVMFunctionType::get(ptr, {ptr}));
  Block *body = signature.addEntryBlock(b);
  b.setInsertionPointToStart(body);
  LLVM::StoreOp::create(b, loc, constant(i64, bytes.size()), body->getArgument(0));
  LLVM::ReturnOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, global));
  if (!spec.evalPrefix.empty())
    buildBytesAccessor(modelFileName(), "dlc_model_file_bytes", spec.modelFile);
}

// const unsigned char *NAME(unsigned long long *size): constant bytes.
void GlueBuilder::buildBytesAccessor(const std::string &name, const std::string &global,
                                     const std::vector<uint8_t> &data) {
  b.setInsertionPointToEnd(module.getBody());
  std::string bytes(data.begin(), data.end());
  auto arrayType = LLVM::LLVMArrayType::get(i8, bytes.size());
  auto constantBytes = LLVM::GlobalOp::create(b, loc, arrayType, /*isConstant=*/true,
                                              LLVM::Linkage::Private, global,
                                              b.getStringAttr(bytes));
  constantBytes.setAlignment(64);
  auto accessor = LLVM::LLVMFuncOp::create(b, loc, name, LLVM::LLVMFunctionType::get(ptr, {ptr}));
  Block *body = accessor.addEntryBlock(b);
  b.setInsertionPointToStart(body);
  LLVM::StoreOp::create(b, loc, constant(i64, bytes.size()), body->getArgument(0));
  LLVM::ReturnOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, constantBytes));
}

// uint32_t dlc_library_entry(uint32_t abi_version, dlc_entry_points *out)
void GlueBuilder::buildLibraryEntry() {
  b.setInsertionPointToEnd(module.getBody());
  auto entry = LLVM::LLVMFuncOp::create(b, loc, entryName(),
                                        LLVM::LLVMFunctionType::get(i32, {i32, ptr}));
  Block *body = entry.addEntryBlock(b);
  Block *fill = new Block(), *mismatch = new Block();
  entry.getBody().push_back(fill);
  entry.getBody().push_back(mismatch);
  b.setInsertionPointToStart(body);
  Value version = constant(i32, DLC_ABI_VERSION);
  Value same = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, body->getArgument(0), version);
  LLVM::CondBrOp::create(b, loc, same, fill, mismatch);

  b.setInsertionPointToStart(mismatch);
  LLVM::ReturnOp::create(b, loc, constant(i32, DLC_ABI_VERSION));

  b.setInsertionPointToStart(fill);
  Value out = body->getArgument(1);
  // dlc_entry_points: {u32 abi_version, u32 reserved, run, weights, signature,
  // u64 size, run_batch}
  LLVM::StoreOp::create(b, loc, version, out);
  LLVM::StoreOp::create(b, loc, constant(i32, 0), gep(out, 4));
  LLVM::StoreOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, ptr, runName()), gep(out, 8));
  Value weights = spec.externalWeights
                      ? Value(LLVM::ZeroOp::create(b, loc, ptr))
                      : Value(LLVM::AddressOfOp::create(b, loc, ptr, weightsDataName()));
  LLVM::StoreOp::create(b, loc, weights, gep(out, 16));
  Value sizeSlot = gep(out, 32);
  Value signature = LLVM::CallOp::create(b, loc, TypeRange{ptr}, signatureName(),
                                         ValueRange{sizeSlot})
                        .getResult();
  LLVM::StoreOp::create(b, loc, signature, gep(out, 24));
  Value runBatch = spec.dynamicBatch
                       ? Value(LLVM::AddressOfOp::create(b, loc, ptr, runBatchName()))
                       : Value(LLVM::ZeroOp::create(b, loc, ptr));
  LLVM::StoreOp::create(b, loc, runBatch, gep(out, 40));
  // Training libraries: {eval_run, eval_signature, u64 size, model_file, u64 size}.
  Value null = LLVM::ZeroOp::create(b, loc, ptr);
  if (spec.evalPrefix.empty()) {
    for (int offset : {48, 56, 64, 72, 80})
      LLVM::StoreOp::create(b, loc, offset == 64 || offset == 80 ? constant(i64, 0) : null,
                            gep(out, offset));
  } else {
    std::string evalRun = spec.evalPrefix + "_run", evalSignature = spec.evalPrefix + "_signature";
    for (const std::string &name : {evalRun, evalSignature}) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      auto type = name == evalRun ? LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr})
                                  : LLVM::LLVMFunctionType::get(ptr, {ptr});
      LLVM::LLVMFuncOp::create(b, loc, name, type);
    }
    LLVM::StoreOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, ptr, evalRun), gep(out, 48));
    Value evalBytes =
        LLVM::CallOp::create(b, loc, TypeRange{ptr}, evalSignature, ValueRange{gep(out, 64)})
            .getResult();
    LLVM::StoreOp::create(b, loc, evalBytes, gep(out, 56));
    Value modelBytes = LLVM::CallOp::create(b, loc, TypeRange{ptr}, modelFileName(),
                                            ValueRange{gep(out, 80)})
                           .getResult();
    LLVM::StoreOp::create(b, loc, modelBytes, gep(out, 72));
  }
  LLVM::ReturnOp::create(b, loc, constant(i32, 0));

  if (!spec.exportLibraryEntry)
    return;
  // dlc_library_entry: the same, under the name the runtime's dlsym finds.
  b.setInsertionPointToEnd(module.getBody());
  auto exported = LLVM::LLVMFuncOp::create(b, loc, DLC_LIBRARY_ENTRY_SYMBOL,
                                           LLVM::LLVMFunctionType::get(i32, {i32, ptr}));
  Block *forward = exported.addEntryBlock(b);
  b.setInsertionPointToStart(forward);
  Value status = LLVM::CallOp::create(b, loc, TypeRange{i32}, entryName(),
                                      ValueRange{forward->getArgument(0), forward->getArgument(1)})
                     .getResult();
  LLVM::ReturnOp::create(b, loc, status);
}

OwningOpRef<ModuleOp> GlueBuilder::build() {
  context.loadDialect<LLVM::LLVMDialect>();
  OwningOpRef<ModuleOp> owned = ModuleOp::create(loc);
  module = *owned;
  b.setInsertionPointToEnd(module.getBody());
  buildRun();
  if (spec.dynamicBatch)
    buildBatchLoop();
  buildAccessors();
  if (spec.weightsPrefix.empty())
    buildLibraryEntry();
  return owned;
}

} // namespace

std::string weightsDataSymbol(const std::string &prefix) { return prefix + "_weights_data"; }

bool emitGlueObject(const GlueSpec &spec, const std::string &objectPath, std::string &error) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);
  context.loadDialect<LLVM::LLVMDialect>();
  OwningOpRef<ModuleOp> module = GlueBuilder(context, spec).build();
  if (failed(verify(*module))) {
    error = "internal error: the generated glue does not verify";
    return false;
  }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, spec.prefix);
  if (!llvmModule) {
    error = "internal error: cannot translate the glue to LLVM IR";
    return false;
  }

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  llvm::Triple triple(spec.targetTriple.empty() ? llvm::sys::getDefaultTargetTriple()
                                                : spec.targetTriple);
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return false;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, spec.targetCpu.empty() ? "x86-64" : spec.targetCpu, "", llvm::TargetOptions(),
      llvm::Reloc::PIC_));
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());

  std::error_code ec;
  llvm::raw_fd_ostream out(objectPath, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = objectPath + ": " + ec.message();
    return false;
  }
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "internal error: LLVM cannot emit an object file for " + triple.str();
    return false;
  }
  passes.run(*llvmModule);
  out.flush();
  return true;
}

} // namespace dlc
