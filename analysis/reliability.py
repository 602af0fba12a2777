"""How far each theme's automatic coding can be trusted: ``python -m analysis reliability``.

Cross-validates the whole coding pipeline, theme by theme, inside the training part of the
NEAS labelled comments (5 folds grouped by respondent; the test part that ``evaluate``
scores is never read) and writes ``analysis/data/theme_reliability.csv``. The report uses it
to mark themes whose counts need checking by hand, and lists every theme's figure in its
codebook appendix.

The partnership themes have no NEAS labels; the seven the reviewer coded for are measured
instead on the real Nottinghamshire comments a reviewer coded (``analysis/data/partnership/
real_*.csv``, the sets ``evaluate`` pools). A partnership theme added later (staff pay,
conditions and wellbeing) has no row, so the report calls it not measured. QDC sub-categories with too few labelled examples to be learned in
every fold have no row: :func:`theme_check` calls them ``cue`` (cue phrases only).
"""
from __future__ import annotations

import argparse
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from analysis import columns as C
from analysis.codebook import Codebook, load_codebook
from analysis.datasets import NEAS_RESPONDENT, NEAS_TEXT, PARTNERSHIP_SET_THEMES, load_neas, split_by_respondent

__all__ = [
    "COLUMNS",
    "MIN_LABELLED",
    "RELIABILITY_PATH",
    "WEAK_F1",
    "load_reliability",
    "partnership_reliability",
    "register",
    "theme_check",
    "theme_reliability",
]

RELIABILITY_PATH = Path(str(resources.files("analysis"))) / "data" / "theme_reliability.csv"
#: Columns of the reliability table.
COLUMNS = (
    "theme", "labelled", "coded", "agreed", "precision", "recall", "f1", "measured_on", "codebook_version",
    "model_fingerprint",
)
#: ``measured_on`` values.
NEAS_CV = "neas_cross_validated"
REVIEWER = "reviewer_coded_real"
#: Below this F1 a theme's automatic coding is wrong more often than right (F1 0.4 means,
#: at equal precision and recall, 4 in 10 coded comments are right and 6 in 10 labelled
#: ones are missed); the report asks for those themes to be checked by hand.
WEAK_F1 = 0.4
#: An F1 from fewer comments coded to the theme by people than this says little (one comment
#: more or less moves it by 0.1 or more): such a theme counts as not measured.
MIN_LABELLED = 10


