/* SPDX-License-Identifier: Apache-2.0 */
/*
 * oracle.c: the live-kernel oracle (bpfsim/kernel.h).
 *
 * For one vector:
 *   1. create its maps with BPF_MAP_CREATE, in index order; a map-in-map's
 *      inner_map template is created first, its fd given as inner_map_fd,
 *      and closed once the outer map exists (the kernel keeps a copy of the
 *      template's metadata);
 *   2. copy the instructions and, for every ld_imm64 whose src_reg is
 *      BPF_PSEUDO_MAP_FD (1) or BPF_PSEUDO_MAP_VALUE (2), replace imm (the
 *      map index j) by the fd of map j; an index with no map becomes fd -1,
 *      so the kernel rejects it the way it rejects any bad fd. The fds are
 *      also passed as fd_array, so the index forms (src_reg 5 and 6) work;
 *   3. BPF_PROG_LOAD with license "GPL" and the log policy of kload.h
 *      (a log that grows on ENOSPC, or its tail and one more load);
 *   4. read the verdict from the return value and errno, and the error line
 *      and instruction count from the log (kload.c, klog.c);
 *   5. close every fd unless the caller keeps the accepted program for
 *      BPF_PROG_TEST_RUN.
 *
 * A map the kernel refuses to create is reported as a rejection of the
 * vector ("BPF_MAP_CREATE maps[1] (sk_storage): Invalid argument"): it is
 * the kernel's answer to this vector, and recording it keeps the corpus
 * honest. No oracle (no bpf(2), no privileges) is a separate result,
 * -ENOSYS or -EPERM, never a verdict.
 */
#include "bpfsim/kernel.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include "kload.h"

struct bpfsim_kprog {
	int prog_fd;
	int *map_fds;
	size_t nr_maps;
};

/* ------------------------------------------------------- availability */

static int have_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

int bpfsim_kernel_available(struct bpfsim_err *err)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	const char *no = getenv("BPFSIM_NO_KERNEL");
	static const struct bpf_insn ret0[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd;

	if (no && *no && strcmp(no, "0"))
		return bpfsim_errf(err, -ENOSYS, "no kernel oracle: disabled by BPFSIM_NO_KERNEL=%s", no);
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) == 0) {
		int admin = have_cap(data, CAP_SYS_ADMIN);
		int bpf = have_cap(data, CAP_BPF) && have_cap(data, CAP_PERFMON);

		if (!admin && !bpf)
			return bpfsim_errf(err, -EPERM,
					   "no kernel oracle: loading programs as the kernel's privileged "
					   "verifier sees them needs root (CAP_BPF and CAP_PERFMON, or "
					   "CAP_SYS_ADMIN)");
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", ret0, 2, NULL);
	if (fd < 0) {
		int e = errno;

		if (e == ENOSYS)
			return bpfsim_errf(err, -ENOSYS, "no kernel oracle: bpf(2) is not available (ENOSYS)");
		return bpfsim_errf(err, -EPERM, "no kernel oracle: bpf(2) refused a trivial program: %s (%s)",
				   strerror(e), bpfsim_errno_name(e) ? bpfsim_errno_name(e) : "?");
	}
	close(fd);
	return 0;
}

/* ---------------------------------------------------------- helpers */

static void close_fds(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

void bpfsim_kernel_result_free(struct bpfsim_kernel_result *res)
{
	if (!res)
		return;
	free(res->error);
	free(res->log);
	kload_result_init(res);
}

/* Create one map (and its inner template). Returns fd or -errno; on failure
 * *why is a static description of which call failed. */
static int create_map(const struct bpfsim_vec_map *m, int depth, const char **why)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	char name[16];
	int inner = -1, fd;

	if (m->inner_map) {
		if (depth > 4) {
			*why = "inner_map";
			return -EINVAL;
		}
		inner = create_map(m->inner_map, depth + 1, why);
		if (inner < 0) {
			*why = "inner_map";
			return inner;
		}
		o.inner_map_fd = (__u32)inner;
	}
	o.map_flags = m->flags;
	kload_obj_name(m->name, name);
	fd = bpf_map_create((enum bpf_map_type)m->type, name[0] ? name : NULL, m->key_size, m->value_size,
			    m->max_entries, &o);
	if (fd < 0)
		fd = -errno;
	if (inner >= 0)
		close(inner);
	return fd;
}

