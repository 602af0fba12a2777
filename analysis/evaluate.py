"""``python -m analysis evaluate``: held-out scores for our pipeline and two baselines.

Split: the NEAS labelled comments split 80/20 by respondent (:func:`analysis.datasets.
split_by_respondent`, fixed seed); "Did not answer" placeholder rows are excluded. Our
model is retrained on the training part only (thresholds by grouped CV inside it), so
the test part is never seen in training or tuning. Reported side by side:

* themes: micro- and macro-F1 over the learned themes (QDC columns with >= 8 training
  examples) that occur in the test part, and macro-F1 over every QDC theme in the test part;
* priorities: micro-/macro-F1, truth = priorities of the labelled QDC themes via the codebook;
* sentiment, 3 classes (``Comment sentiment`` 1-2 positive, 3 neutral/mixed, 4-5 negative):
  accuracy and macro-F1; our ``mixed`` counts as neutral, ``not_scored`` as neutral.

Baselines on the same split: raw TextBlob polarity (sign), and plain TF-IDF + LinearSVC
(one-vs-rest for themes).

The partnership themes have no labelled NEAS data; :func:`partnership_scores` measures the seven
the sets were written for (:data:`analysis.datasets.PARTNERSHIP_SET_THEMES`) on the invented
comments in ``analysis/data/partnership/`` (the three holdout sets) and on the real ones.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC

from analysis import columns as C
from analysis.codebook import Codebook, load_codebook
from analysis.datasets import (
    NEAS_SENTIMENT,
    NEAS_TEXT,
    PARTNERSHIP_SET_THEMES,
    load_neas,
    load_partnership_set,
    sentiment_3class,
    split_by_respondent,
)
from analysis.model import CodingModel
from analysis.pipeline import code_comments
from analysis.priorities import PRIORITY_IDS

__all__ = ["coded_partnership_sets", "cross_validate", "evaluate", "partnership_scores", "register", "score_split"]

#: Sets scored by :func:`partnership_scores` (never used to choose a cue): invented comments,
#: and real Nottinghamshire comments labelled by a reviewer who never saw the codebook.
PARTNERSHIP_HOLDOUTS = ("holdout", "holdout2", "holdout3")
PARTNERSHIP_REAL = ("real_a", "real_b")


def _theme_matrix(theme_lists: list[list[str]], labels: list[str]) -> np.ndarray:
    idx = {t: j for j, t in enumerate(labels)}
    out = np.zeros((len(theme_lists), len(labels)), dtype=int)
    for i, ts in enumerate(theme_lists):
        for t in ts:
            if t in idx:
                out[i, idx[t]] = 1
    return out


def _priority_matrix(theme_matrix: np.ndarray, labels: list[str], codebook: Codebook) -> np.ndarray:
    out = np.zeros((theme_matrix.shape[0], len(PRIORITY_IDS)), dtype=int)
    for j, t in enumerate(labels):
        for p in codebook.themes[t].priorities:
            out[:, PRIORITY_IDS.index(p)] |= theme_matrix[:, j]
    return out


def _f1s(Y: np.ndarray, P: np.ndarray) -> tuple[float, float]:
    cols = Y.sum(axis=0) > 0
    micro = f1_score(Y[:, cols], P[:, cols], average="micro", zero_division=0)
    macro = f1_score(Y[:, cols], P[:, cols], average="macro", zero_division=0)
    return float(micro), float(macro)


def coded_partnership_sets(
    sets: tuple[str, ...], codebook: Codebook, model: CodingModel | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partnership sets ``sets`` (:func:`analysis.datasets.load_partnership_set`, stacked:
    ``comment``, ``themes`` (expected ids) ...) and their coding by
    :func:`analysis.pipeline.code_comments` (same row order), with ``model`` (default the
    packaged one) and ``codebook``."""
    df = pd.concat([load_partnership_set(name) for name in sets], ignore_index=True)
    return df, code_comments(df[["comment"]], "comment", model=model, codebook=codebook, processes=1)


