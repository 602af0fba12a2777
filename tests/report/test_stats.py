"""Wilson and Newcombe intervals against published / hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.report.stats import Z95, difference_of_proportions, wilson_interval


def hand_wilson(x: int, n: int) -> tuple[float, float]:
    """Wilson interval written out longhand (independent of the vectorised code)."""
    p = x / n
    z2 = Z95 * Z95
    centre = (2 * x + z2) / (2 * (n + z2))
    half = Z95 * math.sqrt(z2 + 4 * x * (1 - p)) / (2 * (n + z2))
    return centre - half, centre + half


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998) Stat Med 17:857, example (a)
        (8, 10, 0.4902, 0.9433),
        (50, 100, 0.4038, 0.5962),
        (0, 10, 0.0, 0.2775),  # z²/(n+z²)
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_matches_published_values(x, n, low, high):
    lo, hi = wilson_interval(x, n)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)
    hl, hh = hand_wilson(x, n)
    assert lo == pytest.approx(max(hl, 0), abs=1e-12)
    assert hi == pytest.approx(min(hh, 1), abs=1e-12)


def test_wilson_vectorised_and_zero_n():
    lo, hi = wilson_interval(np.array([8, 0]), np.array([10, 0]))
    assert lo[0] == pytest.approx(0.4902, abs=5e-5)
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_newcombe_difference_matches_published_example():
    # Newcombe (1998) Stat Med 17:873, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    r = difference_of_proportions(56, 70, 48, 80)
    assert r["diff"] == pytest.approx(0.2)
    assert r["low"] == pytest.approx(0.0524, abs=5e-5)
    assert r["high"] == pytest.approx(0.3339, abs=5e-5)


def test_pooled_z_test_by_hand():
    # p = 105/200 = 0.525; se = sqrt(.525*.475*(2/100)) = 0.070622; z = 0.15/se = 2.1240
    r = difference_of_proportions(60, 100, 45, 100)
    z = 0.15 / math.sqrt(0.525 * 0.475 * 0.02)
    assert r["p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert r["p_value"] == pytest.approx(0.0337, abs=1e-4)