/* ------------------------------------------------------------- load */

static int reject_map(struct bpfsim_kernel_result *res, size_t i, const struct bpfsim_vec_map *m, int e,
		      const char *why)
{
	char buf[256];
	const char *tn = bpfsim_map_type_name(m->type);

	snprintf(buf, sizeof(buf), "BPF_MAP_CREATE maps[%zu]%s%s (%s): %s", i, why ? "." : "", why ? why : "",
		 tn ? tn : "?", strerror(e));
	res->verdict = BPFSIM_VEC_REJECT;
	res->err = e;
	res->errno_name = kload_errno_name(e);
	res->error = strdup(buf);
	return res->error ? 0 : -ENOMEM;
}

int bpfsim_kernel_load(const struct bpfsim_vector *v, const struct bpfsim_kernel_opts *opts,
		       struct bpfsim_kernel_result *res, struct bpfsim_kprog **keep, struct bpfsim_err *err)
{
	const char *vname = v->name ? v->name : "vector";
	struct bpf_insn *insns = NULL;
	int *fds = NULL;
	int prog_fd = -1, rc = 0;

	kload_result_init(res);
	if (keep)
		*keep = NULL;
	if (!v->nr_insns || v->raw_len != v->nr_insns * sizeof(struct bpf_insn))
		return bpfsim_errf(err, -EINVAL, "%s: no instructions", vname);

	/* 1. maps */
	fds = malloc((v->nr_maps ? v->nr_maps : 1) * sizeof(*fds));
	if (!fds)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", vname);
	for (size_t i = 0; i < v->nr_maps; i++)
		fds[i] = -1;
	for (size_t i = 0; i < v->nr_maps; i++) {
		const char *why = NULL;
		int fd = create_map(&v->maps[i], 0, &why);

		if (fd < 0) {
			if (fd == -ENOSYS) {
				rc = bpfsim_errf(err, -ENOSYS, "no kernel oracle: bpf(2) is not available (ENOSYS)");
				goto out;
			}
			rc = reject_map(res, i, &v->maps[i], -fd, why);
			if (rc)
				rc = bpfsim_errf(err, rc, "%s: out of memory", vname);
			goto out;
		}
		fds[i] = fd;
	}

	/* 2. patch map references */
	insns = malloc(v->raw_len);
	if (!insns) {
		rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", vname);
		goto out;
	}
	memcpy(insns, v->raw, v->raw_len);
	for (size_t i = 0; i + 1 < v->nr_insns; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD || insns[i].src_reg == BPF_PSEUDO_MAP_VALUE) {
			uint32_t j = (uint32_t)insns[i].imm;

			insns[i].imm = j < v->nr_maps ? fds[j] : -1;
		}
		i++;
	}

	/* 3. load; 4. the answer */
	struct kload req = {
		.type = (enum bpf_prog_type)v->prog_type,
		.license = "GPL",
		.insns = insns,
		.n = v->nr_insns,
		.attrs = { .sz = sizeof(struct bpf_prog_load_opts) },
		.what = vname,
	};

	req.attrs.expected_attach_type =
		v->expected_attach_type >= 0 ? (enum bpf_attach_type)v->expected_attach_type : 0;
	req.attrs.prog_flags = v->prog_flags;
	req.attrs.fd_array = v->nr_maps ? fds : NULL;
	rc = kload_run(&req, opts, res, &prog_fd, err);
	if (rc)
		goto out;
	if (keep && prog_fd >= 0) {
		struct bpfsim_kprog *p = calloc(1, sizeof(*p));

		if (!p) {
			rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", vname);
			goto out;
		}
		p->prog_fd = prog_fd;
		p->map_fds = fds;
		p->nr_maps = v->nr_maps;
		prog_fd = -1;
		fds = NULL;
		*keep = p;
	}
