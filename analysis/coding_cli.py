"""``python -m analysis code INPUT.csv --text-column COLUMN --out OUTPUT.csv``.

Writes every input column plus the coded columns of
:func:`analysis.pipeline.code_comments`; list cells become ';'-joined ids and dict cells
JSON. Input columns named like a coded column are kept as ``<name>_input``. Progress bar
on stderr. Exit 2 with a one-line error (never holding comment text) for an unreadable
or malformed input file, a missing column, an unwritable output or ``--out`` naming the
input file. ``--spreadsheet-safe`` neutralises formula-like text cells for spreadsheet users.
"""
from __future__ import annotations

import argparse
import collections
import csv
import difflib
import io
import json
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import columns as C
from analysis.csv_records import csv_records
from analysis.text import without_controls

__all__ = [
    "FORMULA_STARTS",
    "safe_cell",
    "InputError",
    "read_input",
    "register",
    "require_input_columns",
    "spreadsheet_safe",
    "to_csv_frame",
]

_DICT_COLUMNS = (C.THEME_CONFIDENCE, C.THEME_REASONS, C.PRIORITY_REASONS)


def to_csv_frame(coded: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a coded frame with list cells ';'-joined, dict cells as JSON, and no
    control character other than tab, LF and CR in any text cell or column name
    (:func:`analysis.text.without_controls`: a NUL in the input would make PostgreSQL's ``COPY``
    refuse the file; ``redacted_text`` has none already, :func:`analysis.text.normalise`).

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`analysis.pipeline.code_comments`.

    Returns
    -------
    pandas.DataFrame
        Same columns; ``themes``, ``qdc_subcategories``, ``priorities``, ``domains`` as
        str like ``"timeliness;transport"`` ('' when empty); ``theme_confidence``,
        ``theme_reasons``, ``priority_reasons`` as JSON objects; the copied input columns
        without control characters.
    """
    out = coded.copy()
    for col in C.CSV_LIST_COLUMNS:
        if col in out:
            out[col] = [";".join(v) for v in out[col]]
    for col in _DICT_COLUMNS:
        if col in out:
            out[col] = [json.dumps(v, ensure_ascii=False) for v in out[col]]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [without_controls(v) for v in out[col]]
    out.columns = [without_controls(c) for c in out.columns]
    return out


#: Read when a file is not UTF-8: what Excel on Windows writes for "CSV (Comma delimited)".
WINDOWS_ENCODING = "cp1252"
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection",
#: owasp.org/www-community/attacks/CSV_Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where every text cell starting with a formula character is prefixed with ``'``.

    For files opened in Excel or LibreOffice: a comment such as ``=HYPERLINK(...)`` is then
    shown as text instead of run. Only str cells change (numbers such as -1 stay numbers;
    a text cell "-2 stars" becomes "'-2 stars", the price OWASP notes for this defence).
    Do not use it for files read back by programs (``report --csv`` reads the plain form).
    Column names are made safe the same way (the header row is a row of cells too).
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [safe_cell(v) for v in out[col]]
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def safe_cell(value: object) -> object:
    """One cell as :func:`spreadsheet_safe` writes it: a str starting with a formula
    character (:data:`FORMULA_STARTS`) gets a leading ``'``; anything else is returned as it is.

    >>> safe_cell("=HYPERLINK(x)"), safe_cell("-2 stars"), safe_cell(-2), safe_cell("ok")
    ("'=HYPERLINK(x)", "'-2 stars", -2, 'ok')
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class InputError(ValueError):
    """The input file cannot be used; the message is one line and holds no comment text."""


def read_input(path: Path, *, as_text: bool = True) -> pd.DataFrame:
    """Read a comments CSV, keeping every row that fits the header and every field.

    Parameters
    ----------
    path : pathlib.Path
        CSV file with a header row: UTF-8 (a byte-order mark is allowed), else read as
        Windows-1252, what Excel on Windows saves as "CSV (Comma delimited)"; a file that
        starts with a UTF-16 byte-order mark (Excel's "Unicode Text") is read as UTF-16, with
        tabs between columns when its header has tabs and no comma. ``df.attrs["encoding"]``
        says which (:data:`WINDOWS_ENCODING` for the second). It is read once, so a pipe
        such as ``/dev/stdin`` works.
    as_text : bool, default True
        Keep every cell as str; False lets pandas infer numbers (the report's FFT and
        date columns). Either way only empty cells are missing: "NA" or "None" written by
        a respondent stays a comment.

    Returns
    -------
    pandas.DataFrame
        One row per data row, NaN for empty cells, default RangeIndex.

    Raises
    ------
    InputError
        If the file cannot be opened or decoded, is empty, is not valid CSV, or its first
        data row has more fields than the header (pandas would otherwise silently turn the
        extra leading fields into an index, shifting every value one column to the left).
        A later row with more fields than the header (a comma outside quotes) does not
        stop the reading: it is left out, and ``df.attrs["bad_rows"]`` lists (line number
        where it starts, its fields) for :func:`note_bad_rows` and :func:`write_bad_rows`.

    Notes
    -----
    With a single column a blank line is an empty comment (that is how spreadsheets write
    it), so blank lines are kept as rows; with several columns they are skipped as usual.
    """
    kwargs = {"dtype": str if as_text else None, "keep_default_na": False, "na_values": [""], "index_col": False}
    try:  # read once: a pipe (/dev/stdin) cannot be read twice
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    attempts: tuple[str, ...] = ("utf-8", WINDOWS_ENCODING)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode Text": UTF-16, tab-separated
        attempts = ("utf-16",)
        first = raw[:HEADER_BYTES].decode("utf-16", errors="replace").split("\n", 1)[0]
        if "\t" in first and "," not in first:
            kwargs["sep"] = "\t"
    encoding, n_columns = "utf-8", 0
    for attempt in attempts:
        try:  # a stray double quote would take the rows after it into its cell, or stop pandas
            df = _read_around_stray_quotes(path, raw, attempt, kwargs)
        except UnicodeDecodeError as exc:
            if attempt == attempts[-1]:
                raise _not_text(path, exc) from exc
            continue
        if df is not None:
            encoding = attempt
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                n_columns = pd.read_csv(io.BytesIO(raw), nrows=0, encoding=attempt, **kwargs).shape[1]  # the header only
                df = pd.read_csv(io.BytesIO(raw), skip_blank_lines=n_columns != 1, encoding=attempt, **kwargs)
            encoding = attempt
            break
        except UnicodeDecodeError as exc:
            if attempt == attempts[-1]:
                raise _not_text(path, exc) from exc
        except pd.errors.ParserWarning as exc:
            raise InputError(
                f"cannot read {path}: the first data row has more fields than the header{_semicolon_hint(raw)}"
            ) from exc
        except pd.errors.ParserError as exc:
            bad = _rows_longer_than_header(raw, attempt, kwargs.get("sep", ","), n_columns)
            if not n_columns or not bad or bad[0][0] == 1:  # no row to blame, or the first: the header is wrong
                raise InputError(f"cannot read {path}: {str(exc).splitlines()[0]}{_semicolon_hint(raw)}") from exc
            try:  # the tokenizer stops at the long row before a later cell shows the file is not UTF-8
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", pd.errors.ParserWarning)
                    df = pd.read_csv(
                        io.BytesIO(raw), skip_blank_lines=n_columns != 1, encoding=attempt, on_bad_lines="skip", **kwargs
                    )
            except UnicodeDecodeError as decode_error:
                if attempt == attempts[-1]:
                    raise _not_text(path, decode_error) from decode_error
                continue
            df.attrs["bad_rows"] = [(line, fields) for _, line, fields in bad]
            encoding = attempt
            break
        except (OSError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"cannot read {path}: {str(exc).splitlines()[0]}") from exc
    twice = _repeated_names(raw, encoding, kwargs.get("sep", ","))
    if twice:  # pandas would rename the copies "comment.1" and read the first without a word
        raise InputError(
            f"cannot read {path}: "
            + "; ".join(f"column {name!r} appears {n} times in the header" for name, n in twice)
            + " (rename the copies so it is clear which to read)"
        )
    df.attrs["encoding"] = encoding
    return df


def _read_around_stray_quotes(path: Path, raw: bytes, encoding: str, kwargs: dict) -> pd.DataFrame | None:
    """None when every record of the CSV ``raw`` can be read (pandas reads the file as it is);
    else the file without the records that cannot (a stray double quote:
    :func:`~analysis.csv_records.csv_records` reads on from the line after it) and those with
    more fields than the header, as :func:`read_input` gives it, with ``attrs["bad_rows"]``
    (line, fields) for both and ``attrs["quote_lines"]`` the lines of the first kind.

    Raises
    ------
    UnicodeDecodeError
        ``raw`` is not ``encoding`` text.
    InputError
        The header row cannot be read, or the first data row has more fields than the header.
    """
    text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    sep = kwargs.get("sep", ",")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # no cell is longer than the file
    try:
        try:  # one strict pass first: most files have no stray quote
            collections.deque(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True), maxlen=0)
            return None
        except csv.Error:
            records = csv_records(list(io.StringIO(text, newline="")), delimiter=sep, lenient_lines=True)
    finally:
        csv.field_size_limit(limit)
    if not any(r.problem for r in records):  # only faults within a line ('"Kind" staff'): pandas reads them
        return None
    if records[0].problem is not None:
        raise InputError(f"cannot read {path}: the header row {records[0].problem}")
    width = len(records[0].fields)
    first = next((r for r in records[1:] if r.fields), None)
    if first is not None and first.problem is None and len(first.fields) > width:  # as said without a stray quote
        raise InputError(f"cannot read {path}: the first data row has more fields than the header")
    bad = [r for r in records[1:] if r.problem is not None or len(r.fields) > width]
    kept = io.StringIO()
    writer = csv.writer(kept, delimiter=sep, lineterminator="\n")
    writer.writerows(r.fields for r in records if r not in bad)
    df = pd.read_csv(io.StringIO(kept.getvalue()), skip_blank_lines=width != 1, **kwargs)
    df.attrs["bad_rows"] = [(r.line, r.fields) for r in bad]
    df.attrs["quote_lines"] = [r.line for r in bad if r.problem is not None]
    return df


