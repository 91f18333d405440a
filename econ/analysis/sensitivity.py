r"""Global sensitivity of the headline numbers to the uncertain parameters (SALib).

The uncertain parameters and their distributions are those of
:mod:`peacetrap.analysis.uncertainty`.  Designs are drawn on the unit hypercube, one
coordinate per parameter, and mapped through each prior's inverse distribution
function, so the indices refer to the parameters *under their priors*.

``sobol``
    Saltelli's design (:func:`SALib.sample.sobol.sample`, scrambled Sobol'
    sequence, :math:`N (k + 2)` runs for :math:`N` base samples and :math:`k`
    parameters) and :func:`SALib.analyze.sobol.analyze`: first-order indices
    :math:`S_i = V[E(Y \mid \theta_i)] / V(Y)` and total indices
    :math:`S_{Ti} = E[V(Y \mid \theta_{-i})] / V(Y)`, each with a bootstrap
    95% confidence half-width.
``morris``
    Morris trajectories (:math:`N (k + 1)` runs, 4 levels placed at the 5%,
    35%, 65% and 95% quantiles of each prior) and
    :func:`SALib.analyze.morris.analyze`: :math:`\mu^*_i`, the mean absolute
    elementary effect of moving :math:`\theta_i` by 2/3 of that probability
    range (with a bootstrap 95% half-width) and :math:`\sigma_i`, their
    standard deviation (non-linearity and interactions; SALib gives no
    interval for it).  For the common table, ``first`` = :math:`\mu^*` and
    ``total`` = :math:`\sigma`.

Outputs are the numeric headline numbers of
:func:`peacetrap.run.timeline.headlines` (scenario against baseline), computed per
run as in :mod:`peacetrap.analysis.ensemble`.  A run that fails is given the median of
the runs that did not (the designs need every point); the count is reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.analysis.ensemble import run_chunk
from peacetrap.errors import InputError, SimulationError
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, Scenario
from peacetrap.run.timeline import HEADLINES
from peacetrap.analysis.uncertainty import Priors

METHODS = ("sobol", "morris")

#: Morris levels are mapped to the quantiles [MORRIS_LOW, 1 - MORRIS_LOW] of each prior.
MORRIS_LOW = 0.05

#: Headline numbers analysed (quarters are not numbers).
OUTPUTS = [h for h in HEADLINES if not h.endswith("_quarter")]


@dataclass(repr=False)
class SensitivityResult:
    """Indices of every output with respect to every uncertain parameter.

    Attributes
    ----------
    indices : pandas.DataFrame
        Long table: ``output``, ``parameter`` and, for Sobol, ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf``; for Morris ``mu``, ``mu_star``,
        ``mu_star_conf``, ``sigma``, ``sigma_conf`` (NaN).
    outputs : pandas.DataFrame
        The headline numbers of every design point.
    """

    method: str
    indices: pd.DataFrame
    outputs: pd.DataFrame
    n_runs: int
    n_failed: int
    seconds: float
    first: str
    total: str
    scenario: Scenario | None = None
    baseline: Scenario | None = None
    calibration: str = ""
    priors: Any = None

    @property
    def _names(self) -> str:
        sc = self.scenario.name if self.scenario is not None else "?"
        return f"{sc} against {self.baseline.name if self.baseline is not None else '?'}"

    def __repr__(self) -> str:
        return (f"SensitivityResult: {self.method} indices of {self.outputs.shape[1]} headline "
                f"numbers, {self._names} (calibration: "
                f"{self.calibration})\n"
                f"  {self.n_runs} runs, {self.n_failed} failed; .indices ({self.first}, "
                f"{self.total}), .outputs, .plot()")

    def plot(self, top: int = 8) -> Any:
        """Bar charts of the largest indices of each headline number.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from peacetrap.analysis.experiment_figures import indices_figure

        return indices_figure(self.indices, list(self.outputs.columns), self.first, self.total,
                              f"{self._names}: {self.method} "
                              f"({self.n_runs} runs; calibration: {self.calibration})",
                              top=top, sort_by=self.total if self.method == "sobol"
                              else self.first)


