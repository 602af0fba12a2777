"""Themed PDF/HTML summaries by priority, with baselines and small-number suppression.

``build_report`` turns coded frames into a :class:`~analysis.report.data.ReportData` of
primitives; ``render_html`` / ``render_pdf`` turn that into a document. The command line is
``python -m analysis report`` (:mod:`analysis.report.cli`).
"""
