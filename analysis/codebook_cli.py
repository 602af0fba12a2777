"""``python -m analysis codebook [FILE]``: check a codebook file after editing it.

Prints one line: the version and what the file holds, or the first problem found (file, theme
and field, as :func:`analysis.codebook.load_codebook` names them), with exit code 2. On stderr,
for the packaged codebook, whether the shipped model was trained from it (else what to do); for
another file, what to do after a change.
A changed codebook also needs the model rebuilt (``make model``): its cue phrases are
features of the trained theme model, and ``make test`` fails until it is.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from analysis.codebook import CODEBOOK_PATH, Codebook, CodebookError, load_codebook

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
    if Path(path).resolve() == Path(CODEBOOK_PATH).resolve():
        print(_model_status(cb), file=sys.stderr)
    else:
        print(f"next: {_AFTER_CHANGE} and run `make model` (the cues are features of the trained model)", file=sys.stderr)
    return 0


#: What to do after changing the codebook (the file header says the same).
_AFTER_CHANGE = "if you changed a cue, mapping or theme id, raise `version` at the top of the file"


def _model_status(cb: Codebook) -> str:
    """One line on whether the shipped model was trained from this codebook (and this code):
    compares :func:`analysis.train.training_fingerprint` with the model's (about 5 s)."""
    from analysis.datasets import load_neas
    from analysis.pipeline import ModelNotBuiltError, load_model
    from analysis.train import training_fingerprint

    try:
        model = load_model()
    except ModelNotBuiltError:
        return "model: not built yet: run `make model`"
    if training_fingerprint(load_neas(), cb) == getattr(model, "fingerprint", ""):
        return (
            "model: up to date (its training comments match these cues as they did when it was built);"
            f" {_AFTER_CHANGE.replace('raise', 'still raise')}"
        )
    return (
        f"model: trained from a different codebook or code: {_AFTER_CHANGE}; then run `make model`"
        " (the cues are features of the trained model, so coding is inconsistent until it is rebuilt)"
    )


def register(subparsers: Any) -> None:
    """Add the ``codebook`` subcommand."""
    p = subparsers.add_parser("codebook", help="check a codebook file", description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", help="codebook YAML (default: the packaged analysis/data/codebook.yaml)")
    p.set_defaults(func=_run)
