#!/bin/sh
# The open-data search at a million processes (+ 30,000 budget lines), on SQLite and PostgreSQL,
# sorted by relevance (the page's default) and newest first: p50/p95 of the search and of the whole
# page, the page's CPU time and the load average beside them (docs/benchmarks.md).
#
#     bench/search_million.sh
#     SQLITE_DIR=/somewhere/filled PG_URL=postgres://postgres@127.0.0.1:5432/other bench/search_million.sh
#
# The first run fills each database (about 15-45 minutes each: bulk inserts and the full-text
# index); later runs reuse them (--reuse). The PostgreSQL database must exist (createdb).
set -eu
cd "$(dirname "$0")/.."
SQLITE_DIR=${SQLITE_DIR:-bench/out/million}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/phalang_bench_search}
RUNS=${RUNS:-3}
export PHALANG_STATIC_STORAGE=plain
mkdir -p "$SQLITE_DIR" "$SQLITE_DIR-pg"
uptime
for sort in relevance newest; do
  echo "== SQLite, sort=$sort"
  PHALANG_DATA_DIR=$SQLITE_DIR .venv/bin/python bench/opendata_search.py \
    --processes 1000000 --budget 30000 --reuse --runs "$RUNS" --sort "$sort"
  echo "== PostgreSQL, sort=$sort"
  DATABASE_URL=$PG_URL PHALANG_DATA_DIR=$SQLITE_DIR-pg .venv/bin/python bench/opendata_search.py \
    --processes 1000000 --budget 30000 --reuse --runs "$RUNS" --sort "$sort"
done
uptime
