"""Benchmark the CSV report end to end: ``python bench/bench_report.py [--sizes 1000 10000 all]``.

For each size, a fresh process reads the first N rows of the Nottinghamshire Healthcare
comments (``../shared/data/nottshc_experiencesdashboard/tidy_trust_data.csv``, MIT; column
``comment_txt``), codes them (:func:`analysis.pipeline.code_comments`), finds emerging themes,
builds the report and renders the PDF, exactly as ``python -m analysis report --csv`` does.
Prints seconds per stage, total seconds and peak resident memory (main process and the largest
coding worker). Skips (exit 0, message) when the data file is absent.
Targets (issue 4): < 10 s for 10k, < 90 s and < 3 GB for 159k on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nottshc_experiencesdashboard" / "tidy_trust_data.csv"
TEXT_COLUMN = "comment_txt"


def one(data: Path, limit: int | None, save_coded: Path | None, coded_in: Path | None) -> dict:
    """Run one size in this process; return timings (seconds) and peak memory (MB)."""
    import pandas as pd

    from analysis.codebook import load_codebook
    from analysis.emergent import find_emergent_themes
    from analysis.pipeline import code_comments
    from analysis.report.build import ReportContext, build_report
    from analysis.report.render import render_pdf

    t: dict[str, float] = {}
    t0 = time.perf_counter()
    if coded_in:
        coded = pd.read_pickle(coded_in)
        coded = coded.head(limit) if limit else coded
        t["read+code"] = time.perf_counter() - t0
    else:
        df = pd.read_csv(data, nrows=limit, usecols=[TEXT_COLUMN, "date", "directorate2"], low_memory=False)
        df = df.rename(columns={"directorate2": "service"})
        df["submitted_at"] = pd.to_datetime(df["date"], errors="coerce", utc=True)
        df[TEXT_COLUMN] = df[TEXT_COLUMN].astype("string").fillna("")
        t["read"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        coded = code_comments(df, text_column=TEXT_COLUMN)
        t["code"] = time.perf_counter() - t1
        if save_coded:
            coded.to_pickle(save_coded)
    t1 = time.perf_counter()
    emergent = find_emergent_themes(coded)
    t["emergent"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    report = build_report(
        coded,
        context=ReportContext(round_name="bench"),
        group_columns=["service"],
        date_column="submitted_at",
        emergent=emergent,
        codebook=load_codebook(),
    )
    t["build"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    pdf = render_pdf(report)
    t["pdf"] = time.perf_counter() - t1
    t["total"] = time.perf_counter() - t0
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "rows": len(coded),
        "seconds": {k: round(v, 2) for k, v in t.items()},
        "pdf_bytes": len(pdf),
        "peak_mb_main": round(main_mb),
        "peak_mb_worker": round(child_mb),
    }


def main(argv: list[str] | None = None) -> int:
    """Run each size in a fresh process and print a table; return an exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("BENCH_DATA", DEFAULT_DATA)))
    parser.add_argument("--sizes", nargs="+", default=["1000", "10000", "all"], help="row counts, or 'all'")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--save-coded", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--coded", type=Path, help="reuse a pickled coded frame (times report assembly only)")
    args = parser.parse_args(argv)
    if not args.data.exists() and not args.coded:
        print(f"skipped: {args.data} not found (set BENCH_DATA to the CSV)")
        return 0
    if args.one is not None:
        limit = None if args.one == "all" else int(args.one)
        print(json.dumps(one(args.data, limit, args.save_coded, args.coded)))
        return 0
    print(f"{'rows':>8} {'total s':>8}  stages (s)  peak MB main/worker")
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--data", str(args.data), "--one", size]
        if args.coded:
            cmd += ["--coded", str(args.coded)]
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if run.returncode != 0:
            print(f"{size}: failed\n{run.stderr[-2000:]}")
            return 1
        r = json.loads(run.stdout.strip().splitlines()[-1])
        stages = ", ".join(f"{k} {v}" for k, v in r["seconds"].items() if k != "total")
        print(f"{r['rows']:>8,} {r['seconds']['total']:>8.1f}  {stages}  {r['peak_mb_main']}/{r['peak_mb_worker']}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
