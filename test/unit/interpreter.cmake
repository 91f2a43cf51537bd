# Hand-computed cases for the reference interpreter (compiler/interpreter).
add_executable(dlc_unit_interpreter ${CMAKE_CURRENT_LIST_DIR}/interpreter_test.cpp)
target_link_libraries(dlc_unit_interpreter PRIVATE dlc_interpreter GTest::gtest_main)
dlc_target_warnings(dlc_unit_interpreter)
add_test(NAME dlc_unit_interpreter COMMAND dlc_unit_interpreter)
