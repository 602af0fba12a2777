"""Rounds, priority scores from closed questions, change against the baseline, comparability.

Method (stated in every report):

* Each closed question (or matrix row) tagged with a priority in the questionnaire
  definition contributes its answers to that priority.
* Agreement scales (likert, matrix, scored single choice): an answer is *positive* when its
  option score is above the scale midpoint (agree / strongly agree on 1..5) and *negative*
  when below; options with no score (don't know, not applicable) are left out.
* FFT: positive = very good + good, negative = poor + very poor, over all six answers
  including "don't know" (NHS England method, github.com/nhsengland/fft_pipeline
  ``docs/FFT_DATA_REFERENCE.md``; shared standards fact sheet §1.3).
* Rating 0..10: positive 7-10, negative 0-3.
* The priority score is the % of positive answers, pooled across its items, with a Wilson
  95% interval; n is the number of respondents.
* Change against the baseline: difference of proportions with Newcombe's hybrid interval;
  "improved" / "declined" only when the interval excludes zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.report.labels import value_label
from analysis.report.scored_items import FFT_NEGATIVE, FFT_POSITIVE, option_signs, tagged_items
from analysis.report.stats import difference_of_proportions, wilson_interval

__all__ = [
    "RoundMeta",
    "catalogue",
    "comparability_warnings",
    "compare_scores",
    "fft_answers",
    "fft_scores",
    "priority_scores",
    "score_answers",
    "text_of",
]



def text_of(value: Any, locale: str = "en") -> str:
    """English text of a definition field that may be a str or a locale mapping."""
    if isinstance(value, Mapping):
        return str(value.get(locale) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _questions(definition: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    for section in definition.get("sections", []) or []:
        yield from section.get("questions", []) or []


def catalogue(versions: pd.DataFrame) -> pd.DataFrame:
    """Scored options of every priority-tagged closed item, one row per option.

    Parameters
    ----------
    versions : DataFrame
        Columns ``version_id`` and ``definition`` (the normalised questionnaire dict).

    Returns
    -------
    DataFrame
        ``version_id, question_id, row_id ('' if none), kind, text, priorities (list),
        option_value, positive, negative`` (rating items have ``option_value`` '' and are
        scored from ``number_value``).
    """
    rows: list[dict[str, Any]] = []
    for version_id, definition in zip(versions["version_id"], versions["definition"], strict=True):
        for q in _questions(definition or {}):
            signs = option_signs(q)  # don't know / not applicable (no score): left out of the base
            rows_text = {r.get("id", ""): r.get("text") for r in q.get("rows") or ()}
            for row_id, prios in tagged_items(q) if signs else ():
                base = {
                    "version_id": version_id,
                    "question_id": q["id"],
                    "row_id": row_id,
                    "kind": q.get("type"),
                    "text": text_of(rows_text.get(row_id) if row_id else q.get("text")),
                    "priorities": prios,
                }
                rows.extend({**base, "option_value": v, "positive": pos, "negative": neg} for v, pos, neg in signs)
    cols = ["version_id", "question_id", "row_id", "kind", "text", "priorities", "option_value", "positive", "negative"]
    return pd.DataFrame(rows, columns=cols)


def score_answers(answers: pd.DataFrame, responses: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """Scored closed answers, one row per (answer, priority).

    Parameters
    ----------
    answers : DataFrame
        Long answers: ``response_id, question_id, row_id, option_value, number_value``.
    responses : DataFrame
        ``response_id, version_id`` plus any grouping columns (audience, equality groups).
    versions : DataFrame
        ``version_id, definition``.

    Returns
    -------
    DataFrame
        ``response_id, priority, question_id, row_id, kind, positive, negative`` plus the
        response columns.
    """
    cat = catalogue(versions)
    out_cols = ["response_id", "priority", "question_id", "row_id", "kind", "positive", "negative"]
    if cat.empty or answers.empty:
        return pd.DataFrame(columns=out_cols + [c for c in responses.columns if c not in out_cols])
    a = answers.merge(responses[["response_id", "version_id"]], on="response_id", how="inner")
    a = a.assign(row_id=a["row_id"].fillna("").astype(str), option_value=a["option_value"].fillna("").astype(str))
    choice = cat[cat["kind"] != "rating"]
    scored = a.merge(choice, on=["version_id", "question_id", "row_id", "option_value"], how="inner")
    rating = cat[cat["kind"] == "rating"].drop(columns=["option_value", "positive", "negative"])
    if not rating.empty:
        r = a.drop(columns=["option_value"]).merge(rating, on=["version_id", "question_id", "row_id"], how="inner")
        r = r[r["number_value"].notna()]
        r = r.assign(positive=r["number_value"] >= 7, negative=r["number_value"] <= 3, option_value="")
        scored = pd.concat([scored, r], ignore_index=True)
    scored = scored.explode("priorities").rename(columns={"priorities": "priority"})
    scored = scored[scored["priority"].notna()]
    scored = scored[out_cols].merge(responses.drop(columns=["version_id"]), on="response_id", how="left")
    return scored.reset_index(drop=True)


def priority_scores(scored: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """% positive per priority (and ``by`` groups) with Wilson 95% intervals.

    Returns
    -------
    DataFrame
        ``[*by], priority, respondents, answers, positive, negative, score, low, high``.
    """
    keys = [*by, "priority"]
    if scored.empty:
        return pd.DataFrame(columns=[*keys, "respondents", "answers", "positive", "negative", "score", "low", "high"])
    g = scored.groupby(keys, observed=True, dropna=True)
    out = g.agg(
        respondents=("response_id", "nunique"),
        answers=("positive", "size"),
        positive=("positive", "sum"),
        negative=("negative", "sum"),
    ).reset_index()
    low, high = wilson_interval(out["positive"].to_numpy(), out["answers"].to_numpy())
    return out.assign(score=out["positive"] / out["answers"], low=low, high=high)


def fft_scores(
    answers: pd.DataFrame, responses: pd.DataFrame, versions: pd.DataFrame, by: Sequence[str] = ()
) -> pd.DataFrame:
    """FFT % positive and % negative (all six answers in the base), per ``by`` group."""
    fft_ids = {
        (vid, q["id"])
        for vid, d in zip(versions["version_id"], versions["definition"], strict=True)
        for q in _questions(d or {})
        if q.get("type") == "fft"
    }
    cols = [*by, "total", "positive", "negative", "pct_positive", "pct_negative"]
    if not fft_ids or answers.empty:
        return pd.DataFrame(columns=cols)
    a = answers.merge(responses, on="response_id", how="inner")
    keys = pd.Series(list(zip(a["version_id"], a["question_id"], strict=True)), index=a.index)
    a = a[keys.isin(fft_ids) & a["option_value"].notna()]
    return fft_from_values(a, "option_value", by)


#: The FFT's six answers (option values) by national code, 1 to 6 ([FFT-PIPE]).
FFT_ANSWERS = ("very_good", "good", "neither", "poor", "very_poor", "dont_know")
#: The answers' standard wording, as other tools export it, where it is not the value with spaces.
_FFT_WORDS = {"neither_good_nor_poor": "neither", "don_t_know": "dont_know"}


def fft_answers(values: pd.Series) -> pd.Series:
    """Each FFT answer of ``values`` as its option value (``very_good`` ... ``dont_know``), or
    None for a cell that is none of them: an option value, a national code 1 to 6 (``1.0``
    as a spreadsheet may write it) or the standard wording ("Very good", "Neither good nor
    poor", "Don't know"), in any case and spacing.

    >>> fft_answers(pd.Series(["Very good", "5", "Don't know", "great"])).tolist()
    ['very_good', 'very_poor', 'dont_know', None]
    """
    key = (
        values.astype(str).str.strip().str.lower().str.removesuffix(".0")
        .str.replace(r"[\s'\u2019-]+", "_", regex=True).str.strip("_")
    )
    known = {**{str(i): a for i, a in enumerate(FFT_ANSWERS, start=1)}, **{a: a for a in FFT_ANSWERS}, **_FFT_WORDS}
    return key.map(known).astype(object).where(key.isin(known.keys()), None)


def fft_from_values(frame: pd.DataFrame, column: str, by: Sequence[str] = ()) -> pd.DataFrame:
    """FFT summary from a column of FFT answers (read by :func:`fft_answers`: option values,
    national codes 1..6 or the standard wording; other cells are left out)."""
    v = fft_answers(frame[column])
    pos = v.isin(FFT_POSITIVE)
    neg = v.isin(FFT_NEGATIVE)
    valid = v.notna()
    f = pd.DataFrame({"positive": pos, "negative": neg, "valid": valid}, index=frame.index)
    for b in by:
        f[b] = frame[b]
    f = f[f["valid"]]
    if by:
        out = (
            f.groupby(list(by), observed=True)
            .agg(total=("valid", "size"), positive=("positive", "sum"), negative=("negative", "sum"))
            .reset_index()
        )
    else:
        out = pd.DataFrame(
            {"total": [len(f)], "positive": [int(f["positive"].sum())], "negative": [int(f["negative"].sum())]}
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        return out.assign(pct_positive=out["positive"] / out["total"], pct_negative=out["negative"] / out["total"])


def compare_scores(current: pd.DataFrame, baseline: pd.DataFrame | None, min_base: int = 10) -> pd.DataFrame:
    """Change of each priority score against the baseline round.

    Returns
    -------
    DataFrame
        ``priority, diff, diff_low, diff_high, p_value, direction`` where direction is
        ``improved``, ``declined``, ``no clear change``, ``too few responses`` or ``no baseline``.
    """
    cols = ["priority", "diff", "diff_low", "diff_high", "p_value", "direction"]
    if current.empty:
        return pd.DataFrame(columns=cols)
    if baseline is None or baseline.empty:
        return pd.DataFrame(
            {
                "priority": current["priority"],
                "diff": np.nan,
                "diff_low": np.nan,
                "diff_high": np.nan,
                "p_value": np.nan,
                "direction": "no baseline",
            }
        )
    m = current.merge(baseline, on="priority", how="left", suffixes=("", "_base"))
    r = difference_of_proportions(
        m["positive"].to_numpy(),
        m["answers"].to_numpy(),
        m["positive_base"].fillna(0).to_numpy(),
        m["answers_base"].fillna(0).to_numpy(),
    )
    direction = np.select(
        [
            m["answers_base"].isna() | (m["answers_base"] == 0),
            (m["respondents"] < min_base) | (m["respondents_base"] < min_base),
            r["low"] > 0,
            r["high"] < 0,
        ],
        ["no baseline", "too few responses", "improved", "declined"],
        default="no clear change",
    )
    return pd.DataFrame(
        {
            "priority": m["priority"],
            "diff": r["diff"],
            "diff_low": r["low"],
            "diff_high": r["high"],
            "p_value": r["p_value"],
            "direction": direction,
        }
    )


@dataclass(frozen=True)
class RoundMeta:
    """What a round's figures depend on, for the comparability check.

    Attributes
    ----------
    name : str
    questionnaire_versions : dict
        questionnaire id -> sorted tuple of version labels answered in the round.
    item_texts : dict
        ``"questionnaire_id/question_id[/row_id]"`` -> English wording, for priority-tagged items.
    codebook_version : str
    channels : dict
        channel -> number of responses.
    """

    name: str
    questionnaire_versions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    item_texts: dict[str, str] = field(default_factory=dict)
    codebook_version: str = ""
    channels: dict[str, int] = field(default_factory=dict)


def _versions_used(name: str, versions: tuple[str, ...], base_name: str, base_versions: tuple[str, ...]) -> str:
    """How two rounds' versions of one questionnaire differ, in words (a round may have none).

    >>> _versions_used("2026", ("2",), "2025", ())
    '2026 used version 2; 2025 had no responses to it.'
    >>> _versions_used("2026", (), "2025", ("1",))
    '2026 has no responses to it in this report; 2025 used version 1.'

    (This round's responses to a questionnaire may be left out of the report, e.g. 1-4 of
    them beside workshops: "in this report", as "Read this first" says they were.)
    """

    def used(n: str, v: tuple[str, ...], where: str) -> str:
        if not v:
            return f"{n} {where}"
        return f"{n} used version{'s' if len(v) > 1 else ''} {', '.join(v)}"

    joiner = " but " if versions and base_versions else "; "
    return (
        used(name, versions, "has no responses to it in this report") + joiner
        + used(base_name, base_versions, "had no responses to it") + "."
    )


def comparability_warnings(
    current: RoundMeta, baseline: RoundMeta | None, channel_tolerance: float = 0.10
) -> list[str]:
    """Reasons why this round's figures may not be comparable with the baseline.

    Warns when questionnaire versions differ, when the wording of a priority-tagged item
    changed (or the item was added or removed), when the codebook version differs, and when
    the collection channels differ (a channel used in only one round, or a channel's share of
    responses moving by more than ``channel_tolerance``).

    Examples
    --------
    >>> a = RoundMeta("2026", codebook_version="2")
    >>> [w[:60] for w in comparability_warnings(a, RoundMeta("2025", codebook_version="1"))]
    ['Comments were coded with codebook version 2 in 2026 but vers']
    """
    if baseline is None:
        return []
    out: list[str] = []
    for qid in sorted(set(current.questionnaire_versions) | set(baseline.questionnaire_versions)):
        cur = current.questionnaire_versions.get(qid, ())
        base = baseline.questionnaire_versions.get(qid, ())
        if cur != base:
            out.append(f"Questionnaire {qid}: " + _versions_used(current.name, cur, baseline.name, base))
    changed = [
        k for k in current.item_texts if k in baseline.item_texts and current.item_texts[k] != baseline.item_texts[k]
    ]
    added = [k for k in current.item_texts if k not in baseline.item_texts]
    removed = [k for k in baseline.item_texts if k not in current.item_texts]
    if changed:
        out.append(f"Question wording changed since {baseline.name} for: {', '.join(sorted(changed))}.")
    if added or removed:
        out.append(
            f"Priority-scored questions differ from {baseline.name}: "
            + "; ".join(
                filter(
                    None,
                    [
                        f"added {', '.join(sorted(added))}" if added else "",
                        f"removed {', '.join(sorted(removed))}" if removed else "",
                    ],
                )
            )
            + "."
        )
    if current.codebook_version != baseline.codebook_version:
        out.append(
            f"Comments were coded with codebook version {current.codebook_version or 'unknown'} in {current.name} "
            f"but version {baseline.codebook_version or 'unknown'} in {baseline.name}: theme and priority counts "
            "may differ because the codebook changed."
        )
    # shares among the survey responses: workshop contributions answer no scored question, so
    # adding a workshop to one round is named as a channel of that round only, and does not move
    # the other channels' shares (a progress check: the same 49 online and 19 paper surveys in
    # both rounds read "share changed by more than 10%: Online" beside 15 sticky notes)
    c_tot = sum(n for ch, n in current.channels.items() if ch != "workshop") or 1
    b_tot = sum(n for ch, n in baseline.channels.items() if ch != "workshop") or 1
    only = sorted(set(current.channels) ^ set(baseline.channels))
    moved = sorted(
        ch
        for ch in set(current.channels) & set(baseline.channels) - {"workshop"}
        if abs(current.channels[ch] / c_tot - baseline.channels[ch] / b_tot) > channel_tolerance
    )
    how = [
        what + ", ".join(value_label("channel", c) for c in names)
        for what, names in (
            ("used in only one round: ", only),
            (f"share changed by more than {channel_tolerance:.0%}: ", moved),
        )
        if names
    ]
    if how:
        out.append(
            f"Collection channels differ from {baseline.name} ({'; '.join(how)}): answers given online, on "
            "paper or with help are not always comparable."
        )
    return out
