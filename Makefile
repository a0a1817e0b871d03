# The commands a newcomer needs: `make lab`, `make test` and `make run`. Each installs the Debian packages first.
SWIFT ?= swift
ARGS ?=

.PHONY: deps build test run lab release clean bench fuzz fuzz-smoke deb deb-test

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# The lab's tests load the broker plugin, a dynamic library `swift test` alone does not link.
# One test at a time: many tests start real brokers, labs, tmux sessions and timed probes, and on a
# 2-core machine running them side by side made timing-bound ones fail (resolver, broker start-up).
test: deps
	$(SWIFT) build --product kepedge-broker-auth
	$(SWIFT) test --no-parallel

run: deps
	$(SWIFT) build --product kepedge
	$$($(SWIFT) build --show-bin-path)/kepedge $(ARGS)

# The lab: builds kepedge and the broker plugin, then runs `kepedge lab` (ARGS="--no-ui", ARGS="--fault wrong-ca").
lab: deps
	$(SWIFT) build --product kepedge-broker-auth
	$(SWIFT) build --product kepedge
	$$($(SWIFT) build --show-bin-path)/kepedge lab $(ARGS)

# The Swift runtime and Foundation linked statically, as in the Debian package: `kepedge --version` starts in
# about half the time (BENCHMARKS.md), and release, bench and deb share one build (the flag changes every compile).
RELEASE_FLAGS = -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product kepedge

clean:
	rm -rf .build

# Release build of kepedge and its benchmark, then every benchmark: a table on stdout, figures in bench.json.
# BENCHMARKS.md explains each figure. ARGS="--only broker" runs one; ARGS=--quick runs a small amount of each.
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product kepedge
	$(SWIFT) build $(RELEASE_FLAGS) --product kepedge-bench
	$$($(SWIFT) build -c release --show-bin-path)/kepedge-bench --json bench.json $(ARGS)

# libFuzzer targets (FUZZING.md), built apart from the normal build in .build-fuzz/: every target RUNS times,
# one at a time, then a line per target with its runs and findings. FUZZ="sas-tokens log-lines" picks some.
RUNS ?= 1000000
FUZZ ?=
fuzz: deps
	$(SWIFT) build --target KepEdgeCore
	Fuzz/build $(FUZZ)
	RUNS=$(RUNS) Fuzz/run $(FUZZ)

# CI's smoke: each target for at most 15 s (about 4 minutes for the 13 targets, after the fuzz build).
fuzz-smoke: deps
	$(SWIFT) build --target KepEdgeCore
	Fuzz/build
	RUNS=$(RUNS) MAX_TIME=15 Fuzz/run

# The Debian package kepedge_<version>_<arch>.deb: static Swift runtime, plugin, man pages, completions, units
# (docs/packaging.md). deb-test builds it and checks it as installed; Run it before a release (a release build from scratch takes long on 2 cores).
deb: deps
	@scripts/install-deps --packaging
	SWIFT=$(SWIFT) scripts/build-deb

deb-test: deps
	@scripts/install-deps --packaging
	SWIFT=$(SWIFT) scripts/test-deb