def partnership_scores(
    codebook: Codebook | None = None, sets: tuple[str, ...] = PARTNERSHIP_HOLDOUTS, model: CodingModel | None = None
) -> dict[str, float]:
    """Micro precision, recall and F1 of the partnership themes on comments written or labelled for them.

    Parameters
    ----------
    codebook : Codebook, optional
        Default codebook; its partnership themes (those without a QDC sub-category) are
        scored where the sets were labelled for them (:data:`analysis.datasets.
        PARTNERSHIP_SET_THEMES`): a later one, such as staff pay, conditions and wellbeing,
        is left out rather than counted wrong wherever it is coded.
    sets : tuple of str
        Names for :func:`analysis.datasets.load_partnership_set` (default the three holdouts).
    model : CodingModel, optional
        Default the packaged model (partnership themes are cue-only, so it barely matters).

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1`` (fractions 0..1, over theme mentions pooled across
        ``sets``), ``priority_recall`` (share of mentions whose priority the comment was
        coded to through any theme, QDC ones included), ``comments`` and ``mentions``
        (counts).
    """
    codebook = codebook or load_codebook()
    partnership = set(codebook.partnership_ids) & set(PARTNERSHIP_SET_THEMES)
    df, coded = coded_partnership_sets(sets, codebook, model)
    tp = fp = fn = reached = 0
    for expected, got, priorities in zip(df["themes"], coded[C.THEMES], coded[C.PRIORITIES], strict=True):
        e, g = set(expected), set(got) & partnership
        tp, fp, fn = tp + len(e & g), fp + len(g - e), fn + len(e - g)
        reached += sum(set(codebook.themes[t].priorities) <= set(priorities) for t in e)
    return {
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan"),
        "priority_recall": reached / (tp + fn) if tp + fn else float("nan"),
        "comments": float(len(df)),
        "mentions": float(tp + fn),
    }


def evaluate(codebook: Codebook | None = None) -> dict[str, dict[str, float]]:
    """Retrain on the training split and score pipeline and baselines on the test split.

    Returns
    -------
    dict
        ``{system: {metric: value}}`` for systems ``pipeline``, ``textblob``,
        ``tfidf_linearsvc`` and metrics ``theme_micro_f1``, ``theme_macro_f1``,
        ``theme_macro_f1_all``, ``priority_micro_f1``, ``priority_macro_f1``,
        ``sentiment_accuracy``, ``sentiment_macro_f1`` (NaN where not applicable), plus
        ``_info`` with split sizes, ``_partnership`` and ``_partnership_real``
        (:func:`partnership_scores` of the packaged model on the invented holdout sets and
        on the real reviewer-labelled sets). Values are fractions 0..1.

    Notes
    -----
    Source data: NEAS QDC v6 labelled FFT comments (NHS England pxtextmining, MIT).
    """
    codebook = codebook or load_codebook()
    df = load_neas()
    train_idx, test_idx = split_by_respondent(df)
    results = score_split(df.iloc[train_idx], df.iloc[test_idx], codebook)
    results["_partnership"] = partnership_scores(codebook)
    results["_partnership_real"] = partnership_scores(codebook, PARTNERSHIP_REAL)
    return results


