"""The scenario library: listing, validating and loading scenarios as a set.

The shipped scenarios live in ``experiments/*.toml`` (format in
:mod:`peacetrap.run.setups`).  Each file's description starts with one sentence
saying what the scenario is; the rest says what it assumes and why.  This
module lists them, validates a set of scenarios (and their baselines) against
a calibration *before* anything is simulated, and checks the accounting
invariants of a run.

Examples
--------
>>> import peacetrap as pt
>>> from peacetrap.run.scenario_library import library
>>> library(pt.load_model()).loc["sudden-peace", "baseline"]
'long-grind'
"""

from __future__ import annotations

from collections.abc import Sequence
import re
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.errors import InputError, suggest
from peacetrap.core.model import Model
from peacetrap.io.resources import resolve
from peacetrap.run.setups import (Calibration, Scenario, check_calibration, check_model,
                                   input_grid, load_scenario, scenario_names)

#: Baseline used when neither the command line nor the scenario names one.
DEFAULT_BASELINE = "long-grind"

#: Order in which ``peacetrap scenarios`` lists the shipped scenarios (others follow
#: alphabetically): the baseline, the peace family, then the war family.
ORDER = ["long-grind", "sudden-peace", "phased-peace", "peace-sanctions-relief",
         "peace-oil-collapse", "conversion-programme", "escalation",
         "shadow-fleet-interdiction", "catastrophic-collapse"]


def one_line(description: str) -> str:
    """The first sentence of a description, on one line (whitespace collapsed)."""
    flat = " ".join(description.split())
    match = re.search(r"(?<=[.!?])\s", flat)
    return flat[:match.start()] if match else flat


def library(model: Model) -> pd.DataFrame:
    """Every shipped scenario with its one-line summary.

    Returns
    -------
    pandas.DataFrame
        Indexed by scenario name (library order), columns ``summary``,
        ``baseline`` (``None`` for a baseline), ``inputs`` (comma-separated
        names of the inputs it sets) and ``description``.

    Raises
    ------
    InputError
        If a shipped scenario file is invalid.
    """
    names = sorted(scenario_names(), key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    rows = []
    for name in names:
        sc = load_scenario(model, name)
        rows.append({"scenario": name, "summary": one_line(sc.description),
                     "baseline": sc.baseline, "inputs": ", ".join(sc.inputs),
                     "description": " ".join(sc.description.split())})
    return pd.DataFrame(rows).set_index("scenario")


def validate(model: Model, calibration: Calibration, scenarios: list[Scenario]) -> None:
    """Check scenarios against a calibration before anything runs.

    Every input path must start at or after the scenario start (the quarter
    after ``calibration.history_end``); the check evaluates the input grid at
    the scenario start, which raises the same :class:`InputError` a run would.

    Raises
    ------
    InputError
        Naming the file, the input and the offending point.
    """
    known = model.layout.inputs
    for sc in scenarios:
        for key in sc.inputs:
            if key not in known:
                raise InputError(f"{sc.path or sc.name} [inputs]: unknown input '{key}'"
                                 f"{suggest(key, known)}; inputs are: {', '.join(known)}")
    t_s = (calibration.history_end + 1 - calibration.epoch).n / 4.0
    input_grid(model, calibration, list(scenarios), np.array([0.0, t_s]))


def load_set(model: Model, calibration: Calibration, names: Sequence[str | Path | Scenario],
             baseline: str | Path | Scenario | None = None) -> tuple[list[Scenario], Scenario]:
    """Load scenarios and their common baseline, validated before any run.

    Parameters
    ----------
    names : list of str, Path or Scenario
        Shipped scenario names, paths to scenario files, or :class:`Scenario`
        objects (built in Python; validated the same way); a single one is a list of one.
    baseline : str, Path or Scenario, optional
        Baseline name, path or object; the default is the first scenario's own
        ``baseline`` key, else :data:`DEFAULT_BASELINE`.

    Returns
    -------
    (list of Scenario, Scenario)
        The scenarios in the order given, and the baseline.

    Raises
    ------
    InputError
        Unknown name, invalid file, a baseline key that is not a string,
        duplicate scenario names, or a path that starts before the scenario start.
    """
    check_model(model)
    check_calibration(calibration)
    if isinstance(names, (str, Path, Scenario)):   # one scenario, not its letters
        names = [names]
    if not names:
        raise InputError("give at least one scenario (see 'peacetrap scenarios')")
    scenarios = [n if isinstance(n, Scenario) else load_scenario(model, n) for n in names]
    for sc in scenarios:
        if sc.baseline is None:
            continue
        if not isinstance(sc.baseline, str):
            raise InputError(f"{sc.path or sc.name} [scenario] baseline: expected a scenario "
                             f"name, got {sc.baseline!r}")
        try:
            resolve(sc.baseline, "experiments", "scenario")
        except InputError as exc:
            raise InputError(f"{sc.path or sc.name} [scenario] baseline: {exc}") from None
    seen: dict[str, str] = {}
    for n, sc in zip(names, scenarios):
        label = str(sc.path or sc.name) if isinstance(n, Scenario) else str(n)
        if sc.name in seen:
            raise InputError(f"scenario name '{sc.name}' given twice ({seen[sc.name]} and "
                             f"{label}); scenario names must be distinct")
        seen[sc.name] = label
    chosen = baseline or scenarios[0].baseline or DEFAULT_BASELINE
    base = chosen if isinstance(chosen, Scenario) else load_scenario(model, chosen)
    validate(model, calibration, scenarios + [base])
    return scenarios, base


def invariant_drift(model: Model, calibration: Calibration, scenarios: Sequence[Scenario | None],
                    quarters: int = 40, values: pd.Series | pd.DataFrame | None = None) -> pd.DataFrame:
    r"""Largest relative drift of each accounting invariant over every integration step.

    For an invariant :math:`I(x)` (``spec.invariants``: people across all
    pools, and the banks' balance sheet) the drift is

    .. math:: \max_t \frac{|I(x_t) - I(x_0)|}{\max_t \sum_j |c_j x_{j,t}|}

    where :math:`I = \sum_j c_j x_j` is linear in the stocks, i.e. the change
    relative to the size of the terms that make it up.

    Returns
    -------
    pandas.DataFrame
        One row per scenario (value set 0), one column per invariant (dimensionless).
    """
    import sympy as sp

    from peacetrap.run.simulate import simulate

    sim = simulate(model, calibration, scenarios, values, quarters, record="steps")
    stocks = [model.spec.quantities[n].symbol for n in model.layout.stocks]
    out = {}
    for name, expr in model.spec.invariants.items():
        coeffs = np.array([float(sp.diff(expr, s)) for s in stocks])
        if sp.simplify(expr - sum(c * s for c, s in zip(coeffs, stocks))) != 0:
            raise ValueError(f"invariant {name} is not linear in the stocks")
        vals = sim.states[0] @ coeffs                      # (n_scenarios, n_times)
        scale = (np.abs(sim.states[0]) @ np.abs(coeffs)).max(axis=1)
        out[name] = np.abs(vals - vals[:, :1]).max(axis=1) / scale
    return pd.DataFrame(out, index=sim.scenario_names)