def _not_text(path: Path, exc: UnicodeDecodeError) -> InputError:
    """The error for a file that is neither of the encodings :func:`read_input` tries."""
    return InputError(
        f"cannot read {path}: it is neither UTF-8 nor Windows-1252 text ({exc.reason});"
        " save it from the spreadsheet as 'CSV UTF-8'"
    )


def _rows_longer_than_header(raw: bytes, encoding: str, sep: str, n_columns: int) -> list[tuple[int, int, list[str]]]:
    """Records of the CSV ``raw`` with more fields than its header's ``n_columns``: (record
    number counting the first data row as 1, line number in the file where the record
    starts, its fields). A comma in a comment that was not put in double quotes makes one."""
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    next(reader, None)
    bad, number, start = [], 0, reader.line_num + 1
    for fields in reader:
        if fields:
            number += 1
            if len(fields) > n_columns:
                bad.append((number, start, fields))
        start = reader.line_num + 1
    return bad


def note_bad_rows(df: pd.DataFrame, path: Path | str) -> None:
    """Say on stderr which lines of ``path`` :func:`read_input` left out because they have
    more fields than the header, or cannot be read as CSV (a stray double quote), one warning
    for each kind (line numbers only: the lines hold comments)."""
    quoted = set(df.attrs.get("quote_lines") or ())
    long = [line for line, _ in df.attrs.get("bad_rows") or [] if line not in quoted]
    if long:
        print(
            f"warning: {path}: {len(long)} {'row has' if len(long) == 1 else 'rows have'} more fields than the"
            f" header and {'was' if len(long) == 1 else 'were'} left out (line {_lines(long)}); a comment holding a"
            " comma must be in double quotes",
            file=sys.stderr,
        )
    if quoted:
        print(
            f"warning: {path}: {len(quoted)} {'row' if len(quoted) == 1 else 'rows'} cannot be read as CSV and"
            f" {'was' if len(quoted) == 1 else 'were'} left out (line {_lines(sorted(quoted))}): a cell opened with"
            " a double quote is not closed on its line, or has text after its closing quote; write each quote"
            ' inside a cell twice ("")',
            file=sys.stderr,
        )


