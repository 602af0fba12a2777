"""Interval estimates and tests for proportions used in reports.

All functions are vectorised: they accept scalars or NumPy arrays / pandas Series and
return floats or arrays of the same shape. ``NaN`` is returned where ``n`` is 0.
"""

from __future__ import annotations

import numpy as np
from scipy.special import erfc

__all__ = ["Z95", "difference_of_proportions", "wilson_interval"]

#: Two-sided 95% standard normal quantile.
Z95 = 1.959963984540054


def wilson_interval(successes, n, z: float = Z95):
    """Wilson score interval for a binomial proportion.

    Parameters
    ----------
    successes, n : int or array-like
        Number of positive answers and number of answers.
    z : float
        Normal quantile (1.96 for 95%).

    Returns
    -------
    (low, high) : tuple of float or ndarray
        Bounds in 0..1; NaN where ``n`` is 0.

    Notes
    -----
    With p = x/n: centre = (p + z²/2n) / (1 + z²/n),
    half-width = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)  (Wilson 1927; Newcombe 1998, method 3).

    Examples
    --------
    >>> low, high = wilson_interval(8, 10)
    >>> round(float(low), 4), round(float(high), 4)
    (0.4902, 0.9433)
    """
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(m > 0, x / m, np.nan)
        denom = 1 + z * z / m
        centre = (p + z * z / (2 * m)) / denom
        half = z * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def difference_of_proportions(x1, n1, x2, n2, z: float = Z95):
    """Difference p1 - p2 with Newcombe's hybrid Wilson interval and a two-sided z-test.

    Parameters
    ----------
    x1, n1 : int or array-like
        Successes and trials in the first group (e.g. this round).
    x2, n2 : int or array-like
        Successes and trials in the second group (e.g. the baseline).

    Returns
    -------
    dict
        ``diff``, ``low``, ``high`` (95% interval of the difference) and ``p_value``
        (pooled two-proportion z-test). NaN where either ``n`` is 0.

    Notes
    -----
    Interval: Newcombe (1998) method 10. With Wilson limits (l1, u1), (l2, u2):
    low = d - sqrt((p1-l1)² + (u2-p2)²), high = d + sqrt((u1-p1)² + (p2-l2)²).
    Test: p = (x1+x2)/(n1+n2), se = sqrt(p(1-p)(1/n1 + 1/n2)), z = d/se,
    p-value = erfc(|z|/√2).

    Examples
    --------
    >>> r = difference_of_proportions(60, 100, 45, 100)
    >>> round(float(r["diff"]), 2), round(float(r["p_value"]), 4)
    (0.15, 0.0337)
    """
    x1 = np.asarray(x1, dtype=float)
    n1 = np.asarray(n1, dtype=float)
    x2 = np.asarray(x2, dtype=float)
    n2 = np.asarray(n2, dtype=float)
    l1, u1 = (np.asarray(v) for v in wilson_interval(x1, n1, z))
    l2, u2 = (np.asarray(v) for v in wilson_interval(x2, n2, z))
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n1 > 0, x1 / n1, np.nan)
        p2 = np.where(n2 > 0, x2 / n2, np.nan)
        d = p1 - p2
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        pooled = (x1 + x2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        zstat = np.where(se > 0, d / se, 0.0)
        p_value = np.where(np.isnan(d), np.nan, erfc(np.abs(zstat) / np.sqrt(2)))
    out = {"diff": d, "low": low, "high": high, "p_value": p_value}
    if d.ndim == 0:
        return {k: float(v) for k, v in out.items()}
    return out
