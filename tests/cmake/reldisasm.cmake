# SPDX-License-Identifier: Apache-2.0
# `bpfsim disasm --relocated` (tests/unit/test_disasm_relocated.c) needs the
# CLI, the demo object and the tests/progs objects built first.
if(TARGET test_disasm_relocated)
  add_dependencies(test_disasm_relocated bpfsim_cli example_xdp_proto_count)
  foreach(p obj_net obj_trace obj_maps obj_legacy obj_legacy_iproute obj_bad_notype
            obj_core obj_core_kconfig obj_core_ksym obj_core_ksymvar)
    if(TARGET bpfprog_${p})
      add_dependencies(test_disasm_relocated bpfprog_${p})
    endif()
  endforeach()
endif()
