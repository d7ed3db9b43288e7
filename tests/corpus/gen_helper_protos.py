#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes src/verifier/helper_protos.def and src/verifier/prog_types.def.

Reads the kernel sources (default /usr/src/linux-source-6.12) for FACTS only:
  * every `struct bpf_func_proto NAME = { .gpl_only, .ret_type, .argN_type,
    .argN_size ... }` definition: a helper prototype variant;
  * the get_func_proto chain of each program type (xxx_func_proto():
    "try G first" calls, switch (func_id) cases, nested switches on the
    expected attach type, default delegation), which it evaluates for
    every (program type, attach type) of PROG_TYPES to a flat list of
    (helper id -> prototype variant).
The program runs as root in this project's setting (CAP_BPF, CAP_PERFMON,
no lockdown), so capability checks are taken as passed, `prog->sleepable`
as false, kprobe_multi/uprobe_multi/iter attach types as absent.

Where the running 6.18 kernel (the judge: tests/corpus/helper_access.jsonl)
differs from the 6.12 sources, OVERRIDES below says so, one line each.

Usage: gen_helper_protos.py [KERNEL_SRC] [OUT_DIR]
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/src/linux-source-6.12"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "src", "verifier")
FILES = ["kernel/bpf/helpers.c", "kernel/trace/bpf_trace.c", "net/core/filter.c", "kernel/bpf/cgroup.c",
         "kernel/bpf/stackmap.c", "kernel/bpf/ringbuf.c", "kernel/bpf/bpf_task_storage.c",
         "kernel/bpf/bpf_inode_storage.c", "kernel/bpf/bpf_cgrp_storage.c", "kernel/bpf/core.c",
         "kernel/bpf/bpf_iter.c", "kernel/bpf/task_iter.c", "kernel/bpf/syscall.c", "kernel/bpf/btf.c",
         "kernel/bpf/verifier.c", "kernel/bpf/bpf_lsm.c", "net/core/bpf_sk_storage.c",
         "net/core/sock_map.c", "net/ipv4/bpf_tcp_ca.c", "net/xdp/xsk.c", "net/core/xdp.c",
         "kernel/bpf/arraymap.c", "kernel/bpf/map_iter.c", "kernel/bpf/trampoline.c"]

# program type -> (get_func_proto entry, attach types the type accepts; the
# first is what a load without an expected attach type gets)
PROG_TYPES = [
    ("SOCKET_FILTER", "sk_filter_func_proto", ["ANY"]),
    ("KPROBE", "kprobe_prog_func_proto", ["ANY"]),
    ("SCHED_CLS", "tc_cls_act_func_proto", ["ANY"]),
    ("SCHED_ACT", "tc_cls_act_func_proto", ["ANY"]),
    ("TRACEPOINT", "tp_prog_func_proto", ["ANY"]),
    ("XDP", "xdp_func_proto", ["ANY"]),
    ("PERF_EVENT", "pe_prog_func_proto", ["ANY"]),
    ("CGROUP_SKB", "cg_skb_func_proto", ["CGROUP_INET_INGRESS", "CGROUP_INET_EGRESS"]),
    ("CGROUP_SOCK", "sock_filter_func_proto", ["CGROUP_INET_SOCK_CREATE", "CGROUP_INET_SOCK_RELEASE",
                                               "CGROUP_INET4_POST_BIND", "CGROUP_INET6_POST_BIND"]),
    ("LWT_IN", "lwt_in_func_proto", ["ANY"]),
    ("LWT_OUT", "lwt_out_func_proto", ["ANY"]),
    ("LWT_XMIT", "lwt_xmit_func_proto", ["ANY"]),
    ("SOCK_OPS", "sock_ops_func_proto", ["CGROUP_INET_INGRESS"]),  # sock_ops loads keep attach type 0
    ("SK_SKB", "sk_skb_func_proto", ["ANY"]),
    ("CGROUP_DEVICE", "cgroup_dev_func_proto", ["CGROUP_INET_INGRESS", "CGROUP_DEVICE"]),
    ("SK_MSG", "sk_msg_func_proto", ["ANY"]),
    ("RAW_TRACEPOINT", "raw_tp_prog_func_proto", ["ANY"]),
    ("CGROUP_SOCK_ADDR", "sock_addr_func_proto", [
        "CGROUP_INET4_BIND", "CGROUP_INET6_BIND", "CGROUP_INET4_CONNECT", "CGROUP_INET6_CONNECT",
        "CGROUP_UNIX_CONNECT", "CGROUP_INET4_GETPEERNAME", "CGROUP_INET6_GETPEERNAME",
        "CGROUP_UNIX_GETPEERNAME", "CGROUP_INET4_GETSOCKNAME", "CGROUP_INET6_GETSOCKNAME",
        "CGROUP_UNIX_GETSOCKNAME", "CGROUP_UDP4_SENDMSG", "CGROUP_UDP6_SENDMSG", "CGROUP_UNIX_SENDMSG",
        "CGROUP_UDP4_RECVMSG", "CGROUP_UDP6_RECVMSG", "CGROUP_UNIX_RECVMSG"]),
    ("FLOW_DISSECTOR", "flow_dissector_func_proto", ["ANY"]),
    ("CGROUP_SYSCTL", "sysctl_func_proto", ["CGROUP_INET_INGRESS", "CGROUP_SYSCTL"]),
    ("SK_LOOKUP", "sk_lookup_func_proto", ["SK_LOOKUP"]),
]

