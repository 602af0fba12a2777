"""`python -m analysis code` on hostile input files: no lost or shifted rows, no overwritten
columns or input file, no comment text on stderr, and a failing step never aborts the run."""
import logging

import pandas as pd
import pytest

from analysis import pipeline
from analysis.cli import main

COMMENT = "Rude driver, ambulance took three hours"


def _code(capsys, src, out, column="comment", *extra):
    """Run the ``code`` subcommand in-process; return (exit code, stderr lines)."""
    rc = main(["code", str(src), "--text-column", column, "--out", str(out), "--quiet", *extra])
    return rc, capsys.readouterr().err.strip().splitlines()


def _files(tmp_path, text):
    """Write ``text`` to ``in.csv``; return (input path, output path)."""
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    return src, tmp_path / "out.csv"


def _read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_first_row_with_extra_fields_is_an_error_not_a_silent_shift(tmp_path, capsys):
    # pandas used to turn the two extra leading fields into an index: ids and the comment
    # "late again" vanished and "more" was coded as row 1's comment.
    src, out = _files(tmp_path, "id,comment\n1,good crew,extra,more\n2\n3,late again\n")
    rc, err = _code(capsys, src, out)
    assert rc == 2
    assert err == [f"error: cannot read {src}: the first data row has more fields than the header"]
    assert not out.exists()


def test_a_later_row_with_extra_fields_is_set_aside_not_the_whole_file(tmp_path, capsys):
    # A new user's comma outside quotes on line 12 stopped the run with pandas' "Error
    # tokenizing data. C error: Expected 2 fields in line 12, saw 3" and no output at all.
    src, out = _files(
        tmp_path, 'id,comment\n1,good crew\n2,"late, again"\n3,waited hours, nobody came\n\n4,"two\nlines"\n5,x,y,z\n6,ok\n'
    )
    rc, err = _code(capsys, src, out)
    assert rc == 0
    rejects = tmp_path / "out.rejects.csv"
    assert err == [
        f"warning: {src}: 2 rows have more fields than the header and were left out (line 4, 8); "
        "a comment holding a comma must be in double quotes",
        f"note: the rows left out are in {rejects} as they were read, with their line numbers",
        f"coded 4 comments -> {out} (0 urgent for review)",
    ]
    assert _read(out)["id"].tolist() == ["1", "2", "4", "6"]
    assert rejects.read_text(encoding="utf-8").splitlines() == [
        "line,id,comment,extra_1,extra_2", "4,3,waited hours, nobody came", "8,5,x,y,z",
    ]
    assert rejects.stat().st_mode & 0o777 == 0o600


def test_fewer_fields_than_header_still_keeps_every_row_aligned(tmp_path, capsys):
    src, out = _files(tmp_path, "id,comment,x\n1,good crew\n2,late,5\n")
    rc, _ = _code(capsys, src, out)
    assert rc == 0
    df = _read(out)
    assert df["id"].tolist() == ["1", "2"]
    assert df["comment"].tolist() == ["good crew", "late"]
    assert df["x"].tolist() == ["", "5"]


def test_single_column_blank_lines_are_empty_comments_not_dropped(tmp_path, capsys):
    # A spreadsheet writes an empty one-column cell as a blank line; those rows were lost.
    src, out = _files(tmp_path, 'comment\nLovely crew\n\nRude driver\n""\nok\n')
    rc, err = _code(capsys, src, out)
    assert rc == 0
    assert err == [f"coded 5 comments -> {out} (0 urgent for review)"]
    df = _read(out)
    assert df["comment"].tolist() == ["Lovely crew", "", "Rude driver", "", "ok"]
    assert df["language"].tolist() == ["en", "empty", "en", "empty", "en"]


def test_missing_column_in_headerless_file_does_not_print_the_comment(tmp_path, capsys):
    # Without a header row the "column names" are a patient comment; they used to be listed.
    src, out = _files(tmp_path, f'"{COMMENT}"\nLovely crew\n')
    rc, err = _code(capsys, src, out)
    assert rc == 2
    assert err == [f"error: {src} is missing column(s): 'comment' (the file has 1 columns; is the first line a header?)"]
    assert "Rude" not in "\n".join(err)


