"""``python -m analysis report``: build the themed PDF (and optional HTML) summary.

Two sources::

    python -m analysis report --db DATABASE_URL --round "2025 baseline" --out report.pdf
    python -m analysis report --csv FILE --text-column COLUMN --out report.pdf

Filters: ``--questionnaire`` (repeatable, database only), ``--audience``, ``--service``,
``--from`` / ``--to`` (inclusive ISO dates). ``--actions FILE.csv`` adds "You said, we did"
from the analysts' actions log (``analysis.report.actions``). Progress goes to stderr.
Exit codes: 0 success, 2 bad input (missing column, unknown round, unreadable file), 1 other.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.cli import iso_date
from analysis.coding_cli import InputError, note_bad_rows, note_encoding, read_input, require_input_columns
from analysis.datasets import PARTNERSHIP_SET_THEMES
from analysis.postcodes import DISTRICT_COLUMN
from analysis.reliability import load_reliability
from analysis.report.baseline import fft_answers
from analysis.report.labels import AUDIENCE_LABELS, WORKSHOP_AUDIENCE, audience_id

__all__ = ["main_report", "register"]

DATE_CANDIDATES = ("submitted_at", "date", "Date")


class BadInputError(Exception):
    """Input the user can fix (exit code 2)."""


def _baseline_round(
    rounds: Any, current: dict[str, Any], args: argparse.Namespace, present: Sequence[str] = ()
) -> dict[str, Any] | None:
    """The round the report compares with: ``--baseline``'s, none with ``--no-baseline``, else
    :func:`analysis.sources.baseline_for` the report's questionnaires: its ``--questionnaire``
    filter, else the round's own list, else (a round of every questionnaire) those ``present``
    in its responses (a new user's all-questionnaire round with only carers' answers was asked
    to choose between the FFT's and the carers' baselines).

    Raises
    ------
    analysis.sources.RoundNotFoundError
        ``--baseline`` names no round, or the report's own; or several baselines fit.
    """
    from analysis import sources

    if args.no_baseline:
        return None
    if args.baseline:
        chosen = sources.round_window(rounds, args.baseline)
        if chosen["name"] == current["name"]:
            raise sources.RoundNotFoundError(f"--baseline {args.baseline!r} is the report's own round")
        return chosen
    return sources.baseline_for(rounds, current, _compared_questionnaires(args, current, present))


def _compared_questionnaires(args: argparse.Namespace, current: dict[str, Any], present: Sequence[str]) -> Sequence[str]:
    """The questionnaires a baseline is looked for by: the report's ``--questionnaire`` filter,
    else the round's own list, else those ``present`` in its responses."""
    return args.questionnaire or current.get("questionnaire_ids") or present


