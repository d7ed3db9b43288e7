# SPDX-License-Identifier: Apache-2.0
# Helper prototype table (src/verifier/helper_protos.{c,h,def}, prog_types.def).
#
# unit/test_helper_protos is picked up from tests/unit like every unit test:
# it checks the table against tests/corpus/helper_access.jsonl (recorded from
# the live kernel) and, as root, against the live kernel again.
#
# protos/tables_current: the generated .def files are what
# tests/corpus/gen_helper_protos.py writes from the kernel sources
# (skipped when /usr/src/linux-source-6.12 or python3 is missing).
#
# Targets (root, kernel sources):
#   cmake --build B --target gen-helper-protos      regenerate the two .def files
#   cmake --build B --target record-protos-corpus   re-record helper_access.jsonl
set_tests_properties(unit/test_helper_protos PROPERTIES LABELS "verifier;protos")

find_program(BPFSIM_PYTHON3 python3)
set(BPFSIM_KSRC_612 /usr/src/linux-source-6.12)
if(BPFSIM_PYTHON3)
  add_test(NAME protos/tables_current
    COMMAND sh -c "[ -d '${BPFSIM_KSRC_612}/kernel/bpf' ] || { echo 'skipped: no kernel sources at ${BPFSIM_KSRC_612}' >&2; exit 77; }; \
d=$(mktemp -d) && '${BPFSIM_PYTHON3}' '${CMAKE_SOURCE_DIR}/tests/corpus/gen_helper_protos.py' '${BPFSIM_KSRC_612}' \"$d\" && \
diff -u '${CMAKE_SOURCE_DIR}/src/verifier/helper_protos.def' \"$d/helper_protos.def\" && \
diff -u '${CMAKE_SOURCE_DIR}/src/verifier/prog_types.def' \"$d/prog_types.def\"; rc=$?; rm -rf \"$d\"; exit $rc")
  set_tests_properties(protos/tables_current PROPERTIES SKIP_RETURN_CODE 77 LABELS "verifier;protos")

  add_custom_target(gen-helper-protos
    COMMAND ${BPFSIM_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/corpus/gen_helper_protos.py ${BPFSIM_KSRC_612}
            ${CMAKE_SOURCE_DIR}/src/verifier
    COMMENT "Regenerating src/verifier/helper_protos.def and prog_types.def"
    VERBATIM)

  set(_g ${CMAKE_SOURCE_DIR}/tests/corpus/gen_helper_access.py)
  set(_t ${CMAKE_BINARY_DIR}/protos-record)
  add_custom_target(record-protos-corpus
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_t}
    COMMAND sh -c "'${BPFSIM_PYTHON3}' '${_g}' gpl > '${_t}/gpl.jsonl' && \
'$<TARGET_FILE:bpfsim_cli>' load --vectors '${_t}/gpl.jsonl' --record '${_t}/gpl_rec.jsonl' > /dev/null; \
'${BPFSIM_PYTHON3}' '${_g}' nongpl '${_t}/gpl_rec.jsonl' > '${_t}/nongpl.jsonl' && \
'${BPFSIM_PYTHON3}' '${_g}' args > '${_t}/args.jsonl' && \
'$<TARGET_FILE:bpfsim_cli>' load --vectors '${_t}/args.jsonl' --record '${_t}/args_rec.jsonl' > /dev/null; \
\
'${BPFSIM_PYTHON3}' '${_g}' second '${_t}/gpl_rec.jsonl' > '${_t}/second.jsonl' && \
'$<TARGET_FILE:bpfsim_cli>' load --vectors '${_t}/second.jsonl' --record '${_t}/second_rec.jsonl' > /dev/null; \
cat '${_t}/gpl_rec.jsonl' '${_t}/nongpl.jsonl' '${_t}/args_rec.jsonl' '${_t}/second_rec.jsonl' > '${CMAKE_SOURCE_DIR}/tests/corpus/helper_access.jsonl'"
    DEPENDS bpfsim_cli
    COMMENT "Re-recording tests/corpus/helper_access.jsonl from the live kernel (root)"
    VERBATIM)
endif()
