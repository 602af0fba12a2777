"""The codebook: themes, their QDC sub-categories, priorities, domains and cue phrases.

The codebook is a versioned data file (``analysis/data/codebook.yaml``) validated on load
against :data:`CODEBOOK_SCHEMA` and against the priority and domain ids, so a typo fails
loudly instead of silently dropping a mapping.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from analysis.columns import DOMAIN_IDS
from analysis.priorities import PRIORITY_IDS
from analysis.urgent import URGENT_KINDS

__all__ = [
    "CUE_TOKEN", "SENTENCE_END", "Codebook", "CodebookError", "Theme", "cue_pattern", "join_tokens", "load_codebook",
]

#: Default codebook file shipped with the package.
CODEBOOK_PATH = Path(str(resources.files("analysis"))) / "data" / "codebook.yaml"

#: Tokens that cues are matched on (by :class:`analysis.model.CueMatcher`). A possessive
#: "'s" is a token of its own, in cues and texts alike, so "each other" matches "each other's
#: judgement" ("other's" was one token before, and the cue never matched it).
CUE_TOKEN = re.compile(r"\w(?:[\w'&/-]*\w)?(?<!'s)|(?<=\w)'s\b")
#: Where sentences end for ``cue_rules`` (normalised text has no line breaks).
SENTENCE_END = re.compile(r"[.!?;\u2026\uff01\uff1f\u3002]+")


def join_tokens(tokens: Sequence[str]) -> str:
    """Join :data:`CUE_TOKEN` tokens into a phrase as written: spaces between words, none
    before a possessive ``'s`` (``["carer", "'s", "assessment"]`` -> ``"carer's assessment"``)."""
    return " ".join(tokens).replace(" 's", "'s")


CODEBOOK_SCHEMA = {
    "type": "object",
    "required": ["version", "themes"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "string", "minLength": 1},
        "themes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name", "description", "priorities", "domains", "cues", "why"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "name": {"type": "string", "minLength": 1},
                    "description": {"type": "string", "minLength": 1},
                    "qdc_subcategory": {"type": ["string", "null"]},
                    "qdc_v7": {"type": ["string", "null"]},
                    "priorities": {"type": "array", "items": {"type": "string"}},
                    "domains": {"type": "array", "items": {"type": "string"}},
                    "cues": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "decisive_cues": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "not_cues": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "needs_cue": {"type": "boolean"},
                    "urgent_kinds": {"type": "array", "items": {"type": "string"}},
                    "cue_rules": {
                        "type": "array",
                        "items": {
                            "type": "array",
                            "minItems": 2,
                            "items": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": "string", "minLength": 1},
                            },
                        },
                    },
                    "why": {"type": "string"},
                    "residual": {"type": "boolean"},
                },
            },
        },
    },
}


class CodebookError(ValueError):
    """Raised when a codebook file is malformed or refers to unknown ids.

    The message is one line of at most :data:`MAX_MESSAGE` characters: a schema error can
    quote the whole value at fault (a tester's ``themes:`` written as a mapping gave 57 KB, a
    300-byte YAML alias bomb hundreds of MB), so a longer one is cut with " ...".
    """

    MAX_MESSAGE = 400

    def __init__(self, message: str) -> None:
        line = " ".join(str(message).split())
        super().__init__(line if len(line) <= self.MAX_MESSAGE else line[: self.MAX_MESSAGE - 4] + " ...")


