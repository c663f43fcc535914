#!/bin/sh
# The test suite as `make test` runs it (docs/benchmarks.md, "Test suite"): wall time, the CPU
# time of the run's own processes (what /usr/bin/time sees: Chromium's renderers are not its
# children's children it waits for, so they are missing), the machine's CPU time over the run
# from /proc/stat (everything, browsers included: run it on a quiet machine), the load average
# before and after, and the slowest files by the sum of their tests' setup, call and teardown.
#
#     bench/test_suite.sh                      # SQLite, 2 workers, as make test
#     PHALANG_TEST_WORKERS=3 bench/test_suite.sh
#     DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/test_suite.sh
#
# Needs the shared data beside the checkout (or PHALANG_TESTDATA), as CI has it.
set -eu
cd "$(dirname "$0")/.."
out=var/bench-suite
rm -rf "$out" && mkdir -p "$out"
# As on a fresh clone: no test module kept from an earlier run (make test lets pytest keep them).
find tests -name __pycache__ -type d -prune -exec rm -rf {} +
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
head -1 /proc/stat > "$out/stat-before"
PYTHONDONTWRITEBYTECODE= PHALANG_REQUIRE_BROWSER=1 PHALANG_DATA_DIR=$PWD/$out/data PHALANG_STATIC_STORAGE=plain \
  /usr/bin/time -f "wall %e s, CPU user %U s + sys %S s, peak RSS of one process %M KiB" \
  .venv/bin/pytest -n "${PHALANG_TEST_WORKERS:-2}" -q -p no:cacheprovider --durations=0 \
  --junitxml="$out/run.xml" > "$out/log.txt" 2>&1 || { tail -40 "$out/log.txt"; exit 1; }
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
head -1 /proc/stat > "$out/stat-after"
python3 - "$out" <<'PY'
import os, sys
before, after = ([int(x) for x in open(os.path.join(sys.argv[1], f)).read().split()[1:]]
                 for f in ("stat-before", "stat-after"))
d = [b - a for a, b in zip(before, after)]
busy = d[0] + d[1] + d[2] + sum(d[5:8])  # user, nice, system, irq, softirq, steal
hz = os.sysconf("SC_CLK_TCK")
print(f"machine CPU over the run: {busy / hz:.0f} s busy, {d[3] / hz:.0f} s idle "
      f"({100 * busy / sum(d[:8]):.0f} % of {os.cpu_count()} cores)")
PY
grep -E "^[0-9]+ (passed|failed)|passed|wall " "$out/log.txt" | tail -2
.venv/bin/python - "$out/log.txt" <<'PY'
import re, sys
from collections import Counter
files = Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"([\d.]+)s (setup|call|teardown)\s+(\S+?)::", line)
    if m:
        files[m.group(3)] += float(m.group(1))
print(f"sum of test times: {sum(files.values()):.0f} s; slowest files:")
for name, seconds in files.most_common(12):
    print(f"  {seconds:7.1f} s  {name}")
PY
