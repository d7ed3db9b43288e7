/* SPDX-License-Identifier: Apache-2.0 */
/*
 * campaign.c: the differential campaign behind `bpfsim fuzz`.
 *
 * For program i = 0..count-1 of the seed: generate it (gen.c), verify it
 * with bpfsim (src/verifier) and, in kernel mode, load it into the running
 * kernel (bpfsim_kernel_load). A program bpfsim calls unsupported is
 * counted apart and not compared. Otherwise the two answers agree when the
 * verdicts are equal and, for rejections, the errno and the error line are
 * equal; a disagreement has one kind (bpfsim accepts / bpfsim rejects /
 * errno / error line, in that order of gravity).
 *
 * Soundness mode: every program bpfsim accepts runs in the VM's checked
 * mode on `runs` generated inputs (packets with an Ethernet + IPv4 header
 * and random payload, or random context bytes for tracing types); a memory
 * fault or an exhausted instruction budget is a finding.
 *
 * Each finding whose signature (kind + both error lines) is new is shrunk
 * (shrink.c) with the predicate "the same kind of finding persists" and
 * appended to OUT/disagreements.jsonl or OUT/soundness.jsonl as a vector
 * carrying the kernel's answer ("kernel") and bpfsim's ("bpfsim" object,
 * plus "fuzz": seed, index, kind, original length).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include <json-c/json.h>

#include "bpfsim/difftest.h"
#include "bpfsim/kernel.h"
#include "bpfsim/names.h"
#include "bpfsim/verifier.h"
#include "bpfsim/vm.h"

static const char *const kind_names[BPFSIM_FUZZ__KINDS] = {
	"bpfsim_accepts", "bpfsim_rejects", "errno", "error_line", "vm_fault", "vm_nontermination", "vm_other",
};

const char *bpfsim_fuzz_kind_name(enum bpfsim_fuzz_kind k)
{
	return (unsigned)k < BPFSIM_FUZZ__KINDS ? kind_names[k] : "?";
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Both answers for one program. */
struct answer {
	struct bpfsim_verify_result bs;
	struct bpfsim_kernel_result k;
	bool have_k;
};

static void answer_free(struct answer *a)
{
	bpfsim_verify_result_free(&a->bs);
	if (a->have_k)
		bpfsim_kernel_result_free(&a->k);
	memset(a, 0, sizeof(*a));
}

/* -2: not compared (unsupported / no kernel); -1: agree; else the kind. */
static int classify(const struct answer *a)
{
	if (a->bs.verdict == BPFSIM_VEC_UNSUPPORTED || !a->have_k)
		return -2;
	if (a->bs.verdict != a->k.verdict)
		return a->bs.verdict == BPFSIM_VEC_ACCEPT ? BPFSIM_FUZZ_D_BS_ACCEPT : BPFSIM_FUZZ_D_BS_REJECT;
	if (a->bs.verdict == BPFSIM_VEC_REJECT) {
		if (a->bs.err != a->k.err)
			return BPFSIM_FUZZ_D_ERRNO;
		if (!streq(a->bs.error, a->k.error))
			return BPFSIM_FUZZ_D_ERROR;
	}
	return -1;
}

/* Ask both sides (the kernel only when use_kernel). 0, or a negative errno
 * from the kernel oracle (-ENOSYS/-EPERM: no oracle). */
static int ask(const struct bpfsim_vector *v, bool use_kernel, struct answer *a, struct bpfsim_err *err)
{
	struct bpfsim_verify_opts vo = { .sz = sizeof(vo) };
	struct bpfsim_kernel_opts ko = { .sz = sizeof(ko) };
	int rc;

	memset(a, 0, sizeof(*a));
	rc = bpfsim_verify_vector(v, &vo, &a->bs, err);
	if (rc < 0)
		return rc;
	if (!use_kernel)
		return 0;
	rc = bpfsim_kernel_load(v, &ko, &a->k, NULL, err);
	if (rc < 0)
		return rc;
	a->have_k = true;
	return 0;
}

