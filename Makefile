# The two commands of the README:
#   make preview   install what the briefing needs, build the seed briefing and preview it
#   make test      install what the tests need and run the whole suite
#
# Everything goes into a virtual environment: the active one if there is one, otherwise
# the project's own .venv/. Nothing is ever installed into the system's Python (PEP 668).
PYTHON ?= python3
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),.venv)
PY = $(VENV)/bin/python
PIP = $(PY) -m pip --quiet --disable-pip-version-check

.PHONY: preview install test test-tools

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "briefing needs Python 3.11 or newer as '$(PYTHON)' (make PYTHON=python3.12 ... picks another)"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
		{ echo "Python's venv module is missing: install it (Debian, Ubuntu: sudo apt-get install python3-venv), then run make again"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# A stamp per extra set, remade when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install -e '.[s3,test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

preview: install
	@sh scripts/system-tools.sh book
	$(PY) -m generator serve --open

test-tools: $(VENV)/.installed-test
	@sh scripts/system-tools.sh test
	npm ci --no-audit --no-fund --loglevel=error

test: test-tools
	$(PY) -m pytest -n 2 -q
