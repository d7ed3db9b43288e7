#!/usr/bin/env bash
# What a newcomer sees first: bpfsim on an example object,
# examples/xdp_proto_count.bpf.c (compiled by `make build`): two XDP programs
# counting packets per IP protocol, one the kernel's verifier accepts and one
# it rejects, and examples/verifier_basics.jsonl, small programs with the
# answers the 6.18 kernel gave (recorded with `bpfsim load --record`).
set -uo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
B="$build/bpfsim"
obj="$build/examples/xdp_proto_count.bpf.o"
step() {
  printf '\n\033[1m$ %s\033[0m\n' "$*"
  "$@"
  rc=$?
  [ $rc -eq 0 ] || printf '(exit code %d)\n' $rc
}

echo "bpfsim demo: $($B --version)"
echo "example object: examples/xdp_proto_count.bpf.c -> $obj"

echo; echo "== 1. What is in the object (bpfsim's loader, libbpf's conventions)"
step "$B" show "$obj"

echo; echo "== 2. The program the kernel will get, with its source lines"
step "$B" disasm --relocated --prog count_unchecked "$obj"

echo; echo "== 3. What the running kernel's verifier says (needs root and bpf(2))"
step "$B" load "$obj"

echo; echo "== 4. Running the accepted program in bpfsim's VM on an IPv4/UDP packet"
pkt=$(mktemp)
trap 'rm -f "$pkt"' EXIT
# Ethernet (type 0x0800) + IPv4 header with protocol 17 (UDP) + 8 bytes
printf '\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x01\x08\x00\x45\x00\x00\x24\x00\x00\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02\x30\x39\x00\x35\x00\x10\x00\x00' > "$pkt"
printf '\n\033[1m$ %s | grep -v " 0000000000000000$"\033[0m\n' "$B run $obj --prog count_checked --data pkt.bin --repeat 3 --dump-maps"
"$B" run "$obj" --prog count_checked --data "$pkt" --repeat 3 --dump-maps | grep -v ' 0000000000000000$'
echo "(proto_count[17] counts the UDP packet once per run; zero entries left out)"

echo; echo "== 5. bpfsim's own verifier on small programs, beside the kernel's recorded answers"
step "$B" verify --vectors "$src/examples/verifier_basics.jsonl"
echo "(the kernel said:)"
python3 - "$src/examples/verifier_basics.jsonl" 2>/dev/null <<'PY' || grep -o '"name":"[^"]*"\|"verdict":"[^"]*"\|"error":"[^"]*"' "$src/examples/verifier_basics.jsonl"
import json, sys
for line in open(sys.argv[1]):
    v = json.loads(line); k = v["kernel"]
    print(f'  {v["name"]:<36} {k["verdict"]:<8} {k.get("error", "")}')
PY
echo
echo "More: bpfsim <subcommand> --help, and README.md."
exit 0
