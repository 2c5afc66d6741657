# Two entry points: `make run` starts the app, `make test` runs `make lint` (ruff, mypy) and
# the test suite.
# `make bundle` builds the one-folder program in dist/ (PyInstaller, for the current OS);
# `make test-bundle` builds it and runs it headless (self-test, portable mode, GUI start).
# Both build .venv on first use and, when run as root, install the Debian libraries Qt needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
PROGRAM := dist/BranchDesk/BranchDesk
QT_DEBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	libxcb-image0 libxcb-render-util0 libxcb-randr0 libglib2.0-0
# The city-database tests start a throw-away PostgreSQL server.
TEST_DEBS := postgresql
# PyInstaller strips the libraries, and packaging/icu_data.py rebuilds ICU's data library.
BUNDLE_DEBS := binutils

.PHONY: run test lint system-deps clean bundle test-bundle

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps DEBS="$(QT_DEBS)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Installs the Debian packages in DEBS that are missing (only as root; otherwise says which).
system-deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages: $$missing"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else \
			echo "These Debian packages are missing (run as root to install): $$missing"; \
		fi; \
	fi

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test,package]'
	touch $(PACKAGE_STAMP)

bundle: $(PACKAGE_STAMP)
	@$(MAKE) --no-print-directory system-deps DEBS="$(BUNDLE_DEBS)"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
		packaging/branchdesk.spec

test-bundle: bundle
	$(BIN)/python packaging/smoke_test.py $(PROGRAM)

run: $(STAMP)
	$(BIN)/branchdesk

# ruff, then mypy over the packages pyproject.toml's [tool.mypy] lists.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	@$(MAKE) --no-print-directory system-deps DEBS="$(TEST_DEBS)"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache
