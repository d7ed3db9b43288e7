# SPDX-License-Identifier: Apache-2.0
# Tests of the vectors corpus that are not cmocka programs (owner: oracle).
#
# corpus/foundation-generator: tests/corpus/foundation.jsonl is exactly what
# tests/corpus/gen_foundation.py writes, plus the kernel's recorded answers:
# no vector was edited by hand after recording, none is missing. (The live
# comparison with the kernel is unit/test_kernel.)
find_program(BPFSIM_PYTHON3 NAMES python3)
if(BPFSIM_PYTHON3)
  add_test(NAME corpus/foundation-generator
    COMMAND ${BPFSIM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/corpus/check_foundation.py
            ${CMAKE_SOURCE_DIR}/tests/corpus/gen_foundation.py
            ${CMAKE_SOURCE_DIR}/tests/corpus/foundation.jsonl)
  set_tests_properties(corpus/foundation-generator PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}")
endif()
