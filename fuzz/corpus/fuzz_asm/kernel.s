0: (b7) r0 = 0
1: (2d) if r8 > r1 goto pc+73
2: (85) call bpf_map_lookup_elem#1
3: (18) r1 = 0x5
5: (95) exit
