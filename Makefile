# Every target that needs Python creates .venv itself and installs pmf into it.
# `make test PYTHON=/usr/bin/python3 VENV=.venv-oldest` runs the suite with another Python in its own venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install compile browser report test test-oldest lint bench fuzz schemas messages validate status mutation clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(MAKE) --no-print-directory compile
	touch $(STAMP)

# pmf's own modules compiled once, as pip compiles an installed package: an editable install
# otherwise compiles them on every run where PYTHONDONTWRITEBYTECODE is set (0.5 s a command).
compile:
	$(BIN)/python -m compileall -q src/pmf

report: $(STAMP)
	$(BIN)/pmf report mid-year --root . --out reports --lang both

validate: $(STAMP)
	$(BIN)/pmf validate --root .

status: $(STAMP)
	$(BIN)/pmf status --root .

# The HTML report is tested in a real Chromium (Debian's chromium and chromium-driver) and the
# W3C Nu HTML Checker (npm's vnu-jar, run with Java); PDFs are written by WeasyPrint (Pango, from
# Debian) and checked with poppler-utils (pdfinfo, pdftoppm). Fonts: Liberation Sans stands in for Arial.
DEBS := chromium chromium-driver poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation default-jre-headless
VNU := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar
browser: $(VNU)
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdfinfo >/dev/null \
		&& command -v java >/dev/null && fc-list | grep -q "Liberation Sans"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	else echo "Install $(DEBS) (Debian's names) to run the browser, HTML checker and PDF tests."; fi

$(VNU):
	@if command -v npm >/dev/null; then \
		npm install --no-save --no-audit --no-fund --silent --prefix $(VENV)/npm vnu-jar@26.9.27; \
	else echo "Install npm (Debian: apt-get install npm) to run the Nu HTML Checker tests."; fi

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The suite again with the oldest Python on the machine that pyproject's requires-python admits
# (Debian 12's own python3 is 3.11.2), in .venv-oldest; nothing to do when that is the Python above.
test-oldest:
	@oldest=$$($(PYTHON) .ci/oldest_python.py); \
	if [ -z "$$oldest" ]; then echo "No older Python on this machine than $(PYTHON)."; \
	else echo "The suite with $$oldest ($$($$oldest --version))"; \
		$(MAKE) --no-print-directory test PYTHON=$$oldest VENV=.venv-oldest; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(STAMP) compile
	$(BIN)/python bench/run.py

# The long fuzzing run: mutated demo files through validate, status and report.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10000} $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

schemas: $(STAMP)
	$(BIN)/pmf schema --out schemas

# The message catalogue: extract every marked text (babel.cfg) into pmf.pot, then merge it into
# each language's .po, where new messages wait for their translation (docs/welsh.md).
LOCALE := src/pmf/locale
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg -k N_ --sort-by-file --width 100 --project pmf \
		--copyright-holder "pmf" --msgid-bugs-address "" -o $(LOCALE)/pmf.pot src/pmf
	$(BIN)/pybabel --quiet update -i $(LOCALE)/pmf.pot -d $(LOCALE) -D pmf --width 100 --no-fuzzy-matching --ignore-obsolete

# Mutation testing of the status, trend, period and window rules (tool.mutmut in pyproject.toml):
# long (about an hour on two busy cores); the score and the survivors are in docs/status-rules.md.
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .venv-oldest reports .pytest_cache mutants
