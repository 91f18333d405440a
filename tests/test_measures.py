"""The scoreboard's measurements on synthetic series whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetrap.analysis import measures as ms
from peacetrap.errors import MeasurementError

IDX = pd.period_range("2020Q1", periods=80, freq="Q")
START = pd.Period("2026Q1", "Q")


def series(values) -> pd.Series:  # noqa: ANN001
    return pd.Series(np.asarray(values, dtype=float), index=IDX[:len(values)])


def after_start(path: np.ndarray) -> np.ndarray:
    """A path that is 0 before START and ``path`` from START on."""
    out = np.zeros(len(IDX))
    k = IDX.get_loc(START)
    out[k:] = path[:len(IDX) - k]
    return out


@settings(max_examples=40, deadline=None)
@given(pt=st.floats(0.0, 1.0), dep=st.floats(0.02, 0.3), h=st.integers(1, 8))
def test_passthrough_recovers_a_known_passthrough(pt, dep, h):
    fx_b = series(np.full(len(IDX), 90.0))
    ramp = after_start(np.minimum(np.arange(1, 60) / 4.0, 1.0) * dep)
    fx_s = fx_b * np.exp(ramp)
    cpi_b = series(np.linspace(1.0, 1.5, len(IDX)))
    cpi_s = cpi_b * np.exp(pt * ramp)
    assert ms.passthrough(cpi_s, cpi_b, fx_s, fx_b, START, h) == pytest.approx(pt, abs=1e-9)


def test_passthrough_fails_to_compute_when_the_currency_does_not_move():
    s = series(np.ones(len(IDX)))
    with pytest.raises(MeasurementError):
        ms.passthrough(s, s, s, s, START, 1)


@settings(max_examples=40, deadline=None)
@given(m=st.floats(-1.0, 3.0), cut=st.floats(0.1, 5.0), h=st.integers(1, 12))
def test_cumulative_multiplier_recovers_a_known_multiplier(m, cut, h):
    g_b = series(np.full(len(IDX), 10.0))
    dg = after_start(-cut * (1 - np.exp(-np.arange(60) / 3.0)) - cut * 0.1)
    g_s = g_b + dg
    y_b = series(np.linspace(100, 120, len(IDX)))
    y_s = y_b + m * dg
    assert ms.cumulative_multiplier(y_s, y_b, g_s, g_b, START, h) == pytest.approx(m, abs=1e-9)


def test_multiplier_counts_only_the_quarters_asked():
    g_b = series(np.zeros(len(IDX)))
    g_s = series(after_start(np.full(60, -1.0)))
    y_b = series(np.zeros(len(IDX)))
    # GDP falls 0.5 in the first 4 quarters, 1.5 afterwards
    y_s = series(after_start(np.r_[np.full(4, -0.5), np.full(56, -1.5)]))
    assert ms.cumulative_multiplier(y_s, y_b, g_s, g_b, START, 4) == pytest.approx(0.5)
    assert ms.cumulative_multiplier(y_s, y_b, g_s, g_b, START, 8) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(k=st.floats(-1.0, -0.01))
def test_okun_recovers_a_known_slope(k):
    y_b = series(np.linspace(100, 110, len(IDX)))
    gap = after_start(-np.sin(np.arange(60) / 10.0 + 0.3))        # % of GDP, varying
    y_s = y_b * np.exp(gap / 100.0)
    u_b = series(np.full(len(IDX), 5.0))
    u_s = u_b + k * gap
    assert ms.okun(u_s, u_b, y_s, y_b, START, 4, 8) == pytest.approx(k, rel=1e-9)


def test_sacrifice_ratio_of_a_known_episode():
    """GDP 1% below baseline for 8 quarters (2 %-years), inflation 2 pp lower: ratio 1."""
    y_b = series(np.full(len(IDX), 100.0))
    y_s = y_b * (1 + after_start(np.r_[np.full(8, -0.01), np.zeros(52)]))
    pi_b = series(np.full(len(IDX), 4.0))
    pi_s = pi_b - after_start(np.full(60, 2.0))
    assert ms.sacrifice_ratio(y_s, y_b, pi_s, pi_b, START, 10) == pytest.approx(1.0)
    # a disinflation that raises GDP has a negative ratio (no sacrifice): it can fail
    y_up = y_b * (1 + after_start(np.r_[np.full(8, 0.01), np.zeros(52)]))
    assert ms.sacrifice_ratio(y_up, y_b, pi_s, pi_b, START, 10) == pytest.approx(-1.0)


def test_drift_of_settled_and_growing_series():
    flat = series(np.full(len(IDX), 0.6))
    assert ms.drift(flat, 10) == pytest.approx(0.0, abs=1e-12)
    grow = series(0.6 * np.exp(0.01 * np.arange(len(IDX)) / 4.0))
    assert ms.drift(grow, 10) == pytest.approx(1.0, rel=0.06)
    with pytest.raises(MeasurementError):
        ms.drift(flat, 30)


def test_tail_mean_and_level_gap():
    s = series(np.r_[np.zeros(40), np.full(40, 3.0)])
    assert ms.tail_mean(s, 10) == pytest.approx(3.0)
    assert ms.tail_mean(s, 20) == pytest.approx(1.5)
    b = series(np.full(len(IDX), 200.0))
    assert ms.level_gap_pct(b * 1.02, b, START, 5) == pytest.approx(2.0)


def test_cumulative_change_chains_growth():
    assert ms.cumulative_change_pct([10.0, -10.0]) == pytest.approx([10.0, -1.0])


@pytest.mark.parametrize("record, factor, pp, band", [
    (4.0, 2.0, None, (2.0, 8.0)),
    (-4.0, 2.0, None, (-8.0, -2.0)),
    (1.5, 2.0, 2.0, (0.75, 3.0)),
    (10.0, 2.0, 2.0, (8.0, 12.0)),
])
def test_record_band(record, factor, pp, band):
    assert ms.record_band(record, factor, pp) == pytest.approx(band)


def test_within_never_passes_a_missing_or_failed_value():
    assert ms.within(None, 0, 1) is None
    assert ms.within(float("nan"), 0, 1) is False
    assert ms.within(0.5, 0, 1) is True
    assert ms.within(1.5, 0, 1) is False
