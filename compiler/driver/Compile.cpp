#include "compiler/driver/Compile.h"

#include <cassert>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <tuple>

#include "compiler/autodiff/DifferentiableOpInterface.h"
#include "compiler/codegen/GlueEmitter.h"
#include "compiler/codegen/MemoryPlan.h"
#include "compiler/codegen/ThreadPoolObject.h"
#include "compiler/codegen/halide/KernelBuilder.h"
#include "compiler/driver/BatchSeparability.h"
#include "compiler/driver/Diagnostics.h"
#include "compiler/driver/HeaderWriter.h"
#include "compiler/driver/Signature.h"
#include "compiler/driver/WeightFolding.h"
#include "compiler/driver/WeightsBlob.h"
#include "compiler/driver/WeightsObject.h"
#include "dialects/dlc/IR/DLCOps.h"
#include "dialects/dlc/Transforms/Passes.h"
#include "frontends/ModelImporter.h"
#include "frontends/common/InputShapes.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace fs = std::filesystem;

namespace dlc {
namespace {

// This process's peak resident memory ("VmHWM" of /proc/self/status, which,
// unlike getrusage, does not count what the parent held before exec).
std::string peakMemory() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) {
      long kib = std::strtol(line.c_str() + 6, nullptr, 10);
      return std::to_string(kib / 1024) + " MiB";
    }
  return "unknown";
}

enum class OutputKind { SharedLibrary, StaticLibrary, Object };

std::optional<OutputKind> outputKindOf(const std::string &path) {
  std::string ext = fs::path(path).extension().string();
  if (ext == ".so")
    return OutputKind::SharedLibrary;
  if (ext == ".a")
    return OutputKind::StaticLibrary;
  if (ext == ".o")
    return OutputKind::Object;
  return std::nullopt;
}

// A C identifier from the model's name or the output file's stem.
std::string defaultPrefix(ModuleOp module, const std::string &outputPath) {
  std::string base = fs::path(outputPath).stem().string();
  if (auto name = module->getAttrOfType<StringAttr>("dlc.model_name"))
    base = name.str();
  std::string id;
  for (char c : base)
    id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
    id = "model_" + id;
  return id;
}

// Runs a tool with arguments (no shell); true when it exits with 0.
bool runTool(const std::vector<std::string> &argv, std::string &error) {
  std::string command;
  for (const std::string &a : argv) {
    command += "'";
    for (char c : a)
      command += c == '\'' ? std::string("'\\''") : std::string(1, c);
    command += "' ";
  }
  int status = std::system(command.c_str());
  if (status != 0) {
    error = "'" + argv[0] + "' failed (status " + std::to_string(WEXITSTATUS(status)) +
            "): " + command;
    return false;
  }
  return true;
}

class ModelCompiler {
public:
  explicit ModelCompiler(const CompileOptions &options) : options(options) {}
  int run();

private:
  void progress(const std::string &message) {
    if (options.progress)
      llvm::errs() << "dlc: " << message << "\n";
  }
  int fail(const std::string &message, int status = 1) {
    llvm::errs() << "error: " << message << "\n";
    return status;
  }
  bool compileKernels(func::FuncOp func, const Halide::Target &target,
                      std::vector<std::string> &objects);
  bool link(const std::vector<std::string> &objects, const std::string &output,
            OutputKind kind, std::string &error);
  GlueSpec assembleGlue(func::FuncOp func, const MemoryPlan &plan, const WeightTable &weights,
                        WeightsBlob &blob);
  BatchSeparability keepBatchDynamic(MLIRContext &context, func::FuncOp func,
                                     const LoadedModel &model, ImportOptions importOptions);

  const CompileOptions &options;
  std::string prefix;
  bool dynamicBatch = false;  // the library exports P_run_batch
  fs::path workDir;
  // Per op with a kernel: the function name and its argument layouts.
  std::map<Operation *, std::pair<std::string, halide::KernelDef>> kernels;
  std::map<std::string, std::string> kernelsByKey;  // kernelKey -> function name
  WeightsBlob blob;
};