def score_split(
    train: pd.DataFrame, test: pd.DataFrame, codebook: Codebook, note: str = "evaluation: training split"
) -> dict[str, dict[str, float]]:
    """Fit our model on ``train`` and score it and the two baselines on ``test``.

    Parameters
    ----------
    train, test : DataFrame
        Rows of :func:`analysis.datasets.load_neas` (its columns, including ``placeholder``);
        "Did not answer" placeholder rows are dropped from both.
    codebook : Codebook
    note : str
        Stored in the fitted model's metadata.

    Returns
    -------
    dict
        ``{system: {metric: value}}`` and ``_info``, as :func:`evaluate` (without the
        partnership entries).
    """
    from analysis.train import fit_coding_model, theme_targets

    test = test.loc[~test["placeholder"]].reset_index(drop=True)
    train_rows = train.loc[~train["placeholder"]].reset_index(drop=True)
    model = fit_coding_model(train, codebook, note=note)
    learned = model.themes.labels

    Y_all, all_ids = theme_targets(test, codebook)
    Ytr_all, _ = theme_targets(train_rows, codebook)
    coded = code_comments(test[[NEAS_TEXT]], NEAS_TEXT, model=model, codebook=codebook, processes=1)

    results: dict[str, dict[str, float]] = {}
    nan = float("nan")
    # --- ours
    P_all = _theme_matrix(coded[C.THEMES].tolist(), all_ids)
    learned_cols = [j for j, t in enumerate(all_ids) if t in learned]
    mi, ma = _f1s(Y_all[:, learned_cols], P_all[:, learned_cols])
    _, ma_all = _f1s(Y_all, P_all)
    pmi, pma = _f1s(_priority_matrix(Y_all, all_ids, codebook), _priority_matrix(P_all, all_ids, codebook))
    # --- TF-IDF + LinearSVC, same training rows, same learned labels
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    Xtr = vec.fit_transform(train_rows[NEAS_TEXT].fillna(""))
    Xte = vec.transform(test[NEAS_TEXT].fillna(""))
    svc = OneVsRestClassifier(LinearSVC()).fit(Xtr, Ytr_all[:, learned_cols])
    B = np.zeros_like(Y_all)
    B[:, learned_cols] = svc.predict(Xte)
    bmi, bma = _f1s(Y_all[:, learned_cols], B[:, learned_cols])
    _, bma_all = _f1s(Y_all, B)
    bpmi, bpma = _f1s(_priority_matrix(Y_all, all_ids, codebook), _priority_matrix(B, all_ids, codebook))
    # --- sentiment
    y = sentiment_3class(test[NEAS_SENTIMENT])
    rows = y.notna().to_numpy()
    truth = y[rows].to_numpy()
    ours = coded.loc[rows, C.SENTIMENT_LABEL].replace({"mixed": "neutral", "not_scored": "neutral"}).to_numpy()
    tb = np.sign(coded.loc[rows, C.TEXTBLOB_POLARITY].fillna(0).to_numpy())
    tb_lab = np.where(tb > 0, "positive", np.where(tb < 0, "negative", "neutral"))
    ytr = sentiment_3class(train_rows[NEAS_SENTIMENT])
    r_tr = ytr.notna().to_numpy()
    svc3 = LinearSVC().fit(Xtr[r_tr], ytr[r_tr].to_numpy())
    base_lab = svc3.predict(Xte[rows])

    def sent(pred: np.ndarray) -> dict[str, float]:
        return {
            "sentiment_accuracy": float(accuracy_score(truth, pred)),
            "sentiment_macro_f1": float(f1_score(truth, pred, average="macro")),
        }

    results["pipeline"] = {
        "theme_micro_f1": mi, "theme_macro_f1": ma, "theme_macro_f1_all": ma_all,
        "priority_micro_f1": pmi, "priority_macro_f1": pma, **sent(ours),
    }
    results["textblob"] = {
        "theme_micro_f1": nan, "theme_macro_f1": nan, "theme_macro_f1_all": nan,
        "priority_micro_f1": nan, "priority_macro_f1": nan, **sent(tb_lab),
    }
    results["tfidf_linearsvc"] = {
        "theme_micro_f1": bmi, "theme_macro_f1": bma, "theme_macro_f1_all": bma_all,
        "priority_micro_f1": bpmi, "priority_macro_f1": bpma, **sent(base_lab),
    }
    results["_info"] = {
        "train_rows": float(len(train_rows)), "test_rows": float(len(test)),
        "sentiment_test_rows": float(rows.sum()), "learned_themes_in_test": float((Y_all[:, learned_cols].sum(0) > 0).sum()),
        "themes_in_test": float((Y_all.sum(0) > 0).sum()),
        "not_scored_in_sentiment_test": float((coded.loc[rows, C.SENTIMENT_LABEL] == "not_scored").sum()),
    }
    return results


def cross_validate(folds: int = 5, codebook: Codebook | None = None) -> dict[str, dict[str, list[float]]]:
    """Score pipeline and baselines on ``folds`` respondent-grouped folds of all NEAS comments.

    Each fold in turn is the test part and the rest the training part (``GroupKFold`` on
    ``Respondent ID``, so no respondent is on both sides; deterministic). This uses the whole
    labelled set, test part of the fixed split included, so it shows how far the fixed split's
    single figure could move with another draw of respondents. It is a measure, never used to
    choose anything, and takes about ``folds`` times as long as :func:`evaluate`.

    Parameters
    ----------
    folds : int
        Number of folds, at least 2.

    Returns
    -------
    dict
        ``{system: {metric: [value per fold]}}`` with the systems and metrics of
        :func:`evaluate`, plus ``_info`` (``{key: [value per fold]}``).

    Raises
    ------
    ValueError
        If ``folds`` is below 2.
    """
    from sklearn.model_selection import GroupKFold

    from analysis.datasets import NEAS_RESPONDENT

    if folds < 2:
        raise ValueError(f"--folds must be at least 2, got {folds}")
    codebook = codebook or load_codebook()
    df = load_neas()
    out: dict[str, dict[str, list[float]]] = {}
    splits = GroupKFold(n_splits=folds).split(df, groups=df[NEAS_RESPONDENT].astype(str))
    for k, (tr, te) in enumerate(splits, 1):
        res = score_split(df.iloc[tr], df.iloc[te], codebook, note=f"evaluation: fold {k} of {folds}")
        for system, metrics in res.items():
            for metric, value in metrics.items():
                out.setdefault(system, {}).setdefault(metric, []).append(value)
        print(f"fold {k}/{folds} done", file=sys.stderr)
    return out


