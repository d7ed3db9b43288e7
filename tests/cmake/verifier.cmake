# SPDX-License-Identifier: Apache-2.0
# Verifier domain tests (src/verifier/tnum.c, range.c, cfg.c).
#
# unit/test_tnum, unit/test_range and unit/test_cfg are picked up from
# tests/unit like every unit test; this fragment labels them and adds a
# target that re-records their kernel corpora from the running kernel
# (root needed):
#   cmake --build build --target record-verifier-corpus
# tests/corpus/range_states.jsonl: states printed at log level 2
#   BPFSIM_RANGE_EXPLORE=N build/test_range   (compare N more random programs, live)
# tests/corpus/cfg.jsonl: vectors (../shared/formats/vectors.md) with the kernel's answer
set_tests_properties(unit/test_tnum unit/test_range unit/test_cfg PROPERTIES LABELS "verifier")
add_custom_target(record-verifier-corpus
  COMMAND ${CMAKE_COMMAND} -E env
          BPFSIM_RECORD_RANGE=${CMAKE_SOURCE_DIR}/tests/corpus/range_states.jsonl $<TARGET_FILE:test_range>
  COMMAND ${CMAKE_COMMAND} -E env
          BPFSIM_RECORD_CFG=${CMAKE_SOURCE_DIR}/tests/corpus/cfg.jsonl $<TARGET_FILE:test_cfg>
  DEPENDS test_range test_cfg
  COMMENT "Re-recording the verifier corpora from the live kernel (root)"
  VERBATIM)
