"""peacetrap: a system-dynamics model of a war economy and the shocks of a sudden peace.

The model is defined once, symbolically (:mod:`peacetrap.core.definition`); the
simulator, LaTeX, documentation tables and checks are derived from it.  Every
function takes the model, a calibration (``load_calibration(model)`` is the
appendix calibration every command uses) and scenarios given by name, by path
or as :class:`Scenario` objects.

=====================  ==========================================================
``simulate``           runs: value sets x scenarios (:class:`Simulation`)
``compare``            several scenarios against one baseline (headline table)
``decompose``          Shapley contributions of the shock channels
``ensemble``           outcomes over parameter draws (quantiles, ``xarray``)
``sensitivity``        Sobol' or Morris indices of the headline numbers
``calibrate``          fit a targets file (:class:`~peacetrap.calibrate.result.FitResult`)
=====================  ==========================================================

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> cal = pt.load_calibration(model)              # the appendix calibration
>>> peace = pt.load_scenario(model, "sudden-peace")
>>> sim = pt.simulate(model, cal, [peace])
>>> sim.frame()["unemployment_rate"].max() > 0
True
>>> dec = pt.decompose(model, cal, peace)
>>> dec.difference["unemployment_rate_pct"].abs().max() > 0
True
"""

from typing import Any

from peacetrap.errors import (CalibrationError, InputError, PeacetrapError, SimulationError,
                              SteadyStateError, UnitsError)
from peacetrap.core.model import Model, load_model
from peacetrap.run.setups import (DEFAULT_CALIBRATION, Calibration, Scenario, load_calibration,
                                  load_scenario, scenario_names)
from peacetrap.run.simulate import Simulation, simulate

__version__ = "0.1.0"

#: Functions and classes imported on first use (they pull in scipy, SALib, matplotlib ...).
_LAZY = {
    "compare": "peacetrap.analysis.compare",
    "Comparison": "peacetrap.analysis.compare",
    "decompose": "peacetrap.analysis.decompose",
    "Decomposition": "peacetrap.analysis.decompose",
    "ensemble": "peacetrap.analysis.ensemble",
    "EnsembleResult": "peacetrap.analysis.ensemble",
    "sensitivity": "peacetrap.analysis.sensitivity",
    "SensitivityResult": "peacetrap.analysis.sensitivity",
    "FitResult": "peacetrap.calibrate.result",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name == "calibrate":
        import importlib

        return importlib.import_module("peacetrap.calibrate")
    raise AttributeError(f"module 'peacetrap' has no attribute '{name}'")


__all__ = [
    "CalibrationError", "InputError", "PeacetrapError", "SimulationError", "SteadyStateError",
    "UnitsError", "Model", "load_model", "Calibration", "Scenario", "DEFAULT_CALIBRATION",
    "load_calibration", "load_scenario", "scenario_names", "Simulation", "simulate",
    "compare", "Comparison", "decompose", "Decomposition", "ensemble", "EnsembleResult",
    "sensitivity", "SensitivityResult", "calibrate", "FitResult", "__version__",
]
