"""Load, validate and normalise questionnaire files (YAML) into :mod:`.model` objects.

Pipeline for one file:

1. parse the YAML into plain data, recording the line of every key and list item;
2. validate against the published JSON Schema (``schema.json``, draft 2020-12);
3. expand ``{include: <block>}`` entries from ``blocks/<block>.yaml``;
4. semantic checks the schema cannot express (unique ids, skip-logic references, the
   locked FFT item, priorities only on closed questions, ...);
5. normalise (defaults filled, texts as locale mappings, option values slugified) into
   ``Questionnaire.definition``, a JSON-serialisable dict whose canonical JSON gives
   ``content_hash``; the dataclasses are built from that dict (:func:`questionnaire_from_definition`),
   so a stored definition snapshot rebuilds exactly the questionnaire that was answered.

Every problem found is reported, each as one line naming file, line and field path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from analysis.report.scored_items import SCORED_TYPES, unscored_items
from survey_app.models import Answer, QuestionnaireVersion, Response
from survey_app.questionnaire import expressions
from survey_app.questionnaire.model import (
    CLOSED_TYPES,
    EXPORT_FIXED_COLUMNS,
    FFT_OPTIONS,
    FFT_QUESTION_TEXT,
    LIKERT_EASY_READ,
    LIKERT_OPTIONS,
    LocalText,
    MatrixRow,
    Option,
    Question,
    Questionnaire,
    Section,
    Service,
    choice_key,
)
from survey_app.surveys.texts import SUPPORTED_LOCALES

__all__ = [
    "DEFAULT_BLOCKS_DIR",
    "SCHEMA_PATH",
    "Problem",
    "QuestionnaireError",
    "clear_cache",
    "content_hash",
    "load_all",
    "load_questionnaire",
    "questionnaire_from_definition",
    "slugify",
    "validate_paths",
]

#: The published JSON Schema for questionnaire files.
SCHEMA_PATH = Path(__file__).with_name("schema.json")
#: Where ``{include: name}`` looks when the questionnaire's own folder has no ``blocks/name.yaml``.
DEFAULT_BLOCKS_DIR = Path(__file__).resolve().parents[2] / "questionnaires" / "blocks"

#: Types that must list their options (the others get standard ones or take none).
OPTIONS_REQUIRED = ("single_choice", "multi_choice", "ranking")
#: Types that take no options at all.
NO_OPTIONS = ("free_text", "number", "date", "rating")
#: Default limits for free text answers (characters).
SHORT_TEXT_MAX = 250
LONG_TEXT_MAX = 2000
#: Longest value of each kind that the database columns hold, read from ``survey_app.models``.
MAX_LENGTHS = {
    kind: column.type.length
    for kind, column in (
        ("id", Response.__table__.c.questionnaire_id),
        ("version", QuestionnaireVersion.__table__.c.version),
        ("title", QuestionnaireVersion.__table__.c.title),
        ("question id", Answer.__table__.c.question_id),
        ("row id", Answer.__table__.c.row_id),
        ("option value", Answer.__table__.c.option_value),
    )
}
#: The single default option of a ``consent`` question.
CONSENT_OPTION = ("yes", "Yes, I am happy to take part")
#: Its easy-read label, by value.
CONSENT_EASY_READ = {"yes": "Yes, I want to do the survey"}

Path_ = tuple[str | int, ...]


def _fixed_options(triples: Any, easy_read: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Normalised option dicts for a built-in scale given as (value, label, score) triples
    (the locked FFT item, the 5-point agreement scale, the consent box), with the
    ``easy_read`` label of each value (by value) when given."""
    return [
        {"value": v, "label": {"en": label, **({"en-easy": easy_read[v]} if easy_read else {})},
         "hint": None, "exclusive": False, "specify": False, "score": score, "group": None}
        for v, label, score in triples
    ]


# --- Problems ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire file."""

    path: str
    field_path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.field_path:
            return f"{where}: {self.field_path}: {self.message}"
        return f"{where}: {self.message}"


class QuestionnaireError(Exception):
    """One or more invalid questionnaire files. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = _unique(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _display_path(path: Path) -> str:
    """The path relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_field_path(parts: Iterable[str | int]) -> str:
    """``("sections", 1, "questions", 3, "type")`` -> ``sections[1].questions[3].type``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class _Source:
    """A parsed YAML file: its data and the line of every key / list item."""

    path: Path
    data: Any
    lines: dict[Path_, int]

    @property
    def display(self) -> str:
        return _display_path(self.path)

    def line(self, field: Path_) -> int | None:
        """Line of ``field``, or of its nearest ancestor that has one."""
        field = tuple(field)
        while True:
            if field in self.lines:
                return self.lines[field]
            if not field:
                return None
            field = field[:-1]

    def problem(self, field: Path_, message: str) -> Problem:
        return Problem(self.display, format_field_path(field), self.line(field), message)


@dataclass(frozen=True)
class _Loc:
    """Where a raw question sits in the questionnaire file.

    For a question from an included block, ``field`` is the ``include`` entry and ``via``
    names the block and the question's place in it (e.g. ``equality.questions[1]``).
    """

    source: _Source
    field: Path_
    via: str = ""
    #: The block file and the question's place in it, for a question from a block.
    block: _Source | None = None
    block_field: Path_ = ()

    def block_place(self, sub: Path_) -> str:
        """``questionnaires/blocks/equality.yaml:42`` for ``sub`` of a block's question, else ``""``."""
        if self.block is None:
            return ""
        field = (*self.block_field, *sub)
        line = self.block.line(field)
        return f"{self.block.display}:{line}" if line else self.block.display

    def problem(self, sub: Path_, message: str) -> Problem:
        if not self.via:
            return self.source.problem((*self.field, *sub), message)
        inner = self.via + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in sub)
        return Problem(
            self.source.display,
            f"{format_field_path(self.field)} (include {inner})",
            self.source.line(self.field),
            message,
        )

    def describe(self) -> str:
        where = format_field_path(self.field)
        return f"{where} (include {self.via})" if self.via else where


