/* SPDX-License-Identifier: Apache-2.0 */
/*
 * names.c: the name <-> value tables of bpfsim/names.h.
 *
 * Each enum's X-macro list (in names.h) expands here into a table indexed
 * by value; lookup by name is a linear scan (the tables are tiny and the
 * callers are parsers of text input, not hot paths). The errno table lists
 * Linux's generic errno values (asm-generic/errno-base.h and errno.h: the
 * values of x86, arm64, riscv...) plus the kernel-internal ENOTSUPP (524) and
 * friends, which bpf(2) can return to user space.
 */
#include "bpfsim/names.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *const prog_type_names[] = {
#define X(up, name, val) [val] = #name,
	BPFSIM_PROG_TYPES(X)
#undef X
};

static const char *const attach_type_names[] = {
#define X(up, name, val) [val] = #name,
	BPFSIM_ATTACH_TYPES(X)
#undef X
};

static const char *const map_type_names[] = {
#define X(up, name, val) [val] = #name,
	BPFSIM_MAP_TYPES(X)
#undef X
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *by_value(const char *const *tab, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return NULL;
	return tab[v];
}

/* Case-insensitive match of name (optionally prefixed) against tab. */
static int by_name(const char *const *tab, size_t n, const char *prefix, const char *name)
{
	size_t pl = strlen(prefix);

	if (!name)
		return -1;
	if (!strncasecmp(name, prefix, pl))
		name += pl;
	for (size_t i = 0; i < n; i++)
		if (tab[i] && !strcasecmp(tab[i], name))
			return (int)i;
	return -1;
}

const char *bpfsim_prog_type_name(int type)
{
	return by_value(prog_type_names, NELEM(prog_type_names), type);
}

const char *bpfsim_attach_type_name(int type)
{
	return by_value(attach_type_names, NELEM(attach_type_names), type);
}

const char *bpfsim_map_type_name(int type)
{
	return by_value(map_type_names, NELEM(map_type_names), type);
}

int bpfsim_prog_type_from_name(const char *name)
{
	return by_name(prog_type_names, NELEM(prog_type_names), "BPF_PROG_TYPE_", name);
}

int bpfsim_attach_type_from_name(const char *name)
{
	return by_name(attach_type_names, NELEM(attach_type_names), "BPF_", name);
}

int bpfsim_map_type_from_name(const char *name)
{
	int v = by_name(map_type_names, NELEM(map_type_names), "BPF_MAP_TYPE_", name);

	if (v >= 0 || !name)
		return v;
	/* The kernel's aliases for the old cgroup storage names. */
	if (!strncasecmp(name, "BPF_MAP_TYPE_", 13))
		name += 13;
	if (!strcasecmp(name, "cgroup_storage_deprecated"))
		return BPFSIM_MAP_TYPE_CGROUP_STORAGE;
	if (!strcasecmp(name, "percpu_cgroup_storage_deprecated"))
		return BPFSIM_MAP_TYPE_PERCPU_CGROUP_STORAGE;
	return -1;
}

/* X(name, value) */
#define BPFSIM_ERRNOS(X) \
	X(EPERM, 1) \
	X(ENOENT, 2) \
	X(ESRCH, 3) \
	X(EINTR, 4) \
	X(EIO, 5) \
	X(ENXIO, 6) \
	X(E2BIG, 7) \
	X(ENOEXEC, 8) \
	X(EBADF, 9) \
	X(ECHILD, 10) \
	X(EAGAIN, 11) \
	X(ENOMEM, 12) \
	X(EACCES, 13) \
	X(EFAULT, 14) \
	X(ENOTBLK, 15) \
	X(EBUSY, 16) \
	X(EEXIST, 17) \
	X(EXDEV, 18) \
	X(ENODEV, 19) \
	X(ENOTDIR, 20) \
	X(EISDIR, 21) \
	X(EINVAL, 22) \
	X(ENFILE, 23) \
	X(EMFILE, 24) \
	X(ENOTTY, 25) \
	X(ETXTBSY, 26) \
	X(EFBIG, 27) \
	X(ENOSPC, 28) \
	X(ESPIPE, 29) \
	X(EROFS, 30) \
	X(EMLINK, 31) \
	X(EPIPE, 32) \
	X(EDOM, 33) \
	X(ERANGE, 34) \
	X(EDEADLK, 35) \
	X(ENAMETOOLONG, 36) \
	X(ENOLCK, 37) \
	X(ENOSYS, 38) \
	X(ENOTEMPTY, 39) \
	X(ELOOP, 40) \
	X(ENOMSG, 42) \
	X(EIDRM, 43) \
	X(ECHRNG, 44) \
	X(EL2NSYNC, 45) \
	X(EL3HLT, 46) \
	X(EL3RST, 47) \
	X(ELNRNG, 48) \
	X(EUNATCH, 49) \
	X(ENOCSI, 50) \
	X(EL2HLT, 51) \
	X(EBADE, 52) \
	X(EBADR, 53) \
	X(EXFULL, 54) \
	X(ENOANO, 55) \
	X(EBADRQC, 56) \
	X(EBADSLT, 57) \
	X(EBFONT, 59) \
	X(ENOSTR, 60) \
	X(ENODATA, 61) \
	X(ETIME, 62) \
	X(ENOSR, 63) \
	X(ENONET, 64) \
	X(ENOPKG, 65) \
	X(EREMOTE, 66) \
	X(ENOLINK, 67) \
	X(EADV, 68) \
	X(ESRMNT, 69) \
	X(ECOMM, 70) \
	X(EPROTO, 71) \
	X(EMULTIHOP, 72) \
	X(EDOTDOT, 73) \
	X(EBADMSG, 74) \
	X(EOVERFLOW, 75) \
	X(ENOTUNIQ, 76) \
	X(EBADFD, 77) \
	X(EREMCHG, 78) \
	X(ELIBACC, 79) \
	X(ELIBBAD, 80) \
	X(ELIBSCN, 81) \
	X(ELIBMAX, 82) \
	X(ELIBEXEC, 83) \
	X(EILSEQ, 84) \
	X(ERESTART, 85) \
	X(ESTRPIPE, 86) \
	X(EUSERS, 87) \
	X(ENOTSOCK, 88) \
	X(EDESTADDRREQ, 89) \
	X(EMSGSIZE, 90) \
	X(EPROTOTYPE, 91) \
	X(ENOPROTOOPT, 92) \
	X(EPROTONOSUPPORT, 93) \
	X(ESOCKTNOSUPPORT, 94) \
	X(EOPNOTSUPP, 95) \
	X(EPFNOSUPPORT, 96) \
	X(EAFNOSUPPORT, 97) \
	X(EADDRINUSE, 98) \
	X(EADDRNOTAVAIL, 99) \
	X(ENETDOWN, 100) \
	X(ENETUNREACH, 101) \
	X(ENETRESET, 102) \
	X(ECONNABORTED, 103) \
	X(ECONNRESET, 104) \
	X(ENOBUFS, 105) \
	X(EISCONN, 106) \
	X(ENOTCONN, 107) \
	X(ESHUTDOWN, 108) \
	X(ETOOMANYREFS, 109) \
	X(ETIMEDOUT, 110) \
	X(ECONNREFUSED, 111) \
	X(EHOSTDOWN, 112) \
	X(EHOSTUNREACH, 113) \
	X(EALREADY, 114) \
	X(EINPROGRESS, 115) \
	X(ESTALE, 116) \
	X(EUCLEAN, 117) \
	X(ENOTNAM, 118) \
	X(ENAVAIL, 119) \
	X(EISNAM, 120) \
	X(EREMOTEIO, 121) \
	X(EDQUOT, 122) \
	X(ENOMEDIUM, 123) \
	X(EMEDIUMTYPE, 124) \
	X(ECANCELED, 125) \
	X(ENOKEY, 126) \
	X(EKEYEXPIRED, 127) \
	X(EKEYREVOKED, 128) \
	X(EKEYREJECTED, 129) \
	X(EOWNERDEAD, 130) \
	X(ENOTRECOVERABLE, 131) \
	X(ERFKILL, 132) \
	X(EHWPOISON, 133) \
	X(ERESTARTSYS, 512) \
	X(ERESTARTNOINTR, 513) \
	X(ERESTARTNOHAND, 514) \
	X(ENOIOCTLCMD, 515) \
	X(ERESTART_RESTARTBLOCK, 516) \
	X(EPROBE_DEFER, 517) \
	X(EOPENSTALE, 518) \
	X(ENOPARAM, 519) \
	X(EBADHANDLE, 521) \
	X(ENOTSYNC, 522) \
	X(EBADCOOKIE, 523) \
	X(ENOTSUPP, 524) \
	X(ETOOSMALL, 525) \
	X(ESERVERFAULT, 526) \
	X(EBADTYPE, 527) \
	X(EJUKEBOX, 528) \
	X(EIOCBQUEUED, 529) \
	X(ERECALLCONFLICT, 530) \
	X(ENOGRACE, 531)

static const char *const errno_names[] = {
#define X(name, val) [val] = #name,
	BPFSIM_ERRNOS(X)
#undef X
};

const char *bpfsim_errno_name(int e)
{
	return by_value(errno_names, NELEM(errno_names), e);
}

int bpfsim_errno_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < NELEM(errno_names); i++)
		if (errno_names[i] && !strcmp(errno_names[i], name))
			return (int)i;
	return -1;
}