/* ---- soundness ---- */

static void make_input(uint64_t seed, int prog_type, unsigned int run, uint8_t *buf, size_t *len)
{
	uint64_t s = seed ^ (0x5851f42d4c957f2dULL * (run + 1));
	for (size_t i = 0; i < 256; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = (uint8_t)(s >> 56);
	}
	switch (prog_type) {
	case BPFSIM_PROG_TYPE_SOCKET_FILTER:
	case BPFSIM_PROG_TYPE_SCHED_CLS:
	case BPFSIM_PROG_TYPE_SCHED_ACT:
	case BPFSIM_PROG_TYPE_XDP:
		if (run % 2 == 0) { /* Ethernet + IPv4 */
			buf[12] = 0x08;
			buf[13] = 0x00;
			buf[14] = 0x45;
			buf[16] = 0;
			buf[17] = 20 + 8;
			*len = 14 + 20 + (s >> 8) % 200;
		} else { /* an EtherType nobody parses */
			buf[12] = 0x88;
			buf[13] = 0xb5;
			*len = 14 + (s >> 8) % 64;
		}
		break;
	default:
		*len = 64 + (s >> 8) % 193;
		break;
	}
}

int bpfsim_soundness_run(const struct bpfsim_vector *v, uint64_t seed, unsigned int run, char *why, size_t whylen)
{
	struct bpfsim_vm_opts vo = { .sz = sizeof(vo), .mode = BPFSIM_VM_CHECKED, .insn_budget = 4000000 };
	struct bpfsim_err e = { 0 };
	struct bpfsim_vm *vm = bpfsim_vm_new(&vo, &e);
	uint8_t buf[256];
	size_t len;
	uint32_t ret;
	int kind = -1, prog, rc;

	if (!vm)
		return -1;
	prog = bpfsim_vm_load(vm, v->insns, v->nr_insns, v->name, &e);
	if (prog < 0) {
		/* the VM checks every slot at load, the verifier only the
		 * reachable ones: not a soundness bug, counted apart */
		snprintf(why, whylen, "VM refused to load: %.400s", e.msg);
		kind = -2;
		goto out;
	}
	make_input(seed, v->prog_type, run, buf, &len);
	rc = bpfsim_vm_run_test(vm, prog, v->prog_type, buf, len, &ret, &e);
	if (rc == -E2BIG) {
		kind = BPFSIM_FUZZ_S_BUDGET;
	} else if (rc == -EFAULT || rc == -EACCES || rc == -ERANGE) {
		kind = BPFSIM_FUZZ_S_FAULT;
	} else if (rc < 0 && rc != -ENOTSUP && rc != -EINVAL && rc != -EOPNOTSUPP) {
		kind = BPFSIM_FUZZ_S_OTHER;
	}
	if (kind >= 0)
		snprintf(why, whylen, "%s", e.msg);
out:
	bpfsim_vm_free(vm);
	return kind;
}

/* ---- shrinking ---- */

struct pred_ctx {
	const struct bpfsim_vector *orig;
	int kind;
	bool use_kernel;
	uint64_t seed;
	unsigned int run;
	int kerr; /* a kernel failure during shrinking */
};

static int vec_with(const struct bpfsim_vector *orig, const struct bpfsim_insn *insns, size_t n,
		    struct bpfsim_vector *v)
{
	struct bpfsim_err e;
	uint8_t *raw = malloc(n * 8 + 8);
	int rc;
	bpfsim_vector_init(v);
	if (!raw)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_encode(&insns[i], raw + 8 * i);
	v->prog_type = orig->prog_type;
	v->expected_attach_type = orig->expected_attach_type;
	v->name = strdup(orig->name ? orig->name : "fuzz");
	rc = v->name ? bpfsim_vector_set_insns(v, raw, n * 8, &e) : -ENOMEM;
	free(raw);
	if (rc == 0 && orig->nr_maps) {
		v->maps = calloc(orig->nr_maps, sizeof(*v->maps));
		if (!v->maps)
			return -ENOMEM;
		v->nr_maps = orig->nr_maps;
		for (size_t i = 0; i < orig->nr_maps; i++) {
			v->maps[i] = orig->maps[i];
			v->maps[i].name = NULL;
			v->maps[i].inner_map = NULL;
		}
		rc = bpfsim_vector_compute_map_refs(v, &e);
	}
	return rc;
}

