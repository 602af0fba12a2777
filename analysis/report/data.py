"""The report as plain data: frozen dataclasses of strings and numbers.

:class:`ReportData` is everything the templates need, already formatted and suppressed.
It holds no DataFrames and no untrusted markup: comment text is a plain ``str`` that the
templates escape. Chart ``svg`` is the only markup, produced by :mod:`.charts` from numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ActionGroup",
    "ActionsSection",
    "Chart",
    "EmergentTheme",
    "PriorityChapter",
    "PrioritySummary",
    "Quote",
    "ReportData",
    "Table",
    "ThemeSummary",
]


@dataclass(frozen=True)
class Table:
    """A small table: caption, column headings and rows of display strings."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG chart with its text alternative and the numbers behind it."""

    title: str
    svg: str
    alt: str
    table: Table
    #: Short id, used as the chart's file name inside the PDF renderer (``chart/KEY.svg``).
    key: str = "chart"


@dataclass(frozen=True)
class Quote:
    """A redacted, length-capped comment and where it came from (e.g. audience)."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class ThemeSummary:
    """One theme within a priority chapter."""

    id: str
    name: str
    count: int
    count_text: str
    share_text: str
    positive: str
    neutral: str
    negative: str
    mixed: str
    quotes: tuple[Quote, ...] = ()
    #: "" or "less reliable" when its coding is weak or was not measured (see
    #: :func:`analysis.reliability.theme_check`).
    check: str = ""


@dataclass(frozen=True)
class PrioritySummary:
    """One row of the at-a-glance summary.

    ``score`` is the % positive (0..1): from closed questions tagged with the priority
    (``basis == "questions"``), else from the sentiment of comments coded to it
    (``basis == "comments"``), else None.
    """

    id: str
    name: str
    wider_programme: bool
    score: float | None
    score_low: float | None
    score_high: float | None
    score_n: int
    score_n_text: str
    score_text: str
    interval_text: str
    change_text: str
    direction: str
    comments: int
    comments_text: str
    comment_share_text: str
    positive_text: str
    negative_text: str
    top_themes: tuple[str, ...]
    #: What the score is based on: "questions", "comments" or "" (no score).
    basis: str = ""
    #: The baseline round's score on the same basis ("79%"; ``*`` where it is suppressed, ``–``
    #: where the baseline has none); "" in a report without a baseline.
    baseline_text: str = ""


@dataclass(frozen=True)
class PriorityChapter:
    """One chapter per priority."""

    summary: PrioritySummary
    headline: str
    themes: tuple[ThemeSummary, ...]
    breakdowns: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    #: Explains the marks of :attr:`ThemeSummary.check` used in this chapter's theme table.
    theme_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergentTheme:
    """A cluster of comments that fits no codebook theme."""

    label: str
    count_text: str
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ActionGroup:
    """The "You said, we did" actions on one priority (id ``other``: on none of the nine yet).

    ``table`` is None when the log has no action on it; ``pointer`` is the one line the
    priority's chapter shows (empty when there is no action).
    """

    id: str
    name: str
    count: int
    count_text: str
    table: Table | None = None
    pointer: str = ""
    wider_programme: bool = False


@dataclass(frozen=True)
class ActionsSection:
    """The "You said, we did" section, from the analysts' actions log (:mod:`.actions`)."""

    intro: tuple[str, ...]
    groups: tuple[ActionGroup, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, ready for :func:`analysis.report.render.render_html`."""

    title: str
    round_name: str
    date_range: str
    generated_on: str
    questionnaire_versions: tuple[str, ...]
    codebook_version: str
    suppression_statement: str
    n_responses_text: str
    n_comments_text: str
    summary: tuple[PrioritySummary, ...]
    chapters: tuple[PriorityChapter, ...]
    language: str = "en-GB"
    baseline_name: str = ""
    #: The baseline round's dates, for the cover ("" when not known).
    baseline_dates: str = ""
    filters: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    summary_chart: Chart | None = None
    #: Each priority's score in the baseline round and in this one (None without a baseline).
    progress_chart: Chart | None = None
    #: Explains the "less reliable" mark when a top theme in the summary table carries it.
    summary_notes: tuple[str, ...] = ()
    #: One sentence on the Friends and Family Test for the summary page ("" without FFT answers).
    fft_headline: str = ""
    respondent_tables: tuple[Table, ...] = ()
    #: How the responses divide into survey responses and workshop contributions, in words
    #: ("2 survey responses and 14 workshop contributions"; "" without workshop contributions).
    responses_split: str = ""
    #: Sentences after the "Who responded" tables (equality tables left out, and why).
    respondent_notes: tuple[str, ...] = ()
    trend_chart: Chart | None = None
    emergent: tuple[EmergentTheme, ...] = ()
    emergent_note: str = ""
    workshops: tuple[str, ...] = ()
    workshop_table: Table | None = None
    workshop_quotes: tuple[Quote, ...] = ()
    #: Contributions and dot votes by the priority the facilitator recorded (None without those columns).
    workshop_votes_table: Table | None = None
    #: Up to 5 contributions with the most dot votes, most first; ``source`` holds the vote count.
    workshop_most_voted: tuple[Quote, ...] = ()
    method: tuple[tuple[str, str], ...] = ()
    codebook: Table | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: "You said, we did" (only when an actions log is given; :func:`.actions.add_actions`).
    actions: ActionsSection | None = None
