"""The ``show_if`` skip-logic language: a tiny, safe expression language (never ``eval``).

Grammar (lowest precedence first)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := "answered" "(" NAME ")"
                | "(" expr ")"
                | operand OP operand          OP: == != < <= > >= in "not in"
    operand    := NAME | STRING | NUMBER | "[" literal ("," literal)* "]"

Examples: ``q1 == "yes"``, ``fft in ["poor", "very_poor"]``, ``"other" in services``,
``rating >= 7``, ``answered(q3) and not (q4 == "no")``.

Semantics against an answers dict (question id -> typed answer; see ``evaluate``):

* An unanswered question (missing, ``None``, ``""``, empty list/dict) makes every comparison
  that mentions it false, including ``!=``. Use ``not answered(q)`` to test for absence.
* ``NAME in [..]`` is true when the answer (or, for a multi choice, any chosen value) is listed.
* ``"value" in NAME`` is true when a multi choice / ranking list contains the value, a matrix
  answer has that value for some row, or a single answer equals it.
* ``< <= > >=`` compare numbers with numbers (and dates with dates) only; anything else is false.
* Evaluation never raises on odd answers; parsing raises :class:`ExpressionError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Answered",
    "BoolOp",
    "Compare",
    "ExpressionError",
    "ListLiteral",
    "NestingError",
    "Literal",
    "Name",
    "Node",
    "Not",
    "comparisons",
    "conjunctions",
    "evaluate",
    "parse",
    "references",
]

COMPARISON_OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
#: How deeply brackets and ``not`` may nest. Real conditions need a handful; the limit keeps
#: parsing (and evaluating) far from Python's recursion limit, so a file with thousands of
#: ``(`` gets a message instead of a RecursionError.
MAX_NESTING = 50
KEYWORDS = ("and", "or", "not", "in", "answered")


class ExpressionError(ValueError):
    """A ``show_if`` expression that cannot be parsed. ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} at column {column}")
        self.message = message
        self.column = column


class NestingError(ExpressionError):
    """A ``show_if`` with brackets or ``not`` nested more than :data:`MAX_NESTING` deep."""


# --- AST ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A reference to the answer of an earlier question."""

    id: str


@dataclass(frozen=True)
class Literal:
    """A string or number constant."""

    value: str | int | float


@dataclass(frozen=True)
class ListLiteral:
    """A bracketed list of constants."""

    values: tuple[str | int | float, ...]


@dataclass(frozen=True)
class Compare:
    """``left OP right``."""

    op: str
    left: Name | Literal | ListLiteral
    right: Name | Literal | ListLiteral


@dataclass(frozen=True)
class Answered:
    """``answered(q)``: the question has a non-empty answer."""

    name: Name


@dataclass(frozen=True)
class Not:
    """Logical negation."""

    operand: Node


@dataclass(frozen=True)
class BoolOp:
    """``and`` / ``or`` over two or more operands."""

    op: str
    operands: tuple[Node, ...]


Node = BoolOp | Not | Compare | Answered


# --- Tokenizer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # NAME STRING NUMBER OP LPAREN RPAREN LBRACK RBRACK COMMA KEYWORD END
    value: Any
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif ch in "\"'":
            j = i + 1
            chars: list[str] = []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                chars.append(text[j])
                j += 1
            if j >= n:
                raise ExpressionError("unterminated string", col)
            tokens.append(_Token("STRING", "".join(chars), col))
            i = j + 1
        elif ch.isdigit() or (ch in "-." and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] == ".")):
            j = i + 1
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            raw = text[i:j]
            try:
                number: int | float = float(raw) if "." in raw else int(raw)
            except ValueError:
                raise ExpressionError(f"bad number {raw!r}", col) from None
            tokens.append(_Token("NUMBER", number, col))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            tokens.append(_Token("KEYWORD" if word in KEYWORDS else "NAME", word, col))
            i = j
        elif text.startswith(("==", "!=", "<=", ">="), i):
            tokens.append(_Token("OP", text[i : i + 2], col))
            i += 2
        elif ch in "<>":
            tokens.append(_Token("OP", ch, col))
            i += 1
        elif ch in "()[],":
            kinds = {"(": "LPAREN", ")": "RPAREN", "[": "LBRACK", "]": "RBRACK", ",": "COMMA"}
            tokens.append(_Token(kinds[ch], ch, col))
            i += 1
        elif ch == "=":
            raise ExpressionError("use '==' to compare, not '='", col)
        else:
            raise ExpressionError(f"unexpected character {ch!r}", col)
    tokens.append(_Token("END", None, n + 1))
    return tokens