def theme_reliability(
    df: pd.DataFrame | None = None, codebook: Codebook | None = None, *, folds: int = 5
) -> pd.DataFrame:
    """Cross-validate the pipeline per theme inside the NEAS training part.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        Rows as from :func:`analysis.datasets.load_neas` (default: all of it); only the
        training part of :func:`analysis.datasets.split_by_respondent` is used.
    codebook : Codebook, optional
        Default codebook.
    folds : int
        Number of respondent-grouped folds (default 5).

    Returns
    -------
    pandas.DataFrame
        One row per theme learned in every fold, columns :data:`COLUMNS`: ``labelled``
        (comments people coded to the theme), ``coded`` (comments the pipeline coded to it),
        ``agreed`` (both), summed over the folds' held-out comments, and ``precision``,
        ``recall``, ``f1`` (fractions 0..1; 0 where undefined), the ``codebook_version``
        used and the ``model_fingerprint`` (:func:`analysis.train.training_fingerprint` of
        all NEAS rows, as stored in a model built by ``make model`` from the same code), so a
        table older than the model can be found. Sorted by ``labelled``, largest first.

    Notes
    -----
    Each fold retrains with :func:`analysis.train.fit_coding_model` and codes its held-out
    comments with :func:`analysis.pipeline.code_comments`, so cue phrases, thresholds and
    the model all count, as in use. About a minute on two cores.
    """
    from analysis.evaluate import _theme_matrix
    from analysis.pipeline import code_comments
    from analysis.train import fit_coding_model, theme_targets, training_fingerprint

    codebook = codebook or load_codebook()
    df = load_neas() if df is None else df
    train_idx, _ = split_by_respondent(df)
    df = df.iloc[train_idx].reset_index(drop=True)
    groups = df[NEAS_RESPONDENT].astype(str).to_numpy()
    counts: dict[str, np.ndarray] = {}
    learned_everywhere: set[str] | None = None
    for fit_rows, held_rows in GroupKFold(n_splits=folds).split(df, groups=groups):
        model = fit_coding_model(df.iloc[fit_rows], codebook)
        held = df.iloc[held_rows]
        held = held.loc[~held["placeholder"]].reset_index(drop=True)
        coded = code_comments(held[[NEAS_TEXT]], NEAS_TEXT, model=model, codebook=codebook, processes=1)
        Y, ids = theme_targets(held, codebook)
        P = _theme_matrix(coded[C.THEMES].tolist(), ids)
        learned = set(model.themes.labels)
        learned_everywhere = learned if learned_everywhere is None else learned_everywhere & learned
        for j, theme in enumerate(ids):
            y, p = Y[:, j].astype(bool), P[:, j].astype(bool)
            counts[theme] = counts.get(theme, np.zeros(3, dtype=int)) + [y.sum(), p.sum(), (y & p).sum()]
    kept = {t: c for t, c in counts.items() if t in (learned_everywhere or set())}
    out = _table(kept, NEAS_CV, codebook)
    # What the shipped model (trained on all rows) is built from, so a stale table shows.
    out["model_fingerprint"] = training_fingerprint(load_neas(), codebook)
    return out


def _table(counts: dict[str, np.ndarray], measured_on: str, codebook: Codebook) -> pd.DataFrame:
    rows = []
    for theme, (labelled, coded_n, agreed) in counts.items():
        precision = agreed / coded_n if coded_n else 0.0
        recall = agreed / labelled if labelled else 0.0
        f1 = 2 * agreed / (labelled + coded_n) if labelled + coded_n else 0.0
        counts_ = (int(labelled), int(coded_n), int(agreed))
        rows.append((theme, *counts_, precision, recall, f1, measured_on, codebook.version))
    out = pd.DataFrame(rows, columns=list(COLUMNS[:-1]))
    return out.sort_values(["labelled", "theme"], ascending=[False, True]).reset_index(drop=True)


def partnership_reliability(codebook: Codebook | None = None, model: Any = None) -> pd.DataFrame:
    """Per-theme agreement of the partnership themes on the reviewer-coded real comments.

    Parameters
    ----------
    codebook : Codebook, optional
        Default codebook; those of its :attr:`~analysis.codebook.Codebook.partnership_ids` that
        the reviewer coded for (:data:`analysis.datasets.PARTNERSHIP_SET_THEMES`) are scored.
    model : CodingModel, optional
        Default the packaged model (these themes are cue-only, so it barely matters).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` but ``model_fingerprint``, one row per partnership theme
        the reviewer coded for, ``measured_on`` :data:`REVIEWER`. Counts are comments (each theme at most once per
        comment) over the sets of :data:`analysis.evaluate.PARTNERSHIP_REAL`, 399 comments
        from Nottinghamshire Healthcare (MIT; see ``analysis/data/partnership/README.md``)
        coded by a reviewer who never saw the codebook; several themes have fewer than 10.
    """
    from analysis.evaluate import PARTNERSHIP_REAL, coded_partnership_sets

    codebook = codebook or load_codebook()
    df, coded = coded_partnership_sets(PARTNERSHIP_REAL, codebook, model)
    counts = {t: np.zeros(3, dtype=int) for t in codebook.partnership_ids if t in PARTNERSHIP_SET_THEMES}
    for expected, got in zip(df["themes"], coded[C.THEMES], strict=True):
        for t in counts:
            y, p = t in expected, t in got
            counts[t] += [y, p, y and p]
    return _table(counts, REVIEWER, codebook)


