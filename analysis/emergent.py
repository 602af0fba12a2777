"""Emergent themes: cluster comments that no codebook theme explains.

Work "not yet identified" by the strategy's oversight group surfaces here: comments coded
``emergent`` are clustered with TF-IDF + NMF and each cluster is labelled with its top
terms, so an analyst can decide whether it deserves a codebook theme.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from analysis import columns as C

__all__ = ["FILLER_WORDS", "SURVEY_WORDS", "find_emergent_themes"]

#: Words about the survey itself ("hence my answer to question 6", "I ticked the box"): they
#: would otherwise label clusters of meta-talk as if it were a topic of care.
SURVEY_WORDS = frozenset(
    {
        "answer", "answers", "answered", "answering",
        "question", "questions", "questionnaire", "questionnaires",
        "survey", "surveys", "form", "forms",
        "tick", "ticks", "ticked", "box", "boxes",
        "rating", "ratings", "rate", "rated", "score", "scores", "scored", "scale",
        "option", "options", "section", "page",
    }
)  # fmt: skip
#: Filler words of spoken-style feedback and contraction fragments, not in scikit-learn's
#: stop-word list: they made labels such as "sure / help / just needed / just / needed" and
#: "don / unsure / patient" (a new user's sample report).
FILLER_WORDS = frozenset(
    {
        "just", "really", "sure", "got", "get", "getting", "said", "say", "told", "tell",
        "needed", "need", "went", "came", "come", "did", "know", "think", "thought", "like",
        "thing", "things", "bit", "lot", "lots", "way", "ok", "okay", "yes", "true", "actually",
        "previously", "able", "make", "made", "want", "wanted", "use", "used", "feel", "felt",
        # what the tokenizer leaves of contractions ("don't" -> "don", "I've" -> "ve")
        "don", "didn", "doesn", "isn", "wasn", "weren", "couldn", "wouldn", "shouldn", "ve", "ll",
        "re", "won", "haven", "hasn", "aren",
    }
)  # fmt: skip
#: Redaction placeholders are not topics either.
_STOP = sorted(
    ENGLISH_STOP_WORDS
    | SURVEY_WORDS
    | FILLER_WORDS
    | {"name", "nhs_number", "phone", "email", "postcode", "address"}
)


def _label_terms(ranked: list[str], n: int) -> list[str]:
    """The first ``n`` of ``ranked`` terms (best first), no word shown twice: a two-word term
    replaces the word it holds, and a term with a word of a two-word term already chosen is
    left out ("waiting / waiting list / list / long waiting" -> "waiting list / ...").

    >>> _label_terms(["waiting", "waiting list", "list", "long waiting", "parking", "cost"], 3)
    ['waiting list', 'parking', 'cost']
    """
    out: list[str] = []
    for term in ranked:
        words = term.split()
        shown = {w for o in out if " " in o for w in o.split()}  # words of two-word terms chosen
        if set(words) & shown:
            continue
        out = [o for o in out if o not in words]  # a two-word term replaces the word it holds
        if term not in out:
            out.append(term)
        if len(out) == n:
            break
    return out[:n]


def find_emergent_themes(
    coded_df: pd.DataFrame,
    *,
    n_clusters: int | None = None,
    min_comments: int = 5,
    top_terms: int = 5,
    examples: int = 3,
    text_column: str = C.REDACTED_TEXT,
    emergent_column: str = C.EMERGENT,
    random_state: int = 0,
) -> pd.DataFrame:
    """Cluster emergent comments and label each cluster with its top terms.

    Parameters
    ----------
    coded_df : pandas.DataFrame
        Output of :func:`analysis.pipeline.code_comments`; needs ``redacted_text`` (str)
        and ``emergent`` (bool). Only redacted text is used, never the original comment.
    n_clusters : int, optional
        Number of NMF components; default ``clip(round(sqrt(n / 5)), 2, 12)``.
    min_comments : int, default 5
        Fewer emergent comments than this (or too few distinct words) gives an empty table.
        Clusters with fewer than ``min_comments`` comments are dropped as noise.
    top_terms, examples : int
        Terms in each label; example row indexes kept per cluster (highest weight first).
    text_column, emergent_column : str
        Column names (defaults from :mod:`analysis.columns`).
    random_state : int
        NMF seed (results are deterministic for a given input).

    Returns
    -------
    pandas.DataFrame
        One row per cluster, largest first: ``cluster_id`` (int), ``label`` (str, top
        terms joined by " / "), ``top_terms`` (list of str), ``count`` (int comments),
        ``example_rows`` (list of index labels of ``coded_df``). The input is not modified.

    Raises
    ------
    analysis.columns.MissingColumnError
        (a KeyError) naming ``text_column`` and/or ``emergent_column`` if missing.

    Notes
    -----
    TF-IDF (uni/bi-grams, English stop words plus :data:`SURVEY_WORDS` and redaction
    placeholders, min_df=2) then NMF (Lee & Seung 1999;
    scikit-learn, ``init='nndsvda'``); each comment joins its highest-weight component.
    """
    C.require_columns(coded_df, (text_column, emergent_column), "coded frame")
    empty = pd.DataFrame(
        {C.CLUSTER_ID: pd.Series(dtype=int), C.CLUSTER_LABEL: pd.Series(dtype=str),
         C.CLUSTER_TOP_TERMS: pd.Series(dtype=object), C.CLUSTER_COUNT: pd.Series(dtype=int),
         C.CLUSTER_EXAMPLES: pd.Series(dtype=object)}
    )
    sub = coded_df.loc[coded_df[emergent_column].astype(bool), text_column].fillna("")
    sub = sub[sub.str.strip().ne("")]
    if len(sub) < min_comments:
        return empty
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, stop_words=_STOP, sublinear_tf=True)
    try:
        X = vec.fit_transform(sub.str.lower())
    except ValueError:  # no term appears twice
        return empty
    if X.shape[1] < 2:
        return empty
    k = n_clusters or int(np.clip(round(np.sqrt(len(sub) / 5)), 2, 12))
    k = min(k, X.shape[1], len(sub))
    nmf = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    W = nmf.fit_transform(X)
    names = vec.get_feature_names_out()
    assign = W.argmax(axis=1)
    has_weight = W.max(axis=1) > 0
    rows = []
    for c in range(k):
        members = np.flatnonzero((assign == c) & has_weight)
        if len(members) < min_comments:
            continue
        ranked = [str(names[i]) for i in np.argsort(-nmf.components_[c])[: top_terms * 3]]
        terms = _label_terms(ranked, top_terms)
        best = members[np.argsort(-W[members, c])][:examples]
        rows.append({
            C.CLUSTER_ID: c, C.CLUSTER_LABEL: " / ".join(terms), C.CLUSTER_TOP_TERMS: terms,
            C.CLUSTER_COUNT: len(members), C.CLUSTER_EXAMPLES: [sub.index[i] for i in best],
        })
    if not rows:
        return empty
    return pd.DataFrame(rows).sort_values(C.CLUSTER_COUNT, ascending=False, kind="stable").reset_index(drop=True)
