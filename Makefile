# The README's commands. Each runs the idempotent set-up first (Debian packages,
# grammar, free-threaded CPython built once into ~/.cache/gilfree).
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all setup build test demo clean
all: build

setup:
	@runtime/setup/all.sh $(BUILD_DIR)/setup.cmake

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -C $(BUILD_DIR)/setup.cmake -Wno-dev > $(BUILD_DIR)/configure.log 2>&1 \
	  || { cat $(BUILD_DIR)/configure.log; exit 2; }
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@examples/demo.sh $(BUILD_DIR)/gilfree

clean:
	rm -rf $(BUILD_DIR)
