# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("runtime")
subdirs("dialects/dlc")
subdirs("frontends/flatbuffers")
subdirs("compiler")
subdirs("examples/lenet5")
subdirs("test")