def register(subparsers: Any) -> None:
    """Add the ``report`` subcommand."""
    p = subparsers.add_parser(
        "report",
        help="themed PDF summary by priority",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--db", metavar="DATABASE_URL", help="read stored responses from this database")
    src.add_argument("--csv", metavar="FILE", help="read comments from a CSV file")
    p.add_argument(
        "--round",
        help="round name (with --db); compared with the baseline of its questionnaires (see --baseline)",
    )
    base = p.add_mutually_exclusive_group()
    base.add_argument(
        "--baseline", metavar="ROUND",
        help="compare with this round (with --db; default: the round marked baseline for the report's questionnaires)",
    )
    base.add_argument("--no-baseline", action="store_true", help="compare with no baseline (with --db)")
    p.add_argument("--text-column", help="comment column (with --csv)")
    p.add_argument("--date-column", help="date column (with --csv; default: submitted_at or date if present)")
    p.add_argument("--service-column", help="service/team column (with --csv)")
    p.add_argument("--audience-column", help="audience column (with --csv)")
    p.add_argument("--fft-column", help="FFT answer column, codes 1-6 or option values (with --csv)")
    p.add_argument(
        "--group-column",
        action="append",
        default=[],
        help="extra column to break figures down by (with --csv; repeatable)",
    )
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--html", help="also write the HTML version here")
    p.add_argument(
        "--scores-csv",
        metavar="FILE.csv",
        help="also write each priority's published figures (score, n, baseline, change, direction) to this CSV",
    )
    p.add_argument("--title", default=None, help="report title")
    p.add_argument("--questionnaire", action="append", default=[], help="questionnaire id (repeatable; with --db)")
    p.add_argument("--audience", help="only this audience")
    p.add_argument("--service", help="only this service or team")
    p.add_argument("--from", dest="date_from", type=iso_date, help="first date, YYYY-MM-DD (inclusive)")
    p.add_argument("--to", dest="date_to", type=iso_date, help="last date, YYYY-MM-DD (inclusive)")
    p.add_argument(
        "--suppression-threshold",
        type=int,
        default=10,
        help="hide percentages based on fewer responses than this (default 10)",
    )
    p.add_argument("--min-count", type=int, default=5, help="show counts below this as <N (default 5)")
    p.add_argument(
        "--coding-accuracy",
        metavar="JSON",
        help="results of analysis.evaluate.evaluate() saved as JSON, quoted in the method section "
        "(default: analysis/data/evaluation.json if present)",
    )
    p.add_argument("--no-emergent", action="store_true", help="skip the emerging-themes clustering")
    p.add_argument(
        "--actions",
        metavar="FILE.csv",
        help='actions log (actions/template.csv): adds a "You said, we did" section by priority',
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=main_report)


class _Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, msg: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.t0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def main_report(args: argparse.Namespace) -> int:
    """Run the ``report`` subcommand."""
    from analysis.outputs import output_problem, sqlite_files

    say = _Progress(args.quiet)
    protected = [
        ("the database", sqlite_files(args.db) if args.db else ()),
        ("the input", [Path(args.csv)] if args.csv else []),
        ("the actions log", [Path(args.actions)] if getattr(args, "actions", None) else []),
        ("the coding accuracy file", [Path(args.coding_accuracy)] if getattr(args, "coding_accuracy", None) else []),
    ]
    over_pdf = [("the PDF's path (--out)", [Path(args.out)])]  # the HTML may not be written over it either
    scores_csv = getattr(args, "scores_csv", None)
    over_both = [*over_pdf, ("the HTML's path (--html)", [Path(args.html)] if args.html else [])]
    for flag, path, also in (
        ("--out", args.out, []), ("--html", args.html, over_pdf), ("--scores-csv", scores_csv, over_both)
    ):
        problem = output_problem(Path(path), [*protected, *also]) if path else None
        if problem:
            print(f"error: {flag} {path} {problem}; choose another path", file=sys.stderr)
            return 2
    for path in filter(None, (args.out, args.html, scores_csv)):  # before the coding, which takes minutes
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            print(f"error: cannot write {path}: part of its folder path is a file, not a folder", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"error: cannot make the folder of {path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    try:
        actions = _actions(args, say)  # before coding, so a broken log fails fast
        if args.csv:
            report = _from_csv(args, say)
        else:
            report = _from_db(args, say)
    except BadInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if actions is not None:
        from analysis.report.actions import add_actions

        report = add_actions(report, actions, codebook=_codebook())
    from analysis.report.render import render_html, render_pdf

    try:
        if args.html:
            say(f"writing HTML to {args.html}")
            Path(args.html).write_text(render_html(report), encoding="utf-8")
        if scores_csv:
            say(f"writing the priorities' figures to {scores_csv}")
            from analysis.coding_cli import spreadsheet_safe

            # a round named "=..." must not run as a formula; the numbers stay numbers
            spreadsheet_safe(scores_frame(report)).to_csv(scores_csv, index=False, lineterminator="\r\n")
        say("rendering PDF")
        pdf = render_pdf(report)
        Path(args.out).write_bytes(pdf)
    except OSError as exc:
        print(f"error: cannot write {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    say(f"wrote {args.out} ({len(pdf):,} bytes)")
    return 0


_CHANGE = re.compile(r"^([+-]?\d+) pts \(([+-]?\d+) to ([+-]?\d+)\)$")


def scores_frame(report) -> pd.DataFrame:
    """Each priority's figures as the report's summary table publishes them, one row per
    priority in strategy order, for tracking progress across rounds in a spreadsheet.

    Columns: ``round``, ``baseline`` (its name, "" without one), ``priority_id``, ``priority``,
    ``basis`` ("questions", "comments" or ""), ``score`` ("54%", ``*`` suppressed, ``n/a``),
    ``n`` (people whose answers are in the score; comments for a comment score), ``baseline_score``,
    ``change_pts``, ``change_low``, ``change_high`` (whole percentage points, numbers where the
    change is published, else ``*`` or ``–``), ``direction``, ``comments``, ``comments_share`` and
    ``negative``. Only what the PDF shows: suppressed cells stay ``*`` / ``<5``, and no comment
    text is written.
    """
    rows = []
    for s in report.summary:
        m = _CHANGE.match(s.change_text)
        low_high = (int(m.group(2)), int(m.group(3))) if m else (s.change_text, s.change_text)
        rows.append(
            {
                "round": report.round_name, "baseline": report.baseline_name, "priority_id": s.id,
                "priority": s.name, "basis": s.basis, "score": s.score_text, "n": s.score_n_text,
                "baseline_score": s.baseline_text or "–",
                "change_pts": int(m.group(1)) if m else s.change_text,
                "change_low": low_high[0], "change_high": low_high[1], "direction": s.direction,
                "comments": s.comments_text, "comments_share": s.comment_share_text, "negative": s.negative_text,
            }
        )
    return pd.DataFrame(rows)


def _actions(args: argparse.Namespace, say: _Progress):
    """The checked actions log (``--actions``), or None; each left-out row is listed on stderr."""
    if not getattr(args, "actions", None):
        return None
    from analysis.columns import MissingColumnError
    from analysis.report.actions import ActionsFileError, load_actions

    try:
        log = load_actions(args.actions, codebook=_codebook())
    except (ActionsFileError, MissingColumnError) as exc:
        raise BadInputError(str(exc)) from exc
    note_encoding(log.encoding, args.actions)
    for problem in log.problems:  # always shown, even with --quiet: these rows are missing from the report
        print(f"{args.actions}: {problem} (row left out)", file=sys.stderr)
    say(f"actions log: {len(log.actions):,} actions read, {len(log.problems):,} rows left out")
    return log


def _rule(args: argparse.Namespace):
    from analysis.report.suppression import SuppressionRule

    try:
        rule = SuppressionRule(min_base=args.suppression_threshold, min_count=args.min_count)
    except ValueError as exc:
        raise BadInputError(str(exc)) from exc
    if rule.below_standard:  # always said, even with --quiet: the report must not be published
        print(
            "warning: --min-count or --suppression-threshold is below 5, so counts of 1 to 4 may be "
            "shown: the report says NOT FOR PUBLICATION on its cover and method page",
            file=sys.stderr,
        )
    return rule


def _code(frame: pd.DataFrame, text_column: str, say: _Progress, quiet: bool) -> pd.DataFrame:
    from analysis.pipeline import code_comments
    from analysis.report.build import SOURCE_CUT, cut_at_source

    # The coder works on each distinct text once (its progress bar counts those), so say both.
    texts = frame[text_column].map(lambda t: t if isinstance(t, str) else "")
    unique = texts.nunique()
    say(
        f"coding {len(frame):,} comments"
        + (f" ({unique:,} different texts; identical texts are coded once)" if unique != len(frame) else "")
    )
    coded = code_comments(frame, text_column=text_column, progress=not quiet)
    if "topic" in coded.columns:  # answers to a question asked about a priority count towards it
        from analysis.priorities import with_topic

        languages = coded["language"] if "language" in coded.columns else ["en"] * len(coded)
        coded["priorities"] = [
            with_topic(p, t, lang) for p, t, lang in zip(coded["priorities"], coded["topic"], languages, strict=True)
        ]
    # Judged on the comment as stored: redaction changes the length of redacted_text.
    coded[SOURCE_CUT] = cut_at_source(frame[text_column]).to_numpy()
    say("coding done")
    return coded


def _emergent(coded: pd.DataFrame, args: argparse.Namespace, say: _Progress) -> pd.DataFrame | None:
    if args.no_emergent:
        return None
    try:
        from analysis.emergent import find_emergent_themes
    except ImportError:
        say("emerging themes: analysis.emergent not available, section left empty")
        return None
    say("finding emerging themes")
    return find_emergent_themes(coded)


def _codebook():
    try:
        from analysis.codebook import load_codebook
    except ImportError:
        return None
    return load_codebook()


def _accuracy(args: argparse.Namespace, codebook: Any = None) -> str:
    """Method-section sentence from saved evaluation results, or '' when none are available.

    ``codebook`` (default the shipped one) names the partnership themes.
    """
    import json

    path = (
        Path(args.coding_accuracy)
        if getattr(args, "coding_accuracy", None)
        else (Path(__file__).resolve().parents[1] / "data" / "evaluation.json")
    )
    if not path.is_file():
        if getattr(args, "coding_accuracy", None):
            raise BadInputError(f"cannot read {path}")
        return ""
    try:
        res = json.loads(path.read_text(encoding="utf-8"))
        p, tb, info = res["pipeline"], res.get("textblob", {}), res.get("_info", {})
        return (
            f"Measured accuracy, on {info.get('test_rows', float('nan')):,.0f} North East Ambulance Service (NEAS) "
            "comments held back from training and coded by people: "
            f"theme micro-F1 {p['theme_micro_f1']:.2f} and macro-F1 {p['theme_macro_f1']:.2f} (F1 measures "
            "agreement with people's coding, 1 being perfect; micro-F1 counts every coded comment alike, macro-F1 "
            "every theme alike, so it shows how the rarer themes fare); priority micro-F1 "
            f"{p['priority_micro_f1']:.2f}; sentiment accuracy {p['sentiment_accuracy']:.2f} (macro-F1 "
            f"{p['sentiment_macro_f1']:.2f}"
            + (f"; TextBlob, a general-purpose sentiment tool, alone {tb['sentiment_accuracy']:.2f}" if tb else "")
            + "). Accuracy on this report's comments may differ: it is likely to be lower for services unlike "
            "an ambulance service, and higher for comments the model learned from."
            + _partnership_sentence(
                res.get("_partnership_real", res.get("_partnership")), "_partnership_real" in res, codebook
            )
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInputError(f"{path} is not evaluation results: {exc}") from exc


def _partnership_sentence(part: object, real: bool = False, codebook: Any = None) -> str:
    """Method-section sentence on the cue-only partnership themes, or '' without figures.

    ``part`` is the ``_partnership_real`` (``real``) or ``_partnership`` entry of saved
    evaluation results (precision, recall and optional priority_recall as fractions 0..1,
    ``comments`` a count). The themes are named from ``codebook`` (default the shipped one:
    :attr:`analysis.codebook.Codebook.partnership_ids`, in codebook order); '' when it has
    none. Those the sets were not written for (not in :data:`analysis.datasets.
    PARTNERSHIP_SET_THEMES`, e.g. staff pay, conditions and wellbeing) are named after the
    figures as not measured. Raises ValueError when ``part`` is not that shape.
    """
    if part is None:
        return ""
    if not isinstance(part, dict):
        raise ValueError("_partnership is not an object")
    if part.get("precision") is None or part.get("recall") is None:
        return ""
    keys = ("precision", "recall", "comments") + (("priority_recall",) if "priority_recall" in part else ())
    for key in keys:
        value = part.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"_partnership {key} is not a number")
        if key != "comments" and not 0 <= value <= 1:
            raise ValueError(f"_partnership {key} is not a fraction between 0 and 1")
    where = "real comments labelled by a reviewer" if real else "test comments written for them"
    reached = (
        f" ({part['priority_recall']:.0%} of mentions still reached the right priority through some theme)"
        if "priority_recall" in part
        else ""
    )
    if codebook is None:
        from analysis.codebook import load_codebook

        codebook = load_codebook()
    names = "; ".join(codebook.themes[t].name for t in codebook.partnership_ids if t in PARTNERSHIP_SET_THEMES)
    later = [codebook.themes[t].name for t in codebook.partnership_ids if t not in PARTNERSHIP_SET_THEMES]
    if not names:
        return ""
    unmeasured = (
        f" {' and '.join(later)} {'is' if len(later) == 1 else 'are'} also found by cue phrases and rules only, "
        f"and {'has' if len(later) == 1 else 'have'} not been measured."
        if later
        else ""
    )
    return (
        f" The partnership themes ({names}) have no labelled data and are found by cue phrases and rules "
        f"only: on {part['comments']:,.0f} {where}, {part['precision']:.0%} of the themes found were right "
        f"but only {part['recall']:.0%} of mentions were found{reached}, so their counts are floors."
        + unmeasured
    )


def _filters(args: argparse.Namespace) -> tuple[str, ...]:
    out = []
    for label, value in (
        ("questionnaire", ", ".join(args.questionnaire)),
        ("audience", args.audience),
        ("service", args.service),
        ("from", args.date_from),
        ("to", args.date_to),
    ):
        if value:
            out.append(f"{label}: {value}")
    return tuple(out)


def _date_range(dates: pd.Series) -> str:
    d = pd.to_datetime(dates, errors="coerce", utc=True).dropna()
    return "" if d.empty else f"{d.min():%d %B %Y} to {d.max():%d %B %Y}"


def read_csv_dates(values: pd.Series) -> pd.Series:
    """The dates (UTC timestamps) of a ``--csv`` date column, NaT for a cell that is not one.

    ISO 8601 first (``2025-02-03``, with a time and zone or not, as the export writes them),
    then anything else day first, as UK forms, spreadsheets and the import read them:
    ``03/02/2025`` is 3 February, not 2 March (pandas' own reading is month first). A day
    that does not exist (``31/02/2025``) and a spreadsheet's day number (``45000``) are NaT.
    """
    text = values.astype("string").str.strip()
    dates = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    rest = dates.isna() & text.fillna("").ne("")
    if rest.any():
        dates[rest] = pd.to_datetime(text[rest], format="mixed", dayfirst=True, errors="coerce", utc=True)
    return dates


def _redacted_labels(values: pd.Series) -> pd.Series:
    """Group labels of a ``--csv`` file (audience, service, ``--group-column`` values) with
    personal details redacted (:func:`analysis.redact.redact`), as they are printed in the
    report's tables; missing values stay missing. Each distinct label is redacted once."""
    from analysis.redact import redact

    labels = {v: redact(v) for v in values.dropna().unique() if isinstance(v, str)}
    return values.map(lambda v: labels.get(v, v) if isinstance(v, str) else v)


def _from_csv(args: argparse.Namespace, say: _Progress):
    from analysis.report.build import ReportContext, build_report

    if not args.text_column:
        raise BadInputError("--text-column is required with --csv")
    if args.questionnaire or args.round or args.baseline or args.no_baseline:
        raise BadInputError("--questionnaire, --round, --baseline and --no-baseline need --db")
    say(f"reading {args.csv}")
    cols = [
        args.text_column,
        args.date_column,
        args.service_column,
        args.audience_column,
        args.fft_column,
        *args.group_column,
    ]
    try:
        df = read_input(Path(args.csv), as_text=False)
        require_input_columns(df, [c for c in cols if c], args.csv)
    except InputError as exc:
        raise BadInputError(str(exc)) from exc
    note_encoding(df, args.csv)
    note_bad_rows(df, args.csv)
    for flag, column in (
        ("--date-column", args.date_column), ("--service-column", args.service_column),
        ("--audience-column", args.audience_column), ("--fft-column", args.fft_column),
        *(("--group-column", g) for g in args.group_column),
    ):
        if column == args.text_column:  # a tester's --group-column comment printed whole comments as row labels
            raise BadInputError(
                f"{flag} {column!r} is the text column: it must name a column of categories (a ward, an age band), "
                "not the comments"
            )
    date_col = args.date_column or next((c for c in DATE_CANDIDATES if c in df.columns), None)
    rename = {}
    if args.service_column:
        rename[args.service_column] = "service"
    if args.audience_column:
        rename[args.audience_column] = "audience"
    keep = list(
        dict.fromkeys(
            c
            for c in [
                args.text_column,
                date_col,
                args.service_column,
                args.audience_column,
                args.fft_column,
                *args.group_column,
            ]
            if c
        )
    )
    df = df[keep].rename(columns=rename)
    if "audience" in df.columns:
        # "person", "Carers", "service users" mean the three audiences; a new user saw "person"
        # and "carer" printed raw beside "Staff in partner organisations"
        df["audience"] = df["audience"].map(audience_id)
        unknown = {str(v) for v in df["audience"].dropna() if str(v).strip() and v not in AUDIENCE_LABELS}
        if unknown:  # counted, not echoed: a cell may hold anything (no free text on stderr)
            say(
                f"note: {len(unknown)} audience value(s) are not one of "
                f"{', '.join(k for k in AUDIENCE_LABELS if k != WORKSHOP_AUDIENCE)}: shown as written, redacted"
            )
    for column in ("audience", "service", *args.group_column):  # printed as row labels: personal details go
        if column in df.columns:
            df[column] = _redacted_labels(df[column])
    if date_col:
        dates = read_csv_dates(df[date_col])
        unread = int((dates.isna() & df[date_col].astype("string").str.strip().fillna("").ne("")).sum())
        if unread:  # counted under "No date": said, not echoed (a cell may hold anything)
            print(
                f"warning: {args.csv}: {unread} {'date' if unread == 1 else 'dates'} in column {date_col!r} cannot "
                "be read (write YYYY-MM-DD or DD/MM/YYYY); those rows are counted under 'No date'",
                file=sys.stderr,
            )
        df = df.assign(submitted_at=dates)
    n0 = len(df)
    df = _apply_filters(df, args)
    say(f"{len(df):,} of {n0:,} rows after filters")
    df = df.reset_index(drop=True)
    df[args.text_column] = df[args.text_column].astype("string").fillna("")
    coded = _code(df, args.text_column, say, args.quiet) if len(df) else _empty_coded(df)
    emergent = _emergent(coded, args, say) if len(coded) else None
    codebook = _codebook()
    groups = [g for g in ("audience", "service", *args.group_column) if g in coded.columns]
    fft = None
    if args.fft_column:
        fft = coded[[args.fft_column, *groups]].rename(columns={args.fft_column: "fft"}).dropna(subset=["fft"])
        unread = int((fft_answers(fft["fft"]).isna() & fft["fft"].astype(str).str.strip().ne("")).sum())
        if unread:  # left out of the FFT figures: said, not echoed
            print(
                f"warning: {args.csv}: {unread} {'answer' if unread == 1 else 'answers'} in column "
                f"{args.fft_column!r} {'is' if unread == 1 else 'are'} not an FFT answer (a code 1 to 6, "
                "very_good ... dont_know, or 'Very good' ... 'Don't know') and left out of the FFT figures",
                file=sys.stderr,
            )
    rule = _rule(args)
    ctx = ReportContext(
        title=args.title or "What people told us: themed summary by priority",
        round_name=f"Comments from {Path(args.csv).name}",
        date_range=_date_range(coded["submitted_at"]) if "submitted_at" in coded.columns else "",
        codebook_version=getattr(codebook, "version", ""),
        filters=_filters(args),
        coding_accuracy=_accuracy(args, codebook),
        source_note=f"Comments read from the file {Path(args.csv).name} (column {args.text_column}); each row "
        "is counted as one response.",
    )
    say("assembling report")
    return build_report(
        coded,
        context=ctx,
        rule=rule,
        fft=fft,
        group_columns=groups,
        date_column="submitted_at" if "submitted_at" in coded.columns else None,
        emergent=emergent,
        codebook=codebook,
        reliability=load_reliability(codebook=codebook) if codebook is not None else None,
        progress=say,
    )


def _apply_filters(df: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    if args.audience:
        if "audience" not in df.columns:
            raise BadInputError("--audience needs --audience-column with --csv")
        df = df[df["audience"].astype(str) == str(audience_id(args.audience))]
    if args.service:
        if "service" not in df.columns:
            raise BadInputError("--service needs --service-column with --csv")
        df = df[df["service"].astype(str) == args.service]
    for bound, op in ((args.date_from, "ge"), (args.date_to, "le")):
        if not bound:
            continue
        if "submitted_at" not in df.columns:
            raise BadInputError("--from/--to need a date column (--date-column)")
        try:
            day = pd.Timestamp(bound, tz="UTC")
        except ValueError as exc:
            raise BadInputError(f"bad date {bound!r}: use YYYY-MM-DD") from exc
        d = df["submitted_at"]
        df = df[d >= day] if op == "ge" else df[d < day + pd.Timedelta(days=1)]
    return df


#: The report's filters on the database: (option, ``Sources.responses`` column, what the
#: values are called in :func:`_no_match`'s message).
_DB_FILTERS = (
    ("service", "service", "services"),
    ("audience", "audience", "audiences"),
    ("questionnaire", "questionnaire_id", "questionnaires"),
)


def _no_match(engine: Any, args: argparse.Namespace) -> None:
    """Raise :class:`BadInputError` (exit 2) when ``--service``, ``--audience`` or
    ``--questionnaire`` leave no response of a round (and dates) that has some, naming the
    values the round does have, rather than make a report on 0 responses.

    Services are stored by name ("PTS - Patient Transport"), while links and imports give
    ids ("pts"); matching an id to its name needs the questionnaire files, which the
    analysis does not read, so the message says that names are wanted.
    """
    from analysis import sources

    responses = sources.load_sources(
        engine, round_name=args.round, date_from=args.date_from, date_to=args.date_to
    ).responses
    if responses.empty:  # nothing in the round at all: the report says so
        return
    where = f"round {args.round!r}" + (" between those dates" if args.date_from or args.date_to else "")
    given: dict[str, list[str]] = {}  # option -> the values asked for (--questionnaire repeats)
    for option, _, _ in _DB_FILTERS:
        value = getattr(args, option)
        given[option] = [v for v in (value if isinstance(value, list) else [value]) if v]
    for option, column, plural in _DB_FILTERS:
        if not given[option]:
            continue
        values = sorted({str(v) for v in responses[column].dropna() if str(v).strip()})
        if not set(given[option]) & set(values):
            hint = " (services are stored by name, not by the id links and imports use)" if option == "service" else ""
            raise BadInputError(
                f"--{option} {', '.join(given[option])!r} matches no response in the {where}; its {plural}: "
                f"{', '.join(repr(v) for v in values) or 'none recorded'}{hint}"
            )
    together = " ".join(f"--{o} {', '.join(v)!r}" for o, v in given.items() if v)
    raise BadInputError(f"no response in the {where} matches {together} together")


@dataclass
class _DbRead:
    """What ``report --db`` reads before any coding (:func:`_read_db`)."""

    current: dict[str, Any]
    src: Any  # analysis.sources.Sources, less its small part
    baseline: dict[str, Any] | None
    base_src: Any  # the baseline's responses to this round's questionnaires, or None
    notes: list[str]  # for "Read this first", in order


def _read_db(args: argparse.Namespace, say: _Progress) -> _DbRead:
    """Read the round and its baseline for ``report --db``.

    The baseline is read over the questionnaires the round's responses answered (after its
    filters and :func:`_without_small_part`), so like is compared with like whether or not
    ``--questionnaire`` is given: a new user's FFT-only round was compared with a baseline
    that pooled carers' FFT answers with the FFT's. A baseline that starts after the round
    ends is used only when ``--baseline`` names it (:func:`analysis.sources.later_baselines`).

    Raises
    ------
    BadInputError
        No ``--round``; an unreadable database, unknown round or baseline; filters that
        match nothing.
    """
    import sqlalchemy as sa

    from analysis import sources

    if not args.round:
        raise BadInputError("--round is required with --db")
    try:
        engine = sources.make_engine(args.db)
    except sources.DatabaseURLError as exc:
        raise BadInputError(str(exc)) from exc
    except sources.DatabaseMissingError as exc:
        raise BadInputError(f"cannot read database: {exc}") from exc
    filt = dict(audience=args.audience, service=args.service)
    notes: list[str] = []
    try:  # every read from the database; the engine is closed after it (a caller may run on)
        try:
            rounds = sources.read_rounds(engine)
            current = sources.round_window(rounds, args.round)
            args.round = current["name"]  # as stored, if typed in another case or spacing
        except sources.RoundNotFoundError as exc:
            raise BadInputError(str(exc)) from exc
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:  # one line, not the SQL
            raise BadInputError(
                f"cannot read database: {exc.__class__.__name__}: {str(exc.orig or exc).splitlines()[0]}"
            ) from exc
        say(f"reading round {args.round!r}")
        src = sources.load_sources(
            engine, round_name=args.round, date_from=args.date_from, date_to=args.date_to,
            questionnaires=args.questionnaire, **filt,
        )
        say(f"{len(src.responses):,} responses, {len(src.comments):,} comments")
        if src.responses.empty and (args.service or args.audience or args.questionnaire):
            _no_match(engine, args)
        src = _without_small_part(src, args.round, args.min_count, notes, say)
        # a round of every questionnaire is compared as the questionnaires it holds
        present = sorted(set(src.responses["questionnaire_id"]))
        try:
            baseline = _baseline_round(rounds, current, args, present)
        except sources.RoundNotFoundError as exc:
            raise BadInputError(str(exc)) from exc
        covers = _compared_questionnaires(args, current, present)
        if baseline is None and not (args.no_baseline or args.baseline):
            if current.get("is_baseline"):
                notes.append(
                    "This round is the baseline: later rounds of its questionnaires are compared with it, "
                    "so it has no baseline of its own to be compared with."
                )
            else:
                notes.extend(_no_earlier_baseline(sources.later_baselines(rounds, current, covers), current, say))
        base_src = None
        if baseline is not None:
            if sources.starts_after(baseline, current):
                notes.append(
                    f"The baseline round {baseline['name']!r} starts after this round ends: a change here is this "
                    "round's figure less that later round's, so \"improved\" means this round's figure is the higher."
                )
            # like with like: the baseline's responses to the questionnaires this round's answered
            scope = present or args.questionnaire or list(current.get("questionnaire_ids") or [])
            say(f"reading baseline round {baseline['name']!r}")
            whole = sources.load_sources(engine, round_name=baseline["name"], **filt)
            base_src = whole
            if scope:
                base_src = sources.keep_responses(whole, whole.responses["questionnaire_id"].isin(scope))
            notes.extend(_baseline_scope_notes(baseline, whole, base_src, present))
            notes.extend(_shared_responses_note(baseline, src, base_src))
    finally:
        engine.dispose()
    if base_src is not None:
        base_src = _without_small_part(base_src, baseline["name"], args.min_count, notes, say)
    return _DbRead(current, src, baseline, base_src, notes)


def _no_earlier_baseline(later: list[dict[str, Any]], current: dict[str, Any], say: _Progress) -> list[str]:
    """The note for "Read this first" when the only baselines that fit start after the round
    ends (and a hint on stderr, for the analyst, to name one with ``--baseline``)."""
    if not later:
        return []
    first = later[0]
    note = (
        f"No earlier baseline: the baseline round {first['name']!r} for these questionnaires starts on "
        f"{_long_date(first['starts_on'])}, after this round ends ({_long_date(current['ends_on'])}), so this "
        "report is not compared with a baseline."
    )
    say(f"note: {note} To compare with it anyway, give --baseline {first['name']!r}.")
    return [note]


def _long_date(d: Any) -> str:
    """``date(2026, 1, 1)`` -> ``"1 January 2026"``."""
    return f"{d.day} {d:%B %Y}"


def _shared_responses_note(baseline: dict[str, Any], src: Any, base_src: Any) -> list[str]:
    """The note for "Read this first" when the baseline's dates overlap the round's, so some
    responses count in both and the change is measured partly against themselves."""
    shared = set(src.responses["response_id"]) & set(base_src.responses["response_id"])
    if not shared:
        return []
    n = len(shared)
    return [
        f"{n:,} of this round's {len(src.responses):,} responses {'is' if n == 1 else 'are'} in the baseline round "
        f"{baseline['name']!r} too (the two rounds' dates overlap): they count on both sides, so a change against "
        "the baseline is smaller than it would be between rounds that share no responses."
    ]


def _baseline_scope_notes(baseline: dict[str, Any], whole: Any, base_src: Any, present: list[str]) -> list[str]:
    """Notes for "Read this first" when the baseline round (``whole``) holds responses to
    questionnaires this round's responses (``present``) did not answer, which are left out
    of the comparison (``base_src``), and when none is left to compare with."""
    if not present:
        return []
    if base_src.responses.empty:
        return [
            f"The baseline round {baseline['name']!r} has no responses to the questionnaires this round's responses "
            f"answered ({', '.join(present)}), so nothing in this report is compared with it."
        ]
    others = sorted(set(whole.responses["questionnaire_id"]) - set(present))
    if others:
        return [
            f"The baseline round {baseline['name']!r} also holds responses to {', '.join(others)}. Only its responses "
            f"to the questionnaires this round's responses answered ({', '.join(present)}) are compared, so like is "
            "compared with like."
        ]
    return []


def _from_db(args: argparse.Namespace, say: _Progress):
    from analysis import sources
    from analysis.report.baseline import RoundMeta, comparability_warnings, score_answers, text_of
    from analysis.report.build import ReportContext, build_report
    from analysis.report.labels import channels_phrase

    read = _read_db(args, say)
    current, src, baseline, base_src, left_out_notes = read.current, read.src, read.baseline, read.base_src, read.notes
    if base_src is not None and base_src.responses.empty:  # "Read this first" says nothing is compared
        baseline = base_src = None
    comments = src.comments.reset_index(drop=True)
    coded = _code(comments, "comment", say, args.quiet) if len(comments) else _empty_coded(comments)
    base_coded = None
    if base_src is not None and len(base_src.comments):
        say("baseline round:")
        base_coded = _code(base_src.comments.reset_index(drop=True), "comment", say, args.quiet)
    emergent = _emergent(coded, args, say) if len(coded) else None
    codebook = _codebook()
    scored = score_answers(src.answers, src.responses, src.versions)
    base_scored = score_answers(base_src.answers, base_src.responses, base_src.versions) if base_src else None
    # docs/report.md: counts by audience, channel, equality question and service (as --csv gives).
    groups = ["audience", "channel", *_tabulated_equality_columns(src), "service"]
    fft = _fft_frame(src, groups)
    base_fft = _fft_frame(base_src, groups) if base_src is not None else None
    cb_version = getattr(codebook, "version", "")

    def meta(name: str, s) -> RoundMeta:
        qv: dict[str, set[str]] = {}
        for q, v in zip(s.versions["questionnaire_id"], s.versions["version"], strict=True):
            qv.setdefault(q, set()).add(str(v))
        from analysis.report.baseline import catalogue

        cat = catalogue(s.versions).drop_duplicates(["version_id", "question_id", "row_id"])
        qmap = dict(zip(s.versions["version_id"], s.versions["questionnaire_id"], strict=True))
        texts = {
            "/".join(filter(None, [qmap[v], q, r])): t
            for v, q, r, t in zip(cat["version_id"], cat["question_id"], cat["row_id"], cat["text"], strict=True)
        }
        return RoundMeta(
            name,
            {k: tuple(sorted(v)) for k, v in qv.items()},
            texts,
            cb_version,
            s.responses["channel"].value_counts().to_dict(),
        )

    warnings = comparability_warnings(meta(args.round, src), meta(baseline["name"], base_src)) if baseline else []
    versions = tuple(
        f"{q} v{v}" + (f" ({text_of(t)})" if t else "")
        for q, v, t in src.versions[["questionnaire_id", "version", "title"]].drop_duplicates().itertuples(index=False)
    )
    ctx = ReportContext(
        title=args.title or "What people told us: themed summary by priority",
        round_name=args.round,
        date_range=f"{current['starts_on']:%d %B %Y} to {current['ends_on']:%d %B %Y}",
        questionnaire_versions=versions,
        codebook_version=cb_version,
        baseline_name=baseline["name"] if baseline is not None else "",
        baseline_dates=(
            f"{baseline['starts_on']:%d %B %Y} to {baseline['ends_on']:%d %B %Y}" if baseline is not None else ""
        ),
        filters=_filters(args),
        warnings=(*left_out_notes, *warnings),
        coding_accuracy=_accuracy(args, codebook),
        option_order=sources.equality_option_order(src.versions),
        source_note=f"Submitted responses to the partnership's questionnaires in the round {args.round}"
        + (f", {how}." if (how := channels_phrase(src.responses["channel"])) else "."),
    )
    say("assembling report")
    return build_report(
        coded,
        context=ctx,
        rule=_rule(args),
        scored=scored,
        baseline_scored=base_scored,
        baseline_coded=base_coded,
        fft=fft,
        baseline_fft=base_fft,
        respondents=src.responses,
        group_columns=groups,
        date_column="submitted_at",
        emergent=emergent,
        codebook=codebook,
        reliability=load_reliability(codebook=codebook) if codebook is not None else None,
        progress=say,
        district_column=DISTRICT_COLUMN if DISTRICT_COLUMN in src.equality_columns else None,
        # the service table, like the equality tables, counts only the questionnaires that ask
        asked=src.equality_asked.assign(service=sources.service_asked(src.responses, src.versions)),
    )


def _without_small_part(src, round_name: str, min_count: int, notes: list[str], say: _Progress):
    """``src`` less its small part (:func:`analysis.sources.split_small_part`); when one is left
    out, the note for "Read this first" is appended to ``notes`` and said on stderr."""
    from analysis import sources

    kept, left_out = sources.split_small_part(src, min_count)
    if left_out:  # printed on the cover too: the round's figures leave these out
        note = (
            f"The round {round_name!r} has fewer than {min_count} {left_out} beside the others; they are left "
            "out of this report, as its figures less the workshops chapter's would give their number and "
            "what they said. Report them with more, in a later round."
        )
        say(f"note: {note}")
        notes.append(note)
    return kept


def _tabulated_equality_columns(src) -> list[str]:
    """The equality columns the report breaks figures down by: those of questions answered
    by choosing an option. ``analysis.sources`` reads equality answers from ``option_value``,
    so another free-text one would read "Not answered" for everyone: it is left out rather
    than printed as a table that misleads. The postcode district, which ``analysis.sources``
    reads from its text, gets a table of its own (``build.district_table``), not breakdowns."""
    free_text = {
        q["id"] if q["id"].startswith("eq_") else f"eq_{q['id']}"
        for d in src.versions["definition"]
        for s in (d or {}).get("sections", [])
        for q in s.get("questions", [])
        if q.get("type") == "free_text"
    }
    return [c for c in src.equality_columns if c not in free_text]


def _fft_frame(src, groups: list[str]) -> pd.DataFrame | None:
    fft_ids = {
        (vid, q["id"])
        for vid, d in zip(src.versions["version_id"], src.versions["definition"], strict=True)
        for s in (d or {}).get("sections", [])
        for q in s.get("questions", [])
        if q.get("type") == "fft"
    }
    if not fft_ids or src.answers.empty:
        return None
    a = src.answers.merge(src.responses, on="response_id")
    mask = [k in fft_ids for k in zip(a["version_id"], a["question_id"], strict=True)]
    a = a[mask]
    # response_id: the FFT table shows a response whose questionnaire does not ask an equality
    # question (or the service) as "Not asked", as the chapters do (build._not_asked_rows)
    keep = ["option_value", *[g for g in groups if g in a.columns], "response_id"]
    return a[keep].rename(columns={"option_value": "fft"})


def _empty_coded(comments: pd.DataFrame) -> pd.DataFrame:
    return comments.assign(
        redacted_text=pd.Series(dtype=str),
        themes=pd.Series(dtype=object),
        priorities=pd.Series(dtype=object),
        sentiment_label=pd.Series(dtype=str),
        urgent=pd.Series(dtype=bool),
    )
