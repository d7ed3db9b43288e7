#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CLI tests of 'bpfsim run' (--raw and --conformance-plugin): results, errors
# and exit codes. Programs are written as raw bytes with printf.
set -u
B=${BPFSIM:?BPFSIM not set}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
check() { # name, expected exit code, actual exit code, output, grep pattern
	if [ "$2" != "$3" ] || ! grep -qE -- "$5" <<<"$4"; then
		echo "FAIL $1: exit $3 (want $2), output: $4 (want /$5/)"
		fails=$((fails + 1))
	else
		echo "ok   $1"
	fi
}
# r0 = *(u32 *)(r1 + 0); r0 += r2; exit
printf '\x61\x10\x00\x00\x00\x00\x00\x00\x0f\x20\x00\x00\x00\x00\x00\x00\x95\x00\x00\x00\x00\x00\x00\x00' >"$T/p.bin"
printf '\x01\x02\x03\x04\x05\x06\x07\x08' >"$T/m.bin"
out=$("$B" run --raw "$T/p.bin" --mem "$T/m.bin" --repeat 10); rc=$?
check raw-result 0 $rc "$out" '^result 0x4030209$'
check raw-time 0 $rc "$out" '^ns_per_run [0-9]+\.[0-9]+$'
check raw-insns 0 $rc "$out" '^insns 3$'
out=$("$B" run --raw "$T/p.bin" --mem "$T/m.bin" --trusted); rc=$?
check raw-trusted 0 $rc "$out" '^result 0x4030209$'
# out of bounds: r0 = *(u64 *)(r1 + 4) with 8 bytes of memory
printf '\x79\x10\x04\x00\x00\x00\x00\x00\x95\x00\x00\x00\x00\x00\x00\x00' >"$T/oob.bin"
out=$("$B" run --raw "$T/oob.bin" --mem "$T/m.bin"); rc=$?
check oob 1 $rc "$out" '^error pc 0 \(ldxdw\): read of 8 bytes at 0x[0-9a-f]+: out of bounds of ctx'
# runaway: ja -1
printf '\x05\x00\xff\xff\x00\x00\x00\x00\x95\x00\x00\x00\x00\x00\x00\x00' >"$T/loop.bin"
out=$("$B" run --raw "$T/loop.bin" --budget 1000); rc=$?
check budget 1 $rc "$out" '^error pc 0: instruction budget of 1000 exhausted'
# unknown opcode, truncated file, missing file, jump out of range
printf '\xff\x00\x00\x00\x00\x00\x00\x00' >"$T/bad.bin"
out=$("$B" run --raw "$T/bad.bin"); rc=$?
check bad-opcode 3 $rc "$out" '^error .*bad.bin: pc 0: unknown instruction \(opcode 0xff'
printf '\x95\x00\x00' >"$T/short.bin"
out=$("$B" run --raw "$T/short.bin"); rc=$?
check short 3 $rc "$out" 'not a multiple of 8'
out=$("$B" run --raw "$T/nonexistent.bin"); rc=$?
check missing 3 $rc "$out" '^error .*nonexistent.bin'
printf '\x05\x00\x05\x00\x00\x00\x00\x00\x95\x00\x00\x00\x00\x00\x00\x00' >"$T/range.bin"
out=$("$B" run --raw "$T/range.bin"); rc=$?
check jump-range 3 $rc "$out" 'outside the program'
# missing helper
printf '\x85\x00\x00\x00\xc8\x00\x00\x00\x95\x00\x00\x00\x00\x00\x00\x00' >"$T/helper.bin"
out=$("$B" run --raw "$T/helper.bin"); rc=$?
check missing-helper 1 $rc "$out" 'helper 200'
# conformance plugin: program hex on stdin, memory hex in argv[1]
out=$(echo "61 10 00 00 00 00 00 00 0f 20 00 00 00 00 00 00 95 00 00 00 00 00 00 00" |
	"$B" run --conformance-plugin "01 02 03 04"); rc=$?
check plugin 0 $rc "$out" '^4030205$'
out=$(echo "b7 01 00 00 2a 00 00 00 85 00 00 00 05 00 00 00 95 00 00 00 00 00 00 00" |
	"$B" run --conformance-plugin ""); rc=$?
check plugin-unwind 0 $rc "$out" '^2a$'
out=$(echo "zz" | "$B" run --conformance-plugin "" 2>&1); rc=$?
check plugin-badhex 3 $rc "$out" 'invalid hex'
# vectors: runs recorded from the live 6.18 kernel (BPF_PROG_TEST_RUN) must give
# the same retvals (sched_cls, sched_act, xdp with a hash map, socket_filter + LD_ABS)
V=${BPFSIM_SRC:?}/tests/corpus/vm_runs.jsonl
for m in --checked --trusted; do
	out=$("$B" run --vectors "$V" --json $m 2>&1); rc=$?
	check "vectors$m" 0 $rc "$out" '^\{"name":"vm xdp count by proto","runs":\[\{"retval":1\},\{"retval":1\},\{"retval":1\},\{"retval":2\}'