# --- Parser ------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = 0

    def nest(self, token: _Token) -> None:
        """Go one bracket or ``not`` deeper; too deep is an :class:`ExpressionError`."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise NestingError(
                f"show_if is nested too deeply (more than {MAX_NESTING} brackets or 'not's inside each other)",
                token.column,
            )

    def peek(self, offset: int = 0) -> _Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.peek()
        if token.kind != kind:
            raise ExpressionError(f"expected {what}, found {_describe(token)}", token.column)
        return self.advance()

    def is_keyword(self, word: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token.kind == "KEYWORD" and token.value == word

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token.kind != "END":
            raise ExpressionError(f"unexpected {_describe(token)}", token.column)
        return node

    def or_expr(self) -> Node:
        operands = [self.and_expr()]
        while self.is_keyword("or"):
            self.advance()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def and_expr(self) -> Node:
        operands = [self.not_expr()]
        while self.is_keyword("and"):
            self.advance()
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def not_expr(self) -> Node:
        if self.is_keyword("not"):
            self.nest(self.advance())
            node = Not(self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        token = self.peek()
        if token.kind == "LPAREN":
            self.nest(self.advance())
            node = self.or_expr()
            self.expect("RPAREN", "')'")
            self.depth -= 1
            return node
        if token.kind == "KEYWORD" and token.value == "answered":
            self.advance()
            self.expect("LPAREN", "'(' after answered")
            name = self.expect("NAME", "a question id")
            self.expect("RPAREN", "')'")
            return Answered(Name(name.value))
        if token.kind == "END":
            raise ExpressionError("expression is incomplete", token.column)
        left = self.operand()
        op_token = self.peek()
        if op_token.kind == "OP":
            op = self.advance().value
        elif self.is_keyword("in"):
            self.advance()
            op = "in"
        elif self.is_keyword("not") and self.is_keyword("in", 1):
            self.advance()
            self.advance()
            op = "not in"
        else:
            raise ExpressionError(
                f"expected a comparison operator ({', '.join(COMPARISON_OPERATORS)}) after "
                f"{_describe(token)}, found {_describe(op_token)}",
                op_token.column,
            )
        right = self.operand()
        if not isinstance(left, Name) and not isinstance(right, Name):
            raise ExpressionError("a comparison must mention a question id", token.column)
        if op in ("in", "not in") and isinstance(left, ListLiteral):
            raise ExpressionError("a list can only appear on the right of 'in'", token.column)
        if op not in ("in", "not in") and (isinstance(left, ListLiteral) or isinstance(right, ListLiteral)):
            raise ExpressionError(f"a list can only be used with 'in', not {op!r}", token.column)
        return Compare(op, left, right)

    def operand(self) -> Name | Literal | ListLiteral:
        token = self.peek()
        if token.kind == "NAME":
            self.advance()
            return Name(token.value)
        if token.kind in ("STRING", "NUMBER"):
            self.advance()
            return Literal(token.value)
        if token.kind == "LBRACK":
            self.advance()
            values: list[str | int | float] = []
            while True:
                item = self.peek()
                if item.kind not in ("STRING", "NUMBER"):
                    raise ExpressionError(
                        f"expected a string or number in the list, found {_describe(item)}", item.column
                    )
                values.append(self.advance().value)
                if self.peek().kind == "COMMA":
                    self.advance()
                    continue
                self.expect("RBRACK", "',' or ']'")
                return ListLiteral(tuple(values))
        raise ExpressionError(f"expected a question id, string, number or list, found {_describe(token)}", token.column)


def _describe(token: _Token) -> str:
    if token.kind == "END":
        return "end of expression"
    if token.kind == "STRING":
        return f"string {token.value!r}"
    return repr(str(token.value))


def parse(text: str) -> Node:
    """Parse a ``show_if`` expression into an AST.

    Raises
    ------
    ExpressionError
        With a message and 1-based column, e.g. ``expected ')', found end of expression at column 14``.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("expression is empty", 1)
    return _Parser(text).parse()


# --- Evaluation --------------------------------------------------------------------------

_MISSING = object()


