#!/usr/bin/env bash
# A local PostgreSQL for the suite, on a machine that may have none: install
# Debian's `postgresql` if missing, start (or create) a cluster, let the
# `postgres` role in over 127.0.0.1 without a password, create the database.
# Safe to run again: each step is skipped when already done.
#
#   .ci/postgres.sh                   # set up, print the DATABASE_URL
#   .ci/postgres.sh make test         # set up, then run the command with DATABASE_URL set
#
# REKOMSTAT_PG_DATABASE names the database (default `rekomstat`). It only ever
# creates a database; it never drops one (other people's databases live there too).
set -euo pipefail

database="${REKOMSTAT_PG_DATABASE:-rekomstat}"
export DEBIAN_FRONTEND=noninteractive

say() { echo "== postgres: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing Debian's postgresql"
  as_root apt-get update -qq
  as_root apt-get install -y -qq postgresql >/dev/null
fi

# The first cluster listed (Debian's package creates `<version> main`); make one if none.
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1) || true
if [ -z "${version:-}" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  say "creating cluster $version main"
  as_root pg_createcluster "$version" main >/dev/null
  read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
fi

if [[ "$status" != online* ]]; then
  say "starting cluster $version $cluster (port $port)"
  as_root pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p "$port" -q && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$port" -q || { say "no answer on 127.0.0.1:$port" >&2; exit 1; }

psql_tcp() { psql -h 127.0.0.1 -p "$port" -U postgres -w -X -q "$@"; }

# The suite connects as `postgres` over TCP without a password (as DESIGN's
# DATABASE_URL says). Debian asks for one on 127.0.0.1; trust that one address
# for that one role, above the other rules (the first match wins). A test machine only.
if ! psql_tcp -tAc 'SELECT 1' >/dev/null 2>&1; then
  hba="$(as_root su postgres -c "psql -X -tAc 'SHOW hba_file'")"
  rule="host    all    postgres    127.0.0.1/32    trust"
  if ! as_root grep -qF "$rule" "$hba"; then
    say "trusting role postgres from 127.0.0.1 in $hba"
    edited="$(mktemp)"
    { echo "# Rekomstat (.ci/postgres.sh): the test suite connects without a password."
      echo "$rule"
      as_root cat "$hba"; } >"$edited"
    as_root cp "$edited" "$hba"  # cp onto the file keeps its owner and mode
    rm -f "$edited"
  fi
  as_root pg_ctlcluster "$version" "$cluster" reload
  for _ in $(seq 1 10); do
    psql_tcp -tAc 'SELECT 1' >/dev/null 2>&1 && break
    sleep 1
  done
  psql_tcp -tAc 'SELECT 1' >/dev/null || { say "role postgres still refused on 127.0.0.1" >&2; exit 1; }
fi

if [ "$(psql_tcp -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  say "creating database $database"
  createdb -h 127.0.0.1 -p "$port" -U postgres -w "$database"
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$database"
say "ready: $DATABASE_URL"
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
echo "$DATABASE_URL"
