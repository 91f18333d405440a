r"""Parameter uncertainty: priors from a calibration's standard errors or the model's ranges.

Every uncertain parameter :math:`\theta_j` gets a normal distribution
truncated to an interval, :math:`\theta_j \sim N(c_j, s_j^2)` on
:math:`[a_j, b_j]`, in display units:

* **from an estimate** — when the calibration file carries
  ``[estimates.<name>]`` with a finite ``standard_error`` (written by
  ``peacetrap calibrate``): :math:`c_j` = the estimate ``value``, :math:`s_j`
  = its standard error, :math:`[a_j, b_j]` = the search bounds ``low``/``high``
  intersected with the model's range;
* **from the documented range** otherwise: :math:`c_j` = the calibrated
  value (the model default if the calibration does not set it),
  :math:`[a_j, b_j]` = the model's allowed range (:attr:`Quantity.bounds`) and

  .. math:: s_j = k \min\Bigl(\frac{b_j - a_j}{8},\; \frac{|c_j|}{2}\Bigr),

  i.e. the central 95% spans about half the range, but never more than
  :math:`\pm 100\%` of the value for ranges that cover orders of magnitude;
  :math:`k` is the ``spread`` factor (1 by default).  These priors are a
  documented convenience, not estimates: the ranges say where the model is
  valid and what the literature allows.

Uncertain by default: the parameters the definition declares uncertain
(:attr:`peacetrap.core.symbolic.Quantity.uncertain`): every parameter except scale
parameters (``scale=True``), normalisations and numerical settings (source
``normalisation`` or ``numerical``) and the fiscal-rule settings declared
``uncertain=False`` (they are laws or data, not behaviour).  Estimates of
initial stocks (kind ``initial``) are included; estimates of history input
scales (kind ``input_scale``) are not — the ensemble shares input paths
across draws — and are listed in :attr:`Priors.skipped`.

Draws are made all at once from :func:`numpy.random.default_rng` with the
seed: a matrix of uniforms :math:`U \in [0,1)^{N \times k}` mapped through
each prior's inverse distribution function.  Draw :math:`i` therefore depends
only on the seed and :math:`i`'s row, not on how the draws are later split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from peacetrap.errors import InputError, suggest
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration
from peacetrap.io.schemas import MAX_SEED
from peacetrap.io.tomlfiles import read_toml

SOURCES = ("both", "estimates", "ranges")


@dataclass(frozen=True)
class Prior:
    """A normal distribution truncated to ``[low, high]`` (display units)."""

    name: str
    centre: float
    scale: float
    low: float
    high: float
    origin: str

    def ppf(self, u: np.ndarray) -> np.ndarray:
        r"""Inverse distribution function at probabilities ``u``.

        With :math:`\alpha = (a - c) / s` and :math:`\beta = (b - c) / s`,

        .. math:: F^{-1}(u) = c + s\,\Phi^{-1}\bigl(\Phi(\alpha)
                  + u\,[\Phi(\beta) - \Phi(\alpha)]\bigr),

        evaluated as written where the result lies below the centre and through the
        mirrored form :math:`-\Phi^{-1}(\Phi(-\beta) + (1 - u)[\Phi(-\alpha) -
        \Phi(-\beta)])` above it, so each tail keeps double precision (about one unit in
        the last place against a 40-digit reference; ``scipy.stats.truncnorm.ppf`` takes
        10-20 times as long).
        """
        if self.scale <= 0 or self.low == self.high:
            return np.full(np.shape(u), self.centre)
        u = np.asarray(u, dtype=float)
        a = (self.low - self.centre) / self.scale
        b = (self.high - self.centre) / self.scale
        lower = ndtri(ndtr(a) + u * (ndtr(b) - ndtr(a)))
        upper = -ndtri(ndtr(-b) + (1.0 - u) * (ndtr(-a) - ndtr(-b)))
        z = np.where(lower < 0.0, lower, upper)
        return np.clip(self.centre + self.scale * z, self.low, self.high)


@dataclass
class Priors:
    """The uncertain parameters of a run and where their spread comes from."""

    priors: list[Prior]
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.priors]

    def table(self) -> pd.DataFrame:
        """One row per parameter: origin, centre, scale, low, high."""
        return pd.DataFrame([{"parameter": p.name, "origin": p.origin, "centre": p.centre,
                              "scale": p.scale, "low": p.low, "high": p.high}
                             for p in self.priors])

    def transform(self, u: np.ndarray) -> pd.DataFrame:
        """Map probabilities ``u`` (``(n, k)``, columns in :attr:`names` order) to values."""
        u = np.asarray(u, dtype=float)
        if u.ndim != 2 or u.shape[1] != len(self.priors):
            raise ValueError(f"u has shape {u.shape}; expected (n, {len(self.priors)})")
        return pd.DataFrame({p.name: p.ppf(u[:, j]) for j, p in enumerate(self.priors)})

    def draw(self, n: int, seed: int) -> pd.DataFrame:
        """``n`` value sets from ``numpy.random.default_rng(seed)`` (see module docstring)."""
        rng = np.random.default_rng(seed)
        return self.transform(rng.random((n, len(self.priors))))


def check_whole(value: object, what: str, lo: int, hi: int) -> int:
    """``value`` as a whole number from ``lo`` to ``hi`` (a seed, a number of draws).

    Raises
    ------
    InputError
        If it is not a whole number (a bool, a float, text) or out of range, naming
        ``what`` as the command line does (``--seed``, ``--draws``).
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError(f"{what} {value!r}: not a whole number; allowed {lo} to {hi}")
    if not lo <= int(value) <= hi:
        raise InputError(f"{what} {value}: out of range; allowed {lo} to {hi}")
    return int(value)