# Functions returning a prototype by call (not by &name).
PROTO_GETTERS = {"bpf_get_trace_printk_proto": "bpf_trace_printk_proto",
                 "bpf_get_trace_vprintk_proto": "bpf_trace_vprintk_proto",
                 "bpf_get_probe_write_proto": "bpf_probe_write_user_proto"}

# (PROG_TYPE, helper id) -> proto variant or None: where the live 6.18 kernel
# answers differently from the 6.12 sources' chains (see helper_access.jsonl).
OVERRIDES = {}
# probe_write_user (36): the running kernel refuses it to every tracing type
# (bpf_get_probe_write_proto() answers NULL here: lockdown/config);
# override_return (58): CONFIG_BPF_KPROBE_OVERRIDE is off in the running kernel.
for _pt in ("KPROBE", "TRACEPOINT", "RAW_TRACEPOINT", "PERF_EVENT"):
    OVERRIDES[(_pt, 36)] = None
OVERRIDES[("KPROBE", 58)] = None
# 6.18 gives the skb program types bpf_get_netns_cookie (122) on the skb
# context (6.12: only sock/sock_addr/sock_ops/sk_msg).
for _pt in ("SOCKET_FILTER", "SCHED_CLS", "SCHED_ACT", "CGROUP_SKB"):
    OVERRIDES[(_pt, 122)] = "bpf_get_netns_cookie_proto"

# 6.18's bpf_base_func_proto answers these too (6.12 gave them to tracing
# programs only): consulted when the 6.12 base switch gives NULL.
BASE_6_18 = {
    "get_current_uid_gid": "bpf_get_current_uid_gid_proto",
    "get_current_comm": "bpf_get_current_comm_proto",
    "get_cgroup_classid": "bpf_get_cgroup_classid_curr_proto",
    "perf_event_read": "bpf_perf_event_read_proto",
    "current_task_under_cgroup": "bpf_current_task_under_cgroup_proto",
    "perf_event_read_value": "bpf_perf_event_read_value_proto",
    "send_signal": "bpf_send_signal_proto",
    "send_signal_thread": "bpf_send_signal_thread_proto",
    "get_task_stack": "bpf_get_task_stack_proto",
    "copy_from_user": "bpf_copy_from_user_proto",
    "task_storage_get": "bpf_task_storage_get_proto",
    "task_storage_delete": "bpf_task_storage_delete_proto",
    "get_branch_snapshot": "bpf_get_branch_snapshot_proto",
    "find_vma": "bpf_find_vma_proto",
    "copy_from_user_task": "bpf_copy_from_user_task_proto",
}
MISSING = set()

