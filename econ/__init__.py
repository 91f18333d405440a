"""peacetrap: a system-dynamics model of a war economy and the shocks of a sudden peace.

The model is defined once, symbolically (:mod:`peacetrap.core.definition`); the
simulator, LaTeX, documentation tables and checks are derived from it.

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> cal = pt.load_calibration(model, "default")
>>> peace = pt.load_scenario(model, "sudden-peace")
>>> sim = pt.simulate(model, cal, [peace])
>>> sim.frame()["unemployment_rate"].max() > 0
True
"""

from peacetrap.errors import (CalibrationError, InputError, PeacetrapError, SimulationError,
                              SteadyStateError, UnitsError)

__version__ = "0.1.0"

#: Public names imported on first use (``import peacetrap`` stays light, so the command
#: line starts, and answers Ctrl-C, before numpy, pandas and sympy are loaded).
_LAZY = {
    "Model": "peacetrap.core.model", "load_model": "peacetrap.core.model",
    "Calibration": "peacetrap.run.setups", "Scenario": "peacetrap.run.setups",
    "load_calibration": "peacetrap.run.setups", "load_scenario": "peacetrap.run.setups",
    "scenario_names": "peacetrap.run.setups",
    "Simulation": "peacetrap.run.simulate", "simulate": "peacetrap.run.simulate",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'peacetrap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "CalibrationError", "InputError", "PeacetrapError", "SimulationError", "SteadyStateError",
    "UnitsError", "Model", "load_model", "Calibration", "Scenario", "load_calibration",
    "load_scenario", "scenario_names", "Simulation", "simulate", "__version__",
]
