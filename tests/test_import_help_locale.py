"""`flask responses import`: a mapping's `completed_with_help` and `locale` columns."""
from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa
from test_import import MAPPING, _run, _write

from survey_app.models import Response
from survey_app.questionnaire.loader import load_all
from survey_app.responses.imports import content_digest
from survey_app.responses.response_cells import read_help, read_locale

#: The fft mapping of test_import with both columns named.
HELP_LOCALE_MAPPING = MAPPING + "completed_with_help: helped\nlocale: language\n"
ROW = {"when": "03/02/2025", "team": "111", "rating": "1", "good": "", "better": ""}


def _stored(app) -> dict[str, tuple[bool | None, str]]:
    """Reference -> (completed_with_help, locale) of every stored response."""
    from survey_app.extensions import db

    with app.app_context():
        return {
            r.import_ref.split(":")[2].split(" ")[0]: (r.completed_with_help, r.locale)
            for r in db.session.scalars(sa.select(Response))
        }


def _rejects(path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["row_number"], r["reject_reasons"]) for r in csv.DictReader(fh)]


@pytest.mark.parametrize(
    ("cell", "helped"),
    [("yes", True), ("YES", True), (" y ", True), ("True", True), ("1", True),
     ("no", False), ("N", False), ("false", False), ("0", False), ("", None), ("  ", None)],
)
def test_a_help_cell_reads_yes_no_or_not_recorded(cell, helped):
    assert read_help(cell) is helped


@pytest.mark.parametrize("cell", ["maybe", "2", "yes please", "n/a", "-"])
def test_any_other_help_cell_is_refused_with_what_is_allowed(cell):
    with pytest.raises(ValueError, match=r"^completed_with_help: '.*' is not yes or no \(yes, no, y, n, true, "):
        read_help(cell)


def test_a_locale_cell_is_one_the_questionnaire_is_served_in():
    from survey_app.config import ROOT

    qs = load_all(ROOT / "questionnaires")
    fft, staff = qs["fft"], qs["staff"]
    assert [read_locale(fft, c) for c in ("en", "en-easy", " EN-Easy ", "")] == ["en", "en-easy", "en-easy", "en"]
    # staff lists only en and is no longer served in easy read, but exports of responses the web
    # stored as en-easy before then import back
    assert read_locale(staff, "en-easy") == "en-easy"
    with pytest.raises(ValueError, match=r"^locale: 'fr' is not one of the questionnaire's locales \(en, en-easy\)$"):
        read_locale(fft, "fr")


def test_help_and_locale_columns_are_stored_and_bad_cells_rejected_with_the_reason(app, tmp_path):
    data, mapping, rejects = tmp_path / "paper.csv", tmp_path / "map.yaml", tmp_path / "r.csv"
    mapping.write_text(HELP_LOCALE_MAPPING)
    cells = [
        ("A1", "Yes", "en"), ("A2", "n", "EN-Easy"), ("A3", "TRUE", ""), ("A4", "0", "en-easy"),
        ("A5", "", ""), ("A6", "maybe", "en"), ("A7", "yes", "fr"), ("A8", "'=1", "en"),
    ]
    _write(data, [{"ref": ref, **ROW, "helped": helped, "language": language} for ref, helped, language in cells])
    result = _run(app, data, mapping, rejects)
    assert result.exit_code == 0, result.output
    assert "Read 8 rows: stored 5 responses, rejected 3 rows." in result.output
    assert _stored(app) == {
        "A1": (True, "en"), "A2": (False, "en-easy"), "A3": (True, "en"), "A4": (False, "en-easy"), "A5": (None, "en"),
    }
    allowed = "(yes, no, y, n, true, false, 1 or 0; leave it blank when not recorded)"
    assert _rejects(rejects) == [
        ("7", f"completed_with_help: 'maybe' is not yes or no {allowed}"),
        ("8", "locale: 'fr' is not one of the questionnaire's locales (en, en-easy)"),
        ("9", f"completed_with_help: '=1' is not yes or no {allowed}"),  # the export's ' taken off
    ]


def test_a_mapping_naming_a_column_the_file_lacks_stops_before_storing(app, tmp_path):
    data, mapping = tmp_path / "paper.csv", tmp_path / "map.yaml"
    mapping.write_text(HELP_LOCALE_MAPPING)
    _write(data, [{"ref": "A1", **ROW, "helped": "yes"}])
    result = _run(app, data, mapping, tmp_path / "r.csv")
    assert result.exit_code == 1
    assert "column(s) named in map.yaml not found: language" in result.output
    assert _stored(app) == {}


