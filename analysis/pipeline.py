"""Code a DataFrame of comments: redaction, language, sentiment, themes, priorities, urgency.

The one public entry point is :func:`code_comments`. Steps per comment (normalise ->
language -> redact -> TextBlob + rules -> cues -> urgent) run on unique texts, in two
worker processes for large inputs; the scikit-learn models then run vectorised.
"""
from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

import joblib
import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis import columns as C
from analysis.codebook import Codebook, load_codebook
from analysis.language import STOP_WORDS, detect_language
from analysis.model import CUE_ONLY_CONFIDENCE, MODEL_PATH, SENTIMENT_CLASSES, CodingModel, CueMatcher, rule_features
from analysis.priorities import PRIORITY_IDS
from analysis.redact import redact
from analysis.sentiment import CLEAR, RuleSentiment, is_wish, rule_sentiment, textblob_polarity
from analysis.text import expand_contractions, normalise
from analysis.urgent import urgent_kind, urgent_reason

__all__ = ["code_comments", "load_model", "prepare_texts"]

log = logging.getLogger(__name__)

#: Inputs with at least this many unique texts are coded in worker processes.
PARALLEL_MIN = 10_000
#: Label given to blank comments' QDC sub-category (QDC v7 "Labelling not possible").
BLANK_QDC = "Labelling not possible"
#: ``urgent_reason`` given when the urgency check raised: flagged for a human to read.
URGENT_CHECK_FAILED = "urgency check failed: read this comment"
_NEUTRAL_RULE = RuleSentiment(0.0, "neutral", False, 0.0, 0.0)
#: Themes that say the comment's overall tone, and the sentiment label that contradicts them.
#: Coded by the model alone (no cue) beside that label, they are dropped: in the NEAS labelled
#: comments "Positive experience & gratitude" sits on 10 of its 1,145 comments rated 4-5
#: (negative), but the model gave gratitude to a new user's "I have not had any respite in two
#: years" (from "years"). In the training part's cross-validation (``python -m analysis
#: reliability``) this moved its F1 0.807 -> 0.811; the same rule for "Negative experience &
#: dissatisfaction" beside a positive label (none of its 23 comments is rated 1-2) cost it one
#: of its two agreed comments (F1 0.105 -> 0.059), so it is not applied.
TONE_THEMES = {"positive_experience": "negative"}


class ModelNotBuiltError(FileNotFoundError):
    """Raised when the trained model file is missing (run ``python -m analysis.train``)."""


@dataclass(frozen=True)
class Prepared:
    """Per-text results of the rule-based steps (one entry per text, same order)."""

    redacted: list[str]
    language: list[str]
    model_text: list[str]
    textblob: np.ndarray
    rules: list[RuleSentiment]
    cues: list[dict[str, str]]
    urgent: list[str]
    errors: list[str]


def _guarded(step: str, errors: list[str], fallback: object, fn, *args):  # type: ignore[no-untyped-def]
    """Return ``fn(*args)``; if it raises, record ``"step: ExceptionName"`` and return ``fallback``.

    Only the exception type is recorded, never its message (it could quote the comment).
    """
    try:
        return fn(*args)
    except Exception as exc:  # a broken step must not abort the run  # noqa: BLE001
        errors.append(f"{step}: {type(exc).__name__}")
        return fallback


def _prepare_one(raw: object, matcher: CueMatcher) -> tuple:  # type: ignore[type-arg]
    """Run the rule-based steps on one comment; each step that fails falls back and is recorded."""
    text = normalise(raw)
    if not text:
        return "", "empty", "", math.nan, _NEUTRAL_RULE, {}, "", ""
    errors: list[str] = []
    red = _guarded("redact", errors, "[REDACTION_FAILED]", redact, text)
    lang = _guarded("language", errors, "other", detect_language, text)
    model_text = _guarded("contractions", errors, red, expand_contractions, red).lower()
    tb = _guarded("textblob", errors, 0.0, textblob_polarity, text)
    rules = _guarded("sentiment", errors, _NEUTRAL_RULE, rule_sentiment, text, tb) if lang == "en" else _NEUTRAL_RULE
    cues = _guarded("cues", errors, {}, matcher.find, model_text)
    # If the urgency check itself fails, flag the comment so a person reads it.
    urgent = _guarded("urgent", errors, URGENT_CHECK_FAILED, urgent_reason, text)
    return red, lang, model_text, tb, rules, cues, urgent, "; ".join(errors)