@dataclass(frozen=True)
class Theme:
    """One codebook theme.

    Attributes
    ----------
    id, name, description : str
        Stable id, display name, one-line description (our own words).
    qdc_subcategory : str or None
        QDC v6 sub-category name as spelled in the NEAS headers; None for partnership themes.
    qdc_v7 : str or None
        QDC v7 sub-category the theme falls under.
    priorities, domains : tuple of str
        Priority ids (:mod:`analysis.priorities`) and NQB domain ids it maps to.
    cues : tuple of str
        Lower-case cue phrases; a trailing ``*`` matches any word ending.
    decisive_cues : tuple of str
        Lower-case phrases (no ``*``) that on their own mean the theme: a match codes the
        theme whatever the trained model says. They are cues too (also matched as
        :attr:`cues`). For phrases the labelled data rarely holds ("short staffed" occurs in
        no NEAS comment), so the model cannot learn them; a test checks that those the
        training data does hold are right at least half the time there.
    not_cues : tuple of str
        Lower-case phrases inside which the theme's cues and decisive cues mean something
        else ("occupational therapist" for psychological therapy's cue "therapist"): cue words
        that fall inside a matched not-cue do not count (co-occurrence rules are not affected).
    needs_cue : bool
        True when the trained model may code the theme only in a comment where one of its
        cues or rules matched: its labelled comments come from one service whose every
        comment is about the theme (patient transport), so elsewhere the words the model
        learned there ("home", "every week") are no evidence of it.
    urgent_kinds : tuple of str
        Kinds of urgent flag (:data:`analysis.urgent.URGENT_KINDS`) that give a comment this
        theme: a comment flagged ``safeguarding_abuse_or_neglect`` is about feeling safe
        whatever words it uses.
    cue_rules : tuple of tuple of tuple of str
        Co-occurrence rules: each rule is two or more lists of cue phrases and matches
        when one phrase of every list occurs in the same sentence (``[[asked, consulted],
        [closed, redesign*]]`` matches "nobody asked us before they closed it").
    why : str
        Reasoning for the mapping.
    residual : bool
        True when the theme does not explain a comment (QDC "Not assigned").
    """

    id: str
    name: str
    description: str
    qdc_subcategory: str | None
    qdc_v7: str | None
    priorities: tuple[str, ...]
    domains: tuple[str, ...]
    cues: tuple[str, ...]
    why: str
    residual: bool = False
    cue_rules: tuple[tuple[tuple[str, ...], ...], ...] = ()
    decisive_cues: tuple[str, ...] = ()
    urgent_kinds: tuple[str, ...] = ()
    not_cues: tuple[str, ...] = ()
    needs_cue: bool = False


@dataclass(frozen=True)
class Codebook:
    """A validated codebook: ``version`` and ``themes`` (id -> :class:`Theme`, in file order)."""

    version: str
    themes: dict[str, Theme] = field(repr=False)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """Theme ids in codebook order."""
        return tuple(self.themes)

    @property
    def partnership_ids(self) -> tuple[str, ...]:
        """Ids of the partnership themes (no QDC sub-category, not residual), in codebook order."""
        return tuple(t.id for t in self.themes.values() if t.qdc_subcategory is None and not t.residual)

    def by_qdc(self) -> dict[str, str]:
        """Return QDC v6 sub-category name -> theme id for themes that have one."""
        return {t.qdc_subcategory: t.id for t in self.themes.values() if t.qdc_subcategory}


def cue_pattern(cue: str) -> str:
    """Return a regular expression (no flags) matching ``cue`` on word boundaries.

    A trailing ``*`` matches any word ending; apostrophes match straight or curly ones
    (text is normalised to straight ones before matching anyway).

    Examples
    --------
    >>> bool(re.search(cue_pattern("clean*"), "very cleanly done"))
    True
    >>> bool(re.search(cue_pattern("late"), "chocolate"))
    False
    """
    wildcard = cue.endswith("*")
    body = re.escape(cue.rstrip("*").strip()).replace(r"\ ", r"\s+")
    return r"(?<![\w])" + body + (r"\w*" if wildcard else r"(?![\w])")


#: A character a cue phrase may not hold: phrases are words, not regular expressions.
_NOT_READ = re.compile(r"[^\w\s*'\u2018\u2019&/.,-]")


def _phrase_problem(phrase: str, in_rule: bool) -> str | None:
    """Why a cue phrase could never match, or None when it can."""
    body = phrase[:-1] if phrase.endswith("*") else phrase
    if "*" in body:
        return "has a '*' that is not at the end (only a trailing '*' is a wildcard)"
    if not CUE_TOKEN.search(body):
        return "has no letters or digits, so it can never match"
    odd = _NOT_READ.search(body)
    if odd:  # a tester's "c++", "\\d+" and "a|b" passed, and matched "c", "d" and "a b"
        return (
            f"has {odd.group()!r}, which cue phrases do not read (they match words: letters, digits and "
            "' - & / inside them; not patterns), so it would match as if it were not there"
        )
    if in_rule and SENTENCE_END.search(body):
        return "contains a sentence end (. ! ? ;), so it can never match within one sentence"
    return None