def test_the_fingerprint_changes_only_when_help_or_locale_is_not_the_default():
    plain = content_digest({"fft": "good"}, None, "111")
    assert content_digest({"fft": "good"}, None, "111", None, "en") == plain  # imported before the keys: the same
    assert len({plain, content_digest({"fft": "good"}, None, "111", True),
                content_digest({"fft": "good"}, None, "111", False),
                content_digest({"fft": "good"}, None, "111", None, "en-easy")}) == 4


def test_a_file_imported_before_the_mapping_named_help_is_skipped_or_corrected(app, tmp_path):
    """Rows whose help is blank and locale ``en`` are what was stored: skipped as imported.
    A row that now says yes or no differs: rejected, or with --apply-corrections it corrects
    the stored response's help and locale in place."""
    data, rejects = tmp_path / "paper.csv", tmp_path / "r.csv"
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(MAPPING)
    after.write_text(HELP_LOCALE_MAPPING)
    _write(data, [{"ref": ref, **ROW, "helped": "", "language": ""} for ref in ("B1", "B2", "B3")])
    assert "stored 3 responses, rejected 0 rows." in _run(app, data, before, rejects).output
    assert _stored(app) == {"B1": (None, "en"), "B2": (None, "en"), "B3": (None, "en")}

    _write(data, [{"ref": "B1", **ROW, "helped": "", "language": "en"},
                  {"ref": "B2", **ROW, "helped": "no", "language": ""},
                  {"ref": "B3", **ROW, "helped": "yes", "language": "en-easy"}])
    result = _run(app, data, after, rejects)
    assert "stored 0 responses, rejected 2 rows, skipped 1 row already imported" in result.output
    assert [n for n, _ in _rejects(rejects)] == ["3", "4"]
    assert "--apply-corrections" in _rejects(rejects)[0][1]

    result = _run(app, data, after, rejects, "--apply-corrections")
    assert "stored 0 responses, corrected 2 responses, rejected 0 rows, skipped 1 row already imported" in (
        result.output
    )
    assert _stored(app) == {"B1": (None, "en"), "B2": (False, "en"), "B3": (True, "en-easy")}

    _write(data, [{"ref": "B3", **ROW, "rating": "2", "helped": "", "language": ""}])
    result = _run(app, data, before, rejects, "--apply-corrections")  # a mapping without the keys keeps them
    assert "corrected 1 response" in result.output
    assert _stored(app)["B3"] == (True, "en-easy")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("completed_with_help: helped\nlocale: language\ncompleted_with_help: language\n",
         "completed_with_help: given twice (lines 11 and 13); keep one"),
        ("completed_with_help:\n", "completed_with_help: has no value: give a column name, or leave the key out"),
        ("locale: ''\n", "locale: has no value: give a column name, or leave the key out"),
    ],
)
def test_a_mapping_key_given_twice_or_without_a_value_is_refused_naming_file_and_key(app, tmp_path, extra, message):
    """PyYAML keeps the last of two keys without a word; a null said "got NoneType". Nothing is read or stored."""
    data, mapping = tmp_path / "paper.csv", tmp_path / "map.yaml"
    mapping.write_text(MAPPING + extra)
    _write(data, [{"ref": "A1", **ROW, "helped": "yes", "language": "en"}])
    result = _run(app, data, mapping, tmp_path / "r.csv")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {mapping}: {message}"
    assert _stored(app) == {}


def test_a_value_given_twice_inside_a_mapping_key_is_refused_naming_where(tmp_path):
    from survey_app.config import ROOT
    from survey_app.responses.imports import MappingError, load_mapping

    path = tmp_path / "map.yaml"
    path.write_text('answers:\n  fft: {column: rating, values: {"1": very_good, "1": poor}}\n')
    with pytest.raises(MappingError, match=r"map\.yaml: answers\.fft\.values\.1: given twice \(line 2\); keep one$"):
        load_mapping(path, load_all(ROOT / "questionnaires")["fft"])


def _corrected_at(app) -> dict[str, object]:
    from survey_app.extensions import db

    with app.app_context():
        responses = db.session.scalars(sa.select(Response))
        return {r.import_ref.split(":")[2].split(" ")[0]: r.corrected_at for r in responses}


#: Rows whose help and locale are not the defaults, and one whose are.
CELLS = [("H1", "yes", "en"), ("H2", "no", "en-easy"), ("H3", "", "en-easy"), ("H4", "", "")]


