# meldpunt — make help lists the targets.
SHELL := /bin/bash
GO ?= go
export GOTOOLCHAIN ?= local
BIN := bin/meldpunt
STATICCHECK_VERSION := v0.8.2
GOBIN := $(shell $(GO) env GOPATH)/bin
# Packages whose imports must stay within the standard library.
PURE := ./internal/casework ./internal/term

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/meldpunt
	$(GO) build -o $(BIN) ./cmd/meldpunt

.PHONY: run
run: postgres build ## build and serve with demo data on http://127.0.0.1:8080 (private PostgreSQL in ./var)
	./$(BIN) serve --demo

.PHONY: test
test: postgres poppler chromium haproxy ## run every test (browser tests in headless Chromium), against a throw-away PostgreSQL unless TEST_DATABASE_URL is set
	$(GO) test -count=1 -race -timeout 20m ./...

.PHONY: lint
lint: staticcheck ## gofmt, go vet, staticcheck and the pure-domain import check
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...
	@bad=$$($(GO) list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' $(PURE) | grep -vE '^meldpunt/internal/(casework|term)$$' || true); \
	bad="$$bad$$($(GO) list -deps $(PURE) | grep -E '^database/sql$$' || true)"; \
	if [ -n "$$bad" ]; then echo "internal/casework and internal/term must import the standard library only (and not database/sql), found:"; echo "$$bad"; exit 1; fi
	@echo "lint: ok"

.PHONY: bench
bench: postgres poppler haproxy ## benchmarks: HTTP intake vs direct SQL; intake on one replica direct, through HAProxy and on three replicas through HAProxy; staff pages vs their JSON routes at 100,000 complaints; the worklist's counts alone at 100,000 complaints vs today's worklist and the watch; the supporters' directory page (500 supporters, three filters) vs its JSON route; the deadline sweep at 1,000,000 advices vs the bare update; the annual report on 1,000,000 complaints vs its SQL alone; the figures of client support over 100,000 trajectories vs plain SQL; enforcement to letter sent with 10,000 letters waiting vs an empty outbox; the destruction of 100,000 due files among 1,000,000 complaints vs plain SQL deleting the same rows, and intake p99 during it
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkIntake$$' -benchtime 1x -timeout 30m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkIntakeReplicas$$' -benchtime 1x -timeout 30m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkStaffPages$$' -benchtime 1x -timeout 30m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkWorklistCounts$$' -benchtime 1x -timeout 30m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkDirectory$$' -benchtime 1x -timeout 30m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkDestruction$$' -benchtime 1x -timeout 60m ./internal/loadtest/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkSweep$$' -benchtime 1x -timeout 30m ./internal/postgres/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkSupportFigures$$' -benchtime 1x -timeout 30m ./internal/postgres/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkAnnualReport$$' -benchtime 1x -timeout 30m ./internal/report/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkEnforcementLetter$$' -benchtime 1x -timeout 30m ./cmd/meldpunt/

.PHONY: screenshots
screenshots: postgres chromium ## the README's pictures of each role's pages, into internal/browser/screenshots/
	mkdir -p internal/browser/screenshots
	MELDPUNT_SCREENSHOTS=$(CURDIR)/internal/browser/screenshots $(GO) test -count=1 -run '^TestScreenshotsOfEachRole$$' ./internal/browser/

.PHONY: fuzz
fuzz: ## run each fuzz target for 30 s
	$(GO) test -run '^$$' -fuzz '^FuzzLastDay$$' -fuzztime 30s ./internal/term/
	$(GO) test -run '^$$' -fuzz '^FuzzParseDate$$' -fuzztime 30s ./internal/term/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeIntake$$' -fuzztime 30s ./internal/web/core/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeRuling$$' -fuzztime 30s ./internal/web/core/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeLookup$$' -fuzztime 30s ./internal/web/core/

.PHONY: staticcheck
staticcheck:
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# poppler makes sure pdftotext is there: the letter tests read their PDFs back with it.
.PHONY: poppler
poppler:
	@if ! command -v pdftotext >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing pdftotext (apt-get install poppler-utils)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
		else \
			echo "pdftotext not found: install it with: sudo apt-get install poppler-utils"; exit 1; \
		fi; \
	fi

# chromium makes sure Debian's Chromium is at /usr/bin/chromium: the browser tests (internal/browser)
# drive it headless with chromedp. As root it installs it with apt-get, otherwise it names the command.
.PHONY: chromium
chromium: ## install Debian's Chromium for the browser tests (as root), or name the command
	@if ! test -x /usr/bin/chromium; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Chromium (apt-get install chromium)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium not found at /usr/bin/chromium: install it with: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

# haproxy makes sure Debian's HAProxy is installed: the replica test (internal/replicas) and the
# intake benchmark run meldpunt serve behind it, each starting haproxy with a configuration of its
# own (the package's service, where it starts, listens on nothing). As root it installs it with
# apt-get, otherwise it names the command.
.PHONY: haproxy
haproxy:
	@if ! command -v haproxy >/dev/null && ! test -x /usr/sbin/haproxy; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing HAProxy (apt-get install haproxy)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
		else \
			echo "HAProxy not found: install it with: sudo apt-get install haproxy"; exit 1; \
		fi; \
	fi

# postgres makes sure the PostgreSQL server programs are installed: as root it installs them with
# apt-get, otherwise it names the command.
.PHONY: postgres
postgres:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing PostgreSQL server programs (apt-get install postgresql)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		else \
			echo "PostgreSQL server programs not found: install them with: sudo apt-get install postgresql"; exit 1; \
		fi; \
	fi

.PHONY: clean
clean: ## remove build output (keeps ./var, the demo database)
	rm -rf bin
