#!/usr/bin/env bash
# Install the Debian packages bpfsim needs to build and test.
# Idempotent: installs only what is missing; does nothing when all is present.
set -euo pipefail

pkgs=(
  build-essential cmake make pkg-config
  libelf-dev zlib1g-dev libbpf-dev libjson-c-dev libcmocka-dev
  clang llvm lld
  bpftool python3
)
# libFuzzer/ASan runtime for `make fuzz` (clang's compiler-rt).
clang_major=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1 || true)
if [ -n "${clang_major:-}" ]; then
  pkgs+=("libclang-rt-${clang_major}-dev")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# clang may have just been installed: add its runtime if it was not known before.
if [ -z "${clang_major:-}" ]; then
  clang_major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
  $SUDO apt-get install -y -qq --no-install-recommends "libclang-rt-${clang_major}-dev" >/dev/null || true
fi
echo "deps: done"
