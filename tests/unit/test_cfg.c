/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/verifier/cfg.c (static checks before path exploration).
 *
 * tests/corpus/cfg.jsonl holds program vectors (../shared/formats/vectors.md)
 * with the answer of the 6.18 kernel recorded as root: one or more programs
 * for every message cfg.c can print, valid programs (bounded loops, calls,
 * ld_imm64), and every one of the 256 opcodes. For each vector:
 *   - if cfg_check rejects, the kernel rejected with the same error line and
 *     the same errno;
 *   - if cfg_check passes, the kernel accepted or rejected with a message
 *     from a later phase (not one cfg.c prints);
 *   - unsupported vectors (kfuncs, BTF ids) are counted, not compared.
 * As root the test also reloads every vector in the live kernel with
 * libbpf's bpf_prog_load and compares again. BPFSIM_RECORD_CFG=path (root)
 * regenerates the corpus from the programs defined below.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <json-c/json.h>

#include "verifier/cfg.h"

#define MAXI 1400

struct prog {
	char name[80];
	struct bpfsim_insn in[MAXI];
	int n;
};

static void I(struct prog *p, uint8_t code, int dst, int src, int off, int32_t imm)
{
	if (p->n < MAXI)
		p->in[p->n++] = (struct bpfsim_insn){ code, (uint8_t)dst, (uint8_t)src, (int16_t)off, imm };
}

#define MOV0(p) I(p, 0xb7, 0, 0, 0, 0)
#define EXIT(p) I(p, 0x95, 0, 0, 0, 0)
#define CALL_SUB(p, rel) I(p, 0x85, 0, 1, 0, rel)
#define LDDW(p, dst, src, lo, hi) do { I(p, 0x18, dst, src, 0, lo); I(p, 0, 0, 0, 0, hi); } while (0)

static struct prog *add(struct prog *all, int *n, const char *name)
{
	struct prog *p = &all[(*n)++];

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	return p;
}

