""""You said, we did": the actions log loader, the report section, escaping and the CLI option."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import analysis.pipeline
from analysis.cli import main
from analysis.codebook import load_codebook
from analysis.columns import MissingColumnError
from analysis.priorities import PRIORITY_IDS
from analysis.report.actions import (
    MAX_CELL,
    OTHER,
    Action,
    ActionsFileError,
    ActionsLog,
    actions_section,
    add_actions,
    load_actions,
    parse_actions,
)
from analysis.report.build import build_report
from analysis.report.render import render_html

from .conftest import make_coded
from .test_cli import fake_code

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "actions" / "example_actions_log.csv"
HEADER = ["priority", "theme", "you_said", "we_did", "status", "owner", "date"]
TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def good(**over: str) -> list[str]:
    row = dict(
        priority="safety",
        theme="",
        you_said="People said the ward felt unsafe at night.",
        we_did="Added a second night nurse.",
        status="done",
        owner="Ward team",
        date="2025-03-01",
    )
    row.update(over)
    return [row[c] for c in HEADER]


def test_template_is_the_header_row_only():
    assert (ROOT / "actions" / "template.csv").read_text(encoding="utf-8").splitlines() == [",".join(HEADER)]


def test_example_file_loads_every_row(codebook):
    log = load_actions(EXAMPLE, codebook=codebook, today=TODAY)
    assert log.problems == ()
    assert len(log.actions) == 8 and log.source == "example_actions_log.csv"
    assert all("(invented example)" in a.owner for a in log.actions)
    first = log.actions[0]
    assert first == Action(
        row=2,
        priority="person_centred_care",
        you_said="Carers said they were not asked what mattered to the person they care for when care plans "
        "were written.",
        we_did="Added a 'what matters to me' page to the home care plan and asked carers to fill it in with the "
        "person.",
        status="done",
        owner="Adult social care team (invented example)",
        date=date(2025, 2, 14),
        theme="family_carers",
    )
    # a priority written as its name (with the en dash) and "Other"
    assert [a.priority for a in log.actions][-2:] == ["flexibility", OTHER]
    assert [a.status for a in log.actions] == [
        "done",
        "in_progress",
        "in_progress",
        "done",
        "planned",
        "done",
        "planned",
        "in_progress",
    ]


def test_headings_and_values_are_matched_loosely(codebook):
    header = ["Priority", "Theme", "You said", "We-did", "STATUS", "Owner", "Date", "Notes"]
    log = parse_actions(
        header,
        [["Be clear and transparent", "Honesty and clear information", "a", "b", "In-Progress", "o", "2025-01-02", ""]],
        codebook=codebook,
        today=TODAY,
    )
    assert log.problems == ()
    (a,) = log.actions
    assert (a.priority, a.theme, a.status) == ("clear_and_transparent", "honesty_clarity", "in_progress")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (good(priority=""), "priority is empty"),
        (
            good(priority="saftey"),
            "priority 'saftey' is not one of the nine priority ids or names (analysis/priorities.py) or Other; "
            "did you mean 'safety'?",
        ),
        (
            good(priority="Waiting lists"),
            "priority 'Waiting lists' is not one of the nine priority ids or names (analysis/priorities.py) or Other",
        ),
        (
            good(theme="parking fees"),
            "theme 'parking fees' is not a codebook theme id or name (leave it empty if none fits)",
        ),
        (good(you_said=" "), "you_said is empty"),
        (good(we_did=""), "we_did is empty"),
        (good(owner=""), "owner is empty"),
        (good(status=""), "status is empty"),
        (good(status="finished"), "status 'finished' is not planned, in progress or done"),
        (good(date=""), "date is empty"),
        (good(date="March 2025"), "date 'March 2025' is not a date written YYYY-MM-DD or DD/MM/YYYY"),
        (good(date="12/03/25"), "date '12/03/25' is not a date written YYYY-MM-DD or DD/MM/YYYY"),
        (good(date="2025-02-30"), "date '2025-02-30' is not a date written YYYY-MM-DD or DD/MM/YYYY"),
        (good(date="30/02/2025"), "date '30/02/2025' is not a date written YYYY-MM-DD or DD/MM/YYYY"),
        (good(date="2025-06-02"), "date 2025-06-02 is after today (it is the date of the last update)"),
        (
            good(owner="Call 07700 900123"),
            "owner looks like it holds personal details ([PHONE]): the report is published, so leave out names "
            "and contact details",
        ),
        (
            good(we_did="Nurse Jones now checks every hour"),
            "we_did looks like it holds personal details ([NAME]): the report is published, so leave out names "
            "and contact details",
        ),
        ([*good(), "extra"], "has 8 cells but the header has 7"),
        (good(we_did="", status="soon"), "we_did is empty; status 'soon' is not planned, in progress or done"),
    ],
)
def test_each_bad_row_is_left_out_with_its_reason(codebook, row, reason):
    rows = [good(), row, good(priority="culture")]
    log = parse_actions(HEADER, rows, codebook=codebook, today=TODAY)
    assert [str(p) for p in log.problems] == [f"row 3: {reason}"]
    assert [a.priority for a in log.actions] == ["safety", "culture"]
    assert [a.row for a in log.actions] == [2, 4]


def test_dates_a_uk_spreadsheet_saved_are_read_day_first(codebook):
    # A log opened in Excel and saved again as CSV has its dates as 12/03/2025: every row was
    # left out ("is not a date written YYYY-MM-DD") and the section said there were no actions.
    rows = [good(date="12/03/2025"), good(date="1/4/2025"), good(date="05-04-2025"), good(date="2025-03-01")]
    log = parse_actions(HEADER, rows, codebook=codebook, today=TODAY)
    assert log.problems == ()
    assert [a.date for a in log.actions] == [date(2025, 3, 12), date(2025, 4, 1), date(2025, 4, 5), date(2025, 3, 1)]


def test_blank_rows_are_skipped_but_keep_the_numbering(tmp_path):
    path = tmp_path / "log.csv"
    lines = [",".join(HEADER), ",,,,,,", "", ",".join(good(status="nope"))]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")  # Excel's "CSV UTF-8" has a BOM
    log = load_actions(path, today=TODAY)
    assert log.actions == () and [str(p) for p in log.problems] == [
        "row 4: status 'nope' is not planned, in progress or done"
    ]


def test_without_a_codebook_any_theme_text_is_kept():
    log = parse_actions(HEADER, [good(theme="Rural travel")], today=TODAY)
    assert log.actions[0].theme == "Rural travel"


def test_theme_column_may_be_left_out():
    header = [c for c in HEADER if c != "theme"]
    log = parse_actions(header, [[v for c, v in zip(HEADER, good(), strict=True) if c != "theme"]], today=TODAY)
    assert len(log.actions) == 1 and log.actions[0].theme == ""


def test_missing_columns_are_one_error_naming_them(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("priority,theme,you_said,Owner,date\nsafety,,a,b,2025-01-01\n", encoding="utf-8")
    with pytest.raises(MissingColumnError) as err:
        load_actions(path)
    assert str(err.value) == "log.csv is missing column(s): 'we_did', 'status'"
    assert err.value.missing == ("we_did", "status")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        # 0x81 is no character in Windows-1252 either
        (b"priority\x81,we_did\n", "it is neither UTF-8 nor Windows-1252 text"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"it is not CSV text \(it holds NUL bytes"),  # an .xlsx workbook
        ("priority,you_said\n".encode("utf-16"), "it is not CSV text"),
        (b'"priority" x,you_said\n', r"the header row cannot be read as CSV \(line 1 of the file\)"),
        (b"priority,We did,we_did,you_said,status,owner,date\n", "more than one column 'we_did'"),
        # a spreadsheet saving in a semicolon locale: "missing column(s): 'priority', ..." did not say why
        (b"priority;theme;you_said;we_did;status;owner;date\nsafety;;a;b;done;T;2025-01-01\n",
         r"the file seems to have ';' between its columns: save it as 'CSV UTF-8 \(comma delimited\)'"),
    ],
)
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(ActionsFileError, match=message) as err:
        load_actions(path)
    assert "\n" not in str(err.value)


def test_a_row_that_is_not_csv_is_left_out_and_reading_goes_on(tmp_path):
    path = tmp_path / "log.csv"
    lines = [
        ",".join(HEADER),
        'safety,,"People said" waits,We did x,done,Trust,2025-01-01',  # a stray quote
        ",".join(good(we_did="Second")),
        'safety,,"People said, with no closing quote,We did y,done,Trust,2025-01-01',
        ",".join(good(we_did="Fourth")),
        ",".join(good(we_did='Fifth, "quoted" inside')).replace('Fifth, "quoted" inside', '"Fifth, ""quoted"" inside"'),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    limit = csv.field_size_limit()
    log = load_actions(path, today=TODAY)
    assert [(a.row, a.we_did) for a in log.actions] == [(3, "Second"), (5, "Fourth"), (6, 'Fifth, "quoted" inside')]
    assert [str(p) for p in log.problems] == [
        "row 2: cannot be read as CSV (line 2 of the file): a cell that starts with a double quote has more text "
        'after its closing quote; put the whole cell in quotes and write each quote inside it twice ("")',
        # the unclosed quote would swallow the rows after it: only its own line is lost
        "row 4: cannot be read as CSV (line 4 of the file): a cell opened with a double quote on this line is not "
        'closed before line 6; close it, or write each quote inside a cell twice ("")',
    ]
    path.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    log = load_actions(path, today=TODAY)
    assert [a.row for a in log.actions] == [3, 5]
    assert "row 4: cannot be read as CSV (line 4 of the file): a cell opened with a double quote on this line is " \
        "not closed before the end of the file;" in str(log.problems[1])
    assert csv.field_size_limit() == limit  # the raised limit is put back


def test_a_cell_over_the_limit_leaves_its_row_out(tmp_path):
    path = tmp_path / "log.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*HEADER, "notes"])
        writer.writerow([*good(you_said="x" * 131_073), ""])  # over csv's default field limit (131,072)
        writer.writerow([*good(we_did="y" * MAX_CELL), "z" * 200_000])  # a long note column is ignored
        writer.writerow([*good(you_said="x" * (MAX_CELL + 1), owner="o" * 6_000), ""])
    log = load_actions(path, today=TODAY)
    assert [(a.row, len(a.we_did)) for a in log.actions] == [(3, 5_000)]
    assert [str(p) for p in log.problems] == [
        "row 2: you_said is 131,073 characters long (a cell holds at most 5,000)",
        "row 4: you_said is 5,001 characters long; owner is 6,000 characters long (a cell holds at most 5,000)",
    ]


def test_a_windows_1252_log_is_read_and_says_so(tmp_path):
    path = tmp_path / "log.csv"
    text = ",".join(HEADER) + "\r\n" + ",".join(good(you_said="Visitors to the café said it was cold – often"))
    path.write_bytes(text.encode("cp1252"))
    log = load_actions(path, today=TODAY)
    assert log.encoding == "cp1252" and log.problems == ()
    assert log.actions[0].you_said == "Visitors to the café said it was cold – often"
    assert load_actions(EXAMPLE, today=TODAY).encoding == "utf-8"


def test_section_groups_counts_and_order(codebook):
    log = load_actions(EXAMPLE, codebook=codebook, today=TODAY)
    section = actions_section(log, theme_names={t.id: t.name for t in codebook.themes.values()})
    assert [g.id for g in section.groups] == [*PRIORITY_IDS, OTHER]
    counts = {g.id: g.count_text for g in section.groups}
    assert counts == {
        "person_centred_care": "2 actions: 1 done, 1 in progress.",
        "co_production": "1 action: 1 in progress.",
        "outcomes_focussed_care": "No actions recorded yet.",
        "safety": "1 action: 1 done.",
        "joint_systems": "1 action: 1 planned.",
        "clear_and_transparent": "1 action: 1 done.",
        "clear_accountability": "No actions recorded yet.",
        "flexibility": "1 action: 1 planned.",
        "culture": "No actions recorded yet.",
        OTHER: "1 action: 1 in progress.",
    }
    assert section.intro[1] == (
        "8 actions in all: 3 done, 3 in progress, 2 planned; the latest update is dated 15 April 2025."
    )
    pcc = section.groups[0]
    assert pcc.table.columns == ("You said", "We did", "Theme", "Status", "Owner", "Last updated")
    # most recently updated first
    assert [r[3] for r in pcc.table.rows] == ["In progress", "Done"]
    assert [r[5] for r in pcc.table.rows] == ["02 April 2025", "14 February 2025"]
    assert pcc.table.rows[1][2] == "Interaction with family and carers"
    assert pcc.table.rows[0][2] == "–"
    assert pcc.pointer == "2 actions on this priority (1 done, 1 in progress) are listed in"
    assert section.groups[8].wider_programme and section.groups[8].table is None


def test_section_without_themes_or_other_has_neither():
    log = parse_actions(
        HEADER,
        [good(), good(status="planned", date="2025-01-01"), good(status="planned", date="2025-05-01")],
        today=TODAY,
    )
    section = actions_section(log)
    assert [g.id for g in section.groups] == list(PRIORITY_IDS)
    safety = section.groups[PRIORITY_IDS.index("safety")]
    assert safety.count_text == "3 actions: 1 done, 2 planned."
    assert safety.table.columns == ("You said", "We did", "Status", "Owner", "Last updated")
    assert [r[-1] for r in safety.table.rows] == ["01 May 2025", "01 March 2025", "01 January 2025"]


def test_empty_log_says_so():
    section = actions_section(ActionsLog((), source="log.csv"))
    assert section.intro[1] == "The actions log has no actions yet."
    assert all(g.table is None for g in section.groups)


def _report_html(log: ActionsLog | None) -> str:
    report = build_report(make_coded(60))
    if log is not None:
        report = add_actions(report, log)
    return render_html(report)


def test_report_without_actions_does_not_mention_them():
    page = _report_html(None)
    assert "You said, we did" not in page and 'id="actions' not in page and "actions log" not in page


def test_report_section_contents_method_and_chapter_pointers():
    log = parse_actions(HEADER, [good(), good(priority="Other")], today=TODAY)
    log = ActionsLog(log.actions, (), "log.csv")
    page = _report_html(log)
    assert '<li><a href="#actions">You said, we did</a></li>' in page
    assert '<section id="actions">' in page and page.index('id="actions"') < page.index('id="method"')
    assert "<h3>You said, we did</h3><p>The actions come from the actions log" in page
    assert page.count('class="actions-pointer"') == 1  # only safety has an action among the nine
    chapter = page[page.index('id="p-safety"') : page.index('id="p-joint_systems"')]
    assert (
        '1 action on this priority (1 done) is listed in <a href="#actions-safety">You said, we did</a>.' in chapter
    )
    table = page[page.index('id="actions-safety"') :]
    assert "<caption>Actions on Safety: what people told us, what was done, by whom and when</caption>" in table
    assert '<th scope="col">You said</th>' in table
    assert '<th scope="row">People said the ward felt unsafe at night.</th>' in table
    assert 'id="actions-other"' in page


def test_text_is_escaped_in_html():
    log = parse_actions(
        HEADER,
        [good(we_did="<script>alert(1)</script> fixed", owner='Team "A" & <b>B</b>')],
        today=TODAY,
    )
    page = _report_html(log)
    assert "<script>" not in page and "<b>B</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fixed" in page
    assert "Team &#34;A&#34; &amp; &lt;b&gt;B&lt;/b&gt;" in page


@pytest.fixture
def small_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis.pipeline, "code_comments", fake_code)
    path = tmp_path / "in.csv"
    lines = ["text"] + [f"the nurse was lovely and kind to my mum ({i})" for i in range(15)]
    lines += [f"parking was awful and expensive ({i})" for i in range(15)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_actions_end_to_end_on_csv(small_csv, tmp_path, capsys):
    log = tmp_path / "actions.csv"
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    rows.append("Safty,,People said it was unsafe.,Fixed it.,done,Ward team,2025-01-01")
    rows.append("safety,,People said <script>x</script>.,Fixed it.,finished,Ward team,2025-01-01")
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--csv", str(small_csv), "--text-column", "text", "--no-emergent", "--out", str(out)]
    assert main([*args, "--html", str(html), "--actions", str(log), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"{log}: row 10: priority 'Safty' is not one of the nine" in err and "did you mean 'safety'?" in err
    assert f"{log}: row 11: status 'finished' is not planned, in progress or done (row left out)" in err
    assert "<script>" not in err  # only the reasons, not the text
    page = html.read_text(encoding="utf-8")
    assert "8 actions in all: 3 done, 3 in progress, 2 planned" in page
    assert "2 rows of the log could not be used and were left out" in page
    assert page.count('class="actions-pointer"') == 6
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        assert "You said, we did" in text and "2 actions: 1 done, 1 in progress." in text
        assert "Other: work not under one of the nine priorities" in text
    # without --actions: no section, no contents line, no method note
    assert main([*args, "--html", str(html), "--quiet"]) == 0
    assert "You said, we did" not in html.read_text(encoding="utf-8")


def test_cli_one_unreadable_row_does_not_stop_the_report(small_csv, tmp_path, capsys):
    log = tmp_path / "actions.csv"
    rows = [
        ",".join(HEADER),
        'safety,,"People said" waits,We did x,done,Trust,2025-01-01',
        ",".join(good(you_said="x" * 131_073)),
        ",".join(good(you_said="Visitors to the café said the ward was cold.")),
    ]
    log.write_bytes("\r\n".join(rows).encode("cp1252"))
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--csv", str(small_csv), "--text-column", "text", "--no-emergent", "--out", str(out)]
    assert main([*args, "--html", str(html), "--actions", str(log), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"note: {log} is not UTF-8; read it as Windows-1252" in err
    assert f"{log}: row 2: cannot be read as CSV (line 2 of the file): a cell that starts with a double quote" in err
    assert f"{log}: row 3: you_said is 131,073 characters long (a cell holds at most 5,000) (row left out)" in err
    page = html.read_text(encoding="utf-8")
    assert "Visitors to the café said the ward was cold." in page
    assert "1 action in all: 1 done" in page
    assert "2 rows of the log could not be used and were left out" in page


def test_cli_bad_actions_file_exits_2_before_coding(small_csv, tmp_path, capsys):
    log = tmp_path / "actions.csv"
    log.write_text("priority,you_said,status,owner,date\n", encoding="utf-8")
    out = tmp_path / "r.pdf"
    args = ["report", "--csv", str(small_csv), "--text-column", "text", "--out", str(out), "--actions"]
    assert main([*args, str(log)]) == 2
    err = capsys.readouterr().err
    assert "error: actions.csv is missing column(s): 'we_did'" in err
    assert "coding" not in err and not out.exists()
    missing = tmp_path / "nope.csv"
    assert main([*args, str(missing)]) == 2
    assert "cannot read" in capsys.readouterr().err