def test_missing_column_suggests_a_close_column_name(tmp_path, capsys):
    src, out = _files(tmp_path, "id,Patient Comment\n1,Lovely\n")
    rc, err = _code(capsys, src, out, column="patient comment")
    assert rc == 2
    assert err == [
        f"error: {src} is missing column(s): 'patient comment' (the file has 2 columns; did you mean 'Patient Comment'?)"
    ]


def test_input_columns_named_like_coded_columns_are_kept_not_overwritten(tmp_path, capsys):
    src, out = _files(tmp_path, "id,comment,language,sentiment\n1,Lovely crew,cy,5\n")
    rc, err = _code(capsys, src, out)
    assert rc == 0
    assert err[0] == "note: input columns language, sentiment renamed with suffix _input (output uses those names)"
    row = _read(out).iloc[0]
    assert (row["language_input"], row["sentiment_input"]) == ("cy", "5")
    assert row["language"] == "en"
    assert row["sentiment_label"] == "positive"


def test_text_column_named_redacted_text_keeps_the_original(tmp_path, capsys):
    src, out = _files(tmp_path, "id,redacted_text\n1,Call John Smith on 07700 900123\n")
    rc, _ = _code(capsys, src, out, column="redacted_text")
    assert rc == 0
    row = _read(out).iloc[0]
    assert row["redacted_text_input"] == "Call John Smith on 07700 900123"
    assert "07700" not in row["redacted_text"]


def test_out_same_as_input_is_refused_and_input_untouched(tmp_path, capsys, monkeypatch):
    content = "id,comment\n1,Lovely crew\n"
    src, _ = _files(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    rc, err = _code(capsys, src, "./in.csv")
    assert rc == 2
    assert err == ["error: --out in.csv is the input file; choose another path"]
    assert src.read_text(encoding="utf-8") == content


@pytest.mark.parametrize(
    ("step", "column", "expected"),
    [
        ("detect_language", "language", "other"),
        ("textblob_polarity", "textblob_polarity", "0.0"),
        ("urgent_reason", "urgent_reason", pipeline.URGENT_CHECK_FAILED),
    ],
)
def test_a_step_that_raises_is_reported_and_the_rest_coded(tmp_path, capsys, caplog, monkeypatch, step, column, expected):
    # Only redaction and rule sentiment were guarded: any other step raising aborted the run.
    real = getattr(pipeline, step)

    def flaky(text, *args):
        if "boom" in text:
            raise RuntimeError(f"failed on {text}")
        return real(text, *args)

    monkeypatch.setattr(pipeline, step, flaky)
    src, out = _files(tmp_path, "id,comment\n1,Lovely crew\n2,boom secret words\n3,Rude driver\n")
    with caplog.at_level(logging.WARNING, logger="analysis.pipeline"):
        rc, err = _code(capsys, src, out)
    assert rc == 0, err
    df = _read(out)
    assert df["id"].tolist() == ["1", "2", "3"]
    assert df.loc[1, column] == expected
    assert df.loc[1, "redacted_text"] == "boom secret words"
    assert df.loc[2, "sentiment_label"] == "negative"
    short = step.split("_")[0] if step != "detect_language" else "language"
    assert [r.getMessage() for r in caplog.records] == [f"row 1: {short}: RuntimeError (coded as far as possible)"]
    assert "secret" not in caplog.text and "secret" not in "\n".join(err)


def test_spreadsheet_safe_prefixes_formula_cells_only(tmp_path, capsys):
    src, out = _files(
        tmp_path, 'id,comment\n1,"=HYPERLINK(""http://x"",""click"")"\n2,@SUM(A1)\n3,the crew were kind\n-4,+44 phone\n'
    )
    rc, err = _code(capsys, src, out, "comment", "--spreadsheet-safe")
    assert rc == 0, err
    got = _read(out)
    assert got["comment"].tolist() == ["'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(A1)", "the crew were kind", "'+44 phone"]
    # Read as text, "-4" is a formula start too; the coded columns are untouched ids.
    assert got["id"].tolist() == ["1", "2", "3", "'-4"]
    assert not got["themes"].str.startswith("'").any()
    # Without the flag the cells are copied as they are.
    plain = tmp_path / "plain.csv"
    assert _code(capsys, src, plain)[0] == 0
    assert _read(plain)["comment"].iloc[1] == "@SUM(A1)"


def test_csv_saved_by_excel_on_windows_is_read_as_windows_1252(tmp_path, capsys):
    from analysis.coding_cli import WINDOWS_ENCODING, read_input

    path = tmp_path / "excel.csv"
    path.write_bytes("comment\nCaf\u00e9 staff were lovely \u2013 thank you\n".encode(WINDOWS_ENCODING))
    df = read_input(path)
    assert df.attrs["encoding"] == WINDOWS_ENCODING
    assert df["comment"].tolist() == ["Caf\u00e9 staff were lovely \u2013 thank you"]
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("comment\nCaf\u00e9\n", encoding="utf-8")
    assert read_input(utf8).attrs["encoding"] == "utf-8"


def test_bytes_that_are_neither_utf8_nor_windows_1252_say_how_to_save(tmp_path):
    from analysis.coding_cli import InputError, read_input

    path = tmp_path / "bad.csv"
    path.write_bytes(b"comment\nabc \x81\x8d\x8f\x90\x9d\n")  # undefined in Windows-1252 too
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1252.*'CSV UTF-8'"):
        read_input(path)


def test_out_that_is_a_folder_is_refused(tmp_path, capsys):
    src, _ = _files(tmp_path, "id,comment\n1,Lovely crew\n")
    (tmp_path / "folder").mkdir()
    rc, err = _code(capsys, src, str(tmp_path / "folder"))
    assert rc == 2
    assert err == [f"error: --out {tmp_path / 'folder'} exists and is not a regular file; choose another path"]


def test_coded_file_is_readable_by_its_owner_only(tmp_path, capsys):
    # it holds the comments as written (a new user found it world-readable, unlike review's)
    import os
    import stat

    src, out = _files(tmp_path, "id,comment\n1,Call John Smith on 07700 900123\n")
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o644)
    rc, _ = _code(capsys, src, str(out))
    assert rc == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


@pytest.mark.parametrize("spreadsheet_safe", [(), ("--spreadsheet-safe",)])
def test_a_carriage_return_inside_a_cell_stays_in_its_row(tmp_path, capsys, spreadsheet_safe):
    # a tester's "first part\rsecond part" was written unquoted: read back, 3 rows became 4
    src, out = _files(tmp_path, 'id,comment\n1,"first part\rsecond part"\n2,ok\n3,"a\r\nb"\n')
    rc, _ = _code(capsys, src, out, "comment", *spreadsheet_safe)
    assert rc == 0
    back = _read(out)
    assert back["id"].tolist() == ["1", "2", "3"]
    assert back["comment"].tolist() == ["first part\rsecond part", "ok", "a\r\nb"]


def test_a_spreadsheets_missing_value_marks_are_not_coded_as_comments(tmp_path, capsys):
    # a tester's NaN and #VALUE! were coded as gratitude with positive sentiment; "N/A" and
    # "None" stay comments (NEAS labels them gratitude: nothing to improve)
    src, out = _files(tmp_path, "id,comment\n1,NaN\n2,#VALUE!\n3,null\n4,#N/A\n5,N/A\n6,None\n")
    rc, _ = _code(capsys, src, out)
    assert rc == 0
    back = _read(out)
    assert back["qdc_subcategories"].tolist()[:4] == ["Labelling not possible"] * 4
    assert back["sentiment_label"].tolist()[:4] == ["not_scored"] * 4
    assert back["themes"].tolist()[:4] == [""] * 4
    assert back["sentiment_label"].tolist()[4:] != ["not_scored"] * 2


def test_excels_unicode_text_utf16_with_tabs_is_read(tmp_path, capsys):
    # a tester's UTF-16 file got "missing column 'comment'... is the first line a header?"
    src, out = tmp_path / "in.txt", tmp_path / "out.csv"
    src.write_bytes("id\tcomment\n1\tLovely staff\n2\tGwen's team, très bien\n".encode("utf-16"))
    rc, _ = _code(capsys, src, out)
    assert rc == 0
    assert _read(out)["comment"].tolist() == ["Lovely staff", "Gwen's team, très bien"]