def _prepare_serial(texts: Sequence[object], matcher: CueMatcher) -> Prepared:
    rows = [_prepare_one(t, matcher) for t in texts]
    return Prepared(
        redacted=[r[0] for r in rows],
        language=[r[1] for r in rows],
        model_text=[r[2] for r in rows],
        textblob=np.array([r[3] for r in rows], dtype=float),
        rules=[r[4] for r in rows],
        cues=[r[5] for r in rows],
        urgent=[r[6] for r in rows],
        errors=[r[7] for r in rows],
    )


def prepare_texts(texts: Sequence[object], codebook: Codebook | None = None) -> Prepared:
    """Run the rule-based steps (normalise, language, redact, TextBlob + rules, cues, urgent).

    Parameters
    ----------
    texts : sequence of str or None
        Raw comments.
    codebook : Codebook, optional
        Codebook whose cues are matched (default :func:`analysis.codebook.load_codebook`).

    Returns
    -------
    Prepared
        Lists aligned with ``texts`` (used by training and by :func:`code_comments`).
    """
    return _prepare_serial(texts, CueMatcher(codebook or load_codebook()))


@cache
def _load_default_model() -> CodingModel:
    if not MODEL_PATH.exists():
        raise ModelNotBuiltError(f"{MODEL_PATH} not found: run `python -m analysis.train`")
    return joblib.load(MODEL_PATH)


def load_model(path: str | os.PathLike[str] | None = None) -> CodingModel:
    """Load the trained :class:`~analysis.model.CodingModel` (default: the packaged artefact).

    Raises
    ------
    ModelNotBuiltError
        If the file does not exist.
    """
    if path is None:
        return _load_default_model()
    return joblib.load(path)


@dataclass(frozen=True)
class _ModelInputs:
    """What both models read for the non-blank texts of a batch, computed once."""

    rows: list[int]  # positions of the non-blank texts in the batch
    texts: list[str]  # their model texts
    dense: np.ndarray  # (len(rows), k) :func:`rule_features`
    chars: sp.csr_matrix  # (len(rows), n_char_ngrams) character n-gram TF-IDF

    @classmethod
    def of(cls, prep: Prepared, model: CodingModel) -> _ModelInputs:
        rows = [i for i, lang in enumerate(prep.language) if lang != "empty"]
        texts = [prep.model_text[i] for i in rows]
        dense = rule_features(prep.textblob[rows], [prep.rules[i] for i in rows])
        chars = model.char_features(texts) if rows else sp.csr_matrix((0, 0))
        return cls(rows, texts, dense, chars)


#: Urgent kinds that are always a concern of the writer's, never praise: a comment flagged with
#: one is not labelled positive or neutral. (Serious harm and medication errors are left out: in
#: ambulance and urgent-care feedback they are often why help was called, in comments that
#: praise the help: 10 of the 23 such NEAS flags are labelled positive or neutral.)
CONCERN_KINDS = frozenset({"safeguarding_abuse_or_neglect", "threat_or_violence", "self_harm_or_suicide"})