bool ModelCompiler::compileKernels(func::FuncOp func, const Halide::Target &target,
                                   std::vector<std::string> &objects) {
  std::map<std::string, std::string> &byKey = kernelsByKey;
  std::vector<Operation *> ops;
  // Top-level ops only: a dlc.fused body is part of its group's kernel.
  for (Operation &op : func.getBody().front())
    if (op.getDialect() && op.getDialect()->getNamespace() == "dlc" && halide::needsKernel(&op))
      ops.push_back(&op);
  Halide::Target kernelTarget = target.with_feature(Halide::Target::NoRuntime);
  size_t index = 0;
  for (Operation *op : ops) {
    ++index;
    FailureOr<halide::KernelDef> def = halide::buildKernel(op, target);
    if (failed(def))
      return false;
    std::string key = halide::kernelKey(op);
    auto known = byKey.find(key);
    if (known != byKey.end()) {
      kernels[op] = {known->second, std::move(*def)};
      continue;
    }
    std::string name = prefix + "_k" + std::to_string(byKey.size());
    std::string object = (workDir / (name + ".o")).string();
    progress("kernel " + std::to_string(index) + "/" + std::to_string(ops.size()) + ": " +
             op->getName().getStringRef().str());
    try {
      std::map<Halide::OutputFileType, std::string> outputs = {
          {Halide::OutputFileType::object, object}};
      if (options.keepTemporaries)  // the lowered loop nest, for reading schedules
        outputs[Halide::OutputFileType::stmt] = (workDir / (name + ".stmt")).string();
      def->pipeline.compile_to(outputs, def->arguments, name, kernelTarget);
    } catch (const Halide::Error &e) {
      op->emitError("internal error: Halide cannot compile the kernel: ") << e.what();
      return false;
    }
    objects.push_back(object);
    byKey[key] = name;
    kernels[op] = {name, std::move(*def)};
  }
  return true;
}

bool ModelCompiler::link(const std::vector<std::string> &objects, const std::string &output,
                         OutputKind kind, std::string &error) {
  std::vector<std::string> argv;
  switch (kind) {
  case OutputKind::SharedLibrary: {
    fs::path map = workDir / "exports.map";
    std::ofstream(map) << "{ global: " << prefix << "_run; "
                       << (dynamicBatch ? prefix + "_run_batch; " : "") << prefix
                       << "_weights; " << prefix << "_signature; " << prefix
                       << "_library_entry; "
                       << (options.train ? prefix + "_eval_run; " + prefix +
                                               "_eval_signature; " + prefix + "_model_file; "
                                         : "")
                       << "dlc_library_entry; local: *; };\n";
    argv = {"cc", "-shared", "-o", output};
    argv.insert(argv.end(), objects.begin(), objects.end());
    argv.insert(argv.end(), {"-Wl,--version-script=" + map.string(), "-Wl,-z,defs",
                             "-Wl,-z,noexecstack", "-lpthread", "-ldl", "-lm"});
    break;
  }
  case OutputKind::StaticLibrary:
    argv = {"ar", "rcs", output};
    argv.insert(argv.end(), objects.begin(), objects.end());
    break;
  case OutputKind::Object:
    argv = {"cc", "-r", "-o", output};
    argv.insert(argv.end(), objects.begin(), objects.end());
    break;
  }
  return runTool(argv, error);
}

