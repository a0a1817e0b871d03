# The two commands a newcomer needs: `make test` and `make run`. Both install the Debian packages first.
SWIFT ?= swift
ARGS ?=

.PHONY: deps build test run release clean bench

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) test

run: deps
	$(SWIFT) build --product kepedge
	$$($(SWIFT) build --show-bin-path)/kepedge $(ARGS)

release: deps
	$(SWIFT) build -c release --product kepedge

clean:
	rm -rf .build

# Release build of kepedge and its benchmark, then every benchmark: a table on stdout, figures in bench.json.
# BENCHMARKS.md explains each figure. ARGS="--only broker" runs one; ARGS=--quick runs a small amount of each.
bench: deps
	$(SWIFT) build -c release --product kepedge
	$(SWIFT) build -c release --product kepedge-bench
	$$($(SWIFT) build -c release --show-bin-path)/kepedge-bench --json bench.json $(ARGS)