def format_folds(results: dict[str, dict[str, list[float]]]) -> str:
    """Return a fixed-width table of :func:`cross_validate` results: mean (lowest-highest)."""
    systems = ["pipeline", "tfidf_linearsvc", "textblob"]
    lines = [f"{'metric':<22}" + "".join(f"{s:>24}" for s in systems)]
    for m in results["pipeline"]:
        cells = []
        for s in systems:
            v = np.array(results[s][m], dtype=float)
            cells.append("-" if np.isnan(v).all() else f"{v.mean():.3f} ({v.min():.3f}-{v.max():.3f})")
        lines.append(f"{m:<22}" + "".join(f"{c:>24}" for c in cells))
    info = results["_info"]
    n = len(info["test_rows"])
    lines.append(
        f"{n} folds of NEAS by respondent: test parts of {min(info['test_rows']):.0f}-{max(info['test_rows']):.0f} "
        f"comments; mean (lowest-highest fold)"
    )
    return "\n".join(lines)


def format_results(results: dict[str, dict[str, float]]) -> str:
    """Return a fixed-width table of :func:`evaluate` results."""
    systems = ["pipeline", "tfidf_linearsvc", "textblob"]
    metrics = list(results["pipeline"])
    lines = [f"{'metric':<22}" + "".join(f"{s:>17}" for s in systems)]
    for m in metrics:
        cells = "".join(f"{'-' if np.isnan(results[s][m]) else format(results[s][m], '.3f'):>17}" for s in systems)
        lines.append(f"{m:<22}{cells}")
    info = results["_info"]
    lines.append(
        "split: NEAS by respondent, train {train_rows:.0f} / test {test_rows:.0f} comments "
        "(sentiment test {sentiment_test_rows:.0f}, not_scored {not_scored_in_sentiment_test:.0f}); "
        "themes scored: {learned_themes_in_test:.0f} learned of {themes_in_test:.0f} present in test".format(**info)
    )
    for key, what in (("_partnership", "invented holdout"), ("_partnership_real", "real, reviewer-labelled")):
        part = results.get(key)
        if part:
            lines.append(
                f"partnership themes (cue-only) on {part['comments']:.0f} {what} comments, {part['mentions']:.0f} "
                f"mentions: precision {part['precision']:.3f}, recall {part['recall']:.3f}, F1 {part['f1']:.3f}; "
                f"right priority through any theme {part['priority_recall']:.3f}"
            )
    return "\n".join(lines)


#: Where the latest results are saved (read by the PDF report's method section).
RESULTS_PATH = Path(str(resources.files("analysis"))) / "data" / "evaluation.json"


def write_results(results: dict[str, dict[str, float]], path: Path) -> None:
    """Write :func:`evaluate` results as JSON (NaN as null, values rounded to 4 places)."""
    clean = {
        system: {k: (None if isinstance(v, float) and math.isnan(v) else round(v, 4)) for k, v in metrics.items()}
        for system, metrics in results.items()
    }
    path.write_text(json.dumps(clean, indent=2) + "\n", encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.folds is not None and args.folds < 2:
        print(f"error: --folds must be at least 2, got {args.folds}", file=sys.stderr)
        return 2
    try:
        results = cross_validate(args.folds) if args.folds is not None else evaluate()
    except (FileNotFoundError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.folds is not None:
        print(format_folds(results))
        print(f"({time.perf_counter() - start:.0f}s; nothing saved)", file=sys.stderr)
        return 0
    print(format_results(results))
    if args.json:
        write_results(results, args.json)
    print(f"({time.perf_counter() - start:.0f}s; results saved to {args.json})", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``evaluate`` subcommand."""
    p = subparsers.add_parser("evaluate", help="score the pipeline and baselines on held-out NEAS data")
    p.add_argument(
        "--json", type=Path, default=RESULTS_PATH, help="also save results as JSON here (default: %(default)s)"
    )
    p.add_argument(
        "--folds", type=int, default=None, metavar="K",
        help="instead, cross-validate on K respondent-grouped folds of all NEAS comments and print "
        "each figure's mean and range (about K times as long; saves nothing)",
    )
    p.set_defaults(func=_run)
