"""Render a :class:`~analysis.report.data.ReportData` to HTML (Jinja2) and PDF (WeasyPrint).

Untrusted text (comments, labels from data) is escaped by Jinja2's autoescape. The PDF is
rendered with :class:`AssetFetcher`, which serves only files from this package's ``static/``
directory through the ``report-asset:`` scheme and refuses everything else (``file:``,
``http(s):``, ``data:``...), so even markup that slipped through could not read local files
or reach the network.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.report.data import ReportData

__all__ = ["ASSET_SCHEME", "AssetFetcher", "html_to_pdf", "render_html", "render_pdf"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: URL scheme for the package's own static files.
ASSET_SCHEME = "report-asset:"

_env = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: ReportData, *, standalone: bool = True) -> str:
    """Return the report as an HTML document (autoescaped).

    Parameters
    ----------
    report : ReportData
    standalone : bool
        True (the web version): stylesheet and chart SVG inline, no external references.
        False (for :func:`render_pdf`): stylesheet and charts referenced as ``report-asset:``
        URLs that only :class:`AssetFetcher` serves.
    """
    css = None
    if standalone:  # the web version: no @font-face (browsers cannot fetch report-asset: URLs)
        css = re.sub(r"@font-face\s*{[^}]*}", "", (STATIC / "report.css").read_text(encoding="utf-8"))
    return _env.get_template("report.html").render(r=report, inline_css=css, asset=ASSET_SCHEME, inline_svg=standalone)


def _charts(report: ReportData) -> dict[str, bytes]:
    return {f"chart/{c.key}.svg": c.svg.encode("utf-8") for c in (report.progress_chart, report.summary_chart, report.trend_chart) if c and c.svg}


def _make_fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _AssetFetcher(URLFetcher):
        """Serve ``report-asset:NAME`` from ``static/``; refuse every other URL."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
            #: In-memory assets (chart SVGs) by name, e.g. ``chart/trend.svg``.
            self.memory: dict[str, bytes] = {}
            #: Every URL WeasyPrint asked for, in order.
            self.requested: list[str] = []
            #: URLs refused.
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            self.requested.append(url)
            if url.startswith(ASSET_SCHEME):
                name = url[len(ASSET_SCHEME) :].lstrip("/")
                if name in self.memory:
                    return URLFetcherResponse(url, body=self.memory[name], headers={"Content-Type": "image/svg+xml"})
                path = (STATIC / name).resolve()
                if path.is_file() and path.is_relative_to(STATIC):
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    if path.suffix == ".ttf":
                        mime = "font/ttf"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"report renderer refuses to fetch {url[:80]!r}")

    return _AssetFetcher


_FETCHER_CLASS: type | None = None


def AssetFetcher() -> Any:  # noqa: N802 - behaves as a class, built lazily so importing needs no WeasyPrint
    """A new URL fetcher allowing only the package's static assets (see module docstring)."""
    global _FETCHER_CLASS
    if _FETCHER_CLASS is None:
        _FETCHER_CLASS = _make_fetcher_class()
    return _FETCHER_CLASS()


def html_to_pdf(html: str, fetcher: Any = None, **options: Any) -> bytes:
    """Render HTML to a tagged PDF (PDF/UA-1) through the restricted fetcher.

    ``options`` are passed to WeasyPrint's ``write_pdf`` (e.g. ``uncompressed_pdf=True`` in tests).
    """
    from weasyprint import HTML

    fetcher = fetcher if fetcher is not None else AssetFetcher()
    doc = HTML(string=html, base_url=ASSET_SCHEME, url_fetcher=fetcher)
    return doc.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, **options)


def render_pdf(report: ReportData, fetcher: Any = None) -> bytes:
    """Return the report as PDF bytes (PDF/UA-1: title, language and headings tagged)."""
    fetcher = fetcher if fetcher is not None else AssetFetcher()
    fetcher.memory.update(_charts(report))
    return html_to_pdf(render_html(report, standalone=False), fetcher)