def _is_answered(value: Any) -> bool:
    if value is None or value is _MISSING:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, set, dict)):
        return len(value) > 0
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _resolve(operand: Name | Literal | ListLiteral, answers: dict[str, Any]) -> Any:
    if isinstance(operand, Name):
        value = answers.get(operand.id, _MISSING)
        return value if _is_answered(value) else _MISSING
    if isinstance(operand, Literal):
        return operand.value
    return list(operand.values)


def _values_of(answer: Any) -> list[Any]:
    """The individual chosen values inside an answer (list items, matrix cells, or itself)."""
    if isinstance(answer, dict):
        return list(answer.values())
    if isinstance(answer, (list, tuple, set)):
        return list(answer)
    return [answer]


def _equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, (list, tuple, set, dict)) or isinstance(b, (list, tuple, set, dict)):
        return False
    return type(a) is type(b) and bool(a == b)


def _compare(node: Compare, answers: dict[str, Any]) -> bool:
    left = _resolve(node.left, answers)
    right = _resolve(node.right, answers)
    if left is _MISSING or right is _MISSING:
        return False
    op = node.op
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op in ("in", "not in"):
        container = right if isinstance(right, list) or isinstance(node.right, Name) else [right]
        found = any(_equal(item, c) for item in _values_of(left) for c in _values_of(container))
        return found if op == "in" else not found
    ordered = (_is_number(left) and _is_number(right)) or (isinstance(left, dt.date) and isinstance(right, dt.date))
    if not ordered:
        return False
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def evaluate(node: Node, answers: dict[str, Any]) -> bool:
    """Evaluate a parsed expression against answers; never raises on unexpected answers.

    ``answers`` maps question id to its typed answer: a str option value (single_choice,
    likert, fft, consent), list[str] (multi_choice, ranking), int/float (rating, number),
    ``datetime.date`` (date), str (free_text), dict[row_id, value] (matrix).
    """
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(evaluate(o, answers) for o in node.operands)
        return any(evaluate(o, answers) for o in node.operands)
    if isinstance(node, Not):
        return not evaluate(node.operand, answers)
    if isinstance(node, Answered):
        return _is_answered(answers.get(node.name.id))
    if isinstance(node, Compare):
        try:
            return _compare(node, answers)
        except (TypeError, ValueError):  # pragma: no cover - defensive: odd answer types
            return False
    raise TypeError(f"not an expression node: {node!r}")


def references(node: Node) -> set[str]:
    """The question ids an expression reads."""
    if isinstance(node, BoolOp):
        return set().union(*(references(o) for o in node.operands))
    if isinstance(node, Not):
        return references(node.operand)
    if isinstance(node, Answered):
        return {node.name.id}
    if isinstance(node, Compare):
        return {o.id for o in (node.left, node.right) if isinstance(o, Name)}
    raise TypeError(f"not an expression node: {node!r}")


def comparisons(node: Node) -> list[Compare]:
    """Every comparison in an expression, in order (for the validator's type checks)."""
    if isinstance(node, BoolOp):
        return [c for o in node.operands for c in comparisons(o)]
    if isinstance(node, Not):
        return comparisons(node.operand)
    return [node] if isinstance(node, Compare) else []


def conjunctions(node: Node) -> list[tuple[Node, ...]]:
    """The operands of every ``and`` in an expression (``a and b and c`` is one, of three),
    for the validator's check of conditions that contradict each other."""
    if isinstance(node, BoolOp):
        inner = [group for o in node.operands for group in conjunctions(o)]
        return [node.operands, *inner] if node.op == "and" else inner
    if isinstance(node, Not):
        return conjunctions(node.operand)
    return []


def literal_comparisons(node: Node) -> list[tuple[str, Any]]:
    """(question id, literal value) pairs compared by ``==``/``!=``/``in`` (for option checks)."""
    if isinstance(node, BoolOp):
        return [pair for o in node.operands for pair in literal_comparisons(o)]
    if isinstance(node, Not):
        return literal_comparisons(node.operand)
    if isinstance(node, Compare) and node.op in ("==", "!=", "in", "not in"):
        pairs: list[tuple[str, Any]] = []
        for name, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(name, Name) and isinstance(other, Literal):
                pairs.append((name.id, other.value))
            elif isinstance(name, Name) and isinstance(other, ListLiteral):
                pairs.extend((name.id, v) for v in other.values)
        return pairs
    return []
