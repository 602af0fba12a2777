"""``python -m analysis code INPUT.csv --text-column COLUMN --out OUTPUT.csv``.

Writes every input column plus the coded columns of
:func:`analysis.pipeline.code_comments`; list cells become ';'-joined ids and dict cells
JSON. Progress bar on stderr. Exit 2 with a one-line error for an unreadable input file
or a missing column.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis import columns as C

__all__ = ["register", "to_csv_frame"]

_DICT_COLUMNS = (C.THEME_CONFIDENCE, C.THEME_REASONS, C.PRIORITY_REASONS)


def to_csv_frame(coded: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a coded frame with list cells ';'-joined and dict cells as JSON.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`analysis.pipeline.code_comments`.

    Returns
    -------
    pandas.DataFrame
        Same columns; ``themes``, ``qdc_subcategories``, ``priorities``, ``domains`` as
        str like ``"timeliness;transport"`` ('' when empty); ``theme_confidence``,
        ``theme_reasons``, ``priority_reasons`` as JSON objects.
    """
    out = coded.copy()
    for col in C.CSV_LIST_COLUMNS:
        if col in out:
            out[col] = [";".join(v) for v in out[col]]
    for col in _DICT_COLUMNS:
        if col in out:
            out[col] = [json.dumps(v, ensure_ascii=False) for v in out[col]]
    return out


def _run(args: argparse.Namespace) -> int:
    from analysis.pipeline import code_comments

    try:
        df = pd.read_csv(args.input, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        print(f"error: cannot read {args.input}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if args.text_column not in df.columns:
        print(
            f"error: column {args.text_column!r} not in {args.input} (columns: {', '.join(map(str, df.columns))})",
            file=sys.stderr,
        )
        return 2
    coded = code_comments(df, args.text_column, progress=not args.quiet)
    try:
        to_csv_frame(coded).to_csv(args.out, index=False)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    n_urgent = int(coded[C.URGENT].sum())
    print(f"coded {len(coded)} comments -> {args.out} ({n_urgent} urgent for review)", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``code`` subcommand."""
    p = subparsers.add_parser("code", help="code free-text comments in a CSV file")
    p.add_argument("input", type=Path, help="input CSV file")
    p.add_argument("--text-column", required=True, help="column holding the comments")
    p.add_argument("--out", type=Path, required=True, help="output CSV file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)