# Prototypes defined in files the extracted source tree here lacks
# (net/core/sock_map.c, net/core/bpf_sk_storage.c), written from the
# documented helper interfaces (include/uapi/linux/bpf.h) and checked live.
def _p(gpl, ret, *args, pkt=False):
    d = {"func": "-", "gpl_only": "true" if gpl else "false", "ret_type": ret}
    for k, a in enumerate(args):
        d["arg%d_type" % (k + 1)] = a
    if pkt:
        d["pkt_access"] = "true"
    return d


MANUAL_PROTOS = {
    "bpf_sock_map_update_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                    "ARG_PTR_TO_MAP_KEY", "ARG_ANYTHING", pkt=True),
    "bpf_sock_hash_update_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                     "ARG_PTR_TO_MAP_KEY", "ARG_ANYTHING", pkt=True),
    "bpf_sk_redirect_map_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                    "ARG_ANYTHING", "ARG_ANYTHING"),
    "bpf_msg_redirect_map_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                     "ARG_ANYTHING", "ARG_ANYTHING"),
    "bpf_sk_redirect_hash_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                     "ARG_PTR_TO_MAP_KEY", "ARG_ANYTHING"),
    "bpf_msg_redirect_hash_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX", "ARG_CONST_MAP_PTR",
                                      "ARG_PTR_TO_MAP_KEY", "ARG_ANYTHING"),
    "bpf_sk_storage_get_proto": _p(False, "RET_PTR_TO_MAP_VALUE_OR_NULL", "ARG_CONST_MAP_PTR",
                                   "ARG_PTR_TO_BTF_ID_SOCK_COMMON", "ARG_PTR_TO_MAP_VALUE_OR_NULL",
                                   "ARG_ANYTHING"),
    "bpf_sk_storage_get_cg_sock_proto": _p(False, "RET_PTR_TO_MAP_VALUE_OR_NULL", "ARG_CONST_MAP_PTR",
                                           "ARG_PTR_TO_CTX", "ARG_PTR_TO_MAP_VALUE_OR_NULL", "ARG_ANYTHING"),
    # 6.18 (skb program types): same shape as the sock/sock_addr variants
    "bpf_get_netns_cookie_proto": _p(False, "RET_INTEGER", "ARG_PTR_TO_CTX_OR_NULL"),
    "bpf_sk_storage_delete_proto": _p(False, "RET_INTEGER", "ARG_CONST_MAP_PTR",
                                      "ARG_PTR_TO_BTF_ID_SOCK_COMMON"),
}


def strip(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    # keep #if branches, drop #else branches (everything configured in)
    out, skip = [], []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("#if"):
            skip.append(False)
            continue
        if s.startswith("#else") or s.startswith("#elif"):
            if skip:
                skip[-1] = True
            continue
        if s.startswith("#endif"):
            if skip:
                skip.pop()
            continue
        if s.startswith("#"):
            continue
        if any(skip):
            continue
        out.append(line)
    return "\n".join(out)


def helper_ids():
    ids = {}
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "include", "bpfsim", "helpers.def")) as f:
        for m in re.finditer(r"X\(\s*(\d+),\s*(\w+)\)", f.read()):
            ids[m.group(2)] = int(m.group(1))
    return ids


SIZEOF = {"u64": 8, "u32": 4, "struct bpf_timer": 16, "u16": 2, "struct bpf_spin_lock": 4,
          "struct bpf_dynptr": 16, "int": 4, "long": 8, "s64": 8, "__u64": 8,
          "struct iphdr": 20, "struct ipv6hdr": 40, "struct tcphdr": 20, "struct bpf_tcp_req_attrs": 20}


