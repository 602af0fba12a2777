"""Loading, validating and normalising questionnaire files, and the starter questionnaires."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from survey_app.questionnaire import loader
from survey_app.questionnaire.loader import (
    Problem,
    QuestionnaireError,
    load_all,
    load_questionnaire,
    questionnaire_from_definition,
    slugify,
    validate_paths,
)
from survey_app.questionnaire.model import (
    AUDIENCES,
    CLOSED_TYPES,
    FFT_OPTIONS,
    FFT_QUESTION_TEXT,
    PRIORITY_IDS,
    QUESTION_TYPES,
    Questionnaire,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
STARTERS = ROOT / "questionnaires"
AUDIENCE_FILES = ("people-who-use-services", "carers", "staff")


@pytest.fixture(autouse=True)
def _fresh_cache():
    loader.clear_cache()
    yield
    loader.clear_cache()


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    return caught.value.problems


def write(tmp_path: Path, text: str, name: str = "q.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
id: tiny
version: 1
title: Tiny
audience: any
sections:
  - id: one
    title: One
    questions:
{questions}
"""


def tiny(tmp_path: Path, questions: str, **replace: str) -> Path:
    text = MINIMAL.format(questions=questions)
    for old, new in replace.items():
        text = text.replace(old, new)
    return write(tmp_path, text)


# --- Broken definitions: each names file, line and field ---------------------------------

BROKEN = [
    (
        "unknown-type.yaml",
        15,
        "sections[0].questions[1].type",
        "unknown question type 'slider' (expected one of: single_choice, multi_choice",
    ),
    (
        "duplicate-id.yaml",
        17,
        "sections[1].questions[0] (include equality.questions[1].id)",
        "duplicate question id 'sex' (first used at sections[0].questions[0])",
    ),
    (
        "duplicate-option.yaml",
        16,
        "sections[0].questions[0].options[2]",
        "duplicate option value 'gp_practice' (also options[0])",
    ),
    ("show-if-later.yaml", 13, "sections[0].questions[0].show_if", "refers to question 'q2', which comes later"),
    ("show-if-unknown.yaml", 13, "sections[0].questions[0].show_if", "refers to unknown question 'q9'"),
    (
        "show-if-syntax.yaml",
        17,
        "sections[0].questions[1].show_if",
        "syntax error in 'q1 = \"no\"': use '==' to compare, not '=' at column 4",
    ),
    (
        "section-show-if-same-page.yaml",
        16,
        "sections[1].show_if",
        "refers to question 'q2', which is on this or a later page",
    ),
    ("unknown-priority.yaml", 13, "sections[0].questions[0].priorities[1]", "unknown priority id 'kindness'"),
    (
        "missing-options.yaml",
        11,
        "sections[0].questions[0].type",
        "single_choice question 'q1' needs a list of options",
    ),
    (
        "priorities-on-free-text.yaml",
        13,
        "sections[0].questions[0].priorities",
        "priorities can only tag closed questions",
    ),
    ("fft-changed.yaml", 12, "sections[0].questions[0].text", "the Friends and Family Test question is fixed"),
    (
        "fft-options-changed.yaml",
        12,
        "sections[0].questions[0].options",
        "the Friends and Family Test options are fixed",
    ),
    (
        "fft-without-free-text.yaml",
        11,
        "sections[0].questions[0].type",
        "must also ask at least one free_text question",
    ),
    ("invalid-yaml.yaml", 14, "", "invalid YAML: while parsing a flow sequence"),
    (
        "unknown-include.yaml",
        10,
        "sections[0].questions[0].include",
        "unknown block 'equalities' (available: equality)",
    ),
    ("matrix-without-rows.yaml", 11, "sections[0].questions[0].type", "matrix question 'q1' needs rows"),
]


