# The two commands: `make up` runs the platform with a demo federation,
# `make test` runs the whole test suite. Both set everything up on a fresh machine.
# `make image` builds the container image (deploy/README.md) and prints its size.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR):$(CURDIR)/platform

.PHONY: up test install lint bench image clean screenshots

# Not editable: the project installs no package of its own (`platform/` is put on
# PYTHONPATH), only its dependencies; an editable install would only add a warning.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	touch $@

install: $(BIN)/.installed

up: install
	$(BIN)/python -m myschool.devserver

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/vulture
	$(BIN)/lint-imports --no-cache

# A PNG of every console page, in Russian and English, 1280 and 375 px wide (headless Chromium).
screenshots: install
	SCREENSHOTS_DIR=$(CURDIR)/screenshots $(BIN)/python -m pytest tests/browser/test_screenshots.py -q
	@echo "screenshots in $(CURDIR)/screenshots"

bench: install
	$(BIN)/python bench/bench_onboarding.py
	$(BIN)/python bench/bench_diary.py
	$(BIN)/python bench/bench_publish.py
	$(BIN)/python bench/bench_catalogue.py
	$(BIN)/python bench/bench_library_search.py
	$(BIN)/python bench/bench_scaling.py
	$(BIN)/python bench/bench_roster.py

# IMAGE=name:tag names it (default myschool-federation:<version>); BASE_IMAGE picks the base.
image:
	deploy/image.sh $(IMAGE)

clean:
	rm -rf $(VENV) .data build
