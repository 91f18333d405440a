r"""Every result a paper bundle reports, computed once from the model.

:func:`compute` runs, for one calibration (:class:`PaperSettings`):

* the **fit** of the calibration to a targets file (the essay's appendix by
  default), evaluated at the calibration as shipped — no search:
  target, model value, relative error, kind (``endogenous``/``input``/``initial``,
  computed as :func:`peacetrap.calibrate.fit.calibrate` does);
* the **scenarios** of the library against the baseline in one batch
  (:func:`peacetrap.analysis.compare.compare`): timelines and headline numbers;
* the main scenario's headline numbers and **impact-of-peace** indicators
  (:func:`peacetrap.run.timeline.impact_indicators`);
* the **decomposition** of the main scenario into shock channels (exact
  Shapley values, :func:`peacetrap.analysis.decompose.decompose`);
* an **ensemble** over parameter uncertainty (:mod:`peacetrap.analysis.uncertainty`,
  :func:`peacetrap.analysis.ensemble.run_ensemble`): quantiles of the timeline and of
  the headline numbers;
* **Sobol sensitivity** indices of headline numbers with respect to every
  uncertain parameter (:func:`sobol_indices`);
* optionally, a **calibration experiment** (:mod:`peacetrap.calibrate.experiment`):
  several calibrations fitted and compared on the same scenarios.

Everything is deterministic: the ensemble draws and the Sobol sequence are
seeded, and no result depends on threads or chunking.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peacetrap.analysis.compare import Comparison, compare
from peacetrap.analysis.decompose import FIGURE_VARIABLES, Decomposition, decompose
from peacetrap.core.model import Model
from peacetrap.paper.settings import PaperSettings
from peacetrap.run.setups import Calibration, Scenario
from peacetrap.run.timeline import headlines, impact_indicators

if TYPE_CHECKING:
    from peacetrap.analysis.ensemble import EnsembleResult
    from peacetrap.analysis.uncertainty import Priors
    from peacetrap.analysis.validate import Scoreboard

#: Targets file whose 2021 and 2025 figures are the essay's statistical appendix.
APPENDIX_TARGETS = "appendix"


@dataclass
class PaperResults:
    """Results of :func:`compute` (display units throughout).

    Attributes
    ----------
    fit : pandas.DataFrame
        One row per target of ``settings.targets``: ``target``, ``period``,
        ``stat``, ``target_value``, ``model_value``, ``rel_error`` (fraction),
        ``residual``, ``within_tolerance``, ``kind``, ``source``.
    appendix_fit : pandas.DataFrame
        The same for the essay's appendix targets (the appendix table's model columns).
    comparison : Comparison
        Scenario timelines (baseline first) and their headline numbers.
    headlines, impact : dict
        Headline numbers and impact-of-peace indicators of the main scenario.
    decomposition : Decomposition
    ensemble : EnsembleResult
    sensitivity : pandas.DataFrame
        Long table ``output``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    experiment : pandas.DataFrame or None
        The calibration experiment's comparison table (one row per calibration and
        scenario: fit, headline numbers, impact indicators), when the settings name one.
    experiment_fits : pandas.DataFrame or None
        Every fitted calibration's fit rows, with a ``calibration`` column.
    validation : Scoreboard
        The validation scoreboard of the calibration (:mod:`peacetrap.analysis.validate`).
    timings : dict of str to float
        Seconds per step.
    """

    settings: PaperSettings
    model: Model
    calibration: Calibration
    scenario: Scenario
    baseline: Scenario
    fit: pd.DataFrame
    appendix_fit: pd.DataFrame
    comparison: Comparison
    headlines: dict
    impact: dict
    decomposition: Decomposition
    ensemble: EnsembleResult
    priors: Priors
    sensitivity: pd.DataFrame
    sensitivity_info: dict
    start: pd.Period
    experiment: pd.DataFrame | None = None
    experiment_fits: pd.DataFrame | None = None
    experiment_name: str | None = None
    experiment_path: Path | None = None
    validation: Scoreboard | None = None
    timings: dict = field(default_factory=dict)

    @property
    def sensitivity_outputs(self) -> list[str]:
        """The settings' sensitivity outputs that have indices (defined in most runs)."""
        undefined = set(self.sensitivity_info.get("undefined", ()))
        return [o for o in self.settings.sensitivity_outputs if o not in undefined]

    @property
    def timeline(self) -> pd.DataFrame:
        """Contract timeline of the main scenario."""
        return self.comparison.timelines[self.scenario.name]

    @property
    def baseline_timeline(self) -> pd.DataFrame:
        return self.comparison.timelines[self.baseline.name]


