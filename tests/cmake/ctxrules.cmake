# SPDX-License-Identifier: Apache-2.0
# Context access rules and return-value ranges (src/verifier/ctx_rules.c,
# ctx_rules.def, retval.c). unit/test_ctx_rules is picked up from tests/unit
# like every unit test: offline it checks tests/corpus/ctx_access.jsonl and
# tests/corpus/retval.jsonl; as root it also compares the whole probe grid
# (every offset, size, load/store) with the live kernel.
#
# Re-record the corpora from the running kernel (root):
#   cmake --build build --target record-ctxrules-corpus
set_tests_properties(unit/test_ctx_rules PROPERTIES LABELS "verifier;ctxrules")
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  set(_ctxgen ${CMAKE_SOURCE_DIR}/tests/corpus/gen_ctx_access.py)
  add_custom_target(record-ctxrules-corpus
    COMMAND ${Python3_EXECUTABLE} ${_ctxgen} ctx > ${CMAKE_BINARY_DIR}/ctx_access.in.jsonl
    COMMAND $<TARGET_FILE:bpfsim_cli> load --vectors ${CMAKE_BINARY_DIR}/ctx_access.in.jsonl
            --record ${CMAKE_SOURCE_DIR}/tests/corpus/ctx_access.jsonl > /dev/null || true
    COMMAND ${Python3_EXECUTABLE} ${_ctxgen} retval > ${CMAKE_BINARY_DIR}/retval.in.jsonl
    COMMAND $<TARGET_FILE:bpfsim_cli> load --vectors ${CMAKE_BINARY_DIR}/retval.in.jsonl
            --record ${CMAKE_SOURCE_DIR}/tests/corpus/retval.jsonl > /dev/null || true
    DEPENDS bpfsim_cli
    COMMENT "Re-recording ctx_access.jsonl and retval.jsonl from the live kernel (root)")
endif()