out:
	if (prog_fd >= 0)
		close(prog_fd);
	if (fds) {
		close_fds(fds, v->nr_maps);
		free(fds);
	}
	free(insns);
	if (rc)
		bpfsim_kernel_result_free(res);
	return rc;
}

/* ------------------------------------------------------------ test run */

int bpfsim_kprog_fd(const struct bpfsim_kprog *p)
{
	return p ? p->prog_fd : -1;
}

void bpfsim_kprog_close(struct bpfsim_kprog *p)
{
	if (!p)
		return;
	if (p->prog_fd >= 0)
		close(p->prog_fd);
	if (p->map_fds) {
		close_fds(p->map_fds, p->nr_maps);
		free(p->map_fds);
	}
	free(p);
}

int bpfsim_kprog_test_run(struct bpfsim_kprog *p, const uint8_t *data, size_t len, uint32_t *retval,
			  struct bpfsim_err *err)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	size_t out_len = len + 4096;
	void *out = malloc(out_len);
	int rc;

	if (!out)
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	if (len > UINT32_MAX - 4096) {
		free(out);
		return bpfsim_errf(err, -E2BIG, "test run data too large (%zu bytes)", len);
	}
	o.data_in = data;
	o.data_size_in = (__u32)len;
	o.data_out = out;
	o.data_size_out = (__u32)out_len;
	o.repeat = 1;
	rc = bpf_prog_test_run_opts(p->prog_fd, &o);
	free(out);
	if (rc < 0) {
		int e = errno;

		return bpfsim_errf(err, -e, "BPF_PROG_TEST_RUN: %s (%s)", e == 524 ? "not supported for this program type" : strerror(e),
				   kload_errno_name(e));
	}
	*retval = o.retval;
	return 0;
}

/* ------------------------------------------------------------- record */

int bpfsim_kernel_record(struct bpfsim_vector *v, const struct bpfsim_kernel_opts *opts,
			 struct bpfsim_kernel_result *res, struct bpfsim_err *err)
{
	struct bpfsim_vec_kernel k;
	struct bpfsim_kprog *p = NULL;
	struct utsname u;
	int rc;

	rc = bpfsim_kernel_load(v, opts, res, v->kernel.nr_runs ? &p : NULL, err);
	if (rc)
		return rc;
	memset(&k, 0, sizeof(k));
	k.present = true;
	k.insns_processed = res->insns_processed;
	k.verdict = res->verdict;
	k.err = res->err;
	if (uname(&u) == 0)
		k.release = strdup(u.release);
	if (res->errno_name)
		k.errno_name = strdup(res->errno_name);
	if (res->error)
		k.error = strdup(res->error);
	if (res->verdict == BPFSIM_VEC_ACCEPT && v->kernel.has_runs) {
		/* run each run's data; the runs move over only if all succeed */
		for (size_t i = 0; i < v->kernel.nr_runs; i++) {
			uint32_t r;

			struct bpfsim_err terr = { 0 };

			rc = bpfsim_kprog_test_run(p, v->kernel.runs[i].data, v->kernel.runs[i].data_len, &r, &terr);
			if (rc) {
				bpfsim_errf(err, rc, "%.200s: kernel.runs[%zu]: %.280s", v->name ? v->name : "vector", i,
					    terr.msg);
				break;
			}
			v->kernel.runs[i].retval = r;
		}
		if (!rc) {
			k.runs = v->kernel.runs;
			k.nr_runs = v->kernel.nr_runs;
			k.has_runs = true;
			v->kernel.runs = NULL;
			v->kernel.nr_runs = 0;
		}
	}
	bpfsim_kprog_close(p);
	if (rc) {
		bpfsim_vec_kernel_free(&k);
		bpfsim_kernel_result_free(res);
		return rc;
	}
	bpfsim_vec_kernel_free(&v->kernel);
	v->kernel = k;
	return 0;
}
