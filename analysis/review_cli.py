"""``python -m analysis review``: the urgent-flagged comments of the store, for a person to read.

Every report says how many comments were flagged for urgent follow-up and held back from
quotes; this command gives the person who follows them up the comments themselves:

    python -m analysis review --db DATABASE_URL [--round NAME] [--from DATE] [--to DATE] --out urgent.csv

The file holds one row per flagged free-text answer of a submitted response, oldest first:
``response_id, reference, submitted_at, questionnaire_id, question_id, topic, audience,
channel, service, urgent_kind, urgent_reason, comment``. ``response_id`` is the database's
own id, which a move to another database changes; ``reference`` is the reference the
response was imported with (:func:`analysis.sources.import_reference`), which for a response
moved with the mapping ``flask responses mapping`` prints is its ``response_id`` in the
database it came from, so a concern can be followed across the move (blank for a response
from the web form, or imported without a reference). ``comment`` is the text as written (not
redacted: whoever follows up a safeguarding concern needs its details), so the file is
created readable by its owner only, and formula-like cells are neutralised for spreadsheets.
``submitted_at`` is written as ``flask responses export`` writes it (ISO 8601, UTC,
``2026-04-03T10:15:00Z``), so the two files' rows can be matched by id and date alike.
Nothing but counts is printed. The flag is :func:`analysis.urgent.urgent_reason` on the
normalised text, the same check the coding pipeline and the report use.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.cli import iso_date
from analysis.text import normalise
from analysis.urgent import urgent_kind, urgent_reason

__all__ = ["REVIEW_COLUMNS", "register", "urgent_comments", "utc_text"]

#: Columns of the review file, in order.
REVIEW_COLUMNS = (
    "response_id", "reference", "submitted_at", "questionnaire_id", "question_id", "topic", "audience", "channel",
    "service", "urgent_kind", "urgent_reason", "comment",
)


def urgent_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """The flagged rows of a comments frame, oldest first.

    Parameters
    ----------
    comments : pandas.DataFrame
        :attr:`analysis.sources.Sources.comments` (``response_id, question_id, topic,
        audience, channel, service, submitted_at, comment``; missing columns are left empty).

    Returns
    -------
    pandas.DataFrame
        :data:`REVIEW_COLUMNS`; ``urgent_kind`` is the kind of
        :data:`analysis.urgent.URGENT_KINDS` and ``urgent_reason`` the words matched.

    >>> frame = pd.DataFrame({"response_id": [1, 2], "comment": ["Lovely staff", "They gave mum the wrong tablets"]})
    >>> urgent_comments(frame)[["response_id", "urgent_kind"]].to_dict("records")
    [{'response_id': 2, 'urgent_kind': 'medication_error'}]
    """
    texts = comments["comment"] if "comment" in comments.columns else pd.Series([], dtype=object)
    reasons = texts.map(lambda t: urgent_reason(normalise(t)) if isinstance(t, str) else "")
    flagged = comments.loc[reasons != ""].copy()
    flagged["urgent_kind"] = reasons[reasons != ""].map(urgent_kind)
    flagged["urgent_reason"] = reasons[reasons != ""]
    for col in REVIEW_COLUMNS:
        if col not in flagged.columns:
            flagged[col] = ""
    if len(flagged) and "submitted_at" in comments.columns:
        flagged = flagged.sort_values(["submitted_at", "response_id"], kind="stable")
    return flagged[list(REVIEW_COLUMNS)].reset_index(drop=True)


def utc_text(when: pd.Series) -> pd.Series:
    """Dates and times as ISO 8601 UTC text, ``2026-04-03T10:15:00Z``; blank where missing.

    Parameters
    ----------
    when : pandas.Series
        Timestamps (aware, naive taken as UTC) or text pandas can parse; anything else is blank.

    Returns
    -------
    pandas.Series
        str, on the same index: the format ``flask responses export`` writes.
    """
    stamps = pd.to_datetime(when, utc=True, errors="coerce")
    from analysis.outputs import UTC_TEXT_FORMAT

    return stamps.dt.strftime(UTC_TEXT_FORMAT).fillna("").astype(object)


def _run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from analysis import sources
    from analysis.coding_cli import spreadsheet_safe
    from analysis.outputs import CSV_LINE_END, open_private, output_problem, sqlite_files

    out = Path(args.out)
    problem = output_problem(out, [("the database", sqlite_files(args.db))])
    if problem:
        print(f"error: --out {out} {problem}; choose another path", file=sys.stderr)
        return 2
    try:
        engine = sources.make_engine(args.db)
    except sources.DatabaseURLError as exc:  # its message hides the password
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except sources.DatabaseMissingError as exc:
        print(f"error: cannot open database: {exc}", file=sys.stderr)
        return 2
    try:
        src = sources.load_sources(engine, round_name=args.round, date_from=args.date_from, date_to=args.date_to)
        flagged = urgent_comments(_with_questionnaire(src))
        references = sources.read_references(engine, list(flagged["response_id"]))
    except sources.RoundNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        print(f"error: cannot read database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    flagged["reference"] = flagged["response_id"].map(references).fillna("").astype(object)
    flagged["submitted_at"] = utc_text(flagged["submitted_at"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_private(out) as fh:  # the comments are not redacted: only the file's owner may read it
        spreadsheet_safe(flagged).to_csv(fh, index=False, lineterminator=CSV_LINE_END)
    print(
        f"{len(flagged):,} of {len(src.comments):,} comments flagged for urgent review -> {out}"
        " (not redacted: store it as personal data and delete it once followed up). A response_id is"
        " this database's own: a move to another database gives new ids, and a moved response's"
        " reference is its response_id in the database it came from.",
        file=sys.stderr,
    )
    return 0


def _with_questionnaire(src: Any) -> pd.DataFrame:
    """``src.comments`` with each comment's ``questionnaire_id`` (blank where unknown)."""
    comments = src.comments
    if len(comments) and "response_id" in comments.columns and len(src.responses):
        qid = dict(zip(src.responses["response_id"], src.responses["questionnaire_id"], strict=True))
        comments = comments.assign(questionnaire_id=comments["response_id"].map(qid).fillna(""))
    return comments


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand."""
    p = subparsers.add_parser(
        "review",
        help="write the urgent-flagged comments of the store to a CSV for a person to follow up",
        description=__doc__.splitlines()[0],
    )
    p.add_argument("--db", required=True, help="database URL (sqlite:///... or postgresql://...)")
    p.add_argument("--round", help="only this round's responses (its dates and questionnaires)")
    p.add_argument("--from", dest="date_from", type=iso_date, help="only responses submitted on or after this date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=iso_date, help="only responses submitted on or before this date (YYYY-MM-DD)")
    p.add_argument("--out", required=True, help="CSV file to write (readable by its owner only)")
    p.set_defaults(func=_run)
