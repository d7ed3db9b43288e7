r0 = 0
w1 += 2
r1 = map[m] ll
if r1 > 10 goto +4 <LBB0_3>
lock *(u64 *)(r1 + 0) += r2
r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
exit
