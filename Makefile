# The international-meeting portal. `make run` and `make test` work on a fresh
# machine with Python 3.11; everything else they need they install.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test serve lint format migrations-check messages messages-check browser-deps bench clean

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

run: $(VENV)/.run-installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py bootstrap
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-style serving with gunicorn (set SECRET_KEY and ALLOWED_HOSTS first).
serve: $(VENV)/.run-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py bootstrap
	$(VENV)/bin/gunicorn portal.wsgi --bind $(HOST):$(PORT) --workers 3 --threads 4 --timeout 60

# Browser tests need Debian's chromium, CJK fonts and axe-core.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
		else echo "Install chromium and fonts-noto-cjk to run the browser tests."; exit 1; fi; \
	fi
	@test -f node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund --silent

# Without PYTEST_ARGS: the suite on both cores, then the browser tests (one Chromium
# at a time, so that their screenshots and timings are not starved).
test: $(VENV)/.dev-installed browser-deps
ifeq ($(strip $(PYTEST_ARGS)),)
	$(VENV)/bin/pytest -m "not browser" -n 2
	$(VENV)/bin/pytest -m browser
else
	$(VENV)/bin/pytest $(PYTEST_ARGS)
endif

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.dev-installed
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Refresh the zh-Hant catalogue from the sources, compile it (commit both .po and .mo),
# and list what still needs a translator. English needs no catalogue: the msgids are
# English. locale/vendor holds hand-made zh-Hant for third-party apps; it is only compiled.
messages: $(VENV)/.dev-installed
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hant --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
	$(PY) scripts/untranslated.py

# Fails while a message is untranslated or fuzzy, or a .mo is older than its .po, or a
# string of a template or Python module (legends, empty states included) is not in the
# catalogue yet: --sources runs makemessages into a temporary copy of the catalogue.
messages-check: $(VENV)/.dev-installed
	$(PY) scripts/untranslated.py --check --sources
	$(PYTHON) scripts/untranslated.py --check locale/vendor/zh_Hant/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) node_modules var
