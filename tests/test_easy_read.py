"""Easy read: the validator asks for every text in every listed locale, and the journey
(questions and the fixed pages around them) is in easy read when the respondent chose it."""
from __future__ import annotations

from pathlib import Path

from test_journey_helpers import complete

from survey_app.config import ROOT
from survey_app.questionnaire.loader import load_questionnaire, validate_paths
from survey_app.questionnaire.model import FFT_OPTIONS
from survey_app.surveys.views import CACHE_KEY

EASY_NO_HINT = """\
id: easy
version: 1
title: {en: Easy, en-easy: Easy}
audience: any
locales: [en, en-easy]
sections:
  - id: one
    title: {en: One, en-easy: One}
    questions:
      - id: why
        type: free_text
        text: {en: "Why?", en-easy: "Why?"}
        hint: Please give as much detail as you can.
"""


def test_validate_names_the_file_line_and_field_of_a_hint_with_no_easy_read_version(app, tmp_path: Path):
    path = tmp_path / "easy.yaml"
    path.write_text(EASY_NO_HINT, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1
    problem = result.output.splitlines()[0]
    assert problem.startswith(f"{path}:13: sections[0].questions[0].hint: no easy-read ('en-easy') version")
    assert "Please give as much detail as you can." in problem


def test_a_block_question_without_easy_read_names_the_block_file_and_line(tmp_path: Path):
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "extra.yaml").write_text(
        "id: extra\ndescription: x\nequality: false\nquestions:\n"
        "  - id: colour\n    type: free_text\n    text: {en: \"Colour?\", en-easy: \"Colour?\"}\n"
        "    hint: Your favourite colour.\n",
        encoding="utf-8",
    )
    path = tmp_path / "easy.yaml"
    path.write_text(EASY_NO_HINT.replace("      - id: why\n", "      - include: extra\n      - id: why\n"))
    _, problems = validate_paths([path])
    block = [p for p in problems if "include" in p.field_path]
    assert [p.field_path for p in block] == ["sections[0].questions[0] (include extra.questions[0].hint)"]
    assert block[0].message.endswith(f"edit it in {tmp_path / 'blocks' / 'extra.yaml'}:8")


def test_the_starter_questionnaires_have_every_text_in_every_listed_locale():
    def texts(node):
        if isinstance(node, dict):
            if "en" in node and all(isinstance(v, str) for v in node.values()):
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    for name in ("carers", "people-who-use-services", "fft"):
        q = load_questionnaire(ROOT / "questionnaires" / f"{name}.yaml")
        assert "en-easy" in q.locales
        national = {label for _, label, _ in FFT_OPTIONS}  # the FFT answers keep the national wording
        missing = [t["en"] for t in texts(q.definition) if not t.get("en-easy") and t["en"] not in national]
        assert missing == [], name
    # staff.yaml lists only en: the equality block's easy-read texts are left out of it
    staff = load_questionnaire(ROOT / "questionnaires" / "staff.yaml")
    assert all(set(t) == {"en"} for t in texts(staff.definition))


def test_carers_in_easy_read_shows_easy_hints_fixed_words_and_thank_you_page(app, client):
    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    app.extensions[CACHE_KEY] = {"carers": carers}
    first = client.get("/s/carers?lang=en-easy").text
    assert "Looking after someone" in first and "You can choose more than 1 answer." in first
    assert "Save and finish later" in first and "Choose all that apply." not in first
    pages: dict[str, str] = {}
    checks: list[str] = []
    complete(
        client, carers, trigger=False, on_page=lambda sid, html: pages.setdefault(sid, html),
        on_check=checks.append,
    )
    experience = pages["your_experience"]
    assert "For example, did staff see you as a person? Or did they only see you as a carer?" in experience
    assert "whether services saw you as a person" not in experience
    assert "0 means you get no help. 10 means you get all the help you need." in pages["support_for_you"]
    assert "Agree a lot" in pages["safe_and_informed"] and "Strongly agree" not in pages["safe_and_informed"]
    assert "Did someone help you to do this survey?" in checks[0]
    assert ">Send</button>" in checks[0] and "Send my answers" not in checks[0]
    thanks = client.get("/s/carers/thanks").text
    assert "Thank you. We have your answers." in thanks
    assert "your answers have been sent" not in thanks
    assert '<html lang="en">' in thanks


def test_carers_in_standard_english_keeps_the_standard_wording(app, client):
    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    app.extensions[CACHE_KEY] = {"carers": carers}
    complete(client, carers, trigger=False)
    thanks = client.get("/s/carers/thanks").text
    assert "Thank you – your answers have been sent" in thanks
