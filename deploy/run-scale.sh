#!/usr/bin/env bash
# The production stack on this machine: production settings on PostgreSQL, an
# OpenSearch cluster, gunicorn (deploy/gunicorn.conf.py) and the django-tasks
# database worker, in the foreground; Ctrl-C stops both. `make run-scale` runs it.
#
#   DATABASE_URL  PostgreSQL to use; unset: .ci/postgres.sh installs and starts
#                 Debian's PostgreSQL if needed and creates REKOMSTAT_PG_DATABASE
#                 (default rekomstat_scale)
#   SEARCH_URL    OpenSearch node(s), comma-separated; unset: OPENSEARCH_URL, else
#                 the cluster `make engines` started (started here if it is not running)
#   PORT          gunicorn's port on 127.0.0.1 (default 8000); WEB_CONCURRENCY its workers
#   REKOMSTAT_DATA_DIR  the data directory (default var/); the generated secret key
#                 is kept there (secret_key) when DJANGO_SECRET_KEY is not set
#   DEMO_HISTORY  0: seed the demo without its year of history (seed --demo --no-history)
#
# Plain HTTP on loopback, so DJANGO_SECURE_SSL_REDIRECT defaults to false here
# (production's default stays true); everything else is portal.settings.production.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PORT="${PORT:-8000}"
DATA_DIR="${REKOMSTAT_DATA_DIR:-$ROOT/var}"
mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

say() { echo "== run-scale: $*" >&2; }

# -- PostgreSQL ---------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$(REKOMSTAT_PG_DATABASE="${REKOMSTAT_PG_DATABASE:-rekomstat_scale}" "$ROOT/.ci/postgres.sh")"
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) say "DATABASE_URL must be PostgreSQL (postgres://…), not ${DATABASE_URL%%:*}"; exit 2 ;;
esac

# -- OpenSearch ---------------------------------------------------------------
answers() { curl -fsS --max-time 3 "${1%%,*}" >/dev/null 2>&1; }
SEARCH_URL="${SEARCH_URL:-${OPENSEARCH_URL:-}}"
if [ -z "$SEARCH_URL" ]; then
  engines_env="$DATA_DIR/engines/env"
  if [ -f "$engines_env" ]; then SEARCH_URL="$(sed -n 's/^OPENSEARCH_URL=//p' "$engines_env")"; fi
  if [ -z "$SEARCH_URL" ] || ! answers "$SEARCH_URL"; then
    say "starting the engines (make engines)"
    REKOMSTAT_DATA_DIR="$DATA_DIR" "$ROOT/deploy/engines/engines.sh" start >&2
    SEARCH_URL="$(sed -n 's/^OPENSEARCH_URL=//p' "$engines_env")"
  fi
fi
answers "$SEARCH_URL" || { say "OpenSearch does not answer at $SEARCH_URL"; exit 2; }
nodes="$(tr ',' '\n' <<<"$SEARCH_URL" | grep -c .)"

# -- Production settings ------------------------------------------------------
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  if [ ! -s "$DATA_DIR/secret_key" ]; then
    (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$DATA_DIR/secret_key")
    say "generated a secret key in $DATA_DIR/secret_key"
  fi
  DJANGO_SECRET_KEY="$(cat "$DATA_DIR/secret_key")"
fi
export DJANGO_SECRET_KEY DATABASE_URL SEARCH_URL
export REKOMSTAT_DATA_DIR="$DATA_DIR"
export DJANGO_SETTINGS_MODULE=portal.settings.production
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-false}"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PORT}"
export TASKS_BACKEND=database
export SEARCH_BACKEND=opensearch
export SEARCH_INDEX_PREFIX="${SEARCH_INDEX_PREFIX:-rekomstat-scale}"
# One copy of each shard on another node when there is another node.
export SEARCH_REPLICAS="${SEARCH_REPLICAS:-$([ "$nodes" -gt 1 ] && echo 1 || echo 0)}"
export GUNICORN_BIND="127.0.0.1:$PORT"

manage() { "$PYTHON" manage.py "$@"; }
say "database ${DATABASE_URL%%@*}@…/${DATABASE_URL##*/}; OpenSearch $SEARCH_URL (replicas $SEARCH_REPLICAS, prefix $SEARCH_INDEX_PREFIX)"
manage check
manage migrate --noinput
manage collectstatic --noinput --verbosity 0
if [ "${DEMO_HISTORY:-1}" = 0 ]; then manage seed --demo --no-history; else manage seed --demo; fi
manage search_index rebuild

# -- Serve --------------------------------------------------------------------
pids=()
stop() {
  trap - INT TERM EXIT
  if [ "${#pids[@]}" -gt 0 ]; then
    say "stopping gunicorn and the worker"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# gunicorn's control socket defaults to ~/.gunicorn/gunicorn.ctl, one per user:
# each stack keeps its own in the data directory.
"$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --control-socket "$DATA_DIR/gunicorn.ctl" &
pids+=($!)
manage db_worker --queue-name '*' --interval 1 &
pids+=($!)

url="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do
  curl -fsS --max-time 2 -o /dev/null "$url/katalog/" 2>/dev/null && break
  sleep 0.5
done
cat <<EOF

Rekomstat (produksi: PostgreSQL, OpenSearch, gunicorn, db_worker) berjalan di $url/
  Standar pelayanan : $url/standar-pelayanan/
  Pengaduan         : $url/pengaduan/
  Katalog kegiatan  : $url/katalog/
  Daftar / masuk    : $url/akun/daftar/  ·  /akun/masuk/
  Pengajuan Saya    : $url/pengajuan/ (pemohon@banjarnegarakab.go.id)
  Pemeriksaan       : $url/pemeriksaan/ (pemeriksa@bps.go.id, kepala@bps.go.id, walidata@banjarnegarakab.go.id)
  API katalog       : $url/api/v1/activities (OpenAPI: /api/v1/openapi.json)
  CMS (editor)      : $url/cms/ (admin@bps.go.id)
  Kata sandi demo   : demo-rekomstat · Ctrl-C menghentikan gunicorn dan worker
EOF
echo "run-scale: ready at $url"

# Either process ending ends the stack (the EXIT trap stops the other).
wait -n "${pids[@]}"