static int still_interesting(const struct bpfsim_insn *insns, size_t n, void *vctx)
{
	struct pred_ctx *c = vctx;
	struct bpfsim_vector v;
	struct bpfsim_err e;
	struct answer a;
	int r = 0, rc;

	rc = vec_with(c->orig, insns, n, &v);
	if (rc < 0) {
		bpfsim_vector_free(&v);
		return rc;
	}
	if (c->kind >= BPFSIM_FUZZ_S_FAULT) {
		struct bpfsim_verify_opts vo = { .sz = sizeof(vo) };
		memset(&a, 0, sizeof(a));
		if (bpfsim_verify_vector(&v, &vo, &a.bs, &e) == 0 && a.bs.verdict == BPFSIM_VEC_ACCEPT) {
			char why[8];
			r = bpfsim_soundness_run(&v, c->seed, c->run, why, sizeof(why)) == c->kind;
		}
		answer_free(&a);
	} else {
		rc = ask(&v, c->use_kernel, &a, &e);
		if (rc < 0) {
			c->kerr = rc;
			r = 0;
		} else {
			r = classify(&a) == c->kind;
		}
		answer_free(&a);
	}
	bpfsim_vector_free(&v);
	return r;
}

/* ---- recording ---- */

static int write_finding(const struct bpfsim_fuzz_opts *o, const struct bpfsim_vector *v, int kind,
			 size_t orig_n, uint64_t index, const char *why, struct bpfsim_err *err)
{
	struct answer a;
	struct bpfsim_vector w;
	struct bpfsim_err e;
	struct utsname u;
	char path[4096], name[96];
	int rc;

	rc = vec_with(v, v->insns, v->nr_insns, &w);
	if (rc < 0)
		goto out;
	snprintf(name, sizeof(name), "fuzz %llu:%llu %s", (unsigned long long)o->seed, (unsigned long long)index,
		 bpfsim_fuzz_kind_name(kind));
	free(w.name);
	w.name = strdup(name);
	rc = ask(&w, o->kernel, &a, &e);
	if (rc < 0)
		goto out;
	if (a.have_k) {
		w.kernel.present = true;
		w.kernel.release = uname(&u) == 0 ? strdup(u.release) : NULL;
		w.kernel.verdict = a.k.verdict;
		w.kernel.err = a.k.err;
		w.kernel.errno_name = a.k.errno_name ? strdup(a.k.errno_name) : NULL;
		w.kernel.error = a.k.error ? strdup(a.k.error) : NULL;
		w.kernel.insns_processed = a.k.insns_processed;
	}
	struct json_object *x = json_object_new_object(), *b = json_object_new_object(),
			   *f = json_object_new_object();
	json_object_object_add(b, "verdict", json_object_new_string(bpfsim_vec_verdict_name(a.bs.verdict)));
	if (a.bs.errno_name)
		json_object_object_add(b, "errno", json_object_new_string(a.bs.errno_name));
	if (a.bs.error)
		json_object_object_add(b, "error", json_object_new_string(a.bs.error));
	json_object_object_add(x, "bpfsim", b);
	json_object_object_add(f, "seed", json_object_new_int64((int64_t)o->seed));
	json_object_object_add(f, "index", json_object_new_int64((int64_t)index));
	json_object_object_add(f, "kind", json_object_new_string(bpfsim_fuzz_kind_name(kind)));
	json_object_object_add(f, "original_insns", json_object_new_int64((int64_t)orig_n));
	if (why && *why)
		json_object_object_add(f, "vm_error", json_object_new_string(why));
	json_object_object_add(x, "fuzz", f);
	w.extra = strdup(json_object_to_json_string_ext(x, JSON_C_TO_STRING_PLAIN));
	json_object_put(x);
	answer_free(&a);
	snprintf(path, sizeof(path), "%s/%s", o->out_dir,
		 kind >= BPFSIM_FUZZ_S_FAULT ? "soundness.jsonl" : "disagreements.jsonl");
	FILE *fp = fopen(path, "a");
	if (!fp) {
		rc = bpfsim_errf(err, -errno, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = bpfsim_vector_write(fp, &w, err);
	if (fclose(fp) != 0 && rc == 0)
		rc = bpfsim_errf(err, -EIO, "%s: write failed", path);
out:
	bpfsim_vector_free(&w);
	return rc;
}

struct sigs {
	char **s;
	size_t n;
};

static bool sig_new(struct sigs *g, int kind, const char *a, const char *b)
{
	char buf[1200];
	snprintf(buf, sizeof(buf), "%d|%s|%s", kind, a ? a : "", b ? b : "");
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->s[i], buf))
			return false;
	char **p = realloc(g->s, (g->n + 1) * sizeof(*p));
	if (!p)
		return false;
	g->s = p;
	g->s[g->n] = strdup(buf);
	if (g->s[g->n])
		g->n++;
	return true;
}

