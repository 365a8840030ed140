# The README's commands. Each runs the idempotent set-up first (Debian packages,
# grammar, free-threaded CPython built once into ~/.cache/gilfree).
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local

.PHONY: all setup build test test-packaging test-sanitize install deb demo clean
all: build

setup:
	@setup/all.sh $(BUILD_DIR)/setup.cmake

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -C $(BUILD_DIR)/setup.cmake -Wno-dev > $(BUILD_DIR)/configure.log 2>&1 \
	  || { cat $(BUILD_DIR)/configure.log; exit 2; }
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The slow packaging tests too: pip install into a fresh venv and the pre-commit
# framework with language: python, each a full build from the sources.
test-packaging: build
	@cmake -S . -B $(BUILD_DIR) -DGILFREE_TEST_PACKAGING=ON > $(BUILD_DIR)/configure.log 2>&1 \
	  || { cat $(BUILD_DIR)/configure.log; exit 2; }
	@cd $(BUILD_DIR) && ctest --output-on-failure -R '^packaging: '

# bin/gilfree and share/gilfree/ under PREFIX (movable: data is found relative
# to the executable). The embedded runtime stays in ~/.cache/gilfree.
install: build
	@cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# A .deb of the same tree under /usr, written to $(BUILD_DIR)/packages/.
deb: build
	@cd $(BUILD_DIR) && cpack -G DEB -B packages

# The unit and end-to-end tests again, built with ASan + UBSan. ASan leaves fatal
# signals alone: the tests check that a test suite's own segfault reaches gilfree
# as SIGSEGV, exactly as without sanitizers.
test-sanitize: setup
	@cmake -S . -B build-sanitize -G Ninja -C $(BUILD_DIR)/setup.cmake -DGILFREE_SANITIZE=ON -Wno-dev \
	  > $(BUILD_DIR)/configure-sanitize.log 2>&1 || { cat $(BUILD_DIR)/configure-sanitize.log; exit 2; }
	@cmake --build build-sanitize -j $(JOBS)
	@cd build-sanitize && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:handle_segv=0:handle_sigbus=0:handle_sigfpe=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

demo: build
	@examples/demo.sh $(BUILD_DIR)/gilfree

clean:
	rm -rf $(BUILD_DIR) build-sanitize