# --- YAML with line numbers --------------------------------------------------------------


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML without the YAML 1.1 surprises: ``yes``/``no``/``on``/``off`` stay strings
    (``options: [Yes, No]`` must not become booleans) and dates stay strings."""


class _AnchorNotAllowed(Exception):
    """An anchor (``&name``) or alias (``*name``) in a questionnaire file."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(mark)
        self.line = mark.line + 1


def _compose_node_no_anchors(self: yaml.SafeLoader, parent: Any, index: Any) -> Any:
    """Refuse anchors and aliases as soon as the parser meets one, before anything is
    composed or constructed: questionnaire files never need them, and aliases allow both
    self-referencing structures and exponential "billion laughs" expansion."""
    event = self.peek_event()
    if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
        raise _AnchorNotAllowed(event.start_mark)
    return yaml.SafeLoader.compose_node(self, parent, index)


_YamlLoader.compose_node = _compose_node_no_anchors  # type: ignore[method-assign]

_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(path: Path) -> tuple[_Source | None, list[Problem]]:
    display = _display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(display, "", None, "file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, "", None, f"cannot read file: {exc}")]
    try:
        loader = _YamlLoader(text)  # refuses control characters at once (PyYAML's check_printable)
    except yaml.reader.ReaderError as exc:
        return None, [_unreadable_character(display, text, exc)]
    try:
        node = loader.get_single_node()
        shared = _shared_node(node) if node is not None else None
        if shared is not None:  # cannot happen while compose refuses anchors; never construct or walk a cycle
            raise _AnchorNotAllowed(shared.start_mark)
        data = loader.construct_document(node) if node is not None else None
    except _AnchorNotAllowed as exc:
        return None, [Problem(display, "", exc.line, "YAML anchors and aliases are not allowed")]
    except RecursionError:
        return None, [Problem(display, "", None, "invalid YAML: nested too deeply")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return None, [Problem(display, "", line, f"invalid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, "", None, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _record_lines(node, (), lines, problems, display)
    return _Source(path, data, lines), problems


def _unreadable_character(display: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """The problem for a character YAML refuses (NUL, ESC, form feed, ...): its line and
    column, counted from PyYAML's position in ``text``."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(
        display, "", line,
        f"invalid YAML: column {column}: control character U+{ord(char):04X} ({char!r}) is not allowed; "
        "delete it (it can come with text pasted from another program)",
    )


def _shared_node(root: yaml.Node) -> yaml.Node | None:
    """The first node reachable twice from ``root`` (an alias, possibly a cycle), or None."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack += (value_node, key_node)
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
    return None


def _record_lines(
    node: yaml.Node, field: Path_, lines: dict[Path_, int], problems: list[Problem], display: str
) -> None:
    lines.setdefault(field, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(
                    Problem(
                        display,
                        format_field_path((*field, key)),
                        key_node.start_mark.line + 1,
                        f"duplicate key {key!r}",
                    )
                )
            seen.add(key)
            lines[(*field, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*field, key), lines, problems, display)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*field, index)] = item.start_mark.line + 1
            _record_lines(item, (*field, index), lines, problems, display)


# --- JSON Schema -------------------------------------------------------------------------


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(definition: str) -> jsonschema.Draft202012Validator:
    schema = _schema()
    if definition != "questionnaire":
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(schema)


def _schema_message(error: jsonschema.ValidationError) -> str:
    """A plain-English message for one schema error."""
    field = error.absolute_path[-1] if error.absolute_path else None
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        noun = {"type": "question type", "audience": "audience", "topic": "topic (priority id)"}.get(
            str(field), "priority id" if _in_priorities(error) else "value"
        )
        return f"unknown {noun} {error.instance!r} (expected one of: {allowed})"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        message = f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(repr(e) for e in extra)} (allowed: {allowed})"
        if any(" " in str(e) and error.instance[e] is None for e in extra):
            message += "; if a text contains a comma or colon, put it in quotes"
        return message
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"missing required key{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}"
    if error.validator == "pattern":
        if field == "value" or "options" in error.absolute_path:
            return f"{error.instance!r} is not a valid option value (use lower case letters, digits and underscores)"
        return f"{error.instance!r} is not a valid id (start with a letter; lower case letters, digits and underscores)"
    if error.validator == "propertyNames":
        return f"{error.instance!r} has a key that is not a locale code (en or en-easy)"
    if error.validator == "type" and _is_text(error):
        return "must be text, or a mapping of locale to text that includes 'en'"
    if error.validator == "anyOf" and "options" in error.absolute_path:
        return "an option must be a label, or a mapping with 'value' and 'label'"
    if error.validator == "minItems":
        return "must not be empty"
    return error.message


def _in_priorities(error: jsonschema.ValidationError) -> bool:
    return "priorities" in error.absolute_path


def _is_text(error: jsonschema.ValidationError) -> bool:
    return "en" in str(error.schema.get("description", "")) or error.validator_value == ["string", "object"]


def _schema_problems(source: _Source, definition: str) -> list[Problem]:
    problems = []
    errors = _validator(definition).iter_errors(source.data)
    for error in sorted(_explain(errors), key=lambda e: [str(p) for p in e.absolute_path]):
        problems.append(source.problem(tuple(error.absolute_path), _schema_message(error)))
    return _unique(problems)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` in order, each reported once."""
    return list(dict.fromkeys(problems))


def _explain(errors: Iterable[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """Replace an ``anyOf`` failure by the errors of the branch matching the value's type."""
    out: list[jsonschema.ValidationError] = []
    for error in errors:
        if error.validator == "anyOf" and error.context:
            branches: dict[int, list[jsonschema.ValidationError]] = {}
            for sub in error.context:
                branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
            matching = [
                subs
                for subs in branches.values()
                if not any(e.validator == "type" and not e.relative_path for e in subs)
            ]
            if len(matching) == 1:
                out.extend(_explain(matching[0]))
                continue
        out.append(error)
    return out


# --- Normalisation helpers ---------------------------------------------------------------


def slugify(label: str) -> str:
    """An option value from a label: ``"Don't know"`` -> ``dont_know``, ``"Yes, a lot"`` -> ``yes_a_lot``."""
    text = unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub("['\u2019`]", "", text)  # apostrophes: "Don't" -> "dont"
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text or "option"


def content_hash(definition: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a normalised definition."""
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _missing_locale_message(locale: str, text: dict[str, str]) -> str:
    """What the validator says about a text with no version in ``locale``."""
    what = "easy-read ('en-easy')" if locale == "en-easy" else repr(locale)
    english = " ".join(text.get("en", "").split())
    shown = english if len(english) <= 60 else english[:57] + "..."
    return (
        f"no {what} version, but the questionnaire's locales list it: give the text as a mapping "
        f"with 'en' and {locale!r} (English: {shown!r})"
    )


class _Checker:
    """Semantic checks and normalisation of one schema-valid questionnaire."""

    def __init__(self, source: _Source, blocks_dirs: list[Path]) -> None:
        self.source = source
        self.blocks_dirs = blocks_dirs
        self.problems: list[Problem] = []
        #: Not errors: the file loads, and ``questionnaires validate`` prints them.
        self.warnings: list[Problem] = []
        self.dependencies: list[Path] = [source.path]
        raw = source.data
        self.locales: list[str] = list(raw.get("locales") or ["en"])
        #: Listed locales the journey cannot serve (reported once, at ``locales``).
        self.unsupported = {locale for locale in self.locales if locale not in SUPPORTED_LOCALES}

    # texts
    def text(self, value: Any, loc: _Loc, sub: Path_) -> dict[str, str] | None:
        if value is None:
            return None
        if isinstance(value, str):
            out = {"en": value.strip()}
        else:
            out = {k: v.strip() for k, v in value.items()}
            if loc.block is not None:  # a block serves many questionnaires: use only the versions this one lists
                out = {k: v for k, v in out.items() if k in self.locales or k == "en"}
            for locale in out:
                if locale not in self.locales:
                    self.problems.append(
                        loc.problem(
                            (*sub, locale),
                            f"locale {locale!r} is not listed in the questionnaire's locales ({', '.join(self.locales)})",
                        )
                    )
        blank = [locale for locale, version in out.items() if not version]
        for locale in blank:
            what = "easy-read ('en-easy')" if locale == "en-easy" else repr(locale)
            message = (
                f"the {what} text is blank (only spaces): it would show as an empty heading, label or link; "
                "write the text"
            )
            if loc.block is not None:
                message += f"; edit it in {loc.block_place(sub if isinstance(value, str) else (*sub, locale))}"
            self.problems.append(loc.problem(sub if isinstance(value, str) else (*sub, locale), message))
        self.missing_locales(out, loc, sub, blank)
        return out

    def missing_locales(self, text: dict[str, str], loc: _Loc, sub: Path_, reported: Iterable[str] = ()) -> None:
        """A problem for each locale the questionnaire lists that ``text`` has no version in.

        Every text a respondent reads must exist in every listed locale (an easy-read
        version, a translation), or a respondent who chose that version meets standard
        English part-way through.
        """
        for locale in self.locales:
            if locale != "en" and not text.get(locale) and locale not in (*reported, *self.unsupported):
                message = _missing_locale_message(locale, text)
                if loc.block is not None:
                    message += f"; edit it in {loc.block_place(sub)}"
                self.problems.append(loc.problem(sub, message))

    def run(self) -> dict[str, Any]:
        raw = self.source.data
        top = _Loc(self.source, ())
        if "en" not in self.locales:
            self.problems.append(top.problem(("locales",), "locales must include 'en'"))
        for index, locale in enumerate(self.locales):
            if locale in self.unsupported:
                self.problems.append(
                    top.problem(
                        ("locales", index),
                        f"locale {locale!r} cannot be served: the journey's own words (buttons, messages, the "
                        "check and thank-you pages) exist only in the supported locales "
                        f"({', '.join(SUPPORTED_LOCALES)}; survey_app/surveys/texts.py)",
                    )
                )
        sections = self.expand_sections(raw["sections"])
        definition: dict[str, Any] = {
            "id": raw["id"],
            "version": str(raw["version"]),
            "title": self.text(raw["title"], top, ("title",)),
            "audience": raw["audience"],
            "description": self.text(raw.get("description"), top, ("description",)),
            "locales": self.locales,
            "sections": [],
        }
        if raw.get("open") is False:  # kept only when set, so other files' hashes do not change
            definition["open"] = False
        if raw.get("services"):  # kept only when set, like "open"
            definition["services"] = self.services(raw["services"], top)
        # Unique ids; position of every question (page index, order index).
        position: dict[str, tuple[int, int]] = {}
        locs: dict[str, _Loc] = {}
        section_ids: dict[str, int] = {}
        order = 0
        for page, (sloc, sraw, questions) in enumerate(sections):
            if sraw["id"] in section_ids:
                self.problems.append(
                    sloc.problem(
                        ("id",),
                        f"duplicate section id {sraw['id']!r} (also used by sections[{section_ids[sraw['id']]}])",
                    )
                )
            section_ids.setdefault(sraw["id"], page)
            for qloc, qraw in questions:
                qid = qraw["id"]
                if qid in position:
                    self.problems.append(
                        qloc.problem(("id",), f"duplicate question id {qid!r} (first used at {locs[qid].describe()})")
                    )
                    continue
                if qid in EXPORT_FIXED_COLUMNS:
                    self.problems.append(
                        qloc.problem(
                            ("id",),
                            f"question id {qid!r} is reserved: the response export has a column of that name "
                            f"({', '.join(EXPORT_FIXED_COLUMNS)}); choose another",
                        )
                    )
                position[qid] = (page, order)
                locs[qid] = qloc
                order += 1
        normalised: dict[str, dict[str, Any]] = {}
        for sloc, sraw, questions in sections:
            out_questions = []
            for qloc, qraw in questions:
                q = self.question(qloc, qraw)
                out_questions.append(q)
                normalised.setdefault(q["id"], q)
            definition["sections"].append(
                {
                    "id": sraw["id"],
                    "title": self.text(sraw["title"], sloc, ("title",)),
                    "intro": self.text(sraw.get("intro"), sloc, ("intro",)),
                    "show_if": sraw.get("show_if"),
                    "questions": out_questions,
                }
            )
        # Skip logic.
        for page, (sloc, sraw, questions) in enumerate(sections):
            if sraw.get("show_if"):
                self.check_show_if(sraw["show_if"], sloc, None, (page, -1), position, normalised, section=True)
            for qloc, qraw in questions:
                if qraw.get("show_if") and locs.get(qraw["id"]) is qloc:
                    self.check_show_if(
                        qraw["show_if"], qloc, qraw["id"], position[qraw["id"]], position, normalised, section=False
                    )
        self.check_fft(definition, locs)
        for key in ("id", "version"):
            self.too_long(top, (key,), key, definition[key])
        self.too_long(top, ("title",), "title", definition["title"]["en"])
        return definition

    def services(self, raw: list[dict[str, Any]], top: _Loc) -> list[dict[str, str]]:
        """The ``services:`` list. No id or name may match another service's id or name as
        an import's service cell is matched (:func:`choice_key`: case, spacing, full-width
        letters), or a cell naming one could be stored as the other."""
        out: list[dict[str, str]] = []
        seen: dict[str, tuple[int, str]] = {}  # choice key -> (index, "id" or "name") of its first use
        for i, item in enumerate(raw):
            service = {"id": item["id"], "name": " ".join(item["name"].split())}
            for kind in ("id", "name"):
                j, other_kind = seen.setdefault(choice_key(service[kind]), (i, kind))
                if j == i:
                    continue
                if other_kind == kind:
                    message = f"duplicate service {kind} {service[kind]!r}"
                else:
                    other = out[j]
                    message = (
                        f"service {kind} {service[kind]!r} (of {service['id']!r}, {service['name']!r}) is also the "
                        f"{other_kind} of services[{j}] ({other['id']!r}, {other['name']!r}): an import's service "
                        "cell would match both (ids and names are compared without case or spacing)"
                    )
                self.problems.append(top.problem(("services", i, kind), message))
            out.append(service)
        return out

    def too_long(self, loc: _Loc, sub: Path_, kind: str, value: str) -> None:
        """A problem when ``value`` is longer than its database column (PostgreSQL refuses it)."""
        limit = MAX_LENGTHS[kind]
        if len(value) > limit:
            self.problems.append(loc.problem(sub, f"{kind} must be {limit} characters or fewer (it has {len(value)})"))

    def expand_sections(
        self, raw_sections: list[dict[str, Any]]
    ) -> list[tuple[_Loc, dict[str, Any], list[tuple[_Loc, dict[str, Any]]]]]:
        out = []
        for si, sraw in enumerate(raw_sections):
            sloc = _Loc(self.source, ("sections", si))
            questions: list[tuple[_Loc, dict[str, Any]]] = []
            for qi, item in enumerate(sraw["questions"]):
                loc = _Loc(self.source, ("sections", si, "questions", qi))
                if "include" in item:
                    questions.extend(self.include(item["include"], loc))
                else:
                    questions.append((loc, item))
            out.append((sloc, sraw, questions))
        return out

    def include(self, name: str, loc: _Loc) -> list[tuple[_Loc, dict[str, Any]]]:
        candidates = [d / f"{name}.{ext}" for d in self.blocks_dirs for ext in ("yaml", "yml")]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            available = sorted({p.stem for d in self.blocks_dirs if d.is_dir() for p in d.glob("*.y*ml")})
            self.problems.append(
                loc.problem(("include",), f"unknown block {name!r} (available: {', '.join(available) or 'none'})")
            )
            return []
        self.dependencies.append(path)
        source, problems = _read_yaml(path)
        if source is None or problems:
            self.problems.extend(problems)
            return []
        schema_problems = _schema_problems(source, "block")
        if schema_problems:
            self.problems.extend(schema_problems)
            return []
        equality = bool(source.data.get("equality"))
        out = []
        for bi, qraw in enumerate(source.data["questions"]):
            qraw = dict(qraw)
            if equality:
                qraw.setdefault("equality", True)
            out.append(
                (_Loc(loc.source, loc.field, via=f"{name}.questions[{bi}]", block=source,
                      block_field=("questions", bi)), qraw)
            )
        return out

    def options(self, qloc: _Loc, qraw: dict[str, Any]) -> list[dict[str, Any]]:
        qtype = qraw["type"]
        raw_options = qraw.get("options")
        if qtype == "fft":  # national wording in every version (standards.md §1.2)
            return _fixed_options(FFT_OPTIONS)
        if raw_options is None and qtype in ("likert", "matrix", "consent"):
            # Built-in labels: easy read is built in (only kept when listed, so the
            # definitions of files without it stay the same); other locales need options.
            easy = "en-easy" in self.locales
            for locale in self.locales:
                if locale not in ("en", "en-easy", *self.unsupported):
                    self.problems.append(
                        qloc.problem(
                            ("type",),
                            f"the built-in {'consent box' if qtype == 'consent' else 'agreement scale'} has "
                            f"no {locale!r} labels: list the options with {locale!r} labels",
                        )
                    )
            if qtype == "consent":
                return _fixed_options([(CONSENT_OPTION[0], CONSENT_OPTION[1], None)], CONSENT_EASY_READ if easy else None)
            return _fixed_options(LIKERT_OPTIONS, LIKERT_EASY_READ if easy else None)
        if raw_options is None:
            return []
        out = []
        seen: dict[str, int] = {}
        for oi, item in enumerate(raw_options):
            sub: Path_ = ("options", oi)
            if isinstance(item, str):
                item = {"value": slugify(item), "label": item}
            value = str(item["value"])
            self.too_long(qloc, sub if isinstance(raw_options[oi], str) else (*sub, "value"), "option value", value)
            option = {
                "value": value,
                "label": self.text(item["label"], qloc, (*sub, "label")),
                "hint": self.text(item.get("hint"), qloc, (*sub, "hint")),
                "exclusive": bool(item.get("exclusive", False)),
                "specify": bool(item.get("specify", False)),
                "score": item.get("score"),
                "group": self.text(item.get("group"), qloc, (*sub, "group")),
            }
            if value in seen:
                self.problems.append(
                    qloc.problem(sub, f"duplicate option value {value!r} (also options[{seen[value]}])")
                )
            seen.setdefault(value, oi)
            if isinstance(option["score"], float) and not math.isfinite(option["score"]):
                self.problems.append(qloc.problem((*sub, "score"), f"{option['score']} is not a finite number"))
            if option["specify"] and qtype not in ("single_choice", "multi_choice"):
                self.problems.append(
                    qloc.problem(
                        (*sub, "specify"),
                        f"'specify' (a write-in box) is only for single_choice and multi_choice, not {qtype}",
                    )
                )
            if option["exclusive"] and qtype not in ("single_choice", "multi_choice"):
                self.problems.append(
                    qloc.problem(
                        (*sub, "exclusive"), f"'exclusive' is only for single_choice and multi_choice, not {qtype}"
                    )
                )
            out.append(option)
        return out

    def question(self, qloc: _Loc, qraw: dict[str, Any]) -> dict[str, Any]:
        qtype = qraw["type"]
        qid = qraw["id"]
        here = f"{qtype} question {qid!r}"
        self.too_long(qloc, ("id",), "question id", qid)
        if qtype != "fft" and "text" not in qraw:
            self.problems.append(qloc.problem(("text",), f"missing required key 'text' ({here})"))
        if qtype in OPTIONS_REQUIRED and not qraw.get("options"):
            self.problems.append(
                qloc.problem(("options",) if "options" in qraw else ("type",), f"{here} needs a list of options")
            )
        if qtype in NO_OPTIONS and "options" in qraw:
            self.problems.append(qloc.problem(("options",), f"a {qtype} question takes no options"))
        if qtype == "matrix" and not qraw.get("rows"):
            self.problems.append(qloc.problem(("type",), f"{here} needs rows (the statements to rate)"))
        if qtype != "matrix" and "rows" in qraw:
            self.problems.append(qloc.problem(("rows",), f"only matrix questions have rows, not {qtype}"))
        if qraw.get("priorities") and qtype not in CLOSED_TYPES:
            self.problems.append(
                qloc.problem(
                    ("priorities",),
                    f"priorities can only tag closed questions ({', '.join(CLOSED_TYPES)}), not {qtype}; "
                    "use 'topic' on free text",
                )
            )
        if "topic" in qraw and qtype != "free_text":
            self.problems.append(
                qloc.problem(("topic",), f"'topic' is for free_text questions; tag {qtype} questions with 'priorities'")
            )
        for key in ("max_length", "multiline"):
            if key in qraw and qtype != "free_text":
                self.problems.append(qloc.problem((key,), f"{key!r} is only for free_text questions, not {qtype}"))
        for key, only in (("integer", "number"), ("comment", "free_text"), ("past", "date"), ("format", "free_text"),
                          ("precision", "date")):
            if key in qraw and qtype != only:
                self.problems.append(qloc.problem((key,), f"{key!r} is only for {only} questions, not {qtype}"))
        for key in ("min", "max"):
            if key in qraw and qtype not in ("number", "rating"):
                self.problems.append(
                    qloc.problem((key,), f"{key!r} is only for number and rating questions, not {qtype}")
                )
        minimum, maximum = qraw.get("min"), qraw.get("max")
        for key, value in (("min", minimum), ("max", maximum)):
            if isinstance(value, float) and not math.isfinite(value):
                self.problems.append(qloc.problem((key,), f"{value} is not a finite number"))
                minimum, maximum = (None, maximum) if key == "min" else (minimum, None)
        if qtype == "rating":
            if minimum not in (None, 0) or maximum not in (None, 10):
                self.problems.append(
                    qloc.problem(("min" if minimum not in (None, 0) else "max",), "a rating question is always 0 to 10")
                )
            minimum, maximum = 0, 10
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problems.append(qloc.problem(("min",), f"min ({minimum}) is greater than max ({maximum})"))

        text = self.text(qraw.get("text"), qloc, ("text",)) or {"en": ""}
        if qtype == "fft":
            text = self.fft_text(qloc, qraw, text)
            if "text" not in qraw:  # the fixed wording, which easy read and translations may restate
                self.missing_locales(text, qloc, ("text",))
        options = self.options(qloc, qraw)
        rows = []
        seen_rows: dict[str, int] = {}
        for ri, row in enumerate(qraw.get("rows") or []):
            if row["id"] in seen_rows:
                self.problems.append(
                    qloc.problem(
                        ("rows", ri, "id"), f"duplicate row id {row['id']!r} (also rows[{seen_rows[row['id']]}])"
                    )
                )
            seen_rows.setdefault(row["id"], ri)
            self.too_long(qloc, ("rows", ri, "id"), "row id", row["id"])
            rows.append(
                {
                    "id": row["id"],
                    "text": self.text(row["text"], qloc, ("rows", ri, "text")),
                    "priorities": list(row.get("priorities") or []),
                }
            )
        for key in ("max_length", "multiline"):
            if "format" in qraw and key in qraw:
                self.problems.append(
                    qloc.problem((key,), f"{key!r} does not go with 'format' (a postcode district is one short line)")
                )
        multiline = bool(qraw.get("multiline", False))
        max_length = qraw.get("max_length")
        if qtype == "free_text" and max_length is None and "format" not in qraw:
            max_length = LONG_TEXT_MAX if multiline else SHORT_TEXT_MAX
        out = {
            "id": qid,
            "type": qtype,
            "text": text,
            "hint": self.text(qraw.get("hint"), qloc, ("hint",)),
            "required": bool(qraw.get("required", qtype == "consent")),
            "options": options,
            "rows": rows,
            "priorities": list(qraw.get("priorities") or []),
            "topic": qraw.get("topic"),
            "show_if": qraw.get("show_if"),
            "max_length": max_length,
            "multiline": multiline,
            "min": minimum,
            "max": maximum,
            "equality": bool(qraw.get("equality", False)),
        }
        # Kept only when not the default, so the hashes of files that do not use them stay the same.
        if qraw.get("integer") is True:
            out["integer"] = True
        if qraw.get("comment") is False:
            out["comment"] = False
        if qraw.get("past") is True:
            out["past"] = True
        if qraw.get("format"):
            out["format"] = qraw["format"]
        if qraw.get("precision") == "month":
            out["precision"] = "month"
        self.check_scores(qloc, qraw, out)
        return out

    def check_scores(self, qloc: _Loc, qraw: dict[str, Any], question: dict[str, Any]) -> None:
        """Warn about a question tagged with ``priorities`` whose answers the report cannot score
        (:mod:`analysis.report.scored_items`), e.g. Yes / No / Not sure with no option ``score``:
        it would silently add nothing to the priority's score."""
        if not unscored_items(question):
            return
        qid, qtype = question["id"], question["type"]
        if qtype in SCORED_TYPES:
            why = (
                "none of its options has a 'score', so its answers will not count towards the priority's score "
                "(give the options scores, e.g. 1 for the worst answer up to 5 for the best)"
            )
        else:
            why = f"a {qtype} question's answers never count towards a priority's score (the report scores " + (
                f"{', '.join(SCORED_TYPES)} questions); use 'topic' or no tag"
            )
        tagged_row = next((i for i, r in enumerate(qraw.get("rows") or ()) if r.get("priorities")), 0)
        sub = ("priorities",) if "priorities" in qraw else ("rows", tagged_row, "priorities")
        self.warnings.append(qloc.problem(sub, f"question {qid!r} is tagged with priorities, but {why}"))

    def fft_text(self, qloc: _Loc, qraw: dict[str, Any], text: dict[str, str]) -> dict[str, str]:
        """The locked FFT wording; translations/easy read of it may be added."""
        if "text" in qraw and text.get("en") != FFT_QUESTION_TEXT:
            self.problems.append(
                qloc.problem(
                    ("text",),
                    f"the Friends and Family Test question is fixed: {FFT_QUESTION_TEXT!r} "
                    "(remove 'text' or use exactly this wording)",
                )
            )
        if "options" in qraw:
            given = []
            for item in qraw["options"]:
                if isinstance(item, str):
                    given.append((slugify(item), item))
                else:
                    label = item.get("label")
                    given.append((str(item.get("value")), label.get("en") if isinstance(label, dict) else label))
            if given != [(v, label) for v, label, _ in FFT_OPTIONS]:
                expected = " / ".join(label for _, label, _ in FFT_OPTIONS)
                self.problems.append(
                    qloc.problem(
                        ("options",), f"the Friends and Family Test options are fixed ({expected}); remove 'options'"
                    )
                )
        return {**text, "en": FFT_QUESTION_TEXT}

    def check_fft(self, definition: dict[str, Any], locs: dict[str, _Loc]) -> None:
        questions = [q for s in definition["sections"] for q in s["questions"]]
        ffts = [q for q in questions if q["type"] == "fft"]
        for extra in ffts[1:]:
            self.problems.append(
                locs[extra["id"]].problem(
                    ("type",), "only one Friends and Family Test question is allowed per questionnaire"
                )
            )
        if ffts and not any(q["type"] == "free_text" for q in questions):
            self.problems.append(
                locs[ffts[0]["id"]].problem(
                    ("type",),
                    "a questionnaire with the Friends and Family Test must also ask at least one free_text question",
                )
            )

    def check_show_if(
        self,
        text: str,
        loc: _Loc,
        own_id: str | None,
        own_position: tuple[int, int],
        position: dict[str, tuple[int, int]],
        questions: dict[str, dict[str, Any]],
        *,
        section: bool,
    ) -> None:
        try:
            ast = expressions.parse(text)
        except expressions.NestingError as exc:  # the text itself (thousands of brackets) is left out
            self.problems.append(loc.problem(("show_if",), exc.message))
            return
        except expressions.ExpressionError as exc:
            self.problems.append(loc.problem(("show_if",), f"syntax error in {text!r}: {exc}"))
            return
        self.problems.extend(loc.problem(("show_if",), m) for m in never_true(ast, questions))
        for ref in sorted(expressions.references(ast)):
            if ref not in position:
                self.problems.append(loc.problem(("show_if",), f"refers to unknown question {ref!r}"))
            elif ref == own_id:
                self.problems.append(loc.problem(("show_if",), f"question {ref!r} cannot depend on its own answer"))
            elif section and position[ref][0] >= own_position[0]:
                self.problems.append(
                    loc.problem(
                        ("show_if",),
                        f"refers to question {ref!r}, which is on this or a later page "
                        "(a page's show_if may only use answers from earlier pages)",
                    )
                )
            elif not section and position[ref][1] > own_position[1]:
                self.problems.append(
                    loc.problem(
                        ("show_if",),
                        f"refers to question {ref!r}, which comes later (show_if may only use earlier answers)",
                    )
                )
        for ref, value in expressions.literal_comparisons(ast):
            target = questions.get(ref)
            if not target or not target["options"] or target["type"] == "rating" or not isinstance(value, str):
                continue  # a number compared with option values (text) is one of never_true's
            values = [o["value"] for o in target["options"]]
            if str(value) not in values:
                self.problems.append(
                    loc.problem(
                        ("show_if",),
                        f"compares {ref!r} with {value!r}, which is not one of its option values ({', '.join(values)})",
                    )
                )


# --- Conditions that can never be true ---------------------------------------------------

#: What a question's answer is, as ``show_if`` sees it (see :func:`expressions.evaluate`).
ANSWER_KINDS = {
    "single_choice": "choice", "likert": "choice", "fft": "choice", "consent": "choice",
    "multi_choice": "list", "ranking": "list", "matrix": "list",
    "rating": "number", "number": "number", "date": "date", "free_text": "text",
}
ORDERING = ("<", "<=", ">", ">=")


def _kind(ref: str, questions: dict[str, dict[str, Any]]) -> str | None:
    target = questions.get(ref)
    return ANSWER_KINDS.get(target["type"]) if target else None


def _literal_problem(ref: str, qtype: str, kind: str, op: str, value: Any, alone: bool) -> str | None:
    """Why ``ref OP value`` (or ``value in ref``) can never be true for a ``qtype`` question, or None."""
    if kind == "number" and isinstance(value, str):
        return (
            f"compares {ref!r} with the text {value!r}, but {ref!r} is a {qtype} question, whose answer is a "
            f"number: they are never equal (write the number without quotes)"
        )
    if kind in ("choice", "list", "text") and not isinstance(value, str):
        return (
            f"compares {ref!r} with the number {value!r}, but the answer to a {qtype} question is text"
            + (" (an option value)" if kind != "text" else "")
            + f': they are never equal (put it in quotes: "{value}")'
        )
    if kind == "date":
        return (
            f"compares {ref!r} with {value!r}, but {ref!r} is a date question: its answer is never equal to a "
            f"text or a number (use answered({ref}) to test whether it was given)"
        )
    if kind == "list" and alone and op in ("==", "!="):
        return (
            f"compares {ref!r} with {op!r}, but the answer to a {qtype} question holds several values and is never "
            f'equal to one: write "{value}" in {ref}'
        )
    return None


def _ordering_problems(
    node: expressions.Compare, names: list[str], questions: dict[str, dict[str, Any]]
) -> list[str]:
    """``<``, ``<=``, ``>``, ``>=`` hold only between two numbers or two dates."""
    kinds = [_kind(n, questions) for n in names]
    if None in kinds:
        return []
    wrong = [n for n, k in zip(names, kinds, strict=True) if k not in ("number", "date")]
    if wrong:
        return [
            f"compares {n!r} with {node.op!r}, which can never be true: '<', '<=', '>' and '>=' compare numbers "
            f"(or dates), and {n!r} is a {questions[n]['type']} question"
            for n in wrong
        ]
    literals = [o.value for o in (node.left, node.right) if isinstance(o, expressions.Literal)]
    if set(kinds) == {"number"} and all(not isinstance(v, str) for v in literals):
        return []
    if set(kinds) == {"date"} and not literals:
        return []
    what = ", ".join([*(f"{n!r} (a {questions[n]['type']} question)" for n in names), *map(repr, literals)])
    return [f"compares {what} with {node.op!r}, which can never be true: only numbers, or two dates, are ordered"]


def _comparison_problems(node: expressions.Compare, questions: dict[str, dict[str, Any]]) -> list[str]:
    sides = (node.left, node.right)
    names = [o.id for o in sides if isinstance(o, expressions.Name)]
    if node.op in ORDERING:
        return _ordering_problems(node, names, questions)
    if len(names) != 1:
        return []
    ref = names[0]
    kind = _kind(ref, questions)
    if kind is None:
        return []
    other = node.right if isinstance(node.left, expressions.Name) else node.left
    values = other.values if isinstance(other, expressions.ListLiteral) else (other.value,)
    alone = isinstance(other, expressions.Literal) and node.op in ("==", "!=")
    found = (_literal_problem(ref, questions[ref]["type"], kind, node.op, v, alone) for v in values)
    return next(([m] for m in found if m), [])  # the first wrong value of a list is enough to fix it


def _contradictions(group: tuple[expressions.Node, ...], questions: dict[str, dict[str, Any]]) -> list[str]:
    """``q1 == "yes" and q1 == "no"`` on a question with one answer: no answer is both."""
    allowed: dict[str, set[Any]] = {}
    for node in group:
        if not isinstance(node, expressions.Compare) or node.op not in ("==", "in"):
            continue
        name, other = (node.left, node.right) if isinstance(node.left, expressions.Name) else (node.right, node.left)
        if not isinstance(name, expressions.Name) or _kind(name.id, questions) != "choice":
            continue
        if isinstance(other, expressions.ListLiteral) and node.op == "in":
            values = set(other.values)
        elif isinstance(other, expressions.Literal) and node.op == "==":
            values = {other.value}
        else:
            continue
        allowed[name.id] = allowed[name.id] & values if name.id in allowed else values
    return [
        f"asks for two different answers to {ref!r} at once ('and'), but a {questions[ref]['type']} question has "
        "one answer: this can never be true (did you mean 'or'?)"
        for ref, values in allowed.items()
        if not values
    ]


def never_true(ast: expressions.Node, questions: dict[str, dict[str, Any]]) -> list[str]:
    """Why parts of a ``show_if`` can never be true, given the questions' types (empty when none).

    Caught: a number question (``rating``, ``number``) compared with a text (``q2 == "7"``), a
    text or choice question compared with a number (``q1 == 3``), ``<``, ``<=``, ``>``, ``>=``
    on anything but numbers or dates (``q1 > 3`` on a single choice, ``c1 > 3`` on free text),
    a date compared with a text or number, ``==`` on a multiple choice, ranking or matrix
    answer (``"x" in q`` is meant), and ``and`` asking one single-answer choice question for
    two different values (``q1 == "yes" and q1 == "no"``). Questions unknown here are reported
    elsewhere and skipped.
    """
    problems = [m for c in expressions.comparisons(ast) for m in _comparison_problems(c, questions)]
    problems += [m for group in expressions.conjunctions(ast) for m in _contradictions(group, questions)]
    return list(dict.fromkeys(problems))


# --- Building model objects --------------------------------------------------------------


def _lt(value: dict[str, str] | None) -> LocalText | None:
    return LocalText(dict(value)) if value else None


def questionnaire_from_definition(definition: dict[str, Any], source_path: str = "") -> Questionnaire:
    """Build the model from a normalised definition (e.g. a stored version snapshot)."""
    sections = []
    for s in definition["sections"]:
        questions = []
        for q in s["questions"]:
            questions.append(
                Question(
                    id=q["id"],
                    type=q["type"],
                    text=LocalText(dict(q["text"])),
                    hint=_lt(q["hint"]),
                    required=q["required"],
                    options=tuple(
                        Option(
                            value=o["value"],
                            label=LocalText(dict(o["label"])),
                            hint=_lt(o["hint"]),
                            exclusive=o["exclusive"],
                            specify=o["specify"],
                            score=o["score"],
                            group=_lt(o.get("group")),
                        )
                        for o in q["options"]
                    ),
                    rows=tuple(
                        MatrixRow(r["id"], LocalText(dict(r["text"])), tuple(r["priorities"])) for r in q["rows"]
                    ),
                    priorities=tuple(q["priorities"]),
                    show_if=q["show_if"],
                    show_if_ast=expressions.parse(q["show_if"]) if q["show_if"] else None,
                    max_length=q["max_length"],
                    multiline=q["multiline"],
                    minimum=q["min"],
                    maximum=q["max"],
                    equality=q["equality"],
                    topic=q.get("topic"),
                    integer=bool(q.get("integer", False)),
                    comment=q.get("comment", True) is not False,
                    past=bool(q.get("past", False)),
                    format=q.get("format"),
                    precision=q.get("precision", "day"),
                )
            )
        sections.append(
            Section(
                id=s["id"],
                title=LocalText(dict(s["title"])),
                intro=_lt(s["intro"]),
                questions=tuple(questions),
                show_if=s["show_if"],
                show_if_ast=expressions.parse(s["show_if"]) if s["show_if"] else None,
            )
        )
    return Questionnaire(
        id=definition["id"],
        version=definition["version"],
        title=LocalText(dict(definition["title"])),
        audience=definition["audience"],
        description=_lt(definition["description"]),
        sections=tuple(sections),
        locales=tuple(definition["locales"]),
        source_path=source_path,
        content_hash=content_hash(definition),
        definition=definition,
        open=definition.get("open", True) is not False,
        services=tuple(Service(s["id"], s["name"]) for s in definition.get("services", ())),
    )


# --- Public API --------------------------------------------------------------------------

_CACHE: dict[Path, tuple[tuple[tuple[Path, int], ...], Questionnaire]] = {}


def clear_cache() -> None:
    """Forget every cached load."""
    _CACHE.clear()


def _mtimes(paths: Iterable[Path]) -> tuple[tuple[Path, int], ...] | None:
    try:
        return tuple((p, p.stat().st_mtime_ns) for p in paths)
    except OSError:
        return None


def _blocks_dirs(path: Path, blocks_dir: str | os.PathLike[str] | None) -> list[Path]:
    dirs = [Path(blocks_dir)] if blocks_dir else []
    dirs += [path.parent / "blocks", DEFAULT_BLOCKS_DIR]
    unique: list[Path] = []
    for d in dirs:
        if d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def load_questionnaire(
    path: str | os.PathLike[str], *, blocks_dir: str | os.PathLike[str] | None = None
) -> Questionnaire:
    """Load, validate and normalise one questionnaire file.

    Results are cached by the modification times of the file and the blocks it includes.
    ``{include: name}`` looks in ``blocks_dir`` (if given), then ``<file's folder>/blocks``,
    then the repository's ``questionnaires/blocks``.

    Raises
    ------
    QuestionnaireError
        With every problem found (file, line, field path, message).
    """
    path = Path(path)
    key = path.resolve()
    cached = _CACHE.get(key)
    if cached is not None and _mtimes(p for p, _ in cached[0]) == cached[0]:
        return cached[1]
    source, problems = _read_yaml(path)
    if source is None:
        raise QuestionnaireError(problems)
    if not isinstance(source.data, dict):
        raise QuestionnaireError(
            [
                *problems,
                source.problem(
                    (), "a questionnaire file must be a mapping with id, version, title, audience and sections"
                ),
            ]
        )
    problems += _schema_problems(source, "questionnaire")
    if problems:
        raise QuestionnaireError(problems)
    checker = _Checker(source, _blocks_dirs(path, blocks_dir))
    definition = checker.run()
    if checker.problems:
        raise QuestionnaireError(checker.problems)
    questionnaire = questionnaire_from_definition(definition, source_path=str(path))
    questionnaire = dataclasses.replace(questionnaire, warnings=tuple(str(w) for w in _unique(checker.warnings)))
    stamp = _mtimes(checker.dependencies)
    if stamp is not None:
        _CACHE[key] = (stamp, questionnaire)
    return questionnaire


def _questionnaire_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _broken_links(directory: Path) -> list[Problem]:
    """A problem for each ``*.yaml``/``*.yml`` symbolic link in ``directory`` whose target is missing."""
    problems = []
    for p in sorted(directory.iterdir()):
        if p.suffix in (".yaml", ".yml") and p.is_symlink() and not p.exists():
            try:
                target = os.readlink(p)
            except OSError:
                target = "?"
            problems.append(
                Problem(_display_path(p), "", None, f"broken symbolic link: its target {target} does not exist")
            )
    return problems


def validate_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[dict[str, Questionnaire], list[Problem]]:
    """Load every questionnaire file given (folders: their ``*.yaml`` files, not ``blocks/``).

    Returns the valid questionnaires by id and every problem found (including two files
    sharing one id); never raises :class:`QuestionnaireError`.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _questionnaire_files(path)
            broken = _broken_links(path)
            problems += broken
            if not found and not broken:
                problems.append(
                    Problem(_display_path(path), "", None, "no questionnaire files (*.yaml) in this folder")
                )
            files += found
        else:
            files.append(path)
    loaded, more = _load_files(files)
    return loaded, _unique(problems + more)


def _load_files(files: list[Path]) -> tuple[dict[str, Questionnaire], list[Problem]]:
    loaded: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for file in files:
        try:
            questionnaire = load_questionnaire(file)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable file must never stop the others loading
            problems.append(
                Problem(_display_path(file), "", None, f"could not be loaded (internal error: {type(exc).__name__})")
            )
            continue
        if questionnaire.id in loaded:
            other = loaded[questionnaire.id].source_path
            problems.append(
                Problem(
                    _display_path(file),
                    "id",
                    None,
                    f"questionnaire id {questionnaire.id!r} is also used by {_display_path(Path(other))}",
                )
            )
            continue
        loaded[questionnaire.id] = questionnaire
    return loaded, problems


def load_all(directory: str | os.PathLike[str]) -> dict[str, Questionnaire]:
    """Every questionnaire in ``directory`` (``*.yaml``/``*.yml``; ``blocks/`` is skipped), by id.

    Raises
    ------
    QuestionnaireError
        With the problems of every invalid file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise QuestionnaireError([Problem(_display_path(directory), "", None, "not a folder")])
    loaded, problems = _load_files(_questionnaire_files(directory))
    problems = _unique(_broken_links(directory) + problems)
    if problems:
        raise QuestionnaireError(problems)
    return loaded
