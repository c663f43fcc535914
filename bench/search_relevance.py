"""Benchmark: how well open-data search ranks, on real data and hand-made judgments.

    .venv/bin/python bench/search_relevance.py                 # SQLite, in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phalang_bench_relevance .venv/bin/python bench/search_relevance.py
    .venv/bin/python bench/search_relevance.py --pool          # list unjudged results to judge

Imports the Thai budget export 2559-2561 (../shared/data/thai-budget) and the real OCDS samples
(../shared/data/ocds/real-examples, or under $PHALANG_TESTDATA) through the real imports, once (``--reuse`` keeps the
database), then runs each query of bench/search_relevance_judgments.json through the search the
page runs (``search.section``, default sort: relevance) and scores its first ten results against
the judgments: mean precision@10 (grade 1 or 2 counts as relevant) and mean nDCG@10 (gain 2^g - 1,
log2 discount; the ideal ranking is every document judged for the query, best first). A result
nobody judged counts as not relevant, so the figures are a floor.

The judgments were written by hand from each query's stated intent (``intent`` in the file) by the
rule the file's ``about`` states, over pools: the top ten of both the relevance and the newest
sorts (``--pool``), the top thirty for queries with fewer than ten relevant documents judged
(``--pool --depth 30 --only 10``), and substring probes for documents the engine does not match.
A document is judged on whether a journalist asking that question would want it, not on why the
engine returned it. After a ranking change, ``--pool`` lists what is new in the top ten, to be
judged before the figures are read.
Only queries and ids are in the repository, never the data. Without the data the run skips.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("PHALANG_TESTDATA", ROOT.parent / "shared" / "data"))
BUDGET = [DATA / "thai-budget" / f"{year}.jsonl" for year in (2559, 2560, 2561)]
OCDS = DATA / "ocds" / "real-examples"
JUDGMENTS = Path(__file__).with_name("search_relevance_judgments.json")
OUT = ROOT / "bench" / "out"
K = 10

if "DATABASE_URL" not in os.environ:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PHALANG_DATA_DIR", str(OUT / "relevance"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
os.environ.setdefault("PHALANG_STATIC_STORAGE", "plain")


def data_missing() -> str | None:
    missing = [str(p) for p in [*BUDGET, OCDS] if not p.exists()]
    return f"skipped: the real data is not here ({', '.join(missing)})" if missing else None


def doc_id(kind: str, row: Any) -> str:
    """A stable id: a budget line by year and budget code, a process by its OCID."""
    return f"budget:{row.bb_year}:{row.bb_code}" if kind == "budget" else row.ocid


def fill(reuse: bool) -> None:
    from django.core.management import call_command

    from phalang.opendata import actions
    from phalang.opendata.models import BudgetProject, ContractingProcess
    from phalang.places.loader import load_gazetteer

    call_command("migrate", verbosity=0)
    if reuse and BudgetProject.objects.exists() and ContractingProcess.objects.exists():
        return
    load_gazetteer()
    started = time.perf_counter()
    actions.import_budget(BUDGET)
    actions.import_ocds(sorted(OCDS.rglob("*.json")), flags=False)
    print(f"imported {BudgetProject.objects.count()} budget lines, {ContractingProcess.objects.count()} processes "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def top(kind: str, text: str, sort: str = "relevance", depth: int = K) -> list[Any]:
    from phalang.opendata import search

    rows, _count, _capped = search.section(kind, search.parse({"q": text, "sort": sort}), 0, depth)
    return rows


def ndcg(grades: list[int], judged: list[int]) -> float:
    def dcg(gs: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:K]))

    ideal = dcg(sorted(judged, reverse=True))
    return dcg(grades) / ideal if ideal else 0.0


def score(queries: list[dict[str, Any]], sort: str = "relevance") -> list[tuple[str, float, float, float]]:
    """Per query: (query, P@10, nDCG@10, the best P@10 the judged documents allow)."""
    per_query = []
    for item in queries:
        judged: dict[str, int] = item["judgments"]
        grades = [judged.get(doc_id(item["kind"], row), 0) for row in top(item["kind"], item["q"], sort)]
        precision = sum(1 for g in grades if g >= 1) / K
        best = min(K, sum(1 for g in judged.values() if g >= 1)) / K
        per_query.append((item["q"], precision, ndcg(grades, list(judged.values())), best))
    return per_query


def means(rows: list[tuple[str, float, float, float]]) -> str:
    return (f"mean P@10 {statistics.mean(r[1] for r in rows):.3f}, mean nDCG@10 {statistics.mean(r[2] for r in rows):.3f}"
            f" (best P@10 the judged documents allow: {statistics.mean(r[3] for r in rows):.3f})")


def describe(kind: str, row: Any) -> str:
    if kind == "budget":
        return f"{row.name} | {row.agency} | {row.plan[:60]}"
    return f"{row.title} | {(row.description or '')[:100]}"


def pool(queries: list[dict[str, Any]], depth: int) -> None:
    """Print the unjudged documents among the top ``depth`` of both sorts, to be judged by hand."""
    for item in queries:
        seen: set[str] = set()
        for sort in ("relevance", "newest"):
            for row in top(item["kind"], item["q"], sort, depth):
                key = doc_id(item["kind"], row)
                if key in item["judgments"] or key in seen:
                    continue
                seen.add(key)
                print(json.dumps({"q": item["q"], "id": key, "doc": describe(item["kind"], row)}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--pool", action="store_true", help="list unjudged top results instead of scoring")
    parser.add_argument("--depth", type=int, default=K, help="with --pool: how deep to pool (default 10)")
    parser.add_argument("--only", default="", help="with --pool: only queries with fewer relevant judged than this")
    parser.add_argument("--runs", type=int, default=1, help="score this many times (the figures must agree)")
    args = parser.parse_args()
    skip = data_missing()
    if skip:
        print(skip)
        return
    import django

    django.setup()
    from django.db import connection

    fill(args.reuse)
    queries = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["queries"]
    if args.pool:
        if args.only:
            queries = [i for i in queries if sum(1 for g in i["judgments"].values() if g >= 1) < int(args.only)]
        pool(queries, args.depth)
        return
    thai = [item for item in queries if item.get("lang", "th") == "th"]
    for _ in range(args.runs):
        started = time.perf_counter()
        rows = score(queries)
        elapsed = time.perf_counter() - started
    for q, p, n, _best in rows:
        print(f"  P@10 {p:.1f}  nDCG@10 {n:.2f}  {q}")
    thai_rows = [r for r, item in zip(rows, queries, strict=True) if item in thai]
    print(f"{connection.vendor}, sort relevance: all {len(queries)} queries: {means(rows)}")
    print(f"{connection.vendor}, sort relevance: {len(thai)} Thai queries: {means(thai_rows)}")
    print(f"{connection.vendor}, sort newest (baseline): all {len(queries)} queries: {means(score(queries, 'newest'))}")
    print(f"({elapsed / len(queries) * 1000:.0f} ms a query: one result section, its first ten)")


if __name__ == "__main__":
    main()
