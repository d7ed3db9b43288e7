# SPDX-License-Identifier: Apache-2.0
# Verifier log (src/verifier/log.c; issue 5).
#
# unit/test_verifier_log compares bpfsim's level-1 and level-2 logs with the
# kernel's on tests/corpus/{verifier_core,cfg,range_states}.jsonl (live
# when root, else the recordings tests/corpus/verifier_logs{,_cfg,_range}
# .jsonl.gz), prints how many are identical and why the others differ, and checks the log buffer semantics
# (rotating / BPF_LOG_FIXED / ENOSPC / log_true_size; against bpf(2) when
# root). vlog/cli checks `bpfsim verify -l N --log-size N [--log-fixed]`.
# Re-record the logs from the running kernel (root):
#   cmake --build build --target record-verifier-logs
set_tests_properties(unit/test_verifier_log PROPERTIES LABELS "verifier")
add_test(NAME vlog/cli
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/vlog_cli.sh $<TARGET_FILE:bpfsim_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(vlog/cli PROPERTIES LABELS "verifier")
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(_c ${CMAKE_SOURCE_DIR}/tests/corpus)
  add_custom_target(record-verifier-logs
    COMMAND ${Python3_EXECUTABLE} ${_c}/gen_verifier_logs.py ${_c}/verifier_core.jsonl ${_c}/verifier_logs.jsonl.gz
    COMMAND ${Python3_EXECUTABLE} ${_c}/gen_verifier_logs.py ${_c}/cfg.jsonl ${_c}/verifier_logs_cfg.jsonl.gz
    COMMAND ${Python3_EXECUTABLE} ${_c}/gen_verifier_logs.py ${_c}/range_states.jsonl
            ${_c}/verifier_logs_range.jsonl.gz
    COMMENT "Re-recording tests/corpus/verifier_logs*.jsonl.gz from the live kernel (root)")
endif()