@pytest.mark.parametrize(("name", "line", "field", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_names_file_line_and_field(name, line, field, message):
    problems = problems_of(FIXTURES / name)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path.endswith(f"tests/fixtures/questionnaires/{name}")
    assert (problem.line, problem.field_path) == (line, field)
    assert message in problem.message
    text = str(problem)
    assert "\n" not in text
    prefix = f"{problem.path}:{line}: " + (f"{field}: " if field else "")
    assert text.startswith(prefix)


def test_problem_str_is_one_clear_line():
    problem = Problem(
        "questionnaires/carers.yaml", "sections[1].questions[3].type", 42, "unknown question type 'slider'"
    )
    assert (
        str(problem) == "questionnaires/carers.yaml:42: sections[1].questions[3].type: unknown question type 'slider'"
    )
    assert str(Problem("a.yaml", "", None, "file not found")) == "a.yaml: file not found"


def test_the_valid_fixture_loads():
    q = load_questionnaire(FIXTURES / "valid-minimal.yaml")
    assert [s.id for s in q.sections] == ["first", "second"]
    assert q.question("q1").option_values() == ("yes", "no")


def test_every_problem_in_a_file_is_reported(tmp_path):
    path = tiny(
        tmp_path,
        """\
      - id: a
        type: slider
        text: A
      - id: b
        type: likert
        priorities: [kindness]
""",
    )
    problems = problems_of(path)
    assert [(p.line, p.field_path) for p in problems] == [
        (10, "sections[0].questions[0].type"),
        (14, "sections[0].questions[1].priorities[0]"),
    ]
    assert str(QuestionnaireError(problems)).count("\n") == 1


def test_schema_messages_are_plain(tmp_path):
    path = tiny(
        tmp_path,
        """\
      - id: A1
        type: single_choice
        text: 5
        colour: red
        options: [{value: a, label: Yes, a lot}]
""",
        **{"audience: any": "audience: everyone"},
    )
    messages = {p.field_path: p.message for p in problems_of(path)}
    assert messages["audience"].startswith("unknown audience 'everyone' (expected one of: people_who_use_services")
    assert "is not a valid id" in messages["sections[0].questions[0].id"]
    assert (
        messages["sections[0].questions[0].text"] == "must be text, or a mapping of locale to text that includes 'en'"
    )
    assert messages["sections[0].questions[0]"].startswith("unknown key 'colour'")
    assert "put it in quotes" in messages["sections[0].questions[0].options[0]"]


def test_not_a_mapping_and_missing_keys(tmp_path):
    assert "must be a mapping" in problems_of(write(tmp_path, "- just\n- a list\n"))[0].message
    problems = problems_of(write(tmp_path, "id: x\ntitle: X\n"))
    assert problems[0].message == "missing required key(s)".replace("(s)", "s") + " 'version', 'audience', 'sections'"
    assert problems[0].line == 1


def test_duplicate_yaml_key_is_reported(tmp_path):
    path = tiny(tmp_path, "      - id: a\n        type: free_text\n        text: A\n        text: B\n")
    (problem,) = problems_of(path)
    assert (problem.line, problem.field_path, problem.message) == (
        12,
        "sections[0].questions[0].text",
        "duplicate key 'text'",
    )


def test_missing_file():
    (problem,) = problems_of(Path("no/such/file.yaml"))
    assert problem.message == "file not found"


def test_show_if_value_must_be_an_option(tmp_path):
    path = tiny(
        tmp_path,
        """\
      - id: a
        type: single_choice
        text: A
        options: ["Yes", "No"]
      - id: b
        type: free_text
        text: B
        show_if: a == "yse"
""",
    )
    (problem,) = problems_of(path)
    assert problem.field_path == "sections[0].questions[1].show_if"
    assert problem.message == "compares 'a' with 'yse', which is not one of its option values (yes, no)"


def test_self_reference_and_undeclared_locale(tmp_path):
    path = tiny(
        tmp_path,
        """\
      - id: a
        type: free_text
        text: {en: A, cy: B}
        show_if: answered(a)
""",
    )
    messages = sorted(p.message for p in problems_of(path))
    assert messages == [
        "locale 'cy' is not listed in the questionnaire's locales (en)",
        "question 'a' cannot depend on its own answer",
    ]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("type: free_text\n        text: A\n        options: [x]", "a free_text question takes no options"),
        ("type: rating\n        text: A\n        max: 5", "a rating question is always 0 to 10"),
        ("type: number\n        text: A\n        min: 5\n        max: 1", "min (5) is greater than max (1)"),
        (
            "type: likert\n        text: A\n        max_length: 5",
            "'max_length' is only for free_text questions, not likert",
        ),
        ("type: likert\n        text: A\n        topic: safety", "'topic' is for free_text questions"),
        ("type: number\n        text: A\n        format: postcode_district",
         "'format' is only for free_text questions, not number"),
        ("type: free_text\n        text: A\n        format: postcode_district\n        max_length: 4",
         "'max_length' does not go with 'format'"),
        ("type: free_text\n        text: A\n        format: phone", "unknown value 'phone' (expected one of: postcode_district)"),
        (
            "type: ranking\n        text: A\n        options: [{value: a, label: A, specify: true}]",
            "'specify' (a write-in box) is only for single_choice and multi_choice",
        ),
        ("type: single_choice\n        text: A\n        rows: [{id: r, text: R}]", "only matrix questions have rows"),
        ("type: number\n        text: A\n        priorities: [safety]", "priorities can only tag closed questions"),
        ("type: single_choice\n        options: [a]", "missing required key 'text'"),
        # YAML's .nan/.inf are floats the schema accepts; they made every answer "not between nan and inf".
        ("type: number\n        text: A\n        min: .nan", "nan is not a finite number"),
        ("type: number\n        text: A\n        max: .inf", "inf is not a finite number"),
        ("type: single_choice\n        text: A\n        options: [{value: a, label: A, score: -.inf}]",
         "-inf is not a finite number"),
    ],
)
def test_type_specific_rules(tmp_path, question, message):
    path = tiny(tmp_path, f"      - id: a\n        {question}\n")
    assert [p.message for p in problems_of(path) if message in p.message], problems_of(path)


