"""Small-number suppression: primary, secondary, configurable thresholds."""

from __future__ import annotations

import pytest

from analysis.report.suppression import SuppressionRule, format_count, format_percent, suppress_breakdown


def test_primary_counts_and_percentages():
    rule = SuppressionRule()
    assert [format_count(n, rule) for n in (0, 1, 4, 5, 1234)] == ["0", "<5", "<5", "5", "1,234"]
    assert format_percent(0.5, 9, rule) == "*"
    assert format_percent(0.5, 10, rule) == "50%"


def test_secondary_hides_next_lowest_when_one_cell_hidden():
    # total 80 published; 3 alone would be recoverable as 80 - 40 - 12 - 25.
    labels, base_ok = suppress_breakdown([40, 3, 12, 25], SuppressionRule())
    assert labels == ["40", "<5", "*", "25"]
    # percentages: the <10 group is hidden, and so is the next smallest (12)
    assert base_ok == [True, False, False, True]


def test_no_secondary_needed_when_two_cells_hidden_or_none():
    labels, base_ok = suppress_breakdown([40, 3, 2, 25], SuppressionRule())
    assert labels == ["40", "<5", "<5", "25"]
    assert base_ok == [True, False, False, True]
    labels, base_ok = suppress_breakdown([40, 0, 12, 25], SuppressionRule())
    assert labels == ["40", "0", "12", "25"]
    assert base_ok == [True, False, True, True]  # 0 has no percentage to hide, nothing to protect


def test_threshold_is_configurable_and_stated():
    rule = SuppressionRule(min_base=5, min_count=3)
    labels, base_ok = suppress_breakdown([2, 4, 30], rule)
    assert labels == ["<3", "*", "30"]
    assert base_ok == [False, False, True]
    assert "fewer than 5 responses" in rule.statement() and "<3" in rule.statement()
    with pytest.raises(ValueError, match="at least 1"):
        SuppressionRule(min_base=0)