def _clean(phrase: str) -> str:
    """Lower-case with straight apostrophes (comments are normalised the same way)."""
    return phrase.replace("\u2019", "'").replace("\u2018", "'").lower()


def _check_phrases(item: dict, source: str) -> None:  # type: ignore[type-arg]
    tid = item["id"]
    for cue in item["cues"]:
        problem = _phrase_problem(cue, in_rule=False)
        if problem:
            raise CodebookError(f"{source}: theme {tid!r} cues: {cue!r} {problem}")
    for cue in item.get("decisive_cues", []):
        problem = _phrase_problem(cue, in_rule=False)
        if not problem and cue.rstrip().endswith("*"):
            problem = "ends in '*': a decisive cue is matched exactly, so list each form"
        if problem:
            raise CodebookError(f"{source}: theme {tid!r} decisive_cues: {cue!r} {problem}")
    for cue in item.get("not_cues", []):
        problem = _phrase_problem(cue, in_rule=False)
        if problem:
            raise CodebookError(f"{source}: theme {tid!r} not_cues: {cue!r} {problem}")
    for r, rule in enumerate(item.get("cue_rules", [])):
        for group in rule:
            for phrase in group:
                problem = _phrase_problem(phrase, in_rule=True)
                if problem:
                    raise CodebookError(f"{source}: theme {tid!r} cue_rules[{r}]: {phrase!r} {problem}")
        tokens = [[(p, CUE_TOKEN.findall(_clean(p).rstrip("*"))) for p in group] for group in rule]
        for i, a in enumerate(tokens):
            for b in tokens[i + 1 :]:
                for pa, ta in a:
                    for pb, tb in b:
                        if _overlaps(ta, tb):
                            raise CodebookError(
                                f"{source}: theme {tid!r} cue_rules[{r}]: {pa!r} and {pb!r} are in different "
                                "lists but one contains the other, so one occurrence would satisfy both"
                            )


def _overlaps(ta: list[str], tb: list[str]) -> bool:
    """True when one token list is a run of the other (wildcards taken literally)."""
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return any(long_[k : k + len(short)] == short for k in range(len(long_) - len(short) + 1))