def check_after_history(quarters: int) -> int:
    """``quarters`` after the history, at least 1: the headline numbers are measured there.

    Raises
    ------
    InputError
        If ``quarters`` is below 1.
    """
    if quarters < 1:
        raise InputError(f"quarters = {quarters}: must be 1 or more (the headline numbers "
                         "are measured after the history)")
    return quarters


def estimates_table(calibration: Calibration) -> dict[str, dict]:
    """The ``[estimates]`` table of a calibration file (empty if none)."""
    if calibration.path is None:
        return {}
    raw = read_toml(calibration.path).get("estimates", {})
    if not isinstance(raw, dict):
        raise InputError(f"{calibration.path} [estimates]: expected a table")
    return raw


def _bounds(model: Model, name: str) -> tuple[float, float]:
    lo, hi = model.spec.quantities[name].bounds
    return (-np.inf if lo is None else float(lo)), (np.inf if hi is None else float(hi))


def _estimate_bounds(model: Model, calibration: Calibration, name: str, info: dict,
                     lo: float, hi: float) -> tuple[float, float]:
    """An estimate's search bounds intersected with the model's range ``[lo, hi]``.

    Raises
    ------
    InputError
        If ``low`` is above ``high``, the two ranges do not overlap or the estimate's
        ``value`` lies outside their intersection (naming the file and the key).
    """
    where = f"{calibration.path}: estimates.{name}"
    unit = model.quantities[name].shown_unit
    low, high = float(info.get("low", lo)), float(info.get("high", hi))
    if low > high:
        raise InputError(f"{where}: low = {low:g} is above high = {high:g}; allowed: low at "
                         "or below high")
    a, b = max(lo, low), min(hi, high)
    if a > b:
        raise InputError(f"{where}: low = {low:g} to high = {high:g} lies outside the model's "
                         f"range {lo:g} to {hi:g} {unit}; allowed: bounds inside that range")
    value = float(info["value"])
    if not a <= value <= b:
        raise InputError(f"{where}.value = {value:g} is outside {a:g} to {b:g} {unit} (its "
                         "low and high within the model's range); allowed: a value inside")
    return a, b


def default_uncertain(model: Model) -> list[str]:
    """Parameters treated as uncertain by default: declared so in the definition
    (:attr:`peacetrap.core.symbolic.Quantity.uncertain`; see the module docstring)."""
    return model.info.uncertain_parameters


def priors(model: Model, calibration: Calibration, *, names: list[str] | None = None,
           source: str = "both", spread: float = 1.0) -> Priors:
    """Priors of the uncertain parameters of a calibration.

    Parameters
    ----------
    names : list of str, optional
        Parameters (or initial stocks) to treat as uncertain; default
        :func:`default_uncertain` plus every estimated value with a standard error.
    source : {"both", "estimates", "ranges"}
        Use standard errors where there are any and ranges for the rest
        (``both``), only estimated values, or ranges for every parameter.
    spread : float
        Factor :math:`k` on the range-based scales.

    Raises
    ------
    InputError
        Unknown or repeated names, a bad ``source`` or ``spread``, ``source =
        "estimates"`` with a calibration that has no standard errors, or an estimate
        whose bounds or value do not fit each other and the model's range.
    """
    if source not in SOURCES:
        raise InputError(f"--prior-source {source!r}: allowed {', '.join(SOURCES)}")
    if not (spread > 0 and np.isfinite(spread)):
        raise InputError(f"--spread {spread}: must be a positive number")
    values = model.defaults()
    values.update(calibration.values)
    allowed = set(model.value_names)
    est, skipped = {}, {}
    for key, info in estimates_table(calibration).items():
        if not isinstance(info, dict):
            continue
        kind = info.get("kind", "parameter")
        se = info.get("standard_error")
        if kind not in ("parameter", "initial") or key not in allowed:
            skipped[key] = f"{kind}: not a parameter or initial stock of the model"
            continue
        if se is None or not np.isfinite(float(se)) or float(se) <= 0:
            skipped[key] = "no finite standard error"
            continue
        est[key] = info
    if source == "estimates" and not est:
        raise InputError(f"calibration '{calibration.name}' has no [estimates] with standard "
                         "errors; use --prior-source ranges or both")
    if names is None:
        names = list(est) if source == "estimates" else \
            default_uncertain(model) + [n for n in est if n not in default_uncertain(model)]
    for n in names:
        if n not in allowed:
            raise InputError(f"unknown parameter '{n}'{suggest(n, allowed)}")
        if names.count(n) > 1:
            raise InputError(f"parameter '{n}' is named {names.count(n)} times; name each "
                             "uncertain parameter once")
    out = []
    for n in names:
        lo, hi = _bounds(model, n)
        if n in est and source != "ranges":
            info = est[n]
            lo, hi = _estimate_bounds(model, calibration, n, info, lo, hi)
            c = float(info["value"])
            out.append(Prior(n, c, float(info["standard_error"]), lo, hi, "estimate"))
            continue
        if source == "estimates":
            continue
        c = float(values[n])
        width = (hi - lo) / 8.0 if np.isfinite(hi - lo) else np.inf
        scale = spread * min(width, abs(c) / 2.0 if c != 0 else width)
        if not np.isfinite(scale):
            scale = spread * max(abs(c), 1.0) / 2.0
        out.append(Prior(n, c, float(scale), lo, hi, "range"))
    return Priors(out, skipped)
