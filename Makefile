# skit: the two commands that matter are `make run` and `make test`.
# Every cargo call uses --locked: Cargo.lock keeps its pins (see README, Development).

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
SKIT := $(TARGET_DIR)/release/skit
# What `make bench` compares frames with: the last commit on gpui 0.2.2 (vendored,
# blade renderer), before the move to gpui-pre (wgpu). b9646fd is the commit before
# the frame work, for the figures of that change.
BASELINE ?= 0f19230
BASELINE_BIN := $(TARGET_DIR)/skit-$(BASELINE)

.PHONY: setup build run test unit-test desktop-test wayland-test dmenu-diff install-test bench lint install uninstall deb

## Install the system packages skit needs (idempotent; prints what it installs).
setup:
	@scripts/setup-linux

## Build the release binary.
build: setup
	$(CARGO) build --locked --release

## Set up, build, and start the launcher with the bundled example scripts.
run: build
	$(SKIT) --show

## Set up and run every test: unit, integration, view tests, the X11 and Wayland
## desktop tests, the dmenu differential test and the install test.
test: build unit-test desktop-test wayland-test dmenu-diff install-test

unit-test: setup
	$(CARGO) test --locked --workspace --features skit/test-support

## The X11 desktop test (pytest, tests/desktop/): Debian's python3, which has
## python3-pytest and the D-Bus and Xlib modules its fixtures use.
desktop-test: build
	SKIT_BIN=$(SKIT) /usr/bin/python3 -m pytest tests/desktop -q

## The Wayland desktop test: headless sway, XWayland and the native window.
wayland-test: build
	SKIT_BIN=$(SKIT) tests/wayland/run

## Differential test: skit dmenu against rofi -dmenu under Xvfb, the same keys,
## stdout bytes and exit codes compared (logs in tests/dmenu-diff/out/).
dmenu-diff: build
	SKIT_BIN=$(SKIT) tests/dmenu-diff/run

## make install / uninstall into a temporary PREFIX, skit install-service without
## systemd, and (as root) the .deb installed with dpkg -i and removed.
install-test: build
	tests/install/run

## Benchmarks: criterion (ranking, protocol), the desktop harness (skit vs rofi
## and fzf under Xvfb) and the Wayland one (skit toggle vs fuzzel under headless
## sway), written to BENCHMARKS.md and docs/benchmarks.png.
## The frame tables compare this build with BASELINE, built once (same target dir).
## A failed Wayland run does not stop the rest: the page then says it was not measured.
bench: build $(BASELINE_BIN)
	$(CARGO) bench --locked --bench ranking --bench protocol
	benches/desktop/bench.py $(SKIT) $(TARGET_DIR)/desktop-bench --baseline=$(BASELINE_BIN)
	benches/wayland/bench $(SKIT) $(TARGET_DIR)/wayland-bench || echo "make bench: the Wayland bench failed; BENCHMARKS.md goes without its figures"
	benches/desktop/report.py $(TARGET_DIR)/desktop-bench/results.json $(TARGET_DIR)/criterion BENCHMARKS.md docs/benchmarks.png $(TARGET_DIR)/wayland-bench/results.json

$(BASELINE_BIN):
	rm -rf $(TARGET_DIR)/baseline-src
	git worktree add --detach $(TARGET_DIR)/baseline-src $(BASELINE)
	cd $(TARGET_DIR)/baseline-src && $(CARGO) build --locked --release --target-dir $(abspath $(TARGET_DIR))
	cp $(TARGET_DIR)/release/skit $@
	git worktree remove --force $(TARGET_DIR)/baseline-src
	$(CARGO) build --locked --release  # this build's binary back in target/release

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --workspace --all-targets --features skit/test-support -- -D warnings

# ---------------------------------------------------------------------------
# Installing. `make install` puts skit under PREFIX (default ~/.local, for you
# alone; `sudo make install PREFIX=/usr/local` for everybody), DESTDIR stages.
# Nothing outside PREFIX is written. What install wrote, folders it created
# included, is listed in PREFIX/$(MANIFEST), and `make uninstall` removes
# exactly that. The man page and completions come from build.rs, generated from
# the clap definitions in src/cli.rs, next to the binary in $(SHARE).

PREFIX ?= $(HOME)/.local
DESTDIR ?=
SHARE := $(TARGET_DIR)/release/share
MANIFEST := share/skit/install-manifest
# The installed binary is stripped (27 MB instead of 220); INSTALL_STRIP= keeps the line
# tables that make a panic's backtrace name files and lines.
INSTALL_STRIP ?= -s
CARGO_DEB_VERSION := 3.8.0

