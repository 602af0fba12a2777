"""``python -m analysis codebook [FILE]``: check a codebook file after editing it.

Prints one line: the version and what the file holds (with a reminder on stderr of what to do
after a change), or the first problem found (file, theme and field, as
:func:`analysis.codebook.load_codebook` names them), with exit code 2.
A changed codebook also needs the model rebuilt (``make model``): its cue phrases are
features of the trained theme model, and ``make test`` fails until it is.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from analysis.codebook import CODEBOOK_PATH, CodebookError, load_codebook

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    path = args.file or CODEBOOK_PATH
    try:
        cb = load_codebook(path)
    except CodebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    themes = cb.themes.values()
    print(
        f"ok: {path}: version {cb.version}, {len(cb.themes)} themes"
        f" ({sum(len(t.cues) + len(t.decisive_cues) for t in themes)} cue phrases,"
        f" {sum(len(t.decisive_cues) for t in themes)} of them decisive,"
        f" {sum(len(t.cue_rules) for t in themes)} co-occurrence rules,"
        f" {sum(bool(t.urgent_kinds) for t in themes)} themes given by urgent flags)"
    )
    # a new user edited a cue, saw "ok" and did not know what else to do
    print(
        "next: if you changed a cue, mapping or theme id, raise `version` at the top of the file"
        " and run `make model` (the cues are features of the trained model)",
        file=sys.stderr,
    )
    return 0


def register(subparsers: Any) -> None:
    """Add the ``codebook`` subcommand."""
    p = subparsers.add_parser("codebook", help="check a codebook file", description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", help="codebook YAML (default: the packaged analysis/data/codebook.yaml)")
    p.set_defaults(func=_run)