def problem(pri: Priors) -> dict:
    """SALib problem on the unit hypercube, one variable per uncertain parameter."""
    return {"num_vars": len(pri.priors), "names": pri.names,
            "bounds": [[0.0, 1.0]] * len(pri.priors)}


def design(method: str, pri: Priors, samples: int, seed: int) -> np.ndarray:
    """Design points on the unit hypercube (``(n_runs, k)``)."""
    if method not in METHODS:
        raise InputError(f"--method {method!r}: allowed {', '.join(METHODS)}")
    if samples < 2:
        raise InputError(f"--samples {samples}: must be 2 or more")
    prob = problem(pri)
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        if samples & (samples - 1):
            raise InputError(f"--samples {samples}: Sobol' sampling needs a power of two "
                             "(e.g. 256, 512, 1024)")
        return sobol_sample.sample(prob, samples, calc_second_order=False, scramble=True,
                                   seed=seed)
    from SALib.sample import morris as morris_sample

    return morris_sample.sample(prob, samples, num_levels=4, seed=seed)


def analyse(method: str, pri: Priors, unit: np.ndarray, y: pd.DataFrame,
            seed: int) -> pd.DataFrame:
    """Indices of every column of ``y`` (long table, see :class:`SensitivityResult`)."""
    prob = problem(pri)
    rows = []
    for out in y.columns:
        v = y[out].to_numpy(float)
        if method == "sobol":
            from SALib.analyze import sobol

            # a Generator, not the int: SALib treats seed 0 as "no seed" (not reproducible)
            r = sobol.analyze(prob, v, calc_second_order=False, num_resamples=100,
                              conf_level=0.95, print_to_console=False,
                              seed=np.random.default_rng(seed))
            for j, name in enumerate(pri.names):
                rows.append({"output": out, "parameter": name, "S1": r["S1"][j],
                             "S1_conf": r["S1_conf"][j], "ST": r["ST"][j],
                             "ST_conf": r["ST_conf"][j]})
        else:
            from SALib.analyze import morris

            r = morris.analyze(prob, unit, v, num_resamples=100, conf_level=0.95,
                               num_levels=4, print_to_console=False, seed=seed)
            for j, name in enumerate(pri.names):
                rows.append({"output": out, "parameter": name, "mu": r["mu"][j],
                             "mu_star": r["mu_star"][j], "mu_star_conf": r["mu_star_conf"][j],
                             "sigma": r["sigma"][j], "sigma_conf": np.nan})
    return pd.DataFrame(rows)


