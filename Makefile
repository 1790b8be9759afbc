# Lifeline: the two commands a new user needs are `make demo` and `make test`.
# Both install the Debian packages first (apt-get; run as root or with sudo).

SWIFT ?= swift
DEBIAN_PACKAGES := libedit-dev libssh-dev libcurl4-openssl-dev libssl-dev pkg-config \
	openssh-server openssh-client tmux iputils-ping openssl util-linux iproute2 python3 \
	chromium corosync corosync-qdevice corosync-qnetd nftables python3-jsonschema perl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/lifeline
## What `make deb` and `make deb-test` need besides DEBIAN_PACKAGES.
DEB_PACKAGES := dpkg-dev binutils debootstrap

.PHONY: deps build release test demo bench format lint clean schema deb deb-test

## Installs the Debian packages the build, the lab and the tests need (only what is missing).
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "Debian packages: all present"; fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Builds everything and runs every test: unit tests of the core, and integration tests
## against real OpenSSH servers on loopback addresses. The suites that start whole labs and
## the real binary run one test at a time, so that a 2-core machine is not swamped.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter 'LifelineCoreTests|LifelineHTTPTests|LifelineSSHTests'
	$(SWIFT) test --skip-build --no-parallel --filter 'LifelineLabTests|LifelineCLITests'

## The main job against the lab: see docs/lab.md.
demo: release
	./scripts/demo.sh $(RELEASE_BIN)

bench: release
	./scripts/bench.sh $(RELEASE_BIN)

## Regenerates the editor's JSON Schemas (schema/*.schema.json) from the loaders' field lists;
## `make test` fails while the committed files are stale.
schema: deps
	$(SWIFT) build --build-tests
	RECORD_SCHEMA=1 $(SWIFT) test --skip-build --filter 'SchemaTests/theCommittedSchemaIsUpToDate'

## lifeline_VERSION_ARCH.deb: the binary with the Swift runtime linked statically, its
## completions and man page, and the runbooks (scripts/build-deb.sh; README, "Debian package").
deb: deps
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(DEB_PACKAGES)"
	./scripts/build-deb.sh

## Installs the .deb into a fresh Debian 12 root (debootstrap from Debian's mirror) and runs it
## there. Slow (a few minutes, mostly debootstrap), so not part of `make test`; needs root.
deb-test: deb
	$(SUDO) ./scripts/deb-test.sh $$(ls -t lifeline_*_$$(dpkg --print-architecture).deb | head -n 1)

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

lint:
	$(SWIFT) format lint -r Sources Tests Package.swift

clean:
	rm -rf .build