/* The hand-written programs; every message of cfg.c appears at least once. */
static int gen_programs(struct prog *all, int max)
{
	int n = 0, k;
	struct prog *p;

	(void)max;
	/* valid */
	p = add(all, &n, "valid: r0 = 0; exit"); MOV0(p); EXIT(p);
	p = add(all, &n, "valid: forward conditional jump"); MOV0(p); I(p, 0x25, 0, 0, 1, 1);
	I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "valid: bounded loop (back-edge, privileged)"); MOV0(p); I(p, 0x07, 0, 0, 0, 1);
	I(p, 0xa5, 0, 0, -2, 10); EXIT(p);
	p = add(all, &n, "cfg ok: infinite loop is found later"); MOV0(p); I(p, 0x05, 0, 0, -1, 0);
	p = add(all, &n, "ja from main into the next subprogram"); CALL_SUB(p, 3); MOV0(p); EXIT(p);
	I(p, 0x05, 0, 0, 0, 0); MOV0(p); EXIT(p);
	p = add(all, &n, "cfg ok: subprogram ends with ja"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	MOV0(p); I(p, 0x15, 0, 0, 1, 0); EXIT(p); I(p, 0x05, 0, 0, -2, 0);
	p = add(all, &n, "valid: bpf-to-bpf call"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "valid: two calls to one subprogram"); CALL_SUB(p, 3); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "valid: ld_imm64"); LDDW(p, 0, 0, 1, 2); EXIT(p);
	p = add(all, &n, "valid: gotol"); MOV0(p); I(p, 0x06, 0, 0, 0, 0); I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "gotol skips an insn (unreachable)"); MOV0(p); I(p, 0x06, 0, 0, 0, 1);
	I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "cfg ok: ld_imm64 of a function"); LDDW(p, 2, 4, 3, 0); MOV0(p); EXIT(p);
	MOV0(p); EXIT(p);
	p = add(all, &n, "cfg ok: may_goto"); MOV0(p); I(p, 0xe5, 0, 0, 0, 0); EXIT(p);
	p = add(all, &n, "cfg ok: loop through a call"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	CALL_SUB(p, -1); EXIT(p);
	p = add(all, &n, "cfg ok: jump to exit of the same subprogram"); MOV0(p); I(p, 0x15, 1, 0, 1, 0);
	MOV0(p); EXIT(p);
	/* jump out of range */
	p = add(all, &n, "jump out of range forward"); MOV0(p); I(p, 0x05, 0, 0, 5, 0); EXIT(p);
	p = add(all, &n, "jump out of range backward"); I(p, 0x05, 0, 0, -2, 0); EXIT(p);
	p = add(all, &n, "jump out of range to the end"); MOV0(p); I(p, 0x15, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "gotol out of range"); MOV0(p); I(p, 0x06, 0, 0, 0, 100); EXIT(p);
	p = add(all, &n, "jmp32 out of range"); MOV0(p); I(p, 0x16, 0, 0, -7, 3); EXIT(p);
	p = add(all, &n, "conditional jump into another subprogram"); CALL_SUB(p, 3);
	I(p, 0x15, 0, 0, 3, 0); MOV0(p); EXIT(p); I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "jump from a subprogram back into main"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0x05, 0, 0, -3, 0); EXIT(p);
	p = add(all, &n, "may_goto out of range"); MOV0(p); I(p, 0xe5, 0, 0, 9, 0); EXIT(p);
	/* last insn */
	p = add(all, &n, "last insn is not exit"); MOV0(p);
	p = add(all, &n, "last insn is a conditional jump"); MOV0(p); I(p, 0x15, 0, 0, -2, 0);
	p = add(all, &n, "main falls through into a subprogram"); CALL_SUB(p, 2); MOV0(p);
	I(p, 0xb7, 0, 0, 0, 1); MOV0(p); EXIT(p);
	p = add(all, &n, "last insn is a call"); MOV0(p); I(p, 0x85, 0, 0, 0, 7);
	p = add(all, &n, "last insn is ld_imm64"); MOV0(p); LDDW(p, 0, 0, 1, 0);
	/* subprogram discovery */
	p = add(all, &n, "call to invalid destination (past the end)"); CALL_SUB(p, 10); MOV0(p); EXIT(p);
	p = add(all, &n, "call to invalid destination (negative)"); MOV0(p); CALL_SUB(p, -5); EXIT(p);
	p = add(all, &n, "ld_imm64 func to invalid destination"); LDDW(p, 2, 4, 100, 0); MOV0(p); EXIT(p);
	p = add(all, &n, "call into the second half of ld_imm64"); CALL_SUB(p, 1); LDDW(p, 0, 0, 0, 0);
	EXIT(p);
	p = add(all, &n, "too many subprograms");
	for (k = 0; k < 257; k++)
		CALL_SUB(p, 257 - k + 2 * k + 1);
	MOV0(p); EXIT(p);
	for (k = 0; k < 257; k++) {
		MOV0(p); EXIT(p);
	}
	p = add(all, &n, "256 subprograms are allowed");
	for (k = 0; k < 255; k++)
		CALL_SUB(p, 255 - k + 2 * k + 1);
	MOV0(p); EXIT(p);
	for (k = 0; k < 255; k++) {
		MOV0(p); EXIT(p);
	}
	/* without BTF */
	p = add(all, &n, "LD_ABS in a subprogram"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0x30, 0, 0, 0, 0); EXIT(p);
	p = add(all, &n, "LD_IND in a subprogram"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0x40, 0, 1, 0, 0); EXIT(p);
	p = add(all, &n, "tail_call in a subprogram"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	I(p, 0x85, 0, 0, 0, 12); EXIT(p);
	p = add(all, &n, "cfg ok: tail_call in main"); MOV0(p); I(p, 0x85, 0, 0, 0, 12); MOV0(p); EXIT(p);
	/* reserved fields and ld_imm64 */
	p = add(all, &n, "LDX with imm"); I(p, 0x61, 0, 1, 0, 1); EXIT(p);
	p = add(all, &n, "LDX with mode ABS"); I(p, 0x21, 0, 1, 0, 0); EXIT(p);
	p = add(all, &n, "LDX with mode ATOMIC"); MOV0(p); I(p, 0xdb - 2, 0, 1, 0, 0); EXIT(p);
	p = add(all, &n, "ld_imm64 without second half"); LDDW(p, 0, 0, 1, 0); p->n--; EXIT(p);
	p = add(all, &n, "ld_imm64 second half with dst"); I(p, 0x18, 0, 0, 0, 1); I(p, 0, 1, 0, 0, 0);
	EXIT(p);
	p = add(all, &n, "ld_imm64 second half with off"); I(p, 0x18, 0, 0, 0, 1); I(p, 0, 0, 0, 1, 0);
	EXIT(p);
	p = add(all, &n, "ld_imm64 second half with src"); I(p, 0x18, 0, 0, 0, 1); I(p, 0, 0, 3, 0, 0);
	EXIT(p);
	p = add(all, &n, "ld_imm64 unknown pseudo src"); LDDW(p, 0, 7, 1, 0); EXIT(p);
	p = add(all, &n, "ld_imm64 map fd with high imm"); LDDW(p, 1, 1, 0, 1); MOV0(p); EXIT(p);
	p = add(all, &n, "ld_imm64 map idx without fd_array"); LDDW(p, 1, 5, 0, 0); MOV0(p); EXIT(p);
	p = add(all, &n, "ld_imm64 map idx value without fd_array"); LDDW(p, 1, 6, 0, 0); MOV0(p); EXIT(p);
	p = add(all, &n, "ld_imm64 ok then unknown opcode"); LDDW(p, 0, 0, 1, 0); I(p, 0xff, 0, 0, 0, 0);
	EXIT(p);
	p = add(all, &n, "ld_imm64 error before an unknown opcode"); LDDW(p, 0, 7, 1, 0);
	I(p, 0xff, 0, 0, 0, 0); EXIT(p);
	p = add(all, &n, "unknown opcode before an ld_imm64 error"); I(p, 0xff, 0, 0, 0, 0);
	LDDW(p, 0, 7, 1, 0); EXIT(p);
	p = add(all, &n, "unknown opcode before an LDX error"); I(p, 0xff, 0, 0, 0, 0);
	I(p, 0x61, 0, 1, 0, 1); EXIT(p);
	p = add(all, &n, "last-insn error before an unknown opcode"); I(p, 0xff, 0, 0, 0, 0); MOV0(p);
	p = add(all, &n, "subprogram error before a jump error"); I(p, 0x05, 0, 0, 5, 0); CALL_SUB(p, 9);
	EXIT(p);
	p = add(all, &n, "unreachable insn before a jump into ld_imm64"); MOV0(p); I(p, 0x15, 0, 0, 3, 0);
	EXIT(p); MOV0(p); LDDW(p, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "LDX error before an unknown opcode"); I(p, 0x61, 0, 1, 0, 1);
	I(p, 0xff, 0, 0, 0, 0); EXIT(p);
	/* unknown opcodes that look like jumps */
	p = add(all, &n, "indirect ja (BPF_JA|BPF_X)"); MOV0(p); I(p, 0x0d, 1, 0, 0, 0); EXIT(p);
	p = add(all, &n, "callx"); MOV0(p); I(p, 0x8d, 1, 0, 0, 0); EXIT(p);
	p = add(all, &n, "jmp32 exit"); MOV0(p); I(p, 0x96, 0, 0, 0, 0); EXIT(p);
	p = add(all, &n, "jump out of range before unknown opcode"); I(p, 0xff, 0, 0, 0, 0);
	I(p, 0x05, 0, 0, 5, 0); EXIT(p);
	/* graph */
	p = add(all, &n, "unreachable insn after exit"); MOV0(p); EXIT(p); I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "unreachable insn skipped by ja"); MOV0(p); I(p, 0x05, 0, 0, 1, 0);
	I(p, 0xb7, 0, 0, 0, 1); EXIT(p);
	p = add(all, &n, "unreachable subprogram code after its exit"); CALL_SUB(p, 2); MOV0(p); EXIT(p);
	MOV0(p); EXIT(p); MOV0(p); EXIT(p);
	p = add(all, &n, "unreachable ld_imm64"); MOV0(p); EXIT(p); LDDW(p, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "jump into the middle of ld_imm64"); MOV0(p); I(p, 0x15, 0, 0, 1, 0);
	LDDW(p, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "ja over an insn into ld_imm64 (unreachable first)"); I(p, 0x05, 0, 0, 2, 0); MOV0(p);
	LDDW(p, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "unreachable before jump into ld_imm64"); MOV0(p); I(p, 0x05, 0, 0, 2, 0);
	MOV0(p); LDDW(p, 0, 0, 1, 0); EXIT(p);
	p = add(all, &n, "cfg ok: loop back to insn 0"); MOV0(p); I(p, 0x07, 0, 0, 0, 1);
	I(p, 0x35, 0, 0, -3, 1000); EXIT(p);
	/* every opcode, alone before r0 = 0; exit */
	for (k = 0; k < 256; k++) {
		char nm[32];

		if (k == 0x18)
			continue;
		snprintf(nm, sizeof(nm), "opcode %02x", k);
		p = add(all, &n, nm);
		I(p, (uint8_t)k, 0, 0, 0, 0);
		MOV0(p);
		EXIT(p);
	}
	return n;
}

