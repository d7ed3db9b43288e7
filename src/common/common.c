/* SPDX-License-Identifier: Apache-2.0 */
#include "bpfsim/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bpfsim_errf(struct bpfsim_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int bpfsim_read_file(const char *path, uint8_t **buf, size_t *len, struct bpfsim_err *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t cap = 0, n = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return bpfsim_errf(err, -errno, "%s: %s", path, strerror(errno));
	for (;;) {
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			uint8_t *p = realloc(data, ncap);

			if (!p) {
				free(data);
				fclose(f);
				return bpfsim_errf(err, -ENOMEM, "%s: out of memory", path);
			}
			data = p;
			cap = ncap;
		}
		size_t got = fread(data + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;

		free(data);
		fclose(f);
		return bpfsim_errf(err, -e, "%s: read error: %s", path, strerror(e));
	}
	fclose(f);
	data[n] = 0;
	*buf = data;
	*len = n;
	return 0;
}