# Where each file goes under PREFIX; uninstall's list when there is no manifest.
INSTALLED := bin/skit share/applications/skit.desktop \
	share/icons/hicolor/scalable/apps/skit.svg share/man/man1/skit.1 \
	share/bash-completion/completions/skit share/zsh/site-functions/_skit \
	share/fish/vendor_completions.d/skit.fish

# The release binary is rebuilt when a source is newer. Under sudo there is
# usually no cargo: build as yourself first.
BUILD_INPUTS := Cargo.toml Cargo.lock build.rs assets/default-config.jsonc \
	$(shell find src crates assets/themes assets/templates scripts/examples scripts/sdk -type f 2>/dev/null)

$(SKIT): $(BUILD_INPUTS)
	@command -v $(CARGO) >/dev/null 2>&1 || { echo "make: $(SKIT) is missing or older than the sources, and there is no $(CARGO) here: run 'make build' (as yourself) first" >&2; exit 1; }
	$(MAKE) build
	@touch $@

## Install the binary, desktop entry, icon, man page and completions under PREFIX.
install: $(SKIT)
	@test -f $(SHARE)/man/man1/skit.1 || { echo "make: no $(SHARE)/man/man1/skit.1: build.rs writes it; run 'make build'" >&2; exit 1; }
	@set -e; root='$(DESTDIR)$(PREFIX)'; list="$$root/$(MANIFEST)"; new=$$(mktemp); trap 'rm -f "$$new"' EXIT; \
	if [ -f "$$list" ]; then grep '/$$' "$$list" > "$$new" || true; fi; \
	mkdir -p "$$root"; \
	mkdirs() { [ -d "$$root/$$1" ] && return 0; case "$$1" in */*) mkdirs "$${1%/*}";; esac; \
		mkdir "$$root/$$1"; echo "$$1/" >> "$$new"; }; \
	put() { mkdirs "$${2%/*}"; install $${4:-} -m "$$3" "$$1" "$$root/$$2"; echo "$$2" >> "$$new"; echo "  $$root/$$2"; }; \
	echo "installing into $$root:"; \
	put '$(SKIT)' bin/skit 755 $(INSTALL_STRIP); \
	put assets/skit.desktop share/applications/skit.desktop 644; \
	put assets/skit.svg share/icons/hicolor/scalable/apps/skit.svg 644; \
	put '$(SHARE)/man/man1/skit.1' share/man/man1/skit.1 644; \
	put '$(SHARE)/bash-completion/completions/skit' share/bash-completion/completions/skit 644; \
	put '$(SHARE)/zsh/site-functions/_skit' share/zsh/site-functions/_skit 644; \
	put '$(SHARE)/fish/vendor_completions.d/skit.fish' share/fish/vendor_completions.d/skit.fish 644; \
	mkdirs '$(patsubst %/,%,$(dir $(MANIFEST)))'; echo '$(MANIFEST)' >> "$$new"; \
	sort -u "$$new" > "$$list"; rm -f "$$new"; chmod 644 "$$list"; \
	echo "  $$list (what 'make uninstall PREFIX=$(PREFIX)' removes)"; \
	if [ -z '$(DESTDIR)' ]; then \
		case ":$$PATH:" in *':$(PREFIX)/bin:'*) ;; *) echo "note: $(PREFIX)/bin is not on your PATH; add it (e.g. in ~/.profile)";; esac; \
		case '$(PREFIX)' in /usr|/usr/local) ;; *) echo "note: for zsh completion add 'fpath+=($(PREFIX)/share/zsh/site-functions)' before compinit in ~/.zshrc";; esac; \
	fi

## Remove what `make install` installed under the same PREFIX.
uninstall:
	@set -e; root='$(DESTDIR)$(PREFIX)'; list="$$root/$(MANIFEST)"; \
	if [ -f "$$list" ]; then entries=$$(cat "$$list"); \
	else echo "no $$list: removing the files this Makefile installs"; entries='$(INSTALLED)'; fi; \
	for entry in $$entries; do case "$$entry" in \
		*/) ;; \
		*) if [ -e "$$root/$$entry" ] || [ -L "$$root/$$entry" ]; then rm -f "$$root/$$entry"; echo "  removed $$root/$$entry"; fi;; \
	esac; done; \
	for dir in $$(printf '%s\n' $$entries | grep '/$$' | sort -r); do \
		if rmdir "$$root/$$dir" 2>/dev/null; then echo "  removed $$root/$$dir"; fi; \
	done

## Build skit_VERSION_ARCH.deb (in $(TARGET_DIR)/debian) from the release build.
deb: build
	@command -v cargo-deb >/dev/null 2>&1 || $(CARGO) install --locked cargo-deb --version $(CARGO_DEB_VERSION)
	gzip -9nc $(SHARE)/man/man1/skit.1 > $(SHARE)/man/man1/skit.1.gz
	$(CARGO) deb --no-build --locked --strip $(DEB_FLAGS)