LONG_ID = "a" + "x" * 100


@pytest.mark.parametrize(
    ("questions", "replace", "field"),
    [
        ("      - id: a\n        type: free_text\n        text: A\n", {"id: tiny": f"id: {LONG_ID}"}, "id"),
        ("      - id: a\n        type: free_text\n        text: A\n", {"version: 1": "version: " + "9" * 41}, "version"),
        ("      - id: a\n        type: free_text\n        text: A\n", {"title: Tiny": "title: " + "T" * 301}, "title"),
        (f"      - id: {LONG_ID}\n        type: free_text\n        text: A\n", {}, "sections[0].questions[0].id"),
        (f"      - id: a\n        type: matrix\n        text: A\n        rows: [{{id: {LONG_ID}, text: R}}]\n", {},
         "sections[0].questions[0].rows[0].id"),
        ("      - id: a\n        type: single_choice\n        text: A\n        options: [{value: " + "v" * 201
         + ", label: V}]\n", {}, "sections[0].questions[0].options[0].value"),
        ("      - id: a\n        type: single_choice\n        text: A\n        options: [" + "Word " * 50 + "]\n", {},
         "sections[0].questions[0].options[0]"),
    ],
    ids=["questionnaire id", "version", "title", "question id", "row id", "option value", "option from a long label"],
)
def test_values_longer_than_the_database_holds_are_refused(tmp_path, questions, replace, field):
    # SQLite ignores column lengths; PostgreSQL refused the first saved page with a server error.
    problems = problems_of(tiny(tmp_path, questions, **replace))
    assert [(p.field_path, "characters or fewer" in p.message) for p in problems] == [(field, True)], problems


def test_the_length_limits_are_the_database_columns_lengths():
    # Read from survey_app.models: each kind from its own column (a swapped column would show here).
    assert loader.MAX_LENGTHS == {
        "id": 100, "version": 40, "title": 300, "question id": 100, "row id": 100, "option value": 200
    }


def test_two_fft_items_are_refused(tmp_path):
    path = tiny(
        tmp_path,
        "      - {id: a, type: fft}\n      - {id: b, type: fft}\n      - {id: c, type: free_text, text: Why}\n",
    )
    assert [p.message for p in problems_of(path)] == [
        "only one Friends and Family Test question is allowed per questionnaire"
    ]


def test_a_question_id_that_is_an_export_column_is_refused(tmp_path):
    path = tiny(
        tmp_path,
        "      - {id: service, type: free_text, text: Which ward}\n      - {id: channel, type: free_text, text: How}\n"
        "      - {id: completed_with_help, type: free_text, text: Who helped}\n"
        "      - {id: locale, type: free_text, text: Which language}\n",
    )
    found = problems_of(path)
    assert [(p.field_path, p.line) for p in found] == [
        ("sections[0].questions[0].id", 9), ("sections[0].questions[1].id", 10),
        ("sections[0].questions[2].id", 11), ("sections[0].questions[3].id", 12),
    ]
    assert str(found[0]).startswith(
        f"{found[0].path}:9: sections[0].questions[0].id: question id 'service' is reserved: "
        "the response export has a column of that name (response_id, submitted_at, channel, service,"
    )
    assert found[0].path.endswith("q.yaml")


# --- Normalisation ------------------------------------------------------------------------


def test_defaults_and_normalisation(tmp_path):
    path = tiny(
        tmp_path,
        """\
      - id: agree
        type: likert
        text: Staff were kind
        priorities: [culture]
      - id: fft
        type: fft
        text: {en: "Overall, how was your experience of our service?"}
      - id: why
        type: free_text
        text: Why?
        topic: person_centred_care
      - id: why_long
        type: free_text
        multiline: true
        text: Tell us more
      - id: ok
        type: consent
        text: Happy to take part?
      - id: services
        type: multi_choice
        text: Which?
        options:
          - GP practice
          - Don't know
          - {value: other, label: Other, specify: true}
          - {value: none, label: None of these, exclusive: true}
      - id: score
        type: rating
        text: 0 to 10?
      - id: grid
        type: matrix
        text: Agree?
        rows: [{id: r1, text: One, priorities: [safety]}]
""",
    )
    q = load_questionnaire(path)
    agree = q.question("agree")
    assert [(o.value, str(o.label), o.score) for o in agree.options] == [
        ("strongly_agree", "Strongly agree", 5),
        ("agree", "Agree", 4),
        ("neither", "Neither agree nor disagree", 3),
        ("disagree", "Disagree", 2),
        ("strongly_disagree", "Strongly disagree", 1),
    ]
    fft = q.question("fft")
    assert str(fft.text) == FFT_QUESTION_TEXT
    assert [(o.value, str(o.label), o.score) for o in fft.options] == [(v, label, c) for v, label, c in FFT_OPTIONS]
    assert [str(o.label) for o in fft.options] == [
        "Very good",
        "Good",
        "Neither good nor poor",
        "Poor",
        "Very poor",
        "Don't know",
    ]
    assert q.question("why").topic == "person_centred_care"
    assert (q.question("why").max_length, q.question("why").multiline) == (loader.SHORT_TEXT_MAX, False)
    assert q.question("why_long").max_length == loader.LONG_TEXT_MAX
    consent = q.question("ok")
    assert consent.required is True
    assert consent.option_values() == ("yes",)
    services = q.question("services")
    assert services.option_values() == ("gp_practice", "dont_know", "other", "none")
    assert services.option("other").specify
    assert services.option("none").exclusive
    assert services.specify_keys() == ("services:other",)
    assert (q.question("score").minimum, q.question("score").maximum) == (0, 10)
    grid = q.question("grid")
    assert len(grid.options) == 5
    assert grid.rows[0].priorities == ("safety",)
    assert [x.id for x in q.priority_questions("safety")] == ["grid"]
    assert q.version == "1"
    assert q.locales == ("en",)
    assert q.source_path == str(path)


