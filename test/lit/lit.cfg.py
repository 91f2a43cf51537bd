# lit configuration of dlc's compiler tests: dlc-opt on .mlir files and the
# `dlc` importer on JSON model files. The paths come from lit.site.cfg.py,
# which CMake generates from lit.site.cfg.py.in.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)

# .json files are model files that carry their RUN lines in // comments
# (the FlatBuffers JSON parser skips them); the file must start with `{`.
config.suffixes = [".mlir", ".json"]
# Inputs/ holds files that other tests read, not tests.
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "lit.site.cfg.py.in"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.dlc_obj_root

llvm_config.use_default_substitutions()
# `not` and `count` are only substituted after a pipe; a RUN line that starts
# with `not` needs them on PATH (TOOLCHAIN.md pitfall 10).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.dlc_tools_dir, append_path=True)

llvm_config.add_tool_substitutions(["dlc-opt", "dlc"], [config.dlc_tools_dir])