def _lines(numbers: list[int]) -> str:
    """Line numbers for a warning: the first 20, then "..."."""
    return ", ".join(str(line) for line in numbers[:20]) + (" ..." if len(numbers) > 20 else "")


def write_bad_rows(df: pd.DataFrame, path: Path) -> None:
    """Write the rows :func:`read_input` left out of ``df`` to ``path`` (readable by its owner
    only: they hold comments), so that nothing read is lost.

    Columns: ``line`` (where the row starts in the input file), then the input's header names,
    then ``extra_1``, ``extra_2`` ... for the fields beyond them. Raises OSError if it cannot
    be written."""
    from analysis.outputs import CSV_LINE_END, open_private

    bad = df.attrs.get("bad_rows") or []
    header = ["line", *map(str, df.columns)]
    widest = max(len(fields) for _, fields in bad)
    header += [f"extra_{i}" for i in range(1, widest - len(df.columns) + 1)]
    with open_private(path) as fh:
        writer = csv.writer(fh, lineterminator=CSV_LINE_END)
        writer.writerow(header)
        for line, fields in bad:
            writer.writerow([line, *fields])


#: What to do about a file whose columns are separated by semicolons (Excel in some locales).
SEMICOLONS = "the file seems to have ';' between its columns: save it as 'CSV UTF-8 (comma delimited)'"


