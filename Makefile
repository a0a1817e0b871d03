# The two commands a newcomer needs: `make test` and `make run`. Both install the Debian packages first.
SWIFT ?= swift
ARGS ?=

.PHONY: deps build test run release clean

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
