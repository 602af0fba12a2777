"""Charts as inline SVG (matplotlib), each with a text alternative and its numbers as a table.

SVG text is kept as text (``svg.fonttype = none``) so the PDF font renders it. Charts only
ever plot numbers that the table beside them shows unsuppressed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from analysis.report.data import Chart, PrioritySummary, Table
from analysis.report.suppression import SuppressionRule, is_shown_count, suppress_breakdown

__all__ = ["priority_chart", "progress_chart", "trend_chart"]

BLUE = "#005eb8"  # NHS blue
GREY = "#425563"
_RC = {"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "report"}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    text = re.sub(r"^.*?(<svg\b)", r"\1", text, count=1, flags=re.S)  # drop XML prolog and DOCTYPE
    # Use the report's own embedded font (same DejaVu Sans file) rather than a system font.
    return text.replace("'DejaVu Sans'", "'Report Sans', 'DejaVu Sans', sans-serif")


def _drawn_percent(text: str) -> float:
    """The bar length for a published share: "46%" -> 46.0, "<1%" -> 0.5, ">99%" -> 99.5;
    NaN (no bar) for a suppressed or missing one ("*", "–").

    >>> [_drawn_percent(t) for t in ("46%", "<1%", ">99%", "12.5%")]
    [46.0, 0.5, 99.5, 12.5]
    """
    if not text.endswith("%"):
        return float("nan")
    number = text[:-1]
    if number.startswith("<"):
        return float(number[1:]) / 2
    if number.startswith(">"):
        return (float(number[1:]) + 100) / 2
    return float(number)


def _table_only(title: str, why: str, table: Table, key: str) -> Chart:
    """A chart with nothing to draw: its title, one sentence saying ``why``, and its table."""
    return Chart(title, "", f"No chart is drawn: {why}. The table gives what can be published.", table, key=key)


def priority_chart(summaries: Sequence[PrioritySummary], rule: SuppressionRule) -> Chart:
    """Horizontal bars: share of comments coded to each priority; its table gives each score too."""
    names = [s.name.split(" – ")[0] for s in summaries]
    shares = [s.comment_share_text for s in summaries]
    # Only published (unsuppressed) shares are drawn; a suppressed one gets no bar, so its
    # length cannot give back the hidden count.
    values = [_drawn_percent(t) for t in shares]
    rows = tuple((s.name, s.comments_text, s.comment_share_text, s.score_text) for s in summaries)
    table = Table("Comments and scores by priority", ("Priority", "Comments", "% of comments", "Score"), rows)
    title = "Where comments fall across the nine priorities"
    if not any(t.endswith("%") for t in shares):
        # Nothing to draw: an empty plot would only show a meaningless axis. Table and a sentence only.
        return _table_only(
            title, "the share of comments on every priority is hidden (*) because it rests on small numbers",
            table, "priorities",
        )
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        ax.barh(range(len(names))[::-1], values, color=BLUE)
        ax.set_yticks(range(len(names))[::-1], names)
        ax.set_xlabel("% of comments coded to the priority")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        svg = _svg(fig)
    alt = (
        "Bar chart of the share of comments coded to each priority. "
        + "; ".join(f"{n}: {v}" for n, v in zip(names, shares, strict=True))
        + "."
        + (" Suppressed shares (*) are not drawn." if any(not t.endswith("%") for t in shares) else "")
    )
    return Chart(title, svg, alt, table, key="priorities")


def progress_chart(summaries: Sequence[PrioritySummary], baseline_name: str) -> Chart | None:
    """Each priority's score in the baseline round (hollow circle) and in this round (filled),
    joined by a line: the progress the partnership tracks, on one 0-100% axis.

    Only published figures are drawn (``PrioritySummary.baseline_text`` and ``score_text``
    ending in %, as the summary table shows them), so a hidden score gets no marker. A score
    from comments (``basis == "comments"``) is labelled ``(c)``, as in the table. None without
    a baseline (``baseline_name`` empty). The table beside it gives both scores, the change
    and its direction.
    """
    if not baseline_name:
        return None
    names = [s.name.split(" – ")[0] + (" (c)" if s.basis == "comments" else "") for s in summaries]
    then = [_drawn_percent(s.baseline_text) for s in summaries]
    now = [_drawn_percent(s.score_text) for s in summaries]
    rows = tuple(
        (s.name, s.baseline_text or "–", s.score_text, s.change_text, s.direction) for s in summaries
    )
    table = Table(
        f"Scores in {baseline_name} and in this round",
        ("Priority", baseline_name, "This round", "Change", "Direction"),
        rows,
    )
    title = f"Progress against {baseline_name}: each priority's score then and now"
    described = [
        f"{n}: {s.baseline_text or '–'} then, {s.score_text} now ({s.direction})"
        for n, s in zip(names, summaries, strict=True)
    ]
    if all(v != v for v in then + now):  # every figure hidden or missing: NaN != NaN
        return _table_only(title, "no priority has a score that can be published in either round", table, "progress")
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.5, 3.4))
        ys = list(range(len(names)))[::-1]
        for y, a, b in zip(ys, then, now, strict=True):
            if a == a and b == b:
                ax.plot([a, b], [y, y], color=GREY, linewidth=1.2, zorder=1)
        ax.scatter(then, ys, s=42, facecolors="white", edgecolors=GREY, linewidths=1.5, zorder=2, label=baseline_name)
        ax.scatter(now, ys, s=42, color=BLUE, zorder=3, label="This round")
        ax.set_yticks(ys, names)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% positive answers (score)")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        svg = _svg(fig)
    alt = (
        f"Dot chart of each priority's score in {baseline_name} (hollow circle) and in this round (filled "
        "circle), joined by a line. " + "; ".join(described) + "."
        + (" Suppressed scores (*) are not drawn." if any(v != v for v in then + now) else "")
    )
    return Chart(title, svg, alt, table, key="progress")


def trend_chart(dates: pd.Series, rule: SuppressionRule) -> Chart | None:
    """Monthly (or yearly, beyond 36 months) response counts; small counts not plotted.

    Responses with no readable date are a "No date" row of the table (not plotted): left out,
    the published total less the months would give their number (a tester's 50 - 47 = 3), so
    they are suppressed with the months as one breakdown."""
    parsed = pd.to_datetime(dates, errors="coerce", utc=True)
    undated = int(parsed.isna().sum())
    d = parsed.dropna()
    if d.empty:
        return None
    span_months = (d.max().year - d.min().year) * 12 + d.max().month - d.min().month + 1
    freq, label = ("year", "%Y") if span_months > 36 else ("month", "%b %Y")
    key = d.dt.year if freq == "year" else d.dt.year * 100 + d.dt.month
    counts = key.value_counts().sort_index()
    # Every month (year) of the range, 0 where none came in: 0 is shown, not suppressed (only 1-4 is).
    if freq == "year":
        full = list(range(int(counts.index.min()), int(counts.index.max()) + 1))
    else:
        months = pd.period_range(d.min().strftime("%Y-%m"), d.max().strftime("%Y-%m"), freq="M")
        full = [p.year * 100 + p.month for p in months]
    counts = counts.reindex(full, fill_value=0)
    # one hidden month must not be recoverable
    all_labels, _ = suppress_breakdown(counts.tolist() + ([undated] if undated else []), rule)
    labels = all_labels[: len(counts)]
    plain = [is_shown_count(lab) for lab in labels]
    shown = counts.where(pd.Series(plain, index=counts.index))
    xs = [
        str(k) if freq == "year" else pd.Timestamp(year=k // 100, month=k % 100, day=1).strftime(label)
        for k in counts.index
    ]
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.5, 2.4))
        ax.plot(range(len(xs)), shown.to_numpy(dtype=float), marker="o", color=BLUE)
        step = max(1, len(xs) // 12)
        ax.set_xticks(range(0, len(xs), step), xs[::step], rotation=45, ha="right")
        ax.set_ylabel(f"Responses per {freq}")
        ax.set_ylim(bottom=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        svg = _svg(fig)
    rows = tuple(zip(xs, labels, strict=True)) + ((("No date", all_labels[-1]),) if undated else ())
    peak = list(counts.index).index(counts.idxmax())
    # The busiest month is named only when the table shows its count: naming a hidden one says
    # it is at least every shown month, which with the total can pin a hidden small month.
    busiest = (
        f"; the busiest {freq} was {xs[peak]} with {labels[peak]} responses" if plain[peak] else ""
    )
    alt = (
        f"Line chart of responses per {freq} from {xs[0]} to {xs[-1]}{busiest}. "
        f"{'Months' if freq == 'month' else 'Years'} with suppressed counts are not plotted."
    )
    return Chart(
        f"Responses over time (per {freq})",
        svg,
        alt,
        Table(f"Responses per {freq}", (freq.title(), "Responses"), rows),
        key="trend",
    )