// The kernel calls in program order, each buffer resolved to its storage;
// weights are placed in `blob` in the layout their kernel reads.
GlueSpec ModelCompiler::assembleGlue(func::FuncOp func, const MemoryPlan &plan,
                                     const WeightTable &weights, WeightsBlob &blob) {
  auto resolve = [&](Value v, halide::WeightLayout layout) {
    Storage s = plan.storage.lookup(v);
    if (s.kind == StorageKind::Weights)
      s.offset = blob.place(s.weight, layout, cast<ShapedType>(v.getType()).getShape(), weights);
    return s;
  };
  GlueSpec glue;
  glue.prefix = prefix;
  glue.targetCpu = "x86-64";
  for (Operation &op : func.getBody().front()) {
    auto it = kernels.find(&op);
    if (it == kernels.end())
      continue;
    const halide::KernelDef &def = it->second.second;
    KernelCall call;
    call.function = it->second.first;
    assert(def.inputs.size() == op.getNumOperands() && "one kernel argument per operand");
    for (auto [operand, arg] : llvm::zip(op.getOperands(), def.inputs)) {
      call.buffers.push_back(resolve(operand, arg.layout));
      call.extents.push_back(arg.extents);
      call.int64Buffers.push_back(
          cast<ShapedType>(operand.getType()).getElementType().isInteger(64));
    }
    assert(def.outputs.size() == op.getNumResults() && "one kernel output per result");
    for (auto [result, output] : llvm::zip(op.getResults(), def.outputs)) {
      call.buffers.push_back(plan.storage.lookup(result));
      call.extents.push_back(output.extents);
      call.int64Buffers.push_back(false);
    }
    glue.calls.push_back(std::move(call));
  }
  for (auto [value, output] : plan.outputCopies)
    glue.copies.push_back({resolve(value, halide::WeightLayout::AsIs), output, tensorBytes(value)});
  return glue;
}

// Graph rewrites before codegen: attention patterns become one op, which
// then gets the flash-attention block sizes.
LogicalResult rewriteGraph(MLIRContext &context, ModuleOp module,
                           const CompileOptions &options) {
  PassManager passes(&context);
  // dlc.attention has no gradient rule: a training step keeps attention as
  // matmul, softmax and matmul.
  if (options.fuseAttention && !options.train)
    passes.addNestedPass<func::FuncOp>(createDLCFuseAttention());
  DLCTileAttentionOptions tiles;
  if (options.attentionTiles)
    std::tie(tiles.blockQueries, tiles.blockKeys) = *options.attentionTiles;
  passes.addNestedPass<func::FuncOp>(createDLCTileAttention(tiles));
  return passes.run(module);
}

// Inference fusion: transpose pairs cancelled, zero padding folded into
// average pools, batch norm into convolutions, element-wise chains into
// their producers' kernels, then the weight arithmetic the folding wrote
// evaluated into new weights.
LogicalResult fuseForInference(MLIRContext &context, ModuleOp module, WeightTable &weights) {
  PassManager passes(&context);
  passes.addNestedPass<func::FuncOp>(createDLCFoldTransposes());
  passes.addNestedPass<func::FuncOp>(createDLCFoldPoolPadding());
  passes.addNestedPass<func::FuncOp>(createDLCFuseConvBnRelu());
  passes.addNestedPass<func::FuncOp>(createDLCFuseEpilogue());
  if (failed(passes.run(module)))
    return failure();
  for (auto func : module.getOps<func::FuncOp>())
    if (failed(foldWeightExpressions(func, weights)))
      return failure();
  return success();
}

// Training: the backward's transpose pairs cancelled and its weight
// gradients' transposes moved to the smaller operand, its sums of padded
// slice gradients made concatenations, element-wise chains fused into
// their producers, then each convolution, its batch statistics and batch
// norm into one kernel.
LogicalResult fuseEpilogues(MLIRContext &context, ModuleOp module) {
  PassManager passes(&context);
  passes.addNestedPass<func::FuncOp>(createDLCFoldTransposes());
  passes.addNestedPass<func::FuncOp>(createDLCSumPadsToConcat());
  passes.addNestedPass<func::FuncOp>(createDLCFuseEpilogue());
  passes.addNestedPass<func::FuncOp>(createDLCFuseConvBnTrain());
  return passes.run(module);
}

// The model a training library embeds, for its parameters' initial values
// and its checkpoints: the dlc model file as read (in binary form), or the
// ONNX model with its float initializers in raw_data.
std::vector<uint8_t> trainingModelFile(const LoadedModel &model) {
  return model.isOnnx ? serializeWithRawInitializers(model.onnxModel) : model.dlcModel.bytes;
}

