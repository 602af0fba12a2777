"""Benchmark the coding pipeline at volume: ``python bench/bench_coding.py [--limit N]``.

Codes the 159,390 Nottinghamshire Healthcare comments (``../shared/data/
nottshc_experiencesdashboard/tidy_trust_data.csv``, MIT) with
:func:`analysis.pipeline.code_comments` on 2 worker processes, and in the same run scores
the same comments with raw TextBlob polarity alone (``TextBlob(text).sentiment.polarity``,
one process). Prints comments/second for both, their ratio, and peak resident memory
(main process and largest worker). Skips (exit 0, message) when the data file is absent.
Targets (issue 3): >= 2,000 comments/s and < 2 GB.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nottshc_experiencesdashboard" / "tidy_trust_data.csv"
TEXT_COLUMN = "comment_txt"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return an exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("BENCH_DATA", DEFAULT_DATA)))
    parser.add_argument("--limit", type=int, default=None, help="only the first N comments")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"SKIP: benchmark data not found at {args.data} (set BENCH_DATA or --data)")
        return 0

    import pandas as pd
    from textblob import TextBlob

    from analysis.pipeline import code_comments, load_model

    df = pd.read_csv(args.data, usecols=[TEXT_COLUMN], nrows=args.limit, dtype=str)
    n = len(df)
    load_model()  # load once, outside the timing
    texts = df[TEXT_COLUMN].fillna("").tolist()

    start = time.perf_counter()
    for t in texts:
        if t:
            TextBlob(t).sentiment.polarity  # noqa: B018
    tb_rate = n / (time.perf_counter() - start)

    start = time.perf_counter()
    coded = code_comments(df, TEXT_COLUMN, processes=args.processes)
    elapsed = time.perf_counter() - start
    rate = n / elapsed

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"comments:              {n:,} ({df[TEXT_COLUMN].nunique():,} unique); load average {os.getloadavg()[0]:.1f}")
    print(f"pipeline:              {rate:,.0f} comments/s ({elapsed:.1f} s, {args.processes} processes, cpus={os.cpu_count()})")
    print(f"raw TextBlob polarity: {tb_rate:,.0f} comments/s (1 process)")
    print(f"ratio pipeline/raw:    {rate / tb_rate:.2f}")
    print(f"peak memory:           main {self_mb:,.0f} MB, largest worker {child_mb:,.0f} MB")
    print(f"urgent: {int(coded['urgent'].sum()):,}; emergent: {int(coded['emergent'].sum()):,}; "
          f"not_scored: {int((coded['sentiment_label'] == 'not_scored').sum()):,}")
    print(f"target >= 2,000 comments/s: {'met' if rate >= 2000 else 'NOT met'}; "
          f"< 2 GB: {'met' if max(self_mb, child_mb) < 2048 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
