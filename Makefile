# fixloop: `make demo` runs the product on SQLite with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MO_FILES := $(patsubst %.po,%.mo,$(wildcard fixloop/locale/*/LC_MESSAGES/django.po))

.PHONY: install demo serve test lint messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

fixloop/locale/%/LC_MESSAGES/django.mo: fixloop/locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(STAMP) $(MO_FILES)

PORT ?= 8000

demo: install
	$(BIN)/fixloop demo --port $(PORT)

test: install
	$(BIN)/pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check .

# Refresh the .po catalogues from the code (needs GNU gettext's xgettext).
messages: install
	cd fixloop && ../$(BIN)/fixloop makemessages -l zh_Hans -l en --no-obsolete --add-location file

clean:
	rm -rf $(VENV) build var