# ------------------------------------------------------------------------ fit
def evaluate_fit(model: Model, calibration: Calibration, targets: str) -> pd.DataFrame:
    """How well a calibration, as it is, hits the targets of a targets file.

    The targets are evaluated with the calibration's own values and history
    (no free values, no search), exactly as :func:`peacetrap.calibrate.fit.calibrate`
    evaluates them at its solution; the kind of each target is classified the
    same way (a parameter moves it: ``endogenous``; only a history input:
    ``input``; only initial stocks: ``initial``).

    Returns
    -------
    pandas.DataFrame
        See :attr:`PaperResults.fit`; ``rel_error`` is ``(model - target) / |target|``
        (NaN for a zero target), ``residual`` is ``(model - target) / scale``.
    """
    from peacetrap.calibrate.diagnostics import fit_table, target_kinds
    from peacetrap.calibrate.problem import Problem
    from peacetrap.calibrate.targets import load_targets

    tset = load_targets(model, targets)
    tset = replace(tset, base=calibration, free=[], penalties=[])
    problem = Problem(model, tset)
    theta = np.zeros((1, 0))
    out = problem.outputs(problem.run(theta))[0]
    resid = (out - problem.values) / problem.scales
    kinds = target_kinds(problem, theta[0], out)
    return fit_table(problem, out, resid, kinds)[
        ["target", "period", "stat", "target_value", "model_value", "rel_error", "residual",
         "within_tolerance", "kind", "source"]]