def test_yes_no_and_dates_stay_strings(tmp_path):
    path = tiny(
        tmp_path,
        "      - id: a\n        type: single_choice\n        text: On?\n        options: [Yes, No, on, 2024-01-01]\n",
    )
    assert load_questionnaire(path).question("a").option_values() == ("yes", "no", "on", "2024_01_01")


def test_slugify():
    assert slugify("Don't know") == "dont_know"
    assert slugify("Yes, a lot") == "yes_a_lot"
    assert slugify("  Café \u2013 other ") == "cafe_other"
    assert slugify("!!!") == "option"


def test_definition_is_json_and_rebuilds_the_same_questionnaire():
    q = load_questionnaire(STARTERS / "people-who-use-services.yaml")
    snapshot = json.loads(json.dumps(q.definition))
    rebuilt = questionnaire_from_definition(snapshot, source_path=q.source_path)
    assert rebuilt == q
    assert rebuilt.content_hash == q.content_hash
    assert len(q.content_hash) == 64


def test_content_hash_changes_with_content_not_with_comments(tmp_path):
    base = "      - id: a\n        type: free_text\n        text: A\n"
    first = load_questionnaire(tiny(tmp_path, base)).content_hash
    loader.clear_cache()
    assert load_questionnaire(tiny(tmp_path, "# a comment\n" + base)).content_hash == first
    loader.clear_cache()
    assert load_questionnaire(tiny(tmp_path, base.replace("text: A", "text: B"))).content_hash != first


