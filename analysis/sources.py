"""Read stored responses into DataFrames with plain SQLAlchemy Core (no Flask, no ORM).

The table and column names are the contract documented in ``survey_app/models.py``; this
module declares the columns it reads (with their types, so dates bind correctly on SQLite
and PostgreSQL) without importing the web app. Only ``status = 'submitted'`` responses count.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa

from analysis import columns as C
from analysis.database_url import database_url_problem, normalise_database_url
from analysis.postcodes import DISTRICT_QUESTION, postcode_districts

__all__ = [
    "RoundNotFoundError",
    "Sources",
    "baseline_for",
    "equality_asked",
    "equality_questions",
    "import_reference",
    "load_sources",
    "read_references",
    "DatabaseMissingError",
    "keep_responses",
    "later_baselines",
    "make_engine",
    "service_asked",
    "starts_after",
    "split_small_part",
    "read_rounds",
    "round_key",
    "round_window",
]

_md = sa.MetaData()
versions_t = sa.Table(
    "questionnaire_versions",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("questionnaire_id", sa.String),
    sa.Column("version", sa.String),
    sa.Column("content_hash", sa.String),
    sa.Column("title", sa.String),
    sa.Column("audience", sa.String),
    sa.Column("definition", sa.JSON),
)
responses_t = sa.Table(
    "responses",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("questionnaire_version_id", sa.Integer),
    sa.Column("questionnaire_id", sa.String),
    sa.Column("audience", sa.String),
    sa.Column("channel", sa.String),
    sa.Column("locale", sa.String),
    sa.Column("status", sa.String),
    sa.Column("service", sa.String),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("completed_with_help", sa.Boolean),
    sa.Column("import_ref", sa.String),
)
answers_t = sa.Table(
    "answers",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("response_id", sa.Integer),
    sa.Column("question_id", sa.String),
    sa.Column("row_id", sa.String),
    sa.Column("option_value", sa.String),
    sa.Column("text_value", sa.Text),
    sa.Column("number_value", sa.Float),
    sa.Column("date_value", sa.Date),
    sa.Column("rank", sa.Integer),
)
rounds_t = sa.Table(
    "rounds",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String),
    sa.Column("starts_on", sa.Date),
    sa.Column("ends_on", sa.Date),
    sa.Column("questionnaire_ids", sa.JSON),
    sa.Column("is_baseline", sa.Boolean),
)

RESPONSE_COLUMNS = [
    "response_id",
    "version_id",
    "questionnaire_id",
    "audience",
    "channel",
    "locale",
    "service",
    "submitted_at",
    "completed_with_help",
]
ANSWER_COLUMNS = [
    "response_id",
    "question_id",
    "row_id",
    "option_value",
    "text_value",
    "number_value",
    "date_value",
    "rank",
]

#: The questionnaire whose answers give the facilitator's columns (:data:`analysis.columns.WORKSHOP_COLUMNS`).
WORKSHOP_QUESTIONNAIRE = "workshop"


class RoundNotFoundError(LookupError):
    """The named round does not exist."""


@dataclass(frozen=True)
class Sources:
    """Frames read from the store.

    Attributes
    ----------
    responses : DataFrame
        One row per submitted response: ``response_id, version_id, questionnaire_id, version,
        audience, channel, locale, service, submitted_at, completed_with_help`` and one column
        per equality question (``eq_age``...), holding the option label ("Not answered" where
        there is none). The postcode district's column (``eq_postcode_district``, free text)
        holds the outward code only, or "Not a valid district" (:mod:`analysis.postcodes`).
        ``completed_with_help`` is pandas' nullable ``boolean``: True (someone helped), False
        (nobody did) or ``<NA>`` (not answered, or not recorded: imports without the column,
        and every "No" stored before the app recorded one), so ``.sum()`` counts the yeses
        and ``.isna()`` the unknown; never read ``<NA>`` as "No".
    answers : DataFrame
        Long answers (:data:`ANSWER_COLUMNS`).
    comments : DataFrame
        One row per free-text answer: ``response_id, question_id, topic, audience, channel,
        service, submitted_at, comment`` plus the equality columns. Answers to questions
        marked ``comment: false`` (labels such as a workshop's name) stay in ``answers`` only.
        The facilitator's answers to the ``workshop`` questionnaire are columns too
        (:data:`analysis.columns.WORKSHOP_COLUMNS`: ``priority_discussed``, ``contribution_kind``,
        ``dot_votes``, named after its question ids), empty for every other questionnaire.
    versions : DataFrame
        ``version_id, questionnaire_id, version, content_hash, title, audience, definition``.
    equality_columns : tuple of str
    equality_asked : DataFrame or None
        :func:`equality_asked`: per response (index of ``responses``), one boolean column per
        equality column, True where the response's questionnaire version asks that question.
        "Not answered" in ``responses`` covers both a question skipped and one never asked (a
        workshop contribution); this tells the two apart.
    """

    responses: pd.DataFrame
    answers: pd.DataFrame
    comments: pd.DataFrame
    versions: pd.DataFrame
    equality_columns: tuple[str, ...] = ()
    equality_asked: pd.DataFrame | None = None


def keep_responses(src: Sources, keep: pd.Series) -> Sources:
    """``src`` with only the responses where ``keep`` (a boolean Series on the index of
    ``src.responses``) is True, and only their answers, comments and equality rows.

    Returns
    -------
    Sources
        A new :class:`Sources`: ``versions`` only those the kept responses answered (the
        cover lists them), ``equality_columns`` as they are.
    """
    ids = set(src.responses.loc[keep, "response_id"])
    asked = src.equality_asked.loc[keep[keep].index] if src.equality_asked is not None else None
    used = set(src.responses.loc[keep, "version_id"])
    return replace(
        src,
        versions=src.versions[src.versions["version_id"].isin(used)],
        responses=src.responses.loc[keep],
        answers=src.answers[src.answers["response_id"].isin(ids)],
        comments=src.comments[src.comments["response_id"].isin(ids)],
        equality_asked=asked,
    )


def split_small_part(src: Sources, min_count: int, workshop_channel: str = "workshop") -> tuple[Sources, str]:
    """Leave out the smaller part of a round made of workshop contributions and other
    responses when that part has 1 to ``min_count - 1`` responses.

    The workshops chapter prints the contributions on their own, so with both parts in the
    report the cover's responses less the chapter's contributions (and each priority's
    comments less its contributions) would give the small part's number and what it said:
    a new user's round of 14 sticky notes and 2 web responses printed 16 and 14.

    Returns
    -------
    (Sources, str)
        The sources to report (``src`` itself when nothing is left out) and ``""`` or the
        name of the part left out ("survey responses" or "workshop contributions").
    """
    workshop = src.responses["channel"] == workshop_channel
    n_workshop, n_other = int(workshop.sum()), int((~workshop).sum())
    if not (n_workshop and n_other) or min(n_workshop, n_other) >= min_count:
        return src, ""
    if n_other < min_count:
        return keep_responses(src, workshop), "survey responses"
    return keep_responses(src, ~workshop), "workshop contributions"


class DatabaseMissingError(FileNotFoundError):
    """A ``sqlite:///PATH`` URL names no existing file (SQLite would create an empty one)."""


class DatabaseURLError(ValueError):
    """A ``--db`` URL SQLAlchemy cannot use: unreadable, no such dialect, or its driver not
    installed. The message names ``--db`` and shows no password
    (:func:`analysis.database_url.database_url_problem`)."""


def make_engine(url: str | sa.Engine) -> sa.Engine:
    """An engine for ``url`` (``postgres://`` rewritten for psycopg 3), or ``url`` itself.

    Raises
    ------
    DatabaseMissingError
        ``url`` is a SQLite file that does not exist: the analysis only reads, and SQLite
        would otherwise create an empty file there (a tester's mistyped path).
    DatabaseURLError
        ``url`` cannot be parsed, names no known database or its driver is not installed
        (a ``mysql://`` URL had given a traceback, and ``review`` printed its password).
    """
    if isinstance(url, sa.Engine):
        return url
    from analysis.outputs import sqlite_files

    problem = database_url_problem(normalise_database_url(url), name="--db")
    if problem:
        raise DatabaseURLError(problem)
    files = sqlite_files(normalise_database_url(url))
    if files and not files[0].exists():
        raise DatabaseMissingError(
            f"no database file at {files[0]}: check the path (create the platform's database with "
            "`flask --app survey_app db upgrade`)"
        )
    return sa.create_engine(normalise_database_url(url))


def import_reference(import_ref: str | None) -> str:
    """The reference a response was imported with, from its stored ``import_ref``
    (``FILE:ROW:REFERENCE``, then `` c=`` and the 12-hex-digit digest of its answers); ``""``
    for a response not imported (``None``) or imported without a reference (``FILE:ROW``).

    A response moved from another database with the mapping ``flask responses mapping``
    prints has its ``response_id`` there as its reference, so the reference traces it across
    the move, while its id is the new database's own.

    >>> import_reference("fft.csv:1489:1493 c=0123456789ab")
    '1493'
    >>> import_reference("notes: March.csv:7:W 12")
    'W 12'
    >>> [import_reference("paper.csv:12 c=0123456789ab"), import_reference(None)]
    ['', '']
    """
    ref = import_ref or ""
    head, mark, digest = ref.rpartition(" c=")
    if mark and re.fullmatch(r"[0-9a-f]{12}", digest):
        ref = head
    found = re.match(r"(.*?):\d+:(.*)\Z", ref, re.DOTALL)
    return found.group(2) if found else ""


def read_references(engine: sa.Engine, response_ids: Sequence[int]) -> dict[int, str]:
    """Response id -> :func:`import_reference` of each of ``response_ids`` (read 500 at a time);
    a response not imported, or imported without a reference, maps to ``""``."""
    ids = sorted({int(i) for i in response_ids})
    found: dict[int, str] = {}
    r = responses_t.c
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(sa.select(r.id, r.import_ref).where(r.id.in_(ids[start : start + 500])))
            found.update((rid, import_reference(ref)) for rid, ref in rows)
    return found


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def read_rounds(engine: sa.Engine) -> pd.DataFrame:
    """All rounds: ``name, starts_on, ends_on, questionnaire_ids (list), is_baseline``."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(rounds_t).order_by(rounds_t.c.starts_on)).mappings().all()
    df = pd.DataFrame(rows, columns=["id", "name", "starts_on", "ends_on", "questionnaire_ids", "is_baseline"])
    df["questionnaire_ids"] = [list(_json(v) or []) for v in df["questionnaire_ids"]]
    df["is_baseline"] = df["is_baseline"].fillna(False).astype(bool)
    return df


def round_key(name: str) -> str:
    """What makes two round names one round, as ``flask rounds create`` decides it: not case,
    spacing, nor how an accent was typed (Unicode NFC).

    >>> round_key("  2022   FOLLOW-UP ") == round_key("2022 follow-up")
    True
    """
    return unicodedata.normalize("NFC", " ".join(str(name).split())).casefold()


def round_window(rounds: pd.DataFrame, name: str) -> dict[str, Any]:
    """The round called ``name`` as a dict: the stored name exactly, else the one round whose
    :func:`round_key` is ``name``'s ("2022 FOLLOW-UP" finds "2022 follow-up").

    Raises
    ------
    RoundNotFoundError
        No round has that name, or (without an exact match) two stored names share its key.
    """
    hit = rounds[rounds["name"] == name]
    if hit.empty:
        hit = rounds[rounds["name"].map(round_key) == round_key(name)]
        if len(hit) > 1:
            raise RoundNotFoundError(
                f"{name!r} could be any of {', '.join(map(repr, hit['name']))}: give the name exactly as stored"
            )
    if hit.empty:
        known = ", ".join(rounds["name"]) or "none"
        raise RoundNotFoundError(f"no round named {name!r}; rounds are: {known}")
    return hit.iloc[0].to_dict()


def questionnaires_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two rounds' questionnaire lists share a questionnaire; an empty list is every
    questionnaire, so it shares one with any list.

    >>> questionnaires_overlap(["carers"], ["fft"]), questionnaires_overlap([], ["fft"])
    (False, True)
    """
    return not a or not b or bool(set(a) & set(b))


def baseline_for(
    rounds: pd.DataFrame, current: Mapping[str, Any], questionnaires: Sequence[str] = ()
) -> dict[str, Any] | None:
    """The baseline round a report of ``current`` is compared with, or None.

    Each questionnaire can have its own baseline (``flask rounds create --baseline`` keeps one
    per questionnaire), so the baseline is the one marked round, other than ``current``, whose
    questionnaires overlap what the report covers: ``questionnaires`` (the report's
    ``--questionnaire`` filter) when given, else ``current``'s list (empty: every
    questionnaire). Of several, the one whose list is exactly that; else the one sharing the
    most questionnaires. A marked round that starts after ``current`` ends is no candidate
    (:func:`later_baselines`: a new user's 2022 round was compared with a 2026 baseline);
    ``report --baseline NAME`` can still name it.

    Parameters
    ----------
    rounds : DataFrame
        :func:`read_rounds`.
    current : mapping
        The report's round (:func:`round_window`).
    questionnaires : sequence of str
        The report's questionnaire filter.

    Raises
    ------
    RoundNotFoundError
        Several baselines fit equally well (e.g. a round of every questionnaire, with a
        carers' and an FFT baseline): the message names them and asks for ``--baseline``.

    Examples
    --------
    >>> r = pd.DataFrame({"name": ["FFT base", "Carers base", "Carers 2026"],
    ...                   "questionnaire_ids": [["fft"], ["carers", "workshop"], ["carers", "workshop"]],
    ...                   "is_baseline": [True, True, False]})
    >>> baseline_for(r, r.iloc[2].to_dict())["name"]
    'Carers base'
    >>> baseline_for(r, {"name": "Staff 2026", "questionnaire_ids": ["staff"]}) is None
    True
    """
    covers = list(questionnaires) or list(current.get("questionnaire_ids") or [])
    fits = [row for row in _fitting_baselines(rounds, current, covers) if not starts_after(row, current)]
    if len(fits) <= 1:
        return fits[0] if fits else None
    exact = [row for row in fits if sorted(row["questionnaire_ids"] or []) == sorted(covers)]
    if len(exact) == 1:
        return exact[0]
    shared = [len(set(row["questionnaire_ids"] or []) & set(covers)) for row in fits]
    best = [row for row, k in zip(fits, shared, strict=True) if k == max(shared)]
    if len(best) == 1 and max(shared) > 0:
        return best[0]
    names = ", ".join(repr(row["name"]) for row in fits)
    raise RoundNotFoundError(
        f"round {current['name']!r} could be compared with any of the baselines {names}: give --baseline NAME "
        "(or --no-baseline)"
    )


def _fitting_baselines(
    rounds: pd.DataFrame, current: Mapping[str, Any], covers: Sequence[str]
) -> list[dict[str, Any]]:
    """The marked rounds other than ``current`` whose questionnaires overlap ``covers``."""
    marked = rounds[rounds["is_baseline"] & (rounds["name"] != current["name"])]
    return [row for row in marked.to_dict("records") if questionnaires_overlap(row["questionnaire_ids"] or [], covers)]


def starts_after(row: Mapping[str, Any], current: Mapping[str, Any]) -> bool:
    """Whether round ``row`` starts after round ``current`` ends (False when either date is unknown)."""
    start, end = row.get("starts_on"), current.get("ends_on")
    return start is not None and end is not None and not pd.isna(start) and not pd.isna(end) and start > end


def later_baselines(
    rounds: pd.DataFrame, current: Mapping[str, Any], questionnaires: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The baselines :func:`baseline_for` would have fitted but leaves out because they start
    after ``current`` ends, earliest first: the report says it has no earlier baseline.

    >>> from datetime import date
    >>> r = pd.DataFrame({"name": ["2026 base", "2022"], "starts_on": [date(2026, 1, 1), date(2022, 1, 1)],
    ...                   "ends_on": [date(2026, 12, 31), date(2022, 12, 31)],
    ...                   "questionnaire_ids": [[], ["fft"]], "is_baseline": [True, False]})
    >>> [b["name"] for b in later_baselines(r, r.iloc[1].to_dict())], baseline_for(r, r.iloc[1].to_dict())
    (['2026 base'], None)
    """
    covers = list(questionnaires) or list(current.get("questionnaire_ids") or [])
    later = [row for row in _fitting_baselines(rounds, current, covers) if starts_after(row, current)]
    return sorted(later, key=lambda row: row["starts_on"])


def _to_dt(d: date | str | None, end: bool = False) -> datetime | None:
    if d is None or d == "":
        return None
    if isinstance(d, str):
        d = date.fromisoformat(d)
    if isinstance(d, datetime):
        return d if d.tzinfo else d.replace(tzinfo=UTC)
    if end:  # inclusive end date: everything before the next midnight (the last day: its last moment)
        if d == date.max:
            return datetime.combine(d, time.max, tzinfo=UTC)
        return datetime.combine(d + timedelta(days=1), time(), tzinfo=UTC)
    return datetime.combine(d, time(), tzinfo=UTC)


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _questions(definition: Mapping[str, Any]):
    for s in (definition or {}).get("sections", []) or []:
        yield from s.get("questions", []) or []


def _is_equality(question: Mapping[str, Any]) -> bool:
    return bool(question.get("equality")) or str(question.get("id", "")).startswith("eq_")


def _equality_column(question_id: str) -> str:
    """The column of ``responses`` an equality question's answers go in (``age_band`` -> ``eq_age_band``)."""
    return question_id if question_id.startswith("eq_") else f"eq_{question_id}"


def equality_questions(versions: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Equality question ids (``"equality": true`` or id prefixed ``eq_``) -> option value -> label."""
    out: dict[str, dict[str, str]] = {}
    for definition in versions["definition"]:
        for q in _questions(definition):
            if _is_equality(q):
                labels = out.setdefault(q["id"], {})
                for o in q.get("options") or ():
                    labels.setdefault(str(o.get("value")), _text(o.get("label")) or str(o.get("value")))
    return out


def equality_option_order(versions: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Equality column (``eq_age_band``...) -> its options' labels in the questionnaire's order
    (the first version that lists each option places it), for report tables that follow it.

    >>> v = pd.DataFrame({"definition": [{"sections": [{"questions": [{"id": "age_band", "equality": True,
    ...     "options": [{"value": "a", "label": "Under 16"}, {"value": "b", "label": "16 to 24"}]}]}]}]})
    >>> equality_option_order(v)
    {'eq_age_band': ('Under 16', '16 to 24')}
    """
    return {_equality_column(q): tuple(labels.values()) for q, labels in equality_questions(versions).items()}


def equality_asked(responses: pd.DataFrame, versions: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Which equality questions each response was asked: those in its questionnaire version's definition.

    Parameters
    ----------
    responses : DataFrame
        Needs ``version_id`` (one row per response).
    versions : DataFrame
        Needs ``version_id, definition`` (:attr:`Sources.versions`).
    columns : sequence of str
        Equality columns (``eq_age_band``...; :attr:`Sources.equality_columns`).

    Returns
    -------
    DataFrame
        Index of ``responses``, one boolean column per entry of ``columns``: True where the
        response's questionnaire version has the question (conditional questions count as asked,
        as a skipped one does), False where it does not (the ``workshop`` questionnaire asks none).
        A response with no recorded version counts as asked, as nothing says otherwise.

    Raises
    ------
    analysis.columns.MissingColumnError
        When ``responses`` lacks ``version_id`` or ``versions`` lacks ``version_id`` or ``definition``.

    Examples
    --------
    >>> v = pd.DataFrame({"version_id": [1, 2], "definition": [
    ...     {"sections": [{"questions": [{"id": "age_band", "equality": True}]}]}, {"sections": []}]})
    >>> equality_asked(pd.DataFrame({"version_id": [1, 2, None]}), v, ["eq_age_band"])["eq_age_band"].tolist()
    [True, False, True]
    """
    C.require_columns(responses, ["version_id"], "responses frame")
    C.require_columns(versions, ["version_id", "definition"], "versions frame")
    asks = {
        int(vid): {_equality_column(str(q.get("id", ""))) for q in _questions(d) if _is_equality(q)}
        for vid, d in zip(versions["version_id"], versions["definition"], strict=True)
    }
    vids = pd.to_numeric(responses["version_id"], errors="coerce")
    return pd.DataFrame(
        {c: [pd.isna(v) or int(v) not in asks or c in asks[int(v)] for v in vids] for c in columns},
        index=responses.index,
        dtype=bool,
    )


def service_asked(responses: pd.DataFrame, versions: pd.DataFrame) -> pd.Series:
    """Whether each response's questionnaire asks which service it is about: its version lists
    ``services`` (a link or an import stores a service only then; the carers' survey and the
    workshop questionnaire list none), or the response has a service anyway. A response with
    no recorded version counts as asked, as :func:`equality_asked` counts it.

    >>> v = pd.DataFrame({"version_id": [1, 2], "definition": [{"services": [{"id": "a", "name": "A"}]}, {}]})
    >>> r = pd.DataFrame({"version_id": [1, 2, 2, None], "service": [None, None, "B", None]})
    >>> service_asked(r, v).tolist()
    [True, False, True, True]
    """
    C.require_columns(responses, ["version_id", "service"], "responses frame")
    C.require_columns(versions, ["version_id", "definition"], "versions frame")
    lists = {
        int(vid): bool((d or {}).get("services"))
        for vid, d in zip(versions["version_id"], versions["definition"], strict=True)
    }
    vids = pd.to_numeric(responses["version_id"], errors="coerce")
    has_service = responses["service"].map(lambda x: isinstance(x, str) and bool(x.strip()))
    return pd.Series(
        [pd.isna(v) or lists.get(int(v), True) or bool(h) for v, h in zip(vids, has_service, strict=True)],
        index=responses.index,
        dtype=bool,
        name="service",
    )


def _free_text_topics(versions: pd.DataFrame) -> dict[tuple[int, str], str]:
    return {
        (vid, q["id"]): str(q.get("topic") or "")
        for vid, d in zip(versions["version_id"], versions["definition"], strict=True)
        for q in _questions(d)
        if q.get("type") == "free_text" and q.get("comment", True) is not False  # a label, not a comment
    }


def load_sources(
    url: str | sa.Engine,
    *,
    round_name: str | None = None,
    questionnaires: Sequence[str] = (),
    audience: str | None = None,
    service: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> Sources:
    """Read submitted responses (optionally one round, filtered) into :class:`Sources`.

    Parameters
    ----------
    url : str or Engine
        Database URL (SQLite or PostgreSQL).
    round_name : str, optional
        Restrict to the round's dates (inclusive) and questionnaires (empty list = all).
    questionnaires, audience, service, date_from, date_to
        Further filters (dates inclusive, UTC).

    Raises
    ------
    RoundNotFoundError
        If ``round_name`` is given and unknown.
    """
    engine = make_engine(url)
    r = responses_t.c
    cond = [r.status == "submitted"]
    qids = list(questionnaires)
    if round_name:
        rd = round_window(read_rounds(engine), round_name)
        cond += [r.submitted_at >= _to_dt(rd["starts_on"]), r.submitted_at < _to_dt(rd["ends_on"], end=True)]
        if rd["questionnaire_ids"]:
            qids = [q for q in qids if q in rd["questionnaire_ids"]] if qids else list(rd["questionnaire_ids"])
            if not qids:
                qids = ["\x00none"]
    if qids:
        cond.append(r.questionnaire_id.in_(qids))
    if audience:
        cond.append(r.audience == audience)
    if service:
        cond.append(r.service == service)
    if date_from:
        cond.append(r.submitted_at >= _to_dt(date_from))
    if date_to:
        cond.append(r.submitted_at < _to_dt(date_to, end=True))
    where = sa.and_(*cond)
    resp_q = (
        sa.select(
            r.id.label("response_id"),
            r.questionnaire_version_id.label("version_id"),
            r.questionnaire_id,
            r.audience,
            r.channel,
            r.locale,
            r.service,
            r.submitted_at,
            r.completed_with_help,
        )
        .where(where)
        .order_by(r.id)
    )
    a = answers_t.c
    ans_q = (
        sa.select(*[a[c] for c in ANSWER_COLUMNS])
        .join_from(answers_t, responses_t, a.response_id == r.id)
        .where(where)
        .order_by(a.response_id, a.id)
    )
    with engine.connect() as conn:
        responses = pd.DataFrame(conn.execute(resp_q).mappings().all(), columns=RESPONSE_COLUMNS)
        answers = pd.DataFrame(conn.execute(ans_q).mappings().all(), columns=ANSWER_COLUMNS)
        vids = sorted(set(responses["version_id"].dropna().astype(int)))
        v = versions_t.c
        vrows = (
            conn.execute(
                sa.select(
                    v.id.label("version_id"),
                    v.questionnaire_id,
                    v.version,
                    v.content_hash,
                    v.title,
                    v.audience,
                    v.definition,
                ).where(v.id.in_(vids or [-1]))
            )
            .mappings()
            .all()
        )
    versions = pd.DataFrame(
        vrows, columns=["version_id", "questionnaire_id", "version", "content_hash", "title", "audience", "definition"]
    )
    versions["definition"] = [_json(d) or {} for d in versions["definition"]]
    responses["submitted_at"] = pd.to_datetime(responses["submitted_at"], utc=True)
    # True, False or <NA> (not answered, or not recorded): sums and counts skip <NA>
    responses["completed_with_help"] = responses["completed_with_help"].astype("boolean")
    responses = responses.merge(versions[["version_id", "version"]], on="version_id", how="left")

    eq = equality_questions(versions)
    eq_cols: list[str] = []
    if eq and not answers.empty:
        ea = answers[answers["question_id"].isin(list(eq)) & answers["option_value"].notna()]
        labels = [eq[q].get(str(val), str(val)) for q, val in zip(ea["question_id"], ea["option_value"], strict=True)]
        ea = ea.assign(label=labels)
        wide = ea.groupby(["response_id", "question_id"])["label"].agg("; ".join).unstack()
        for q in eq:
            col = _equality_column(q)
            eq_cols.append(col)
            values = wide[q] if q in wide.columns else pd.Series(dtype=object)
            if q == DISTRICT_QUESTION:  # free text: the outward code only (analysis.postcodes)
                values = _districts(answers)
            # object first: a question nobody answered maps to all-NaN floats, which refuse a text fill
            responses[col] = responses["response_id"].map(values).astype(object).fillna("Not answered")
    topics = _free_text_topics(versions)
    if answers.empty:
        comments = pd.DataFrame(columns=["response_id", "question_id", "topic", "comment"])
    else:
        t = answers[answers["text_value"].notna()].merge(responses[["response_id", "version_id"]], on="response_id")
        keys = list(zip(t["version_id"], t["question_id"], strict=True))
        mask = [k in topics for k in keys]
        t = t[mask]
        comments = pd.DataFrame(
            {
                "response_id": t["response_id"].to_numpy(),
                "question_id": t["question_id"].to_numpy(),
                "topic": [topics[k] for k, m in zip(keys, mask, strict=True) if m],
                "comment": t["text_value"].to_numpy(),
            }
        )
    comments = comments.merge(
        responses[["response_id", "audience", "channel", "service", "submitted_at", "questionnaire_id", *eq_cols]],
        on="response_id",
        how="left",
    )
    comments = _with_workshop_answers(comments, responses, answers)
    asked = equality_asked(responses, versions, eq_cols)
    return Sources(responses, answers, comments, versions, tuple(eq_cols), asked)


def _districts(answers: pd.DataFrame) -> pd.Series:
    """Each response's postcode district (:func:`analysis.postcodes.postcode_districts`) by
    response id, from the text of its ``postcode_district`` answer: the outward code, "Not a
    valid district", or nothing for a blank answer. The typed text (which may be a full
    postcode) goes no further."""
    typed = answers[(answers["question_id"] == DISTRICT_QUESTION) & answers["text_value"].notna()]
    typed = typed.drop_duplicates("response_id", keep="last").set_index("response_id")["text_value"]
    return postcode_districts(typed).dropna()


def _with_workshop_answers(comments: pd.DataFrame, responses: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """``comments`` plus the :data:`analysis.columns.WORKSHOP_COLUMNS`, from the answers of ``workshop`` responses.

    One value per response (the questions are single choice and number); columns are empty
    (``<NA>``) for other questionnaires and for questions the facilitator left empty.
    """
    priority = pd.Series(dtype=object)
    kind = pd.Series(dtype=object)
    votes = pd.Series(dtype="Float64")
    if not answers.empty:
        ids = responses.loc[responses["questionnaire_id"] == WORKSHOP_QUESTIONNAIRE, "response_id"]
        w = answers[answers["response_id"].isin(ids)]
        last = w.drop_duplicates(["response_id", "question_id"], keep="last").set_index("response_id")

        def one(question: str, column: str) -> pd.Series:
            hit = last[last["question_id"] == question][column]
            return hit[hit.notna()]

        priority = one(C.WORKSHOP_PRIORITY, "option_value")
        kind = one(C.WORKSHOP_KIND, "option_value")
        votes = one(C.DOT_VOTES, "number_value")
    rid = comments["response_id"]
    votes = pd.to_numeric(rid.map(votes), errors="coerce").astype("Float64").round().astype("Int64")
    return comments.assign(
        **{
            C.WORKSHOP_PRIORITY: rid.map(priority).astype("string"),
            C.WORKSHOP_KIND: rid.map(kind).astype("string"),
            C.DOT_VOTES: votes,
        }
    )
