"""Build the coding model: ``python -m analysis.train [--out PATH]``.

Trains the theme and sentiment models (:mod:`analysis.model`) on all non-placeholder NEAS
labelled comments in ``analysis/data/`` and writes ``analysis/data/coding_model.joblib``
(also rebuilds ``analysis/data/english_vocab.txt``). Deterministic: same data and code give
the same model. No network access. ``python -m analysis evaluate`` retrains the same way
on the respondent-grouped training split only.
"""
from __future__ import annotations

import argparse
import ast
import collections
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd

from analysis.codebook import Codebook, load_codebook
from analysis.datasets import (
    NEAS_RESPONDENT,
    NEAS_SENTIMENT,
    NEAS_TEXT,
    PHASE1_PATH,
    load_neas,
    neas_label_columns,
    sentiment_3class,
)
from analysis.language import VOCAB_PATH
from analysis.model import (
    MIN_POSITIVES,
    MODEL_PATH,
    CodingModel,
    CueMatcher,
    SentimentModel,
    ThemeModel,
    char_vectorizer,
    rule_features,
)
from analysis.pipeline import prepare_texts
from analysis.text import normalise, words

__all__ = ["fit_coding_model", "main", "theme_targets", "training_fingerprint"]


def theme_targets(df: pd.DataFrame, codebook: Codebook) -> tuple[np.ndarray, list[str]]:
    """Return (0/1 matrix, theme ids) for the NEAS QDC columns of ``df`` mapped via the codebook."""
    by_qdc = codebook.by_qdc()
    cols = [c for c in neas_label_columns(df) if c in by_qdc]
    return df[cols].to_numpy(dtype=int), [by_qdc[c] for c in cols]


