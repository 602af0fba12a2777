"""Command line for the analysis package: ``python -m analysis SUBCOMMAND ...``.

Each subcommand lives in its own module, which exposes ``register(subparsers)``: it adds
its parser and sets ``func`` (a callable taking the parsed ``argparse.Namespace`` and
returning an exit code). Exit codes: 0 success, 2 bad input (missing column, unreadable
file), 1 any other failure.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from datetime import date

#: Modules that each register one or more subcommands.
SUBCOMMAND_MODULES = (
    "analysis.coding_cli",
    "analysis.evaluate",
    "analysis.reliability",
    "analysis.report.cli",
    "analysis.review_cli",
    "analysis.codebook_cli",
)


#: Dates the commands take: anything else is a typing mistake (a tester's 9999-12-31 overflowed
#: the end-of-day arithmetic).
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def iso_date(text: str) -> str:
    """``argparse`` type of the ``--from`` / ``--to`` options: a ``YYYY-MM-DD`` date from
    :data:`FIRST_DATE` to :data:`LAST_DATE`, returned as ``YYYY-MM-DD``.

    Raises
    ------
    argparse.ArgumentTypeError
        Not such a date (argparse then prints one error line and exits with code 2).

    >>> iso_date("2026-04-01")
    '2026-04-01'
    """
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-04-01") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise argparse.ArgumentTypeError(f"{text!r} is outside {FIRST_DATE} to {LAST_DATE}")
    return day.isoformat()


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from analysis.codebook import CodebookError

    try:
        return int(args.func(args) or 0)
    except CodebookError as exc:  # an edited codebook: one line naming file, theme and field
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