def _validate(raw: object, source: str) -> Codebook:
    try:
        jsonschema.validate(raw, CODEBOOK_SCHEMA)
    except jsonschema.ValidationError as exc:
        path = list(exc.absolute_path)
        where = ""
        if len(path) > 1 and path[0] == "themes" and isinstance(path[1], int):
            theme = raw["themes"][path[1]] if isinstance(raw, dict) else None
            if isinstance(theme, dict) and isinstance(theme.get("id"), str):
                where = f" (theme {theme['id']!r})"
        hint = " (quote it in the YAML)" if exc.validator == "type" and exc.validator_value == "string" else ""
        if exc.validator == "additionalProperties" and isinstance(exc.instance, dict):
            known = exc.schema.get("properties", {})
            extra = sorted(str(k) for k in exc.instance if k not in known)
            place = where.replace(" (theme", " in theme").rstrip(")") if where else f" at {path}"
            raise CodebookError(
                f"{source}: unknown key {', '.join(map(repr, extra))}{place} (known keys: {', '.join(known)})"
            ) from exc
        raise CodebookError(f"{source}: {exc.message} at {path}{where}{hint}") from exc
    assert isinstance(raw, dict)  # for type checkers; the schema guarantees it  # noqa: S101
    themes: dict[str, Theme] = {}
    qdc_seen: set[str] = set()
    for item in raw["themes"]:
        tid = item["id"]
        if tid in themes:
            raise CodebookError(f"{source}: duplicate theme id {tid!r}")
        bad_p = set(item["priorities"]) - set(PRIORITY_IDS)
        if bad_p:
            raise CodebookError(
                f"{source}: theme {tid!r} has unknown priorities {sorted(bad_p)} (known: {', '.join(PRIORITY_IDS)})"
            )
        bad_d = set(item["domains"]) - set(DOMAIN_IDS)
        if bad_d:
            raise CodebookError(
                f"{source}: theme {tid!r} has unknown domains {sorted(bad_d)} (known: {', '.join(DOMAIN_IDS)})"
            )
        _check_phrases(item, source)
        if item.get("needs_cue") and not (item["cues"] or item.get("decisive_cues") or item.get("cue_rules")):
            raise CodebookError(f"{source}: theme {tid!r} needs_cue: true but it has no cues, so it could never be coded")
        bad_u = set(item.get("urgent_kinds", [])) - set(URGENT_KINDS)
        if bad_u:
            raise CodebookError(
                f"{source}: theme {tid!r} urgent_kinds: unknown {sorted(bad_u)} (known: {', '.join(URGENT_KINDS)})"
            )
        qdc = item.get("qdc_subcategory")
        if qdc is not None:
            if qdc in qdc_seen:
                raise CodebookError(f"{source}: QDC sub-category {qdc!r} mapped twice")
            qdc_seen.add(qdc)
        themes[tid] = Theme(
            id=tid,
            name=item["name"],
            description=item["description"],
            qdc_subcategory=qdc,
            qdc_v7=item.get("qdc_v7"),
            priorities=tuple(item["priorities"]),
            domains=tuple(item["domains"]),
            cues=tuple(_clean(c) for c in item["cues"]),
            why=item["why"],
            residual=bool(item.get("residual", False)),
            cue_rules=tuple(
                tuple(tuple(_clean(c) for c in group) for group in rule) for rule in item.get("cue_rules", [])
            ),
            decisive_cues=tuple(_clean(c) for c in item.get("decisive_cues", [])),
            urgent_kinds=tuple(item.get("urgent_kinds", [])),
            not_cues=tuple(_clean(c) for c in item.get("not_cues", [])),
            needs_cue=bool(item.get("needs_cue", False)),
        )
    return Codebook(version=raw["version"], themes=themes)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses a repeated key (PyYAML would keep the last silently) and
    aliases (``*name``: a codebook needs none, and a few nested ones expand to gigabytes)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.events.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a codebook", mark)
        return super().compose_node(parent, index)


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:  # type: ignore[type-arg]
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if key in keys:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, f"found a repeated key {key!r}", key_node.start_mark
            )
        keys.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


@cache
def _load_cached(path: str, stamp: tuple[int, int]) -> Codebook:
    """Parse and validate ``path``; ``stamp`` (mtime_ns, size) makes an edited file reload."""
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        # "codebook.yaml:69:5: ..." rather than PyYAML's 'in "<unicode string>", line 69'
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        what = "; ".join(x for x in (exc.context, exc.problem) if x)
        raise CodebookError(f"{where}: not valid YAML: {what}") from exc
    except (OSError, yaml.YAMLError, RecursionError, UnicodeDecodeError) as exc:
        raise CodebookError(f"cannot read codebook {path}: {exc}") from exc
    return _validate(raw, path)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook file.

    Parameters
    ----------
    path : str or Path, optional
        YAML codebook; defaults to the packaged ``analysis/data/codebook.yaml``.

    Returns
    -------
    Codebook
        ``version`` and ``themes`` (id -> :class:`Theme`: id, name, description,
        priorities, domains, qdc_subcategory, qdc_v7, cues, cue_rules, why, residual).

    Raises
    ------
    CodebookError
        If the file cannot be read, breaks the schema, repeats a theme id or QDC
        sub-category, or names an unknown priority or domain.

    Notes
    -----
    Sources: QDC framework v6/v7 sub-category names (NHS England, MIT); priorities from the
    partnership quality strategy (:mod:`analysis.priorities`); domains from the National Quality Board
    shared commitment to quality.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.themes["timeliness"].qdc_subcategory
    'Timeliness of care'
    """
    path = str(path or CODEBOOK_PATH)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise CodebookError(f"cannot read codebook {path}: {exc}") from exc
    return _load_cached(path, (st.st_mtime_ns, st.st_size))
