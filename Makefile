# The two commands of the README:
#   make preview   install what the briefing needs, build the seed briefing and preview it
#   make test      install what the tests need and run the whole suite
PYTHON ?= python3
PIP = $(PYTHON) -m pip

.PHONY: preview install test test-tools

install:
	$(PIP) install --quiet --disable-pip-version-check -e .

preview: install
	$(PYTHON) -m generator serve --open

test-tools:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list | grep -qi 'noto color emoji'; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-color-emoji; \
	fi
	$(PIP) install --quiet --disable-pip-version-check -e '.[s3,test]'
	npm ci --no-audit --no-fund --loglevel=error

test: test-tools
	$(PYTHON) -m pytest -n 2 -q
