"""The runnable examples in the analysis docstrings (and the import's) are correct."""
import doctest
import importlib

import pytest

MODULES = [
    "analysis.text", "analysis.codebook", "analysis.redact", "analysis.sentiment", "analysis.urgent",
    "analysis.language", "analysis.pipeline", "analysis.database_url", "analysis.report.build",
    "analysis.report.suppression", "analysis.report.labels", "analysis.outputs", "analysis.report.charts",
    "analysis.coding_cli", "analysis.postcodes", "analysis.postcode_shapes", "analysis.sources", "analysis.priorities",
    "survey_app.responses.imports", "survey_app.responses.fingerprints", "analysis.report.baseline",
    "analysis.report.actions", "survey_app.surveys.services",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
