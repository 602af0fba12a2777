"""Responses by postcode district: outward codes only, small districts combined, suppressed and
audited like the other "Responses by" tables (docs/report.md, "Who responded")."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.postcodes import NOT_VALID, outward_code
from analysis.report.build import _pinned_cells, build_report, district_method, district_table
from analysis.report.render import render_html
from analysis.report.suppression import SuppressionRule

from .conftest import make_coded

COLUMN = "eq_postcode_district"
#: The brief's example: DH1 x7, NE61 x6, SR7 x2, TS21 x1, a full postcode, words and 3 blanks.
TYPED = ["DH1"] * 7 + ["NE61"] * 6 + ["SR7"] * 2 + ["TS21", "DH1 3LE", "dunno"] + [""] * 3


def table(values, rule=None, **kwargs):
    return district_table(pd.DataFrame({COLUMN: values}), rule or SuppressionRule(), **kwargs)


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("DH1", "DH1"),
        (" ne61 ", "NE61"),
        ("sr7", "SR7"),
        ("TS21", "TS21"),
        ("DL14", "DL14"),
        ("EC1A", "EC1A"),
        ("N1", "N1"),
        ("DH1 3LE", "DH1"),  # a full postcode: its outward part only
        ("dh13le", "DH1"),
        ("EC1A 1BB", "EC1A"),
        ("DH1 3", "DH1"),  # the start of an inward code after a space is not part of the district
        ("NE 61", "NE61"),  # spaces removed
        ("BFPO 57", "BFPO"),  # a forces address: never its number (one unit, ship or base)
        ("bfpo57", "BFPO"),
        ("GIR 0AA", "GIR"),
        ("don't know", NOT_VALID),
        ("12345", NOT_VALID),
        ("DH", NOT_VALID),
        ("1DH", NOT_VALID),
        ("DH1 dunno", NOT_VALID),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_answers_are_read_as_outward_codes(typed, district):
    assert outward_code(typed) == district


def test_bfpo_answers_count_together_and_are_lumped_with_the_small_districts():
    # "BFPO 123" was refused online; stored as "BFPO", three forces addresses make one small group.
    t = table(["DH1"] * 6 + ["BFPO 1", "bfpo 22", "BFPO 333"], SuppressionRule(min_base=5))
    assert [row[0] for row in t.rows] == ["DH1", "Other districts (each fewer than 5)"]
    assert not any(number in cell for row in t.rows for cell in row for number in ("BFPO", "22", "333"))


def test_the_briefs_example_at_a_threshold_of_five():
    # 21 responses: DH1 7 + "DH1 3LE" = 8, NE61 6; SR7 2 and TS21 1 are under 5 each, so one
    # row of 3; "dunno" is not a district; 3 blanks. The three small rows are "<5", and with
    # three of them adding up to 7 (1 + 3 + 3, 1 + 2 + 4, 2 + 2 + 3, ...) nothing more is hidden.
    t = table(TYPED, SuppressionRule(min_base=5))
    assert t.rows == (
        ("DH1", "8", "38%"),
        ("NE61", "6", "29%"),
        ("Other districts (each fewer than 5)", "<5", "*"),
        ("Not a valid district", "<5", "*"),
        ("Not answered", "<5", "*"),
    )
    assert t.caption == "Responses by postcode district (first part of the postcode)"
    assert t.columns == ("Postcode district", "Responses", "Share")
    assert "Districts given by 5 or more responses are shown by name" in t.note
    assert not any("3LE" in cell for row in t.rows for cell in row)


def test_with_no_district_named_there_is_no_table_and_the_method_says_why():
    # Under 10 each, all four districts would be one row: a new user's table was the single row
    # "Other districts (each fewer than 10) 20 100%", which says nothing
    assert table(TYPED) is None
    heading, text = district_method(SuppressionRule())
    assert heading == "Postcode district" and "A district is named only when 10 or more" in text
    assert district_method(SuppressionRule(), shown=False)[1] == (
        "No postcode district was given by 10 or more responses, so the report has no table of them: a "
        "district is named only when that many responses gave it."
    )


def test_no_answer_means_no_table():
    assert table(["", None, "Not answered"]) is None
    assert table(["dunno", "", None]) is None  # nothing to name


def test_report_places_the_table_after_the_equality_tables_and_never_shows_an_inward_code():
    coded = make_coded(60)
    coded["eq_age"] = ["18 to 64"] * 30 + ["65 or over"] * 30
    respondents = coded.assign(
        **{COLUMN: ["DH1 3LE"] * 20 + ["dh1"] * 5 + ["NE61 2AB"] * 12 + ["SR7"] * 3 + ["don't know"] * 2 + [""] * 18}
    )
    r = build_report(
        coded, respondents=respondents, group_columns=["audience", "eq_age", "service"], district_column=COLUMN
    )
    captions = [t.caption for t in r.respondent_tables]
    assert captions == [
        "Responses by audience",
        "Responses by age",
        "Responses by postcode district (first part of the postcode)",
        "Responses by service",
    ]
    # 20 "DH1 3LE" and 5 "dh1" are DH1; SR7's 3 and the 2 answers that are no district are "<5"
    # (5 over two rows is 1 + 4 or 2 + 3)
    assert r.respondent_tables[2].rows == (
        ("DH1", "25", "42%"),
        ("NE61", "12", "20%"),
        ("Other districts (each fewer than 10)", "<5", "*"),
        ("Not a valid district", "<5", "*"),
        ("Not answered", "18", "30%"),
    )
    method = dict(r.method)
    assert "Postcode district" in method and "a full postcode counts as its first part" in method["Postcode district"]
    assert list(method).index("Postcode district") == list(method).index("Suppression") - 1
    # no breakdowns by district in the chapters
    assert not any("district" in b.caption for c in r.chapters for b in c.breakdowns)
    html = render_html(r)
    assert "<caption>Responses by postcode district (first part of the postcode)</caption>" in html
    assert '<th scope="col">Postcode district</th>' in html
    assert '<th scope="row">DH1</th><td>25</td>' in html
    assert "3LE" not in html and "2AB" not in html


def test_report_without_district_answers_has_no_district_table_or_method_paragraph():
    coded = make_coded(40)
    for respondents in (coded.assign(**{COLUMN: "Not answered"}), coded):
        r = build_report(coded, respondents=respondents, group_columns=["audience"], district_column=COLUMN)
        assert [t.caption for t in r.respondent_tables] == ["Responses by audience"]
        assert "Postcode district" not in dict(r.method)


def test_a_district_question_asked_of_one_audience_is_suppressed_within_it():
    # Only carers were asked: 25 carers, DH1 12, NE61 10 and SR7 3; 8 staff. By the whole table
    # the small row's partner is the smallest, "Not answered" 8; but the audience table prints
    # the carers' 25, and 25 - 12 - 10 = 3. So NE61, the carers' next-lowest, is hidden too
    # (responses_hidden, as for teams within services; the 8 stays hidden as well).
    coded = make_coded(33)
    coded["audience"] = ["carers"] * 25 + ["staff"] * 8

    def rows(asked):
        r = build_report(coded, respondents=coded.assign(**{COLUMN: asked}), group_columns=["audience"],
                         district_column=COLUMN)
        return r.respondent_tables[1].rows

    asked = ["DH1"] * 12 + ["NE61"] * 10 + ["SR7"] * 3 + [""] * 8
    assert rows(asked) == (
        ("DH1", "12", "36%"),
        ("NE61", "*", "*"),
        ("Other districts (each fewer than 10)", "*", "*"),
        ("Not answered", "*", "*"),
    )
    # asked of staff too (one of them gave DH1), the district is no longer within one audience
    assert rows(asked[:-1] + ["DH1"]) == (
        ("DH1", "13", "39%"),
        ("NE61", "10", "30%"),
        ("Other districts (each fewer than 10)", "*", "*"),
        ("Not answered", "*", "*"),
    )
