# SPDX-License-Identifier: Apache-2.0
# Verifier core (src/verifier/verifier.c, state.c, check_alu.c, check_jmp.c,
# log.c; tools/bpfsim/cmd_verify.c).
#
# unit/test_verifier compares bpfsim's verdict, errno, error line and
# processed count with the kernel's on tests/corpus/{verifier_core,cfg,
# foundation,range_states}.jsonl and prints the figures. vcore/cli checks
# `bpfsim verify`: the --json shape, the table, -l, exit codes.
# Re-record the hand-written corpus from the running kernel (root):
#   cmake --build build --target record-verifier-core
set_tests_properties(unit/test_verifier PROPERTIES LABELS "verifier")
add_test(NAME vcore/cli
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/vcore_cli.sh $<TARGET_FILE:bpfsim_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(vcore/cli PROPERTIES LABELS "verifier" SKIP_RETURN_CODE 77)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_custom_target(record-verifier-core
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/corpus/gen_verifier_core.py
            > ${CMAKE_BINARY_DIR}/verifier_core.in.jsonl
    COMMAND $<TARGET_FILE:bpfsim_cli> load --vectors ${CMAKE_BINARY_DIR}/verifier_core.in.jsonl
            --record ${CMAKE_SOURCE_DIR}/tests/corpus/verifier_core.jsonl
    DEPENDS bpfsim_cli
    COMMENT "Re-recording tests/corpus/verifier_core.jsonl from the live kernel (root)")
endif()
