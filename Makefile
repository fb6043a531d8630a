# carecast: the commands a newcomer needs. Every target installs what is missing first.
JOBS ?= 2
BUILD ?= build
CARECAST = $(BUILD)/app/carecast

.PHONY: all deps build run test bench mpi sanitize fuzz tsan golden-update report clean

all: build

deps:
	@scripts/install-deps.sh core

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The main job: the four productivity paths on the bundled Norway data.
run: build
	$(CARECAST) run scenarios/productivity.yaml --out results/productivity

test: build
	ctest --preset release -j $(JOBS)

bench: build
	@cmake --build --preset release -j $(JOBS) --target bench
	$(BUILD)/bench/carecast_bench

# Regenerates the golden files the tests compare against (review the diff before committing).
golden-update: build
	CARECAST_UPDATE_GOLDEN=1 ctest --preset release -R golden

sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize -j $(JOBS)
	ctest --preset sanitize -j $(JOBS)

# libFuzzer targets (clang 16): build, then run each for FUZZ_SECONDS (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
fuzz: deps
	@scripts/install-deps.sh fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) JOBS=$(JOBS) tests/fuzz/run.sh

# ThreadSanitizer build; runs the sweep tests (threads, shards, merge). Debian's libtbb is not
# built with TSan, so the happens-before of its joins is invisible: a report whose earlier
# access is inside a TBB task and whose later one follows the task_arena's return is noise.
tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target carecast test_sweep test_sweep_config
	ctest --preset tsan -j $(JOBS) -R '^(test_sweep|test_sweep_config|sweep-cli):'

mpi:
	@scripts/install-deps.sh mpi
	@cmake --preset mpi >/dev/null
	@cmake --build --preset mpi -j $(JOBS)

# The committee report (HTML, workbook, charts, tables) for the four productivity paths.
report: build
	$(CARECAST) report scenarios/productivity.yaml --out report

clean:
	rm -rf build build-sanitize build-mpi build-fuzz build-tsan
