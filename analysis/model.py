"""Supervised models combined with the codebook: theme classifier and sentiment classifier.

Both are scikit-learn linear models on TF-IDF word uni/bi-grams of the redacted,
normalised, contraction-expanded, lower-cased text, plus hand-made features:

* both: character 3-5-grams within words (one shared vectorizer; robust to misspelling);
* themes: one indicator per codebook theme whose cue phrases occur (so the model learns
  how far to trust each cue), one-vs-rest logistic regression, a per-theme decision
  threshold chosen by respondent-grouped cross-validation on the training data only
  (themes with < 30 examples get the median threshold of the others), cue phrases
  trusted on their own where the same cross-validation shows their matches are precise
  enough to raise F1 (:func:`_trusted_cues`), the codebook's ``decisive_cues`` trusted
  whatever the model says (phrases the labelled data rarely holds), and at least one theme per non-blank
  comment (the top one) as in the labelled data;
* sentiment: TextBlob raw polarity, the rule-corrected polarity and its strongest
  positive / negative clause, the rule label, the comment length, the theme model's
  probabilities (out-of-fold when training, so they are as noisy as on new comments),
  multinomial logistic regression.

:class:`CodingModel` bundles both with the codebook version; ``python -m analysis.train``
fits and saves it (joblib) to ``analysis/data/coding_model.joblib``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.codebook import CUE_TOKEN, SENTENCE_END, Codebook, join_tokens, load_codebook
from analysis.text import expand_contractions

__all__ = ["CodingModel", "CueMatcher", "SentimentModel", "ThemeModel", "MODEL_PATH", "length_feature"]

MODEL_PATH = Path(str(resources.files("analysis"))) / "data" / "coding_model.joblib"
#: A theme is learned from data only with at least this many training examples.
MIN_POSITIVES = 8
#: Themes with fewer training examples than this get the median threshold of the others.
RARE_POSITIVES = 30
#: Weight of a cue indicator relative to TF-IDF features.
CUE_WEIGHT = 1.0
#: Confidence given to a theme found only by a cue (no trained classifier for it).
CUE_ONLY_CONFIDENCE = 0.6
_THRESHOLDS = np.round(np.arange(0.1, 0.81, 0.05), 2)
SENTIMENT_CLASSES = ("negative", "neutral", "positive")
_RULE_LABELS = ("positive", "neutral", "negative", "mixed")
#: First item of the phrase-index key of a decisive cue (theme ids start with a letter).
_DECISIVE = "!"


class _PhraseIndex:
    """Token n-gram lookup of cue phrases, each phrase added under one or more keys.

    Phrases are contraction-expanded and matched on whole tokens; a trailing ``*`` on the
    last word matches any word starting with it (at least the given letters).
    """

    def __init__(self) -> None:
        self._exact: dict[str, list[Any]] = {}
        self._wild: dict[str, dict[str, list[Any]]] = {}
        #: first token -> length in tokens of the longest phrase starting with it
        self._span: dict[str, int] = {}
        self._prefix_lengths: list[int] = []

    def add(self, phrase: str, key: Any) -> None:
        """Index ``phrase`` under ``key`` (phrases without word characters are ignored)."""
        wildcard = phrase.endswith("*")
        toks = CUE_TOKEN.findall(expand_contractions(phrase.rstrip("*")).lower())
        if not toks:
            return
        if wildcard:
            head = join_tokens(toks[:-1])
            self._wild.setdefault(head, {}).setdefault(toks[-1], []).append(key)
        else:
            self._exact.setdefault(join_tokens(toks), []).append(key)
        if not wildcard or len(toks) > 1:
            self._span[toks[0]] = max(self._span.get(toks[0], 0), len(toks))
        elif len(toks[0]) not in self._prefix_lengths:
            self._prefix_lengths = sorted([*self._prefix_lengths, len(toks[0])])

    def scan(self, toks: list[str]) -> dict[Any, str]:
        """Return key -> first matched text for the tokens of a lower-case text."""
        out: dict[Any, str] = {}
        exact, wild, span, single = self._exact, self._wild, self._span, self._wild.get("", {})
        lengths = self._prefix_lengths
        for i, tok in enumerate(toks):
            for k in lengths:
                if k > len(tok):
                    break
                for key in single.get(tok[:k], ()):
                    out.setdefault(key, tok)
            longest = span.get(tok)
            if longest is None:
                continue
            for n in range(1, min(longest, len(toks) - i) + 1):
                phrase = join_tokens(toks[i : i + n])
                for key in exact.get(phrase, ()):
                    out.setdefault(key, phrase)
                if n > 1:
                    prefixes = wild.get(join_tokens(toks[i : i + n - 1]))
                    if prefixes:
                        last = toks[i + n - 1]
                        for p, keys in prefixes.items():
                            if last.startswith(p):
                                for key in keys:
                                    out.setdefault(key, phrase)
        return out

    def spans(self, toks: list[str]) -> list[tuple[Any, int, int]]:
        """Return ``(key, start, end)`` token spans of every phrase match (slower than :meth:`scan`)."""
        out: list[tuple[Any, int, int]] = []
        single = self._wild.get("", {})
        for i, tok in enumerate(toks):
            for k in self._prefix_lengths:
                if k > len(tok):
                    break
                out.extend((key, i, i + 1) for key in single.get(tok[:k], ()))
            for n in range(1, min(self._span.get(tok, 0), len(toks) - i) + 1):
                out.extend((key, i, i + n) for key in self._exact.get(join_tokens(toks[i : i + n]), ()))
                prefixes = self._wild.get(join_tokens(toks[i : i + n - 1])) if n > 1 else None
                for p, keys in (prefixes or {}).items():
                    if toks[i + n - 1].startswith(p):
                        out.extend((key, i, i + n) for key in keys)
        return out


class CueMatcher:
    """Find codebook cue phrases and co-occurrence rules in text (fast on large inputs).

    Parameters
    ----------
    codebook : Codebook
        Themes with their ``cues`` and ``cue_rules``; themes with neither never match.
        Cues are contraction-expanded and matched on whole tokens; a trailing ``*`` on the
        last word matches any word starting with it (at least the given letters). A rule
        matches when one phrase of each of its lists occurs in one sentence (split at
        :data:`analysis.codebook.SENTENCE_END`: ``. ! ? ;`` and their Unicode forms). A
        theme's ``not_cues`` hide the cue words inside them from that theme's cues and
        decisive cues ("occupational therapist" is no cue "therapist"), not from its rules.
    """

    def __init__(self, codebook: Codebook) -> None:
        self.theme_ids = codebook.theme_ids
        self._order = {t: i for i, t in enumerate(self.theme_ids)}
        self._index = _PhraseIndex()
        #: theme id -> rules, each a list of group keys (theme id, rule no., group no.)
        self._rules: dict[str, list[list[tuple[str, int, int]]]] = {}
        #: theme id -> its decisive cues as :meth:`find` reports them (tokens joined by spaces)
        self.decisive: dict[str, frozenset[str]] = {}
        #: theme id -> those of its decisive cues in which none of its plain cues occurs
        self._decisive_only: dict[str, frozenset[str]] = {}
        for t in codebook.themes.values():
            for cue in t.cues:
                self._index.add(cue, t.id)
            for cue in t.decisive_cues:
                self._index.add(cue, t.id)
                self._index.add(cue, (_DECISIVE, t.id))
            if t.decisive_cues:
                self.decisive[t.id] = frozenset(
                    join_tokens(CUE_TOKEN.findall(expand_contractions(c).lower())) for c in t.decisive_cues
                )
                plain = _PhraseIndex()
                for cue in t.cues:
                    plain.add(cue, t.id)
                self._decisive_only[t.id] = frozenset(
                    d for d in self.decisive[t.id] if t.id not in plain.scan(CUE_TOKEN.findall(d))
                )
            for r, rule in enumerate(t.cue_rules):
                keys = []
                for g, group in enumerate(rule):
                    keys.append((t.id, r, g))
                    for phrase in group:
                        self._index.add(phrase, (t.id, r, g))
                self._rules.setdefault(t.id, []).append(keys)
        #: themes the trained model may code only where one of their cues or rules matched
        self.needs_cue = frozenset(t.id for t in codebook.themes.values() if t.needs_cue)
        #: not-cue phrases, each under the id of the theme whose cues it hides
        self._not: _PhraseIndex | None = None
        for t in codebook.themes.values():
            for cue in t.not_cues:
                self._not = self._not or _PhraseIndex()
                self._not.add(cue, t.id)

    def find(self, text: str) -> dict[str, str]:
        """Return theme id -> matched cue text for lower-case, contraction-expanded ``text``.

        For a rule the matched text joins one phrase per list with ``" + "``. Where one of a
        theme's decisive cues matched, that is the text given (see :attr:`decisive`).
        """
        toks = CUE_TOKEN.findall(text)
        hits = self._index.scan(toks)
        out: dict[str, str] = {}
        decisive: dict[str, str] = {}
        groups: dict[tuple[str, int], int] = {}
        for k, v in hits.items():
            if isinstance(k, str):
                out[k] = v
            elif k[0] == _DECISIVE:
                decisive[k[1]] = v
            else:
                groups[k[:2]] = groups.get(k[:2], 0) + 1
        if self._not is not None and (out or decisive):
            self._drop_not_cues(toks, out, decisive)
        out.update(decisive)
        # Rules whose every list matched somewhere in the text, in codebook order: confirm
        # within one sentence (each sentence scanned once, only when a rule needs it).
        sentences: list[dict[Any, str]] | None = None
        for tid, r in sorted(groups, key=lambda tr: (self._order[tr[0]], tr[1])):
            keys = self._rules[tid][r]
            if tid in out or groups[(tid, r)] < len(keys):
                continue
            if sentences is None:
                sentences = [self._index.scan(CUE_TOKEN.findall(s)) for s in SENTENCE_END.split(text)]
            for shits in sentences:
                if all(k in shits for k in keys):
                    out[tid] = " + ".join(shits[k] for k in keys)
                    break
        return {t: out[t] for t in self.theme_ids if t in out}

    def _drop_not_cues(self, toks: list[str], out: dict[str, str], decisive: dict[str, str]) -> None:
        """Match again, with its not-cues' words hidden, each theme whose not-cue occurs."""
        assert self._not is not None  # noqa: S101
        hidden: dict[str, list[str]] = {}
        for tid, start, end in self._not.spans(toks):
            if tid in out or tid in decisive:
                masked = hidden.setdefault(tid, list(toks))
                masked[start:end] = [""] * (end - start)
        for tid, masked in hidden.items():
            again = self._index.scan(masked)
            out.pop(tid, None)
            decisive.pop(tid, None)
            if tid in again:
                out[tid] = again[tid]
            if (_DECISIVE, tid) in again:
                decisive[tid] = again[(_DECISIVE, tid)]

    def matrix(self, found: list[dict[str, str]], order: Sequence[str] | None = None) -> sp.csr_matrix:
        """Return a (n_texts, n_themes) 0/1 sparse matrix from :meth:`find` results.

        Columns follow ``order`` (a model's :attr:`CodingModel.cue_ids`: the codebook order it
        was trained with) when given, else this codebook's order; a theme not in ``order`` is
        left out, and one of ``order`` that this codebook lacks is a column of zeros. So a
        codebook whose themes were reordered still feeds each cue to the model's column for it.
        A match of a decisive cue in which none of the theme's plain ``cues`` occurs is left
        out: such phrases ("direct payments") are in the codebook because the labelled
        comments lack them, so the model's weight for the column, learned from the plain
        cues, is no evidence about them; counted in, it pushed the theme's probability, and
        with it the sentiment model, which reads those probabilities, towards what NEAS says
        about the theme (funding there is only complained of: "Direct payments give us control
        ... it works really well" read as negative for a new user). They still code the theme
        (:meth:`ThemeModel.decide`).
        """
        ids = tuple(order) if order else self.theme_ids
        index = {t: i for i, t in enumerate(ids)}
        rows, cols = [], []
        for r, hits in enumerate(found):
            for tid, text in hits.items():
                if tid in index and text not in self._decisive_only.get(tid, ()):
                    rows.append(r)
                    cols.append(index[tid])
        data = np.ones(len(rows), dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(found), len(ids)))


