# The demo's example vectors: bpfsim's verifier agrees with the recorded kernel answers.
find_program(BPFSIM_PYTHON3 python3)
if(BPFSIM_PYTHON3)
  add_test(NAME examples/verifier_basics
           COMMAND ${BPFSIM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/cmake/examples_check.py
                   ${CMAKE_BINARY_DIR}/bpfsim ${CMAKE_SOURCE_DIR}/examples/verifier_basics.jsonl)
endif()
# Fixed verifier differences (found by bpfsim fuzz): bpfsim must keep giving the kernel's answer.
if(BPFSIM_PYTHON3)
  add_test(NAME verifier/regressions
           COMMAND ${BPFSIM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/cmake/examples_check.py
                   ${CMAKE_BINARY_DIR}/bpfsim ${CMAKE_SOURCE_DIR}/tests/corpus/verifier_regressions.jsonl)
endif()