def _imported_with_keys(app, tmp_path, rows, by_row=False):
    """Write ``rows`` to paper.csv and import them with the mapping naming help and locale;
    returns (file, rejects file, that mapping, the same mapping without those keys)."""
    data, rejects = tmp_path / "paper.csv", tmp_path / "r.csv"
    with_keys, without = tmp_path / "with.yaml", tmp_path / "without.yaml"
    for path, text in ((with_keys, HELP_LOCALE_MAPPING), (without, MAPPING)):  # by_row: no reference column
        path.write_text(text.replace("reference: ref\n", "") if by_row else text)
    _write(data, rows)
    assert f"stored {len(rows)} responses, rejected 0 rows." in _run(app, data, with_keys, rejects).output
    return data, rejects, with_keys, without


def test_a_mapping_without_help_or_locale_finds_the_same_file_unchanged(app, tmp_path):
    """A tester's file imported with the keys, then with an older mapping without them: every
    row was "imported before with different answers", --apply-corrections "corrected" 4
    responses that did not change (stamping corrected_at), and the first mapping then found
    every row changed. Now a mapping that does not name help or locale never makes a row differ."""
    rows = [{"ref": ref, **ROW, "helped": h, "language": loc} for ref, h, loc in CELLS]
    data, rejects, with_keys, without = _imported_with_keys(app, tmp_path, rows)
    stored = {"H1": (True, "en"), "H2": (False, "en-easy"), "H3": (None, "en-easy"), "H4": (None, "en")}
    assert _stored(app) == stored
    for mapping, flags in ((without, ()), (without, ("--apply-corrections",)), (with_keys, ()),
                           (with_keys, ("--apply-corrections",))):
        result = _run(app, data, mapping, rejects, *flags)
        corrected = " corrected 0 responses," if flags else ""
        assert f"stored 0 responses,{corrected} rejected 0 rows, skipped 4 rows already imported" in result.output
    assert _stored(app) == stored
    assert set(_corrected_at(app).values()) == {None}

    # a changed cell still differs, where the mapping names its column, and only there
    _write(data, [{"ref": ref, **ROW, "helped": h, "language": loc} for ref, h, loc in [("H1", "no", "en"), *CELLS[1:]]])
    assert "skipped 4 rows" in _run(app, data, without, rejects).output
    result = _run(app, data, with_keys, rejects)
    assert "rejected 1 row, skipped 3 rows" in result.output
    assert [n for n, _ in _rejects(rejects)] == ["2"]
    assert "corrected 1 response, rejected 0 rows, skipped 3 rows" in _run(
        app, data, with_keys, rejects, "--apply-corrections"
    ).output
    assert _stored(app)["H1"] == (False, "en") and _corrected_at(app)["H1"] is not None


def _old_fingerprints(app) -> list[str]:
    """Give every stored response (fft, answered by ``fft`` and free text, service ``111``) the
    digest imports before this change kept: help and locale in, when not the defaults. Returns
    the import_refs."""
    from datetime import UTC

    from survey_app.extensions import db
    from survey_app.responses.imports import DIGEST_MARK

    with app.app_context():
        for r in db.session.scalars(sa.select(Response)):
            answers = {a.question_id: a.option_value or a.text_value for a in r.answers}
            when = (r.submitted_at if r.submitted_at.tzinfo else r.submitted_at.replace(tzinfo=UTC)).astimezone(UTC)
            old = content_digest(answers, when, "111", r.completed_with_help, r.locale)
            r.import_ref = r.import_ref.rpartition(DIGEST_MARK)[0] + DIGEST_MARK + old
        db.session.commit()
        return sorted(db.session.scalars(sa.select(Response.import_ref)))


def test_rows_moved_in_a_file_known_by_row_number_are_skipped_with_either_mapping(app, tmp_path):
    rows = [{"ref": "", **ROW, "good": g, "helped": h, "language": loc}
            for g, h, loc in (("Kind", "yes", "en-easy"), ("Quick", "no", "en"), ("Calm", "", ""))]
    data, rejects, with_keys, without = _imported_with_keys(app, tmp_path, rows, by_row=True)
    for old in (False, True):
        if old:
            _old_fingerprints(app)
        _write(data, rows[::-1])  # rows sorted since: each number holds another row's content
        for mapping in (without, with_keys):
            assert "stored 0 responses, rejected 0 rows, skipped 3 rows" in _run(app, data, mapping, rejects).output
        _write(data, rows)
    _write(data, [{**rows[1], "helped": "yes"}, *rows[:1], rows[2]])  # moved, and its help changed
    assert "rejected 1 row, skipped 2 rows" in _run(app, data, with_keys, rejects).output
    assert "skipped 3 rows" in _run(app, data, without, rejects).output


