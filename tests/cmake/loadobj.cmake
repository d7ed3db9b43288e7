# SPDX-License-Identifier: Apache-2.0
# `bpfsim load OBJ` (owner: loadobj). The tests are the cmocka programs
# tests/unit/test_load_obj.c (live: every program of tests/progs and the demo
# object loaded by bpfsim's own loader and by libbpf, same verdict and same
# xlated count; skipped with 77 without root/bpf(2)) and
# tests/unit/test_load_obj_errors.c (error paths, no kernel needed).
# tests/progs/loadobj_*.bpf.c are compiled here into
# ${CMAKE_BINARY_DIR}/tests/progs/ for test_load_obj.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/tests/progs)
file(GLOB BPFSIM_LOADOBJ_PROGS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/progs/loadobj_*.bpf.c)
foreach(src ${BPFSIM_LOADOBJ_PROGS})
  get_filename_component(base ${src} NAME_WE)
  bpfsim_bpf_object(bpfprog_${base} ${src} ${CMAKE_BINARY_DIR}/tests/progs/${base}.o)
  if(TARGET test_load_obj)
    add_dependencies(test_load_obj bpfprog_${base})
  endif()
endforeach()
foreach(t test_load_obj test_load_obj_errors)
  if(TARGET ${t})
    add_dependencies(${t} bpfsim_cli)
  endif()
endforeach()