/* ------------------------------------------------------------------ */

static const struct { const char *name; int err; } errnames[] = {
	{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "E2BIG", E2BIG }, { "EACCES", EACCES },
	{ "EPROTO", EPROTO }, { "EFAULT", EFAULT }, { "ENOSPC", ENOSPC }, { "EBUSY", EBUSY },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ENOTSUPP", 524 }, { "ENOMEM", ENOMEM }, { "EBADF", EBADF },
	{ "ENOENT", ENOENT },
};

static const char *errno_name(int e)
{
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == e)
			return errnames[i].name;
	return "E?";
}

/* Messages cfg.c can print: a kernel error line starting with one of these
 * came from the static checks. */
static const char *cfg_messages[] = {
	"jump out of range from insn", "last insn is not an exit or jmp", "call to invalid destination",
	"too many subprograms", "LD_ABS is not allowed in subprogs", "tail_call is not allowed in subprogs",
	"BPF_LDX uses reserved fields", "invalid bpf_ld_imm64 insn", "unrecognized bpf_ld_imm64 insn",
	"fd_idx without fd_array is invalid", "unknown opcode", "unreachable insn",
	"jump into the middle of ldimm64", "back-edge from insn", "loading/calling other bpf",
};

static bool is_cfg_message(const char *line)
{
	for (size_t i = 0; i < sizeof(cfg_messages) / sizeof(cfg_messages[0]); i++)
		if (strncmp(line, cfg_messages[i], strlen(cfg_messages[i])) == 0)
			return true;
	return false;
}

