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

__all__ = ["priority_chart", "trend_chart"]

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


def priority_chart(summaries: Sequence[PrioritySummary], rule: SuppressionRule) -> Chart:
    """Horizontal bars: share of comments coded to each priority (and score when available)."""
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
        alt = (
            "No chart is drawn: the share of comments on every priority is hidden (*) because it rests on "
            "small numbers. The table gives the counts that can be published."
        )
        return Chart(title, "", alt, table, key="priorities")
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
