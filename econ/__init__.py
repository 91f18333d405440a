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
from peacetrap.core.model import Model, load_model
from peacetrap.run.setups import Calibration, Scenario, load_calibration, load_scenario, scenario_names
from peacetrap.run.simulate import Simulation, simulate

__version__ = "0.1.0"

__all__ = [
    "CalibrationError", "InputError", "PeacetrapError", "SimulationError", "SteadyStateError",
    "UnitsError", "Model", "load_model", "Calibration", "Scenario", "load_calibration",
    "load_scenario", "scenario_names", "Simulation", "simulate", "__version__",
]
