#!/usr/bin/env bash
# Markdown tables of this directory's result files, with the pipeline directory's tables.py.
cd "$(dirname "$0")" && python3 - <<'PY'
import sys
sys.argv = ["tables.py", "."]
sys.path.insert(0, "..")
import tables
headline = tables.load("headline.json")
tables.burst_table(headline, "Burst, trivial model, recorded feed (2 × 20 s rounds per row)")
suite = tables.load("paced-new.json")
tables.burst_table(suite, "Burst, market model, synthetic feed (2 × 15 s rounds per row)")
tables.paced_table(suite)
tables.replay_table(suite)
tables.jmh_table()
PY
