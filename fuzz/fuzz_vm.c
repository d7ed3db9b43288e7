/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_vm.c: random instruction streams run in checked mode. The input is
 * the program (8-byte slots) after a 64-byte memory image; the VM has an
 * array map (fd 1), a hash map (fd 2), a prog_array (fd 3) holding the
 * program itself, a ring buffer (fd 4), an lpm_trie (fd 5, 8-byte keys),
 * an array_of_maps (fd 6) whose slot 0 holds the array, a devmap (fd 7,
 * slot 1 filled) and a read-only array (fd 8, BPF_F_RDONLY_PROG), so map
 * helpers (map-in-map lookups, redirect_map), tail calls and ring buffer
 * helpers are reachable with small immediates; 16 bytes of "kernel" probe
 * memory sit at 0x1000 for the probe_read helpers and snprintf. Whatever the
 * program does, the VM must end with a result or an error, never a crash or
 * a sanitizer report. The first memory byte picks the context: raw memory
 * (r1 = mem, r2 = 64), a sched_cls __sk_buff or an xdp_md over the memory
 * as the packet.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bpfsim/vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .mode = BPFSIM_VM_CHECKED, .insn_budget = 20000,
				    .ncpus = 2, .ktime_ns = 1 };
	struct bpfsim_vm_map_def arr = { .sz = sizeof(arr), .type = BPFSIM_MAP_TYPE_ARRAY, .key_size = 4,
					 .value_size = 16, .max_entries = 4, .name = "arr" };
	struct bpfsim_vm_map_def hash = { .sz = sizeof(hash), .type = BPFSIM_MAP_TYPE_HASH, .key_size = 4,
					  .value_size = 8, .max_entries = 4, .name = "hash" };
	struct bpfsim_vm_map_def pa = { .sz = sizeof(pa), .type = BPFSIM_MAP_TYPE_PROG_ARRAY, .key_size = 4,
					.value_size = 4, .max_entries = 2, .name = "jmp" };
	struct bpfsim_vm_map_def rb = { .sz = sizeof(rb), .type = BPFSIM_MAP_TYPE_RINGBUF,
					.max_entries = 4096, .name = "rb" };
	struct bpfsim_vm_map_def lpm = { .sz = sizeof(lpm), .type = BPFSIM_MAP_TYPE_LPM_TRIE, .key_size = 8,
					 .value_size = 8, .max_entries = 4, .flags = 1, .name = "lpm" };
	struct bpfsim_vm_map_def aom = { .sz = sizeof(aom), .type = BPFSIM_MAP_TYPE_ARRAY_OF_MAPS,
					 .key_size = 4, .value_size = 4, .max_entries = 2, .name = "aom" };
	struct bpfsim_vm_map_def dev = { .sz = sizeof(dev), .type = BPFSIM_MAP_TYPE_DEVMAP, .key_size = 4,
					 .value_size = 4, .max_entries = 2, .name = "dev" };
	struct bpfsim_vm_map_def ro = { .sz = sizeof(ro), .type = BPFSIM_MAP_TYPE_ARRAY, .key_size = 4,
					.value_size = 16, .max_entries = 1, .flags = 1u << 7, .name = "ro" };
	uint8_t mem[64] = { 0 }, rec[4096];
	uint32_t zero = 0, one = 1, arr_fd = 1, ifindex = 3;
	struct bpfsim_err err;
	struct bpfsim_vm *vm;
	uint64_t r0;
	int id;

	if (size < sizeof(mem) + 8 || size > sizeof(mem) + 8 * 4096)
		return 0;
	memcpy(mem, data, sizeof(mem));
	data += sizeof(mem);
	size -= sizeof(mem);
	vm = bpfsim_vm_new(&o, &err);
	if (!vm)
		return 0;
	bpfsim_vm_map_create(vm, &arr, &err);
	bpfsim_vm_map_create(vm, &hash, &err);
	bpfsim_vm_map_create(vm, &pa, &err);
	bpfsim_vm_map_create(vm, &rb, &err);
	bpfsim_vm_map_create(vm, &lpm, &err);
	bpfsim_vm_map_create(vm, &aom, &err);
	bpfsim_vm_map_create(vm, &dev, &err);
	bpfsim_vm_map_create(vm, &ro, &err);
	bpfsim_vm_map_update(vm, 6, &zero, &arr_fd, 0);
	bpfsim_vm_map_update(vm, 7, &one, &ifindex, 0);
	bpfsim_vm_add_probe_mem(vm, 0x1000, mem + 16, 16, true, &err);
	id = bpfsim_vm_load_raw(vm, data, size - size % 8, "fuzz", &err);
	if (id >= 0) {
		bpfsim_vm_map_set_prog(vm, 3, 0, id);
		uint32_t ret;

		switch (mem[0] % 3) {
		case 0:
			bpfsim_vm_run_mem(vm, id, mem, sizeof(mem), &r0, &err);
			break;
		case 1:
			bpfsim_vm_run_test(vm, id, 3 /* sched_cls */, mem, sizeof(mem), &ret, &err);
			break;
		default:
			bpfsim_vm_run_test(vm, id, 6 /* xdp */, mem, sizeof(mem), &ret, &err);
			break;
		}
		while (bpfsim_vm_ringbuf_consume(vm, 4, rec, sizeof(rec)) > 0)
			;
		/* iterate the hash map the program may have filled */
		uint32_t k, *prev = NULL;
		int guard = 0;

		while (bpfsim_vm_map_next_key(vm, 2, prev, &k) == 0 && guard++ < 16)
			prev = &k;
	}
	bpfsim_vm_free(vm);
	return 0;
}
