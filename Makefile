# The two commands a new user needs: `make run` and `make test`.
# Each sets up everything from scratch when missing: .venv, npm packages, translations,
# the database.
VENV    := .venv
# The interpreter .venv is made from (PYTHON=… chooses): Debian's own python3 when it can
# make a venv, else python3 on PATH. Debian builds CPython with profile-guided and
# link-time optimisation; a default source build (pyenv's) rendered the portal's pages
# 10–25 % slower on the same machine (README, "Speed at volume").
PYTHON  ?= $(shell for p in /usr/bin/python3 python3; do $$p -c 'import ensurepip, venv' >/dev/null 2>&1 && { echo $$p; break; }; done)
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app portal
PORT    ?= 5000
export PORT

.PHONY: run test setup db translations chromium messages clean throughput wrk

run: setup db
	$(FLASK) demo
	PORTAL_SESSION_COOKIE_SECURE=false PORTAL_STAFF_TWO_FACTOR_ROLES='[]' $(VENV)/bin/gunicorn --config gunicorn.conf.py \
	    --bind 127.0.0.1:$(PORT) --workers 1 --threads 8 wsgi:app

# Both cores (pytest-xdist), each test module on one worker so a module's fixtures and its
# browser stay together; PYTEST_ARGS="-n 0" runs in one process.
PYTEST_XDIST ?= -n auto --maxprocesses=4 --dist loadfile

# ruff first (seconds); import-linter's contracts run inside the suite (tests/test_architecture.py).
test: setup chromium
	$(VENV)/bin/ruff check portal tests bench
	$(PY) -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

setup: $(VENV)/.installed static/vendor/leaflet/leaflet.js static/vendor/markercluster/leaflet.markercluster.js \
	translations instance/config.py

$(VENV)/.installed: pyproject.toml
	$(or $(PYTHON),python3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Leaflet is served from our own origin (strict CSP); it is copied from npm, never committed.
static/vendor/leaflet/leaflet.js: node_modules/.installed
	rm -rf static/vendor/leaflet
	mkdir -p static/vendor
	cp -R node_modules/leaflet/dist static/vendor/leaflet
	touch $@

# Leaflet.markercluster (the clustered map on /rapporter), copied the same way.
static/vendor/markercluster/leaflet.markercluster.js: node_modules/.installed
	rm -rf static/vendor/markercluster
	mkdir -p static/vendor
	cp -R node_modules/leaflet.markercluster/dist static/vendor/markercluster
	touch $@

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d translations

# A random secret key for this machine, made once; production sets PORTAL_SECRET_KEY.
instance/config.py:
	mkdir -p instance
	$(PY) -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

db: setup
	$(FLASK) db upgrade
	$(FLASK) seed

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Requests per second of every public page against a bare Flask app (bench/throughput.py).
throughput: setup wrk
	$(PY) bench/throughput.py

wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	    echo "Installing Debian's wrk for the throughput benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } \
	    || { echo "wrk is missing and could not be installed: run 'sudo apt-get install wrk'"; exit 1; }

# Update the message catalogues (sv, en, ar and any other) after changing marked strings;
# English is filled from the msgids, and what every other language still lacks is listed
# (the same check tests/test_catalogues.py makes).
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(PY) -m portal.languages.catalogues || true
	$(VENV)/bin/pybabel compile -d translations

clean:
	rm -rf $(VENV) node_modules static/vendor