done
# the second corpus (lpm_trie, map-in-map, devmap + redirect_map, cgroup_skb,
# csum_diff, adjust_head/tail), also in both modes
for m in --checked --trusted; do
	out=$("$B" run --vectors "${BPFSIM_SRC}/tests/corpus/vm_runs2.jsonl" --json $m 2>&1); rc=$?
	check "vectors2$m" 0 $rc "$out" '^\{"name":"vm2 xdp lpm_trie dst lookup","runs":\[\{"retval":8\},\{"retval":160\},\{"retval":24\},\{"retval":99\}'
done
# an object with a map-in-map initialised in C: the slot holds the inner map,
# which the program finds and updates; the empty slot looks up as NULL
if [ -n "${BPFSIM_CLANG:-}" ]; then
	cat >"$T/mim.bpf.c" <<'EOF'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} in0 SEC(".maps"), in1 SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = { .values = { [1] = &in1 } };
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 k = 1, z = 0;
	void *m = bpf_map_lookup_elem(&outer, &k);
	__u64 *v;

	if (!m)
		return 100;
	v = bpf_map_lookup_elem(m, &z);
	if (!v)
		return 101;
	*v += 5;
	k = 0;
	if (bpf_map_lookup_elem(&outer, &k))
		return 102;
	return 2;
}
char _license[] SEC("license") = "GPL";
EOF
	if "$BPFSIM_CLANG" -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$T/mim.bpf.c" -o "$T/mim.o" 2>"$T/cc.err"; then
		head -c 64 /dev/zero >"$T/pkt64.bin"
		out=$("$B" run "$T/mim.o" --data "$T/pkt64.bin" --repeat 3 --dump-maps 2>&1); rc=$?
		check map-in-map 0 $rc "$out" '^result 0x2$'
		check map-in-map-inner 0 $rc "$out" '^map in1 00000000 0f00000000000000$'
	else
		echo "skip map-in-map: clang failed: $(head -1 "$T/cc.err")"
	fi
fi
# a recorded retval that differs is reported, exit 1; a malformed line is "invalid"
sed '1s/"retval":100860097/"retval":5/' "$V" >"$T/bad.jsonl"
echo '{"name":"broken",' >>"$T/bad.jsonl"
out=$("$B" run --vectors "$T/bad.jsonl" 2>&1); rc=$?
check vectors-mismatch 3 $rc "$out" 'vm tc parse: run 0: retval 100860097, the kernel gave 5'
check vectors-invalid 3 $rc "$out" '"verdict":"invalid"'
# an object file (tests/progs/vm_features.bpf.c): maps, global data, a
# subprogram, bpf_printk; the running kernel gives retvals 0x13d, 0x3c8, 0xb69
O=${BPFSIM_BUILD:?}/tests/vm_features.bpf.o
if [ -f "$O" ]; then
	printf '\x02\x01\x02\x03\x04\x05\x02\x06\x07\x08\x09\x0a\x08\x00\x45\x00\x00\x28\x00\x00\x00\x00\x40\x11' >"$T/pkt.bin"
	head -c 40 /dev/zero >>"$T/pkt.bin"
	for m in --checked --trusted; do
		out=$("$B" run "$O" --data "$T/pkt.bin" --repeat 3 --dump-maps $m); rc=$?
		check "obj-result$m" 0 $rc "$out" '^result 0xb69$'
		check "obj-trace$m" 0 $rc "$out" '^trace proto 17 runs 3$'
		check "obj-map$m" 0 $rc "$out" '^map seen 11000000 0300000000000000$'
		check "obj-data$m" 0 $rc "$out" '^map [a-z_]+\.data 00000000 690b000000000000$'
	done
	out=$("$B" run "$O" --data "$T/pkt.bin" --repeat 3 --dump-maps --json); rc=$?
	check obj-json 0 $rc "$out" '"retval":2921,.*"trace":\[ *"proto 17 runs 1", *"proto 17 runs 2", *"proto 17 runs 3" *\].*"seen":\[ *\{ *"key":"11000000", *"value":"0300000000000000" *\} *\]'
	head -c 20 "$T/pkt.bin" >"$T/short.bin"
	out=$("$B" run "$O" --data "$T/short.bin"); rc=$?
	check obj-short 0 $rc "$out" '^result 0x1$'
	out=$("$B" run "$O" --prog nope --data "$T/short.bin"); rc=$?
	check obj-noprog 2 $rc "$out" "no program named 'nope'"
else
	echo "skip object tests: $O not built"
fi
# usage
out=$("$B" run --help); rc=$?
check help 0 $rc "$out" 'bpfsim run --raw PROG.bin'
out=$("$B" run --bogus 2>&1); rc=$?
check usage 2 $rc "$out" "unknown option"
out=$("$B" run --raw "$T/p.bin" --repeat 0 2>&1); rc=$?
check repeat-zero 2 $rc "$out" "not a positive number"
[ "$fails" = 0 ] || { echo "$fails failed"; exit 1; }