static int finding(const struct bpfsim_fuzz_opts *o, struct bpfsim_fuzz_stats *st, struct sigs *sg,
		   const struct bpfsim_vector *v, uint64_t index, int kind, unsigned int run, const char *a_err,
		   const char *b_err, struct bpfsim_err *err)
{
	unsigned int maxs = o->max_shrinks ? o->max_shrinks : 64;
	if (!sig_new(sg, kind, a_err, b_err) || st->shrunk >= maxs)
		return 0;
	struct pred_ctx c = { .orig = v, .kind = kind, .use_kernel = o->kernel, .seed = v->nr_insns ^ index,
			      .run = run };
	c.seed = o->seed * 1000003ULL + index;
	struct bpfsim_insn *ins = malloc(v->nr_insns * sizeof(*ins));
	size_t n = v->nr_insns;
	struct bpfsim_vector s;
	char why[512] = "";
	int rc;
	if (!ins)
		return bpfsim_errf(err, -ENOMEM, "fuzz: out of memory");
	memcpy(ins, v->insns, n * sizeof(*ins));
	long calls = bpfsim_shrink(&ins, &n, still_interesting, &c, 1500);
	if (calls < 0) {
		free(ins);
		return bpfsim_errf(err, (int)calls, "fuzz: shrinking %s failed", v->name);
	}
	st->shrunk++;
	rc = vec_with(v, ins, n, &s);
	free(ins);
	if (rc < 0) {
		bpfsim_vector_free(&s);
		return bpfsim_errf(err, rc, "fuzz: out of memory");
	}
	if (kind >= BPFSIM_FUZZ_S_FAULT)
		bpfsim_soundness_run(&s, c.seed, run, why, sizeof(why));
	if (o->report)
		fprintf(o->report, "finding %s: %s (%zu -> %zu insns, %ld shrink steps)%s%s | bpfsim: %s | kernel: %s\n",
			bpfsim_fuzz_kind_name(kind), v->name, v->nr_insns, n, calls, *why ? " vm: " : "", why,
			a_err ? a_err : "-", b_err ? b_err : "-");
	if (o->out_dir) {
		rc = write_finding(o, &s, kind, v->nr_insns, index, why, err);
		if (rc < 0) {
			bpfsim_vector_free(&s);
			return rc;
		}
		st->written++;
	}
	bpfsim_vector_free(&s);
	return 0;
}

