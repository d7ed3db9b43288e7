/* SPDX-License-Identifier: Apache-2.0 */
/* Common includes for the project's BPF C test programs (tests/progs). */
#ifndef BPFSIM_PROGS_H
#define BPFSIM_PROGS_H
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#endif
