"""Cells of an import row that describe the response rather than answer a question.

An import mapping may name a column for ``completed_with_help`` and one for ``locale``
(:mod:`survey_app.responses.imports`). :func:`read_help` and :func:`read_locale` read one such
cell; a cell they cannot read raises :class:`ValueError` with a message fit for the rejects
file, so the row is rejected like a row with a bad answer (the import shortens cells in its
messages with :func:`clip_cell` too). :func:`read_response_cells` reads them from every row
of a response (a ``group_by`` group's rows must agree). ``flask responses export`` writes both columns in a
form they read back (:func:`survey_app.responses.export.help_cell`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from survey_app.questionnaire.model import Questionnaire
from survey_app.responses.export import unquote_formula
from survey_app.surveys.services import served_locales

#: What a ``completed_with_help`` cell may say (in any case), and what it stores.
HELP_CELL_VALUES: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}
#: What a response's ``locale`` is when the mapping names no column or the cell is blank.
DEFAULT_LOCALE = "en"
#: Also read on any questionnaire: the web once served (and stored) easy read on every
#: questionnaire, even one whose ``locales`` do not list it, so exports of those responses hold it.
EARLIER_LOCALES = ("en-easy",)


def clip_cell(text: str, limit: int = 30) -> str:
    """Short form of a cell for messages (never a whole free-text answer): its first ``limit``
    characters and ``…`` when it is longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def read_help(cell: str) -> bool | None:
    """``completed_with_help`` from a cell: True, False, or None for a blank cell (not recorded).

    Raises
    ------
    ValueError
        The cell is not blank and not one of :data:`HELP_CELL_VALUES` in any case.

    Examples
    --------
    >>> read_help(" Yes"), read_help("N"), read_help("0"), read_help("")
    (True, False, False, None)
    """
    text = cell.strip()
    if not text:
        return None
    helped = HELP_CELL_VALUES.get(text.casefold())
    if helped is None:
        raise ValueError(
            f"completed_with_help: '{clip_cell(text)}' is not yes or no "
            "(yes, no, y, n, true, false, 1 or 0; leave it blank when not recorded)"
        )
    return helped


def read_locale(questionnaire: Questionnaire, cell: str) -> str:
    """The response's ``locale`` from a cell: one of the locales ``questionnaire`` is served in
    (:func:`~survey_app.surveys.services.served_locales`) or :data:`EARLIER_LOCALES`, matched in
    any case and given as listed; :data:`DEFAULT_LOCALE` for a blank cell.

    Raises
    ------
    ValueError
        The cell is not blank and names no such locale.
    """
    text = cell.strip()
    if not text:
        return DEFAULT_LOCALE
    allowed = tuple(dict.fromkeys((*served_locales(questionnaire), *EARLIER_LOCALES)))
    locale = {code.casefold(): code for code in allowed}.get(text.casefold())
    if locale is None:
        raise ValueError(f"locale: '{clip_cell(text)}' is not one of the questionnaire's locales ({', '.join(allowed)})")
    return locale


def rows_differ(key: str, said: Mapping[Any, tuple[int, str]]) -> list[str]:
    """``[]``, or the one problem of a response whose rows give ``key`` different values:
    ``said`` maps each value read to (the first row giving it, that row's cell).

    >>> rows_differ("locale", {"en": (2, "en"), "en-easy": (5, "EN-EASY")})
    ["locale: the rows of this response differ ('en' in row 2, 'EN-EASY' in row 5); give the same on each row"]
    """
    if len(said) < 2:
        return []
    given = ", ".join(f"'{clip_cell(cell)}' in row {n}" for n, cell in sorted(said.values()))
    return [f"{key}: the rows of this response differ ({given}); give the same on each row"]


def read_response_cells(
    questionnaire: Questionnaire,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    help_column: str | None,
    locale_column: str | None,
) -> tuple[bool | None, str, list[str]]:
    """``(completed_with_help, locale, problems)`` of one response from its CSV ``rows``
    ((row number, cells by column name) pairs: one row, or a ``group_by`` group's rows).

    Every row's cell is read, as the export wrote it (a leading ``'`` it added taken off):
    :func:`read_help` of ``help_column`` and :func:`read_locale` of ``locale_column``. A blank
    cell says nothing; the response takes the value its other cells give, or the default (None
    and :data:`DEFAULT_LOCALE`, as without a column). ``problems`` holds the message of each
    cell that cannot be read (naming its row when there are several), and one for each column
    whose cells read differently in two rows (``yes`` and ``no``), naming the rows and cells:
    a response has one of each. Never raises for a bad cell.

    Examples
    --------
    >>> rows = [(2, {"helped": "yes"}), (3, {"helped": ""}), (4, {"helped": "Y"})]
    >>> read_response_cells(None, rows, "helped", None)
    (True, 'en', [])
    >>> read_response_cells(None, [(2, {"helped": "yes"}), (3, {"helped": "no"})], "helped", None)[2]
    ["completed_with_help: the rows of this response differ ('yes' in row 2, 'no' in row 3); give the same on each row"]
    """
    problems: list[str] = []
    found: list[Any] = []
    readers: tuple[tuple[str | None, Callable[[str], Any], Any], ...] = (
        (help_column, read_help, None),
        (locale_column, lambda cell: read_locale(questionnaire, cell), DEFAULT_LOCALE),
    )
    for column, read, default in readers:
        said: dict[Any, tuple[int, str]] = {}  # value -> (first row, its cell)
        for number, row in rows if column else ():
            cell = unquote_formula((row.get(column) or "").strip())
            try:
                value = read(cell)
            except ValueError as exc:
                message = str(exc)
                problems.append(message.replace(": ", f" (row {number}): ", 1) if len(rows) > 1 else message)
                continue
            if cell:
                said.setdefault(value, (number, cell))
        problems += rows_differ("completed_with_help" if read is read_help else "locale", said)
        found.append(next(iter(said), default))
    helped, locale = found
    return helped, locale, problems