int bpfsim_fuzz_run(const struct bpfsim_fuzz_opts *o, struct bpfsim_fuzz_stats *st, struct bpfsim_err *err)
{
	struct bpfsim_gen_opts gdef;
	const struct bpfsim_gen_opts *go;
	struct sigs sg = { 0 };
	unsigned int runs;
	int rc = 0;
	double t0;

	if (!o || !st || o->sz < sizeof(*o))
		return bpfsim_errf(err, -EINVAL, "bpfsim_fuzz_run: bad arguments");
	memset(st, 0, sizeof(*st));
	bpfsim_gen_opts_default(&gdef);
	gdef.prog_type = o->prog_type;
	if (o->gen) {
		gdef = *o->gen;
		if (o->prog_type >= 0)
			gdef.prog_type = o->prog_type;
	}
	go = &gdef;
	runs = o->runs ? o->runs : 4;
	if (o->out_dir && mkdir(o->out_dir, 0755) < 0 && errno != EEXIST)
		return bpfsim_errf(err, -errno, "%s: %s", o->out_dir, strerror(errno));
	st->kernel_used = o->kernel;
	t0 = now_s();
	for (uint64_t i = 0; i < o->count; i++) {
		struct bpfsim_vector v;
		struct answer a;
		bool maps = false;

		rc = bpfsim_gen_program(o->seed, i, go, &v, &maps, err);
		if (rc < 0) {
			bpfsim_vector_free(&v);
			break;
		}
		st->programs++;
		st->with_maps += maps;
		rc = ask(&v, o->kernel, &a, err);
		if (rc < 0) {
			answer_free(&a);
			bpfsim_vector_free(&v);
			break;
		}
		switch (a.bs.verdict) {
		case BPFSIM_VEC_ACCEPT: st->bs_accept++; break;
		case BPFSIM_VEC_REJECT: st->bs_reject++; break;
		default: st->bs_unsupported++; break;
		}
		if (a.have_k)
			a.k.verdict == BPFSIM_VEC_ACCEPT ? st->k_accept++ : st->k_reject++;
		int kind = classify(&a);
		if (kind >= -1) {
			st->compared++;
			if (kind == -1) {
				st->agree++;
			} else {
				st->disagree++;
				st->by_kind[kind]++;
				char bsl[600], kl[600];
				snprintf(bsl, sizeof(bsl), "%s %s %s", bpfsim_vec_verdict_name(a.bs.verdict),
					 a.bs.errno_name ? a.bs.errno_name : "", a.bs.error ? a.bs.error : "");
				snprintf(kl, sizeof(kl), "%s %s %s", bpfsim_vec_verdict_name(a.k.verdict),
					 a.k.errno_name ? a.k.errno_name : "", a.k.error ? a.k.error : "");
				rc = finding(o, st, &sg, &v, i, kind, 0, bsl, kl, err);
			}
		}
		if (rc == 0 && o->soundness && a.bs.verdict == BPFSIM_VEC_ACCEPT) {
			st->sound_programs++;
			for (unsigned int r = 0; r < runs && rc == 0; r++) {
				char why[512] = "";
				st->sound_runs++;
				int sk = bpfsim_soundness_run(&v, o->seed * 1000003ULL + i, r, why, sizeof(why));
				if (sk == -2) {
					st->sound_unloadable++;
					break;
				}
				if (sk >= 0) {
					st->sound_bugs++;
					st->by_kind[sk]++;
					rc = finding(o, st, &sg, &v, i, sk, r, why, a.have_k ?
						     bpfsim_vec_verdict_name(a.k.verdict) : NULL, err);
					break;
				}
			}
		}
		answer_free(&a);
		bpfsim_vector_free(&v);
		if (rc < 0)
			break;
	}
	st->seconds = now_s() - t0;
	st->per_second = st->seconds > 0 ? (double)st->programs / st->seconds : 0;
	for (size_t i = 0; i < sg.n; i++)
		free(sg.s[i]);
	free(sg.s);
	return rc;
}
