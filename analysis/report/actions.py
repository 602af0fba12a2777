""""You said, we did": the analysts' actions log and its report section.

The partnership shows people what changed because of their feedback, priority by priority.
Analysts keep a CSV file (``actions/template.csv`` has the header row), one row per action:

============  ========  ==============================================================
column        needed    what it holds
============  ========  ==============================================================
priority      yes       a priority id or name from analysis/priorities.py, or ``Other``
theme         no        a codebook theme id or name (the column may be left out)
you_said      yes       what people told us, in the partnership's own summary words
we_did        yes       the action
status        yes       ``planned``, ``in progress`` or ``done``
owner         yes       the organisation or team (not a person's name)
date          yes       the date of the last update, ``YYYY-MM-DD`` (or ``DD/MM/YYYY``, as a
                        UK spreadsheet saves it), not after today
============  ========  ==============================================================

Headings are matched ignoring case, spaces and hyphens (``You said`` is ``you_said``);
other columns are ignored. :func:`load_actions` reads the file (UTF-8, else Windows-1252)
row by row and checks each row on its own: a bad row, including one that cannot be read as
CSV (a stray double quote) or has a cell longer than :data:`MAX_CELL` characters, is left
out and reported as a :class:`RowProblem` (its row number as a spreadsheet shows it, the
header being row 1, and every reason), and the other rows are used. Only a file that cannot
be read as CSV text at all (not found, a workbook, neither UTF-8 nor Windows-1252, an
unreadable header) or a missing column stops it. Text is never trusted as markup: the
report's templates escape it (Jinja2 autoescape).

This module never imports Flask or ``survey_app``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from analysis.coding_cli import SEMICOLONS, WINDOWS_ENCODING
from analysis.columns import require_columns
from analysis.csv_records import csv_records
from analysis.priorities import PRIORITIES, PRIORITY_IDS
from analysis.redact import redact
from analysis.report.data import ActionGroup, ActionsSection, ReportData, Table

__all__ = [
    "COLUMNS",
    "MAX_CELL",
    "OTHER",
    "REQUIRED",
    "STATUSES",
    "Action",
    "ActionsFileError",
    "ActionsLog",
    "RowProblem",
    "actions_section",
    "add_actions",
    "load_actions",
    "parse_actions",
]

#: Every column the log knows, in template order.
COLUMNS = ("priority", "theme", "you_said", "we_did", "status", "owner", "date")
#: Columns the file must have (``theme`` may be left out).
REQUIRED = ("priority", "you_said", "we_did", "status", "owner", "date")
#: Status id -> display text, in the order counts are given ("1 done, 2 in progress").
STATUSES = {"done": "Done", "in_progress": "In progress", "planned": "Planned"}
#: Pseudo-priority for work under none of the nine (yet), listed after them.
OTHER = "other"
OTHER_NAME = "Other: work not under one of the nine priorities"
#: Longest cell (in characters) a column of the log may hold: about two printed pages. A row
#: with a longer one is left out (the report is published; a longer cell is a paste gone wrong).
MAX_CELL = 5_000

_PUBLISHED_TEXT = ("you_said", "we_did", "owner")
_TAG = re.compile(r"\[[A-Z_]+\]")


class ActionsFileError(ValueError):
    """The actions log cannot be read at all (not a single bad row)."""


@dataclass(frozen=True)
class Action:
    """One valid row of the log (``priority`` an id or :data:`OTHER`, ``theme`` an id or '')."""

    row: int
    priority: str
    you_said: str
    we_did: str
    status: str
    owner: str
    date: date
    theme: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A row left out: its spreadsheet row number (header = row 1) and why."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True)
class ActionsLog:
    """The rows that were read (in file order) and the rows that were left out."""

    actions: tuple[Action, ...]
    problems: tuple[RowProblem, ...] = ()
    source: str = ""
    #: How the file was decoded: ``"utf-8"`` or :data:`analysis.coding_cli.WINDOWS_ENCODING`.
    encoding: str = "utf-8"


def _key(text: str) -> str:
    """Heading / value key: case, dashes, underscores and runs of spaces do not matter."""
    return re.sub(r"[\s_\-\u2010-\u2015]+", " ", str(text)).strip().casefold()


_PRIORITY_KEYS = {_key(k): p.id for p in PRIORITIES.values() for k in (p.id, p.name)} | {_key(OTHER): OTHER}
_STATUS_KEYS = {_key(k): k for k in STATUSES}


def _show(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _theme_keys(codebook: Any) -> dict[str, str] | None:
    if codebook is None:
        return None
    return {_key(k): t.id for t in codebook.themes.values() for k in (t.id, t.name)}


def parse_actions(
    header: Iterable[str],
    rows: Iterable[Iterable[str]],
    *,
    codebook: Any = None,
    today: date | None = None,
    where: str = "actions log",
) -> ActionsLog:
    """Check rows of an actions log; see the module docstring for the columns.

    Parameters
    ----------
    header : iterable of str
        The heading row (matched ignoring case, spaces, hyphens and underscores).
    rows : iterable of iterables of str
        The data rows; the first is spreadsheet row 2. Empty rows are skipped silently.
    codebook : Codebook, optional
        When given, ``theme`` must be one of its theme ids or names; without it any theme
        text is kept as written.
    today : date, optional
        Latest allowed ``date`` (default: today).
    where : str
        What the rows come from, for the missing-column message.

    Raises
    ------
    analysis.columns.MissingColumnError
        Naming every required column the header lacks (e.g. ``actions.csv is missing
        column(s): 'we_did'``).
    ActionsFileError
        When two headings mean the same column.
    """
    names = [_key(h).replace(" ", "_") for h in header]
    seen = Counter(n for n in names if n in COLUMNS)
    twice = [n for n in COLUMNS if seen[n] > 1]
    if twice:
        raise ActionsFileError(f"{where} has more than one column {', '.join(map(repr, twice))}")
    require_columns(SimpleNamespace(columns=names), REQUIRED, where)
    index = {n: i for i, n in enumerate(names) if n in COLUMNS}
    themes = _theme_keys(codebook)
    today = today or date.today()
    actions: list[Action] = []
    problems: list[RowProblem] = []
    for number, raw in enumerate(rows, start=2):
        cells = [str(c) for c in raw]
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            problems.append(RowProblem(number, f"has {len(cells)} cells but the header has {len(names)}"))
            continue
        get = {n: (cells[i] if i < len(cells) else "") for n, i in index.items()}
        long = [f"{n} is {len(v):,} characters long" for n, v in get.items() if len(v) > MAX_CELL]
        if long:  # not checked further: the text is not going into the report
            problems.append(RowProblem(number, f"{'; '.join(long)} (a cell holds at most {MAX_CELL:,})"))
            continue
        get = {n: " ".join(v.split()) for n, v in get.items()}
        action, reasons = _check_row(number, get, themes, today)
        if reasons:
            problems.append(RowProblem(number, "; ".join(reasons)))
        else:
            actions.append(action)
    return ActionsLog(tuple(actions), tuple(problems), where)


def _check_row(
    number: int, get: Mapping[str, str], themes: Mapping[str, str] | None, today: date
) -> tuple[Any, list[str]]:
    reasons: list[str] = []
    priority = _PRIORITY_KEYS.get(_key(get["priority"]))
    if not get["priority"]:
        reasons.append("priority is empty")
    elif priority is None:
        close = difflib.get_close_matches(_key(get["priority"]), list(_PRIORITY_KEYS), n=1, cutoff=0.75)
        hint = f"; did you mean {_PRIORITY_KEYS[close[0]]!r}?" if close else ""
        reasons.append(
            f"priority {_show(get['priority'])} is not one of the nine priority ids or names "
            f"(analysis/priorities.py) or Other{hint}"
        )
    theme = get.get("theme", "")
    if theme and themes is not None:
        if _key(theme) in themes:
            theme = themes[_key(theme)]
        else:
            reasons.append(f"theme {_show(theme)} is not a codebook theme id or name (leave it empty if none fits)")
    for column in ("you_said", "we_did", "owner"):
        if not get[column]:
            reasons.append(f"{column} is empty")
    status = _STATUS_KEYS.get(_key(get["status"]))
    if not get["status"]:
        reasons.append("status is empty")
    elif status is None:
        reasons.append(f"status {_show(get['status'])} is not planned, in progress or done")
    when = None
    if not get["date"]:
        reasons.append("date is empty")
    else:
        when = _date_of(get["date"])
        if when is None:
            reasons.append(f"date {_show(get['date'])} is not a date written YYYY-MM-DD or DD/MM/YYYY")
        elif when > today:
            reasons.append(f"date {when.isoformat()} is after today (it is the date of the last update)")
    for column in _PUBLISHED_TEXT:
        tags = sorted(set(_TAG.findall(redact(get[column]))) - set(_TAG.findall(get[column])))
        if tags:
            reasons.append(
                f"{column} looks like it holds personal details ({', '.join(tags)}): the report is published, "
                "so leave out names and contact details"
            )
    if reasons:
        return None, reasons
    return (
        Action(
            row=number,
            priority=priority or "",
            you_said=get["you_said"],
            we_did=get["we_did"],
            status=status or "",
            owner=get["owner"],
            date=when or today,
            theme=theme,
        ),
        [],
    )


#: A date as a UK spreadsheet saves it, day first: "12/03/2025", "1/4/2025", "05-04-2025", "5.4.2025".
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _date_of(text: str) -> date | None:
    """The day ``text`` gives as ``YYYY-MM-DD``, or day first as ``DD/MM/YYYY`` (also with ``-``
    or ``.``), as a log opened in a UK spreadsheet and saved again writes it and the import
    reads it; None for anything else or no such day.

    >>> _date_of("2025-03-12"), _date_of("12/03/2025"), _date_of("30/02/2025"), _date_of("March 2025")
    (datetime.date(2025, 3, 12), datetime.date(2025, 3, 12), None, None)
    """
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    uk = _UK_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if uk:
            return date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    except ValueError:
        return None
    return None


def _decode(path: Path) -> tuple[str, str]:
    """The text of ``path`` and its encoding: UTF-8 (a byte-order mark allowed), else
    Windows-1252, as :func:`analysis.coding_cli.read_input` reads comment files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ActionsFileError(f"cannot read {path}: {str(exc).splitlines()[0]}") from exc
    if b"\x00" in data:
        raise ActionsFileError(
            f"cannot read {path}: it is not CSV text (it holds NUL bytes, like an Excel workbook or "
            "'Unicode Text'); save it from the spreadsheet as 'CSV UTF-8'"
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(WINDOWS_ENCODING), WINDOWS_ENCODING
    except UnicodeDecodeError as exc:
        raise ActionsFileError(
            f"cannot read {path}: it is neither UTF-8 nor Windows-1252 text ({exc.reason}); "
            "save it from the spreadsheet as 'CSV UTF-8'"
        ) from exc


def _records(text: str) -> tuple[list[list[str]], list[RowProblem]]:
    """Split ``text`` into CSV records, one at a time (:func:`~analysis.csv_records.csv_records`):
    a record that cannot be parsed becomes an empty record (so later rows keep their numbers)
    and a :class:`RowProblem`, and reading goes on from the line after the one it started on
    (an unclosed quote loses one line, not the rest of the file)."""
    lines = list(io.StringIO(text, newline=""))  # split as csv does: \n, \r\n or \r only
    records: list[list[str]] = []
    problems: list[RowProblem] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # no cell is longer than the file
    try:
        for record in csv_records(lines):
            if record.problem is not None:
                problems.append(RowProblem(len(records) + 1, record.problem))
            records.append([] if record.problem is not None else record.fields)
    finally:
        csv.field_size_limit(limit)
    return records, problems


def load_actions(path: str | Path, *, codebook: Any = None, today: date | None = None) -> ActionsLog:
    """Read and check an actions log CSV; see :func:`parse_actions`.

    The file is UTF-8 (a byte-order mark allowed) or else Windows-1252 (Excel's "CSV (Comma
    delimited)"; ``encoding`` of the result says which). It is read row by row: a row that
    cannot be parsed as CSV (a stray double quote) is left out as a :class:`RowProblem` with
    its row number and line, and reading goes on.

    Raises
    ------
    ActionsFileError
        The file cannot be opened or decoded, is not text, is empty, its header row is
        not CSV or has ``;`` between its columns (a spreadsheet saving in another locale).
    analysis.columns.MissingColumnError
        A required column is missing (one error naming every missing column).
    """
    path = Path(path)
    text, encoding = _decode(path)
    records, unreadable = _records(text)
    if not records:
        raise ActionsFileError(f"cannot read {path}: the file is empty (it needs a header row)")
    if unreadable and unreadable[0].row == 1:
        raise ActionsFileError(f"cannot read {path}: the header row {unreadable[0].reason}")
    if len(records[0]) == 1 and ";" in records[0][0]:  # every column name in one cell, between semicolons
        raise ActionsFileError(f"cannot read {path}: {SEMICOLONS}")
    log = parse_actions(records[0], records[1:], codebook=codebook, today=today, where=path.name)
    problems = tuple(sorted((*log.problems, *unreadable), key=lambda p: p.row))
    return replace(log, problems=problems, source=path.name, encoding=encoding)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _status_counts(actions: Iterable[Action]) -> str:
    c = Counter(a.status for a in actions)
    return ", ".join(f"{c[s]:,} {STATUSES[s].lower()}" for s in STATUSES if c[s])


def actions_section(log: ActionsLog, *, theme_names: Mapping[str, str] | None = None) -> ActionsSection:
    """The "You said, we did" section: one group per priority in strategy order, then Other.

    Every one of the nine priorities gets a group (with "No actions recorded yet." when the
    log has none for it, so gaps show); Other only when the log uses it. Within a group the
    most recently updated action comes first (ties in file order). Counts are of actions,
    not of people, so they are not suppressed.
    """
    names = dict(theme_names or {})
    with_theme = any(a.theme for a in log.actions)
    columns = ("You said", "We did", *(("Theme",) if with_theme else ()), "Status", "Owner", "Last updated")
    groups = []
    order = [*PRIORITY_IDS, *((OTHER,) if any(a.priority == OTHER for a in log.actions) else ())]
    for pid in order:
        items = sorted((a for a in log.actions if a.priority == pid), key=lambda a: (-a.date.toordinal(), a.row))
        name = PRIORITIES[pid].name if pid in PRIORITIES else OTHER_NAME
        wider = pid in PRIORITIES and PRIORITIES[pid].wider_programme
        if not items:
            groups.append(ActionGroup(pid, name, 0, "No actions recorded yet.", wider_programme=wider))
            continue
        rows = tuple(
            (
                a.you_said,
                a.we_did,
                *((names.get(a.theme, a.theme.replace("_", " ")) if a.theme else "–",) if with_theme else ()),
                STATUSES[a.status],
                a.owner,
                f"{a.date:%d %B %Y}",
            )
            for a in items
        )
        table = Table(f"Actions on {name}: what people told us, what was done, by whom and when", columns, rows)
        status = _status_counts(items)
        groups.append(
            ActionGroup(
                pid,
                name,
                len(items),
                f"{_plural(len(items), 'action')}: {status}.",
                table,
                pointer=f"{_plural(len(items), 'action')} on this priority ({status}) "
                f"{'is' if len(items) == 1 else 'are'} listed in",
                wider_programme=wider,
            )
        )
    total = len(log.actions)
    intro = [
        "What the partnership has done, or plans to do, because of what people told us. Each row is an action "
        f"from the actions log kept by the partnership's analysts ({log.source or 'the actions log'}), with what "
        "people told us summarised in the partnership's own words, not quoted.",
    ]
    if total:
        latest = max(a.date for a in log.actions)
        intro.append(
            f"{_plural(total, 'action')} in all: {_status_counts(log.actions)}; the latest update is dated "
            f"{latest:%d %B %Y}."
        )
    else:
        intro.append("The actions log has no actions yet.")
    return ActionsSection(intro=tuple(intro), groups=tuple(groups))


def add_actions(report: ReportData, log: ActionsLog, *, codebook: Any = None) -> ReportData:
    """Return ``report`` with the "You said, we did" section and its method note."""
    names = {t.id: t.name for t in codebook.themes.values()} if codebook is not None else {}
    n_bad = len(log.problems)
    left_out = (
        f" {_plural(n_bad, 'row')} of the log could not be used and {'was' if n_bad == 1 else 'were'} left out "
        "(the report command listed them with their reasons)."
        if n_bad
        else ""
    )
    note = (
        "You said, we did",
        f"The actions come from the actions log kept by the partnership's analysts ({log.source or 'a CSV file'}), "
        "not from the comments: nothing in that section is found automatically. The log is shown as it stands, "
        "whatever this report's round, dates or filters; its counts are of actions, not of people, so they are "
        "not suppressed." + left_out,
    )
    return replace(report, actions=actions_section(log, theme_names=names), method=(*report.method, note))