def load_reliability(path: str | Path | None = None, codebook: Codebook | None = None) -> pd.DataFrame:
    """Read the reliability table (columns :data:`COLUMNS`; default :data:`RELIABILITY_PATH`).

    Returns an empty table when the file is missing or, with ``codebook``, when it was
    measured with another codebook version: then nothing is claimed about any theme.

    Raises
    ------
    ValueError
        If the file exists but is not a CSV table, lacks a column of :data:`COLUMNS`, or a
        count is not a whole number of 0 or more or a fraction not from 0 to 1 (the message
        names the file, and the line).
    """
    path = Path(path) if path is not None else RELIABILITY_PATH
    empty = pd.DataFrame(columns=list(COLUMNS))
    if not path.is_file():
        return empty
    try:
        table = pd.read_csv(path, dtype={"codebook_version": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a readable CSV table ({str(exc).splitlines()[0]})") from exc
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("labelled", "coded", "agreed", "precision", "recall", "f1"):
        values = pd.to_numeric(table[column], errors="coerce")
        counts = column in ("labelled", "coded", "agreed")
        top = 1e9 if counts else 1.0
        bad = ~np.isfinite(values) | (values < 0) | (values > top) | (values.round() != values if counts else False)
        if bad.any():
            row = int(values.index[bad][0]) + 2  # + header, 1-based
            what = "a whole number of 0 or more" if counts else "a fraction from 0 to 1"
            raise ValueError(f"{path}, line {row}: {column} is not {what}")
        table[column] = values
    if codebook is not None and not (table["codebook_version"] == codebook.version).all():
        return empty
    return table


def theme_check(theme: str, table: pd.DataFrame) -> str:
    """Return ``'weak'`` (measured F1 under :data:`WEAK_F1`), ``'cue'`` (not measured: no row,
    or fewer than :data:`MIN_LABELLED` comments coded to it by people) or ``''`` (measured and
    not weak) for one theme id.

    With an empty ``table`` (no reliability file) every theme is ``''``: nothing is claimed.
    """
    if table.empty:
        return ""
    row = table.loc[table["theme"] == theme]
    if row.empty or int(row["labelled"].iloc[0]) < MIN_LABELLED:
        return "cue"
    return "weak" if float(row["f1"].iloc[0]) < WEAK_F1 else ""


def _folds(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 2:
        raise argparse.ArgumentTypeError(f"needs a whole number of at least 2, not {text!r}")
    return n


def _run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if not args.out.parent.is_dir() or args.out.is_dir():
        why = "it is a folder" if args.out.is_dir() else f"no folder {args.out.parent}"
        print(f"error: cannot write {args.out}: {why}", file=sys.stderr)
        return 2
    try:
        table = theme_reliability(folds=args.folds)
    except ValueError as exc:  # e.g. more folds than respondents
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    partnership = partnership_reliability().assign(model_fingerprint=table["model_fingerprint"].iloc[0])
    table = pd.concat([table, partnership], ignore_index=True)
    try:
        table.round(4).to_csv(args.out, index=False)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    weak = table.loc[table["f1"] < WEAK_F1, "theme"].tolist()
    print(table.round(3).to_string(index=False))
    print(
        f"({time.perf_counter() - start:.0f}s; {len(table)} themes, {len(weak)} under F1 {WEAK_F1}; "
        f"saved to {args.out})",
        file=sys.stderr,
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``reliability`` subcommand."""
    p = subparsers.add_parser(
        "reliability",
        help="cross-validate each theme's coding in the NEAS training part (about 7 minutes on two quiet cores)",
    )
    p.add_argument("--out", type=Path, default=RELIABILITY_PATH, help="CSV to write (default: %(default)s)")
    p.add_argument("--folds", type=_folds, default=5, help="respondent-grouped folds, 2 or more (default: %(default)s)")
    p.set_defaults(func=_run)
