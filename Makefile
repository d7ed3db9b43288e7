# SPDX-License-Identifier: Apache-2.0
# The front door. `make demo` and `make test` do all the set-up on a fresh
# Debian machine (they install what is missing through scripts/deps.sh).
BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
WERROR   ?= $(if $(CI),ON,OFF)
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 30

.PHONY: all deps build test demo bench fuzz install sanitize clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DBPFSIM_WERROR=$(WERROR) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake -S . -B $(BUILD) -DBPFSIM_WERROR=$(WERROR) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/run-tests.sh $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/demo.sh $(BUILD)

# Tests under AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
sanitize: deps
	@$(MAKE) --no-print-directory build BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DBPFSIM_SANITIZE=address,undefined"
	@bash scripts/run-tests.sh build-asan

bench: deps
	@$(MAKE) --no-print-directory build CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release"
	cmake --build $(BUILD) --target benches -j $(JOBS)
	@bash bench/run.sh $(BUILD)

fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBPFSIM_FUZZ=ON \
	  -DBPFSIM_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	@bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
