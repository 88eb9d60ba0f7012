# Pacesetter: `make demo` and `make test` each do all their own set-up (idempotent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= $(CURDIR)/out/demo.duckdb
# make demo serves the demo at http://$(HOST):$(PORT) unless SERVE=0
SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the product and tests need: a CJK font for charts and reports, Chromium for
# the browser tests, Java 17 for the Spark engine.
DEB_PACKAGES := fonts-noto-cjk chromium openjdk-17-jre-headless

.PHONY: demo test lint fmt bench docs system-deps clean

$(STAMP): pyproject.toml packages/pacesetter-io-nbs/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	# the NBS input-output tables: a separate GPL-3 data package (see NOTICE)
	$(BIN)/python -m pip install --quiet -e packages/pacesetter-io-nbs
	touch $(STAMP)

# Installs missing Debian packages when run as root (CI, fresh machines); otherwise says what to install.
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# SERVE=0 builds the demo (and its users) without serving, for scripts and tests
demo: $(STAMP) system-deps
	mkdir -p out
	$(BIN)/pacesetter --db $(DB) init --demo --force
	$(BIN)/pacesetter --db $(DB) overview --region 370200 --peer 330200
	$(BIN)/pacesetter --db $(DB) projects lights --only red
	$(BIN)/pacesetter --db $(DB) tasks list --overdue
	$(BIN)/python scripts/demo_users.py --db $(DB) --url http://$(HOST):$(PORT)
	if [ "$(SERVE)" != 0 ]; then $(BIN)/pacesetter --db $(DB) serve --host $(HOST) --port $(PORT); fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs
	$(BIN)/mypy
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir out/site

# browser and Spark tests fail (rather than skip) here if Chromium or Java is missing; the Spark
# tests share one session on one worker (--dist loadgroup)
test: $(STAMP) system-deps lint
	PACESETTER_REQUIRE_BROWSER=1 PACESETTER_REQUIRE_SPARK=1 $(BIN)/python -m pytest -q -n 2 --dist loadgroup --durations=15

fmt: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks scripts docs

# the documentation (mkdocs.yml, docs/) into out/site: open out/site/index.html, no server or network needed
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir out/site

bench: $(STAMP)
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/chains_bench.py
	$(BIN)/python benchmarks/assess_bench.py
	$(BIN)/python benchmarks/big_import_bench.py
	$(BIN)/python benchmarks/reliability_bench.py
	$(BIN)/python benchmarks/startup_bench.py
	$(BIN)/python benchmarks/web_bench.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache
