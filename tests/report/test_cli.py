"""``python -m analysis report --csv``: arguments, exit codes, hostile and huge comments end to end.

The coding step is replaced by a small fake (the engine has its own tests), so this runs fast
and checks only the report path; ``test_sources.py`` runs the real engine through ``--db``.
"""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

import analysis.pipeline
from analysis.cli import main
from analysis.report.cli import read_csv_dates
from analysis.priorities import PRIORITIES

from .conftest import EXAMPLE_WORKSHOP

HOSTILE = [
    '<img src="file:///etc/passwd"> the nurse was lovely and kind to my mum',
    '<link rel="attachment" href="file:///etc/hostname"> parking was awful and expensive',
]


def fake_code(df: pd.DataFrame, text_column: str = "comment", **_: object) -> pd.DataFrame:
    out = df.copy()
    text = out[text_column].astype(str)
    out["redacted_text"] = text
    out["language"] = "en"
    kind = text.str.contains("lovely")
    out["themes"] = [["staff_manner"] if k else ["parking"] for k in kind]
    out["priorities"] = [["person_centred_care", "culture"] if k else ["flexibility"] for k in kind]
    out["priority_reasons"] = [{} for _ in kind]
    out["sentiment_label"] = ["positive" if k else "negative" for k in kind]
    out["sentiment"] = 0.0
    out["urgent"] = False
    out["emergent"] = False
    return out