def _semicolon_hint(raw: bytes) -> str:
    """" (the file seems to have ';' ...)" when the first line of ``raw`` has more semicolons
    than commas, else ""."""
    first = raw[:HEADER_BYTES].split(b"\n", 1)[0]
    return f" ({SEMICOLONS})" if first.count(b";") > first.count(b",") else ""


#: Bytes of a file read to find its header row (the first line), an even number for UTF-16.
HEADER_BYTES = 1 << 20


def _repeated_names(raw: bytes, encoding: str, sep: str) -> list[tuple[str, int]]:
    """Header names that occur more than once in the first line of ``raw``, with their counts."""
    text = raw[:HEADER_BYTES].decode(encoding, errors="replace").lstrip("\ufeff")  # not the whole file again
    header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    counts = Counter(h.strip() for h in header if h.strip())
    return [(name, n) for name, n in counts.items() if n > 1]


def note_encoding(df: pd.DataFrame | str, path: Path | str) -> None:
    """Say on stderr when :func:`read_input` read ``path`` as Windows-1252, not UTF-8.

    ``df`` is what it read, or the name of the encoding a file was read with (e.g. the
    actions log's, :attr:`analysis.report.actions.ActionsLog.encoding`).
    """
    if (df if isinstance(df, str) else df.attrs.get("encoding")) == WINDOWS_ENCODING:
        print(
            f"note: {path} is not UTF-8; read it as Windows-1252 (Excel's 'CSV (Comma delimited)')."
            " Check accented letters in the output; 'CSV UTF-8' avoids the guess",
            file=sys.stderr,
        )