def test_loads_are_cached_by_mtime(tmp_path):
    path = tiny(tmp_path, "      - id: a\n        type: free_text\n        text: A\n")
    first = load_questionnaire(path)
    assert load_questionnaire(path) is first
    path.write_text(path.read_text().replace("text: A", "text: Changed"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_questionnaire(path)
    assert second is not first
    assert str(second.question("a").text) == "Changed"


def test_include_uses_a_local_blocks_folder_first(tmp_path):
    (tmp_path / "blocks").mkdir()
    write(
        tmp_path / "blocks",
        "id: mini\nequality: true\nquestions:\n"
        "  - {id: colour, type: single_choice, text: 'Colour?', options: [Red, Blue]}\n",
        "mini.yaml",
    )
    path = tiny(tmp_path, "      - include: mini\n      - include: equality\n")
    q = load_questionnaire(path)
    assert q.question("colour").equality is True
    assert q.question("ethnicity").equality is True


def test_a_broken_block_is_reported_in_the_block_file(tmp_path):
    (tmp_path / "blocks").mkdir()
    write(tmp_path / "blocks", "id: bad\nquestions:\n  - {id: x, type: slider}\n", "bad.yaml")
    (problem,) = problems_of(tiny(tmp_path, "      - include: bad\n"))
    assert problem.path.endswith("blocks/bad.yaml")
    assert (problem.line, problem.field_path) == (3, "questions[0].type")


def test_load_all_skips_blocks_and_reports_duplicate_ids(tmp_path):
    shutil.copy(FIXTURES / "valid-minimal.yaml", tmp_path / "a.yaml")
    (tmp_path / "blocks").mkdir()
    shutil.copy(STARTERS / "blocks" / "equality.yaml", tmp_path / "blocks" / "equality.yaml")
    assert list(load_all(tmp_path)) == ["valid-minimal"]
    shutil.copy(FIXTURES / "valid-minimal.yaml", tmp_path / "b.yaml")
    with pytest.raises(QuestionnaireError) as caught:
        load_all(tmp_path)
    assert "questionnaire id 'valid-minimal' is also used by" in str(caught.value)


def test_validate_paths_collects_every_file():
    loaded, problems = validate_paths([FIXTURES])
    assert list(loaded) == ["valid-minimal"]
    assert len({p.path for p in problems}) == len(BROKEN)


@pytest.mark.parametrize("text", ["id: x\nversion: &v 1\n", "a: 1\nb: [1, *a]\n", "a: &a [*a]\n"])
def test_yaml_anchors_and_aliases_are_refused(tmp_path, text):
    path = tmp_path / "anchors.yaml"
    path.write_text(text)
    loaded, problems = validate_paths([path])
    assert not loaded
    assert [(p.path, p.line, p.message) for p in problems] == [
        (str(path), 2 if text.startswith(("id", "a: 1")) else 1, "YAML anchors and aliases are not allowed")
    ]


def test_a_broken_symlink_in_a_folder_is_reported(tmp_path):
    shutil.copy(FIXTURES / "valid-minimal.yaml", tmp_path / "a.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    loaded, problems = validate_paths([tmp_path])
    assert list(loaded) == ["valid-minimal"]
    assert [(Path(p.path).name, "broken symbolic link" in p.message) for p in problems] == [("gone.yaml", True)]
    with pytest.raises(QuestionnaireError, match="broken symbolic link"):
        load_all(tmp_path)


# --- Schema and constants -----------------------------------------------------------------


def test_published_schema_is_valid_and_matches_the_model():
    schema = json.loads(loader.SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tuple(schema["$defs"]["question"]["properties"]["type"]["enum"]) == QUESTION_TYPES
    assert tuple(schema["$defs"]["priorities"]["items"]["enum"]) == PRIORITY_IDS
    assert tuple(schema["properties"]["audience"]["enum"]) == AUDIENCES


def test_priority_ids_match_the_analysis_package():
    from analysis.priorities import PRIORITY_IDS as ANALYSIS_IDS

    assert tuple(ANALYSIS_IDS) == PRIORITY_IDS


# --- The starter questionnaires -----------------------------------------------------------


@pytest.fixture(scope="module")
def starters() -> dict[str, Questionnaire]:
    loader.clear_cache()
    return load_all(STARTERS)


def test_all_starters_load(starters):
    assert sorted(starters) == ["carers", "fft", "people-who-use-services", "staff", "workshop"]
    assert [q.id for q in starters.values() if not q.open] == ["workshop"]
    assert {q.audience for q in starters.values()} == {"people_who_use_services", "carers", "staff", "any"}


@pytest.mark.parametrize("qid", AUDIENCE_FILES)
@pytest.mark.parametrize("priority", PRIORITY_IDS)
def test_each_priority_has_closed_and_free_text_questions(starters, qid, priority):
    q = starters[qid]
    closed = q.priority_questions(priority)
    assert closed
    assert all(x.type in CLOSED_TYPES for x in closed)
    free = [x for x in q.questions() if x.type == "free_text" and x.topic == priority]
    assert free
    assert not any(x.priorities for x in free)


@pytest.mark.parametrize("qid", AUDIENCE_FILES)
def test_starter_shape(starters, qid):
    q = starters[qid]
    first = q.sections[0]
    assert first.questions[0].type == "consent"
    assert first.questions[0].required
    intro = first.intro.get("en")
    for words in ("public task", "two years", "delete", "stop at any time"):
        assert words in intro, words
    # Not what the first page already says above it (names are not asked for, "(optional)"
    # questions can be left blank), and not "skip any question" above a required consent box.
    for locale in q.locales:
        assert not re.search(r"name|anonymous|skip any question", first.intro.get(locale)), locale
    assert len(q.sections) <= 8
    # The equality block sits behind an opt-in page near the end.
    explainer, about_you = q.sections[-2], q.sections[-1]
    assert explainer.questions[0].id == "equality_opt_in"
    assert str(explainer.questions[0].text) == "Do you want to answer the equality questions?"
    assert about_you.show_if == 'equality_opt_in == "yes"'
    assert all(x.equality for x in about_you.questions)
    assert not any(x.equality for s in q.sections[:-1] for x in s.questions)
    # Skip logic is used, and only the equality page depends on the opt-in.
    assert any(x.show_if for x in q.questions() if not x.equality)
    assert (q.audience == "staff") == (not any(x.type == "fft" for x in q.questions()))


def test_every_question_type_is_used_across_the_starters(starters):
    used = {x.type for q in starters.values() for x in q.questions()}
    assert used == set(QUESTION_TYPES)
    assert any(
        o.specify for q in starters.values() for x in q.questions() if x.type == "multi_choice" for o in x.options
    )


def test_fft_survey_keeps_the_import_ids(starters):
    q = starters["fft"]
    assert [x.id for x in q.questions()][:3] == ["fft", "what_was_good", "what_could_be_better"]
    assert str(q.question("what_was_good").text) == "What was good?"
    assert str(q.question("what_could_be_better").text) == "What could be better?"
    assert q.audience == "any"
    assert len(q.sections) == 1
    assert all(x.max_length >= 2000 for x in q.questions() if x.type == "free_text")


def test_easy_read_for_the_fft_follow_up_and_key_questions(starters):
    q = starters["people-who-use-services"]
    assert "en-easy" in q.locales
    assert q.question("fft").text.get("en-easy") != FFT_QUESTION_TEXT
    assert str(q.question("fft").text) == FFT_QUESTION_TEXT
    for qid in (
        "fft_reason",
        "consent",
        "feel_safe",
        "clear_information",
        "tell_story_once",
        "what_matters",
        "equality_opt_in",
    ):
        text = q.question(qid).text
        assert "en-easy" in text.values, qid
        assert text.get("en-easy") != text.get("en"), qid


def test_skip_logic_in_the_people_who_use_services_journey(starters):
    q = starters["people-who-use-services"]
    pages = lambda answers: [s.id for s in q.visible_sections(answers)]  # noqa: E731
    assert "when_things_went_wrong" not in pages({"consent": "yes", "fft": "good"})
    assert "when_things_went_wrong" in pages({"consent": "yes", "fft": "very_poor"})
    assert "about_you" not in pages({"equality_opt_in": "no"})
    assert "about_you" in pages({"equality_opt_in": "yes"})
    safe = q.section("safe_and_informed")
    assert "safety_worry" not in [x.id for x in q.visible_questions(safe, {"feel_safe": "agree"})]
    assert "safety_worry" in [x.id for x in q.visible_questions(safe, {"feel_safe": "strongly_disagree"})]


def test_equality_block_uses_the_standard_wording(starters):
    q = starters["carers"]
    eq = {x.id: x for x in q.questions() if x.equality}
    assert list(eq) == [
        "age_band",
        "sex",
        "gender_identity",
        "ethnicity",
        "health_condition",
        "health_condition_impact",
        "sexual_orientation",
        "religion",
        "carer_status",
        "postcode_district",
    ]
    for x in eq.values():
        assert not x.required
        if x.type == "single_choice":
            last = x.options[-1]
            assert (last.value, str(last.label), last.exclusive) == ("prefer_not_to_say", "Prefer not to say", True), (
                x.id
            )
    assert str(eq["sex"].text) == "What is your sex?"
    assert (
        str(eq["gender_identity"].text) == "Is the gender you identify with the same as your sex registered at birth?"
    )
    assert str(eq["health_condition"].text) == (
        "Do you have any physical or mental health conditions or illnesses lasting or expected to last"
        " 12 months or more?"
    )
    assert [str(o.label) for o in eq["health_condition_impact"].options][:3] == [
        "Yes, a lot",
        "Yes, a little",
        "Not at all",
    ]
    assert eq["health_condition_impact"].show_if == 'health_condition == "yes"'
    assert str(eq["sexual_orientation"].text) == "Which of the following best describes your sexual orientation?"
    assert (
        str(eq["religion"].options[1].hint)
        == "Including Church of England, Catholic, Protestant and all other Christian denominations"
    )
    ethnicity = eq["ethnicity"].options
    assert len(ethnicity) == 20
    groups = [str(o.group) for o in ethnicity[:19]]
    assert list(dict.fromkeys(groups)) == [
        "White",
        "Mixed or Multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
    ]
    assert [groups.count(g) for g in dict.fromkeys(groups)] == [5, 4, 5, 3, 2]
    assert "Roma" in [str(o.label) for o in ethnicity]
    assert all(o.specify for o in ethnicity if str(o.label).startswith("Any other"))
    assert [str(o.label) for o in eq["carer_status"].options][:6] == [
        "No",
        "Yes, 9 hours a week or less",
        "Yes, 10 to 19 hours a week",
        "Yes, 20 to 34 hours a week",
        "Yes, 35 to 49 hours a week",
        "Yes, 50 or more hours a week",
    ]
    assert (eq["postcode_district"].type, eq["postcode_district"].format) == ("free_text", "postcode_district")


def test_the_readme_example_is_valid(tmp_path):
    readme = (STARTERS / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## A short example\n\n```yaml\n(.*?)```", readme, re.DOTALL)
    assert example, "README lost its example"
    q = load_questionnaire(write(tmp_path, example.group(1), "library.yaml"))
    assert q.id == "library-visits"
    assert [s.id for s in q.visible_sections({"equality_opt_in": "no"})] == [
        "before_you_start",
        "your_visit",
        "equality_explainer",
    ]


@pytest.mark.parametrize("qid", ["people-who-use-services", "carers", "fft"])
def test_easy_read_covers_every_page_and_question_outside_the_equality_block(starters, qid):
    q = starters[qid]
    assert "en-easy" in q.locales
    texts = [x.text for x in q.questions() if not x.equality]
    texts += [s.title for s in q.sections] + [s.intro for s in q.sections if s.intro]
    assert all("en-easy" in t.values for t in texts)


def test_services_are_loaded_and_each_id_and_name_is_listed_once(tmp_path):
    services = "services:\n  - {id: ward-7, name: Ward  7}\n  - {id: w8, name: Ward 8}\nsections:"
    q = load_questionnaire(tiny(tmp_path, "      - {id: a, type: free_text, text: A}\n", **{"sections:": services}))
    assert [(s.id, s.name) for s in q.services] == [("ward-7", "Ward 7"), ("w8", "Ward 8")]
    assert (q.service_name("ward-7"), q.service_name("Ward 7"), q.service_name("x")) == ("Ward 7", None, None)
    twice = services.replace("{id: w8, name: Ward 8}", "{id: ward-7, name: ward 7}")
    path = tiny(tmp_path, "      - {id: a, type: free_text, text: A}\n", **{"sections:": twice})
    assert [(p.field_path, p.message) for p in problems_of(path)] == [
        ("services[1].id", "duplicate service id 'ward-7'"),
        ("services[1].name", "duplicate service name 'ward 7'"),
    ]
    bad = services.replace("ward-7", "Ward 7!")
    assert problems_of(tiny(tmp_path, "      - {id: a, type: free_text, text: A}\n", **{"sections:": bad}))


@pytest.mark.parametrize(
    ("listed", "field", "start"),
    [
        (
            "{id: a, name: Alpha}\n  - {id: b, name: A}",
            "services[1].name",
            "service name 'A' (of 'b', 'A') is also the id of services[0] ('a', 'Alpha')",
        ),
        (
            "{id: ab, name: Alpha}\n  - {id: c, name: \"\uff21\uff22\"}",
            "services[1].name",
            "service name '\uff21\uff22' (of 'c', '\uff21\uff22') is also the id of services[0] ('ab', 'Alpha')",
        ),
        (
            "{id: alpha, name: First}\n  - {id: b, name: \" ALPHA\u200b\"}",
            "services[1].name",
            "service name 'ALPHA\\u200b' (of 'b', 'ALPHA\\u200b') is also the id of services[0]",
        ),
        (
            "{id: a, name: B side}\n  - {id: b-side, name: Alpha}\n  - {id: x, name: b  SIDE}",
            "services[2].name",
            "duplicate service name 'b SIDE'",
        ),
        (
            "{id: a, name: Other}\n  - {id: other, name: Something}",
            "services[1].id",
            "service id 'other' (of 'other', 'Something') is also the name of services[0] ('a', 'Other')",
        ),
    ],
)
def test_a_service_id_or_name_matching_another_services_id_or_name_is_refused(tmp_path, listed, field, start):
    """As the import matches a service cell (choice_key), so a cell never names two services."""
    services = f"services:\n  - {listed}\nsections:"
    path = tiny(tmp_path, "      - {id: q, type: free_text, text: A}\n", **{"sections:": services})
    found = problems_of(path)
    assert [p.field_path for p in found] == [field]
    assert found[0].message.startswith(start), found[0].message
    if not start.startswith("duplicate"):
        assert found[0].message.endswith(
            "an import's service cell would match both (ids and names are compared without case or spacing)"
        )


# --- Texts that would show empty, locales the journey cannot serve, unreadable characters ----


@pytest.mark.parametrize(
    ("replace", "line", "field", "what"),
    [
        ({"title: Tiny": 'title: {en: " "}'}, 3, "title.en", "the 'en' text"),
        ({"    title: One": '    title: "  "'}, 7, "sections[0].title", "the 'en' text"),
        ({"title: Tiny\naudience: any": 'title: {en: Tiny, en-easy: "\\t"}\naudience: any\nlocales: [en, en-easy]',
          "    title: One": "    title: {en: One, en-easy: One}"}, 3, "title.en-easy", "the easy-read ('en-easy') text"),
    ],
)
def test_a_text_of_only_spaces_is_refused_naming_file_and_field(tmp_path, replace, line, field, what):
    path = tiny(tmp_path, "      - id: a\n        type: free_text\n        text: {en: A, en-easy: A}\n"
                if "en-easy" in str(replace) else "      - id: a\n        type: free_text\n        text: A\n",
                **replace)
    (problem,) = problems_of(path)
    assert (problem.path, problem.line, problem.field_path) == (str(path), line, field)
    assert problem.message.startswith(f"{what} is blank (only spaces)")


def write_block(tmp_path: Path, question: str) -> Path:
    """``blocks/extra.yaml`` next to the ``tiny`` file, holding one question (from line 5)."""
    (tmp_path / "blocks").mkdir()
    block = tmp_path / "blocks" / "extra.yaml"
    block.write_text("id: extra\ndescription: x\nequality: false\nquestions:\n" + question)
    return block


def test_a_blank_option_label_in_a_block_names_the_block_file(tmp_path):
    block = write_block(tmp_path, "  - id: colour\n    type: single_choice\n    text: Colour?\n"
                                  "    options:\n      - {value: red, label: ' '}\n")
    (problem,) = problems_of(tiny(tmp_path, "      - include: extra\n"))
    assert problem.field_path == "sections[0].questions[0] (include extra.questions[0].options[0].label)"
    assert problem.message.endswith(f"edit it in {block}:9")


def test_a_locale_the_journey_has_no_fixed_words_for_is_refused(tmp_path):
    path = tiny(tmp_path, "      - id: a\n        type: free_text\n        text: {en: A, cy: B}\n",
                **{"audience: any": "audience: any\nlocales: [en, cy]"})
    (problem,) = problems_of(path)  # one problem, not one per text without a Welsh version
    assert (problem.line, problem.field_path) == (5, "locales[1]")
    assert problem.message.startswith("locale 'cy' cannot be served")
    assert "supported locales (en, en-easy;" in problem.message


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x0c", "U+000C")])
def test_a_control_character_is_reported_with_its_line_and_column(tmp_path, char, name):
    path = tiny(tmp_path, f"      - id: a\n        type: free_text\n        text: Why{char}?\n")
    (problem,) = problems_of(path)
    assert (problem.path, problem.line) == (str(path), 11)
    assert problem.message.startswith(f"invalid YAML: column 18: control character {name}")


def test_a_control_character_in_a_block_names_the_block_file(tmp_path):
    block = write_block(tmp_path, "  - id: colour\n    type: free_text\n    text: \"Colour\x1b?\"\n")
    _, problems = validate_paths([tiny(tmp_path, "      - include: extra\n")])
    assert [(p.path, p.line) for p in problems] == [(str(block), 7)]
    assert "column 18: control character U+001B" in problems[0].message
    assert "internal error" not in str(problems[0])


NEVER_TRUE_QUESTIONS = """\
      - id: q1
        type: single_choice
        text: Q1
        options: ["Yes", "No"]
      - id: q2
        type: rating
        text: Q2
      - id: c1
        type: free_text
        text: C1
      - id: m1
        type: multi_choice
        text: M1
        options: ["A", "B"]
      - id: d1
        type: date
        text: D1
      - id: later
        type: free_text
        text: Later
        show_if: {condition}
"""


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ('q2 == "7"', "compares 'q2' with the text '7', but 'q2' is a rating question, whose answer is a number"),
        ('q2 in ["7", "8"]', "compares 'q2' with the text '7', but 'q2' is a rating question"),
        ("q1 > 3", "compares 'q1' with '>', which can never be true: '<', '<=', '>' and '>=' compare numbers"),
        ("c1 > 3", "'c1' is a free_text question"),
        ('q2 < "3"', "compares 'q2' (a rating question), '3' with '<', which can never be true"),
        ('d1 >= 2024', "compares 'd1' (a date question), 2024 with '>=', which can never be true"),
        ("q1 == 3", "compares 'q1' with the number 3, but the answer to a single_choice question is text"),
        ('m1 == "a"', "the answer to a multi_choice question holds several values and is never equal to one: "
                      'write "a" in m1'),
        ('d1 == "2024-01-01"', "'d1' is a date question: its answer is never equal to a text or a number"),
        ('q1 == "yes" and q1 == "no"', "asks for two different answers to 'q1' at once ('and')"),
        ('answered(c1) and q1 in ["yes"] and not (q2 > 5) and q1 == "no"', "two different answers to 'q1'"),
    ],
)
def test_a_show_if_that_can_never_be_true_is_an_error(tmp_path, condition, message):
    # Testers' finds: these passed as "OK" and hid the question from everybody.
    path = tiny(tmp_path, NEVER_TRUE_QUESTIONS.format(condition=json.dumps(condition)))
    (problem,) = problems_of(path)
    assert problem.path.endswith("q.yaml") and problem.line == 29
    assert problem.field_path == "sections[0].questions[5].show_if"
    assert message in problem.message


@pytest.mark.parametrize(
    "condition",
    [
        "q2 >= 7", '"a" in m1', 'q1 != "yes"', 'q1 in ["yes", "no"] and q1 == "yes"', "answered(d1)",
        'q1 == "yes" or q1 == "no"', 'not (q1 == "yes") and q1 == "no"', 'c1 == "x"', 'm1 not in ["a"]',
        'q1 == "yes" and m1 in ["a"] and "b" in m1',
    ],
)
def test_a_show_if_that_can_be_true_still_passes(tmp_path, condition):
    load_questionnaire(tiny(tmp_path, NEVER_TRUE_QUESTIONS.format(condition=json.dumps(condition))))


@pytest.mark.parametrize("condition", ["(" * 500 + 'q1 == "yes"' + ")" * 500, "not " * 3000 + 'q1 == "yes"'])
def test_a_show_if_nested_too_deeply_is_a_problem_not_an_internal_error(tmp_path, condition):
    # It printed "could not be loaded (internal error: RecursionError)".
    path = tiny(tmp_path, NEVER_TRUE_QUESTIONS.format(condition=json.dumps(condition)))
    loaded, problems = validate_paths([path])
    assert loaded == {}
    (problem,) = problems
    assert problem.field_path == "sections[0].questions[5].show_if" and problem.line == 29
    assert problem.message.startswith("show_if is nested too deeply (more than 50 brackets or 'not's")
    assert len(str(problem)) < 200  # the condition itself is not repeated


def test_a_show_if_nested_a_little_still_loads(tmp_path):
    condition = "(" * 20 + "not " * 20 + 'q1 == "yes"' + ")" * 20
    load_questionnaire(tiny(tmp_path, NEVER_TRUE_QUESTIONS.format(condition=json.dumps(condition))))
