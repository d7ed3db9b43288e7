# SPDX-License-Identifier: Apache-2.0
# Object-loader tests: BPF C programs tests/progs/obj_*.bpf.c compiled by clang
# at build time into ${CMAKE_BINARY_DIR}/tests/progs/, used by
# tests/unit/test_object*.c (which find them through BPFSIM_BUILD).
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/tests/progs)
file(GLOB BPFSIM_OBJ_PROGS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/progs/obj_*.bpf.c)
set(BPFSIM_OBJ_OUTPUTS)
# CO-RE programs (obj_core*.bpf.c) include vmlinux.h, generated from the
# running kernel's BTF by bpftool; without either they are not built and the
# tests that need them skip.
find_program(BPFSIM_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
set(BPFSIM_VMLINUX_DIR ${CMAKE_BINARY_DIR}/tests/progs/include)
if(BPFSIM_BPFTOOL AND EXISTS /sys/kernel/btf/vmlinux)
  file(MAKE_DIRECTORY ${BPFSIM_VMLINUX_DIR})
  add_custom_command(OUTPUT ${BPFSIM_VMLINUX_DIR}/vmlinux.h
    COMMAND ${BPFSIM_BPFTOOL} btf dump file /sys/kernel/btf/vmlinux format c > ${BPFSIM_VMLINUX_DIR}/vmlinux.h
    COMMENT "bpftool btf dump -> vmlinux.h")
  add_custom_target(bpfsim_vmlinux_h DEPENDS ${BPFSIM_VMLINUX_DIR}/vmlinux.h)
endif()
foreach(src ${BPFSIM_OBJ_PROGS})
  get_filename_component(base ${src} NAME_WE) # obj_net (NAME_WE strips .bpf.c)
  if(base MATCHES "^obj_core")
    if(NOT TARGET bpfsim_vmlinux_h)
      continue()
    endif()
    bpfsim_bpf_object(bpfprog_${base} ${src} ${CMAKE_BINARY_DIR}/tests/progs/${base}.o -I${BPFSIM_VMLINUX_DIR})
    add_dependencies(bpfprog_${base} bpfsim_vmlinux_h)
  else()
    bpfsim_bpf_object(bpfprog_${base} ${src} ${CMAKE_BINARY_DIR}/tests/progs/${base}.o)
  endif()
  list(APPEND BPFSIM_OBJ_OUTPUTS bpfprog_${base})
endforeach()
# License variants of tests/progs/loadobj_license.bpf.c for
# tests/unit/test_object_license.c: tests/progs/license/lic_N.o, each
# carrying one license string (the test reads it back from the object).
set(BPFSIM_LICENSES "GPL" "GPL v2" "GPL and additional rights" "Dual BSD/GPL" "Dual MIT/GPL" "Dual MPL/GPL"
    "Proprietary" "MIT" "BSD" "gpl" "GPL " "GPLv2" "Dual BSD/GPL/MIT"
    "Dual BSD/GPL with a license string longer than the sixty-three bytes libbpf keeps")
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/tests/progs/license)
set(lic_i 0)
foreach(lic IN LISTS BPFSIM_LICENSES)
  bpfsim_bpf_object(bpfprog_license_${lic_i} ${CMAKE_SOURCE_DIR}/tests/progs/loadobj_license.bpf.c
                    ${CMAKE_BINARY_DIR}/tests/progs/license/lic_${lic_i}.o "-DLICENSE_STR=\"${lic}\"")
  list(APPEND BPFSIM_OBJ_OUTPUTS bpfprog_license_${lic_i})
  math(EXPR lic_i "${lic_i} + 1")
endforeach()
foreach(t test_object test_object_malformed test_object_license test_object_autoload)
  if(TARGET ${t} AND BPFSIM_OBJ_OUTPUTS)
    add_dependencies(${t} ${BPFSIM_OBJ_OUTPUTS} bpfsim_cli)
  endif()
endforeach()
