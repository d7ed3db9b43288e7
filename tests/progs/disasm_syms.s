# SPDX-License-Identifier: Apache-2.0
# disasm test object written in assembly: a section with no symbol at its
# start, several symbols at one address, a branch past the end of the
# section and one before its start (llvm-objdump's symbol rules).
	.section "xdp","ax"
	.quad 0x00000000000000b7
	.globl a
a:
	.globl b
b:
c:
	.quad 0x00000000000000b7
	.quad 0x0000000000fe0005
	.quad 0x00000000fff60015
	.quad 0x0000000000000095
	.text
	.globl t
t:
	.quad 0x0000000000000095