def run_sensitivity(model: Model, calibration: Calibration, scenario: Scenario,
                    baseline: Scenario, pri: Priors, method: str = "sobol",
                    samples: int = 1024, quarters: int = 40, seed: int = 0, *,
                    chunk: int = 20_000, progress: bool = True) -> SensitivityResult:
    """Sample, run and analyse; see the module docstring.

    Raises
    ------
    InputError
        Bad method, sample size, seed or ``quarters`` (below 1).
    SimulationError
        If more than half of the runs fail.
    """
    from tqdm.auto import tqdm

    from peacetrap.analysis.uncertainty import check_after_history, check_whole
    from peacetrap.io.progress import remaining_delay
    from peacetrap.io.schemas import MAX_SEED

    seed = check_whole(seed, "--seed", 0, MAX_SEED)
    check_after_history(quarters)
    unit = design(method, pri, samples, seed)
    # Morris levels sit at the 5%, 35%, 65% and 95% quantiles: its grid puts many parameters
    # at the ends at once, where joint extremes of truncated priors leave the model's valid region
    values = pri.transform(unit if method == "sobol" else MORRIS_LOW + (1 - 2 * MORRIS_LOW) * unit)
    n = len(values)
    t0 = time.perf_counter()
    bar = tqdm(total=n, unit="run", delay=remaining_delay(), disable=not progress, leave=False,
               desc=f"{method} {scenario.name}")
    heads, oks = [], []
    for a in range(0, n, chunk):
        part = values.iloc[a:a + chunk].reset_index(drop=True)
        res = run_chunk(model, calibration, scenario, baseline, part, quarters)
        heads.append(res.headlines[OUTPUTS])
        oks.append(res.ok)
        bar.update(len(part))
    bar.close()
    y = pd.concat(heads, ignore_index=True).astype(float)
    ok = np.concatenate(oks)
    n_failed = int((~ok).sum())
    if n_failed > n // 2:
        raise SimulationError(f"{n_failed} of {n} sensitivity runs failed; narrow the priors "
                              "(--spread) or the parameters")
    # an output undefined in most runs (e.g. no defence multiplier without a defence change,
    # a peak still rising at the window's end) is dropped; where it is undefined in a few
    # runs, those runs get its median, as failed runs do
    y = y.loc[:, y[ok].notna().mean() >= 0.5]
    if y.shape[1] == 0:
        raise SimulationError("no headline number is defined for this scenario and baseline")
    if n_failed:
        y.loc[~ok] = np.tile(y[ok].median().to_numpy(), (n_failed, 1))
    y = y.fillna(y.median())
    seconds = time.perf_counter() - t0
    indices = analyse(method, pri, unit, y, seed)
    first, total = ("S1", "ST") if method == "sobol" else ("mu_star", "sigma")
    return SensitivityResult(method=method, indices=indices, outputs=y, n_runs=n,
                             n_failed=n_failed, seconds=seconds, first=first, total=total,
                             scenario=scenario, baseline=baseline,
                             calibration=calibration.name)


def sensitivity(model: Model, calibration: Calibration, scenario: str | Path | Scenario,
                method: str = "sobol", samples: int | None = None, seed: int = 0, *,
                baseline: str | Path | Scenario | None = None, quarters: int = 40,
                parameters: list[str] | None = None, prior_source: str = "both",
                spread: float = 1.0, progress: bool = False) -> SensitivityResult:
    """Global sensitivity of the headline numbers to the uncertain parameters.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        E.g. ``pt.load_calibration(model)`` (the appendix calibration).
    scenario : str, Path or Scenario
        Scenario name, TOML path or :class:`~peacetrap.Scenario` object.
    method : {"sobol", "morris"}
        See the module docstring.
    samples : int, optional
        Base samples (Sobol', a power of two; default 1024) or trajectories
        (Morris; default 100).
    seed : int
        Seed of the design.
    baseline : str, Path or Scenario, optional
        Default: the scenario's baseline, else ``long-grind``.
    quarters : int
        Scenario quarters after the calibration's history.
    parameters, prior_source, spread
        Which parameters are uncertain and how wide their priors are (see
        :func:`~peacetrap.analysis.uncertainty.priors`).
    progress : bool
        A progress bar (tqdm, on stderr; default off).

    Returns
    -------
    SensitivityResult
        ``.indices`` (long table), ``.outputs``, ``.plot()``.

    Examples
    --------
    >>> import peacetrap as pt
    >>> model = pt.load_model()
    >>> res = pt.sensitivity(model, pt.load_calibration(model), "sudden-peace",
    ...                      method="morris", samples=10)
    >>> set(res.indices.columns) >= {"output", "parameter", "mu_star", "sigma"}
    True
    """
    from peacetrap.analysis.uncertainty import priors
    from peacetrap.run.scenario_library import load_set

    (sc,), base = load_set(model, calibration, [scenario], baseline)
    pri = priors(model, calibration, names=parameters, source=prior_source, spread=spread)
    n = samples or (1024 if method == "sobol" else 100)
    res = run_sensitivity(model, calibration, sc, base, pri, method, n, quarters, seed,
                          progress=progress)
    res.priors = pri
    return res