def _sentiment(
    prep: Prepared, model: CodingModel, inputs: _ModelInputs, theme_proba: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Sentiment scores and labels; ``theme_proba`` is :func:`_themes`' matrix, one row per ``inputs.rows``."""
    n = len(prep.rules)
    score = np.full(n, np.nan)
    labels = ["not_scored"] * n
    english = [k for k, i in enumerate(inputs.rows) if prep.language[i] == "en"]
    if not english:
        return score, labels
    idx = [inputs.rows[k] for k in english]
    dense = inputs.dense[english]
    if getattr(model.sentiment, "theme_features", False):
        dense = np.hstack([dense, theme_proba[english]])
    texts = [inputs.texts[k] for k in english]
    proba = model.sentiment.predict_proba(texts, dense, inputs.chars[english])
    neg, pos = SENTIMENT_CLASSES.index("negative"), SENTIMENT_CLASSES.index("positive")
    for k, i in enumerate(idx):
        rule = prep.rules[i]
        label = SENTIMENT_CLASSES[int(proba[k].argmax())]
        s = float(proba[k, pos] - proba[k, neg])
        if rule.label == "mixed" and label == "neutral":
            label = "mixed"
        elif rule.decisive and rule.label in ("positive", "negative") and label != rule.label and abs(rule.polarity) >= 0.5:
            label, s = rule.label, float(rule.polarity)
        if label == "positive" and not rule.decisive and is_wish(texts[k]):
            # a bare wish ("Respite that fits around work") is an unmet need, not praise: NEAS
            # labellers marked such answers negative (sentiment.is_wish)
            label, s = "negative", -max(abs(s), CLEAR)
        if label in ("positive", "neutral") and urgent_kind(prep.urgent[i]) in CONCERN_KINDS:
            # a disclosure of abuse, a threat or a risk to life is never a positive or a
            # neutral comment ("I am scared to go home. My husband hits me" read as positive
            # for a new user, "crisis team said to have a bath and a cup of tea. i was
            # suicidal" as neutral in a blind set): mixed when it also holds clear praise, else
            # negative
            label, s = ("mixed", min(s, 0.0)) if rule.label in ("positive", "mixed") else ("negative", min(-s, -0.5))
        score[i] = max(-1.0, min(1.0, s))
        labels[i] = label
    return score, labels


def _themes(  # type: ignore[no-untyped-def]
    prep: Prepared, model: CodingModel, codebook: Codebook, matcher: CueMatcher, inputs: _ModelInputs
):
    """Themes, confidences, reasons and the (len(inputs.rows), n_labels) probability matrix."""
    n = len(prep.model_text)
    themes: list[list[str]] = [[] for _ in range(n)]
    conf: list[dict[str, float]] = [{} for _ in range(n)]
    reasons: list[dict[str, str]] = [{} for _ in range(n)]
    tm = model.themes
    idx = inputs.rows
    if not idx:
        return themes, conf, reasons, np.zeros((0, len(tm.labels)))
    cues = matcher.matrix([prep.cues[i] for i in idx], order=getattr(model, "cue_ids", ()))
    X = tm._features(inputs.texts, cues, inputs.dense, inputs.chars)
    proba = tm._proba(tm.classifiers, X)
    dec = tm.decide(proba, [prep.cues[i] for i in idx], matcher.decisive, matcher.needs_cue)
    learned = set(tm.labels)
    precision = getattr(tm, "cue_precision", None) or []
    by_urgent: dict[str, list[str]] = {}
    for t in codebook.themes.values():
        for kind in t.urgent_kinds:
            by_urgent.setdefault(kind, []).append(t.id)
    pairs = [
        (k, int(j))
        for k, i in enumerate(idx)
        for j in np.flatnonzero(dec[k])
        if tm.labels[j] not in prep.cues[i]
    ]
    # the strongest words that are not stop words: "model terms: are, but, the" told an analyst
    # nothing (a new user's find)
    explained = {
        pair: [w for w in words if any(token not in STOP_WORDS for token in w.split())][:3]
        for pair, words in zip(pairs, tm.explain(X, pairs, k=8), strict=True)
    }
    for k, i in enumerate(idx):
        found = prep.cues[i]
        for j in np.flatnonzero(dec[k]):
            tid = tm.labels[j]
            conf[i][tid] = round(float(proba[k, j]), 3)
            if tid in found and proba[k, j] < tm.thresholds[j]:
                # coded by its cue alone: how often that cue alone was right in training
                measured = precision[j] if j < len(precision) else {}
                conf[i][tid] = measured.get(found[tid], CUE_ONLY_CONFIDENCE)
            if tid in found:
                reasons[i][tid] = f"cue '{found[tid]}'"
            else:
                terms = explained[(k, int(j))]
                reasons[i][tid] = "model terms: " + ", ".join(terms) if terms else "model (no single strong term)"
        for tid, cue in found.items():
            if tid not in learned and tid not in conf[i]:
                conf[i][tid] = CUE_ONLY_CONFIDENCE
                reasons[i][tid] = f"cue '{cue}' (cue-only theme)"
        kind = urgent_kind(prep.urgent[i])
        for tid in by_urgent.get(kind, ()):
            if tid not in conf[i]:
                conf[i][tid] = CUE_ONLY_CONFIDENCE
                reasons[i][tid] = f"urgent flag ({kind})"
        order = [t for t in codebook.theme_ids if t in conf[i]]
        themes[i] = order
        conf[i] = {t: conf[i][t] for t in order}
        reasons[i] = {t: reasons[i][t] for t in order}
    return themes, conf, reasons, proba


def code_comments(
    df: pd.DataFrame,
    text_column: str = C.TEXT,
    *,
    progress: bool = False,
    model: CodingModel | None = None,
    codebook: Codebook | None = None,
    processes: int | None = None,
) -> pd.DataFrame:
    """Code free-text comments into themes, QDC sub-categories, priorities, domains and sentiment.

    Parameters
    ----------
    df : pandas.DataFrame
        Any columns; ``text_column`` holds the comments (str; None/NaN/blank allowed).
    text_column : str, default "comment"
        Name of the comment column.
    progress : bool, default False
        Show a progress bar on stderr.
    model : CodingModel, optional
        Trained models; default the packaged ``analysis/data/coding_model.joblib``.
    codebook : Codebook, optional
        Default :func:`analysis.codebook.load_codebook`.
    processes : int, optional
        Worker processes for the rule-based steps (default 2 for large inputs, else 1).

    Returns
    -------
    pandas.DataFrame
        A new frame, same index, every input column plus (see :mod:`analysis.columns`):
        ``redacted_text`` (str), ``language`` ('en', 'other', 'empty'), ``themes``
        (list of theme ids), ``theme_confidence`` (dict id -> 0..1: the model's probability,
        or for a theme coded by a cue alone how often that cue alone was right in the
        training cross-validation, or 0.6 for a cue-only theme or a cue never measured),
        ``theme_reasons`` (dict id -> str), ``qdc_subcategories`` (list of QDC v6 names),
        ``priorities`` (list of priority ids), ``priority_reasons`` (dict priority id ->
        list of theme ids), ``domains`` (list of NQB domain ids), ``sentiment`` (float
        -1..1: P(positive) - P(negative), NaN when not scored), ``sentiment_label``
        (positive, neutral, negative, mixed, not_scored), ``textblob_polarity`` (raw
        TextBlob polarity, NaN for blank), ``urgent`` (bool), ``urgent_reason`` (str,
        '' when not urgent), ``emergent`` (bool: non-blank and no non-residual theme).

    Raises
    ------
    analysis.columns.MissingColumnError
        (a KeyError) if ``text_column`` is not a column of ``df``.
    ModelNotBuiltError
        If no model is given and the packaged one has not been built.

    Notes
    -----
    The input frame is not modified. Comments not in English get no themes, priorities or
    emergent cluster, ``not_scored`` sentiment and QDC "Labelling not possible" (the word
    model is English; they are left for someone to translate), as blank comments do. Sources: TextBlob
    0.20 PatternAnalyzer lexicon; models trained on NEAS QDC-labelled FFT comments (NHS
    England pxtextmining, MIT); codebook ``analysis/data/codebook.yaml``.

    Examples
    --------
    >>> out = code_comments(pd.DataFrame({"comment": ["The crew were kind but late", None]}))
    >>> out.loc[0, "sentiment_label"], out.loc[1, "sentiment_label"]
    ('mixed', 'not_scored')
    """
    C.require_columns(df, (text_column,), "input frame")
    model = model or load_model()
    codebook = codebook or load_codebook()
    keys = ["" if not isinstance(t, str) else t for t in df[text_column].tolist()]
    uniq = list(dict.fromkeys(keys))
    if processes is None:
        processes = min(2, os.cpu_count() or 1) if len(uniq) >= PARALLEL_MIN else 1
    chunks = [uniq[i : i + CHUNK] for i in range(0, len(uniq), CHUNK)]
    bar = None
    if progress:
        from tqdm import tqdm

        # counts distinct texts (identical comments are coded once), not rows
        bar = tqdm(total=len(uniq), unit="text", desc="coding different texts", mininterval=0.5)
    parts: list[dict[str, list]] = []  # type: ignore[type-arg]
    if processes > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(
            max_workers=processes, initializer=_worker_init, initargs=(model, codebook)
        ) as pool:
            for part in pool.map(_worker_code, chunks):
                parts.append(part)
                if bar:
                    bar.update(len(part[C.LANGUAGE]))
    else:
        matcher = CueMatcher(codebook)
        for c in chunks:
            parts.append(_code_unique(c, model, codebook, matcher))
            if bar:
                bar.update(len(c))
    if bar:
        bar.close()
    pos = {t: i for i, t in enumerate(uniq)}
    rows = [pos[k] for k in keys]
    merged = {col: [v for part in parts for v in part[col]] for col in (*C.CODED_COLUMNS, "_error")}
    for i, r in enumerate(rows):
        if merged["_error"][r]:
            log.warning("row %s: %s (coded as far as possible)", df.index[i], merged["_error"][r])
    out = df.copy()
    for col in C.CODED_COLUMNS:
        values = merged[col]
        if col in (C.SENTIMENT, C.TEXTBLOB_POLARITY):
            out[col] = np.array(values, dtype=float)[rows]
        elif col in (C.URGENT, C.EMERGENT):
            out[col] = np.array(values, dtype=bool)[rows]
        else:
            out[col] = [values[r] for r in rows]
    return out


#: Unique texts per work unit (and per progress-bar step).
CHUNK = 4000
_WORKER: tuple[CodingModel, Codebook, CueMatcher] | None = None


def _worker_init(model: CodingModel, codebook: Codebook) -> None:
    global _WORKER  # noqa: PLW0603
    _WORKER = (model, codebook, CueMatcher(codebook))


def _worker_code(texts: list[str]) -> dict[str, list]:  # type: ignore[type-arg]
    assert _WORKER is not None  # noqa: S101
    return _code_unique(texts, *_WORKER)


def _code_unique(
    texts: list[str], model: CodingModel, codebook: Codebook, matcher: CueMatcher
) -> dict[str, list]:  # type: ignore[type-arg]
    """Code distinct texts; return column name -> list of values (plus ``_error``)."""
    prep = _prepare_serial(texts, matcher)
    inputs = _ModelInputs.of(prep, model)
    themes, conf, reasons, theme_proba = _themes(prep, model, codebook, matcher, inputs)
    score, labels = _sentiment(prep, model, inputs, theme_proba)
    qdc, prios, prio_reasons, domains, emergent = [], [], [], [], []
    for i, ts in enumerate(themes):
        contradicted = [t for t in ts if TONE_THEMES.get(t) == labels[i] and t not in prep.cues[i]]
        if contradicted:
            ts = themes[i] = [t for t in ts if t not in contradicted]
            conf[i] = {t: c for t, c in conf[i].items() if t not in contradicted}
            reasons[i] = {t: r for t, r in reasons[i].items() if t not in contradicted}
        if prep.language[i] == "other":
            # the English word model reads a Spanish comment's "me" and "no" as gratitude: a
            # comment not in English is left uncoded, for someone to translate (a new user's find)
            ts = themes[i] = []
            conf[i], reasons[i] = {}, {}
        ths = [codebook.themes[t] for t in ts]
        q = [t.qdc_subcategory for t in ths if t.qdc_subcategory]
        if prep.language[i] in ("empty", "other"):
            q = [BLANK_QDC]
        qdc.append(q)
        pr: dict[str, list[str]] = {}
        for t in ths:
            for p in t.priorities:
                pr.setdefault(p, []).append(t.id)
        pr = {p: pr[p] for p in PRIORITY_IDS if p in pr}
        prios.append(list(pr))
        prio_reasons.append(pr)
        domains.append([d for d in C.DOMAIN_IDS if any(d in t.domains for t in ths)])
        emergent.append(prep.language[i] == "en" and not any(not t.residual for t in ths))
    return {
        C.REDACTED_TEXT: prep.redacted,
        C.LANGUAGE: prep.language,
        C.THEMES: themes,
        C.THEME_CONFIDENCE: conf,
        C.THEME_REASONS: reasons,
        C.QDC_SUBCATEGORIES: qdc,
        C.PRIORITIES: prios,
        C.PRIORITY_REASONS: prio_reasons,
        C.DOMAINS: domains,
        C.SENTIMENT: list(score),
        C.SENTIMENT_LABEL: labels,
        C.TEXTBLOB_POLARITY: list(prep.textblob),
        C.URGENT: [bool(u) for u in prep.urgent],
        C.URGENT_REASON: prep.urgent,
        C.EMERGENT: emergent,
        "_error": prep.errors,
    }