bool hasDynamicBatch(func::FuncOp func) {
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    if (func.getArgAttr(i, kDynamicBatchAttr))
      return true;
  return false;
}

// Whether the library may keep the model's dynamic batch (`func` was
// imported at batch 1): the model is imported again at batch 2 to see where
// the batch goes, and every op must keep samples apart. When not, a warning
// says why and the library runs batch 1.
BatchSeparability ModelCompiler::keepBatchDynamic(MLIRContext &context, func::FuncOp func,
                                                  const LoadedModel &model,
                                                  ImportOptions importOptions) {
  importOptions.batch = 2;
  WeightTable weightsAtTwo;
  std::string importError;
  OwningOpRef<ModuleOp> atTwo;
  {
    // The model was read once already: errors here only mean "not at batch 2".
    ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
      if (importError.empty() && diag.getSeverity() == DiagnosticSeverity::Error)
        importError = diag.str();
      return success();
    });
    atTwo = reimportModel(context, options.inputPath, importOptions, model, weightsAtTwo);
    if (atTwo && failed(rewriteGraph(context, *atTwo, options)))
      atTwo = nullptr;
  }
  BatchSeparability result;
  if (atTwo)
    result = checkBatchSeparability(func, atTwo->lookupSymbol<func::FuncOp>("forward"));
  else
    result.reason = "the model does not import at batch 2 (" + importError + ")";
  if (result.separable)
    return result;
  std::string advice = "; the library runs batch 1 only (fix the batch with --batch N)";
  if (result.op)
    result.op->emitWarning() << "a dynamic batch needs every op to keep samples apart, and this "
                             << result.op->getName() << " " << result.reason << advice;
  else
    emitWarning(func.getLoc()) << "the dynamic batch cannot stay dynamic: " << result.reason
                               << advice;
  return result;
}

