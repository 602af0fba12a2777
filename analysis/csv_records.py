"""CSV records read one at a time, so that one stray double quote loses one row, not the file.

Python's ``csv`` module, by default, reads a cell opened with a double quote up to the next
double quote, however many lines later: a cell typed as ``"Staff were great`` with no closing
quote swallows the rows after it into one cell, and they are neither read nor reported.
:func:`csv_records` reads strictly instead, and a record that is not CSV is given back with
the reason, its first line read leniently (for a rejects file), and reading goes on from the
line after the one it started on. Shared by the actions log (:mod:`analysis.report.actions`),
``python -m analysis code`` and ``report --csv`` (:func:`analysis.coding_cli.read_input`) and the
responses and rounds import of the web app.

No third-party imports, and never Flask.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CsvRecord", "csv_records"]


@dataclass(frozen=True)
class CsvRecord:
    """One record of a CSV file.

    Attributes
    ----------
    line : int
        The file's line (1-based) the record starts on.
    fields : list of str
        Its cells; for a record that is not CSV, its first line read leniently.
    problem : str or None
        Why the record is not CSV, in words ("cannot be read as CSV (line 4 of the file): a cell
        opened with a double quote ..."), or None for a good record.
    """

    line: int
    fields: list[str]
    problem: str | None = None


def csv_reason(exc: csv.Error, line: int, last: int) -> str:
    """Why a record from ``line`` to ``last`` (1-based lines of the file) is not CSV, in words."""
    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    end_of_file = "unexpected end of data" in why
    if last > line or end_of_file:
        where = "the end of the file" if end_of_file else f"line {last:,}"
        why = (
            f"a cell opened with a double quote on this line is not closed before {where}; close it, or write "
            'each quote inside a cell twice ("")'
        )
    elif "expected after" in why:
        why = (
            "a cell that starts with a double quote has more text after its closing quote; put the whole "
            'cell in quotes and write each quote inside it twice ("")'
        )
    return f"cannot be read as CSV (line {line:,} of the file): {why}"


def csv_records(lines: Sequence[str], *, delimiter: str = ",", lenient_lines: bool = False) -> list[CsvRecord]:
    """The CSV records of ``lines`` (a file's lines with their endings, as
    ``open(path, newline="").readlines()`` gives them), read strictly one at a time, with
    ``delimiter`` between cells.

    A record that cannot be parsed (a stray double quote) is a :class:`CsvRecord` with its
    ``problem``, and reading goes on from the line after the one it started on: an unclosed
    quote loses its own line, not the rest of the file. With ``lenient_lines`` a record whose
    fault is within its one line (text after a closing quote, ``"Kind" staff``) is read as the
    ``csv`` module reads it by default (``Kind staff``), with no problem: only a quote left open
    past its line is one. A cell longer than
    ``csv.field_size_limit()`` is not a problem of one record: its ``csv.Error`` is raised, its
    message starting with the line the record starts on.

    Raises
    ------
    csv.Error
        A cell over ``csv.field_size_limit()``.
    """
    records: list[CsvRecord] = []
    pos = 0
    while pos < len(lines):
        rest = (lines[i] for i in range(pos, len(lines)))  # not islice, which steps through the first pos lines
        reader = csv.reader(rest, delimiter=delimiter, strict=True)
        start = pos  # the first line (0-based) of the record being read
        try:
            for fields in reader:
                records.append(CsvRecord(start + 1, fields))
                start = pos + reader.line_num
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise csv.Error(f"line {start + 1}: {exc}") from exc
            try:
                lenient = next(csv.reader([lines[start].rstrip("\r\n")], delimiter=delimiter), [])
            except csv.Error:  # not even one line of it is CSV: no cells to give back
                lenient = []
            last = pos + reader.line_num
            one_line = last == start + 1 and "unexpected end of data" not in str(exc)
            problem = None if lenient_lines and one_line else csv_reason(exc, start + 1, last)
            records.append(CsvRecord(start + 1, lenient, problem))
            pos = start + 1
    return records
