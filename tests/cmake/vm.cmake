# SPDX-License-Identifier: Apache-2.0
# VM tests beyond the cmocka units (test_vm, test_vm_conformance):
# the 'bpfsim run' command line.
add_test(NAME vm/cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cmake/vm_cli.sh)
set_tests_properties(vm/cli PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}")
# an object file with maps, global data, a subprogram call and bpf_printk
bpfsim_bpf_object(vm_features_obj ${CMAKE_SOURCE_DIR}/tests/progs/vm_features.bpf.c
                  ${CMAKE_BINARY_DIR}/tests/vm_features.bpf.o)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
