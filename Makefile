# make run   installs what is missing (into .run/prefix what apt does not carry), builds, runs
#            `ytmonitor doctor`, and runs the daemon on the example config
# make test  the same, then every test through CTest
# make demo  the daemon against the project's own stand-ins of YouTube, yt-dlp and a model API on
#            loopback (.demo/): two videos published and turned into documents within a minute, no
#            accounts needed; runs until Ctrl-C (DEMO_ONCE=1: exits once the documents are there)
# make lint  clang-tidy 16 over lib/ and cli/ with the build's compile commands (scripts/lint):
#            fails on a coroutine parameter taken by reference
# make fuzz  builds the libFuzzer targets with clang (ASan, UBSan) in build-fuzz and runs each for
#            FUZZ_SECONDS (default 60); a crash, leak or slow input fails
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= RelWithDebInfo
RUN_DIR ?= .run
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
DEMO_DIR ?= .demo

.PHONY: all deps test-deps configure build run demo test bench lint fuzz clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Tools first-run installs live in $(RUN_DIR)/prefix/bin, first on the daemon's PATH.
run: build
	@RUN_DIR=$(RUN_DIR) scripts/first-run $(BUILD)/bin/ytmonitor config/config.yaml
	PATH="$(CURDIR)/$(RUN_DIR)/prefix/bin:$$PATH" $(BUILD)/bin/ytmonitor --config config/config.yaml --state-dir $(RUN_DIR)/state --output-dir $(RUN_DIR)/output run

demo: build
	@scripts/install-deps --demo
	@scripts/demo $(BUILD)/bin/ytmonitor --dir $(DEMO_DIR) $(if $(DEMO_ONCE),--once)

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run-all

lint: configure
	@scripts/install-deps --lint
	scripts/lint $(BUILD)

fuzz:
	@scripts/install-deps --fuzz
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYTM_FUZZ=ON -DYTM_BUILD_TESTS=OFF -DYTM_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers -- --no-print-directory
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) $(RUN_DIR) $(DEMO_DIR)