def _code_digest(path: Path) -> bytes:
    """The syntax tree of a module with its docstrings left out: comments and docstrings can
    change without making the model stale, any other edit cannot."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
            getattr(body[0], "value", None), ast.Constant
        ) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree).encode()


@dataclass(frozen=True)
class _Inputs:
    """What :func:`fit_coding_model` learns from, prepared once (non-placeholder rows only)."""

    prep: Any  # analysis.pipeline.Prepared
    Y: np.ndarray
    ids: list[str]
    y: pd.Series
    groups: np.ndarray
    dense: np.ndarray


def _inputs(df: pd.DataFrame, codebook: Codebook) -> _Inputs:
    df = df.loc[~df["placeholder"]].reset_index(drop=True)
    prep = prepare_texts(df[NEAS_TEXT].tolist(), codebook)
    Y, ids = theme_targets(df, codebook)
    return _Inputs(
        prep=prep, Y=Y, ids=ids, y=sentiment_3class(df[NEAS_SENTIMENT]),
        groups=df[NEAS_RESPONDENT].astype(str).to_numpy(), dense=rule_features(prep.textblob, prep.rules),
    )


def _fingerprint(inputs: _Inputs, codebook: Codebook) -> str:
    h = hashlib.sha256()
    prep = inputs.prep
    for part in (
        prep.model_text, [sorted(c.items()) for c in prep.cues], inputs.ids, inputs.y.fillna("").tolist(),
        inputs.groups.tolist(),
    ):
        h.update(repr(part).encode())
    h.update(repr((np.round(inputs.dense, 9) + 0.0).tolist()).encode())
    h.update(inputs.Y.astype(np.int8).tobytes())
    h.update(codebook.version.encode())
    h.update(repr(list(codebook.theme_ids)).encode())  # the cue columns' order
    for module in ("model.py", "train.py"):
        h.update(_code_digest(Path(__file__).with_name(module)))
    return h.hexdigest()


def training_fingerprint(df: pd.DataFrame, codebook: Codebook | None = None) -> str:
    """Return the SHA-256 hex digest of everything :func:`fit_coding_model` would learn from.

    Parameters
    ----------
    df : pandas.DataFrame
        As for :func:`fit_coding_model`.
    codebook : Codebook, optional
        Default codebook.

    Returns
    -------
    str
        64 hex digits over the prepared (normalised, redacted) texts, cue hits, rule features
        (rounded to 1e-9), theme and sentiment labels, respondent groups, codebook version and
        theme order (the order of the cue columns) and the code of :mod:`analysis.model` and
        :mod:`analysis.train` (docstrings and comments left out). Equal digests mean the same
        model up to floating-point differences between machines (coefficients were seen up to
        0.013 apart on two machines from the same inputs), so a test compares this, not
        coefficients, to find a stale committed model.
    """
    codebook = codebook or load_codebook()
    return _fingerprint(_inputs(df, codebook), codebook)


def fit_coding_model(df: pd.DataFrame, codebook: Codebook | None = None, *, note: str = "") -> CodingModel:
    """Fit theme and sentiment models on NEAS rows.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows from :func:`analysis.datasets.load_neas` (placeholder rows are dropped here).
        Uses ``FFT answer``, ``Respondent ID``, ``Comment sentiment`` and the QDC columns.
    codebook : Codebook, optional
        Default codebook.
    note : str
        Stored as ``trained_on``.

    Returns
    -------
    CodingModel
        Themes learned for every mapped QDC column with >= ``MIN_POSITIVES`` examples.
    """
    codebook = codebook or load_codebook()
    inputs = _inputs(df, codebook)
    prep, Y, ids, groups, dense_all, y = inputs.prep, inputs.Y, inputs.ids, inputs.groups, inputs.dense, inputs.y
    keep = Y.sum(axis=0) >= MIN_POSITIVES
    matcher = CueMatcher(codebook)
    cues = matcher.matrix(prep.cues)
    chars = char_vectorizer().fit(prep.model_text)
    char_matrix = chars.transform(prep.model_text)
    themes = ThemeModel().fit(
        prep.model_text, cues, dense_all, char_matrix, Y[:, keep], [t for t, k in zip(ids, keep, strict=True) if k],
        groups=groups, cue_hits=prep.cues,
    )
    rows = np.flatnonzero(y.notna().to_numpy())
    # The theme model's out-of-fold probabilities are sentiment features (themes such as
    # "Positive experience & gratitude" carry sentiment); dropped before saving.
    assert themes.oof_proba is not None  # noqa: S101
    dense = np.hstack([dense_all[rows], themes.oof_proba[rows]])
    themes.oof_proba = None
    sentiment = SentimentModel(theme_features=True).fit(
        [prep.model_text[i] for i in rows], dense, char_matrix[rows], y.iloc[rows].to_numpy()
    )
    return CodingModel(
        codebook_version=codebook.version, themes=themes, sentiment=sentiment, chars=chars, trained_on=note,
        fingerprint=_fingerprint(inputs, codebook),
        cue_ids=tuple(matcher.theme_ids),
    )


def build_english_vocab(path: Path = VOCAB_PATH) -> int:
    """Write words used in >= 2 English training comments (NEAS + phase 1) to ``path``."""
    docs = list(load_neas()[NEAS_TEXT].dropna()) + list(pd.read_csv(PHASE1_PATH)["feedback"].dropna())
    counts: collections.Counter[str] = collections.Counter()
    for d in docs:
        counts.update(set(words(normalise(d))))
    vocab = sorted(w for w, n in counts.items() if n >= 2 and w.isascii())
    path.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    return len(vocab)


def main(argv: list[str] | None = None) -> int:
    """Train on all NEAS labelled comments and save the model; return an exit code."""
    parser = argparse.ArgumentParser(prog="python -m analysis.train", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file (default: %(default)s)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    n_vocab = build_english_vocab()
    model = fit_coding_model(load_neas(), note="NEAS v6 all non-placeholder rows")
    joblib.dump(model, args.out, compress=3)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB; {len(model.themes.labels)} learned themes; "
        f"vocab {n_vocab} words) in {time.perf_counter() - start:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
