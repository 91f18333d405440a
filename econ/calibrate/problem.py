r"""The calibration problem: residuals of a target set and their Jacobian.

Given targets :math:`y_i` with scales :math:`s_i` (see
:mod:`peacetrap.calibrate.targets`) and free values :math:`\theta` in a box
:math:`[\ell, h]`, the residuals are

.. math::

    r_i = \frac{m_i(\theta) - y_i}{s_i}, \qquad
    r_{\text{prior},j} = \frac{\theta_j - \bar\theta_j}{\sigma_j},

where :math:`m_i` is the model's value of target :math:`i` (a simulation of
the calibration's history) and the optional prior rows come from
``[[penalties]]``.  A one-sided target keeps only the part of :math:`r_i`
beyond its bound: :math:`\max(r_i, 0)` for ``at_most``, :math:`\min(r_i, 0)`
for ``at_least``.  The Jacobian is taken by finite differences in the unit box
:math:`z = (\theta - \ell)/(h - \ell)`, as *one* batch of simulations
(:func:`peacetrap.calibrate.batch.run_batch`): forward for the search,
central for the diagnostics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.calibrate.batch import Batch, run_batch
from peacetrap.calibrate.columns import column
from peacetrap.calibrate.targets import Free, TargetSet
from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.run.setups import Calibration

#: Residual given to a target when its simulation fails (a wall the search avoids).
FAILED_RESIDUAL = 1e3
FD_STEP = 1e-4


def keep_balanced_growth(frame: pd.DataFrame, model: Model, cal: Calibration,
                         free: list[str]) -> pd.DataFrame:
    r"""World demand's growth moved along with a fitted productivity growth.

    A balanced-growth path needs world demand for non-oil exports to grow with the economy
    (:math:`g_w - g_a` held at the calibration's gap, 0 in the template), as an episode that
    sets ``productivity_growth`` alone keeps it (:mod:`peacetrap.calibrate.episode_file`).
    So when a fit frees ``productivity_growth`` and not ``world_growth``, each candidate's
    ``world_growth`` is :math:`g_a + (g_w - g_a)_{cal}` (% a year).
    """
    if "productivity_growth" not in frame.columns or "world_growth" in free:
        return frame
    def base(name: str) -> float:
        return float(cal.values[name]) if name in cal.values.index \
            else float(model.quantities[name].default_value)

    gap = base("world_growth") - base("productivity_growth")
    out = frame.copy()
    out["world_growth"] = frame["productivity_growth"].to_numpy() + gap
    return out


def scaled_history(cal: Calibration, free: list[Free], theta: np.ndarray) -> dict[str, TimePath]:
    """History paths with the ``input_scale`` free values applied (display units)."""
    out: dict[str, TimePath] = {}
    for f, v in zip(free, theta):
        if f.kind != "input_scale":
            continue
        path = out.get(f.model_name, cal.history[f.model_name])
        pts = [(q, val * v if (f.start_quarter is None or q >= f.start_quarter) else val)
               for q, val in path.points]
        out[f.model_name] = TimePath(pts, path.interpolation)
    return out


class Problem:
    """The calibration problem of a :class:`TargetSet`: residuals and Jacobians.

    Parameters
    ----------
    model : Model
    tset : TargetSet
    """

    def __init__(self, model: Model, tset: TargetSet) -> None:
        self.model = model
        self.tset = tset
        self.cal = tset.base
        self.free = tset.free
        self.low = np.array([f.low for f in self.free])
        self.high = np.array([f.high for f in self.free])
        self.span = self.high - self.low
        periods = pd.period_range(self.cal.epoch, self.cal.history_end, freq="Q")
        self.base_year = self.cal.history_start.year
        pos = {p: i for i, p in enumerate(periods)}
        self._index: list[tuple[list[int], list[int] | None]] = []
        for t in tset.targets:
            if t.stat == "quarter":
                self._index.append(([pos[pd.Period(t.period, "Q")]], None))
                continue
            y = int(t.period)
            cur = [pos[pd.Period(f"{y}Q{k}", "Q")] for k in range(1, 5)]
            found = [pos.get(pd.Period(f"{y - 1}Q{k}", "Q")) for k in range(1, 5)]
            prev = [p for p in found if p is not None]
            if t.stat.startswith("growth") and len(prev) < 4:
                from peacetrap.errors import InputError

                raise InputError(f"{t.where}: {t.stat} of {y} needs {y - 1}, which is before "
                                 f"the simulation start {self.cal.epoch}")
            self._index.append((cur, prev))
        self.values = np.array([t.value for t in tset.targets])
        self.scales = np.array([t.scale for t in tset.targets])
        self.sides = np.array([{"both": 0, "at_most": 1, "at_least": -1}[t.side]
                               for t in tset.targets], dtype=int)
        self.prior_idx = np.array([self.free_names.index(p.parameter) for p in tset.penalties],
                                  dtype=int)
        self.prior_val = np.array([p.value for p in tset.penalties])
        self.prior_sd = np.array([p.sd for p in tset.penalties])
        self._hist_cache: dict[tuple, dict] = {}
        self.evaluations = 0

    @property
    def free_names(self) -> list[str]:
        return [f.name for f in self.free]

    def theta(self, z: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(z) * self.span

    def z(self, theta: np.ndarray) -> np.ndarray:
        return (np.asarray(theta) - self.low) / self.span

    # ------------------------------------------------------------------ batches
    def _history(self, theta: np.ndarray) -> dict | None:
        key = tuple(round(float(v), 15) for f, v in zip(self.free, theta)
                    if f.kind == "input_scale")
        if not key:
            return None
        if key not in self._hist_cache:
            if len(self._hist_cache) > 256:
                self._hist_cache.clear()
            self._hist_cache[key] = scaled_history(self.cal, self.free, theta)
        return self._hist_cache[key]

    def value_frame(self, thetas: np.ndarray) -> pd.DataFrame:
        """Value sets (display units) of a batch of free-value vectors."""
        cols = {f.name: thetas[:, j] for j, f in enumerate(self.free) if f.kind != "input_scale"}
        return keep_balanced_growth(pd.DataFrame(cols, index=range(len(thetas))), self.model,
                                    self.cal, self.free_names)

    def run(self, thetas: np.ndarray, extra: pd.DataFrame | None = None,
            histories: list | None = None) -> Batch:
        """Simulate a batch of free-value vectors (rows of ``thetas``)."""
        thetas = np.atleast_2d(thetas)
        frame = self.value_frame(thetas)
        if extra is not None:
            for c in extra.columns:
                frame[c] = extra[c].to_numpy()
        hist = histories if histories is not None else [self._history(t) for t in thetas]
        if self.tset.prepare is not None:
            frame = self.tset.prepare(frame, hist)
        self.evaluations += len(thetas)
        return run_batch(self.model, self.cal, frame, hist)

    def outputs(self, batch: Batch) -> np.ndarray:
        """Model values of every target, ``(n_members, n_targets)``; NaN for failures."""
        cols: dict[str, np.ndarray] = {}
        out = np.empty((batch.states.shape[0], len(self.tset.targets)))
        for i, (t, (cur, prev)) in enumerate(zip(self.tset.targets, self._index)):
            if t.variable not in cols:
                cols[t.variable] = column(batch, t.variable, self.base_year)
            c = cols[t.variable]
            if t.stat == "quarter":
                out[:, i] = c[:, cur[0]]
            elif t.stat == "mean":
                out[:, i] = c[:, cur].mean(axis=1)
            elif t.stat == "end":
                out[:, i] = c[:, cur[-1]]
            elif prev is None:
                raise ValueError(f"target {t.label}: {t.stat} needs the year before")
            elif t.stat == "growth_mean":
                out[:, i] = 100.0 * (c[:, cur].mean(axis=1) / c[:, prev].mean(axis=1) - 1.0)
            else:
                out[:, i] = 100.0 * (c[:, cur[-1]] / c[:, prev[-1]] - 1.0)
        return out

    def target_residuals(self, outputs: np.ndarray) -> np.ndarray:
        r"""Scaled misses :math:`(m_i - y_i)/s_i` of ``outputs``, one-sided targets clipped.

        An ``at_most`` target's residual is :math:`\max(r_i, 0)`, an ``at_least``
        target's :math:`\min(r_i, 0)`; NaN where the model value is NaN.
        """
        r = (outputs - self.values) / self.scales
        with np.errstate(invalid="ignore"):
            r = np.where(self.sides > 0, np.maximum(r, 0.0), r)
            r = np.where(self.sides < 0, np.minimum(r, 0.0), r)
        return r

    def residual_rows(self, outputs: np.ndarray, thetas: np.ndarray) -> np.ndarray:
        r = self.target_residuals(outputs)
        r = np.where(np.isfinite(r), r, FAILED_RESIDUAL)
        if len(self.prior_idx):
            pr = (thetas[:, self.prior_idx] - self.prior_val) / self.prior_sd
            r = np.hstack([r, pr])
        return r

    # --------------------------------------------------------- for the solver
    def rows_at(self, zs: list[np.ndarray]) -> np.ndarray:
        """Residual rows at points ``zs`` of the unit box, simulated as one batch."""
        th = np.array([self.theta(v) for v in zs])
        return self.residual_rows(self.outputs(self.run(th)), th)

    def fun(self, z: np.ndarray) -> np.ndarray:
        return self.rows_at([z])[0]

    def jac(self, z: np.ndarray, *_: object) -> np.ndarray:
        r"""Forward differences in the unit box, for the search: one batch of :math:`k + 1`.

        Column :math:`j` is :math:`(r(z + h e_j) - r(z))/h` with :math:`h` =
        ``FD_STEP`` (backward at the box's upper face).  Truncation error
        :math:`O(h)` moves the search's path, not the point it stops at (the
        residuals are evaluated exactly); the diagnostics use :meth:`jac_central`.
        """
        k = len(z)
        zs = [z.copy()]
        steps = np.empty(k)
        for j in range(k):
            v = z.copy()
            steps[j] = FD_STEP if z[j] + FD_STEP <= 1.0 else -FD_STEP
            v[j] += steps[j]
            zs.append(v)
        rows = self.rows_at(zs)
        return ((rows[1:] - rows[0]) / steps[:, None]).T

    def jac_central(self, z: np.ndarray) -> np.ndarray:
        """Central differences in the unit box (one-sided at the box's faces), for the
        identification diagnostics: one batch of :math:`2k` simulations."""
        k = len(z)
        zs = []
        steps = np.empty(k)
        for j in range(k):
            up, dn = z.copy(), z.copy()
            hu = min(FD_STEP, 1.0 - z[j])
            hd = min(FD_STEP, z[j])
            if hu <= 0:
                hu, hd = 0.0, FD_STEP
            if hd <= 0:
                hd = 0.0
                hu = FD_STEP
            up[j] += hu
            dn[j] -= hd
            zs += [up, dn]
            steps[j] = hu + hd
        rows = self.rows_at(zs)
        return ((rows[0::2] - rows[1::2]) / steps[:, None]).T