int ModelCompiler::run() {
  auto start = std::chrono::steady_clock::now();
  std::optional<OutputKind> kind = outputKindOf(options.outputPath);
  if (!kind)
    return fail(options.outputPath + ": unknown output kind; use a .so, .a or .o file name");

  std::string error;
  DialectRegistry registry;
  registerDifferentiableOps(registry);  // the gradient rules --train builds with
  MLIRContext context(registry);
  OneLineDiagnostics diagnostics(context);
  LoadedModel model;  // the weights point into it
  WeightTable weights;
  ImportOptions importOptions;
  importOptions.batch = options.batch.value_or(1);
  importOptions.inputShapes = options.inputShapes;
  importOptions.foldWeightComputations = !options.train;
  OwningOpRef<ModuleOp> module =
      importModelFile(context, options.inputPath, importOptions, model, weights);
  if (!module)
    return 1;
  if (failed(rewriteGraph(context, *module, options)))
    return 1;
  BatchSeparability batch;
  if (options.train) {
    if (!options.batch && hasDynamicBatch(module->lookupSymbol<func::FuncOp>("forward")))
      return fail(options.inputPath + ": --train compiles the step for one batch size; give it "
                                      "with --batch N");
    if (failed(buildTrainingFunctions(*module, *options.train, weights)))
      return 1;
    // Batch norm stays a training op: element-wise chains fuse, and each
    // convolution with its training batch norm.
    if (options.fuse && failed(fuseEpilogues(context, *module)))
      return 1;
  } else {
    auto forward = module->lookupSymbol<func::FuncOp>("forward");
    eraseDropouts(forward);  // an inference library is in eval mode
    // Without --batch, a dynamic batch stays dynamic when the graph allows.
    if (!options.batch && hasDynamicBatch(forward))
      batch = keepBatchDynamic(context, forward, model, importOptions);
    if (options.fuse && failed(fuseForInference(context, *module, weights)))
      return 1;
  }
  prefix = options.prefix.empty() ? defaultPrefix(*module, options.outputPath) : options.prefix;

  Halide::Target target = Halide::get_host_target();
  if (!options.target.empty()) {
    if (!Halide::Target::validate_target_string(options.target))
      return fail("--target '" + options.target +
                  "' is not a Halide target string (e.g. x86-64-linux-avx2-fma)");
    target = Halide::Target(options.target);
  }
  // The glue and the weights object hard-code x86-64 ELF (halide_buffer_t layout, ELF64).
  if (target.arch != Halide::Target::X86 || target.bits != 64 || target.os != Halide::Target::Linux)
    return fail("--target '" + options.target + "': dlc emits x86-64 Linux libraries only");

  std::error_code ec;
  workDir = fs::temp_directory_path() / ("dlc-" + prefix + "-" + std::to_string(getpid()));
  fs::create_directories(workDir, ec);
  if (ec)
    return fail(workDir.string() + ": cannot create a work directory: " + ec.message());
  struct Cleanup {
    const fs::path &dir;
    bool keep;
    ~Cleanup() {
      std::error_code ignored;
      if (!keep)
        fs::remove_all(dir, ignored);
    }
  } cleanup{workDir, options.keepTemporaries};

  // The library's entry functions: the forward, or a training step and its
  // eval forward (the second glue, under PREFIX_eval, shares the weights).
  std::vector<std::pair<func::FuncOp, std::string>> entries;
  if (options.train) {
    entries.push_back({module->lookupSymbol<func::FuncOp>("train_step"), prefix});
    entries.push_back({module->lookupSymbol<func::FuncOp>("eval"), prefix + "_eval"});
  } else {
    entries.push_back({module->lookupSymbol<func::FuncOp>("forward"), prefix});
  }
  func::FuncOp func = entries.front().first;
  std::vector<std::string> objects;
  for (auto &entry : entries)
    if (!compileKernels(entry.first, target, objects))
      return 1;
  // The thread pool before the runtime: its strong halide_do_par_for
  // replaces the runtime's weak one, and in a static library the linker
  // takes the first archive member that defines the symbol.
  std::string pool = (workDir / "dlc_thread_pool.o").string();
  std::ofstream poolFile(pool, std::ios::binary);
  poolFile.write(reinterpret_cast<const char *>(threadPoolObject),
                 static_cast<std::streamsize>(threadPoolObject_size));
  if (!poolFile.flush())
    return fail("cannot write " + pool, 2);
  objects.push_back(pool);
  std::string runtime = (workDir / "halide_runtime.o").string();
  Halide::compile_standalone_runtime(runtime, target);
  objects.push_back(runtime);

  MemoryPlan plan = planMemory(func);
  GlueSpec glue = assembleGlue(func, plan, weights, blob);
  glue.exportLibraryEntry = *kind == OutputKind::SharedLibrary;
  SignatureOptions signature;
  signature.arenaBytes = plan.arenaBytes;
  if (options.train)
    signature.training = &*options.train;
  if (options.train) {
    func::FuncOp eval = entries.back().first;
    MemoryPlan evalPlan = planMemory(eval);
    GlueSpec evalGlue = assembleGlue(eval, evalPlan, weights, blob);
    evalGlue.prefix = entries.back().second;
    evalGlue.weightsPrefix = prefix;
    evalGlue.externalWeights = options.externalWeights;
    SignatureOptions evalSignature;
    evalSignature.arenaBytes = evalPlan.arenaBytes;
    evalGlue.signature = buildSignature(eval, evalGlue.prefix, evalSignature);
    std::string evalObject = (workDir / (evalGlue.prefix + "_glue.o")).string();
    if (!emitGlueObject(evalGlue, evalObject, error))
      return fail(error, 2);
    objects.insert(objects.begin(), evalObject);
    glue.evalPrefix = evalGlue.prefix;
    glue.modelFile = trainingModelFile(model);
    progress("eval forward: " + std::to_string(evalGlue.calls.size()) + " kernel calls, arena " +
             std::to_string(evalPlan.arenaBytes) + " bytes");
  }
  if (batch.separable) {
    // Batch-1 kernels, run once per sample by the glue.
    glue.dynamicBatch = dynamicBatch = true;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      glue.inputSampleBytes.push_back(batch.batchedInputs[i] ? tensorBytes(func.getArgument(i))
                                                             : 0);
    auto results = func.getBody().front().getTerminator()->getOperands();
    for (auto [value, batched] : llvm::zip(results, batch.batchedOutputs))
      glue.outputSampleBytes.push_back(batched ? tensorBytes(value) : 0);
    signature.batchedInputs = batch.batchedInputs;
    signature.batchedOutputs = batch.batchedOutputs;
  }
  if (blob.failed())
    return fail("internal error: a weight used by the graph is missing from the weight table",
                2);
  fs::path output = fs::absolute(options.outputPath);
  fs::path weightsFile = output;
  weightsFile.replace_extension(".weights");
  fs::path weightsPartial = weightsFile;
  weightsPartial += ".partial";
  glue.externalWeights = options.externalWeights;
  // Whatever happens next, no half-written weights file stays behind (after
  // the final rename there is nothing left to remove).
  struct RemovePartial {
    fs::path path;
    ~RemovePartial() {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  } removePartial{weightsPartial};
  if (options.externalWeights) {
    // The blob goes to MODEL.weights (renamed into place with the library).
    std::FILE *f = std::fopen(weightsPartial.c_str(), "wb");
    bool ok = f && blob.writeTo(f);
    ok = (f && std::fclose(f) == 0) && ok;
    if (!ok) {
      fs::remove(weightsPartial, ec);
      return fail(weightsFile.string() + ": cannot write the weights file");
    }
    signature.externalWeights = weightsFile.filename().string();
    signature.weightsBytes = blob.size();
    glue.signature = buildSignature(func, prefix, signature);
  } else {
    std::string weightsObject = (workDir / (prefix + "_weights.o")).string();
    if (!writeWeightsObject(weightsObject, weightsDataSymbol(prefix), blob.size(),
                            [&](std::FILE *f) { return blob.writeTo(f); }, error))
      return fail(error);
    objects.insert(objects.begin(), weightsObject);
    glue.signature = buildSignature(func, prefix, signature);
  }

  progress(std::string(glue.dynamicBatch ? "dynamic batch (batch-1 kernels, run per sample); "
                                         : "") +
           "glue: " + std::to_string(glue.calls.size()) + " kernel calls, arena " +
           std::to_string(plan.arenaBytes) + " bytes (" +
           std::to_string(plan.intermediateBytes) + " without reuse), weights " +
           std::to_string(blob.size()) + " bytes" +
           (options.externalWeights ? " in " + weightsFile.filename().string() : ""));
  std::string glueObject = (workDir / (prefix + "_glue.o")).string();
  if (!emitGlueObject(glue, glueObject, error))
    return fail(error, 2);
  objects.insert(objects.begin(), glueObject);

  // Link to a temporary name, then rename: a failed build never leaves a
  // half-written library behind.
  fs::path partial = output;
  partial += ".partial";
  if (!link(objects, partial.string(), *kind, error)) {
    fs::remove(partial, ec);
    return fail(error, 2);
  }
  fs::path header = output;
  header.replace_extension(".h");
  std::string headerText =
      renderModelHeader(*fb::GetModel(glue.signature.data()), prefix);
  if (!writeFileAtomically(header.string(), headerText.data(), headerText.size(), error))
    return fail(error);
  if (options.externalWeights) {
    fs::rename(weightsPartial, weightsFile, ec);
    if (ec)
      return fail(weightsFile.string() + ": cannot write: " + ec.message());
  }
  fs::rename(partial, output, ec);
  if (ec)
    return fail(output.string() + ": cannot write: " + ec.message());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress("wrote " + output.string() + " and " + header.filename().string() + " in " +
           std::to_string(seconds).substr(0, 5) + " s, peak memory " + peakMemory());
  return 0;
}

} // namespace

int compileModel(const CompileOptions &options) { return ModelCompiler(options).run(); }

} // namespace dlc