static char logbuf[1 << 20];

struct answer {
	bool accept;
	int err;
	char error[256];
	int processed;
};

/* The error line: the last non-empty line before "processed N insns", or
 * the last non-empty line. */
static void error_line(const char *log, char *out, size_t outsz, int *processed)
{
	const char *l = log, *last = NULL, *nl;
	size_t lastlen = 0;

	*processed = -1;
	out[0] = 0;
	while (*l) {
		nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (strncmp(l, "processed ", 10) == 0) {
			*processed = atoi(l + 10);
			break;
		}
		if (len > 0) {
			last = l;
			lastlen = len;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	if (last)
		snprintf(out, outsz, "%.*s", (int)lastlen, last);
}

static void kernel_load(const struct bpfsim_insn *in, int n, struct answer *a)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = logbuf, .log_size = sizeof(logbuf), .log_level = 1);
	struct bpf_insn *raw = calloc((size_t)(n ? n : 1), sizeof(*raw));
	int fd, i;

	for (i = 0; i < n; i++) {
		raw[i].code = in[i].code;
		raw[i].dst_reg = in[i].dst & 0xf;
		raw[i].src_reg = in[i].src & 0xf;
		raw[i].off = in[i].off;
		raw[i].imm = in[i].imm;
	}
	logbuf[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "cfg", "GPL", raw, (size_t)n, &o);
	a->accept = fd >= 0;
	a->err = fd >= 0 ? 0 : errno;
	if (fd >= 0)
		close(fd);
	error_line(logbuf, a->error, sizeof(a->error), &a->processed);
	free(raw);
}