def test_spreadsheet_safe_makes_a_formula_header_safe_too(tmp_path, capsys):
    # a tester's column named =HYPERLINK(...) stayed a formula in the header row
    src, out = _files(tmp_path, 'comment,"=HYPERLINK(""http://x"",""y"")"\nKind crew,1\n')
    rc, _ = _code(capsys, src, out, "comment", "--spreadsheet-safe")
    assert rc == 0
    assert list(_read(out).columns)[:2] == ["comment", "'=HYPERLINK(\"http://x\",\"y\")"]


def test_a_repeated_column_name_is_an_error_not_a_silent_rename(tmp_path, capsys):
    # a tester's second "comment" column became "comment.1" and the first was coded unsaid
    src, out = _files(tmp_path, "comment,id,comment,,\nKind crew,1,Rude crew,,\n")
    rc, err = _code(capsys, src, out)
    assert rc == 2
    assert err == [f"error: cannot read {src}: column 'comment' appears 2 times in the header "
                   "(rename the copies so it is clear which to read)"]
    assert not out.exists()


def test_a_semicolon_separated_file_is_named_as_such(tmp_path, capsys):
    # a tester's Excel file with ';' between columns got "did you mean 'id;comment'?"
    src, out = _files(tmp_path, "id;comment\n1;Good\n")
    rc, err = _code(capsys, src, out)
    assert rc == 2 and err[0].endswith(
        "(the file has 1 columns; the file seems to have ';' between its columns: save it as 'CSV UTF-8 (comma delimited)')"
    )
    src, out = _files(tmp_path, "id;comment\n1;Good, very good\n")
    rc, err = _code(capsys, src, out)
    assert rc == 2 and err[0].endswith("more fields than the header (the file seems to have ';' between its columns: "
                                       "save it as 'CSV UTF-8 (comma delimited)')")
    src, out = _files(tmp_path, '"Rude; late"\nLovely crew\n')  # no header: a comment with a ';'
    rc, err = _code(capsys, src, out)
    assert err[0].endswith("is the first line a header?)")


def test_the_rejects_file_never_replaces_the_input(tmp_path, capsys):
    # coding comments.rejects.csv --out comments.csv put the one long row in the rejects file,
    # comments.rejects.csv: the input itself, whose other rows were lost.
    src = tmp_path / "comments.rejects.csv"
    text = "id,comment\n1,good crew\n2,waited hours, nobody came\n3,ok\n"
    src.write_text(text, encoding="utf-8")
    rc, err = _code(capsys, src, tmp_path / "comments.csv")
    assert rc == 2
    assert err[-1] == f"error: the rows left out go to {src}, which is the input file; choose another --out"
    assert src.read_text(encoding="utf-8") == text and not (tmp_path / "comments.csv").exists()
    (tmp_path / "d.rejects.csv").mkdir()  # a folder of that name: said before anything is written
    rc, err = _code(capsys, src, tmp_path / "d.csv")
    assert rc == 2 and err[-1] == (
        f"error: the rows left out go to {tmp_path / 'd.rejects.csv'}, which exists and is not a regular file; "
        "choose another --out"
    )


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_windows_1252_file_with_a_long_row_is_read_as_such(tmp_path, capsys, where):
    # A spreadsheet's "CSV (Comma delimited)" with 'café' and a comma outside quotes ended in
    # pandas' UnicodeDecodeError traceback: the long row stopped the UTF-8 reading first.
    rows = ["1,caf\xe9 was shut", "2,waited hours, nobody came", "3,ok"]
    if where == "after":  # the long row comes before the letter that is not UTF-8
        rows = [rows[2], rows[1], rows[0]]
    src, out = _files(tmp_path, "")
    src.write_bytes(("id,comment\n" + "\n".join(rows) + "\n").encode("cp1252"))
    rc, err = _code(capsys, src, out)
    assert rc == 0, err
    assert sorted(_read(out)["comment"]) == ["caf\xe9 was shut", "ok"]
    line = 3
    assert f"left out (line {line})" in err[1]
    assert (tmp_path / "out.rejects.csv").read_text(encoding="utf-8").splitlines()[1] == (
        f"{line},2,waited hours, nobody came"
    )
    assert not any("caf" in e or "nobody" in e for e in err)