def test_responses_imported_with_the_old_fingerprint_are_still_skipped(app, tmp_path):
    """Imports before this change kept help and locale in the digest when not the defaults;
    such a response is skipped with either mapping, and a changed cell still differs."""
    from survey_app.responses.imports import DIGEST_MARK

    rows = [{"ref": ref, **ROW, "helped": h, "language": loc} for ref, h, loc in CELLS]
    data, rejects, with_keys, without = _imported_with_keys(app, tmp_path, rows)
    refs = _old_fingerprints(app)
    assert len({ref.rpartition(DIGEST_MARK)[2] for ref in refs}) == 4  # H4's is the plain one, the others differ
    for mapping in (with_keys, without, with_keys):
        result = _run(app, data, mapping, rejects, "--apply-corrections")
        assert "stored 0 responses, corrected 0 responses, rejected 0 rows, skipped 4 rows" in result.output
    _write(data, [{"ref": ref, **ROW, "helped": h, "language": loc} for ref, h, loc in [*CELLS[:3], ("H4", "yes", "")]])
    assert "rejected 1 row, skipped 3 rows" in _run(app, data, with_keys, rejects).output


def test_a_correction_that_changes_nothing_is_not_counted_or_stamped(app, tmp_path):
    """The service cell spelt another way ('pts', then its name) gives another fingerprint,
    but the same stored service: nothing to correct."""
    data, rejects, mapping = tmp_path / "paper.csv", tmp_path / "r.csv", tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    _write(data, [{"ref": "S1", **ROW, "team": "pts"}, {"ref": "S2", **ROW, "team": "pts"}])
    assert "stored 2 responses" in _run(app, data, mapping, rejects).output
    _write(data, [{"ref": "S1", **ROW, "team": "PTS - Patient Transport"},
                  {"ref": "S2", **ROW, "team": "pts", "rating": "2"}])
    result = _run(app, data, mapping, rejects, "--apply-corrections")
    assert "stored 0 responses, corrected 1 response, rejected 0 rows, skipped 1 row already imported" in result.output
    stamped = _corrected_at(app)
    assert stamped["S1"] is None and stamped["S2"] is not None


def test_every_row_of_a_group_is_read_and_rows_that_differ_reject_the_group(app, tmp_path):
    """A tester's group_by file: a second row's 'maybe,klingon' was stored without a word,
    'yes/en' then 'no/en-easy' kept the first silently, and a rejected group's second row
    was given the first row's cell in its reason."""
    data, mapping, rejects = tmp_path / "groups.csv", tmp_path / "map.yaml", tmp_path / "r.csv"
    mapping.write_text(HELP_LOCALE_MAPPING.replace("reference: ref", "group_by: ref"))
    cells = [
        ("G1", "yes", "en"), ("G1", "maybe", "klingon"),
        ("G2", "yes", "en"), ("G2", "no", "en-easy"),
        ("G3", "", ""), ("G3", "Y", "en-easy"),
        ("G4", "yes", "en"), ("G4", "y", "EN"),
    ]
    _write(data, [{"ref": ref, **ROW, "rating": "1" if i % 2 == 0 else "", "good": "" if i % 2 == 0 else "Kind",
                   "helped": h, "language": loc} for i, (ref, h, loc) in enumerate(cells)])
    result = _run(app, data, mapping, rejects)
    assert "Read 8 rows: stored 2 responses, rejected 4 rows." in result.output, result.output
    from survey_app.extensions import db

    with app.app_context():  # G3's and G4's (a group's import_ref names its first row)
        stored = db.session.execute(sa.select(Response.completed_with_help, Response.locale).order_by(Response.id))
        assert [tuple(r) for r in stored] == [(True, "en-easy"), (True, "en")]
    allowed = "(yes, no, y, n, true, false, 1 or 0; leave it blank when not recorded)"
    g1 = (f"completed_with_help (row 3): 'maybe' is not yes or no {allowed}; "
          "locale (row 3): 'klingon' is not one of the questionnaire's locales (en, en-easy)")
    g2 = ("completed_with_help: the rows of this response differ ('yes' in row 4, 'no' in row 5); give the same on "
          "each row; locale: the rows of this response differ ('en' in row 4, 'en-easy' in row 5); give the same on "
          "each row")
    assert _rejects(rejects) == [("2", g1), ("3", g1), ("4", g2), ("5", g2)]