static void to_hex(const struct bpfsim_insn *in, int n, char *out)
{
	for (int i = 0; i < n; i++) {
		uint8_t raw[8];

		bpfsim_insn_encode(&in[i], raw);
		for (int k = 0; k < 8; k++)
			sprintf(out + 16 * i + 2 * k, "%02x", raw[k]);
	}
	out[16 * n] = 0;
}

static int record(const char *path)
{
	static struct prog all[512];
	int n = gen_programs(all, 512), i;
	FILE *f = fopen(path, "w");
	struct utsname u;

	if (!f)
		return -1;
	uname(&u);
	for (i = 0; i < n; i++) {
		struct answer a;
		json_object *o = json_object_new_object(), *k = json_object_new_object();
		char *hex = malloc((size_t)all[i].n * 16 + 1);

		kernel_load(all[i].in, all[i].n, &a);
		to_hex(all[i].in, all[i].n, hex);
		json_object_object_add(o, "name", json_object_new_string(all[i].name));
		json_object_object_add(o, "prog_type", json_object_new_string("socket_filter"));
		json_object_object_add(o, "expected_attach_type", NULL);
		json_object_object_add(o, "prog_flags", json_object_new_int(0));
		json_object_object_add(o, "maps", json_object_new_array());
		json_object_object_add(o, "map_refs", json_object_new_array());
		json_object_object_add(o, "insns", json_object_new_string(hex));
		json_object_object_add(k, "release", json_object_new_string(u.release));
		json_object_object_add(k, "verdict", json_object_new_string(a.accept ? "accept" : "reject"));
		if (!a.accept) {
			json_object_object_add(k, "errno", json_object_new_string(errno_name(a.err)));
			json_object_object_add(k, "error", json_object_new_string(a.error));
		}
		if (a.processed >= 0)
			json_object_object_add(k, "insns_processed", json_object_new_int(a.processed));
		json_object_object_add(o, "kernel", k);
		fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
		free(hex);
	}
	fclose(f);
	fprintf(stderr, "record: %d vectors written to %s\n", n, path);
	return 0;
}

/* ------------------------------------------------------------------ */

static char *corpus_path(void)
{
	static char path[1024];
	const char *src = getenv("BPFSIM_SRC");

	snprintf(path, sizeof(path), "%s/tests/corpus/cfg.jsonl", src ? src : ".");
	return path;
}

static int parse_hex(const char *hex, struct bpfsim_insn **out)
{
	size_t len = strlen(hex), i;
	int n = (int)(len / 16);

	*out = calloc((size_t)(n ? n : 1), sizeof(**out));
	if (len % 16)
		return -1;
	for (i = 0; i < (size_t)n; i++) {
		uint8_t raw[8];

		for (int k = 0; k < 8; k++) {
			unsigned b;

			if (sscanf(hex + 16 * i + 2 * k, "%2x", &b) != 1)
				return -1;
			raw[k] = (uint8_t)b;
		}
		bpfsim_insn_decode(raw, &(*out)[i]);
	}
	return n;
}

/* Compare cfg_check with one answer; returns 0 if they agree. */
static int compare(const char *name, const struct cfg_result *r, const struct answer *a, char *why,
		   size_t whysz, int *unsupported)
{
	if (r->status == CFG_UNSUPPORTED) {
		(*unsupported)++;
		return 0;
	}
	if (r->status == CFG_REJECT) {
		if (a->accept || a->err != -r->err || strcmp(a->error, r->msg) != 0) {
			snprintf(why, whysz, "%s: bpfsim rejects (%s) \"%s\", kernel %s (%s) \"%s\"", name,
				 errno_name(-r->err), r->msg, a->accept ? "accepts" : "rejects",
				 errno_name(a->err), a->error);
			return -1;
		}
		return 0;
	}
	if (!a->accept && is_cfg_message(a->error)) {
		snprintf(why, whysz, "%s: bpfsim passes the static checks, kernel says \"%s\"", name, a->error);
		return -1;
	}
	return 0;
}

static int errno_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (strcmp(errnames[i].name, s) == 0)
			return errnames[i].err;
	return -1;
}