@pytest.mark.parametrize("closed_later", [True, False])
def test_a_stray_double_quote_sets_its_row_aside_not_the_whole_file(tmp_path, capsys, closed_later):
    # A comment typed as '"Staff were great' (never closed) stopped the run: "the first data row
    # has more fields than the header" (it was not) when a later cell was quoted, else pandas'
    # "EOF inside string starting at row 1"; nothing was coded. Only its own line is set aside.
    later = '3,"Kind, patient nurse"' if closed_later else "3,Kind nurse"
    src, out = _files(tmp_path, f'id,comment\n1,"Staff were great\n2,Quick service\n{later}\n4,"two\nlines"\n')
    rc, err = _code(capsys, src, out)
    assert rc == 0, err
    rejects = tmp_path / "out.rejects.csv"
    assert err == [
        f"warning: {src}: 1 row cannot be read as CSV and was left out (line 2): a cell opened with a double "
        "quote is not closed on its line, or has text after its closing quote; write each quote inside a cell "
        'twice ("")',
        f"note: the rows left out are in {rejects} as they were read, with their line numbers",
        f"coded 3 comments -> {out} (0 urgent for review)",
    ]
    assert _read(out)["id"].tolist() == ["2", "3", "4"]
    assert _read(out)["comment"].tolist()[2] == "two\nlines"  # a quoted cell may still hold a line break
    assert rejects.read_text(encoding="utf-8").splitlines() == ["line,id,comment", "2,1,Staff were great"]
    assert not any("Staff" in e for e in err)


def test_a_stray_quote_and_a_long_row_are_each_named_with_their_lines(tmp_path, capsys):
    src, out = _files(tmp_path, 'id,comment\n1,"Staff were great\n2,waited hours, nobody came\n3,ok\n')
    rc, err = _code(capsys, src, out)
    assert rc == 0, err
    assert "1 row has more fields than the header and was left out (line 3)" in err[0]
    assert "1 row cannot be read as CSV and was left out (line 2)" in err[1]
    assert _read(out)["id"].tolist() == ["3"]
    assert (tmp_path / "out.rejects.csv").read_text(encoding="utf-8").splitlines() == [
        "line,id,comment,extra_1", "2,1,Staff were great", "3,2,waited hours, nobody came",
    ]


def test_text_after_a_closing_quote_on_its_own_line_is_still_read_as_before(tmp_path, capsys):
    src, out = _files(tmp_path, 'id,comment\n1,"Kind" staff\n2,ok\n')
    rc, err = _code(capsys, src, out)
    assert rc == 0 and len(err) == 1  # no warning: only the count line
    assert _read(out)["comment"].tolist() == ["Kind staff", "ok"]


@pytest.mark.parametrize("spreadsheet_safe", [(), ("--spreadsheet-safe",)])
def test_control_characters_are_not_written_to_any_cell(tmp_path, capsys, spreadsheet_safe):
    # a tester's NULs (a UTF-16 file read as bytes, a database export) reached the output CSV,
    # which PostgreSQL COPY refuses ("invalid byte sequence for encoding UTF8: 0x00") and Excel garbles
    src, out = _files(tmp_path, 'id,comment,note\n1,"Great\x00 staff\x01 kind\x1f, very\x0b good\x07",ward\x00 7\x1b\n'
                                '2,"Waited\ttoo long\r\nand\x0crude",ok\n3,"G\x00o\x00o\x00d",x\x7f\n')
    rc, _ = _code(capsys, src, out, "comment", *spreadsheet_safe)
    assert rc == 0
    raw = out.read_bytes()
    assert sorted({hex(b) for b in raw if b < 0x20 or b == 0x7F}) == ["0x9", "0xa", "0xd"]  # tab, CR, LF only
    back = _read(out)
    assert back["redacted_text"].tolist() == ["Great staff kind , very good", "Waited too long and rude", "Good"]
    # the copied input keeps its words, tabs and line breaks; a control that stands between words is a space
    assert back["comment"].tolist() == [
        "Great staff kind , very  good", "Waited\ttoo long\r\nand rude", "Good",
    ]
    assert back["note"].tolist() == ["ward 7", "ok", "x"]
    assert back.loc[2, "sentiment_label"] == "positive"  # "G\0o\0o\0d" is read as the word it is