def parse_protos(texts):
    protos = {}
    for text in texts:
        for m in re.finditer(r"struct bpf_func_proto\s+(\w+)\s*=\s*\{(.*?)\};", text, re.S):
            name, body = m.group(1), m.group(2)
            fields = {}
            for fm in re.finditer(r"\.(\w+)\s*=\s*([^,]+?)\s*,?\s*(?=\n\s*\.|\Z)", body, re.S):
                fields[fm.group(1)] = " ".join(fm.group(2).split())
            if "func" not in fields and "ret_type" not in fields:
                continue
            protos[name] = fields
    return protos


def find_funcs(texts):
    funcs = {}
    for text in texts:
        for m in re.finditer(r"\n(\w+)\(enum bpf_func_id func_id,\s*const struct bpf_prog \*prog\)\s*\{", text):
            i = m.end()
            depth = 1
            while depth:
                if text[i] == "{":
                    depth += 1
                elif text[i] == "}":
                    depth -= 1
                i += 1
            funcs[m.group(1)] = text[m.end():i - 1]
    return funcs


def match_brace(s, i):
    depth = 0
    while True:
        if s[i] == "{":
            depth += 1
        elif s[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1


def parse_switch(body):
    """body: text inside switch braces -> list of (labels, code) where labels
    are case names ('default' included), code the text up to the next label
    at this depth."""
    groups, labels, code, i = [], [], [], 0
    depth = 0
    pos = 0
    tokens = re.finditer(r"(case\s+([\w]+)\s*:|default\s*:|\{|\})", body)
    marks = []
    for t in tokens:
        if t.group(0) == "{":
            depth += 1
        elif t.group(0) == "}":
            depth -= 1
        elif depth == 0:
            marks.append((t.start(), t.end(), t.group(2) or "default"))
    for k, (s, e, lab) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(body)
        text = body[e:end].strip()
        labels.append(lab)
        if text:
            groups.append((labels, text))
            labels = []
    if labels:
        groups.append((labels, ""))
    return groups


def eval_code(code, funcs, protos, attach, fid):
    """Result of a case group's code for one attach type: proto name, None
    (NULL), or 'BREAK'."""
    code = code.strip()
    m = re.match(r"switch\s*\(prog->expected_attach_type\)\s*\{", code)
    if m:
        close = match_brace(code, m.end() - 1)
        for labels, sub in parse_switch(code[m.end():close]):
            names = [l[4:] if l.startswith("BPF_") else l for l in labels]
            if attach in names:
                return eval_code(sub, funcs, protos, attach, fid)
        for labels, sub in parse_switch(code[m.end():close]):
            if "default" in labels:
                return eval_code(sub, funcs, protos, attach, fid)
        return "BREAK"
    if code.startswith("break"):
        return "BREAK"
    fm = re.match(r"func\s*=\s*&(\w+)\s*;\s*break\s*;$", code)
    if fm:  # bpf_sk_base_func_proto: "func = &p; break;" then a CAP_PERFMON check
        return fm.group(1)
    if re.match(r"return\s+bpf_get_skb_set_tunnel_proto\(func_id\)\s*;", code):
        return "bpf_%s_proto" % fid  # skb_set_tunnel_key / skb_set_tunnel_opt
    cm = re.match(r"return\s+(\w+)\(func_id,\s*prog\)\s*;", code)
    if cm:
        return eval_func(cm.group(1), funcs, protos, attach, fid)
    if re.match(r"return\s+NULL\s*;", code):
        return None
    # "if (prog->expected_attach_type == BPF_X) return &p; return NULL;" and
    # "return prog->expected_attach_type == BPF_X ? &p : NULL;"
    em = re.search(r"expected_attach_type\s*(==|!=)\s*BPF_(\w+)", code)
    if em and "return NULL" in code or (em and re.search(r"\?\s*&\w+\s*:\s*NULL", code)):
        eq = (attach == em.group(2))
        if (em.group(1) == "==") != eq:
            return None
    refs = re.findall(r"&(\w+)", code) + [PROTO_GETTERS[g] for g in re.findall(r"(\w+)\(\)", code)
                                           if g in PROTO_GETTERS]
    refs = [r for r in refs if r in protos]
    if refs:
        # the unconditional (last) return is the plain, non-sleepable,
        # non-multi program's prototype
        last = None
        for r in re.finditer(r"&(\w+)|(\w+)\(\)", code):
            n = r.group(1) or PROTO_GETTERS.get(r.group(2))
            if n in protos:
                last = n
        return last
    calls = re.findall(r"return\s+(\w+)\(func_id,\s*prog\)", code)
    if calls:
        return eval_func(calls[-1], funcs, protos, attach, fid)
    um = re.match(r"return\s+&(\w+)\s*;$", code)
    if um:
        MISSING.add(um.group(1))
        return um.group(1)
    raise ValueError("cannot read case code: %r" % code[:200])


def eval_func(fname, funcs, protos, attach, fid):
    r = eval_func_612(fname, funcs, protos, attach, fid)
    if r is None and fname == "bpf_base_func_proto":
        r = BASE_6_18.get(fid)
    return r


def eval_func_612(fname, funcs, protos, attach, fid):
    body = funcs[fname]
    i = 0
    while i < len(body):
        rest = body[i:]
        m = re.match(r"\s*func_proto\s*=\s*(\w+)\(func_id,\s*prog\)\s*;\s*if\s*\(func_proto\)\s*return\s+func_proto\s*;", rest)
        if m:
            r = eval_func(m.group(1), funcs, protos, attach, fid)
            if r is not None:
                return r
            i += m.end()
            continue
        m = re.match(r"\s*switch\s*\(func_id\)\s*\{", rest)
        if m:
            close = match_brace(rest, m.end() - 1)
            groups = parse_switch(rest[m.end():close])
            res = "BREAK"
            hit = False
            for labels, code in groups:
                if "BPF_FUNC_" + fid in labels:
                    res, hit = eval_code(code, funcs, protos, attach, fid), True
                    break
            if not hit:
                for labels, code in groups:
                    if "default" in labels:
                        res = eval_code(code, funcs, protos, attach, fid)
            if res != "BREAK":
                return res
            i += close + 1
            continue
        m = re.match(r"\s*if\s*\(!(bpf_token_capable|perfmon_capable|bpf_capable)\([^)]*\)\)\s*return\s+NULL\s*;", rest)
        if m:
            i += m.end()
            continue
        m = re.match(r"\s*const struct bpf_func_proto \*func(_proto)?\s*;", rest)
        if m:
            i += m.end()
            continue
        m = re.match(r"\s*return\s+(\w+)\(func_id,\s*prog\)\s*;", rest)
        if m:
            return eval_func(m.group(1), funcs, protos, attach, fid)
        m = re.match(r"\s*return\s+NULL\s*;", rest)
        if m:
            return None
        if not rest.strip():
            return None
        raise ValueError("%s: cannot read: %r" % (fname, rest.strip()[:200]))
    return None


def arg_expr(s):
    if s is None:
        return "ARG_DONTCARE"
    return s.replace(" ", "")


def size_expr(s):
    if not s:
        return 0
    m = re.match(r"sizeof\((.*)\)$", s)
    if m and m.group(1).strip() in SIZEOF:
        return SIZEOF[m.group(1).strip()]
    if re.match(r"^\d+$", s):
        return int(s)
    raise ValueError("size " + s)


def main():
    texts = []
    for f in FILES:
        p = os.path.join(SRC, f)
        if os.path.exists(p):
            with open(p, errors="replace") as fh:
                texts.append(strip(fh.read()))
    protos = parse_protos(texts)
    for k, v in MANUAL_PROTOS.items():
        protos.setdefault(k, v)
    funcs = find_funcs(texts)
    ids = helper_ids()
    used = {}
    rows = []
    for pt, entry, attaches in PROG_TYPES:
        per_id = {}
        for name, hid in sorted(ids.items(), key=lambda x: x[1]):
            if hid == 0:
                continue
            got = {}
            for at in attaches:
                if (pt, hid) in OVERRIDES:
                    r = OVERRIDES[(pt, hid)]
                else:
                    r = eval_func(entry, funcs, protos, at, name)
                got[at] = r
            vals = set(got.values())
            if vals == {None}:
                continue
            if len(vals) == 1:
                p = vals.pop()
                rows.append((pt, "ANY", hid, p))
                used.setdefault(p, hid)
            else:
                for at, p in got.items():
                    if p is not None:
                        rows.append((pt, at, hid, p))
                        used.setdefault(p, hid)
    # prototypes: one main row per helper id (the variant base/most types
    # use), then the variants
    lines = ["/* SPDX-License-Identifier: Apache-2.0 */",
             "/* GENERATED by tests/corpus/gen_helper_protos.py from the facts (argument",
             " * kinds, return kind, gpl_only) of the kernel's bpf_func_proto definitions;",
             " * do not edit by hand, edit the generator's OVERRIDES and re-run it.",
             " *",
             " * P(variant, helper id, gpl_only, ret, arg1..arg5, size of a MEM_FIXED_SIZE",
             " *   argument per position (0 = none) as s1..s5, flags)",
             " * variant: the kernel's name for this prototype object; several variants",
             " * of one helper id exist where program types see different prototypes.",
             " * flags: HP_PKT_ACCESS, HP_MIGHT_SLEEP, HP_ALLOW_FASTCALL, 0 */"]
    for p, hid in sorted(used.items(), key=lambda x: (x[1], x[0])):
        f = protos[p]
        flags = []
        if f.get("pkt_access") == "true":
            flags.append("HP_PKT_ACCESS")
        if f.get("might_sleep") == "true":
            flags.append("HP_MIGHT_SLEEP")
        if f.get("allow_fastcall") == "true":
            flags.append("HP_ALLOW_FASTCALL")
        args = [arg_expr(f.get("arg%d_type" % k)) for k in range(1, 6)]
        sizes = [str(size_expr(f.get("arg%d_size" % k))) for k in range(1, 6)]
        lines.append("P(%s, %d, %d, %s, %s, %s, %s)" % (
            p, hid, 1 if f.get("gpl_only") == "true" else 0, arg_expr(f.get("ret_type")),
            ", ".join(args), ", ".join(sizes), " | ".join(flags) or "0"))
    with open(os.path.join(OUT, "helper_protos.def"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    lines = ["/* SPDX-License-Identifier: Apache-2.0 */",
             "/* GENERATED by tests/corpus/gen_helper_protos.py: the kernel's",
             " * get_func_proto chain of each program type, evaluated as root (CAP_BPF,",
             " * CAP_PERFMON, non-sleepable, no lockdown).",
             " * A(PROG_TYPE, ATTACH or ANY, helper id, prototype variant): program type",
             " * PROG_TYPE loaded with expected attach type ATTACH (ANY: every attach",
             " * type it accepts) may call the helper, which has that prototype.",
             " * Rows are sorted by program type value, then helper id. */"]
    ptnum = {}
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "include", "bpfsim", "names.h")) as fh:
        txt = fh.read()
        sect = txt[txt.index("BPFSIM_PROG_TYPES(X)"):txt.index("BPFSIM_ATTACH_TYPES(X)")]
        for m in re.finditer(r"X\((\w+),\s*\w+,\s*(\d+)\)", sect):
            ptnum[m.group(1)] = int(m.group(2))
    rows.sort(key=lambda r: (ptnum[r[0]], r[2], r[1]))
    for pt, at, hid, p in rows:
        lines.append("A(%s, %s, %d, %s)" % (pt, at, hid, p))
    with open(os.path.join(OUT, "prog_types.def"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("%d prototype variants, %d access rows" % (len(used), len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main()