static void run_corpus(bool live)
{
	FILE *f = fopen(corpus_path(), "r");
	char *line = NULL, why[700];
	size_t cap = 0;
	int total = 0, agree = 0, unsup = 0, rejects = 0, drift = 0;

	if (!f)
		fail_msg("cannot open %s", corpus_path());
	while (getline(&line, &cap, f) > 0) {
		json_object *o = json_tokener_parse(line), *jn, *ji, *jk, *jv, *je, *jerr;
		struct bpfsim_insn *in = NULL;
		struct cfg_result *r = malloc(sizeof(*r));
		struct answer a;
		int n;

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "name", &jn));
		assert_true(json_object_object_get_ex(o, "insns", &ji));
		assert_true(json_object_object_get_ex(o, "kernel", &jk));
		n = parse_hex(json_object_get_string(ji), &in);
		assert_true(n >= 0);
		memset(&a, 0, sizeof(a));
		assert_true(json_object_object_get_ex(jk, "verdict", &jv));
		a.accept = strcmp(json_object_get_string(jv), "accept") == 0;
		if (!a.accept) {
			assert_true(json_object_object_get_ex(jk, "errno", &jerr));
			assert_true(json_object_object_get_ex(jk, "error", &je));
			a.err = errno_from_name(json_object_get_string(jerr));
			snprintf(a.error, sizeof(a.error), "%s", json_object_get_string(je));
		}
		if (live) {
			struct answer now;

			kernel_load(in, n, &now);
			if (now.accept != a.accept || now.err != a.err || strcmp(now.error, a.error) != 0) {
				print_message("DRIFT %s: recorded \"%s\", the kernel now says \"%s\"\n",
					      json_object_get_string(jn), a.error, now.error);
				drift++;
			}
			a = now;
		}
		assert_int_equal(cfg_check(in, n, NULL, r), 0);
		total++;
		if (r->status == CFG_REJECT)
			rejects++;
		if (compare(json_object_get_string(jn), r, &a, why, sizeof(why), &unsup) == 0)
			agree++;
		else
			print_message("MISMATCH %s\n", why);
		free(r);
		free(in);
		json_object_put(o);
	}
	free(line);
	fclose(f);
	print_message("cfg %s: %d/%d vectors agree (%d rejected by the static checks, %d unsupported)\n",
		      live ? "live kernel" : "corpus", agree, total, rejects, unsup);
	assert_true(total >= 300);
	assert_true(rejects >= 40);
	assert_int_equal(agree, total);
	assert_int_equal(drift, 0);
}

static void test_corpus(void **state)
{
	(void)state;
	run_corpus(false);
}

static void test_live(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		print_message("live: skipped (not root)\n");
		skip();
	}
	run_corpus(true);
}

/* What the live kernel cannot show as root: the unprivileged rules, size
 * limits, options. */
