# carecast: the commands a newcomer needs. Every target installs what is missing first.
JOBS ?= 2
BUILD ?= build
CARECAST = $(BUILD)/app/carecast

.PHONY: all deps build run test bench mpi sanitize golden-update report clean

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

mpi:
	@scripts/install-deps.sh mpi
	@cmake --preset mpi >/dev/null
	@cmake --build --preset mpi -j $(JOBS)

# The committee report (HTML, workbook, charts, tables) for the four productivity paths.
report: build
	$(CARECAST) report scenarios/productivity.yaml --out report

clean:
	rm -rf build build-sanitize build-mpi
