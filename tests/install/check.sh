#!/usr/bin/env bash
# make install's layout works for a consumer: install the build into a
# scratch DESTDIR, then build and run a program with the flags pkg-config
# gives, against the shared library and against the static one.
set -euo pipefail
build=$1 src=$2 san=${3:-}
CC_FLAGS=${san:+-fsanitize=$san}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
# the configured prefix: bpfsim.pc was written for it
DESTDIR="$dest" cmake --install "$build" >/dev/null
pcdir=$(dirname "$(find "$dest" -name bpfsim.pc | head -1)")
[ -f "$pcdir/bpfsim.pc" ] || { echo "bpfsim.pc not installed"; exit 1; }
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$pcdir"
cc ${CC_FLAGS:-} $(pkg-config --cflags bpfsim) "$src/tests/install/consumer.c" -o "$dest/consumer" \
   $(pkg-config --libs bpfsim)
lib=$(find "$dest" -name 'libbpfsim.so.*.*' | head -1)
LD_LIBRARY_PATH=$(dirname "$lib") "$dest/consumer"
cc ${CC_FLAGS:-} $(pkg-config --cflags bpfsim) "$src/tests/install/consumer.c" -o "$dest/consumer-static" \
   -Wl,-Bstatic $(pkg-config --libs-only-L bpfsim) -lbpfsim -Wl,-Bdynamic $(pkg-config --static --libs-only-l bpfsim | sed 's/-lbpfsim//')
"$dest/consumer-static"
# only bpfsim_* symbols are exported
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -v '^bpfsim_' || true)
[ -z "$bad" ] || { echo "non-API symbols exported: $bad"; exit 1; }
echo "install layout ok"