static void test_options_and_limits(void **state)
{
	struct cfg_opts o = { .sz = sizeof(o) };
	struct cfg_result *r = malloc(sizeof(*r));
	struct bpfsim_insn loop[] = {
		{ 0xb7, 0, 0, 0, 0 }, { 0x07, 0, 0, 0, 1 }, { 0xa5, 0, 0, -2, 10 }, { 0x95, 0, 0, 0, 0 },
	};
	struct bpfsim_insn call[] = {
		{ 0x85, 0, 1, 0, 2 }, { 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 },
		{ 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 },
	};
	struct bpfsim_insn ldabs_sub[] = {
		{ 0x85, 0, 1, 0, 2 }, { 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 },
		{ 0x30, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 },
	};
	struct bpfsim_insn mapidx[] = {
		{ 0x18, 1, 5, 0, 0 }, { 0, 0, 0, 0, 0 }, { 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 },
	};
	struct bpfsim_insn kfunc[] = { { 0x85, 0, 2, 0, 1234 }, { 0x95, 0, 0, 0, 0 } };
	struct bpfsim_insn *big;

	(void)state;
	/* privileged: loops are left to path exploration */
	assert_int_equal(cfg_check(loop, 4, NULL, r), 0);
	assert_int_equal(r->status, CFG_OK);
	assert_int_equal(r->nr_subprogs, 1);
	/* unprivileged: the kernel's back-edge message (insn 2 jumps to 1) */
	o.unprivileged = true;
	cfg_check(loop, 4, &o, r);
	assert_int_equal(r->status, CFG_REJECT);
	assert_int_equal(r->err, -EINVAL);
	assert_string_equal(r->msg, "back-edge from insn 2 to 1");
	cfg_check(call, 5, &o, r);
	assert_int_equal(r->err, -EPERM);
	assert_string_equal(r->msg, "loading/calling other bpf or kernel functions are allowed for "
				    "CAP_BPF and CAP_SYS_ADMIN");
	o.unprivileged = false;
	cfg_check(call, 5, &o, r);
	assert_int_equal(r->status, CFG_OK);
	assert_int_equal(r->nr_subprogs, 2);
	assert_int_equal(r->subprogs[1].start, 3);
	assert_int_equal(r->subprogs[2].start, 5);
	/* BTF func_info lifts the LD_ABS rule; fd_array allows map idx */
	cfg_check(ldabs_sub, 5, &o, r);
	assert_string_equal(r->msg, "LD_ABS is not allowed in subprogs without BTF");
	o.has_func_info = true;
	cfg_check(ldabs_sub, 5, &o, r);
	assert_int_equal(r->status, CFG_OK);
	assert_true(r->subprogs[1].has_ld_abs);
	cfg_check(mapidx, 4, &o, r);
	assert_int_equal(r->err, -EPROTO);
	o.has_fd_array = true;
	cfg_check(mapidx, 4, &o, r);
	assert_int_equal(r->status, CFG_OK);
	/* kfuncs are not modelled: unsupported, never a guess */
	cfg_check(kfunc, 2, NULL, r);
	assert_int_equal(r->status, CFG_UNSUPPORTED);
	/* sizes: 0 and above the limit are E2BIG before the verifier */
	cfg_check(loop, 0, NULL, r);
	assert_int_equal(r->err, -E2BIG);
	big = calloc(CFG_MAX_INSNS_PRIV + 1, sizeof(*big));
	assert_non_null(big);
	for (int i = 0; i <= CFG_MAX_INSNS_PRIV; i++)
		big[i] = (struct bpfsim_insn){ 0xb7, 0, 0, 0, 0 };
	big[CFG_MAX_INSNS_PRIV].code = 0x95;
	cfg_check(big, CFG_MAX_INSNS_PRIV + 1, NULL, r);
	assert_int_equal(r->err, -E2BIG);
	big[CFG_MAX_INSNS_PRIV - 1].code = 0x95;
	cfg_check(big, CFG_MAX_INSNS_PRIV, NULL, r);
	assert_int_equal(r->status, CFG_OK);
	o.unprivileged = true;
	cfg_check(big, CFG_MAX_INSNS_UNPRIV + 1, &o, r);
	assert_int_equal(r->err, -E2BIG);
	free(big);
	free(r);
}

/* Never crash: random instruction streams. */
static void test_random_streams(void **state)
{
	struct cfg_result *r = malloc(sizeof(*r));
	uint64_t s = 0x1234567;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		struct bpfsim_insn in[24];
		int n = 1 + (int)(s % 24);

		for (int i = 0; i < n; i++) {
			s ^= s << 13; s ^= s >> 7; s ^= s << 17;
			in[i] = (struct bpfsim_insn){ (uint8_t)s, (uint8_t)((s >> 8) & 0xf), (uint8_t)((s >> 12) & 0xf),
						      (int16_t)((int8_t)(s >> 16) % 30), (int32_t)((int8_t)(s >> 24) % 30) };
		}
		assert_int_equal(cfg_check(in, n, NULL, r), 0);
		assert_true(r->status == CFG_OK || r->status == CFG_REJECT || r->status == CFG_UNSUPPORTED);
	}
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_options_and_limits),
		cmocka_unit_test(test_random_streams),
	};
	const char *rec = getenv("BPFSIM_RECORD_CFG");

	if (rec)
		return record(rec) == 0 ? 0 : 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