def require_input_columns(df: pd.DataFrame, names: Sequence[str], path: Path | str) -> None:
    """Check that the file read into ``df`` from ``path`` has every column in ``names``.

    Raises
    ------
    InputError
        One line naming the missing columns (:class:`analysis.columns.MissingColumnError`'s
        wording, with ``path`` as the place), the file's column count and a hint: close
        column names, or "is the first line a header?". The header is not listed: in a file
        without a header row it is a patient comment, which must not reach stderr.
    """
    try:
        C.require_columns(df, names, str(path))
    except C.MissingColumnError as exc:
        present = [str(c) for c in df.columns]
        close: list[str] = []
        for column in exc.missing:
            close += [n for n in present if n.strip().lower() == column.strip().lower()]
            close += difflib.get_close_matches(column, present, n=3, cutoff=0.75)
        close = list(dict.fromkeys(close))
        hint = f"did you mean {', '.join(map(repr, close))}?" if close else "is the first line a header?"
        parts = {p.strip().lower() for p in present[0].split(";")} if len(present) == 1 else set()
        if any(str(column).strip().lower() in parts for column in exc.missing) and len(parts) > 1:
            hint = SEMICOLONS  # the wanted column is in the one header cell, between semicolons
        raise InputError(f"{exc} (the file has {len(present)} columns; {hint})") from exc


def _rename_clashing(df: pd.DataFrame, text_column: str) -> tuple[pd.DataFrame, str, list[str]]:
    """Rename input columns that share a name with a coded column to ``<name>_input``.

    Without this the coded columns would overwrite them (data loss). Returns the renamed
    frame, the (possibly renamed) text column and the renamed original names.
    """
    taken = {str(c) for c in df.columns} | set(C.CODED_COLUMNS)
    mapping: dict[str, str] = {}
    for col in df.columns:
        if col in C.CODED_COLUMNS:
            new = f"{col}_input"
            while new in taken:
                new += "_"
            taken.add(new)
            mapping[col] = new
    return df.rename(columns=mapping), mapping.get(text_column, text_column), list(mapping)


def _run(args: argparse.Namespace) -> int:
    from analysis.pipeline import code_comments

    from analysis.outputs import CSV_LINE_END, open_private, output_problem

    problem = output_problem(Path(args.out), [("the input file", [Path(args.input)])])
    if problem:
        print(f"error: --out {args.out} {problem}; choose another path", file=sys.stderr)
        return 2
    try:
        df = read_input(args.input)
        require_input_columns(df, [args.text_column], args.input)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    note_encoding(df, args.input)
    note_bad_rows(df, args.input)
    if df.attrs.get("bad_rows"):
        rejects = Path(args.out).with_name(Path(args.out).stem + ".rejects.csv")
        problem = output_problem(rejects, [("the input file", [Path(args.input)])])
        if problem:  # e.g. coding comments.rejects.csv --out comments.csv: the input would be overwritten
            print(f"error: the rows left out go to {rejects}, which {problem}; choose another --out", file=sys.stderr)
            return 2
        try:
            write_bad_rows(df, rejects)
        except OSError as exc:
            print(f"error: cannot write {rejects}: {exc}", file=sys.stderr)
            return 2
        print(f"note: the rows left out are in {rejects} as they were read, with their line numbers", file=sys.stderr)
    df, text_column, renamed = _rename_clashing(df, args.text_column)
    if renamed:
        print(f"note: input columns {', '.join(renamed)} renamed with suffix _input (output uses those names)",
              file=sys.stderr)
    coded = code_comments(df, text_column, progress=not args.quiet)
    try:
        frame = to_csv_frame(coded)
        with open_private(Path(args.out)) as fh:  # it holds the comments as written
            (spreadsheet_safe(frame) if args.spreadsheet_safe else frame).to_csv(fh, index=False, lineterminator=CSV_LINE_END)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    n_urgent = int(coded[C.URGENT].sum())
    print(
        f"coded {len(coded)} comment{'' if len(coded) == 1 else 's'} -> {args.out} ({n_urgent} urgent for review)",
        file=sys.stderr,
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``code`` subcommand."""
    p = subparsers.add_parser("code", help="code free-text comments in a CSV file")
    p.add_argument("input", type=Path, help="input CSV file")
    p.add_argument("--text-column", required=True, help="column holding the comments")
    p.add_argument("--out", type=Path, required=True, help="output CSV file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--spreadsheet-safe", action="store_true",
        help="prefix text cells starting with = + - @ with ' so spreadsheets show them as text (OWASP CSV injection)",
    )
    p.set_defaults(func=_run)