def char_vectorizer() -> TfidfVectorizer:
    """Return an unfitted character 3-5-gram (within word boundaries) TF-IDF vectorizer."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True, lowercase=False, dtype=np.float32
    )


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w[\w']*\b",
        lowercase=False, dtype=np.float32,
    )


def _with_words(owner: Any, texts: list[str], blocks: list[sp.spmatrix], fit: bool) -> sp.csr_matrix:
    """Word TF-IDF features of ``texts`` (fitting ``owner.vectorizer`` when ``fit``)
    stacked in front of the other feature ``blocks``."""
    if fit:
        owner.vectorizer = _vectorizer()
        words = owner.vectorizer.fit_transform(texts)
    else:
        if owner.vectorizer is None:
            raise RuntimeError("model used before it was fitted")
        words = owner.vectorizer.transform(texts)
    return sp.hstack([words, *blocks], format="csr", dtype=np.float64)


@dataclass
class ThemeModel:
    """Multi-label theme classifier (see module docstring).

    Attributes
    ----------
    labels : list of str
        Theme ids with a trained classifier, in column order.
    thresholds : numpy.ndarray
        Decision threshold on probability per label.
    """

    labels: list[str] = field(default_factory=list)
    thresholds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    C: float = 64.0
    class_weight: str | None = "balanced"
    vectorizer: TfidfVectorizer | None = None
    classifiers: list[LogisticRegression] = field(default_factory=list)
    #: Per label, cue phrases whose matches count as the theme even below the threshold.
    trusted_cues: list[frozenset[str]] = field(default_factory=list)
    #: Per label, cue phrase -> smoothed share, (right + 0.5) / (matched + 1), of the training
    #: comments it matched where the out-of-fold model was below the threshold that were
    #: labelled with the theme: the confidence of a theme coded by that cue alone.
    cue_precision: list[dict[str, float]] = field(default_factory=list)
    #: (n_training_texts, len(labels)) out-of-fold probabilities left by :meth:`fit` for
    #: training the sentiment model; ``python -m analysis.train`` drops them before saving.
    oof_proba: np.ndarray | None = None

    def _features(
        self, texts: list[str], cues: sp.csr_matrix, dense: np.ndarray, chars: sp.csr_matrix, fit: bool = False
    ) -> sp.csr_matrix:
        return _with_words(self, texts, [cues * CUE_WEIGHT, sp.csr_matrix(dense), chars], fit)

    def _fit_classifiers(self, X: sp.csr_matrix, Y: np.ndarray) -> list[LogisticRegression]:
        out = []
        for j in range(Y.shape[1]):
            clf = LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear", random_state=0
            )
            clf.fit(X, Y[:, j])
            out.append(clf)
        return out

    @staticmethod
    def _proba(classifiers: list[LogisticRegression], X: sp.csr_matrix) -> np.ndarray:
        if not classifiers:
            return np.zeros((X.shape[0], 0))
        coefs = np.vstack([c.coef_[0] for c in classifiers])
        intercepts = np.array([c.intercept_[0] for c in classifiers])
        z = X @ coefs.T + intercepts
        return 1.0 / (1.0 + np.exp(-np.asarray(z)))

    def fit(
        self,
        texts: list[str],
        cues: sp.csr_matrix,
        dense: np.ndarray,
        chars: sp.csr_matrix,
        Y: np.ndarray,
        labels: list[str],
        groups: np.ndarray,
        cue_hits: list[dict[str, str]] | None = None,
    ) -> ThemeModel:
        """Fit on texts, cue matrix, sentiment features (:func:`rule_features`), character
        n-gram matrix, 0/1 labels ``Y`` (n, len(labels)) and respondent groups (threshold CV).

        ``cue_hits`` (one :meth:`CueMatcher.find` result per text) lets the model learn
        which cue phrases to trust on their own (see :func:`_trusted_cues`)."""
        self.labels = list(labels)
        oof = np.zeros(Y.shape, dtype=float)
        for tr, va in GroupKFold(n_splits=5).split(texts, groups=groups):
            sub = ThemeModel(C=self.C, class_weight=self.class_weight)
            Xtr = sub._features([texts[i] for i in tr], cues[tr], dense[tr], chars[tr], fit=True)
            clfs = sub._fit_classifiers(Xtr, Y[tr])
            oof[va] = self._proba(clfs, sub._features([texts[i] for i in va], cues[va], dense[va], chars[va]))
        thresholds = np.array([_best_threshold(oof[:, j], Y[:, j]) for j in range(Y.shape[1])])
        # A threshold tuned on fewer than RARE_POSITIVES examples is noise: use the median of
        # the well-estimated ones instead (chosen on a dev split of the training data).
        npos = Y.sum(axis=0)
        if (npos >= RARE_POSITIVES).any():
            thresholds[npos < RARE_POSITIVES] = float(np.median(thresholds[npos >= RARE_POSITIVES]))
        self.thresholds = thresholds
        self.oof_proba = oof
        self.trusted_cues = _trusted_cues(oof >= thresholds, Y, self.labels, cue_hits) if cue_hits else []
        self.cue_precision = _cue_precision(oof >= thresholds, Y, self.labels, cue_hits) if cue_hits else []
        X = self._features(texts, cues, dense, chars, fit=True)
        self.classifiers = self._fit_classifiers(X, Y)
        return self

    def predict_proba(
        self, texts: list[str], cues: sp.csr_matrix, dense: np.ndarray, chars: sp.csr_matrix
    ) -> np.ndarray:
        """Return (n, len(labels)) probabilities."""
        return self._proba(self.classifiers, self._features(texts, cues, dense, chars))

    def decide(
        self,
        proba: np.ndarray,
        cue_hits: list[dict[str, str]] | None = None,
        decisive: dict[str, frozenset[str]] | None = None,
        needs_cue: frozenset[str] = frozenset(),
    ) -> np.ndarray:
        """Return 0/1 decisions: above threshold, or a trusted cue (learned in :meth:`fit`)
        or a decisive cue (``decisive``, :attr:`CueMatcher.decisive`: theme id -> the
        codebook's ``decisive_cues``) matched, when ``cue_hits`` (one :meth:`CueMatcher.find`
        result per row) is given; else the top label. A label in ``needs_cue``
        (:attr:`CueMatcher.needs_cue`) is coded only in rows where ``cue_hits`` holds it."""
        dec = proba >= self.thresholds
        trusted = getattr(self, "trusted_cues", None) or [frozenset()] * len(self.labels)
        decisive = decisive or {}
        allowed = np.ones_like(dec)
        if cue_hits is not None:
            for j, (label, phrases) in enumerate(zip(self.labels, trusted, strict=True)):
                phrases = phrases | decisive.get(label, frozenset())
                if phrases:
                    dec[:, j] |= np.fromiter((h.get(label) in phrases for h in cue_hits), dtype=bool, count=len(cue_hits))
                if label in needs_cue:
                    allowed[:, j] = np.fromiter((label in h for h in cue_hits), dtype=bool, count=len(cue_hits))
        dec &= allowed
        none = ~dec.any(axis=1)
        if proba.shape[1]:
            dec[np.flatnonzero(none), np.where(allowed, proba, -1.0)[none].argmax(axis=1)] = True
        return dec

    def explain(self, X: sp.csr_matrix, pairs: list[tuple[int, int]], k: int = 3) -> list[list[str]]:
        """Return, for each (row, label) pair, up to ``k`` words in the row pushing the label up most."""
        assert self.vectorizer is not None  # noqa: S101
        names = self._names()
        n_words = len(names)
        coefs = np.vstack([c.coef_[0][:n_words] for c in self.classifiers]) if self.classifiers else None
        out = []
        for i, j in pairs:
            lo, hi = X.indptr[i], X.indptr[i + 1]
            idx = X.indices[lo:hi]
            val = X.data[lo:hi]
            mask = idx < n_words
            idx, val = idx[mask], val[mask]
            if not len(idx) or coefs is None:
                out.append([])
                continue
            w = coefs[j, idx] * val
            order = np.argsort(-w)[:k]
            out.append([str(names[idx[o]]) for o in order if w[o] > 0])
        return out

    def _names(self) -> np.ndarray:
        names = getattr(self, "_feature_names", None)
        if names is None:
            assert self.vectorizer is not None  # noqa: S101
            names = self.vectorizer.get_feature_names_out()
            self._feature_names = names
        return names


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    denom = float(pred.sum() + y.sum())
    return 2.0 * float((pred & (y == 1)).sum()) / denom if denom else 0.0


def _trusted_cues(
    oof_dec: np.ndarray, Y: np.ndarray, labels: list[str], cue_hits: list[dict[str, str]]
) -> list[frozenset[str]]:
    """Choose, per label, the cue phrases whose matches should count even when the model
    is below its threshold.

    A cue is trusted when, among training comments it matched but the out-of-fold model
    missed, the share truly labelled with the theme (smoothed: (hits + 0.5) / (n + 1),
    n >= 2) is above half of the larger of the theme's out-of-fold F1 and the overall
    out-of-fold micro-F1. Adding predictions of precision p raises an F1 of f only when
    p > f / 2, so this raises the theme's F1 without lowering micro-F1 (respondent-grouped
    cross-validation on the training split: theme macro-F1 +0.011, micro-F1 unchanged).

    Parameters
    ----------
    oof_dec : numpy.ndarray
        (n, len(labels)) bool out-of-fold decisions.
    Y : numpy.ndarray
        (n, len(labels)) 0/1 truth.
    labels : list of str
        Theme ids in column order.
    cue_hits : list of dict
        Per comment, theme id -> matched cue phrase.
    """
    micro = _f1(oof_dec.ravel(), Y.ravel())
    out = []
    for j, label in enumerate(labels):
        bar = max(_f1(oof_dec[:, j], Y[:, j]), micro) / 2.0
        stats = _missed_cue_counts(oof_dec[:, j], Y[:, j], [hits.get(label) for hits in cue_hits])
        out.append(frozenset(c for c, (tp, n) in stats.items() if n >= 2 and (tp + 0.5) / (n + 1) > bar))
    return out


def _missed_cue_counts(dec: np.ndarray, y: np.ndarray, cues: list[str | None]) -> dict[str, list[int]]:
    """Cue phrase -> [labelled, matched] over the comments whose cue for one theme is
    ``cues[i]`` and that the out-of-fold decision ``dec`` missed."""
    stats: dict[str, list[int]] = {}
    for i, cue in enumerate(cues):
        if cue and not dec[i]:
            s = stats.setdefault(cue, [0, 0])
            s[0] += int(y[i])
            s[1] += 1
    return stats


def _cue_precision(
    oof_dec: np.ndarray, Y: np.ndarray, labels: list[str], cue_hits: list[dict[str, str]]
) -> list[dict[str, float]]:
    """Per label, cue phrase -> (labelled + 0.5) / (matched + 1) over the training comments the
    cue matched and the out-of-fold model missed: how often a theme coded by that cue alone
    (trusted or decisive) was right in respondent-grouped cross-validation, shown as its
    confidence. Arguments as for :func:`_trusted_cues`."""
    out = []
    for j, label in enumerate(labels):
        stats = _missed_cue_counts(oof_dec[:, j], Y[:, j], [hits.get(label) for hits in cue_hits])
        out.append({c: round((tp + 0.5) / (n + 1), 3) for c, (tp, n) in stats.items()})
    return out


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for t in _THRESHOLDS:
        f1 = _f1(p >= t, y)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def rule_features(textblob: np.ndarray, rules: list) -> np.ndarray:  # type: ignore[type-arg]
    """Return dense sentiment features: raw polarity, rule polarity, pos, neg, label one-hot."""
    out = np.zeros((len(rules), 4 + len(_RULE_LABELS)))
    out[:, 0] = np.nan_to_num(textblob)
    for i, r in enumerate(rules):
        out[i, 1:4] = (r.polarity, r.pos, r.neg)
        out[i, 4 + _RULE_LABELS.index(r.label)] = 1.0
    return out


def length_feature(texts: list[str]) -> np.ndarray:
    """Return an (n, 1) column log(1 + words) / 5 for ``texts`` (about 0..1.2 for 0..400 words).

    Neutral and mixed comments in the labelled data are mostly either very short and
    non-evaluative ("Call back.") or long accounts; the sentiment model learns this from
    the length (respondent-grouped cross-validation on the training split: macro-F1
    0.691 -> 0.703).
    """
    return (np.log1p(np.fromiter((len(t.split()) for t in texts), dtype=float, count=len(texts))) / 5.0)[:, None]


@dataclass
class SentimentModel:
    """3-class sentiment classifier on TF-IDF words + TextBlob, rule and length features
    and (when ``theme_features``) the theme model's probabilities.

    ``dense`` arguments are :func:`rule_features` columns, followed, when
    ``theme_features`` is set, by one probability per :attr:`ThemeModel.labels` entry
    (out-of-fold ones in :meth:`fit`; respondent-grouped cross-validation of the whole
    pipeline on the training split: macro-F1 0.702 -> 0.709).
    """

    C: float = 4.0
    dense_weight: float = 3.0
    theme_features: bool = False
    vectorizer: TfidfVectorizer | None = None
    classifier: LogisticRegression | None = None

    def _features(
        self, texts: list[str], dense: np.ndarray, chars: sp.csr_matrix, fit: bool = False
    ) -> sp.csr_matrix:
        extra = np.hstack([dense, length_feature(texts)]) * self.dense_weight
        return _with_words(self, texts, [sp.csr_matrix(extra), chars], fit)

    def fit(self, texts: list[str], dense: np.ndarray, chars: sp.csr_matrix, y: np.ndarray) -> SentimentModel:
        """Fit on texts, rule features (:func:`rule_features`), character n-grams and labels."""
        X = self._features(texts, dense, chars, fit=True)
        self.classifier = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        self.classifier.fit(X, y)
        return self

    def predict_proba(self, texts: list[str], dense: np.ndarray, chars: sp.csr_matrix) -> np.ndarray:
        """Return (n, 3) probabilities in :data:`SENTIMENT_CLASSES` order."""
        assert self.classifier is not None  # noqa: S101
        proba = self.classifier.predict_proba(self._features(texts, dense, chars))
        order = [list(self.classifier.classes_).index(c) for c in SENTIMENT_CLASSES]
        return proba[:, order]


@dataclass
class CodingModel:
    """Everything the pipeline needs from training: theme and sentiment models."""

    codebook_version: str
    themes: ThemeModel
    sentiment: SentimentModel
    chars: TfidfVectorizer
    trained_on: str = ""
    #: :func:`analysis.train.training_fingerprint` of what this model was trained from.
    fingerprint: str = ""
    #: Theme ids in the order of the theme model's cue columns (the training codebook's order).
    cue_ids: tuple[str, ...] = ()

    def char_features(self, texts: list[str]) -> sp.csr_matrix:
        """Return the shared character n-gram TF-IDF matrix for model texts."""
        return self.chars.transform(texts)

    def cue_matcher(self, codebook: Codebook | None = None) -> CueMatcher:
        """Return a :class:`CueMatcher` for the (default) codebook."""
        return CueMatcher(codebook or load_codebook())
