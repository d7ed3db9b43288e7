mov %r0, 1
lock fetch add32 [%r10-8], %r1
call local f
jne %r0, 1, exit
exit
f:
lddw %r0, 0x1122334455667788
exit
