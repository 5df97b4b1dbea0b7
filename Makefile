# make run   installs what is missing, builds, and runs the daemon on the example config
# make test  the same, then every test through CTest
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= RelWithDebInfo
RUN_DIR ?= .run

.PHONY: all deps test-deps configure build run test bench clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/ytmonitor --config config/config.yaml --state-dir $(RUN_DIR)/state --output-dir $(RUN_DIR)/output run

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run-all

clean:
	rm -rf $(BUILD) $(RUN_DIR)