# ---------------------------------------------------------------- sensitivity
def sobol_indices(model: Model, calibration: Calibration, scenario: Scenario,
                  baseline: Scenario, priors: Priors, samples: int, seed: int,
                  outputs: tuple[str, ...], quarters: int) -> tuple[pd.DataFrame, dict]:
    r"""First-order and total Sobol indices of headline numbers.

    A thin wrapper of :func:`peacetrap.analysis.sensitivity.run_sensitivity` (SALib,
    Saltelli design of ``samples`` base points, :math:`N (k + 2)` runs, in
    the probability space of the priors; bootstrap 95 % half-widths with a
    fixed seed; a failed run gets the median of the others, and is counted).

    Returns
    -------
    (pandas.DataFrame, dict)
        Long table ``output``, ``parameter``, ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf`` for ``outputs`` (parameters in prior order within each
        output), and facts about the run (``runs``, ``failed``, ``parameters``,
        ``samples``, ``seed``).
    """
    from peacetrap.analysis.sensitivity import run_sensitivity

    res = run_sensitivity(model, calibration, scenario, baseline, priors, "sobol", samples,
                          quarters, seed, progress=False)
    ind = res.indices
    # a headline undefined in most runs (a peak still moving at the window's end) has no
    # indices: the paper says so; with none defined there is nothing to report
    defined = [o for o in outputs if o in set(ind["output"])]
    if not defined:
        from peacetrap.errors import SimulationError

        raise SimulationError(f"sensitivity: {', '.join(outputs)} not defined for "
                              f"{scenario.name} against {baseline.name} in most runs")
    table = pd.concat([ind[ind["output"] == o] for o in defined], ignore_index=True)
    table = table[["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]]
    info = {"method": "sobol (Saltelli design, SALib)", "samples": samples, "seed": seed,
            "parameters": len(priors.names), "runs": res.n_runs, "failed": res.n_failed,
            "conf_level": 0.95, "undefined": [o for o in outputs if o not in defined]}
    return table.astype({c: float for c in ("S1", "S1_conf", "ST", "ST_conf")}), info


# ---------------------------------------------------------------------- all
def scenario_names(settings: PaperSettings, model: Model) -> list[str]:
    """Scenarios of the scenarios table: the main one first, then the others, no baseline."""
    if settings.scenarios is not None:
        names = list(settings.scenarios)
    else:
        from peacetrap.run.scenario_library import library

        names = list(library(model).index)
    out = [settings.scenario] + [n for n in names if n != settings.scenario]
    return [n for n in dict.fromkeys(out) if n != settings.baseline]


def compute(settings: PaperSettings | None = None, model: Model | None = None,
            progress: bool = False) -> PaperResults:
    """Compute every result of a paper bundle (see the module docstring).

    Parameters
    ----------
    settings : PaperSettings, optional
        Default: :class:`PaperSettings` ().
    model : Model, optional
        Default: :func:`peacetrap.load_model`.
    progress : bool
        Progress bar for the ensemble (stderr).

    Raises
    ------
    InputError
        Unknown calibration, scenario or targets file (before anything runs).
    SimulationError
        If the calibration's own runs fail.
    """
    from peacetrap import load_calibration, load_model
    from peacetrap.analysis.ensemble import run_ensemble
    from peacetrap.run.scenario_library import load_set
    from peacetrap.run.setups import load_scenario
    from peacetrap.analysis.uncertainty import priors as make_priors

    settings = settings or PaperSettings()
    model = model or load_model()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    cal = load_calibration(model, settings.calibration)
    names = scenario_names(settings, model)
    load_set(model, cal, names, settings.baseline)          # validate before running
    exp_raw = None
    if settings.experiment:
        from peacetrap.calibrate.experiment import experiment_settings, load_experiment

        exp_raw, exp_path = load_experiment(settings.experiment)
        exp_name, _, exp_scen, exp_q = experiment_settings(exp_raw, exp_path)
        for sname in exp_scen:
            load_scenario(model, sname)
    fit = evaluate_fit(model, cal, settings.targets)
    app = fit if settings.targets == APPENDIX_TARGETS else \
        evaluate_fit(model, cal, APPENDIX_TARGETS)
    timings["fit"] = time.perf_counter() - t

    t = time.perf_counter()
    comp = compare(model, cal, names, settings.baseline, settings.quarters)
    sc = comp.scenarios[0]                                   # the main scenario
    base = comp.baseline
    tl, btl = comp.timelines[sc.name], comp.timelines[base.name]
    heads = headlines(tl, btl, comp.start, comp.defence_only.get(sc.name))
    impact = impact_indicators(tl, btl, comp.start)
    timings["scenarios"] = time.perf_counter() - t

    t = time.perf_counter()
    dec = decompose(model, cal, settings.scenario, settings.baseline, settings.quarters,
                    variables=list(FIGURE_VARIABLES))
    timings["decomposition"] = time.perf_counter() - t

    t = time.perf_counter()
    pri = make_priors(model, cal)
    draws = pri.draw(settings.draws, settings.seed)
    ens = run_ensemble(model, cal, sc, base, draws, settings.quarters, progress=progress)
    timings["ensemble"] = time.perf_counter() - t

    t = time.perf_counter()
    sens, info = sobol_indices(model, cal, sc, base, pri, settings.samples,
                               settings.sensitivity_seed, settings.sensitivity_outputs,
                               settings.quarters)
    timings["sensitivity"] = time.perf_counter() - t

    exp_table = exp_fits = None
    if exp_raw is not None:
        from peacetrap.calibrate.experiment import compare as compare_calibrations
        from peacetrap.calibrate.experiment import run_calibrations

        t = time.perf_counter()
        runs = run_calibrations(model, exp_raw, exp_path)
        exp_table, exp_fits, _ = compare_calibrations(model, runs, exp_scen, exp_q)
        timings["experiment"] = time.perf_counter() - t

    from peacetrap.analysis.validate import validate

    t = time.perf_counter()
    board = validate(model, cal, list(settings.validation), progress=progress, workers=2)
    timings["validation"] = time.perf_counter() - t
    return PaperResults(settings=settings, model=model, calibration=cal, scenario=sc,
                        baseline=base, fit=fit, appendix_fit=app, comparison=comp,
                        headlines=heads, impact=impact, decomposition=dec, ensemble=ens,
                        priors=pri, sensitivity=sens, sensitivity_info=info, start=comp.start,
                        experiment=exp_table, experiment_fits=exp_fits,
                        experiment_name=exp_name if exp_raw is not None else None,
                        experiment_path=exp_path if exp_raw is not None else None,
                        validation=board, timings=timings)


__all__ = ["PaperResults", "compute", "evaluate_fit", "sobol_indices", "scenario_names",
           "APPENDIX_TARGETS"]
