"""Assemble a :class:`~analysis.report.data.ReportData` from already-coded frames.

Everything here is vectorised (``explode`` + ``groupby``); per-row Python only touches the
few comments chosen as quotes, so assembly time stays small next to the coding step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from analysis import columns as C
from analysis.language import english_vocabulary
from analysis.postcodes import DISTRICT_COLUMN, NOT_VALID, postcode_districts
from analysis.priorities import PRIORITIES, PRIORITY_IDS
from analysis.reliability import MIN_LABELLED, REVIEWER, WEAK_F1, theme_check
from analysis.report import charts
from analysis.report.baseline import compare_scores, priority_scores
from analysis.report.data import (
    EmergentTheme,
    PriorityChapter,
    PrioritySummary,
    Quote,
    ReportData,
    Table,
    ThemeSummary,
)
from analysis.report.labels import (
    CHANNEL_LABELS,
    KIND_LABELS,
    WORKSHOP_AUDIENCE,
    canonical_groups,
    column_label,
    label_workshop_audience,
    value_label,
)
from analysis.report.stats import difference_of_proportions, wilson_interval
from analysis.report.suppression import (
    SUPPRESSED,
    SuppressionRule,
    format_count,
    format_percent,
    format_share,
    hidden_cells,
    hidden_shares,
    is_shown_count,
    pooled_remainder,
    small_remainder,
    is_small,
    is_small_share,
    suppress_breakdown,
)

__all__ = ["SOURCE_CUT", "ReportContext", "build_report", "cut_at_source", "select_quotes", "shorten"]

#: Longest quote shown, in words; longer comments are cut with an ellipsis.
QUOTE_WORDS = 60
#: Lengths at which some exports cut comments off mid-word (the NEAS FFT files, sample_data/,
#: stop at 255 characters): such a comment is quoted without its last word, with an ellipsis.
SOURCE_CUT_LENGTHS = (255,)
SENTENCE_ENDS = (".", "!", "?", ")", '"', "'", "”", "’", "…")
#: Optional boolean column of the coded frame: the stored comment was cut off by its source
#: (see :func:`cut_at_source`); quotes of such comments end with an ellipsis.
SOURCE_CUT = "source_cut"
#: Shortest comment used as a quote, in words.
QUOTE_MIN_WORDS = 5
#: Quotes per theme and themes per chapter.
QUOTES_PER_THEME = 3
THEMES_PER_CHAPTER = 6
#: Contributions listed under "Most-voted contributions" in the workshops chapter.
MOST_VOTED = 5
#: Linear programmes one audit (:func:`_audit_grid`) may spend on trying which cell to hide
#: next; past it each step hides the first candidate (perhaps more cells than needed, never
#: fewer protected: the audit still stops only when no small count is pinned).
MAX_AUDIT_TRIALS = 5_000
REQUIRED = ("redacted_text", "themes", "priorities", "sentiment_label", "urgent")

#: The group column of the service a response is about; asked only by questionnaires that list services.
SERVICE = "service"

SENTIMENTS = ("positive", "neutral", "negative", "mixed")


@dataclass(frozen=True)
class ReportContext:
    """Labels and provenance for the cover and method pages."""

    title: str = "What people told us: themed summary by priority"
    round_name: str = "All responses"
    date_range: str = ""
    questionnaire_versions: tuple[str, ...] = ()
    codebook_version: str = ""
    baseline_name: str = ""
    #: The baseline round's dates ("01 January 2025 to 31 March 2025"), for the cover.
    baseline_dates: str = ""
    filters: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    source_note: str = ""
    coding_accuracy: str = ""
    workshops: tuple[str, ...] = ()
    #: Group column -> its answers' labels in the questionnaire's order (age bands youngest
    #: first, the Census 2021 order of the equality questions): rows of tables by that column
    #: follow it (:func:`display_order`) instead of largest first.
    option_order: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def cut_at_source(texts: pd.Series) -> pd.Series:
    """Whether each original comment looks cut off by its source: exactly one of
    :data:`SOURCE_CUT_LENGTHS` characters long and not ending a sentence.

    Give it the comments as stored, not ``redacted_text``: redaction and whitespace clean-up
    change the length. Missing values are ``False``. Returns a boolean Series on the same index.

    >>> cut_at_source(pd.Series(["x" * 255, "x" * 254 + ".", "short", None])).tolist()
    [True, False, False, False]
    """
    return texts.map(lambda t: isinstance(t, str) and _looks_cut(t)).astype(bool)


def _looks_cut(text: str) -> bool:
    """The test of :func:`cut_at_source` for one comment."""
    return len(text) in SOURCE_CUT_LENGTHS and not text.rstrip().endswith(SENTENCE_ENDS)


_JOINED = re.compile(r"\b([a-z]{2,})([A-Z][a-z]{2,})\b")


def unjoin(text: str) -> str:
    """Put back the space a source lost at a line break: "praise for ourEmergency personnelCool
    calm" (a NEAS export) reads "praise for our Emergency personnel Cool calm". Only where the
    lower-case part is a known English word and the whole is not (so "iPhone" and "McDonald"
    stay; see :func:`analysis.language.english_vocabulary`).

    >>> unjoin("praise for ourEmergency personnelCool calm, on my iPhone")
    'praise for our Emergency personnel Cool calm, on my iPhone'
    """
    vocab = english_vocabulary()

    def split(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if left in vocab and (left + right).lower() not in vocab:
            return f"{left} {right}"
        return m.group(0)

    return _JOINED.sub(split, text)


_OLD_AGE = re.compile(
    r"\b(?:(?P<n>8[5-9]|9\d|1[01]\d)(?P<unit>\s*-?\s*(?:years?|yrs?)\s*-?\s*old)|(?P<aged>aged|age)\s+(?P<m>8[5-9]|9\d|1[01]\d))\b",
    re.IGNORECASE,
)


def top_code_ages(text: str) -> str:
    """Ages of 85 and over written as "85+" in a quote: with a place or a service, an exact
    great age can point to one person ("I am 88 years old ... Corbridge ... Hexham", found by
    an analyst's review). 85 is the top age band of the partnership's equality questions
    ("85 or over": the shared standards fact sheet §2.9, after the Census 2021 5-year bands).

    >>> top_code_ages("my 96 year old mother, aged 93, I am 88 years old, my 84-year-old dad")
    'my 85+ year old mother, aged 85+, I am 85+ years old, my 84-year-old dad'
    """

    def repl(m: re.Match[str]) -> str:
        if m.group("n"):
            return "85+" + m.group("unit")
        return m.group("aged") + " 85+"

    return _OLD_AGE.sub(repl, text)


_STAR_RATING = re.compile(r"\b(\d)\*+(\s+[A-Za-z])?")
_STARS_GIVEN = re.compile(
    r"\b(give|gave|given|giving|rate|rated|rating|worth|deserve|deserves)(\s+(?:them|it|you|him|her))?\s+(\*{1,5})(?!\*)",
    re.IGNORECASE,
)
_STARS = re.compile(r"\*{2,}")
_TIMES = re.compile(r"(?<=\d) ?\* ?(?=\d)")


def unstar(text: str) -> str:
    """Asterisks in a quote, which the report uses for suppressed figures: a star rating
    reads in words ("5* service" -> "5-star service", "would give them *****" -> "would give
    them 5 stars"), any other run of them (a source's own blanking-out of a detail, "****'s
    needs") reads "[REMOVED]", and a single one (a footnote mark, "helpful.*") goes.

    >>> unstar("met ****'s needs, very helpful.* Thanks")
    "met [REMOVED]'s needs, very helpful. Thanks"
    >>> unstar("Fantastic 5* service, I would give them *****")
    'Fantastic 5-star service, I would give them 5 stars'
    >>> unstar("{{ 7*7 }}")  # a product, not a rating (a tester's quote read "7 stars7")
    '{{ 7×7 }}'
    """
    def stars(n: int) -> str:
        return f"{n} star" + ("s" if n != 1 else "")

    text = _TIMES.sub("×", text)
    text = _STAR_RATING.sub(lambda m: f"{m.group(1)}-star{m.group(2)}" if m.group(2) else stars(int(m.group(1))), text)
    text = _STARS_GIVEN.sub(lambda m: f"{m.group(1)}{m.group(2) or ''} {stars(len(m.group(3)))}", text)
    return _STARS.sub("[REMOVED]", text).replace("*", "")


def shorten(text: str, words: int = QUOTE_WORDS, *, cut: bool | None = None) -> str:
    """Cap ``text`` at ``words`` words, adding an ellipsis when cut (words a source joined at a
    lost line break are split first, :func:`unjoin`, ages of 85+ top-coded,
    :func:`top_code_ages`, and asterisks taken out, :func:`unstar`).

    A comment that its source already cut off loses its last, possibly partial, word and gets
    the ellipsis too. ``cut`` says whether it was (the ``source_cut`` column, from
    :func:`cut_at_source` on the stored comment); ``None`` judges ``text`` itself by the same
    test, which only holds when ``text`` is the comment as stored.

    >>> shorten("one two three", 2)
    'one two …'
    >>> shorten("x" * 241 + " taking up tim")[-13:]
    'x taking up …'
    >>> shorten("[NAME] was taking up tim", cut=True)
    '[NAME] was taking up …'
    """
    text = str(text)
    if cut is None:
        cut = _looks_cut(text)
    text = unstar(top_code_ages(unjoin(text)))
    parts = text.split()
    if len(parts) > words:
        return " ".join(parts[:words]) + " …"
    if cut and len(parts) > 1 and not text.rstrip().endswith(SENTENCE_ENDS):
        return " ".join(parts[:-1]) + " …"
    return " ".join(parts)


def _cut(frame: pd.DataFrame, row: Any) -> bool | None:
    """The ``source_cut`` flag of ``row`` when ``frame`` has that column, else ``None``."""
    if SOURCE_CUT not in frame.columns:
        return None
    v = frame.at[row, SOURCE_CUT]
    return None if pd.isna(v) else bool(v)


#: Redaction tags of contact and record details: a comment holding one is never quoted.
_CONTACT_TAGS = r"\[(?:EMAIL|PHONE|NHS_NUMBER|POSTCODE|ADDRESS|DATE_OF_BIRTH|REFERENCE)\]"


#: The summary's Themes cell when a priority has themes but none with a count shown.
THEMES_NOT_SHOWN = "not shown (small numbers)"


def _top_themes(themes: Sequence[ThemeSummary]) -> tuple[str, ...]:
    """The summary's Themes cell: the first two of a chapter's themes (already largest first)
    whose counts are shown, each with its "(less reliable)" mark; :data:`THEMES_NOT_SHOWN` when
    there are themes but none has a count shown; () when there are none."""
    shown = [t for t in themes if is_shown_count(t.count_text)][:2]
    if not shown:
        return (THEMES_NOT_SHOWN,) if themes else ()
    return tuple(t.name + (f" ({t.check})" if t.check else "") for t in shown)


def select_quotes(
    coded: pd.DataFrame,
    pairs: pd.DataFrame,
    per_key: int = QUOTES_PER_THEME,
    key: str = "theme",
    source_column: str | None = None,
) -> dict[Any, tuple[Quote, ...]]:
    """Pick up to ``per_key`` quotes per key from (row, key) ``pairs``, each comment at most once
    and each text at most once (several people's identical words are one quote).

    Only ``redacted_text`` is used; urgent-flagged comments are never quoted, nor comments
    holding a redacted contact or record detail (``[EMAIL]``, ``[PHONE]``, ...); comments of at
    least :data:`QUOTE_MIN_WORDS` words are preferred short-first up to :data:`QUOTE_WORDS`,
    one per sentiment label first for variety (only labels held by at least one in
    ``2 * per_key`` of the key's candidates), the commonest sentiment among the key's
    candidates first. Longer comments are cut to 60 words.

    A comment that is a candidate under several keys is quoted under one only: the key it fits
    best, meaning the highest ``confidence`` (an optional column of ``pairs``, e.g. the theme's
    confidence for that comment), then the key with fewest candidate quotes. Keys with fewest
    candidates choose first and take the comments that fit them best before any other; only a
    key short of those takes a comment that fits another key better (if still unused).
    """
    if pairs.empty:
        return {}
    rows = pairs.index.to_numpy()
    conf = pairs["confidence"].astype(float).fillna(0.0).to_numpy() if "confidence" in pairs.columns else 0.0
    p = pd.DataFrame(
        {
            key: pairs[key].to_numpy(),
            "row": rows,
            "conf": conf,
            # deterministic pseudo-random order (Knuth multiplicative hash of the row label)
            "h": (coded.index.get_indexer(rows).astype(np.int64) * 2654435761) % 9973,
        }
    ).drop_duplicates([key, "row"])
    p = p[~coded["urgent"].fillna(False).astype(bool).to_numpy()[coded.index.get_indexer(p["row"])]]
    # Cap the work: at most 200 candidates per key before looking at the text at all.
    p = p.sort_values([key, "h"], kind="stable").groupby(key, sort=False).head(200)
    if p.empty:
        return {}
    text = coded["redacted_text"].loc[p["row"].unique()].fillna("").astype(str)
    words = text.str.count(r"\S+")
    p = p.assign(
        words=words.reindex(p["row"]).to_numpy(), sent=coded["sentiment_label"].astype(str).reindex(p["row"]).to_numpy()
    )
    # A comment holding someone's contact or record details is a request to be contacted, not an
    # opinion to publish, even with the details removed (a new user saw "[EMAIL]" quoted).
    contact = text.str.contains(_CONTACT_TAGS, regex=True)
    p = p[(p["words"] >= QUOTE_MIN_WORDS) & ~contact.reindex(p["row"]).to_numpy()]
    if p.empty:
        return {}
    p = p.assign(long=p["words"] > QUOTE_WORDS, ncand=p.groupby(key)["row"].transform("size"))
    # Where each comment fits best: highest confidence, then the key with fewest candidates.
    best = (
        p.sort_values(["conf", "ncand", key], ascending=[False, True, True], kind="stable")
        .drop_duplicates("row")
        .set_index("row")[key]
    )
    p = p.assign(fits=(p[key].to_numpy() == best.reindex(p["row"]).to_numpy()))
    p = p.sort_values([key, "long", "h"], kind="stable")
    order = p.drop_duplicates(key).sort_values(["ncand", key], kind="stable")[key].tolist()
    used: set[Any] = set()
    # the same words from several people are quoted once (a new user saw "Respite that fits
    # around work" twice in a row): case and spacing aside
    said: set[str] = set()
    chosen: dict[Any, list[Any]] = {k: [] for k in order}
    # Pass 1: each key takes the comments that fit it best (no two keys want the same one).
    # Pass 2: a key still short takes unused comments that fit elsewhere, fewest-candidate keys first.
    # How common each sentiment is among a key's candidates: the first quote has the commonest,
    # so a theme whose comments are mostly negative does not open with a positive one.
    p = p.assign(sent_n=p.groupby([key, "sent"])["row"].transform("size"))
    for fits in (True, False):
        part = p[p["fits"] == fits]
        # one per sentiment first, for variety, but only for a sentiment common enough to be
        # illustrated: at least one in 2 x per_key of the key's candidates (one in six for three
        # quotes), so a theme 95% negative is not quoted two-thirds positive (a new user's find)
        first = part[part["sent_n"] * 2 * per_key >= part["ncand"]].groupby([key, "sent"], sort=False).head(1)
        first = first.sort_values([key, "sent_n"], ascending=[True, False], kind="stable")
        # then the rest, short ones first, the commoner sentiment first
        rest = part.sort_values([key, "long", "sent_n", "h"], ascending=[True, True, False, True], kind="stable")
        ranked = pd.concat([first, rest]).drop_duplicates([key, "row"])
        by_key = ranked.groupby(key, sort=False)["row"].agg(list).to_dict()
        for k in order:
            for row in by_key.get(k, ()):
                if len(chosen[k]) >= per_key:
                    break
                same = " ".join(text.at[row].split()).casefold()
                if row not in used and same not in said:
                    used.add(row)
                    said.add(same)
                    chosen[k].append(row)
    out: dict[Any, tuple[Quote, ...]] = {}
    for k in order:
        quotes = []
        for row in chosen[k]:
            src = ""
            if source_column and source_column in coded.columns:
                v = coded.at[row, source_column]
                # "any" (open questionnaire) says nothing about who wrote the comment
                src = "" if pd.isna(v) or str(v) == "any" else value_label(source_column, v)
                if str(v) == WORKSHOP_AUDIENCE:
                    src = CHANNEL_LABELS["workshop"]
            quotes.append(Quote(shorten(text.at[row], cut=_cut(coded, row)), src))
        if quotes:
            out[k] = tuple(quotes)
    return out


def _sentiment_split(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    tab = pd.crosstab(frame[key], frame["sentiment_label"])
    for s in SENTIMENTS:
        if s not in tab.columns:
            tab[s] = 0
    tab["scored"] = tab[list(SENTIMENTS)].sum(axis=1)
    return tab


def _priority_sentiment(coded: pd.DataFrame) -> pd.DataFrame:
    """Priority x sentiment counts for a coded frame (used for the baseline round)."""
    if coded is None or coded.empty:
        return pd.DataFrame(columns=[*SENTIMENTS, "scored"])
    has_text = coded["redacted_text"].fillna("").astype(str).str.strip() != ""
    pe = coded.loc[has_text, ["priorities", "sentiment_label"]].explode("priorities").dropna(subset=["priorities"])
    return _sentiment_split(pe.rename(columns={"priorities": "priority"}), "priority")


def _comment_scores(psent: pd.DataFrame) -> pd.DataFrame:
    """Comment-based score per priority: positive / sentiment-scored comments, Wilson interval."""
    if psent.empty:
        return pd.DataFrame(columns=["priority", "respondents", "answers", "positive", "score", "low", "high"])
    x = psent["positive"].to_numpy()
    n = psent["scored"].to_numpy()
    low, high = wilson_interval(x, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(n > 0, x / np.maximum(n, 1), np.nan)
    return pd.DataFrame(
        {
            "priority": psent.index.astype(str),
            "respondents": n,
            "answers": n,
            "positive": x,
            "score": score,
            "low": low,
            "high": high,
        }
    )


def _fmt_pp(x: float) -> str:
    if x is None or np.isnan(x):
        return "–"
    v = round(100 * x)
    return "0 pts" if v == 0 else f"{v:+d} pts"


def _fmt_bound(x: float) -> str:
    """An interval bound (a proportion difference) in signed points; one that rounds to 0
    keeps one decimal, so "+0.4" and "-0.3" say which side of no change it lies (a new user
    read "+0 to +8" beside "no clear change" as a contradiction).

    >>> _fmt_bound(0.0804), _fmt_bound(-0.004), _fmt_bound(0.003), _fmt_bound(0.0)
    ('+8', '-0.4', '+0.3', '0')
    """
    v = round(100 * x)
    if v:
        return f"{v:+d}"
    tenth = round(1000 * x) / 10
    return f"{tenth:+.1f}" if tenth else "0"


def _theme_priority_pairs(codebook: Any, coded: pd.DataFrame) -> pd.DataFrame:
    if codebook is not None:
        rows = [(t.id, p) for t in codebook.themes.values() for p in t.priorities]
        return pd.DataFrame(rows, columns=["theme", "priority"])
    if "priority_reasons" in coded.columns:
        sample = coded["priority_reasons"].dropna()
        rows = {(t, p) for d in sample for p, ts in (d or {}).items() for t in ts}
        return pd.DataFrame(sorted(rows), columns=["theme", "priority"])
    return pd.DataFrame(columns=["theme", "priority"])


def _group_table(
    caption: str,
    groups: pd.DataFrame,
    rule: SuppressionRule,
    has_scores: bool,
    column: str = "",
    known: Sequence[bool] | None = None,
    linked_hidden: Sequence[bool] | None = None,
    overall_hidden: bool = False,
    nested_small: Sequence[bool] | None = None,
    fixed: Sequence[str] = (),
) -> Table:
    """One breakdown. Columns: group, comments, share on the priority, then the score (closed
    questions when available, else % positive of the priority's comments) with its gap against
    everyone else and whether the gap is beyond chance. ``groups`` has columns ``group, n, x,
    pos_n, pos_x, pos_gap, pos_p``, optionally ``people`` and ``pos_people`` (the respondents
    behind ``n`` and ``pos_n``; a share from fewer than ``rule.min_base`` is hidden; without
    them each comment counts as one), and, with ``has_scores``, ``score_pos, score_n`` (answers),
    ``score_resp`` (respondents: a score from fewer than ``rule.min_base`` is hidden),
    ``score_gap, score_p``. ``known`` marks rows whose comment
    counts the report publishes elsewhere (the workshop channel's, in the workshops chapter):
    they are never chosen to hide another row; ``linked_hidden`` marks rows whose comment count
    is hidden whatever its size (their responses are hidden: :func:`responses_hidden`);
    ``overall_hidden`` says the summary hides the priority's overall figure for this score;
    ``nested_small`` marks rows whose share is hidden whatever its size (another priority's
    rows, subtracted from these, would leave a small count: :func:`_breakdowns`)."""
    labels, share_ok = suppress_breakdown(groups["n"].tolist(), rule, known, linked_hidden)
    base_col = "score_n" if has_scores else "pos_n"
    pos_col = "score_pos" if has_scores else "pos_x"
    # scored comments and answers are part of a group's responses, like its comments: hidden
    # where those are (a twelfth tester's "Answers 20" beside a hidden response count)
    # (a row known from elsewhere, the workshop one, is printed alike in the breakdowns by
    # channel, audience and equality question: never a partner here either, or one table would
    # hide its scored comments where another shows them, and a disclosure tester subtracted)
    base_labels, score_ok = suppress_breakdown(groups[base_col].tolist(), rule, known, hidden=linked_hidden)
    # The comments on the priority (x) and the positive answers/comments are shown only as
    # percentages, but each percentage times its base gives the count back: hide them as counts.
    # A share hidden for its remainder (8 of 10) is then hidden in a second group too, as the
    # overall share is published (hidden_shares).
    nested_small = list(nested_small) if nested_small is not None else [False] * len(groups)
    # a share rests on the people behind its comments: fewer than min_base of them hide it
    few_people = [0 < int(p) < rule.min_base for p in groups.get("people", groups["n"])]
    x_hidden = hidden_shares(
        groups["x"].tolist(), groups["n"].tolist(), rule,
        [
            h or not ok or ns or fp
            for h, ok, ns, fp in zip(
                hidden_cells(groups["x"].tolist(), rule, known), share_ok, nested_small, few_people, strict=True
            )
        ],
        known,
    )
    # (pooled with the other hidden rows, see below)
    x_hidden = _pool_until_stable(groups["x"].tolist(), groups["n"].tolist(), rule, x_hidden, known)
    # A score rests on the group's respondents, not its answers (two questions, 6 people: 12
    # answers): fewer than min_base respondents hide it, as the summary's does (a new user's
    # "Paper form: answers 12, score 50%" from 6 people)
    few = (
        [0 < int(r) < rule.min_base for r in groups["score_resp"]]
        if has_scores
        else [0 < int(p) < rule.min_base for p in groups.get("pos_people", groups["pos_n"])]
    )
    pos_hidden = hidden_shares(
        groups[pos_col].tolist(), groups[base_col].tolist(), rule,
        [
            h or not ok or f
            for h, ok, f in zip(hidden_cells(groups[pos_col].tolist(), rule, known), score_ok, few, strict=True)
        ],
        known,
    )
    rows = []
    if not has_scores:
        # The scored comments are the comments on this priority bar the unscored few: shown beside
        # a hidden "on this priority" share they would give its count back. Hide them there, keep
        # two or more hidden in the column (else the priority's published total gives the one
        # back), and then show every hidden one as "*" (not "<5": that says which is small).
        b_hidden = hidden_cells(
            groups[base_col].astype(int).tolist(), rule, known,
            hidden=[xh or not is_shown_count(lab) for xh, lab in zip(x_hidden, base_labels, strict=True)],
        )
        if any(h and is_shown_count(lab) for h, lab in zip(b_hidden, base_labels, strict=True)):
            base_labels = [SUPPRESSED if h else lab for h, lab in zip(b_hidden, base_labels, strict=True)]
            pos_hidden = [ph or h for ph, h in zip(pos_hidden, b_hidden, strict=True)]
    # The overall shares are published (the priority's comments of all comments; its score):
    # minus the shown rows they give the hidden rows' figures pooled, which must be
    # publishable and not unanimous (pooled_remainder), else one more row is hidden. A gap
    # against the rest gives the overall share back from the group's own, so gaps are shown
    # only where that overall share is.
    overall_ok = (
        not overall_hidden
        and format_share(int(groups[pos_col].sum()), int(groups[base_col].sum()), rule) != SUPPRESSED
    )
    if overall_ok:
        pos_hidden = _pool_until_stable(groups[pos_col].tolist(), groups[base_col].tolist(), rule, pos_hidden, known)
    else:
        # Where the summary hides the overall share, every group's is hidden too: the groups'
        # positives add up to the hidden overall count, and any of them put a floor under it
        # (30% of 20 gave 6 of the summary's hidden positive and mixed 7, so mixed was 1).
        pos_hidden = [True] * len(pos_hidden)
    shown = zip(groups.iterrows(), labels, base_labels, x_hidden, pos_hidden, strict=True)
    for (_, g), n_text, b_text, xh, ph in shown:
        gap, p = (g["score_gap"], g["score_p"]) if has_scores else (g["pos_gap"], g["pos_p"])
        score_text = format_share(g[pos_col], g[base_col], rule, hidden=ph) if g[base_col] else "–"
        shown = score_text not in (SUPPRESSED, "–") and overall_ok
        rows.append(
            (
                value_label(column, g["group"]),
                n_text,
                format_share(g["x"], g["n"], rule, hidden=xh),
                b_text,
                score_text,
                _fmt_pp(gap) if shown else (SUPPRESSED if g[base_col] else "–"),
                ("yes" if p < 0.05 else "no") if shown and not np.isnan(p) else "–",
            )
        )
    order = display_order(labels, groups["n"].astype(int).tolist(), [r[0] for r in rows], fixed=fixed)
    rows = [rows[i] for i in order]
    what = "Score (questions)" if has_scores else "Positive comments"
    base = "Answers" if has_scores else "Scored comments"
    return Table(
        caption,
        ("Group", "Comments", "On this priority", base, what, "Gap vs rest", "Beyond chance?"),
        tuple(rows),
        note=(
            "Score: % positive answers to this priority's questions. "
            if has_scores
            else "Positive comments: % of the group's sentiment-scored comments on this priority that were positive. "
        )
        + "Gaps compare each group with everyone else; 'beyond chance' means p < 0.05 "
        "(two-proportion z-test, not adjusted for multiple comparisons).",
    )


def _pool_until_stable(
    counts: Sequence[int],
    bases: Sequence[int],
    rule: SuppressionRule,
    hidden: Sequence[bool],
    known: Sequence[bool] | None = None,
) -> list[bool]:
    """:func:`~analysis.report.suppression.pooled_remainder` until it hides no more rows, when
    the overall share (all rows pooled) is itself published; else ``hidden`` unchanged. Rows
    marked ``known`` are published elsewhere."""
    out = list(hidden)
    if format_share(int(sum(counts)), int(sum(bases)), rule) == SUPPRESSED:
        return out
    for _ in range(len(out)):
        more = pooled_remainder(counts, bases, rule, out, known=known)
        if more == out:
            break
        out = more
    return out


def build_report(
    coded: pd.DataFrame,
    *,
    context: ReportContext | None = None,
    rule: SuppressionRule | None = None,
    scored: pd.DataFrame | None = None,
    baseline_scored: pd.DataFrame | None = None,
    baseline_coded: pd.DataFrame | None = None,
    fft: pd.DataFrame | None = None,
    baseline_fft: pd.DataFrame | None = None,
    respondents: pd.DataFrame | None = None,
    group_columns: Sequence[str] = (),
    date_column: str | None = None,
    emergent: pd.DataFrame | None = None,
    codebook: Any = None,
    reliability: pd.DataFrame | None = None,
    progress: Callable[[str], None] | None = None,
    district_column: str | None = None,
    asked: pd.DataFrame | None = None,
) -> ReportData:
    """Build the report from a coded comments frame and optional closed-question scores.

    Parameters
    ----------
    coded : DataFrame
        Output of ``analysis.pipeline.code_comments``: needs ``redacted_text, themes,
        priorities, sentiment_label, urgent``; grouping columns are optional.
    context : ReportContext
        Title, round, versions and provenance.
    rule : SuppressionRule
        Small-number suppression thresholds.
    scored : DataFrame, optional
        Scored closed answers for this round (:func:`analysis.report.baseline.score_answers`).
    baseline_scored : DataFrame, optional
        The same for the baseline round.
    baseline_coded : DataFrame, optional
        The baseline round's coded comments, for comment-based scores and their change.
    baseline_fft : DataFrame, optional
        The same for the baseline round (shown as a row of the FFT table).
    fft : DataFrame, optional
        One row per FFT answer with column ``fft`` (option values or codes 1..6) and the
        grouping columns.
    respondents : DataFrame, optional
        One row per response (who responded); defaults to ``coded`` (one row per comment).
    group_columns : sequence of str
        Columns to break figures down by (audience, equality questions, service).
    date_column : str, optional
        Column with the submission date, for the trend chart.
    emergent : DataFrame, optional
        ``analysis.emergent.find_emergent_themes`` output (label, count, example rows).
    codebook : Codebook, optional
        ``analysis.codebook.load_codebook()``; gives theme names and the appendix.
    reliability : DataFrame, optional
        :func:`analysis.reliability.load_reliability` for that codebook: themes coded less
        reliably are marked in the chapters and every theme's figure is listed in the
        appendix. Without it nothing is said about any theme's reliability.
    district_column : str, optional
        Column of ``respondents`` with the postcode district (:func:`district_table`): adds
        "Responses by postcode district" after the other equality tables, and a paragraph on
        it to the method, unless no response answered it. It is not a group column: no
        chapter breakdowns or Friends and Family Test rows by district.
    asked : DataFrame, optional
        :func:`analysis.sources.equality_asked` for ``respondents`` (same index): one boolean
        column per equality column, True where the response's questionnaire asks the question.
        Each equality table then counts only those responses (:func:`equality_bases`), says so
        in its note, and is left out (with its breakdowns) when 1-4 or none were asked. Without
        it every response counts, those not asked as "Not answered".

    Returns
    -------
    ReportData

    Raises
    ------
    analysis.columns.MissingColumnError
        (a KeyError) naming every column of :data:`REQUIRED` that ``coded`` lacks.
    """
    C.require_columns(coded, REQUIRED, "coded frame")
    ctx = context or ReportContext()
    rule = rule or SuppressionRule()
    say = progress or (lambda _msg: None)
    # Keep the caller's row labels (emerging-theme examples refer to them) unless they are not unique.
    coded = coded.rename_axis(None) if coded.index.is_unique else coded.reset_index(drop=True)
    # Workshop contributions are not counted under an audience nobody recorded (labels.py).
    coded, respondents, scored, fft = map(label_workshop_audience, (coded, respondents, scored, fft))
    # One stored value per group label in every table: "Ward  A", "Ward_A" and "ward a" are one
    # group (labels.canonical_groups), the same in every frame.
    coded, respondents, scored, fft = _tidy_groups((coded, respondents, scored, fft), group_columns)
    if asked is None:
        # Without the questionnaires' questions (`asked`), the workshop contributions are the ones
        # known never to be asked the equality questions: "Not asked" in every table, not "Not
        # answered" (a tester's "Responses by age band: Not answered 17" less the chapters' "Not
        # asked 14" gave 3 survey responses without an answer)
        coded, respondents, scored = (_workshop_not_asked(f, group_columns) for f in (coded, respondents, scored))
    has_text = coded["redacted_text"].fillna("").astype(str).str.strip() != ""
    with_text = coded.loc[has_text]
    n_comments = int(has_text.sum())
    respondents = coded if respondents is None else respondents
    n_resp = len(respondents)
    bases = _equality_bases_of(respondents, asked, rule)
    # a question 1-4 responses were asked (or none) has no table and no breakdowns
    groups = [g for g in group_columns if g in coded.columns and (g not in bases or bases[g].shown)]
    theme_names = {t.id: t.name for t in codebook.themes.values()} if codebook is not None else {}
    rel = reliability if reliability is not None else pd.DataFrame(columns=["theme", "f1"])

    say("report: counting priorities and themes")
    base = coded.loc[has_text, ["priorities", "themes", "sentiment_label", *groups]]
    pe = base[["priorities", "sentiment_label", *groups]].explode("priorities").dropna(subset=["priorities"])
    pe = pe.rename(columns={"priorities": "priority"})
    pcount = pe.groupby("priority").size()
    psent = _sentiment_split(pe, "priority")

    te = (
        base[["themes", "sentiment_label"]]
        .explode("themes")
        .dropna(subset=["themes"])
        .rename(columns={"themes": "theme"})
    )
    tp = _theme_priority_pairs(codebook, coded)
    # (comment, theme, priority) only where the comment is also coded to that priority.
    tpe = te.reset_index().merge(tp, on="theme", how="inner")
    pe_keys = pe.reset_index()[["index", "priority"]]
    tpe = tpe.merge(pe_keys, on=["index", "priority"], how="inner")
    theme_counts = tpe.groupby(["priority", "theme"]).size().rename("count").reset_index()
    theme_counts = theme_counts.sort_values(["priority", "count", "theme"], ascending=[True, False, True])
    tsent = _sentiment_split(te, "theme")
    top = theme_counts.groupby("priority").head(THEMES_PER_CHAPTER)

    say("report: choosing quotes")
    # One quote section per (priority, theme) shown with at least min_base comments; each
    # comment is quoted in one section only, the one whose theme it was coded to most surely.
    sections = top.loc[top["count"] >= rule.min_base, ["priority", "theme"]]
    qp = tpe.merge(sections, on=["priority", "theme"], how="inner").set_index("index")
    qpairs = pd.DataFrame({"section": (qp["priority"] + "|" + qp["theme"]).to_numpy()}, index=qp.index)
    if "theme_confidence" in coded.columns and len(qp):
        tc = coded["theme_confidence"].reindex(qp.index).to_numpy()
        qpairs["confidence"] = [
            (d.get(t) if isinstance(d, Mapping) else None) for d, t in zip(tc, qp["theme"], strict=True)
        ]
    quotes = (
        select_quotes(coded, qpairs, key="section", source_column="audience") if n_comments >= rule.min_base else {}
    )

    say("report: scores and baseline")
    cur = priority_scores(scored) if scored is not None else priority_scores(pd.DataFrame())
    basel = priority_scores(baseline_scored) if baseline_scored is not None else None
    # Priorities with no tagged closed question are scored from comments: % of the
    # priority's sentiment-scored comments that are positive (same Wilson / Newcombe method).
    cur_c = _comment_scores(psent)
    base_psent = _priority_sentiment(baseline_coded) if baseline_coded is not None else None
    base_c = _comment_scores(base_psent) if base_psent is not None else None
    cur_q = cur.set_index("priority") if not cur.empty else cur
    change_q = compare_scores(cur, basel, rule.min_base).set_index("priority") if not cur.empty else pd.DataFrame()
    change_c = compare_scores(cur_c, base_c, rule.min_base).set_index("priority") if not cur_c.empty else pd.DataFrame()
    cur_c = cur_c.set_index("priority") if not cur_c.empty else cur_c
    # what the baseline round's own report hides, worked out as that report works it out (its
    # theme tables and their audit too): a change gives the baseline's figure back
    base_hidden = _baseline_hidden(baseline_coded, baseline_scored, rule, codebook, say)

    summaries: list[PrioritySummary] = []
    for pid in PRIORITY_IDS:
        pr = PRIORITIES[pid]
        cnt = int(pcount.get(pid, 0))
        srow = psent.loc[pid] if pid in psent.index else None
        # The priority's sentiment shares hide what its themes' tables hide: a theme that is the
        # priority's only one has the same comments, and hid its 6 negatives as the secondary
        # cell while the headline printed "14% negative" (a tester's case).
        sent_h = (
            dict(zip(SENTIMENTS, hidden_cells([srow[x] for x in SENTIMENTS], rule), strict=True))
            if srow is not None and int(srow["scored"])
            else {}
        )
        source = None
        if pid in getattr(cur_q, "index", ()):
            source, r, ch, basis = cur_q, cur_q.loc[pid], change_q.loc[pid], "questions"
        elif pid in getattr(cur_c, "index", ()) and int(cur_c.loc[pid, "answers"]) > 0:
            source, r, ch, basis = cur_c, cur_c.loc[pid], change_c.loc[pid], "comments"
        if source is not None:
            n = int(r["respondents"])
            score, low, high = float(r["score"]), float(r["low"]), float(r["high"])
            # A score from 1-4 positive answers (or 1-4 that were not positive), with its base
            # shown, gives that count away; so do its interval and its change (and a change gives
            # away a small baseline count).
            small = is_small_share(r["positive"], r["answers"], rule) or (
                basis == "comments" and sent_h.get("positive", False)
            )
            base_frame = basel if basis == "questions" else base_c
            b = pd.DataFrame()
            if base_frame is not None and not base_frame.empty:
                b = base_frame.loc[base_frame["priority"] == pid]
                small_base = bool(len(b)) and is_small_share(b["positive"].iloc[0], b["answers"].iloc[0], rule)
            else:
                small_base = False
            if basis == "comments" and base_psent is not None and pid in base_psent.index:
                # the baseline round's own report hides its positive count as the partner of a
                # small sentiment count: the change would give it back (a tenth tester's +41
                # points fitted only 6 positive, so 1 mixed)
                brow = base_psent.loc[pid]
                small_base = small_base or (
                    int(brow["scored"]) > 0 and hidden_cells([brow[x] for x in SENTIMENTS], rule)[0]
                )
            # hidden in the baseline's own report, for its comments or its tagged questions: a new
            # user's "+50 pts" gave back 9 positive of 25 that a theme table there hid
            small_base = small_base or base_hidden.get(pid, (False, False))[basis == "questions"]
            # the baseline's own figure, where the change is shown or only this round's side is
            # hidden: the baseline round's own report publishes it (a progress check found the
            # report gave each priority's score and change but nowhere its baseline figure)
            if not ctx.baseline_name:
                baseline_text = ""
            elif not len(b) or not int(b["answers"].iloc[0]):
                baseline_text = "–"
            elif small_base:
                baseline_text = SUPPRESSED
            else:
                baseline_text = format_percent(float(b["score"].iloc[0]), int(b["respondents"].iloc[0]), rule)
            score_text = SUPPRESSED if small else format_percent(score, n, rule)
            interval = f"{100 * low:.0f}–{100 * high:.0f}%" if score_text != SUPPRESSED else SUPPRESSED
            direction = str(ch["direction"])
            if direction in ("improved", "declined", "no clear change") and (small or small_base):
                # a hidden change keeps its direction hidden too (it tells which side of 0 it is)
                change_text = direction = SUPPRESSED
            else:
                change_text = (
                    f"{_fmt_pp(ch['diff'])} ({_fmt_bound(ch['diff_low'])} to {_fmt_bound(ch['diff_high'])})"
                    if direction in ("improved", "declined", "no clear change")
                    else "–"
                )
        else:
            n, score, low, high, basis = 0, None, None, None, ""
            score_text, interval, change_text = "n/a", "–", "–"
            baseline_text = "–" if ctx.baseline_name else ""
            direction = "not scored"
        scored_n = int(srow["scored"]) if srow is not None else 0
        # comments less scored comments is the priority's comments not in English (or otherwise
        # unscored): 1-4 of them are a small count (a thirteenth tester's 80 - 78), so the scored
        # count is hidden, and with it the intervals, which pin it (a Wilson interval and its
        # share give n back; a disclosure tester's latent find)
        n_hidden = score is not None and basis == "comments" and is_small(cnt - n, rule)
        if n_hidden:
            interval = SUPPRESSED
            if change_text not in ("–", SUPPRESSED):
                change_text = direction = SUPPRESSED
        summaries.append(
            PrioritySummary(
                id=pid,
                name=pr.name,
                wider_programme=pr.wider_programme,
                score=score,
                score_low=low,
                score_high=high,
                score_n=n,
                score_n_text="–" if score is None else SUPPRESSED if n_hidden else format_count(n, rule),
                score_text=score_text,
                interval_text=interval,
                change_text=change_text,
                direction=direction,
                comments=cnt,
                comments_text=format_count(cnt, rule),
                comment_share_text=format_share(cnt, n_comments, rule),
                positive_text=format_share(srow["positive"], scored_n, rule, hidden=sent_h.get("positive", False))
                if srow is not None
                else "–",
                # % positive is also the comment score: % negative is the one hidden when the two
                # together would leave a small number of neutral and mixed comments
                negative_text=format_share(
                    srow["negative"], scored_n, rule,
                    hidden=small_remainder([srow["positive"], srow["negative"]], scored_n, rule)
                    or sent_h.get("negative", False),
                )
                if srow is not None
                else "–",
                top_themes=(),  # each chapter's first two rows, filled in once the chapters are built
                basis=basis,
                baseline_text=baseline_text,
            )
        )

    # A theme's count and its sentiment shares are the same in every chapter it appears in (its
    # comments carry all its priorities): hidden in one chapter, they are hidden in all, until
    # no chapter hides more (a ninth tester read a count hidden in Safety from Outcomes).
    theme_hidden: set[str] = set()
    cells_hidden: dict[str, set[str]] = {}
    splits = {s.id: splitting_themes(tpe, s.id, s.comments) for s in summaries}
    # themes with the same comments are one theme to a reader: what hides one hides both (a
    # fifteenth tester read a count hidden as a partner from its twin's row)
    twin_of: dict[str, set[str]] = {}
    for _, g in tpe.groupby("theme")["index"].agg(frozenset).reset_index().groupby("index")["theme"]:
        for t in g:
            twin_of[str(t)] = {str(u) for u in g}
    grids: dict[str, tuple[list[dict[str, bool]], list[str]]] = {}
    nested = _nested_priorities(pe, base["sentiment_label"])
    # the chapters' tables, then an audit of all of them with the headlines, until it hides no more
    say("report: checking that hidden counts cannot be worked out from the others (slowest when most counts are hidden)")
    audit_progress = _now_and_then(lambda msg: say(f"report: checking all chapters together, {msg}"))
    for _ in range(5):
        for _ in range(10):
            before = (set(theme_hidden), {k: set(v) for k, v in cells_hidden.items() if v})
            for s in summaries:
                shown_themes = top[top["priority"] == s.id]
                complete = int((theme_counts["priority"] == s.id).sum()) == len(shown_themes)
                rest = theme_counts[(theme_counts["priority"] == s.id) & ~theme_counts["theme"].isin(shown_themes["theme"])]
                grid, count_labels = _theme_grid(
                    shown_themes, tsent, psent.loc[s.id] if s.id in psent.index else None, complete, s.comments, rule,
                    theme_hidden, cells_hidden, rest, splits.get(s.id, set()),
                )
                grids[s.id] = (grid, count_labels)
                for tid, cells, label in zip(shown_themes["theme"], grid, count_labels, strict=True):
                    if not is_shown_count(label):
                        theme_hidden.update(twin_of.get(tid, {tid}))
                        cells = dict.fromkeys(SENTIMENTS, True)
                    for twin in twin_of.get(tid, {tid}):
                        cells_hidden.setdefault(twin, set()).update(x for x, h in cells.items() if h)
            if (theme_hidden, {k: v for k, v in cells_hidden.items() if v}) == before:
                break
        # A priority whose comments are all its one theme's has that theme's sentiment split: a cell
        # hidden for the theme (in any chapter) is hidden in the priority's summary and headline too
        # (a twelfth tester read "57% negative" of 70 against a theme cell hidden from another chapter).
        for i, summ in enumerate(summaries):
            themes_here = theme_counts[theme_counts["priority"] == summ.id]
            covering = themes_here.loc[themes_here["count"] == summ.comments, "theme"]
            if not summ.comments or covering.empty:  # (a theme with all the priority's comments,
                continue  # alone or with others inside it: a thirteenth tester's case)
            gone = set().union(*(cells_hidden.get(str(t), set()) for t in covering))
            summaries[i] = _hide_headline(summ, gone)
        more_counts, more_cells, headlines = _audit_chapters(
            summaries, top, theme_counts, tsent, psent, splits, theme_hidden, cells_hidden, rule, nested,
            progress=audit_progress,
        )
        for i, summ in enumerate(summaries):
            if summ.id in headlines:
                summaries[i] = _hide_headline(summ, headlines[summ.id])
        for t in list(more_counts - theme_hidden):
            more_counts |= twin_of.get(t, {t})
        for t, xs in list(more_cells.items()):
            for twin in twin_of.get(t, {t}):
                more_cells.setdefault(twin, set()).update(xs)
        if more_counts == theme_hidden and {t: v for t, v in more_cells.items() if v} == {
            t: v for t, v in cells_hidden.items() if v
        }:
            break
        theme_hidden, cells_hidden = more_counts, more_cells

    say("report: breakdowns by group")
    n_workshop = len(_workshop_rows(with_text))  # printed in the workshops chapter
    kept = {g: kept_groups(respondents[g]) for g in groups if g in respondents.columns}
    # The postcode district table is suppressed with the other "Responses by" tables: a
    # district column nested in another (asked of one audience only), or one nested in it,
    # is suppressed within each parent too (responses_hidden). It is no group column.
    who, who_groups = respondents, list(groups)
    if district_column and district_column in respondents.columns and bases.get(district_column, _ALL).shown:
        districts = answered_districts(respondents[district_column])
        if districts.notna().any():  # else no table, as when the question is not asked
            who = respondents.assign(**{district_column: districts})
            kept[district_column] = kept_districts(districts, rule)
            who_groups.append(district_column)
    for g, b in bases.items():  # the row of responses not asked, where it stays in the table
        if b.mode == "not_asked_row" and g in kept:
            kept[g] = [*kept[g], NOT_ASKED]
    linked = responses_hidden(who, who_groups, rule, kept, n_workshop, bases)
    # a priority's overall figure hidden in the summary stays hidden in its breakdowns (a gap
    # against the rest gives it back): comment positive share, and question score
    overall_hidden = {
        s.id: (s.positive_text == SUPPRESSED, s.basis == "questions" and s.score_text == SUPPRESSED)
        for s in summaries
    }
    # A column nested in another (teams within services) has no breakdowns of its own: each
    # table by team, less the same table by service, would need its own suppression within
    # each service (a tenth tester read a team's 3 comments as 28 - 25). Its "Responses by"
    # table is suppressed within each service (responses_hidden) and says so.
    # Workshop contributions were never asked the equality questions: in the breakdowns they are
    # one row, "Not asked", which the workshops chapter's counts give anyway, not part of "Not
    # answered" (whose survey part "Not answered" less the chapter's count gave back).
    # With the questionnaires' questions known (`asked`), every comment of a response not asked
    # is "Not asked", as the equality tables leave those responses out or count them so: in
    # "Not answered" here, the chapters' count less the table's gave them back (a tester's 15 -
    # 12 = 3 answers to a questionnaire without the question).
    def as_breakdowns_show(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        return _not_asked_rows(_workshop_not_asked(frame, groups), respondents, bases)

    bd_coded, bd_scored = as_breakdowns_show(with_text), as_breakdowns_show(scored)
    # (the service too: its table counts only the questionnaires that ask which service)
    eq_groups = [g for g in groups if (g.startswith("eq_") or g in bases) and g in bd_coded.columns]
    # pe holds one row per (comment, priority), on the comments' index
    bd_pe = pe.assign(**{g: bd_coded[g].reindex(pe.index).to_numpy() for g in eq_groups})
    bd_kept = {g: [*kept[g], NOT_ASKED] if g in eq_groups and NOT_ASKED not in kept[g] else kept[g] for g in kept}
    workshop_rows = (
        (bd_coded["channel"].astype(str) == "workshop") if "channel" in bd_coded.columns
        else pd.Series(False, index=bd_coded.index)
    )
    for g in eq_groups:  # a "Not asked" row that is more than the workshop contributions: hidden
        unasked = bd_coded[g].astype(object) == NOT_ASKED
        if (unasked & ~workshop_rows).any():
            linked[1].setdefault(g, set()).add(NOT_ASKED)
    # nesting is judged on the values the breakdowns show: "Not asked" across audiences is no
    # nesting (a new user's age and sex breakdowns were missing from a round whose workshop
    # tables were carers' and mixed, as the survey's ages all lay within carers)
    shown = as_breakdowns_show(respondents)
    children = {c: p for c, p in nested_pairs(shown, groups) if not _beside_workshops(shown, c, p)}
    flat = [g for g in groups if g not in children]
    breakdowns = _breakdowns(
        bd_coded, bd_pe, bd_scored, flat, rule, bd_kept, n_workshop=n_workshop, linked=linked,
        overall_hidden=overall_hidden, nested=nested, option_order=ctx.option_order,
    )


    # A quote's audience label is left off where the who-responded table hides that audience's
    # count: seven quotes "from staff" put a floor of 7 under a hidden count (a tester's 8 = 7 + 1).
    # Nor where the priority's breakdown by audience hides it: four quotes "from carers" under
    # a priority put a floor of 4 under carers' hidden comments on it (a twelfth tester).
    hidden_sources = {value_label("audience", a) for a in linked[1].get("audience", set())}
    by_priority: dict[str, set[str]] = {}
    for pid, tables in breakdowns.items():
        for table in tables:
            if table.caption.startswith(f"By {column_label('audience')}"):
                by_priority[pid] = {row[0] for row in table.rows if not is_shown_count(row[1]) or row[2] == SUPPRESSED}
    # And where one label goes, every label in its reach goes with it: unlabelled quotes beside
    # labelled ones would name the hidden audience by elimination (a progress check: the FFT's
    # quotes were the only unlabelled ones under Safety). A report-wide hidden audience that is
    # quoted anywhere takes every quote's label; one hidden in a priority's breakdown, that
    # priority's.
    def _priority(key: str) -> str:
        return key.split("|")[0]

    def _loses_label(key: str, q: Any) -> bool:
        return bool(q.source) and q.source in hidden_sources | by_priority.get(_priority(key), set())

    unlabelled_everywhere = any(q.source in hidden_sources for qs in quotes.values() for q in qs if q.source)
    unlabelled_priorities = {_priority(k) for k, qs in quotes.items() for q in qs if _loses_label(k, q)}
    quotes = {
        k: tuple(
            replace(q, source="") if unlabelled_everywhere or _priority(k) in unlabelled_priorities else q
            for q in qs
        )
        for k, qs in quotes.items()
    }

    starred = {
        str(tid)
        for pid, (_, labels) in grids.items()
        for tid, lab in zip(top.loc[top["priority"] == pid, "theme"], labels, strict=True)
        if lab == SUPPRESSED
    }
    chapters = []
    for s in summaries:
        themes = []
        shown_themes = top[top["priority"] == s.id]
        grid, count_labels = grids[s.id]
        for (_, t), sh, count_label in zip(shown_themes.iterrows(), grid, count_labels, strict=True):
            tid, tc = t["theme"], int(t["count"])
            if tid in starred and not is_shown_count(count_label):
                count_label = SUPPRESSED  # "<5" here would bound what another chapter shows as "*"
            ts = tsent.loc[tid] if tid in tsent.index else None
            sc = int(ts["scored"]) if ts is not None else 0
            if not is_shown_count(count_label):
                # a hidden count keeps its shares hidden: their rounding can give the count back
                # (a sixth tester: 55% and 45% fitted only 22 of the 21-24 left, so the other was 3)
                sh = dict.fromkeys(SENTIMENTS, True)

            def pct(label: str, ts=ts, sc=sc, sh=sh) -> str:
                return format_share(ts[label], sc, rule, hidden=sh.get(label, False)) if ts is not None else "–"

            themes.append(
                ThemeSummary(
                    id=tid,
                    name=theme_names.get(tid, tid.replace("_", " ")),
                    count=tc,
                    count_text=count_label,
                    share_text=format_share(tc, s.comments, rule, hidden=count_label == SUPPRESSED),
                    positive=pct("positive"),
                    neutral=pct("neutral"),
                    negative=pct("negative"),
                    mixed=pct("mixed"),
                    # never under a hidden count: quotes need min_base comments, so they would
                    # say the count is at least that (an eighteenth tester's 11 = 10 + 1)
                    quotes=quotes.get(f"{s.id}|{tid}", ()) if tc >= rule.min_base and is_shown_count(count_label) else (),
                    check=CHECK_MARKS.get(theme_check(tid, rel), ""),
                )
            )
        # hidden counts after the shown ones, by name: placed by size, a "*" above a "*" would
        # say which is the larger (6 = 5 + 1 then has one answer)
        order = display_order([t.count_text for t in themes], [t.count for t in themes], [t.name for t in themes])
        themes = [themes[i] for i in order]
        headline = _headline(s, format_count(n_comments, rule), ctx.baseline_name)
        notes = (
            (
                "Culture is delivered by the wider change programme; feedback about it is still "
                "collected, coded and reported here.",
            )
            if s.wider_programme
            else ()
        )
        chapters.append(
            PriorityChapter(
                summary=s,
                headline=headline,
                themes=tuple(themes),
                breakdowns=tuple(breakdowns.get(s.id, ())),
                notes=notes,
                theme_notes=_theme_notes(themes, int((theme_counts["priority"] == s.id).sum())),
            )
        )

    # The summary's top themes are each chapter's first two rows, in the chapter's order
    # (largest first only among shown counts): ranked by count they said which of two hidden
    # themes was the larger (a ninth tester's 6 = 5 + 1).
    # Only themes whose counts are shown: a hidden one would be listed by name only, and where
    # every count is hidden the first two by name read as the largest (a new user's "Care plans;
    # Food and drink").
    summaries = [
        _no_change_beside_hidden(replace(s, top_themes=_top_themes(c.themes)))
        for s, c in zip(summaries, chapters, strict=True)
    ]
    say("report: who responded, charts")
    resp_tables = _respondent_tables(
        respondents, groups, rule, kept, n_workshop, linked, children, bases, option_order=ctx.option_order
    )
    district = None
    if district_column and district_column in who_groups:
        b = bases.get(district_column)
        district = district_table(
            b.frame(who, district_column) if b else who, rule, district_column,
            pre_hidden=linked[1][district_column], base_note=_base_note(b, district_column, respondents, rule) if b else None,
        )
    if district is not None:
        # after the other equality tables (before the service table)
        shown = [g for g in groups if g in respondents.columns]
        eq_at = [i for i, g in enumerate(shown) if g.startswith("eq_")]
        resp_tables.insert(eq_at[-1] + 1 if eq_at else len(resp_tables), district)
    if fft is not None and not fft.empty:
        resp_tables.append(
            # answers of responses whose questionnaire does not ask a question are "Not asked",
            # not "Not answered" (the carers' FFT answers by service read "Not answered 26")
            _fft_table(
                as_breakdowns_show(fft), flat, rule, bd_kept, baseline_fft, ctx.baseline_name, linked,
                option_order=ctx.option_order,
            )
        )
    trend = None
    if date_column and date_column in respondents.columns:
        trend = charts.trend_chart(respondents[date_column], rule)
    summary_chart = charts.priority_chart(summaries, rule)
    progress_chart = charts.progress_chart(summaries, ctx.baseline_name)

    emergent_items, emergent_note = _emergent(coded, emergent, rule)
    workshop = _workshop_rows(with_text)
    most_voted = _most_voted_rows(workshop, rule)
    return ReportData(
        title=ctx.title,
        round_name=ctx.round_name,
        date_range=ctx.date_range,
        generated_on=datetime.now(UTC).strftime("%d %B %Y"),
        questionnaire_versions=ctx.questionnaire_versions,
        codebook_version=ctx.codebook_version or (getattr(codebook, "version", "") if codebook is not None else ""),
        suppression_statement=rule.statement(),
        n_responses_text=format_count(n_resp, rule),
        responses_split=responses_split(_workshop_mask(respondents), rule),
        n_comments_text=format_count(n_comments, rule),
        summary=tuple(summaries),
        chapters=tuple(chapters),
        baseline_name=ctx.baseline_name,
        baseline_dates=ctx.baseline_dates if ctx.baseline_name else "",
        filters=ctx.filters,
        warnings=ctx.warnings,
        summary_chart=summary_chart,
        progress_chart=progress_chart,
        summary_notes=(
            ((SMALL_ROUND_NOTE.format(n=format_count(n_resp, rule), min_base=rule.min_base),) if n_resp < SMALL_ROUND else ())
            + ((CHECK_NOTE,) if any("(less reliable)" in t for x in summaries for t in x.top_themes) else ())
        ),
        fft_headline=_fft_headline(
            fft, baseline_fft, ctx.baseline_name, rule, comments_only=all(x.basis != "questions" for x in summaries)
        ),
        respondent_tables=tuple(resp_tables),
        respondent_notes=_withheld_note(bases, rule),
        trend_chart=trend,
        emergent=emergent_items,
        emergent_note=emergent_note,
        workshops=ctx.workshops or _workshop_paragraphs(workshop, rule),
        workshop_table=_workshop_table(workshop, rule, pcount),
        workshop_quotes=_workshop_quotes(with_text, workshop, rule, most_voted.index),
        workshop_votes_table=_workshop_votes_table(workshop, rule),
        workshop_most_voted=_workshop_most_voted(workshop, most_voted, rule),
        method=_method(
            ctx, rule, scored is not None and not scored.empty, n_comments,
            int(with_text["urgent"].fillna(False).astype(bool).sum()) if "urgent" in with_text.columns else 0,
            int((with_text["language"] == "other").sum()) if "language" in with_text.columns else 0,
            extra=(
                (district_method(rule, shown=district is not None),) if district_column in who_groups else ()
            ) + _bases_method(bases, rule),
        ),
        codebook=_codebook_table(codebook, reliability),
    )


def _unsolvable(
    equations: Sequence[Sequence[int]], hidden: Sequence[bool], values: Sequence[int], known: Sequence[bool]
) -> list[bool]:
    """``hidden`` with more cells hidden until the published sums cannot solve any hidden one.

    Each equation lists the cells that add up to a published total. A hidden cell is solved
    when its unit vector lies in the row space of the equations over the hidden cells (numpy
    rank test; a seventeenth tester solved three splits of a priority together: (11 + 13 - 18)
    / 2 = 3). While one is, the smallest shown non-zero cell of an equation holding it, never
    one marked ``known``, is hidden too.

    >>> # competence 40, cleanliness 3, diagnosis 38, staffing 8, timeliness 33, feeling safe 10
    >>> _unsolvable([[1, 3, 0], [3, 5, 4], [5, 1, 2]], [False, True, False, True, False, True],
    ...             [40, 3, 38, 8, 33, 10], [False] * 6)
    [False, True, True, True, False, True]
    """
    out = [bool(h) for h in hidden]
    for _ in range(len(out)):
        idx = [i for i, h in enumerate(out) if h and values[i] > 0]
        if not idx or not equations:
            break
        m = np.array([[1.0 if i in eq else 0.0 for i in idx] for eq in equations])
        rank = np.linalg.matrix_rank(m)
        solved = [
            i for k, i in enumerate(idx)
            if np.linalg.matrix_rank(np.vstack([m, np.eye(len(idx))[k]])) == rank
        ]
        if not solved:
            break
        candidates = [
            c for eq in equations if solved[0] in eq for c in eq if not out[c] and values[c] > 0 and not known[c]
        ]
        if not candidates:
            break
        out[min(candidates, key=lambda c: (values[c], c))] = True
    return out


def _now_and_then(say: Callable[[str], None], seconds: float = 2.0) -> Callable[[str], None]:
    """``say``, passing on a message only when ``seconds`` have gone by since the last one it
    passed on (or since it was made): a long audit shows it is moving, a quick one says nothing."""
    import time

    last = [time.monotonic()]

    def maybe(msg: str) -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            say(msg)

    return maybe


def _pinned_cells(
    equations: Sequence[Mapping[int, float]],
    values: Sequence[int],
    hidden: Sequence[bool],
    bounds: Sequence[tuple[int, int]],
    min_count: int = 5,
    sensitive: Sequence[bool] | None = None,
    groups: Sequence[Sequence[int]] = (),
) -> list[tuple[int, ...]]:
    """The hidden small cells, and small sums of hidden cells, that the published sums and the
    readers' bounds leave one value.

    Each equation maps cells to coefficients; its value (from the true ``values``) is known to
    a reader, as are the shown cells and, for each hidden cell, ``bounds`` (1-4 under "<5").
    Checked: each hidden cell of 1 to ``min_count - 1`` (or marked ``sensitive``), and, within
    each of ``groups`` (the cells of a row or a column), the sum of its hidden cells and of
    each pair of them where that sum is 1 to ``min_count - 1`` (a nineteenth tester's staffing
    positive + negative = 6 + 11 - 13 = 4). One is pinned when the smallest and largest values
    it can take under those constraints (linear programmes, scipy's HiGHS: :class:`_Ranges`)
    hold one whole number between them: a difference of two "<5" cells that is 3 makes them 4
    and 1 (an eighteenth tester), which a rank test misses. Returns the pinned cells, each as a
    tuple.

    >>> # a + b = 5 and a - c = 3 (published as two sums), all three hidden under "<5"
    >>> _pinned_cells([{0: 1, 1: 1}, {0: 1, 2: -1}], [4, 1, 1], [True] * 3, [(1, 4)] * 3)
    [(0,), (1,), (2,)]
    >>> _pinned_cells([{0: 1, 1: 1}], [2, 3], [True] * 2, [(1, 4)] * 2)
    []
    >>> # a row of 20 with 16 shown: its two hidden cells add up to 4
    >>> _pinned_cells([{0: 1, 1: 1, 2: 1}], [16, 2, 2], [False, True, True], [(0, 20)] * 3, groups=[[0, 1, 2]])
    [(1, 2)]
    """
    if not any(hidden) or not any(any(hidden[i] for i in eq) for eq in equations):
        return []
    ranges = _Ranges(equations, values, hidden, bounds)
    return [t for t in _checks(values, hidden, min_count, sensitive, groups) if ranges.pinned(t)]


def _checks(
    values: Sequence[int],
    hidden: Sequence[bool],
    min_count: int,
    sensitive: Sequence[bool] | None,
    groups: Sequence[Sequence[int]],
) -> list[tuple[int, ...]]:
    """What :func:`_pinned_cells` checks, in its order: each hidden cell of 1 to ``min_count -
    1`` (or marked ``sensitive``), then, within each group, the sum of its hidden cells and of
    each pair of them where that sum is 1 to ``min_count - 1``."""
    checks: list[tuple[int, ...]] = []
    for i, h in enumerate(hidden):
        if h and (sensitive[i] if sensitive is not None else 0 < values[i] < min_count):
            checks.append((i,))
    seen = set(checks)
    for g in groups:
        gone = [i for i in g if hidden[i]]
        sums = [tuple(gone)] if len(gone) > 2 else []
        sums += [(x, y) for n, x in enumerate(gone) for y in gone[n + 1 :]]
        for t in sums:
            if 0 < sum(values[i] for i in t) < min_count and t not in seen:
                checks.append(t)
                seen.add(t)
    return checks


class _Ranges:
    """The least and most values sums of hidden cells can take, for one set of hidden cells:
    linear programmes (scipy's HiGHS) over the published sums (``equations``, each worth what
    the true ``values`` make it) and the readers' ``bounds``.

    Two things make it fast without changing an answer. A programme holds only the hidden
    cells linked to the summed ones through the equations (the others cannot move them). And
    every solution found is kept: the true values and each solution are values a reader cannot
    rule out, so a sum they already show at two whole numbers is not pinned and needs no
    programme of its own. ``solved`` counts the programmes run.
    """

    def __init__(
        self,
        equations: Sequence[Mapping[int, float]],
        values: Sequence[int],
        hidden: Sequence[bool],
        bounds: Sequence[tuple[int, int]],
    ) -> None:
        self.var = [i for i, h in enumerate(hidden) if h]
        self.col = {i: k for k, i in enumerate(self.var)}
        eqs = [eq for eq in equations if any(hidden[i] for i in eq)]
        self.a = np.zeros((len(eqs), len(self.var)))
        self.b = np.zeros(len(eqs))
        for r, eq in enumerate(eqs):
            for i, coef in eq.items():
                if hidden[i]:
                    self.a[r, self.col[i]] += coef
                    self.b[r] += coef * values[i]
        self.in_eq = np.abs(self.a).sum(axis=0) > 0
        self.lims = [(min(bounds[i][0], values[i]), max(bounds[i][1], values[i])) for i in self.var]
        parent = list(range(len(self.var)))  # cells joined through the equations

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for row in self.a:
            nz = np.flatnonzero(row)
            for x in nz[1:]:
                parent[root(int(x))] = root(int(nz[0]))
        self.part = [root(x) for x in range(len(self.var))]
        self.points = np.array([[float(values[i]) for i in self.var]])
        self.solved = 0

    def pinned(self, cells: Sequence[int]) -> bool:
        """Whether the sum of ``cells`` (all hidden) can take only one whole number."""
        from scipy.optimize import linprog

        cols = [self.col[i] for i in cells]
        if not any(self.in_eq[c] for c in cols):
            return False
        sums = self.points[:, cols].sum(axis=1)
        if math.floor(sums.max() + 1e-9) > math.ceil(sums.min() - 1e-9):
            return False  # two values a reader cannot tell apart, both whole-number apart
        parts = {self.part[c] for c in cols}
        keep = [x for x in range(len(self.var)) if self.part[x] in parts]
        rows = np.abs(self.a[:, keep]).sum(axis=1) > 0
        a, b = self.a[np.ix_(rows, keep)], self.b[rows]
        where = {x: k for k, x in enumerate(keep)}
        c = np.zeros(len(keep))
        ends = []
        for sign in (1.0, -1.0):
            for x in cols:
                c[where[x]] = sign
            res = linprog(
                c, A_eq=a if len(a) else None, b_eq=b if len(a) else None,
                bounds=[self.lims[x] for x in keep], method="highs",
            )
            self.solved += 1
            ends.append(sign * res.fun if res.status == 0 else None)
            if res.status == 0:
                point = self.points[0].copy()
                point[keep] = res.x
                self.points = np.vstack([self.points, point])
        lo, hi = ends
        return lo is not None and hi is not None and math.floor(hi + 1e-6) <= math.ceil(lo - 1e-6)


def _frontier(
    equations: Sequence[Mapping[int, float]],
    values: Sequence[int],
    hidden: Sequence[bool],
    never: Sequence[bool],
    prefer: Sequence[int],
) -> list[int]:
    """The cells :func:`_audit_grid` may hide next, in the order it tries them: shown cells of an
    equation that holds a hidden cell, not marked ``never``; by ``prefer`` rank, non-zero
    before zero, then size."""
    return sorted(
        {c for eq in equations if any(hidden[i] for i in eq) for c in eq if not hidden[c] and not never[c]},
        key=lambda c: (prefer[c], values[c] == 0, values[c], c),
    )


def _audit_grid(
    equations: Sequence[Mapping[int, float]],
    values: Sequence[int],
    hidden: Sequence[bool],
    bounds: Callable[[list[bool]], list[tuple[int, int]]],
    never: Sequence[bool],
    prefer: Sequence[int],
    min_count: int = 5,
    sensitive: Sequence[bool] | None = None,
    groups: Sequence[Sequence[int]] = (),
    progress: Callable[[str], None] | None = None,
    stats: dict[str, int] | None = None,
) -> list[bool]:
    """``hidden`` with more cells hidden until :func:`_pinned_cells` finds no small cell pinned.

    Each step hides one shown cell of an equation that holds a hidden cell, never one marked
    ``never``: the first, in order of ``prefer`` rank, non-zero before zero, then size, whose
    hiding leaves fewer small cells pinned (else the first, and the next step goes on). A zero
    can be the one: a row of zeros beside its one hidden cell gives that cell away, and so a
    small cell its column hides (an eighteenth tester's 10 - 0 - 0 - 0 = 10, then 28 - 15 - 10
    = 3). ``bounds`` gives the readers' bounds for the cells as hidden so far.

    Hiding a cell only takes knowledge away (while ``bounds`` only widen, which is checked), so
    a sum not pinned stays not pinned, and a sum pinned with every cell that may be hidden
    hidden stays pinned whatever is hidden: such a sum counts as pinned in every trial with no
    programme run, and a sum not pinned before a step is not checked again. With 42 comments
    almost every cell is hidden and a few sums stay pinned whatever is hidden; each step's
    trials once solved them all again (50,000 programmes, three minutes). The answer is the
    same. Trials stop after ``MAX_AUDIT_TRIALS`` programmes: each step then hides the first
    cell, as when no trial helps. That may hide more cells than needed, but the audit still ends
    only when no small count is pinned, or when nothing is left to hide (and then what is pinned
    would be pinned whatever were hidden).
    ``progress`` is told of each step; ``stats`` gets the number of programmes run.

    >>> # column 3 + 15 + 10 = 28 and row 0 + 10 + 0 = 10 published; 3 and 10 hidden; the 15
    >>> # is published elsewhere, so a zero of the row is hidden
    >>> eqs = [{0: 1, 1: 1, 2: 1}, {3: 1, 2: 1, 4: 1}]
    >>> _audit_grid(eqs, [3, 15, 10, 0, 0], [True, False, True, False, False],
    ...             lambda h: [(1, 28)] * 5, [False, True, False, False, False], [0] * 5)
    [True, False, True, True, False]
    """
    out = [bool(h) for h in hidden]
    solved = {"main": 0, "trials": 0, "always": 0}
    most = [h or not n for h, n in zip(out, never, strict=True)]  # all that may ever be hidden
    most_bounds = bounds(most)
    at_most = _Ranges(equations, values, most, most_bounds)
    always: dict[tuple[int, ...], bool] = {}  # pinned with every cell that may be hidden hidden

    def lims(now: list[bool], bnds: Sequence[tuple[int, int]]) -> list[tuple[int, int] | None]:
        return [(min(bnds[i][0], values[i]), max(bnds[i][1], values[i])) if h else None for i, h in enumerate(now)]

    most_lims = lims(most, most_bounds)

    def within(inner: list[tuple[int, int] | None], outer: list[tuple[int, int] | None]) -> bool:
        return all(
            x is None or (y is not None and y[0] <= x[0] and x[1] <= y[1]) for x, y in zip(inner, outer, strict=True)
        )

    def check(
        now: list[bool], before: tuple[list[bool], set[tuple[int, ...]], set[tuple[int, ...]]] | None,
        stop: int | None, kind: str,
    ) -> list[tuple[int, ...]] | None:
        """The pinned checks with ``now`` hidden, or None once ``stop`` of them are found.
        ``before``: a state with fewer cells hidden, its checks and its pinned checks."""
        if not any(now) or not any(any(now[i] for i in eq) for eq in equations):
            return []
        bnds = bounds(now)
        here = lims(now, bnds)
        use_always = within(here, most_lims)
        use_before = before is not None and within(lims(before[0], bounds(before[0])), here)
        ranges = _Ranges(equations, values, now, bnds)
        found: list[tuple[int, ...]] = []
        todo: list[tuple[int, ...]] = []
        for t in _checks(values, now, min_count, sensitive, groups):
            if use_before and before is not None and t in before[1] and t not in before[2]:
                continue  # not pinned with fewer cells hidden
            if use_always and always.get(t):
                found.append(t)
            else:
                todo.append(t)
        if stop is not None and len(found) >= stop:
            return None
        for t in todo:
            if ranges.pinned(t):
                found.append(t)
                if stop is not None and len(found) >= stop:
                    solved[kind] += ranges.solved
                    return None
        solved[kind] += ranges.solved
        if use_always:
            for t in found:
                if t not in always:
                    always[t] = at_most.pinned(t)
        return found

    pinned = check(out, None, None, "main") or []
    for step in range(len(out)):
        if not pinned:
            break
        frontier = _frontier(equations, values, out, never, prefer)
        if not frontier:
            break
        if progress is not None:
            progress(f"audit step {step + 1}: {len(pinned)} small counts pinned, {len(frontier)} cells to try")
        before = (out, set(_checks(values, out, min_count, sensitive, groups)), set(pinned))
        choice, after = frontier[0], None
        for c in frontier:
            if solved["trials"] >= MAX_AUDIT_TRIALS:
                break
            trial = out[:]
            trial[c] = True
            found = check(trial, before, len(pinned), "trials")
            if found is not None:
                choice, after = c, found
                break
        out = out[:]
        out[choice] = True
        pinned = after if after is not None else check(out, before, None, "main") or []
    if stats is not None:
        solved["always"] = at_most.solved
        stats.update(solved)
    return out


def splitting_themes(pairs: pd.DataFrame, priority: str, total: int) -> list[frozenset[str]]:
    """The sets of the priority's themes that split its ``total`` comments (no comment in two
    of them, all comments in one of them); at most 8, largest themes first.

    ``pairs`` has one row per (comment ``index``, ``theme``, ``priority``). Every such set (an
    exact cover, found by a bounded search over the priority's few themes) is a breakdown a
    reader can add up, whatever other themes overlap it (a theme inside another, or across
    two: a fifteenth tester's 7 across 86 and 13 of 99). Themes with the same comments count
    once; their twins are linked by the caller.

    >>> p = pd.DataFrame({"index": [1, 2, 3, 1, 4, 3, 4], "theme": list("aaabcdd"), "priority": "x"})
    >>> [sorted(c) for c in splitting_themes(p, "x", 4)], splitting_themes(p, "x", 5)
    ([['a', 'c']], [])
    """
    here = pairs[pairs["priority"] == priority]
    sets: dict[frozenset[Any], str] = {}
    for t, g in sorted(here.groupby("theme"), key=lambda kv: str(kv[0])):
        sets.setdefault(frozenset(g["index"]), str(t))  # twins: the first by name stands for both
    everyone = frozenset().union(*sets) if sets else frozenset()
    if len(everyone) != total:
        return []
    options = sorted(sets.items(), key=lambda kv: -len(kv[0]))
    found: list[frozenset[str]] = []
    budget = [5000]  # search steps: a priority has at most about 20 themes

    def cover(left: frozenset[Any], chosen: list[str]) -> None:
        if budget[0] <= 0 or len(found) >= 8:
            return
        budget[0] -= 1
        if not left:
            found.append(frozenset(chosen))
            return
        first = min(left)  # some theme of the set must hold it
        for st, t in options:
            if first in st and st <= left:
                cover(left - st, [*chosen, t])

    cover(everyone, [])
    return list(dict.fromkeys(found))


def _theme_grid(
    shown: pd.DataFrame,
    tsent: pd.DataFrame,
    prow: pd.Series | None,
    complete: bool,
    total: int,
    rule: SuppressionRule,
    pre_counts: set[str] | None = None,
    pre_cells: Mapping[str, set[str]] | None = None,
    rest: pd.DataFrame | None = None,
    splitting: Sequence[frozenset[str]] = (),
) -> tuple[list[dict[str, bool]], list[str]]:
    """Which sentiment cells of a chapter's theme table to hide, and its count labels.

    Each theme's four sentiment counts add up to its published count (row). When the table
    lists every theme of the priority (``complete``) and no comment has two of them (the counts
    add up to the priority's ``total``), each sentiment's theme counts also add up to the
    priority's published count of that sentiment (column: 90 comments "24% negative" less a
    shown theme's 20 gave a hidden theme's 2). Small cells are hidden, then secondary cells row
    by row and column by column (:func:`~analysis.report.suppression.hidden_cells`) until no
    hidden cell can be worked out. The theme counts are then a breakdown of ``total``
    (:func:`suppress_breakdown`); with overlapping themes the total is only a lower bound on
    the hidden counts, which pins them only when it reaches 4 each (a theme shown as "<5" in a
    priority of 50 beside one of 46 is 4), and then the next-smallest count is hidden too.
    ``pre_counts`` and ``pre_cells`` are theme counts and sentiment cells hidden in another
    chapter, hidden here too. ``rest`` (columns ``theme``, ``count``) are the priority's themes
    not listed here: their counts and shares may be published in other chapters, so those
    among ``splitting`` join the row and column sums as cells never chosen to hide another (a
    thirteenth tester completed a table of six themes from the seventh's figures in another
    chapter). ``splitting`` (:func:`splitting_themes`) are the themes whose comments split the
    priority's; only they are summed, so a theme inside another no longer hides the split (a
    fourteenth tester's 86 + 12 of 98 beside a 6 inside the 86).
    """
    n_shown = len(shown)
    n_unlisted = 0 if rest is None else len(rest)
    in_any = set().union(*splitting) if splitting else set()
    if rest is not None and len(rest) and in_any:
        add = rest[rest["theme"].isin(in_any)]
        if len(add):
            shown = pd.concat([shown[["theme", "count"]], add[["theme", "count"]]], ignore_index=True)
    counts = [int(c) for c in shown["count"]]
    ids = list(shown["theme"])
    extra = [i >= n_shown for i in range(len(ids))]
    # each set of rows whose comments split the priority's: its sentiment columns and counts
    # are breakdowns of the priority's published figures
    covers = [[i for i, t in enumerate(ids) if t in c] for c in splitting]
    covers = [rows_ for rows_ in covers if rows_ and sum(counts[i] for i in rows_) == total]
    equations = [list(c) for c in covers]  # for the linear check below
    # two covers' themes where they differ add up alike (timeliness = staffing + competence when
    # one cover has the first and another the other two: a sixteenth tester's 40 - 37 = 3), so
    # those rows together are suppressed like a breakdown too
    covers += [
        sorted(set(a) ^ set(b)) for k, a in enumerate(covers) for b in covers[k + 1 :] if set(a) ^ set(b)
    ]
    partition = bool(covers)
    rows = [tsent.loc[t] if t in tsent.index else None for t in ids]
    pre_counts, pre_cells = pre_counts or set(), pre_cells or {}
    grid = [[x in pre_cells.get(t, ()) for x in SENTIMENTS] for t in ids]
    pre = [t in pre_counts for t in ids]
    for _ in range(20):
        before = [r[:] for r in grid]
        for i, r in enumerate(rows):
            if r is not None and int(r["scored"]):
                grid[i] = hidden_cells([r[x] for x in SENTIMENTS], rule, hidden=grid[i])
        if prow is not None:
            for split_rows in covers:
                for j, x in enumerate(SENTIMENTS):
                    column = [int(rows[i][x]) if rows[i] is not None else 0 for i in split_rows]
                    hidden = hidden_cells(
                        column, rule, known=[extra[i] for i in split_rows], hidden=[grid[i][j] for i in split_rows]
                    )
                    for i, h in zip(split_rows, hidden, strict=True):
                        grid[i][j] = grid[i][j] or h
            for j, x in enumerate(SENTIMENTS):
                column = [int(r[x]) if r is not None else 0 for r in rows]
                flags = _unsolvable(equations, [grid[i][j] for i in range(len(ids))], column, extra)
                for i, h in enumerate(flags):
                    grid[i][j] = grid[i][j] or h
        if grid == before:
            break
    # what another chapter or the audit of all chapters hid stays hidden, zeros included (the
    # row checks above never hide a zero)
    grid = [[g or x in pre_cells.get(t, ()) for g, x in zip(r, SENTIMENTS, strict=True)] for r, t in zip(grid, ids, strict=True)]
    labels = [
        SUPPRESSED if p and not is_small(c, rule) else format_count(c, rule) for c, p in zip(counts, pre, strict=True)
    ]
    if partition:
        for _ in range(len(ids)):  # until every cover agrees on what is hidden
            before_labels = list(labels)
            for split_rows in covers:
                split_labels = suppress_breakdown(
                    [counts[i] for i in split_rows], rule, known=[extra[i] for i in split_rows],
                    hidden=[pre[i] or not is_shown_count(labels[i]) for i in split_rows],
                )[0]
                for i, lab in zip(split_rows, split_labels, strict=True):
                    labels[i] = lab
            flags = _unsolvable(equations, [not is_shown_count(lab) for lab in labels], counts, extra)
            if any(h and is_shown_count(lab) for h, lab in zip(flags, labels, strict=True)):
                # a cell hidden to protect another: every hidden cell reads "*", as in a breakdown
                labels = [SUPPRESSED if h or not is_shown_count(lab) else lab for h, lab in zip(flags, labels, strict=True)]
            if labels == before_labels:
                break
    else:
        small = [is_small(c, rule) for c in counts]
        floor = total - sum(c for c, h, p in zip(counts, small, pre, strict=True) if not (h or p))
        if complete and any(small) and floor >= sum(small) * (rule.min_count - 1):
            # the total pins the small counts at their top (all min_count - 1), which hidden_cells
            # also finds: it hides the next-lowest count too
            small = hidden_cells(counts, rule, hidden=pre)
            labels = [SUPPRESSED if h else lab for h, lab in zip(small, labels, strict=True)]
    if partition:
        grid, labels = _audit_theme_grid(
            ids, counts, rows, grid, labels, [list(c) for c in equations], prow, extra, total, rule
        )
    if n_unlisted:
        # themes left out are each no bigger than the last listed: beside a "<5" that bounds
        # them all (a twenty-first tester: 76 - 66 = 10 over a "<5" and two smaller themes made
        # it 4), so a hidden listed count reads "*"
        labels = [SUPPRESSED if lab != SUPPRESSED and not is_shown_count(lab) else lab for lab in labels]
    return [dict(zip(SENTIMENTS, g, strict=True)) for g in grid[:n_shown]], labels[:n_shown]


def _nested_priorities(pe: pd.DataFrame, labels: pd.Series) -> list[tuple[str, tuple[str, ...], dict[str, int]]]:
    """(priority, inner priorities, sentiment counts of the comments on the first but on none
    of the inner ones) for each set of priorities whose comments all lie inside the first's,
    no comment on two of them, and the first has more: the headlines of the first less those
    of the inner ones give these counts (a twenty-second tester: Safety less Outcomes less Clear
    and transparent). ``pe`` has one row per (comment index, ``priority``); ``labels`` the
    comments' sentiment.

    >>> pe = pd.DataFrame({"priority": ["a", "a", "a", "b", "b"]}, index=[1, 2, 3, 1, 2])
    >>> _nested_priorities(pe, pd.Series({1: "positive", 2: "negative", 3: "positive"}))
    [('a', ('b',), {'positive': 1})]
    """
    from itertools import combinations

    sets = {str(p): frozenset(g.index) for p, g in pe.groupby("priority")}
    out = []
    for outer, big in sorted(sets.items()):
        inside = [q for q, small in sorted(sets.items()) if q != outer and small < big]
        for k in range(1, min(len(inside), 4) + 1):
            for group in combinations(inside, k):
                parts = [sets[q] for q in group]
                if sum(len(x) for x in parts) != len(frozenset().union(*parts)):
                    continue  # a comment on two of them
                rest_ids = big - frozenset().union(*parts)
                if not rest_ids:
                    continue
                rest = labels.reindex(sorted(rest_ids)).value_counts()
                out.append((outer, group, {str(x): int(n) for x, n in rest.items() if x in SENTIMENTS}))
    return out


def _baseline_hidden(
    baseline_coded: pd.DataFrame | None,
    baseline_scored: pd.DataFrame | None,
    rule: SuppressionRule,
    codebook: Any,
    say: Callable[[str], None],
) -> dict[str, tuple[bool, bool]]:
    """Priority -> (its comments' positive share hidden, its tagged questions' score hidden) in
    the baseline round's own report: :func:`build_report` of the baseline's comments and scored
    answers alone, so every rule that report applies (theme tables, their audit) decides, not
    a copy of some of them. {} without a baseline."""
    if baseline_coded is None and baseline_scored is None:
        return {}
    coded = baseline_coded
    if coded is None:  # scored answers, no comments
        coded = pd.DataFrame({c: pd.Series(dtype=object) for c in REQUIRED})
    own = build_report(
        coded, rule=rule, scored=baseline_scored, codebook=codebook,
        progress=lambda msg: say(f"baseline round's own figures, {msg.removeprefix('report: ')}"),
    )
    return {
        s.id: (s.positive_text == SUPPRESSED, s.basis == "questions" and s.score_text == SUPPRESSED)
        for s in own.summary
    }


def _no_change_beside_hidden(summ: PrioritySummary) -> PrioritySummary:
    """``summ`` with its change (and direction) hidden where its score is: a change is never
    shown when either side's figure is suppressed."""
    if summ.score_text == SUPPRESSED and summ.change_text not in ("–", SUPPRESSED):
        return replace(summ, change_text=SUPPRESSED, direction=SUPPRESSED)
    return summ


def _hide_headline(summ: PrioritySummary, shares: set[str]) -> PrioritySummary:
    """``summ`` with its headline's "positive" and / or "negative" share hidden (``shares``);
    % positive is the comment score where that is the basis, so the score, its interval and
    its change go with it."""
    changes: dict[str, Any] = {}
    if "positive" in shares:
        changes["positive_text"] = SUPPRESSED
        if summ.basis == "comments":
            changes.update(score_text=SUPPRESSED, interval_text=SUPPRESSED)
            if summ.direction in ("improved", "declined", "no clear change"):
                changes.update(change_text=SUPPRESSED, direction=SUPPRESSED)
    if "negative" in shares:
        changes["negative_text"] = SUPPRESSED
    return replace(summ, **changes) if changes else summ


def _row_equation(cells: Sequence[int], count: int | None) -> dict[int, float]:
    """A theme row for :func:`_audit_grid`: its sentiment ``cells`` add up to its count (the
    cell ``count``, given where every comment of the theme is scored), else to its scored
    comments (a constant)."""
    eq = dict.fromkeys(cells, 1.0)
    if count is not None:
        eq[count] = -1.0
    return eq


def _audit_chapters(
    summaries: Sequence[PrioritySummary],
    top: pd.DataFrame,
    theme_counts: pd.DataFrame,
    tsent: pd.DataFrame,
    psent: pd.DataFrame,
    splits: Mapping[str, Sequence[frozenset[str]]],
    theme_hidden: set[str],
    cells_hidden: Mapping[str, set[str]],
    rule: SuppressionRule,
    nested: Sequence[tuple[str, tuple[str, ...], Mapping[str, int]]] = (),
    progress: Callable[[str], None] | None = None,
) -> tuple[set[str], dict[str, set[str]], dict[str, set[str]]]:
    """Theme counts, sentiment cells and, as a last resort, headline shares to hide further so
    that no chapter's theme table, read with every other chapter's and with the headlines, pins
    a small count (:func:`_audit_grid`).

    The per-chapter audit (:func:`_audit_theme_grid`) sees one chapter. A nineteenth tester
    joined two: timeliness and competence are in Safety and in Outcomes, so Safety's positive
    12 less staffing's 7 gave their 5, and Outcomes' 7 less that 5 gave impact's 2. Here every
    listed theme's count and four sentiment cells are cells once, whatever chapters print them;
    each priority's four sentiment totals are cells too (positive and negative known where the
    headline prints them, 0% included; neutral and mixed never printed), adding up to its scored
    comments; each split of a priority adds up to its comments and, column by column, to its
    sentiment totals. Protected: hidden counts of 1-4, and hidden cells and priority totals of
    1-4 or 1-4 short of their base (a share the report hides for its small remainder: a tester's
    staffing "not mixed" 4 gave mixed 15 of 19). ``top`` and ``theme_counts`` have columns
    ``priority, theme, count``; ``tsent`` and ``psent`` the sentiment counts and ``scored`` per
    theme and priority. Returns the themes whose counts and the (theme, sentiments) whose cells
    must be hidden as well as those already in ``theme_hidden`` and ``cells_hidden``, and
    priority id -> the headline shares ("positive", "negative") to hide. ``nested`` lists
    (priority, inner priorities, sentiment counts of the comments on the first but none of
    the inner ones) from :func:`_nested_priorities`: the headlines then differ by those counts,
    which are protected like cells (a twenty-first tester's 12 - 10 positive gave the 2 of a
    theme on the first alone, with no split to join the two). ``progress`` is told of the
    audit's steps.
    """
    k = len(SENTIMENTS)
    values: list[int] = []
    hidden: list[bool] = []
    sensitive: list[bool] = []
    can_hide: list[bool] = []
    prefer: list[int] = []
    count_var: dict[tuple[str, int], int] = {}
    cell_var: dict[str, int] = {}
    total_var: dict[str, int] = {}
    listed = set(top["theme"])

    def add(value: int, is_hidden: bool, base: int | None, hideable: bool, rank: int) -> int:
        values.append(int(value))
        hidden.append(bool(is_hidden))
        small = 0 < value < rule.min_count or (base is not None and 0 < base - value < rule.min_count)
        sensitive.append(bool(is_hidden and small))
        can_hide.append(bool(hideable and not is_hidden))
        prefer.append(rank)
        return len(values) - 1

    def theme_count(t: str, c: int) -> int:
        key = (t, int(c))
        if key not in count_var:
            count_var[key] = add(c, t in theme_hidden or t not in listed, None, t in listed, 1)
        return count_var[key]

    def theme_cells(t: str) -> int | None:
        if t not in tsent.index:
            return None
        if t not in cell_var:
            row = tsent.loc[t]
            base = int(row["scored"])
            gone = cells_hidden.get(t, set())
            first = len(values)
            # a share's small remainder matters only where the count (its base) is shown
            shown_base = base if t in listed and t not in theme_hidden else None
            for x in SENTIMENTS:
                add(int(row[x]), x in gone or t in theme_hidden or t not in listed, shown_base, t in listed, 0)
            cell_var[t] = first
        return cell_var[t]

    equations: list[dict[int, float]] = []
    for summ in summaries:
        here = theme_counts[theme_counts["priority"] == summ.id]
        counts = dict(zip(here["theme"].astype(str), here["count"].astype(int), strict=True))
        prow = psent.loc[summ.id] if summ.id in psent.index else None
        totals = None
        if prow is not None:
            n = int(prow["scored"])
            printed = {"positive": summ.positive_text != SUPPRESSED, "negative": summ.negative_text != SUPPRESSED}
            totals = len(values)
            total_var[summ.id] = totals
            for x in SENTIMENTS:
                # a printed headline share may be hidden too, as a last resort (a twentieth
                # tester: Outcomes' comments all inside Safety's, 11 - 10 negative gave 1)
                add(int(prow[x]), not printed.get(x, False), n, printed.get(x, False), 3)
            # they add up to the scored comments, which the shares are of
            equations.append({totals + j: 1.0 for j in range(k)})
        for split in splits.get(summ.id, ()):
            members = [t for t in split if t in counts]
            if len(members) != len(split):
                continue
            equations.append({theme_count(t, counts[t]): 1.0 for t in members})
            first = [theme_cells(t) for t in members]
            if totals is not None and all(f is not None for f in first):
                for j in range(k):
                    eq = {f + j: 1.0 for f in first if f is not None}
                    eq[totals + j] = -1.0
                    equations.append(eq)
        for t in here["theme"].astype(str):
            if t not in listed:
                continue
            f = theme_cells(t)
            if f is None:
                continue
            c = theme_count(t, counts[t])
            scored_all = int(tsent.loc[t]["scored"]) == counts[t]
            equations.append(_row_equation(range(f, f + k), c if scored_all else None))
    for outer, inner, rest in nested:
        if outer in total_var and all(q in total_var for q in inner):
            first = len(values)
            base = sum(int(rest.get(x, 0)) for x in SENTIMENTS)
            for x in SENTIMENTS:
                add(int(rest.get(x, 0)), True, base, False, 3)
            for j in range(k):
                eq = {total_var[outer] + j: 1.0, first + j: -1.0}
                eq.update({total_var[q] + j: -1.0 for q in inner})
                equations.append(eq)
    never = [not h for h in can_hide]
    groups = [[i for i, c in eq.items() if c > 0] for eq in equations]
    done = _audit_grid(equations, values, hidden, lambda now: [(1 if v else 0, max(values) or 1) for v in values],
                       never, prefer, rule.min_count, sensitive=sensitive, groups=groups, progress=progress)
    out_counts = set(theme_hidden)
    out_cells = {t: set(v) for t, v in cells_hidden.items()}
    for (t, _), v in count_var.items():
        if done[v] and not hidden[v]:
            out_counts.add(t)
    for t, f in cell_var.items():
        for j, x in enumerate(SENTIMENTS):
            if done[f + j] and not hidden[f + j]:
                out_cells.setdefault(t, set()).add(x)
    headlines = {
        pid: {x for j, x in enumerate(SENTIMENTS) if done[f + j] and not hidden[f + j]} for pid, f in total_var.items()
    }
    return out_counts, out_cells, {pid: xs for pid, xs in headlines.items() if xs}


def _audit_theme_grid(
    ids: list[str],
    counts: list[int],
    rows: list[Any],
    grid: list[list[bool]],
    labels: list[str],
    splits: list[list[int]],
    columns: pd.Series | None,
    extra: list[bool],
    total: int,
    rule: SuppressionRule,
) -> tuple[list[list[bool]], list[str]]:
    """The whole theme table checked at once (:func:`_audit_grid`).

    Cells: each theme's count (``counts``) and its sentiment counts (``rows``). Equations:
    each row's sentiments add up to its count (where every comment of the theme is scored);
    each set of themes that splits the priority (``splits``) adds up to ``total``; and, where the
    chapter's headline gives the priority's positive or negative share (``columns``, the
    priority's sentiment counts; a share under ``min_count`` is not given), that sentiment
    column of each such set adds up to the priority's (where two splits differ follows). The
    checks before take rows and columns one at a time: an eighteenth tester solved a cell that
    joined two groups of hidden cells from two rows and two columns together (45 - 5 - 5 - 10 -
    10 - 12 = 3). A row whose count is hidden shows no shares, so its cells count as hidden.
    Pinned cells hide more cells, sentiment cells before counts; once a count is hidden to
    protect another, every hidden count reads "*". Rows marked ``extra`` (themes listed in
    other chapters) are never hidden here.
    """
    n, k = len(ids), len(SENTIMENTS)

    def cell(i: int, j: int) -> int:
        return n + i * k + j

    values = list(counts) + [int(rows[i][x]) if rows[i] is not None else 0 for i in range(n) for x in SENTIMENTS]
    equations: list[dict[int, float]] = []
    for i in range(n):
        if rows[i] is not None:
            scored_all = int(rows[i]["scored"]) == counts[i]
            equations.append(_row_equation([cell(i, j) for j in range(k)], i if scored_all else None))
    equations += [dict.fromkeys(rows_, 1.0) for rows_ in splits]
    if columns is not None:
        # the chapter's headline gives the priority's positive and negative shares (unless small)
        published = [j for j, x in enumerate(SENTIMENTS) if x in ("positive", "negative") and columns[x] >= rule.min_count]
        equations += [{cell(i, j): 1.0 for i in rows_} for rows_ in splits for j in published]
    count_hidden = [not is_shown_count(lab) for lab in labels]
    hidden = count_hidden + [bool(grid[i][j]) or count_hidden[i] for i in range(n) for j in range(k)]
    never = list(extra) + [extra[i] for i in range(n) for _ in range(k)]
    prefer = [1] * n + [0] * (n * k)
    cap = max(total, 1)

    def bounds(now: list[bool]) -> list[tuple[int, int]]:
        # a count read "<5" is 1-4 to a reader until a count is hidden to protect it (then "*")
        starred = any(now[i] and not count_hidden[i] for i in range(n))
        under_5 = [count_hidden[i] and labels[i] != SUPPRESSED and not starred for i in range(n)]
        return [(1, rule.min_count - 1) if under_5[i] else (1, cap) for i in range(n)] + [
            (1 if v else 0, cap) for v in values[n:]
        ]

    done = _audit_grid(equations, values, hidden, bounds, never, prefer, rule.min_count)
    if any(done[i] and not count_hidden[i] for i in range(n)):
        labels = [SUPPRESSED if done[i] or count_hidden[i] else labels[i] for i in range(n)]
    grid = [[bool(grid[i][j]) or done[cell(i, j)] for j in range(k)] for i in range(n)]
    return grid, labels


def _headline(s: PrioritySummary, n_comments_text: str, baseline: str) -> str:
    parts = []
    if s.score is not None:
        what = "respondents' answers to tagged questions" if s.basis == "questions" else "sentiment-scored comments"
        parts.append(
            f"Score {s.score_text} positive (95% interval {s.interval_text}; {s.score_n_text} {what})."
            if s.score_text != SUPPRESSED
            # not only too few: a score hidden beside a small sentiment count (the sample's Developing
            # joint systems: 12 positive of 42, hidden with 3 neutral) was said to rest on too few
            else "Score suppressed to protect small numbers: it rests on too few responses or answers, or "
            "would let a hidden count be worked out."
        )
        if s.basis == "comments":
            parts.append(
                "No answers to a closed question tagged with this priority are in this report, so the score "
                "is the share of comments about it that were positive."
            )
        then = {"": "", "–": "", SUPPRESSED: ""}.get(s.baseline_text, f" (score then {s.baseline_text})")
        if baseline and s.change_text == SUPPRESSED:
            parts.append(
                f"The change against {baseline} is suppressed, as it would give away a small number of answers"
                + (f"; the score then was {s.baseline_text}." if then else ".")
            )
        elif baseline and s.direction == "too few responses":
            # not "Against B: –, too few responses." (a progress check)
            parts.append(f"No change against {baseline}{then} is given: one of the two rounds has too few responses.")
        elif baseline and s.direction == "no baseline":
            parts.append(f"{baseline} has no score for this priority to compare with.")
        elif baseline and s.change_text == "–":  # the tables' dash; prose says why (was "Against B: –, ...")
            parts.append(f"Not compared with {baseline}: {s.direction}.")
        elif baseline:
            parts.append(f"Against {baseline}{then}: {s.change_text}, {s.direction}.")
    else:
        parts.append(
            "No answers to a closed question tagged with this priority are in this round, so there is no score; "
            "the figures below come from comments."
        )
    parts.append(
        f"{s.comments_text} of {n_comments_text} comments ({s.comment_share_text}) were coded to this "
        f"priority; of those, {s.positive_text} were positive and {s.negative_text} negative."
    )
    return " ".join(parts)


def _breakdowns(
    coded: pd.DataFrame,
    pe: pd.DataFrame,
    scored: pd.DataFrame | None,
    groups: Sequence[str],
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None = None,
    n_workshop: int = 0,
    linked: tuple[Mapping[str, list[Any]], Mapping[str, set[Any]]] | None = None,
    overall_hidden: Mapping[str, tuple[bool, bool]] | None = None,
    nested: Sequence[tuple[str, tuple[str, ...], Mapping[str, int]]] = (),
    option_order: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[Table]]:
    """Each priority's breakdown tables by group (:func:`_group_table`). ``linked`` is
    :func:`responses_hidden`: every group with responses gets a row, and a group whose
    response count is hidden has its comment count hidden too. ``overall_hidden`` gives, per
    priority, whether the summary hides its comments' % positive and its question score.
    ``nested`` (:func:`_nested_priorities`): where a group's row of the outer priority less its
    rows of the inner ones leaves 1-4 comments, scored comments or positive ones, the outer
    row's share is hidden (a twenty-third tester: carers' 14 scored comments on Safety, 50%
    positive, less 12 on Outcomes gave 2 comments, 1 positive)."""
    resp_rows, resp_hidden = linked if linked is not None else ({}, {})
    out: dict[str, list[Table]] = {}
    sent = pe["sentiment_label"].astype(str)
    for g in groups:
        sizes = coded.groupby(g, observed=True).size()
        if len(sizes) < 2:
            continue
        # Groups past the largest MAX_GROUPS (of the who-responded table, so every table lumps
        # the same ones), and comments with no value, are rows of their own ("Other groups",
        # "Not answered"): left out, the published totals minus the rows shown would give
        # their counts back, however small.
        keep = list(_kept_for(kept, g, coded[g]))
        lumped = bool(set(sizes.index) - set(keep))
        coded = coded.assign(**{g: lump_groups(coded[g], keep)})
        pe = pe.assign(**{g: lump_groups(pe[g], keep)})
        if scored is not None and g in scored.columns:
            scored = scored.assign(**{g: lump_groups(scored[g], keep)})
        # A group with closed answers but no comments still gets a row (0 comments), or the
        # published total of answers minus the rows shown would give its answers back.
        present = (
            set(coded[g])
            | (set(scored[g]) if scored is not None and g in scored.columns else set())
            | set(resp_rows.get(g, ()))
        )
        order = canonical_order(g, [x for x in [*keep, OTHER_GROUPS, NOT_ANSWERED] if x in present])
        sizes = coded[g].value_counts().reindex(order, fill_value=0).astype(int)
        # the workshop channel's contributions, in all and by priority, are counted in the
        # workshops chapter: hiding them here would hide nothing, so they never partner
        known = _known_rows(g, sizes.index, sizes.tolist(), n_workshop)
        linked_hidden = [grp in resp_hidden.get(g, set()) for grp in sizes.index]
        pe_scored = pe[sent.isin(SENTIMENTS)]
        pe_pos = pe[sent == "positive"]
        counts = (
            pe.groupby([g, "priority"], observed=True)
            .size()
            .unstack(fill_value=0)
            .reindex(index=sizes.index, fill_value=0)
        )
        nsc = (
            pe_scored.groupby([g, "priority"], observed=True)
            .size()
            .unstack(fill_value=0)
            .reindex(index=sizes.index, fill_value=0)
        )
        npos = (
            pe_pos.groupby([g, "priority"], observed=True)
            .size()
            .unstack(fill_value=0)
            .reindex(index=sizes.index, fill_value=0)
        )
        all_sc = pe_scored[pe_scored[g].notna()].groupby("priority").size()
        all_pos = pe_pos[pe_pos[g].notna()].groupby("priority").size()
        # the people behind a group's comments (a share from 24 comments of 5 people rests on
        # 5 responses: a new user's "Buddhist 24 comments, 58% on this priority"); without
        # response ids every comment counts as one person
        if "response_id" in coded.columns:
            people = coded.groupby(g, observed=True)["response_id"].nunique().reindex(sizes.index, fill_value=0)
            scored_people = (  # pe's index is coded's (one row per comment and priority)
                pe_scored.assign(response_id=coded["response_id"].reindex(pe_scored.index).to_numpy())
                .groupby([g, "priority"], observed=True)["response_id"].nunique()
                .unstack(fill_value=0).reindex(index=sizes.index, fill_value=0)
            )
        else:
            people, scored_people = sizes, nsc
        has_scores = scored is not None and not scored.empty and g in scored.columns
        gs = priority_scores(scored, by=[g]).set_index([g, "priority"]) if has_scores else None
        allsc = priority_scores(scored[scored[g].notna()]).set_index("priority") if has_scores else None
        zero = pd.Series(0, index=sizes.index)

        def col(frame: pd.DataFrame, pid: str) -> pd.Series:
            return frame[pid] if pid in frame.columns else zero

        nested_small: dict[str, np.ndarray] = {}
        for outer, inner, _ in nested:
            rests = [col(f, outer) - sum((col(f, q) for q in inner), zero) for f in (counts, nsc, npos)]
            rests.append(rests[1] - rests[2])  # scored but not positive
            small = np.zeros(len(sizes), dtype=bool)
            for rest in rests:
                small |= ((rest > 0) & (rest < rule.min_count)).to_numpy()
            nested_small[outer] = nested_small.get(outer, np.zeros(len(sizes), dtype=bool)) | small
        for pid in PRIORITY_IDS:
            x = col(counts, pid)
            xs = col(nsc, pid)
            xp = col(npos, pid)
            tp, ts = int(all_pos.get(pid, 0)), int(all_sc.get(pid, 0))
            r = difference_of_proportions(xp.to_numpy(), xs.to_numpy(), tp - xp.to_numpy(), ts - xs.to_numpy())
            with np.errstate(divide="ignore", invalid="ignore"):
                frame = pd.DataFrame(
                    {
                        "group": sizes.index.astype(str),
                        "n": sizes.to_numpy(),
                        "x": x.to_numpy(),
                        "pos_n": xs.to_numpy(),
                        "pos_x": xp.to_numpy(),
                        "pos_gap": r["diff"],
                        "pos_p": r["p_value"],
                        "people": people.to_numpy(),
                        "pos_people": col(scored_people, pid).to_numpy(),
                    }
                )
            if has_scores:
                spos, sn, sresp, sgap, sp = [], [], [], [], []
                for grp in sizes.index:
                    if (grp, pid) in gs.index and pid in allsc.index:
                        a, t = gs.loc[(grp, pid)], allsc.loc[pid]
                        d = difference_of_proportions(
                            a["positive"], a["answers"], t["positive"] - a["positive"], t["answers"] - a["answers"]
                        )
                        spos.append(int(a["positive"]))
                        sn.append(int(a["answers"]))
                        sresp.append(int(a["respondents"]))
                        sgap.append(d["diff"])
                        sp.append(d["p_value"])
                    else:
                        spos.append(0)
                        sn.append(0)
                        sresp.append(0)
                        sgap.append(np.nan)
                        sp.append(np.nan)
                frame = frame.assign(score_pos=spos, score_n=sn, score_resp=sresp, score_gap=sgap, score_p=sp)
            # how many groups were lumped is not said: with the lumped row's count it could
            # pin each lumped group (6 groups, 6 comments: one each)
            more = f" (the largest {MAX_GROUPS} groups; the rest as other groups)" if lumped else ""
            # the workshop row is published elsewhere, but not on a priority whose other comments
            # are 1-4: the workshops chapter hides its count there (_workshop_table), so it may
            # partner here (a tester's 8 comments, workshop 43% of 14 = 6: so 2 in the rest)
            x_all = frame["x"].astype(int).tolist()
            known_here = [k and not is_small(sum(x_all) - xv, rule) for k, xv in zip(known, x_all, strict=True)]
            out.setdefault(pid, []).append(
                _group_table(
                    f"By {column_label(g)}{more}", frame, rule, has_scores, g, known_here, linked_hidden,
                    overall_hidden=(overall_hidden or {}).get(pid, (False, False))[1 if has_scores else 0],
                    nested_small=nested_small.get(pid), fixed=(option_order or {}).get(g, ()),
                )
            )
    return out


def _tidy_groups(
    frames: Sequence[pd.DataFrame | None], groups: Sequence[str]
) -> tuple[pd.DataFrame | None, ...]:
    """``frames`` with the values of each group column made canonical
    (:func:`analysis.report.labels.canonical_groups`) over all the frames together, so that a
    spelling chosen by frequency is the same in each."""
    out = list(frames)
    for g in groups:
        parts = [f[g] for f in out if f is not None and g in f.columns]
        if not parts:
            continue
        raw = pd.concat(parts, ignore_index=True).astype(object)
        canon = canonical_groups(g, raw)
        mapping = {k: v for k, v in zip(raw, canon, strict=True) if k is not None and k == k}
        for i, f in enumerate(out):
            if f is not None and g in f.columns:
                col = f[g].astype(object)
                out[i] = f.assign(**{g: col.map(lambda v: mapping.get(v, v) if v is not None and v == v else v)})
    return tuple(out)


#: Groups shown by name in a breakdown; the rest are one "Other groups" row.
MAX_GROUPS = 20


def kept_groups(values: pd.Series, max_groups: int = MAX_GROUPS) -> list[Any]:
    """The values of one group column shown by name in every table: the ``max_groups``
    commonest (ties by their label), the rest being lumped as :data:`OTHER_GROUPS`.

    >>> kept_groups(pd.Series(["b", "a", "c", "c", None]), 2)
    ['c', 'a']
    """
    counts = values.dropna().value_counts()
    ranked = sorted(counts.index, key=lambda v: (-int(counts[v]), str(v)))
    return ranked[:max_groups]


def _kept_for(kept: Mapping[str, Sequence[Any]] | None, column: str, values: pd.Series) -> Sequence[Any]:
    """The groups of ``column`` shown by name: ``kept[column]`` (the report's, from the
    who-responded table) when given, else :func:`kept_groups` of ``values``."""
    return kept[column] if kept and column in kept else kept_groups(values)


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key reading runs of digits as numbers ("5-15" before "16-24")."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text))


def canonical_order(column: str, values: Sequence[Any]) -> list[Any]:
    """``values`` of one group column in the order every table first lays them out: by display
    label (numbers as numbers), then :data:`OTHER_GROUPS` and :data:`NOT_ANSWERED`. Secondary
    suppression picks among equal counts by position, so tables with the same counts hide the
    same cells; the order shown to readers is :func:`display_order`.

    >>> canonical_order("eq_age", ["85+", "Not answered", "16-24", "5-15", "Other groups"])
    ['5-15', '16-24', '85+', 'Other groups', 'Not answered']
    """
    last = [OTHER_GROUPS, NOT_ASKED, NOT_ANSWERED]
    named = [v for v in values if v not in last]
    return sorted(named, key=lambda v: _natural(value_label(column, v))) + [v for v in last if v in values]


def display_order(
    labels: Sequence[str],
    sizes: Sequence[int],
    names: Sequence[str],
    last_rows: Sequence[str] = (),
    fixed: Sequence[str] = (),
) -> list[int]:
    """Row positions for display: rows whose count is shown, largest first (ties by name), then
    rows whose count is hidden, by name, then "Other groups" and "Not answered" (or the rows
    named in ``last_rows``, in that order). A hidden row placed among the shown ones by its
    size would tell readers it lies between its neighbours (a tester pinned "Black *, White *"
    of 11 as 10 and 1 from that). Rows named in ``fixed`` (a question's answers in its own
    order, :attr:`ReportContext.option_order`) come first in that order, whatever their
    counts, which says nothing about a hidden one's size (a new user's age bands read "45-54,
    35-44, 55-64" largest first).

    >>> display_order(["30", "*", "10", "*"], [30, 10, 10, 1], ["Asian", "Black", "Mixed", "White"])
    [0, 2, 1, 3]
    >>> display_order(["30", "*", "10"], [30, 2, 10], ["45 to 54", "18 to 24", "25 to 34"],
    ...               fixed=["18 to 24", "25 to 34", "45 to 54"])
    [1, 2, 0]
    """
    last = {name: i for i, name in enumerate(last_rows or (OTHER_GROUPS, NOT_ASKED, NOT_ANSWERED))}
    place = {name: i for i, name in enumerate(fixed)}

    def key(i: int) -> tuple[Any, ...]:
        if names[i] in last:
            return (3, last[names[i]])
        if names[i] in place:
            return (0, place[names[i]])
        if is_shown_count(labels[i]):
            return (1, -int(sizes[i]), _natural(names[i]))
        return (2, _natural(names[i]))

    return sorted(range(len(labels)), key=key)


#: Row labels of :func:`lump_groups`.
OTHER_GROUPS = "Other groups"
NOT_ANSWERED = "Not answered"
#: The row of an equality table that counts responses to questionnaires without the question,
#: where leaving them out would make a small number printable (:func:`equality_bases`).
NOT_ASKED = "Not asked (questionnaire without this question)"


def lump_groups(values: pd.Series, keep: Sequence[Any]) -> pd.Series:
    """``values`` with every value not in ``keep`` as :data:`OTHER_GROUPS` and every missing
    one as :data:`NOT_ANSWERED`, so that a breakdown's rows cover everyone its totals count.

    >>> lump_groups(pd.Series(["a", "b", None, "c"]), ["a", "b"]).tolist()
    ['a', 'b', 'Not answered', 'Other groups']
    """
    out = values.astype(object).where(values.isin(list(keep)), OTHER_GROUPS)
    out[values.isna()] = NOT_ANSWERED
    return out


def _known_rows(column: str, groups: Sequence[Any], sizes: Sequence[int], n_workshop: int) -> list[bool]:
    """Rows of a breakdown by ``column`` whose counts the workshops chapter publishes: the
    workshop channel, and the "Workshop participants" audience, or an equality question's
    "Not asked" row (:func:`_workshop_not_asked`), when it holds every workshop contribution
    (``n_workshop``). They are never chosen to hide another row. ``groups`` are stored values
    or their display labels."""
    workshop = {"workshop", value_label("channel", "workshop")}
    participants = {WORKSHOP_AUDIENCE, value_label("audience", WORKSHOP_AUDIENCE)}
    return [
        (column == "channel" and str(grp) in workshop)
        or (column == "audience" and str(grp) in participants and int(n) == n_workshop > 0)
        or (column.startswith("eq_") and str(grp) == NOT_ASKED and int(n) == n_workshop > 0)
        for grp, n in zip(groups, sizes, strict=True)
    ]


def _workshop_not_asked(frame: pd.DataFrame | None, groups: Sequence[str]) -> pd.DataFrame | None:
    """``frame`` (comments or scored answers, with ``channel``) with each equality column
    (``eq_...`` of ``groups``) of workshop contributions that hold no value set to
    :data:`NOT_ASKED`: the workshop questionnaire asks no equality questions, so they are not
    people who left it blank.

    >>> f = pd.DataFrame({"channel": ["workshop", "online", "online"], "eq_age": ["", None, "18-24"]})
    >>> _workshop_not_asked(f.replace("", None), ["eq_age"])["eq_age"].fillna("blank").tolist()
    ['Not asked (questionnaire without this question)', 'blank', '18-24']
    """
    if frame is None or "channel" not in frame.columns:
        return frame
    workshop = (frame["channel"].astype(str) == "workshop").to_numpy()
    cols = [g for g in groups if g.startswith("eq_") and g in frame.columns]
    if not workshop.any() or not cols:
        return frame
    return frame.assign(
        **{g: frame[g].astype(object).where(~(workshop & frame[g].isna().to_numpy()), NOT_ASKED) for g in cols}
    )


def _not_asked_rows(
    frame: pd.DataFrame | None, respondents: pd.DataFrame, bases: Mapping[str, EqualityBase]
) -> pd.DataFrame | None:
    """``frame`` (comments, or closed answers, with ``response_id``) with each equality column
    of ``bases`` set to :data:`NOT_ASKED` on the rows of responses whose questionnaire did not
    ask it (``EqualityBase.asked``, aligned with ``respondents``, which needs ``response_id``).
    Unchanged without ``response_id`` in both, or where every response was asked."""
    if frame is None or "response_id" not in frame.columns or "response_id" not in respondents.columns:
        return frame
    changes = {}
    for g, b in bases.items():
        if g not in frame.columns or b.mode not in ("asked", "not_asked_row"):
            continue
        unasked = set(respondents["response_id"].to_numpy()[~np.asarray(b.asked, dtype=bool)])
        mask = frame["response_id"].isin(unasked).to_numpy()
        changes[g] = frame[g].astype(object).where(~mask, NOT_ASKED)
    return frame.assign(**changes) if changes else frame


def _beside_workshops(respondents: pd.DataFrame, child: str, parent: str) -> bool:
    """Whether ``child`` nests in ``parent`` only because the workshop contributions sit apart
    (a survey on one channel beside workshops: the audiences, or the equality answers, each
    within one channel), so that its breakdowns can stay. They can when the parent is the
    channel, with one channel besides the workshop one, so that its breakdown is the total less
    the workshops chapter's counts, and the contributions are one row of ``child``: "Workshop
    participants" or "Not asked" (:func:`_workshop_not_asked`), whose counts that chapter gives.
    A row of the workshop part that only some contributions had would be pinned by the
    chapter's counts less the other rows, so the child then has no breakdowns, as before.
    ``respondents`` hold the values the breakdowns show (contributions already "Not asked").

    >>> r = pd.DataFrame({"channel": ["workshop"] * 2 + ["online"] * 4,
    ...                   "eq_age": [NOT_ASKED, NOT_ASKED, "18-24", "25-34", "18-24", None]})
    >>> _beside_workshops(r, "eq_age", "channel")
    True
    >>> _beside_workshops(r.assign(channel=["workshop"] * 2 + ["online", "paper"] * 2), "eq_age", "channel")
    False
    """
    if parent != "channel" or "channel" not in respondents.columns:
        return False
    channel = respondents["channel"].astype(str)
    workshop = (channel == "workshop").to_numpy()
    if not workshop.any() or channel[~workshop].nunique() > 1:
        return False
    values = respondents[child][workshop]
    return values.nunique(dropna=False) == 1 and str(values.iloc[0]) in (NOT_ASKED, WORKSHOP_AUDIENCE)


def _respondent_counts(
    respondents: pd.DataFrame,
    g: str,
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None = None,
    n_workshop: int = 0,
    pre_hidden: set[Any] | None = None,
    audit: bool = False,
) -> tuple[pd.Series, list[str], list[bool]]:
    """Responses by the stored values of ``g`` (lumped as :func:`lump_groups`, in
    :func:`canonical_order`) with their labels and ``base_ok`` (:func:`suppress_breakdown`);
    groups in ``pre_hidden`` are hidden whatever their size. With ``audit``, the table is then
    audited as the district table is (:func:`_audit_breakdown`)."""
    keep = _kept_for(kept, g, respondents[g])
    counts = lump_groups(respondents[g], keep).value_counts()
    counts = counts.reindex(canonical_order(g, list(counts.index)))
    labels, base_ok = suppress_breakdown(
        counts.tolist(), rule, _known_rows(g, counts.index, counts, n_workshop),
        [k in (pre_hidden or set()) for k in counts.index],
    )
    if audit:
        labels, base_ok = _audited(counts.astype(int).tolist(), labels, base_ok, [1] * len(counts), rule)
    return counts, labels, base_ok


def _audited(
    values: Sequence[int], labels: Sequence[str], base_ok: Sequence[bool], lowest: Sequence[int], rule: SuppressionRule
) -> tuple[list[str], list[bool]]:
    """``labels`` and ``base_ok`` with the further cells :func:`_audit_breakdown` hides read "*"."""
    hidden = _audit_breakdown(values, labels, lowest, rule)
    if not any(h and is_shown_count(x) for h, x in zip(hidden, labels, strict=True)):
        return list(labels), list(base_ok)
    return (
        [SUPPRESSED if h else x for h, x in zip(hidden, labels, strict=True)],
        [ok and not h for ok, h in zip(base_ok, hidden, strict=True)],
    )


@dataclass(frozen=True)
class EqualityBase:
    """Which responses one equality table counts (:func:`equality_bases`).

    ``mode`` is "all" (every response was asked the question), "asked" (only responses to
    questionnaires that ask it are counted, the others left out), "not_asked_row" (every
    response is counted, those not asked as one :data:`NOT_ASKED` row whose count is hidden,
    because leaving them out would make a count of 1-4 printable), "withheld" (1-4 responses
    were asked: no table) or "none" (nobody was asked: no table). ``asked`` is True for each
    response (in the order of the respondents frame) whose questionnaire asks it.
    """

    mode: str
    asked: tuple[bool, ...]

    @property
    def n_asked(self) -> int:
        """How many responses were asked."""
        return sum(self.asked)

    @property
    def shown(self) -> bool:
        """Whether the report has a table (and breakdowns) for the question."""
        return self.mode not in ("withheld", "none")

    def frame(self, respondents: pd.DataFrame, column: str) -> pd.DataFrame:
        """The rows of ``respondents`` (one per response, in the order ``asked`` has) the table counts."""
        asked = np.asarray(self.asked, dtype=bool)
        if self.mode == "asked":
            return respondents.loc[asked]
        if self.mode == "not_asked_row":
            return respondents.assign(**{column: respondents[column].astype(object).where(asked, NOT_ASKED)})
        return respondents


def equality_bases(
    asked: pd.DataFrame, rule: SuppressionRule, published: Sequence[Sequence[bool]] = ()
) -> dict[str, EqualityBase]:
    """The base of each equality table: the responses whose questionnaire asked the question.

    Parameters
    ----------
    asked : DataFrame
        One row per response, one boolean column per equality column
        (:func:`analysis.sources.equality_asked`).
    rule : SuppressionRule
    published : sequence of boolean sequences
        Other sets of responses whose number the report prints (the workshop contributions, and
        the rest of the responses): a base may not differ from one of them, or from all
        responses, or from another printed base, by 1 to ``min_count - 1`` responses.

    Returns
    -------
    dict
        Column -> :class:`EqualityBase`. A base of 1 to ``min_count - 1`` responses is
        "withheld" (its table would show so few people's answers); a base that lies inside a
        printed set (or holds one) with 1 to ``min_count - 1`` responses between them is
        "not_asked_row": the responses not asked stay in the table as one hidden row, as their
        number could otherwise be worked out (29 responses less 14 workshop contributions less
        an age table's 12 gave 3 responses to a questionnaire with no equality questions).

    Examples
    --------
    >>> a = pd.DataFrame({"eq_age_band": [True] * 12 + [False] * 14, "eq_sex": [True] * 3 + [False] * 23})
    >>> {c: b.mode for c, b in equality_bases(a, SuppressionRule()).items()}
    {'eq_age_band': 'asked', 'eq_sex': 'withheld'}
    >>> a = pd.DataFrame({"eq_age_band": [True] * 12 + [False] * 3})
    >>> equality_bases(a, SuppressionRule())["eq_age_band"].mode
    'not_asked_row'
    """
    n = len(asked)
    sets = {c: asked[c].to_numpy(dtype=bool) for c in asked.columns}
    mode = {}
    for c, m in sets.items():
        k = int(m.sum())
        mode[c] = "none" if k == 0 else "all" if k == n else "withheld" if is_small(k, rule) else "asked"

    def apart(a: np.ndarray, b: np.ndarray) -> bool:  # one inside the other, 1-4 responses apart
        return (not (a & ~b).any() and is_small(int((b & ~a).sum()), rule)) or (
            not (b & ~a).any() and is_small(int((a & ~b).sum()), rule)
        )

    others = [np.ones(n, dtype=bool), *(np.asarray(p, dtype=bool) for p in published)]
    for _ in range(len(sets) + 1):
        printed = others + [sets[c] for c in sets if mode[c] == "asked"]
        over = [c for c in sets if mode[c] == "asked" and any(p is not sets[c] and apart(sets[c], p) for p in printed)]
        if not over:
            break
        mode.update(dict.fromkeys(over, "not_asked_row"))
    return {c: EqualityBase(mode[c], tuple(bool(x) for x in sets[c])) for c in sets}


def _base_note(base: EqualityBase, column: str, respondents: pd.DataFrame, rule: SuppressionRule) -> str:
    """The sentence under an equality table (or the service table) saying what its base is (""
    when every response was asked)."""
    if column == SERVICE:
        return _service_base_note(base, respondents, rule)
    about = column_label(column)
    if base.mode == "not_asked_row":
        return (
            f"Responses to questionnaires that did not ask about {about} are counted as \"Not asked\", "
            "and their number is not shown: left out of the table, it could be worked out from other figures "
            "in this report and would be small."
        )
    if base.mode != "asked":
        return ""
    left = ~np.asarray(base.asked, dtype=bool)
    workshop = _workshop_mask(respondents)
    who = (
        f"the {format_count(int(left.sum()), rule)} workshop contributions (the workshop questionnaire does not "
        "ask equality questions)"
        if (left == workshop).all()
        else f"{format_count(int(left.sum()), rule)} responses to questionnaires that did not ask it"
    )
    return (
        f"Responses to questionnaires that asked about {about}: {format_count(base.n_asked, rule)}. "
        f"The table counts only these; {who} are left out."
    )


def _service_base_note(base: EqualityBase, respondents: pd.DataFrame, rule: SuppressionRule) -> str:
    """:func:`_base_note` for the service table: only questionnaires that list services ask
    which service a response is about (the carers' survey and the workshops do not)."""
    if base.mode == "not_asked_row":
        return (
            "Responses to questionnaires that do not ask which service the response is about are counted as "
            "\"Not asked\", and their number is not shown: left out of the table, it could be worked out from "
            "other figures in this report and would be small."
        )
    if base.mode != "asked":
        return ""
    left = ~np.asarray(base.asked, dtype=bool)
    who = (
        f"the {format_count(int(left.sum()), rule)} workshop contributions (the workshop questionnaire does not ask)"
        if (left == _workshop_mask(respondents)).all()
        else f"{format_count(int(left.sum()), rule)} responses to questionnaires that do not ask"
    )
    return (
        f"Only questionnaires that ask which service the response is about: {format_count(base.n_asked, rule)} "
        f"responses. The table counts only these; {who} are left out."
    )


def _workshop_mask(respondents: pd.DataFrame) -> np.ndarray:
    """True for each response that came through the workshop channel (a workshop contribution)."""
    if "channel" not in respondents.columns:
        return np.zeros(len(respondents), dtype=bool)
    return (respondents["channel"].astype(str) == "workshop").to_numpy()


def _nested_in(child: pd.Series, parent: pd.Series) -> bool:
    """True when every value of ``child`` lies within one value of ``parent`` (a team within a
    service) and the child column has more values: its groups then split each parent's
    published count, like rows of a breakdown.

    >>> _nested_in(pd.Series(["T1", "T2", "T3", None]), pd.Series(["S1", "S1", "S2", "S2"]))
    True
    >>> _nested_in(pd.Series(["a", "a", "b"]), pd.Series(["S1", "S2", "S2"]))
    False
    >>> _nested_in(pd.Series(["a", "b", "c"]), pd.Series(["S1", "S1", "S1"]))
    False
    >>> _nested_in(pd.Series(["nurse", "hca", None]), pd.Series(["staff", "staff", "carers"]))  # asked of staff only
    True
    """
    both = pd.DataFrame({"c": child, "p": parent}).dropna()
    if both.empty or parent.dropna().nunique() < 2 or both["c"].nunique() <= both["p"].nunique():
        return False  # a parent with one value is the total, which every breakdown has anyway
    return bool((both.groupby("c")["p"].nunique() == 1).all())


def nested_pairs(respondents: pd.DataFrame, groups: Sequence[str]) -> list[tuple[str, str]]:
    """``(child, parent)`` group columns where the child nests in the parent (:func:`_nested_in`)."""
    cols = [g for g in groups if g in respondents.columns]
    return [(c, p) for c in cols for p in cols if c != p and _nested_in(respondents[c], respondents[p])]


def responses_hidden(
    respondents: pd.DataFrame,
    groups: Sequence[str],
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None = None,
    n_workshop: int = 0,
    bases: Mapping[str, EqualityBase] | None = None,
) -> tuple[dict[str, list[Any]], dict[str, set[Any]]]:
    """The rows of each "Responses by" table and the groups whose response count it hides.

    Returns ``(rows, hidden)``: ``rows[column]`` lists every group (stored value, or "Other
    groups" / "Not answered") in :func:`canonical_order`; ``hidden[column]`` holds those whose
    response count is ``<5`` or ``*``. A group's comments and FFT answers are part of its
    responses: shown beside a hidden response count they would put a floor under it (7
    comments from a group whose responses and another's are "*" and "*" of 8: it had 7, the
    other 1), so the breakdowns and the FFT table give every group a row and hide those too.
    ``bases`` (:func:`equality_bases`) gives an equality column's table its base: only the
    responses asked, or all with a hidden :data:`NOT_ASKED` row; such a table is audited too.
    """
    rows: dict[str, list[Any]] = {}
    hidden: dict[str, set[Any]] = {}
    cols = [g for g in groups if g in respondents.columns]

    def suppress(g: str) -> None:
        counts, labels, _ = _base_counts(respondents, g, rule, kept, n_workshop, hidden.get(g), bases)
        rows[g] = list(counts.index)
        hidden[g] = {k for k, lab in zip(counts.index, labels, strict=True) if not is_shown_count(lab)}

    for g in cols:
        suppress(g)
    # Nested columns (teams within services): each parent's published count splits into its
    # children, so siblings get secondary suppression within each parent, and a hidden parent
    # never has all its children shown (standards.md §3, hierarchies; a ninth tester's S1 30
    # less T1a 27 gave a hidden team's 3). A parent's children without a value, or lumped as
    # other groups, are not published per parent: they count as hidden cells.
    pairs = nested_pairs(respondents, cols)
    for _ in range(10):
        before = {g: set(v) for g, v in hidden.items()}
        for child, parent in pairs:
            lumped_c = lump_groups(respondents[child], _kept_for(kept, child, respondents[child]))
            if child in (bases or {}):
                # responses not asked the child question are a cell of their own within each parent,
                # hidden by its size like any other (as "Not answered" they were hidden whatever it)
                lumped_c = lumped_c.where(np.asarray(bases[child].asked, dtype=bool), NOT_ASKED)
            lumped_p = lump_groups(respondents[parent], _kept_for(kept, parent, respondents[parent]))
            for value, members in lumped_c.groupby(lumped_p):
                counts = members.value_counts()
                names = list(counts.index)
                pre = [n in hidden[child] or n in (OTHER_GROUPS, NOT_ANSWERED) for n in names]
                if value in hidden[parent] and not any(pre):
                    pre[int(np.argmin(counts.to_numpy()))] = True
                now = hidden_cells(counts.astype(int).tolist(), rule, hidden=pre)
                hidden[child] |= {n for n, h in zip(names, now, strict=True) if h and n not in (OTHER_GROUPS, NOT_ANSWERED)}
            suppress(child)
        if hidden == before:
            break
    return rows, hidden


def _base_counts(
    respondents: pd.DataFrame,
    g: str,
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None,
    n_workshop: int,
    pre_hidden: set[Any] | None,
    bases: Mapping[str, EqualityBase] | None,
) -> tuple[pd.Series, list[str], list[bool]]:
    """:func:`_respondent_counts` over the base ``bases[g]`` gives (all responses when it gives
    none), with its :data:`NOT_ASKED` row hidden, and audited when it has a base."""
    base = (bases or {}).get(g)
    if base is None:
        return _respondent_counts(respondents, g, rule, kept, n_workshop, pre_hidden)
    pre = set(pre_hidden or ()) | ({NOT_ASKED} if base.mode == "not_asked_row" else set())
    return _respondent_counts(base.frame(respondents, g), g, rule, kept, n_workshop, pre, audit=True)


_ALL = EqualityBase("all", ())


def _equality_bases_of(
    respondents: pd.DataFrame, asked: pd.DataFrame | None, rule: SuppressionRule
) -> dict[str, EqualityBase]:
    """:func:`equality_bases` for the equality columns of ``asked`` that ``respondents`` has
    (``asked`` aligned on its index; a response missing from it counts as asked), with the
    workshop contributions and the other responses as printed sets ({} without ``asked``)."""
    if asked is None:
        return {}
    cols = [c for c in asked.columns if c in respondents.columns]
    aligned = asked[cols].reindex(respondents.index, fill_value=True).astype(bool)
    workshop = _workshop_mask(respondents)
    return equality_bases(aligned, rule, [workshop, ~workshop] if workshop.any() else [])


def responses_split(workshop: Sequence[bool], rule: SuppressionRule) -> str:
    """How the responses divide into survey responses and workshop contributions, in words for
    the cover and "Who responded" ("" when none is a workshop contribution).

    Neither part is printed when either is 1 to ``min_count - 1`` (the other would give it back
    from the total).

    >>> responses_split([False] * 12 + [True] * 14, SuppressionRule())
    '12 survey responses and 14 workshop contributions'
    >>> responses_split([False] * 2 + [True] * 14, SuppressionRule())
    'survey responses and workshop contributions; how many of each is not shown, as one part is fewer than 5'
    >>> responses_split([True] * 3, SuppressionRule())
    'all workshop contributions'
    """
    w = np.asarray(workshop, dtype=bool)
    n_w, n_s = int(w.sum()), int((~w).sum())
    if not n_w:
        return ""
    if not n_s:
        return "all workshop contributions"
    if is_small(n_w, rule) or is_small(n_s, rule):
        return (
            "survey responses and workshop contributions; how many of each is not shown, as one part is "
            f"fewer than {rule.min_count}"
        )
    return f"{format_count(n_s, rule)} survey responses and {format_count(n_w, rule)} workshop contributions"


def _withheld_note(bases: Mapping[str, EqualityBase], rule: SuppressionRule) -> tuple[str, ...]:
    """The sentence in "Who responded" naming the equality questions whose tables are left out
    because 1 to ``min_count - 1`` responses were asked them."""
    few = [column_label(c) for c, b in bases.items() if b.mode == "withheld"]
    if not few:
        return ()
    return (
        f"Fewer than {rule.min_count} responses came from questionnaires that asked about {_and(few)}, so "
        f"{'the table of their answers is' if len(few) == 1 else 'tables of their answers are'} not shown.",
    )


def _and(words: Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _bases_method(bases: Mapping[str, EqualityBase], rule: SuppressionRule) -> tuple[tuple[str, str], ...]:
    """The method section's paragraphs on the equality tables' bases and the service table's,
    when any is not every response."""
    service = bases.get(SERVICE)
    out: tuple[tuple[str, str], ...] = ()
    if service is not None and service.mode not in ("all", "none"):
        out = (
            (
                "Responses by service",
                "Only questionnaires that list the services a response can be about record which service it is "
                "about. The table of services counts only their responses; responses to other questionnaires are "
                "left out rather than counted as not answered, and the breakdowns by service show them as \"Not "
                "asked\".",
            ),
        )
    if all(b.mode in ("all", "none") for c, b in bases.items() if c != SERVICE):
        return out
    return out + (
        (
            "Equality questions",
            "Each table of answers to an equality question counts only the responses to questionnaires that "
            "asked it (its note gives how many); others, such as workshop contributions, whose questionnaire "
            "asks no equality questions, are left out rather than counted as not answered. Where leaving them "
            "out would let a small number be worked out from other figures, they stay in the table as one row, "
            "\"Not asked\", whose count is not shown; where fewer than "
            f"{rule.min_count} responses were asked a question, its table is not shown.",
        ),
    )


def _respondent_tables(
    respondents: pd.DataFrame,
    groups: Sequence[str],
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None = None,
    n_workshop: int = 0,
    linked: tuple[Mapping[str, list[Any]], Mapping[str, set[Any]]] | None = None,
    children: Mapping[str, str] | None = None,
    bases: Mapping[str, EqualityBase] | None = None,
    option_order: Mapping[str, Sequence[str]] | None = None,
) -> list[Table]:
    """"Responses by <group>" tables: the groups of :func:`kept_groups` by name, the rest as
    "Other groups", no value as "Not answered"; suppressed, then in :func:`display_order`
    (a column of ``option_order`` in its questionnaire's order).
    ``linked`` (:func:`responses_hidden`) adds the cells hidden for nested columns;
    ``children`` maps a nested column to its parent, and its table says why it has no
    breakdowns. ``bases`` (:func:`equality_bases`) gives an equality table its base, and its
    note says what that base is."""
    tables = []
    for g in groups:
        if g not in respondents.columns:
            continue
        if respondents[g].map(lambda v: v is None or v != v or not str(v).strip()).all():
            continue  # nobody recorded one (a new user's "Responses by service: Not answered 22 100%")
        counts, labels, base_ok = _base_counts(
            respondents, g, rule, kept, n_workshop, linked[1].get(g) if linked else None, bases
        )
        names = [value_label(g, k) for k in counts.index]
        total = int(counts.sum())
        rows = [
            (name, lab, format_share(v, total, rule, hidden=not ok))
            for name, v, lab, ok in zip(names, counts, labels, base_ok, strict=True)
        ]
        order = display_order(labels, counts.astype(int).tolist(), names, fixed=(option_order or {}).get(g, ()))
        caption = f"Responses by {column_label(g)}"
        if OTHER_GROUPS in counts.index:
            caption += f" (the largest {MAX_GROUPS} groups; the rest as other groups)"
        note = _base_note(bases[g], g, respondents, rule) if bases and g in bases else ""
        if children and g in children and _is_equality_column(g, children[g], bases=bases):
            # "Each ethnicity sits within one religion" says how special-category answers
            # combine (a new user's 15 carers): say only that the breakdowns are left out
            note += " " * bool(note) + (
                f"Counts are suppressed with another table's in mind, and there are no breakdowns or Friends and "
                f"Family Test rows by {column_label(g)}: with these numbers, its figures and another table's could "
                "be subtracted to give small numbers back."
            )
        elif children and g in children:
            note += " " * bool(note) + (
                f"Each {column_label(g)} sits within one {column_label(children[g])}: counts are suppressed within "
                f"each {column_label(children[g])} too, and there are no breakdowns or Friends and Family Test rows "
                f"by {column_label(g)}, as the figures by {column_label(children[g])} less those by "
                f"{column_label(g)} could give small numbers back."
            )
        tables.append(Table(caption, ("Group", "Responses", "Share"), tuple(rows[i] for i in order), note=note))
    return tables


def _is_equality_column(*columns: str, bases: Mapping[str, EqualityBase] | None = None) -> bool:
    """Whether any of ``columns`` is an equality monitoring question (``eq_`` columns, or one
    with an equality table base): how such answers combine is not said in a note."""
    return any(c.startswith("eq_") or (bases is not None and c in bases and c != SERVICE) for c in columns)


#: Postcode districts shown by name at most (the largest); the others are one "Other districts" row.
MAX_DISTRICTS = 15


def answered_districts(answers: pd.Series) -> pd.Series:
    """Each response's postcode district (:func:`analysis.postcodes.postcode_districts`), missing
    where none was given: "Not answered" (as :mod:`analysis.sources` fills it) and blanks.
    Outward codes and :data:`~analysis.postcodes.NOT_VALID` read as themselves, so typed text
    and :mod:`analysis.sources`' column give the same result.

    >>> answered_districts(pd.Series(["dh1 3le", "DH1", "Not answered", "dunno", ""])).tolist()
    ['DH1', 'DH1', nan, 'Not a valid district', nan]
    """
    return postcode_districts(answers.astype(object).where(answers != NOT_ANSWERED))


def kept_districts(districts: pd.Series, rule: SuppressionRule, max_rows: int = MAX_DISTRICTS) -> list[Any]:
    """The rows of the postcode district table that are not lumped together: the districts
    given by ``rule.min_base`` or more responses, at most ``max_rows`` of them, the commonest
    (ties by name, :func:`kept_groups`), then "Not a valid district" when some answer was not
    one. ``districts`` as :func:`answered_districts` gives them.

    >>> d = pd.Series(["DH1"] * 3 + ["NE61"] * 2 + ["SR7", "Not a valid district", None])
    >>> kept_districts(d, SuppressionRule(min_base=2))
    ['DH1', 'NE61', 'Not a valid district']
    """
    valid = districts[districts.notna() & (districts != NOT_VALID)]
    named = kept_groups(valid[valid.map(valid.value_counts()) >= rule.min_base], max_rows)
    return named + ([NOT_VALID] if (districts == NOT_VALID).any() else [])


def _other_districts(districts: pd.Series, kept: Sequence[Any], rule: SuppressionRule, max_rows: int) -> str:
    """The label of the row lumping the districts not in ``kept``: "Other districts (each fewer
    than 10)", or saying that it also holds districts beyond the ``max_rows`` largest."""
    valid = districts[districts.notna() & (districts != NOT_VALID)]
    rest = valid[~valid.isin(list(kept))].value_counts()
    small, big = bool((rest < rule.min_base).any()), bool((rest >= rule.min_base).any())
    if big and small:
        return f"Other districts (fewer than {rule.min_base} each, or beyond the largest {max_rows})"
    if big:
        return f"Other districts (beyond the largest {max_rows})"
    return f"Other districts (each fewer than {rule.min_base})"


def _audit_breakdown(
    values: Sequence[int], labels: Sequence[str], lowest: Sequence[int], rule: SuppressionRule
) -> list[bool]:
    """The cells of one breakdown whose total is published to hide, after the audit every
    chapter's theme table has (:func:`_audit_grid`): the hidden cells of ``labels``, and more
    until no hidden count of 1 to ``min_count - 1``, nor a sum of hidden cells that small, is
    left one value by the total and what readers know of each cell: at least ``lowest[i]``,
    at most ``min_count - 1`` under "<5" (while no cell reads "*").

    :func:`suppress_breakdown` knows only that a hidden cell is at least 1; a row the table
    shows only when it is large (a postcode district with 10 or more responses) is known to be
    at least that, which can pin a small cell beside it: "*" and "*" of 11, one of them a
    district, are 10 and 1.

    >>> _audit_breakdown([40, 10, 1], ["40", "*", "*"], [10, 10, 1], SuppressionRule())
    [True, True, True]
    >>> _audit_breakdown([40, 12, 1], ["40", "*", "*"], [10, 10, 1], SuppressionRule())
    [False, True, True]
    """
    total = int(sum(values))
    small = [0 < int(v) < rule.min_count for v in values]
    starred = any(label == SUPPRESSED for label in labels)

    def bounds(now: list[bool]) -> list[tuple[int, int]]:
        star = starred or any(h and not s for h, s in zip(now, small, strict=True))
        return [
            (int(lo), rule.min_count - 1 if h and s and not star else total)
            for lo, h, s in zip(lowest, now, small, strict=True)
        ]

    cells = list(range(len(values)))
    return _audit_grid(
        [dict.fromkeys(cells, 1.0)], [int(v) for v in values], [not is_shown_count(x) for x in labels], bounds,
        [False] * len(cells), [0] * len(cells), rule.min_count, groups=[cells],
    )


def district_table(
    respondents: pd.DataFrame,
    rule: SuppressionRule,
    column: str = DISTRICT_COLUMN,
    *,
    max_rows: int = MAX_DISTRICTS,
    pre_hidden: set[Any] | None = None,
    base_note: str | None = None,
) -> Table | None:
    """"Responses by postcode district": where responses come from, without identifying anyone.

    Parameters
    ----------
    respondents : DataFrame
        One row per response, with ``column``: what each response gave as its postcode
        district (typed text, or as :mod:`analysis.sources` reads it: the outward code, "Not
        a valid district" or "Not answered"). Read by :func:`answered_districts`: a full
        postcode counts as its outward code, and its inward part is shown nowhere.
    rule : SuppressionRule
        ``rule.min_base`` (``--suppression-threshold``) is the fewest responses a district
        needs to be named; ``rule.min_count`` is the small-count threshold.
    column : str
        The district column (:data:`analysis.postcodes.DISTRICT_COLUMN`).
    max_rows : int
        Districts named at most (the largest); the others are lumped too.
    pre_hidden : set, optional
        Rows hidden whatever their size (:func:`responses_hidden`, for a district column
        nested in another column), as district codes, :data:`OTHER_GROUPS` or "Not answered".
    base_note : str, optional
        What the table's base is (:func:`_base_note`; "" when every response was asked), for its
        note; None when that is not known. A response whose
        ``column`` holds :data:`NOT_ASKED` is counted in that row, which is always hidden.

    Returns
    -------
    Table or None
        None when no response answered the question, or no district was given by ``rule.min_base``
        responses, so none could be named. Rows: the named districts (shown counts
        largest first, ties by name, then hidden ones by name), "Other districts (each fewer
        than N)", "Not a valid district" and "Not answered", which add up to every response.

    Raises
    ------
    analysis.columns.MissingColumnError
        When ``respondents`` has no ``column``.

    Notes
    -----
    Suppression is the other "Responses by" tables' (:func:`suppress_breakdown`; shared
    standards fact sheet §3, modelled on the GP Patient Survey): counts 1 to ``min_count - 1``
    read "<5", shares of fewer than ``min_base`` are hidden, and secondary suppression hides
    the next-lowest row while the hidden ones could be worked out from the total. Then the
    audit of :func:`_audit_breakdown` runs, knowing that a named district has at least
    ``min_base`` responses.

    Examples
    --------
    >>> typed = ["DH1"] * 7 + ["NE61"] * 6 + ["SR7"] * 2 + ["TS21", "DH1 3LE", "dunno"] + [""] * 3
    >>> t = district_table(pd.DataFrame({"eq_postcode_district": typed}), SuppressionRule(min_base=5))
    >>> [row[:2] for row in t.rows]  # doctest: +NORMALIZE_WHITESPACE
    [('DH1', '8'), ('NE61', '6'), ('Other districts (each fewer than 5)', '<5'),
     ('Not a valid district', '<5'), ('Not answered', '<5')]
    """
    C.require_columns(respondents, [column], "respondents frame")
    not_asked = (respondents[column].astype(object) == NOT_ASKED).to_numpy()
    districts = answered_districts(respondents[column].where(~not_asked))
    if districts.isna().all():
        return None
    kept = kept_districts(districts, rule, max_rows)
    other = _other_districts(districts, kept, rule, max_rows)
    pre = set(pre_hidden or ())
    if not_asked.any():
        districts = districts.astype(object).where(~not_asked, NOT_ASKED)
        kept, pre = [*kept, NOT_ASKED], pre | {NOT_ASKED}
    counts, labels, base_ok = _respondent_counts(
        districts.to_frame(column), column, rule, {column: kept}, pre_hidden=pre
    )
    named = {k for k in kept if k not in (NOT_VALID, NOT_ASKED)}
    if not named:  # one row, "Other districts 20 100%", says nothing (a new user's find)
        return None
    lowest = [rule.min_base if k in named else 1 for k in counts.index]
    labels, base_ok = _audited(counts.astype(int).tolist(), labels, base_ok, lowest, rule)
    names = [other if k == OTHER_GROUPS else value_label(column, k) for k in counts.index]
    total = int(counts.sum())
    rows = [
        (name, label, format_share(v, total, rule, hidden=not ok))
        for name, v, label, ok in zip(names, counts, labels, base_ok, strict=True)
    ]
    order = display_order(labels, counts.astype(int).tolist(), names, (other, NOT_VALID, NOT_ASKED, NOT_ANSWERED))
    lumped = f"at most the {max_rows} largest by name" if len(named) >= max_rows else "by name"
    note = (
        "The first part of the postcode people gave (a full postcode counts as its first part; the rest "
        f"is not used). Districts given by {rule.min_base} or more responses are shown {lumped}; the others "
        "are combined as other districts. \"Not a valid district\" is an answer that is not the first part "
        "of a UK postcode, such as \"don't know\"; \"Not answered\" "
        + (
            "includes responses to questionnaires that do not ask."
            if base_note is None
            else "is a response that left it blank." + " " * bool(base_note) + base_note
        )
        + " Small numbers are suppressed as in the other tables."
    )
    return Table(
        "Responses by postcode district (first part of the postcode)",
        ("Postcode district", "Responses", "Share"),
        tuple(rows[i] for i in order),
        note=note,
    )


def district_method(rule: SuppressionRule, max_rows: int = MAX_DISTRICTS, shown: bool = True) -> tuple[str, str]:
    """The method section's paragraph on the postcode district table: (heading, text); when the
    table is not ``shown`` (no district was given by ``rule.min_base`` responses), why not."""
    if not shown:
        return (
            "Postcode district",
            f"No postcode district was given by {rule.min_base} or more responses, so the report has no table "
            "of them: a district is named only when that many responses gave it.",
        )
    return (
        "Postcode district",
        "The table of responses by postcode district counts the first part of the postcode (the outward "
        "code, such as DH1 or NE61) people gave in the equality questions. Answers are read in capitals "
        "without spaces; a full postcode counts as its first part, and the rest of it is never used or "
        "shown. An answer that is not the first part of a UK postcode (such as \"don't know\" or a number) "
        "counts as not a valid district, and a blank one as not answered. A district is named only when "
        f"{rule.min_base} or more responses gave it, and at most the {max_rows} largest are named; the "
        "others are combined into one row. Its counts are then suppressed like the other tables', and a "
        "further count is hidden wherever the hidden ones could otherwise be worked out from the total "
        f"and the fact that each named district has at least {rule.min_base} responses.",
    )


def _fft_headline(
    fft: pd.DataFrame | None,
    baseline_fft: pd.DataFrame | None,
    baseline_name: str,
    rule: SuppressionRule,
    *,
    comments_only: bool = False,
) -> str:
    """The summary page's sentence on the Friends and Family Test, or ``""`` without answers.

    Uses the same figures and suppression as the first rows of :func:`_fft_table` ("% positive"
    = very good + good, of every answer including "neither" and "don't know": NHS England's
    FFT method).
    """
    from analysis.report.baseline import fft_from_values

    if fft is None or fft.empty:
        return ""
    r = fft_from_values(fft, "fft").iloc[0]
    n = int(r["total"])
    share = format_share(int(r["positive"]), n, rule)
    if share in (SUPPRESSED, "–"):
        # with many answers the share is hidden because the rest (other than very good or good)
        # are 1-4: "too few answers" with 23 misled a new user
        pos = int(r["positive"])
        why = (
            "too few answers" if n < rule.min_base
            else f"fewer than {rule.min_count} answers were very good or good" if is_small(pos, rule)
            else f"fewer than {rule.min_count} answers were anything else, which the share would give away"
        )
        return f"Friends and Family Test: the share who rated the service positively is not published ({why})."
    text = (
        f"Friends and Family Test: {share} of {format_count(n, rule)} answers rated the service very good or good"
    )
    if baseline_fft is not None and not baseline_fft.empty:
        b = fft_from_values(baseline_fft, "fft").iloc[0]
        bshare = format_share(int(b["positive"]), int(b["total"]), rule)
        if bshare not in (SUPPRESSED, "–"):
            text += f" ({baseline_name or 'baseline'}: {bshare})"
    return text + (". The scores below come from comments and are not comparable with it." if comments_only else ".")


def _fft_table(
    fft: pd.DataFrame,
    groups: Sequence[str],
    rule: SuppressionRule,
    kept: Mapping[str, Sequence[Any]] | None = None,
    baseline_fft: pd.DataFrame | None = None,
    baseline_name: str = "",
    linked: tuple[Mapping[str, list[Any]], Mapping[str, set[Any]]] | None = None,
    option_order: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    from analysis.report.baseline import fft_from_values

    overall = fft_from_values(fft, "fft")
    rows = []
    top = [("All", overall.iloc[0])]
    if baseline_fft is not None and not baseline_fft.empty:
        label = baseline_name or "Baseline"
        if "baseline" not in label.lower():  # "2021-22 baseline (baseline)" said it twice
            label += " (baseline)"
        top.append((label, fft_from_values(baseline_fft, "fft").iloc[0]))
    for label, r in top:
        n = int(r["total"])
        rows.append(
            (
                label,
                format_count(n, rule),
                format_share(int(r["positive"]), n, rule),
                # % negative hidden when, with % positive, it leaves a small "neither / don't know"
                format_share(
                    int(r["negative"]), n, rule, hidden=small_remainder([r["positive"], r["negative"]], n, rule)
                ),
            )
        )
    for g in groups:
        if g not in fft.columns:
            continue
        if (fft[g].isna() | fft[g].astype(object).isin([NOT_ASKED, NOT_ANSWERED, ""])).all():
            continue  # nobody answering the FFT gave one: no rows of "Not asked" and "Not answered" only
        # answers with no value for g are a row too, or the total minus the groups gives them
        # away; the groups lumped in the who-responded table are lumped here too
        keep = _kept_for(kept, g, fft[g])
        by = fft_from_values(fft.assign(**{g: lump_groups(fft[g], keep)}), "fft", [g])
        if len(by) < 2:
            continue
        resp_rows, resp_hidden = linked if linked is not None else ({}, {})
        # every group with responses gets a row (0 answers too), in the who-responded order
        order = canonical_order(g, list(dict.fromkeys([*resp_rows.get(g, ()), *by[g]])))
        by = by.set_index(g).reindex(order).fillna({"total": 0, "positive": 0, "negative": 0})
        by = by.astype({"total": int, "positive": int, "negative": int}).rename_axis(g).reset_index()
        hidden_first = [grp in resp_hidden.get(g, set()) for grp in by[g]]
        labels, base_ok = suppress_breakdown(by["total"].tolist(), rule, hidden=hidden_first)
        # Positive (and negative) answers of the groups add up to the overall figure.
        totals = by["total"].tolist()
        rest_small = [small_remainder([r["positive"], r["negative"]], r["total"], rule) for _, r in by.iterrows()]
        pos_hidden, neg_hidden = (
            [
                h or not ok or (col == "negative" and rs)
                for h, ok, rs in zip(hidden_cells(by[col].tolist(), rule), base_ok, rest_small, strict=True)
            ]
            for col in ("positive", "negative")
        )
        # A row whose % positive is hidden hides its % negative too, and each column hides at
        # least two rows or none: a % negative left beside a hidden % positive, with the overall
        # row, let a tester solve a hidden row across rows (A = 8 and 2). A % negative hidden
        # alone (its remainder is small) keeps the row's % positive, the headline figure.
        # The hidden rows' answers, pooled, are the overall row minus the shown ones: when that
        # pooled share would itself be hidden, or is unanimous, one more row is hidden.
        while True:
            new_pos = hidden_shares(by["positive"].tolist(), totals, rule, pos_hidden)
            new_neg = hidden_shares(
                by["negative"].tolist(), totals, rule, [a or b for a, b in zip(new_pos, neg_hidden, strict=True)]
            )
            if rows[0][2] != SUPPRESSED:  # else there is no overall share to subtract from
                new_pos = pooled_remainder(by["positive"].tolist(), totals, rule, new_pos)
            if rows[0][3] != SUPPRESSED:
                new_neg = pooled_remainder(by["negative"].tolist(), totals, rule, new_neg)
            if SUPPRESSED not in rows[0][2:4]:
                # rows with % negative hidden: their positive and negative answers are both known
                # in sum, so their "neither / don't know" is too (35 - 18 - 13 = 4)
                answered = (by["positive"] + by["negative"]).tolist()
                more = pooled_remainder(answered, totals, rule, new_neg, unanimous=False)
                new_pos = [a or (b and not c) for a, b, c in zip(new_pos, more, new_neg, strict=True)]
                new_neg = more
            if (new_pos, new_neg) == (pos_hidden, neg_hidden):
                break
            pos_hidden, neg_hidden = new_pos, new_neg
        group_rows = [
            (
                f"{column_label(g).capitalize()}: {value_label(g, r[g])}",
                lab,
                format_share(int(r["positive"]), int(r["total"]), rule, hidden=ph),
                format_share(int(r["negative"]), int(r["total"]), rule, hidden=nh),
            )
            for (_, r), lab, ph, nh in zip(by.iterrows(), labels, pos_hidden, neg_hidden, strict=True)
        ]
        order = display_order(
            labels, [int(t) for t in totals], [value_label(g, v) for v in by[g]], fixed=(option_order or {}).get(g, ())
        )
        rows.extend(group_rows[i] for i in order)
    return Table(
        "Friends and Family Test",
        ("Group", "Answers", "% positive", "% negative"),
        tuple(rows),
        note="% positive = very good + good; % negative = poor + very poor; base includes "
        "'neither' and 'don't know' (NHS England method).",
    )


def _emergent(
    coded: pd.DataFrame, emergent: pd.DataFrame | None, rule: SuppressionRule
) -> tuple[tuple[EmergentTheme, ...], str]:
    if emergent is None:
        return (), "Emerging themes were not computed for this report."
    if emergent.empty:
        return (), "No group of comments outside the codebook was large enough to report."
    items = []
    ex_col = next(
        (c for c in ("example_rows", "examples", "example_indexes", "example_index") if c in emergent.columns), None
    )
    urgent = coded["urgent"].fillna(False).astype(bool)
    for _, r in emergent.head(10).iterrows():
        cnt = int(r.get("count", 0))
        qs: list[Quote] = []
        if ex_col is not None and cnt >= rule.min_base:
            for ix in list(r[ex_col] or ())[:10]:
                if ix in coded.index and not urgent.at[ix]:
                    t = str(coded.at[ix, "redacted_text"] or "").strip()
                    if len(t.split()) >= QUOTE_MIN_WORDS:
                        qs.append(Quote(shorten(t, cut=_cut(coded, ix))))
                if len(qs) >= QUOTES_PER_THEME:
                    break
        items.append(
            EmergentTheme(label=str(r.get("label", "unlabelled")), count_text=format_count(cnt, rule), quotes=tuple(qs))
        )
    return tuple(items), (
        "Groups of comments that no codebook theme explains, found by clustering; labels are the "
        "most distinctive words. They are suggestions for the partnership to review, not findings: a group "
        "becomes a theme only once a person has read its comments and added it to the codebook."
    )


def _workshop_rows(coded: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``coded`` that came through the workshop channel."""
    if "channel" not in coded.columns:
        return coded.iloc[0:0]
    return coded[coded["channel"].astype(str) == "workshop"]


def _recorded(w: pd.DataFrame, column: str) -> pd.Series | None:
    """The facilitator's ``column`` for workshop rows ``w`` (``<NA>`` = not recorded), or None when
    the frame lacks it or no row has it (a CSV file, or a workshop typed up without it)."""
    if column not in w.columns:
        return None
    values = pd.to_numeric(w[column], errors="coerce") if column == C.DOT_VOTES else w[column]
    values = values.where(values.notna() & (values.astype(str).str.strip() != ""))
    return None if values.isna().all() else values


def _workshop_paragraphs(w: pd.DataFrame, rule: SuppressionRule) -> tuple[str, ...]:
    """The chapter's text for workshop rows ``w`` (:func:`_workshop_rows`)."""
    if w.empty:
        return (
            "No workshop input in this round: no contributions recorded through the workshop channel "
            "were found in the data this report reads.",
        )
    paragraphs = [
        f"{format_count(len(w), rule)} contributions were recorded at co-production workshops (sticky notes, "
        "group discussion and votes typed in by facilitators). They are coded with the same codebook as survey "
        "comments and are included in the chapters above; this section shows them on their own."
    ]
    if all(_recorded(w, c) is None for c in C.WORKSHOP_COLUMNS):
        return tuple(paragraphs)
    if len(w) < rule.min_base:
        paragraphs.append(
            f"With fewer than {rule.min_base} contributions, the kinds, priorities and dot votes the facilitators "
            "recorded are not shown."
        )
        return tuple(paragraphs)
    kinds = _kind_labels(w, rule)
    if kinds is not None:
        counts, labels = kinds
        paragraphs.append(
            "By kind, as the facilitators recorded it: "
            + "; ".join(f"{value_label(C.WORKSHOP_KIND, k)} {t}" for k, t in zip(counts.index, labels, strict=True))
            + "."
        )
    return tuple(paragraphs)


def _workshop_table(w: pd.DataFrame, rule: SuppressionRule, totals: pd.Series | None = None) -> Table | None:
    """Workshop contributions ``w`` by the priorities the coding found in them. ``totals`` (the
    round's comments per priority id, as the summary prints them) hides a priority's count
    (``*``) where the comments that are not contributions would be 1 to ``min_count - 1``: the
    summary's count less this one gave them (a tester's Culture: 10 comments, 8 contributions,
    so 2 survey comments)."""
    if w.empty:
        return None
    counts = w["priorities"].explode().dropna().value_counts()
    rows = []
    for p in PRIORITY_IDS:
        n = int(counts.get(p, 0))
        rest = int(totals.get(p, 0)) - n if totals is not None else 0
        rows.append((PRIORITIES[p].name, SUPPRESSED if is_small(rest, rule) else format_count(n, rule)))
    return Table(
        "Workshop contributions by priority found in their text by the coding",
        ("Priority", "Contributions"),
        tuple(rows),
        note="A contribution can be coded to several priorities, or to none. A count is hidden (*) where "
        "the priority's other comments would be fewer than " + str(rule.min_count) + " (the summary's count less it).",
    )


def _workshop_votes_table(w: pd.DataFrame, rule: SuppressionRule) -> Table | None:
    """Contributions and dot votes of workshop rows ``w`` by the priority the facilitator recorded
    (docs/report.md).

    Contribution counts are one breakdown of the published total (``<5``, secondary ``*``). A
    priority's dot-vote total is withheld (``*``) when fewer than ``min_count`` contributions sit
    behind it (it would tell how the room voted on one to four people's notes), and a total of 1
    to ``min_count - 1`` votes is ``<5`` like any small count. No grand total of votes is shown.
    The whole table is withheld below ``min_base`` contributions, like the quotes.
    """
    prio, votes = _recorded(w, C.WORKSHOP_PRIORITY), _recorded(w, C.DOT_VOTES)
    if w.empty or (prio is None and votes is None) or len(w) < rule.min_base:
        return None
    if prio is None:
        prio = pd.Series(pd.NA, index=w.index, dtype=object)
    key = prio.map(lambda p: "" if pd.isna(p) else (p if p in PRIORITIES else "other"))
    keys = [*PRIORITY_IDS, "other"] + ([""] if (key == "").any() else [])
    names = {**{p: PRIORITIES[p].name for p in PRIORITY_IDS}, "other": "Other", "": "Not recorded"}
    n = key.value_counts().reindex(keys, fill_value=0)
    total = (
        votes.groupby(key).sum(min_count=1).reindex(keys)
        if votes is not None
        else pd.Series(np.nan, index=keys)
    )
    labels, _ = suppress_breakdown(n.tolist(), rule)
    rows = []
    for k, count, label in zip(keys, n.tolist(), labels, strict=True):
        v = total[k]
        if is_small(count, rule) or not is_shown_count(label):
            # every hidden contribution count hides its votes: hidden only for the small ones,
            # the votes said which "*" was small (a tester's 16 - 5 - 10 left Safety 1)
            vote_text = SUPPRESSED
        elif pd.isna(v):
            vote_text = "–"
        else:
            vote_text = format_count(int(v), rule)
        rows.append((names[k], label, vote_text))
    return Table(
        "Workshop contributions and dot votes by the priority the facilitator recorded",
        ("Priority", "Contributions", "Dot votes"),
        tuple(rows),
        note="Priority: the prompt or priority on the wall or table when the contribution was made, as the "
        "facilitator typed it up; each contribution has one. Dot votes: the dots its contributions got in all "
        "(– where none were recorded)."
        + (
            f" A dot-vote total is not shown ({SUPPRESSED}) where the number of contributions is not shown, "
            f"and a total of 1 to {rule.min_count - 1} votes is shown as <{rule.min_count}."
            if rule.min_count > 1
            else ""
        ),
    )


def _most_voted_rows(w: pd.DataFrame, rule: SuppressionRule, n: int = MOST_VOTED) -> pd.Series:
    """Dot votes of up to ``n`` quotable workshop rows of ``w`` with the most (at least one), most
    first, ties in the data's order: none below ``min_base`` contributions, never an urgent-flagged one."""
    votes = _recorded(w, C.DOT_VOTES)
    if votes is None or len(w) < rule.min_base:
        return pd.Series(dtype=float)
    urgent = w["urgent"].fillna(False).astype(bool)
    text = w["redacted_text"].fillna("").astype(str).str.strip()
    ok = (votes.fillna(0) > 0) & ~urgent & (text != "")
    return votes[ok].astype(float).sort_values(ascending=False, kind="stable").head(n)


def _kind_labels(w: pd.DataFrame, rule: SuppressionRule) -> tuple[pd.Series, list[str]] | None:
    """Workshop contributions ``w`` by the kind the facilitators recorded (questionnaire order,
    then the rest) and the published label of each count, or None when no kind was recorded.
    The kinds add up to the published number of contributions: secondary suppression."""
    kind = _recorded(w, C.WORKSHOP_KIND)
    if kind is None:
        return None
    counts = kind.fillna("not recorded").astype(str).value_counts()
    order = {k: i for i, k in enumerate(KIND_LABELS)}
    counts = counts.reindex(sorted(counts.index, key=lambda k: order.get(k, len(order))))
    return counts, suppress_breakdown(counts.tolist(), rule)[0]


def _workshop_most_voted(w: pd.DataFrame, top: pd.Series, rule: SuppressionRule) -> tuple[Quote, ...]:
    """The contributions ``top`` (row of ``w`` -> votes) as quotes of their ``redacted_text``, each
    with its count, and its kind unless the kinds sentence hides a kind count."""
    out = []
    # Naming each one's kind would put a floor under a kind count the kinds sentence hides (five
    # listed "(group discussion note)" beside "group discussion note *; vote *" pinned both).
    kinds = _kind_labels(w, rule)
    kinds_hidden = kinds is not None and not all(is_shown_count(label) for label in kinds[1])
    for row, v in top.items():
        count = format_count(int(v), rule)
        what = f"{count} dot vote" + ("" if count == "1" else "s")
        kind = w.at[row, C.WORKSHOP_KIND] if C.WORKSHOP_KIND in w.columns else None
        if not pd.isna(kind) and not kinds_hidden:
            what += f" ({value_label(C.WORKSHOP_KIND, kind)})"
        out.append(Quote(shorten(w.at[row, "redacted_text"], cut=_cut(w, row)), what))
    return tuple(out)


def _workshop_quotes(
    coded: pd.DataFrame, w: pd.DataFrame, rule: SuppressionRule, shown: pd.Index | None = None
) -> tuple[Quote, ...]:
    """Up to 5 quotes of workshop rows ``w`` drawn from ``coded`` (:func:`select_quotes`, whose order
    depends on the rows' places in ``coded``), leaving out the rows ``shown`` as most-voted already."""
    if len(w) < rule.min_base:
        return ()
    pairs = pd.DataFrame({"k": "workshop"}, index=w.index.difference(shown) if shown is not None else w.index)
    return select_quotes(coded, pairs, per_key=5, key="k").get("workshop", ())


def _method(
    ctx: ReportContext,
    rule: SuppressionRule,
    has_scores: bool,
    n_comments: int,
    n_urgent: int = 0,
    n_not_english: int = 0,
    extra: tuple[tuple[str, str], ...] = (),
) -> tuple[tuple[str, str], ...]:
    """The method section: (heading, paragraph) pairs. ``n_urgent`` comments were flagged for
    urgent follow-up and ``n_not_english`` were not in English (both counts suppressed as any);
    ``extra`` pairs come just before the suppression rule."""
    source = ctx.source_note or "Submitted survey responses from the partnership's survey platform."
    def part(n: int) -> str:  # a part of the comments: hidden when the rest would be 1-4 too,
        # alone or with the other part (59 - 16 - 40 gave a fifteenth tester 3); in words, as it
        # opens a sentence of prose ("<5 comments were" read badly to a new user)
        small_rest = is_small(n_comments - n, rule) or is_small(n_comments - n_urgent - n_not_english, rule)
        if small_rest:
            return "Some comments (how many is not shown, to protect small numbers)"
        return f"Fewer than {rule.min_count} comments" if is_small(n, rule) else f"{format_count(n, rule)} comments"

    held = (
        f" {part(n_urgent)} in this report were flagged for urgent follow-up "
        "(possible safeguarding, self-harm, serious harm, medication error or threat) and held for a "
        "person to review; they are counted in the figures but never quoted."
        if n_urgent
        else ""
    )
    foreign = (
        f" {part(n_not_english)} were not in English: they are counted as comments "
        "but not coded to themes or scored, and are left for someone to translate."
        if n_not_english
        else ""
    )
    return (
        (
            "Sources and sampling",
            source + " Respondents chose to take part (a self-selected sample, not a "
            "random one), so results describe the people who responded and may not represent everyone who uses "
            "or works in services.",
        ),
        (
            "Priority scores",
            (
                "Closed questions tagged with a priority in the questionnaire contribute to that "
                "priority's score: the percentage of positive answers (agree or strongly agree; very good or good for "
                "the Friends and Family Test; 7-10 on a 0-10 rating), pooled across its questions, with a Wilson 95% "
                "interval. Change against the baseline uses a difference of proportions with Newcombe's interval; a "
                "priority is marked improved or declined only when that interval excludes zero. The intervals treat "
                "every answer as independent, but one person's answers to a priority's several questions tend to "
                "agree, so where the answers outnumber the people (the table's n counts people) the intervals are "
                "too narrow, by an amount this report does not measure: read a change near the edge of its "
                "interval with care."
            )
            if has_scores
            else (
                "No closed questions tagged with priorities were available for this report, so priorities are "
                "described from comments only: the share of comments coded to each priority and their sentiment."
            ),
        ),
        (
            "Coding comments",
            "Comments are redacted for personal details, then coded to themes from the project "
            "codebook (version " + (ctx.codebook_version or "unknown") + "), each theme mapping to one or more of "
            "the nine priorities and to categories of the QDC (Qualitative Data Categorisation) framework, "
            "NHS England's standard categories for patient-experience comments. "
            + (
                ctx.coding_accuracy
                or "The coding accuracy for this "
                "codebook version has not been measured in this build; treat theme counts as indicative."
            ),
        ),
        (
            "Sentiment",
            "Each comment is labelled positive, neutral or negative by a statistical model (logistic "
            "regression) trained on NHS patient comments (from the North East Ambulance Service) whose "
            "sentiment people had labelled. The model looks at the comment's words, its TextBlob polarity "
            "score and rule-based checks (negation, common praise and complaint phrases, sarcasm, emoji), "
            "and at its themes. A comment the model calls neutral that has clear praise and clear complaint "
            "in different parts is labelled mixed. Percentages exclude comments that could not be scored, "
            "such as comments not in English." + foreign,
        ),
        (
            "Quotes",
            f"Quotes are the redacted text only, capped at about {QUOTE_WORDS} words, never from a comment "
            f"flagged for urgent follow-up, and withheld for themes with fewer than {rule.min_base} comments. "
            "Each comment is quoted once at most, under the theme it fits best." + held,
        ),
        *extra,
        ("Suppression", rule.statement()),
        (
            "Limitations",
            f"{format_count(n_comments, rule)} comments were analysed. Automatic coding misses sarcasm and context. "
            "Its sentiment model learned from ambulance service comments: it agreed with people's labels on about "
            "eight in ten of those, but on only about half of a test set of adult social care, carers' and staff "
            "comments written for it, so sentiment shares here are rough; "
            "emerging themes are machine-suggested groupings; differences between groups are tested one at a "
            "time without adjustment for multiple comparisons. The urgent flag is keyword rules: on concerns "
            "worded in ways it was not written for it caught about three in five (on test sets never used to "
            "write its rules), so a person reads every comment for "
            "concerns, and every quote before publishing, rather than relying on it. Percentages are rounded to "
            "whole numbers, so the shares in a table may add up to a little more or less than 100%.",
        ),
    )


#: Below this many responses the summary says that most figures are suppressed (a new user's
#: 10-comment report was 21 pages of "*" and "<5" with no word of warning).
SMALL_ROUND = 50
SMALL_ROUND_NOTE = (
    "This report rests on {n} responses. Most figures in it are suppressed to protect the people "
    "who took part, and those shown are too uncertain to compare groups. Comments are quoted only "
    "under a theme with at least {min_base} of them, so there may be few quotes or none: the "
    "comments themselves, redacted, say more than these figures."
)

#: theme_check() result -> the words shown after a theme's name in the summary and theme tables.
CHECK_MARKS = {"weak": "less reliable", "cue": "less reliable"}
#: The note under a table that uses the mark.
CHECK_NOTE = (
    "Themes marked “less reliable” are ones the automatic coding finds less reliably: tested against "
    "comments that people had coded, it agreed with them poorly (F1 below "
    f"{WEAK_F1:.2f}, where 1 means it found exactly the comments people coded and no others), or there "
    "were too few such comments to test it. Their counts may be too high or too low (for the "
    "partnership themes, found by cue phrases, usually too low: see the method section); the codebook "
    "appendix gives each theme's figure."
)


def _theme_notes(themes: Sequence[ThemeSummary], n_themes: int) -> tuple[str, ...]:
    """Notes under a chapter's theme table: how many of the priority's ``n_themes`` themes it
    shows, when not all, and what "less reliable" means, when a theme carries the mark."""
    notes = []
    if n_themes > len(themes):
        notes.append(f"The table shows the {len(themes)} most common of the {n_themes} themes coded to this priority.")
    if any(t.check for t in themes):
        notes.append(CHECK_NOTE)
    return tuple(notes)


def _reliability_cell(theme: str, rel: pd.DataFrame) -> str:
    row = rel.loc[rel["theme"] == theme]
    if row.empty:
        return "not measured; less reliable"
    r = row.iloc[0]
    who = ", real comments coded by a reviewer" if r.get("measured_on") == REVIEWER else ""
    if int(r["labelled"]) < MIN_LABELLED:
        return f"too few to measure (n={int(r['labelled'])}{who}); less reliable"
    text = f"{float(r['f1']):.2f} (n={int(r['labelled']):,}{who})"
    return text + ("; less reliable" if float(r["f1"]) < WEAK_F1 else "")


def _codebook_table(codebook: Any, rel: pd.DataFrame | None = None) -> Table | None:
    if codebook is None:
        return None
    measured = rel is not None and not rel.empty
    rows = tuple(
        (
            t.name,
            t.description,
            ", ".join(PRIORITIES[p].name if p in PRIORITIES else p for p in t.priorities),
            ", ".join(C.DOMAIN_IDS.get(d, d.replace("_", " ")) for d in t.domains),
            *((_reliability_cell(t.id, rel),) if measured else ()),
        )
        for t in codebook.themes.values()
    )
    columns = ("Theme", "Description", "Priorities", "Quality domains")
    note = ""
    if measured:
        columns += ("Coding agreement (F1)",)
        note = (
            "Coding agreement: F1 of the automatic coding against comments that people had coded "
            "(1 means it found exactly the comments people coded to the theme and no others; n = comments "
            "people coded to it). QDC themes were measured on NHS ambulance service comments by "
            "cross-validation within the model's training data, so the figures differ a little from the "
            "overall ones in the method section, which come from a separate held-out test set; the "
            "partnership themes on real comments from a mental health and community trust, coded by a "
            f"reviewer. Themes with F1 below {WEAK_F1:.2f}, or with fewer than {MIN_LABELLED} comments coded "
            "by people to measure it on, are marked less reliable."
        )
    return Table(f"Codebook version {codebook.version}", columns, rows, note=note)


def counts_by(mapping: Mapping[str, int]) -> str:
    """``"a 3, b 2"`` for a small mapping (used in cover notes)."""
    return ", ".join(f"{k} {v:,}" for k, v in mapping.items())
