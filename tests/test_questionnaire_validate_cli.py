"""``flask questionnaires validate`` and ``flask questionnaires list``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from survey_app import create_app
from survey_app.config import ROOT
from survey_app.questionnaire import loader

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"


@pytest.fixture
def cli_app(tmp_path: Path) -> Flask:
    """The app on a throwaway in-memory database (these commands never touch it)."""
    loader.clear_cache()
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_ENGINES": {"default": "sqlite://"},
            "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
        }
    )


def invoke(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["questionnaires", *args])


def test_validate_defaults_to_the_configured_folder(cli_app):
    result = invoke(cli_app, "validate")
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 5 questionnaires valid\n"


def test_a_priority_tagged_question_that_cannot_score_is_a_warning_not_an_error(cli_app, tmp_path):
    # staff.yaml's "Were you satisfied with how your concern was dealt with?" was tagged with
    # safety with no option scores, so it added nothing to the safety score without a word
    text = (ROOT / "questionnaires" / "staff.yaml").read_text(encoding="utf-8")
    scored = '{value: "yes", label: "Yes", score: 3}'
    assert scored in text
    (tmp_path / "staff.yaml").write_text(text.replace(scored, '"Yes"').replace(", score: 2}", "}").replace(
        ', score: 1}', '}'), encoding="utf-8")
    result = invoke(cli_app, "validate", str(tmp_path / "staff.yaml"))
    assert result.exit_code == 0, result.output
    lines = text.splitlines()  # the warning names the line of the question's priorities: field
    at = lines.index("      - id: concern_outcome")
    line = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("priorities:")) + 1
    assert result.output.splitlines() == [
        f"Warning: {tmp_path / 'staff.yaml'}:{line}: sections[2].questions[2].priorities: question 'concern_outcome' "
        "is tagged with priorities, but none of its options has a 'score', so its answers will not count towards "
        "the priority's score (give the options scores, e.g. 1 for the worst answer up to 5 for the best)",
        "OK: 1 questionnaire valid (1 warning)",
    ]


def test_validate_files_and_folders(cli_app, tmp_path):
    shutil.copy(FIXTURES / "valid-minimal.yaml", tmp_path / "one.yaml")
    result = invoke(cli_app, "validate", str(tmp_path), str(ROOT / "questionnaires" / "fft.yaml"))
    assert result.exit_code == 0, result.output
    assert "OK: 2 questionnaires valid" in result.output


def test_validate_reports_each_problem_on_one_line_and_exits_1(cli_app):
    result = invoke(cli_app, "validate", str(FIXTURES / "unknown-type.yaml"), str(FIXTURES / "show-if-later.yaml"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].endswith(
        "tests/fixtures/questionnaires/unknown-type.yaml:15: sections[0].questions[1].type: unknown question type"
        " 'slider' (expected one of: single_choice, multi_choice, likert, fft, rating, free_text, number, date,"
        " ranking, matrix, consent)"
    )
    assert lines[1].endswith(
        "tests/fixtures/questionnaires/show-if-later.yaml:13: sections[0].questions[0].show_if: refers to question"
        " 'q2', which comes later (show_if may only use earlier answers)"
    )
    assert lines[2] == "2 problems in 2 files."
    assert "OK" not in result.output


def test_validate_the_whole_fixture_folder_names_every_broken_file(cli_app):
    result = invoke(cli_app, "validate", str(FIXTURES))
    assert result.exit_code == 1
    named = {line.split(":")[0].rsplit("/", 1)[-1] for line in result.output.splitlines() if ".yaml:" in line}
    broken = {p.name for p in FIXTURES.glob("*.yaml")} - {"valid-minimal.yaml"}
    assert named == broken


def test_validate_a_missing_path_is_a_usage_error(cli_app):
    result = invoke(cli_app, "validate", "no/such/place.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_validate_an_empty_folder_fails(cli_app, tmp_path):
    result = invoke(cli_app, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "no questionnaire files (*.yaml) in this folder" in result.output


def test_list(cli_app):
    result = invoke(cli_app, "list")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.strip().splitlines()]
    assert [r[0] for r in rows] == ["carers", "fft", "people-who-use-services", "staff", "workshop"]
    fft = rows[1]
    assert fft[1:4] == ["v1", "any", "1 page, 4 questions"]
    assert fft[4] == "Friends and Family Test"
    assert len(fft) == 6  # public: no marker
    assert rows[4][4] == "Co-production workshop contribution"
    assert rows[4][6] == "not public (open: false; import only)"


def test_list_with_a_broken_file_exits_1(cli_app, tmp_path):
    shutil.copy(FIXTURES / "valid-minimal.yaml", tmp_path / "ok.yaml")
    shutil.copy(FIXTURES / "unknown-type.yaml", tmp_path / "bad.yaml")
    cli_app.config["QUESTIONNAIRES_DIR"] = str(tmp_path)
    result = invoke(cli_app, "list")
    assert result.exit_code == 1
    assert result.output.startswith("valid-minimal\tv1\tany\t2 pages, 3 questions")
    assert "1 problem(s) found" in result.output


UNSCORED = """\
id: unscored
version: 1
title: Unscored
audience: any
sections:
  - id: one
    title: One
    questions:
      - id: told
        type: single_choice
        text: Were you told who to contact?
        priorities: [clear_and_transparent]
        options: ["Yes", "No", "Not sure"]
      - id: scored
        type: single_choice
        text: Were you told in time?
        priorities: [clear_and_transparent]
        options: [{value: "yes", label: "Yes", score: 2}, {value: "no", label: "No", score: 1}, "Not sure"]
      - id: which
        type: multi_choice
        text: Which did you use?
        priorities: [joint_systems]
        options: ["Phone", "Letter"]
      - id: grid
        type: matrix
        text: How much do you agree?
        options: ["Yes", "No"]
        rows:
          - {id: r1, text: Staff were kind, priorities: [culture]}
      - id: plain
        type: single_choice
        text: Untagged, unscored
        options: ["Yes", "No"]
"""


def test_validate_warns_about_a_priority_tagged_question_that_cannot_score(cli_app, tmp_path):
    # A tester's find: Yes / No / Not sure with no scores, tagged with a priority, scored
    # nothing in the report, and the validator said nothing.
    path = tmp_path / "unscored.yaml"
    path.write_text(UNSCORED, encoding="utf-8")
    result = invoke(cli_app, "validate", str(path))
    assert result.exit_code == 0, result.output  # a warning, not an error
    lines = result.output.strip().splitlines()
    assert lines[-1] == "OK: 1 questionnaire valid (3 warnings)"
    assert [line.split(": question ")[0] for line in lines[:-1]] == [
        f"Warning: {path}:12: sections[0].questions[0].priorities",
        f"Warning: {path}:22: sections[0].questions[2].priorities",
        f"Warning: {path}:29: sections[0].questions[3].rows[0].priorities",
    ]
    assert "question 'told' is tagged with priorities, but none of its options has a 'score', so its answers " \
        "will not count towards the priority's score" in lines[0]
    assert "question 'which' is tagged with priorities, but a multi_choice question's answers never count" in lines[1]
    assert "question 'grid'" in lines[2]
