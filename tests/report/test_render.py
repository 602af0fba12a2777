"""HTML and PDF rendering: escaping, the restricted fetcher, accessibility basics, long text."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pandas as pd
import pytest

from analysis.priorities import PRIORITIES
from analysis.report.build import ReportContext, build_report
from analysis.report.data import Quote, Table
from analysis.report.render import AssetFetcher, html_to_pdf, render_html, render_pdf

from .conftest import make_coded

HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_LINK = '<link rel="attachment" href="file:///etc/hostname">'

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="poppler-utils not installed"
)


def hostile_report():
    coded = make_coded(120)
    for i in range(0, 120, 7):  # many hostile comments so some become quotes
        coded.at[i, "redacted_text"] = f"The staff were lovely and kind {HOSTILE_IMG} {HOSTILE_LINK} thank you all"
        coded.at[i, "urgent"] = False
    return build_report(coded, context=ReportContext(round_name="Hostile <b>round</b>"), group_columns=["audience"])


def pdf_text(pdf: bytes, tmp_path, first: int | None = None, last: int | None = None) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_html_escapes_untrusted_text():
    html = render_html(hostile_report(), standalone=False)
    assert HOSTILE_IMG not in html and HOSTILE_LINK not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "Hostile &lt;b&gt;round&lt;/b&gt;" in html
    assert '<html lang="en-GB">' in html
    assert re.search(r"<title>[^<]+</title>", html)


def test_pdf_of_hostile_report_fetches_only_package_assets():
    fetcher = AssetFetcher()
    pdf = render_pdf(hostile_report(), fetcher)
    assert pdf.startswith(b"%PDF")
    assert all(u.startswith("report-asset:") for u in fetcher.requested), fetcher.requested
    assert "report-asset:chart/priorities.svg" in fetcher.requested
    assert fetcher.refused == []
    assert b"/EmbeddedFile" not in pdf


def test_fetcher_refuses_file_and_network_even_if_markup_slips_through():
    """Defence in depth: raw hostile markup reaches WeasyPrint; the fetcher is asked and refuses."""
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title>"
        + HOSTILE_LINK
        + "<link rel='stylesheet' href='http://example.com/x.css'></head><body><p>before</p>"
        + HOSTILE_IMG
        + "<img src='https://example.com/pixel.png'><img src='report-asset:../render.py'>"
        "<p>after</p></body></html>"
    )
    fetcher = AssetFetcher()
    pdf = html_to_pdf(html, fetcher)
    for url in (
        "file:///etc/passwd",
        "file:///etc/hostname",
        "http://example.com/x.css",
        "https://example.com/pixel.png",
    ):
        assert url in fetcher.requested, fetcher.requested
        assert url in fetcher.refused
    assert "report-asset:../render.py" in fetcher.refused  # no escaping the static directory
    assert b"/EmbeddedFile" not in pdf
    assert b"root:x:0:0" not in pdf


@needs_poppler
def test_pdf_lists_all_priorities_and_suppression_statement(tmp_path):
    coded = make_coded(150)
    report = build_report(
        coded, context=ReportContext(round_name="Test"), group_columns=["audience"], date_column="submitted_at"
    )
    text = pdf_text(render_pdf(report), tmp_path)
    flat = " ".join(text.split())
    for p in PRIORITIES.values():
        assert p.name.split(" – ")[0] in flat
    assert "Small-number suppression" in flat
    assert "wider change programme" in flat
    assert "No workshop input in this round" in flat
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           What people told us" in info


@needs_poppler
def test_page_one_renders_to_a_non_blank_image(tmp_path):
    import numpy as np
    from PIL import Image

    report = build_report(make_coded(60), context=ReportContext(round_name="Ffôn – Łódź – Ærø – Ελλάδα"))
    (tmp_path / "r.pdf").write_bytes(render_pdf(report))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True
    )
    png = next(tmp_path.glob("p*.png"))
    img = Image.open(png).convert("L")
    dark = int((np.asarray(img) < 128).sum())
    assert dark > 500, "page 1 looks blank"
    # The cover round name uses non-ASCII letters: no missing-glyph boxes means poppler found the embedded font.
    fonts = subprocess.run(["pdffonts", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("Report-Sans" in r for r in rows), fonts  # the packaged DejaVu Sans
    assert all(r.split()[-5] == "yes" for r in rows), "every font must be embedded"


@needs_poppler
def test_quote_longer_than_a_page_and_4000_word_comment_keep_headers_and_following_paragraph(tmp_path):
    base = build_report(make_coded(60), context=ReportContext(round_name="Long"))
    huge = " ".join(f"word{i}" for i in range(4000))
    long_quote = " ".join(["a very long quote that goes on"] * 900)
    table = Table(
        "Long comments table",
        ("THEMEHDR", "COMMENTHDR"),
        tuple((f"row {i}", huge if i == 1 else f"short {i}") for i in range(4)),
        note="PARAGRAPH-AFTER-TABLE",
    )
    ch = base.chapters[0]
    theme = replace(ch.themes[0], quotes=(Quote(long_quote, "carers"), Quote("QUOTE-AFTER-LONG", "")))
    ch = replace(ch, themes=(theme, *ch.themes[1:]), breakdowns=(table,))
    report = replace(base, chapters=(ch, *base.chapters[1:]))
    pdf = render_pdf(report)
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")
    with_words = [i for i, p in enumerate(pages) if re.search(r"word\d+", p)]
    assert len(with_words) >= 2, "the 4,000-word cell should span pages"
    for i in with_words:
        assert "THEMEHDR" in pages[i] and "COMMENTHDR" in pages[i], f"header missing on page {i + 1}"
    assert "word3999" in text and "PARAGRAPH-AFTER-TABLE" in text and "QUOTE-AFTER-LONG" in text
    after = text.index("word3999")
    assert text.index("PARAGRAPH-AFTER-TABLE") > after


def test_quotes_are_redacted_capped_and_never_urgent():
    coded = make_coded(200)
    coded["redacted_text"] = [f"REDACTED {i} " + " ".join(["w"] * 80) for i in range(200)]
    coded["comment"] = "ORIGINAL should never appear"
    coded["urgent"] = [i % 2 == 0 for i in range(200)]
    r = build_report(coded, context=ReportContext())
    quotes = [q for c in r.chapters for t in c.themes for q in t.quotes]
    assert quotes
    for q in quotes:
        n = int(q.text.split()[1])
        assert n % 2 == 1, "urgent comment quoted"
        assert "ORIGINAL" not in q.text
        assert len(q.text.split()) <= 62 and q.text.endswith("…")


def test_missing_column_is_reported():
    with pytest.raises(KeyError) as info:
        build_report(pd.DataFrame({"redacted_text": [], "themes": [], "priorities": [], "urgent": []}))
    assert str(info.value) == "coded frame is missing column(s): 'sentiment_label'"


def test_comparability_warning_is_shown_above_the_summary():
    r = build_report(make_coded(30), context=ReportContext(warnings=("Question wording changed since X for: q1.",)))
    html = render_html(r)
    assert html.index("Read this first") < html.index('<table class="glance">')
    assert "Question wording changed since X for: q1." in html


@needs_poppler
def test_pdf_is_tagged_with_language_title_and_headings(tmp_path):
    report = build_report(make_coded(40), context=ReportContext(round_name="Tags"))
    pdf = html_to_pdf(render_html(report, standalone=False), uncompressed_pdf=True)
    assert b"/Lang (en-GB)" in pdf
    assert b"/StructTreeRoot" in pdf
    (tmp_path / "t.pdf").write_bytes(pdf)
    struct = subprocess.run(
        ["pdfinfo", "-struct", str(tmp_path / "t.pdf")], capture_output=True, text=True, check=True
    ).stdout
    tags = {line.split()[0].rstrip(":") for line in struct.splitlines() if line.strip()}
    assert {"H1", "H2", "H3", "Table", "THead", "TH", "TD", "Caption", "Figure", "BlockQuote"} <= tags, tags


def test_priority_chart_is_left_out_when_every_share_is_hidden(tmp_path):
    # 8 comments: every share rests on fewer than 10, so an empty plot (axis -0.04..0.04) was drawn.
    report = build_report(make_coded(8))
    assert all(s.comment_share_text == "*" for s in report.summary)
    chart = report.summary_chart
    assert chart.svg == ""
    assert chart.alt.startswith("No chart is drawn: the share of comments on every priority is hidden (*)")
    assert len(chart.table.rows) == 9  # the table stays
    html = render_html(report)
    assert "<svg" not in html and "−0.04" not in html
    assert "No chart is drawn" in html and "Comments and scores by priority" in html
    pdf = render_pdf(report)  # no chart asset is referenced or fetched
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "No chart is drawn" in " ".join(pdf_text(pdf, tmp_path).split())


def test_priority_chart_draws_a_share_published_as_under_one_percent():
    # make report crashed on "<1%" (5 of 1,266 comments), which the chart read as a number
    from types import SimpleNamespace

    from analysis.report.charts import priority_chart
    from analysis.report.suppression import SuppressionRule

    rows = [("Safety", "338", "27%"), ("Clear accountability", "5", "<1%"), ("Culture", "<5", "*")]
    summaries = [SimpleNamespace(name=n, comments_text=c, comment_share_text=t, score_text="–") for n, c, t in rows]
    chart = priority_chart(summaries, SuppressionRule())
    assert "<svg" in chart.svg
    assert "Clear accountability: <1%" in chart.alt and "Suppressed shares (*) are not drawn." in chart.alt