@pytest.fixture
def csv_file(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    rows = [
        {
            "text": HOSTILE[i % 2] + f" ({i})",
            "when": f"2025-0{1 + i % 6}-1{i % 9}",
            "team": "A" if i % 4 else "B",
            "fft": 1 + i % 6,
        }
        for i in range(60)
    ]
    rows.append({"text": " ".join(f"word{i}" for i in range(4000)), "when": "2025-03-03", "team": "A", "fft": 2})
    path = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_csv_report_end_to_end(csv_file, tmp_path, capsys):
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    code = main(
        [
            "report",
            "--csv",
            str(csv_file),
            "--text-column",
            "text",
            "--date-column",
            "when",
            "--service-column",
            "team",
            "--fft-column",
            "fft",
            "--no-emergent",
            "--out",
            str(out),
            "--html",
            str(html),
            "--suppression-threshold",
            "12",
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "rendering PDF" in err and "coding 61 comments" in err  # progress on stderr
    pdf = out.read_bytes()
    assert b"/EmbeddedFile" not in pdf
    page = html.read_text(encoding="utf-8")
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page and '<img src="file:' not in page
    assert "fewer than 12 responses" in page
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        for p in PRIORITIES.values():
            assert p.name.split(" – ")[0] in text
        assert "Friends and Family Test" in text and "fewer than 12 responses" in text


def test_csv_filters(csv_file, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert (
        main(
            [
                "report",
                "--csv",
                str(csv_file),
                "--text-column",
                "text",
                "--date-column",
                "when",
                "--service-column",
                "team",
                "--service",
                "B",
                "--from",
                "2025-02-01",
                "--to",
                "2025-04-30",
                "--no-emergent",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "rows after filters" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--text-column", "nope"], "is missing column(s): 'nope' (the file has"),
        ([], "--text-column is required"),
        (["--text-column", "text", "--service", "A"], "--service needs --service-column"),
        (["--text-column", "text", "--suppression-threshold", "0"], "at least 1"),
    ],
)
def test_bad_input_exits_2(csv_file, tmp_path, capsys, extra, message):
    assert main(["report", "--csv", str(csv_file), "--out", str(tmp_path / "r.pdf"), *extra]) == 2
    assert message in capsys.readouterr().err


def test_unreadable_csv_exits_2(tmp_path, capsys):
    assert (
        main(["report", "--csv", str(tmp_path / "missing.csv"), "--text-column", "t", "--out", str(tmp_path / "r.pdf")])
        == 2
    )
    assert "cannot read" in capsys.readouterr().err


def test_filters_matching_nothing_still_give_a_report(csv_file, tmp_path):
    out = tmp_path / "r.pdf"
    assert (
        main(
            [
                "report",
                "--csv",
                str(csv_file),
                "--text-column",
                "text",
                "--service-column",
                "team",
                "--service",
                "nobody",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_first_row_longer_than_header_is_refused_not_shifted(tmp_path, capsys):
    # pandas would silently make "1" an index and shift every value one column left.
    path = tmp_path / "ragged.csv"
    path.write_text("id,text\n1,good crew,extra\n2,late again\n", encoding="utf-8")
    assert main(["report", "--csv", str(path), "--text-column", "text", "--out", str(tmp_path / "r.pdf")]) == 2
    assert "first data row has more fields than the header" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("id,text\n1,good crew\n2,waited, again\n3,kind staff\n",
         "1 row has more fields than the header and was left out (line 3)"),
        # '"good crew' (never closed) stopped the report with pandas' "EOF inside string"
        ('id,text\n1,"good crew\n2,waited again\n3,kind staff\n',
         "1 row cannot be read as CSV and was left out (line 2)"),
    ],
)
def test_a_later_row_that_cannot_be_read_is_left_out_and_named_by_line(tmp_path, capsys, text, warning):
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "r.pdf"
    assert main(["report", "--csv", str(path), "--text-column", "text", "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {path}: {warning}" in err
    assert "waited," not in err and "good crew" not in err and out.read_bytes().startswith(b"%PDF")


def test_csv_dates_are_read_day_first_as_uk_spreadsheets_write_them():
    # pandas read "03/02/2025" as 2 March (month first): a UK file's dates moved between months,
    # and --from/--to kept the wrong rows. ISO dates are never turned round.
    cells = pd.Series(["03/02/2025", "13/02/2025", "2025-02-03", "2025-02-03T10:15:00Z", "3 Feb 2025",
                       "03/02/2025 14:05", "31/02/2025", "45000", "", None])
    read = read_csv_dates(cells)
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d %H:%M") for d in read] == [
        "2025-02-03 00:00", "2025-02-13 00:00", "2025-02-03 00:00", "2025-02-03 10:15", "2025-02-03 00:00",
        "2025-02-03 14:05", None, None, None, None,
    ]


def test_unreadable_csv_dates_and_fft_answers_are_counted_on_stderr(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    path = tmp_path / "uk.csv"
    path.write_text("text,when,fft\nlovely nurse,03/02/2025,Very good\nparking awful,10/02/2025,Excellent\n"
                    "kind,31/02/2025,Don't know\n", encoding="utf-8")
    html = tmp_path / "r.html"
    args = ["report", "--csv", str(path), "--text-column", "text", "--date-column", "when", "--fft-column", "fft",
            "--no-emergent", "--quiet", "--out", str(tmp_path / "r.pdf"), "--html", str(html)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert f"warning: {path}: 1 date in column 'when' cannot be read (write YYYY-MM-DD or DD/MM/YYYY)" in err
    assert f"warning: {path}: 1 answer in column 'fft' is not an FFT answer" in err
    assert "31/02" not in err and "Excellent" not in err
    assert "<dd>03 February 2025 to 10 February 2025</dd>" in html.read_text(encoding="utf-8")


def test_missing_column_error_does_not_echo_a_headerless_comment(tmp_path, capsys):
    path = tmp_path / "noheader.csv"
    path.write_text("Mrs Smith on ward 3 was rude to my mother\nlovely staff\n", encoding="utf-8")
    assert main(["report", "--csv", str(path), "--text-column", "comment", "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"{path} is missing column(s): 'comment' (the file has 1 columns; is the first line a header?)" in err
    assert "Smith" not in err and "rude" not in err


def test_every_missing_column_is_named_with_a_close_name_suggested(csv_file, tmp_path, capsys):
    args = ["report", "--csv", str(csv_file), "--text-column", "Text", "--service-column", "unit"]
    assert main([*args, "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"{csv_file} is missing column(s): 'Text', 'unit' (the file has 4 columns; did you mean 'text'?)" in err


def test_coding_message_says_comments_and_different_texts(tmp_path, monkeypatch, capsys):
    # `make report` said "coding 1,213 comments" and then showed a bar of 830: the bar counts
    # distinct texts, so the message gives both.
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    path = tmp_path / "dup.csv"
    pd.DataFrame({"text": ["the nurse was lovely"] * 8 + ["parking was awful"] * 4}).to_csv(path, index=False)
    out = str(tmp_path / "r.pdf")
    code = main(["report", "--csv", str(path), "--text-column", "text", "--no-emergent", "--out", out])
    assert code == 0
    err = capsys.readouterr().err
    assert "coding 12 comments (2 different texts; identical texts are coded once)" in err


def test_csv_workshop_rows_without_the_facilitators_columns_build_as_before(tmp_path, monkeypatch):
    # A CSV file has no priority_discussed / contribution_kind / dot_votes columns (its own
    # "Priority" and "Dot votes" are not read): the workshops chapter counts, tabulates the coded
    # priorities and quotes, with no facilitator's table and no most-voted list.
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    path = tmp_path / "workshop.csv"
    pd.read_csv(EXAMPLE_WORKSHOP).assign(channel="workshop").to_csv(path, index=False)
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--csv", str(path), "--text-column", "Contribution", "--group-column", "channel"]
    assert main([*args, "--no-emergent", "--quiet", "--out", str(out), "--html", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    workshops = page[page.index('<section id="workshops">') : page.index('<section id="method">')]
    assert "26 contributions were recorded" in workshops
    assert "<caption>Workshop contributions by priority found in their text by the coding</caption>" in workshops
    assert "In participants" in workshops
    assert "dot vote" not in workshops.lower() and "Most-voted" not in workshops and "By kind" not in workshops
    assert out.read_bytes().startswith(b"%PDF")


def test_report_coding_marks_comments_cut_off_by_their_source():
    # The stored comment, not redacted_text (a redacted name changes the length), decides.
    from analysis.report.cli import _code

    cut = ("My carer Doreen Smith came and " + "waited with me for hours " * 10)[:255]
    frame = pd.DataFrame({"comment": [cut, cut[:254] + ".", "short and whole"]})
    coded = _code(frame, "comment", lambda message: None, True)
    assert len(coded.at[0, "redacted_text"]) != 255
    assert coded["source_cut"].tolist() == [True, False, False]


def test_audience_words_of_ones_own_are_read_as_the_three_audiences(tmp_path, monkeypatch, capsys):
    # a new user's "person" and "carer" were printed raw beside "Staff in partner organisations",
    # and --audience carers matched none of them
    from analysis.report.labels import audience_id

    assert [audience_id(v) for v in ["person", "Carers", " Service users ", "STAFF", "carers", "visitor", None]] == [
        "people_who_use_services", "carers", "people_who_use_services", "staff", "carers", "visitor", None
    ]
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    who = ["person"] * 20 + ["Carer"] * 15 + ["staff"] * 12 + ["visitor"] * 3
    path = tmp_path / "who.csv"
    pd.DataFrame({"text": [HOSTILE[i % 2] for i in range(50)], "who": who}).to_csv(path, index=False)
    args = ["report", "--csv", str(path), "--text-column", "text", "--audience-column", "who", "--no-emergent"]
    assert main([*args, "--audience", "carers", "--out", str(tmp_path / "c.pdf")]) == 0
    err = capsys.readouterr().err
    assert "15 of 50 rows after filters" in err
    assert "note: 1 audience value(s) are not one of" in err and "visitor" not in err  # counted, not echoed


def test_a_group_column_is_never_the_text_column_and_its_labels_are_redacted(tmp_path, monkeypatch, capsys):
    # a tester's --group-column comment printed a comment with a name, an address and a
    # disclosure as a row label, ten times
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    path = tmp_path / "grp.csv"
    wards = ["Ward A", "Ward B (ask for Sister Mary Jones on 07700 900123)"] * 15
    pd.DataFrame({"text": [HOSTILE[i % 2] for i in range(30)], "ward": wards}).to_csv(path, index=False)
    base = ["report", "--csv", str(path), "--text-column", "text", "--no-emergent", "--quiet"]
    for flag in ("--group-column", "--service-column", "--audience-column", "--date-column"):
        assert main([*base, flag, "text", "--out", str(tmp_path / "r.pdf")]) == 2
        assert f"{flag} 'text' is the text column" in capsys.readouterr().err
    html = tmp_path / "r.html"
    assert main([*base, "--group-column", "ward", "--out", str(tmp_path / "r.pdf"), "--html", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "Ward A" in page and "07700" not in page and "Jones" not in page


@pytest.mark.parametrize("flag", ["--from", "--to"])
@pytest.mark.parametrize("command", ["report", "review"])
def test_a_bad_or_far_date_is_one_error_not_a_traceback(tmp_path, capsys, flag, command):
    # a tester's --from 2022-13-01 raised ValueError, and --to 9999-12-31 OverflowError
    for bad, says in (("2022-13-01", "is not a date: use YYYY-MM-DD"), ("9999-12-31", "is outside 1900-01-01 to 2100-12-31")):
        with pytest.raises(SystemExit) as exit_:
            main([command, "--db", f"sqlite:///{tmp_path / 'x.db'}", flag, bad, "--out", str(tmp_path / "o")])
        assert exit_.value.code == 2
        assert says in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_outputs_never_overwrite_the_actions_log_or_each_other(csv_file, tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("priority,theme,you_said,we_did,status,owner,date\n", encoding="utf-8")
    base = ["report", "--csv", str(csv_file), "--text-column", "text", "--actions", str(log)]
    assert main([*base, "--out", str(log)]) == 2
    assert "is the actions log" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "r.pdf"), "--html", str(log)]) == 2
    assert "is the actions log" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "r.pdf"), "--html", str(tmp_path / "r.pdf")]) == 2
    assert "is the PDF's path (--out)" in capsys.readouterr().err
    assert log.read_text(encoding="utf-8").startswith("priority,")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert main([*base, "--out", str(tmp_path / "afile" / "r.pdf")]) == 2  # before any coding
    assert "part of its folder path is a file" in capsys.readouterr().err


def test_thresholds_below_the_standard_mark_the_report_not_for_publication(csv_file, tmp_path, capsys):
    # a tester's --min-count 1 --suppression-threshold 1 printed "Tiny 3" under a cover that said
    # "counts from 1 to 0 are shown as <1"
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--csv", str(csv_file), "--text-column", "text", "--no-emergent", "--quiet"]
    assert main([*args, "--min-count", "1", "--suppression-threshold", "1", "--out", str(out), "--html", str(html)]) == 0
    assert "counts of 1 to 4 may be shown" in capsys.readouterr().err
    page = html.read_text(encoding="utf-8")
    assert "NOT FOR PUBLICATION" in page and "no small count is hidden" in page and "1 to 0" not in page
    assert main([*args, "--out", str(out), "--html", str(html)]) == 0
    assert "NOT FOR PUBLICATION" not in html.read_text(encoding="utf-8")
    assert "may be shown" not in capsys.readouterr().err


@pytest.mark.parametrize("command", [["report", "--round", "r", "--out"], ["review", "--out"]])
def test_a_mistyped_database_path_is_named_and_no_empty_database_is_made(tmp_path, capsys, command):
    # a tester's --db sqlite:///x.db made an empty x.db and printed three lines of SQL error
    missing = tmp_path / "typo" / "survey.sqlite3"
    assert main([command[0], "--db", f"sqlite:///{missing}", *command[1:], str(tmp_path / "o")]) == 2
    assert f"no database file at {missing}" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize("command", [["report", "--round", "r", "--out"], ["review", "--out"]])
@pytest.mark.parametrize(("url", "expected"), [
    # a driver that is not installed was a traceback from report, and review printed the password
    ("mysql://analyst:s3cret@db/survey",
     "error: --db names a database that cannot be used (mysql://analyst:***@db/survey: its driver, "
     "the Python module 'MySQLdb', is not installed): give one such as postgresql://user@host/database"),
    ("nonsense", "error: --db is not a database URL: give one such as postgresql://user@host/database"),
])
def test_an_unusable_database_url_is_one_line_without_its_password(tmp_path, capsys, command, url, expected):
    assert main([command[0], "--db", url, *command[1:], str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected) and "s3cret" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
