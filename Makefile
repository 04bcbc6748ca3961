# skit: the two commands that matter are `make run` and `make test`.
# Every cargo call uses --locked: Cargo.lock pins libc 0.2.189 for gpui (see README).

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
SKIT := $(TARGET_DIR)/release/skit

.PHONY: setup build run test unit-test desktop-test bench lint

## Install the system packages skit needs (idempotent; prints what it installs).
setup:
	@scripts/setup-linux

## Build the release binary.
build: setup
	$(CARGO) build --locked --release

## Set up, build, and start the launcher with the bundled example scripts.
run: build
	$(SKIT) --show

## Set up and run every test: unit, integration, view tests, and the desktop test.
test: build unit-test desktop-test

unit-test: setup
	$(CARGO) test --locked --features test-support

desktop-test: build
	@if [ -x tests/desktop/run ]; then SKIT_BIN=$(SKIT) tests/desktop/run; fi

## Benchmarks: criterion (ranking, protocol) and the desktop harness (skit vs rofi
## and fzf under Xvfb), written to BENCHMARKS.md and docs/benchmarks.png.
bench: build
	$(CARGO) bench --locked --bench ranking --bench protocol
	benches/desktop/bench.py $(SKIT) $(TARGET_DIR)/desktop-bench
	benches/desktop/report.py $(TARGET_DIR)/desktop-bench/results.json $(TARGET_DIR)/criterion BENCHMARKS.md docs/benchmarks.png

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets --features test-support -- -D warnings
