# Rekomstat — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails and the QR codes of letters point at this server.
WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
export WAGTAILADMIN_BASE_URL
STAMP := $(VENV)/.installed

.PHONY: run run-scale test test-postgres install migrate seed lint check messages clean engines engines-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed --demo

run: seed
	@echo ""
	@echo "Rekomstat berjalan di http://127.0.0.1:$(PORT)/"
	@echo "  Standar pelayanan : http://127.0.0.1:$(PORT)/standar-pelayanan/"
	@echo "  Pengaduan         : http://127.0.0.1:$(PORT)/pengaduan/"
	@echo "  Katalog kegiatan  : http://127.0.0.1:$(PORT)/katalog/"
	@echo "  Daftar / masuk    : http://127.0.0.1:$(PORT)/akun/daftar/  ·  /akun/masuk/"
	@echo "  Pengajuan Saya    : http://127.0.0.1:$(PORT)/pengajuan/ (pemohon@banjarnegarakab.go.id)"
	@echo "  Pemeriksaan       : http://127.0.0.1:$(PORT)/pemeriksaan/ (pemeriksa@bps.go.id, kepala@bps.go.id, walidata@banjarnegarakab.go.id)"
	@echo "  Verifikasi surat  : http://127.0.0.1:$(PORT)/verifikasi/<kode>/ (kode QR pada surat)"
	@echo "  API katalog       : http://127.0.0.1:$(PORT)/api/v1/activities (OpenAPI: /api/v1/openapi.json)"
	@echo "  API halaman CMS   : http://127.0.0.1:$(PORT)/api/v2/pages/"
	@echo "  CMS (editor)      : http://127.0.0.1:$(PORT)/cms/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production stack locally: PostgreSQL, OpenSearch (make engines), gunicorn and
# the django-tasks worker with portal.settings.production (docs/operations.md).
run-scale: install
	PORT=$(PORT) deploy/run-scale.sh

test: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

# The same suite on a local PostgreSQL that .ci/postgres.sh installs, starts and prepares.
test-postgres: install
	.ci/postgres.sh $(MAKE) test

# Search engines on loopback (OpenSearch 3 nodes, Elasticsearch), from Maven Central.
engines:
	deploy/engines/engines.sh start

engines-stop:
	deploy/engines/engines.sh stop

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore="*/migrations/*"
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache
