# SPDX-License-Identifier: Apache-2.0
# Tests of the disassembler that need clang-built objects or the CLI
# (the cmocka tests are tests/unit/test_disasm.c and test_disasm_kernel.c).
#
# disasm/llvm_<prog>: `bpfsim disasm -r X.o` equals `llvm-objdump -dr X.o`
#   line by line (headers, addresses, raw bytes, text, branch labels,
#   relocations); a line where LLVM 14 prints <unknown> must be printed by
#   bpfsim in LLVM 18+ syntax instead (same address and bytes).
# disasm/bad_input: missing file, truncated ELF, non-BPF ELF, random bytes,
#   truncated or unknown raw instructions, malformed vectors, usage errors.
set(BPFSIM_DISASM_PROGS
  "xdp\;disasm_xdp\;"
  "xdp_v3\;disasm_xdp\;-mcpu=v3"
  "sock\;disasm_sock\;"
  "sock_v1\;disasm_sock\;-mcpu=v1"
  "tc\;disasm_tc\;-mcpu=v3"
  "tc_v2\;disasm_tc\;-mcpu=v2"
  "tp\;disasm_tp\;-mcpu=v3"
  "kfunc\;disasm_kfunc\;"
  "syms\;disasm_syms\;"
  "xdp_eb\;disasm_xdp\;-mbig-endian")
foreach(entry ${BPFSIM_DISASM_PROGS})
  list(GET entry 0 tag)
  list(GET entry 1 src)
  list(GET entry 2 flags)
  set(out ${CMAKE_BINARY_DIR}/progs/disasm_${tag}.o)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/progs)
  set(srcfile ${CMAKE_SOURCE_DIR}/tests/progs/${src}.bpf.c)
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/progs/${src}.s)
    set(srcfile ${CMAKE_SOURCE_DIR}/tests/progs/${src}.s)
  endif()
  if(flags)
    bpfsim_bpf_object(prog_disasm_${tag} ${srcfile} ${out} ${flags})
  else()
    bpfsim_bpf_object(prog_disasm_${tag} ${srcfile} ${out})
  endif()
  if(BPFSIM_LLVM_OBJDUMP)
    add_test(NAME disasm/llvm_${tag}
      COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cmake/disasm_llvm_cmp.sh ${CMAKE_BINARY_DIR}/bpfsim
              ${BPFSIM_LLVM_OBJDUMP} ${out})
    set_tests_properties(disasm/llvm_${tag} PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}" SKIP_RETURN_CODE 77)
  endif()
endforeach()
add_test(NAME disasm/bad_input
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cmake/disasm_bad_input.sh ${CMAKE_BINARY_DIR}/bpfsim
          ${CMAKE_BINARY_DIR}/progs/disasm_xdp.o)
set_tests_properties(disasm/bad_input PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}")
