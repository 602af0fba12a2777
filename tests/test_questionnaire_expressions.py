"""The show_if expression language: parsing, evaluation, references, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from survey_app.questionnaire.expressions import (
    Answered,
    BoolOp,
    Compare,
    ExpressionError,
    ListLiteral,
    Literal,
    Name,
    Not,
    evaluate,
    literal_comparisons,
    parse,
    references,
)

ANSWERS = {
    "q1": "yes",
    "fft": "poor",
    "services": ["gp", "other"],
    "rating": 7,
    "cost": 2.5,
    "when": dt.date(2025, 3, 1),
    "comment": "It was fine",
    "grid": {"row1": "agree", "row2": "disagree"},
    "blank": "",
    "empty_list": [],
}


def test_parse_builds_the_expected_tree():
    tree = parse('answered(q3) and not (q4 == "no" or rating >= 7)')
    assert tree == BoolOp(
        "and",
        (
            Answered(Name("q3")),
            Not(BoolOp("or", (Compare("==", Name("q4"), Literal("no")), Compare(">=", Name("rating"), Literal(7))))),
        ),
    )
    assert parse("fft in [\"poor\", 'very_poor']") == Compare("in", Name("fft"), ListLiteral(("poor", "very_poor")))


def test_and_binds_tighter_than_or():
    tree = parse('a == "x" or b == "y" and c == "z"')
    assert isinstance(tree, BoolOp)
    assert tree.op == "or"
    assert isinstance(tree.operands[1], BoolOp)
    assert tree.operands[1].op == "and"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('q1 == "yes"', True),
        ('q1 == "no"', False),
        ('q1 != "no"', True),
        ('fft in ["poor", "very_poor"]', True),
        ('fft in ["good"]', False),
        ('fft not in ["good", "very_good"]', True),
        ('"other" in services', True),
        ('"hospital" in services', False),
        ('services in ["hospital", "gp"]', True),
        ('"agree" in grid', True),
        ("rating >= 7", True),
        ("rating > 7", False),
        ("rating < 10 and rating != 3", True),
        ("cost <= 2.5", True),
        ("rating == 7.0", True),
        ("answered(comment)", True),
        ("answered(blank)", False),
        ("answered(empty_list)", False),
        ("answered(missing)", False),
        ("not answered(missing)", True),
        ('not q1 == "yes"', False),
        ('(q1 == "no" or fft == "poor") and rating >= 5', True),
        ('q1 == "no" or (fft == "poor" and rating >= 8)', False),
    ],
)
def test_evaluate(expression, expected):
    assert evaluate(parse(expression), ANSWERS) is expected


@pytest.mark.parametrize(
    "expression",
    [
        'missing == "yes"',
        'missing != "yes"',
        'missing in ["a"]',
        'missing not in ["a"]',
        '"a" in missing',
        "missing >= 1",
        'blank == ""',
        'empty_list != "x"',
    ],
)
def test_unanswered_questions_compare_false(expression):
    assert evaluate(parse(expression), ANSWERS) is False


@pytest.mark.parametrize(
    "expression",
    [
        'q1 >= "a"',  # strings are not ordered
        "comment > 3",  # text is never a number
        'services == "gp"',  # a list never equals one value
        'rating == "7"',  # no string/number coercion
        "when > 3",
    ],
)
def test_mismatched_types_are_false_not_errors(expression):
    assert evaluate(parse(expression), ANSWERS) is False


def test_dates_compare_with_dates_only():
    tree = parse("when < other_date")
    assert evaluate(tree, {"when": dt.date(2025, 1, 1), "other_date": dt.date(2025, 2, 1)}) is True


def test_booleans_are_not_numbers():
    assert evaluate(parse("flag == 1"), {"flag": True}) is False


def test_references():
    assert references(parse('answered(a) and (b == "x" or "y" in c) and not d >= 3')) == {"a", "b", "c", "d"}


def test_literal_comparisons_lists_values_for_option_checks():
    pairs = literal_comparisons(parse('a == "x" or b in ["y", "z"] or not "w" in c or d >= 3'))
    assert sorted(pairs) == [("a", "x"), ("b", "y"), ("b", "z"), ("c", "w")]


@pytest.mark.parametrize(
    ("expression", "message", "column"),
    [
        ('q1 = "yes"', "use '==' to compare, not '='", 4),
        ('(q1 == "yes"', "expected ')', found end of expression", 13),
        ("q1", "expected a comparison operator", 3),
        ('q1 == "yes', "unterminated string", 7),
        ('"a" == "b"', "a comparison must mention a question id", 1),
        ('q1 == "a" and', "expression is incomplete", 14),
        ("q1 == [1, ]", "expected a string or number in the list", 11),
        ('["a"] in q1', "a list can only appear on the right of 'in'", 1),
        ('q1 == ["a"]', "a list can only be used with 'in'", 1),
        ("q1 == @", "unexpected character '@'", 7),
        ("answered q1", "expected '(' after answered", 10),
        ('q1 == "a" q2', "unexpected 'q2'", 11),
        ("", "expression is empty", 1),
        ("__import__('os')", "expected a comparison operator", 11),
    ],
)
def test_syntax_errors_name_the_problem_and_column(expression, message, column):
    with pytest.raises(ExpressionError) as caught:
        parse(expression)
    assert message in caught.value.message
    assert caught.value.column == column
    assert str(caught.value).endswith(f"at column {column}")


def test_numbers_and_negative_numbers():
    assert parse("n >= -1.5") == Compare(">=", Name("n"), Literal(-1.5))
    assert evaluate(parse("n > -2"), {"n": -1}) is True
