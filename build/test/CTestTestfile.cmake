# CMake generated Testfile for 
# Source directory: /work/main/test
# Build directory: /work/main/build/test
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[bad_input]=] "bash" "/work/main/test/bad_input/run.sh" "/work/main/build/compiler/dlc" "/work/main")
set_tests_properties([=[bad_input]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/test/CMakeLists.txt;8;add_test;/work/main/test/CMakeLists.txt;0;")
subdirs("lit")
subdirs("unit")
subdirs("models")
