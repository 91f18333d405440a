r"""Model checks: steady state, stability, units and stock-flow accounting.

Every check returns a :class:`CheckResult` (name, pass/fail, figures, message)
so the command line (``peacetrap check``), the tests and other commands can
use them.  :func:`run_checks` runs them all.


========================  ==========================================================
module                    checks
========================  ==========================================================
:mod:`.steady`            balanced-growth steady state under peacetime inputs
:mod:`.stability`         eigenvalues of the detrended system at the steady state
:mod:`.units`             dimensional consistency of every equation
:mod:`.accounting`        people and money conserved (symbolic and numeric)
:mod:`.result`            :class:`CheckResult` and :func:`format_results`
========================  ==========================================================
"""

from __future__ import annotations

from peacetrap.checks.accounting import (ACCOUNTING_SCENARIO, ACCOUNTING_TOL,
                                         check_accounting_numeric, check_accounting_symbolic,
                                         is_identically_zero, random_point, sector_assets)
from peacetrap.checks.result import CheckResult, format_results
from peacetrap.checks.stability import ZERO_TOL, check_eigenvalues, jacobian
from peacetrap.checks.steady import (NOMINAL_CLASSES, STEADY_TOL, SteadyState,
                                     check_steady_state, growth_rates, linear_coefficients,
                                     steady_state)
from peacetrap.checks.units import check_units
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, Scenario

__all__ = ["ACCOUNTING_SCENARIO", "ACCOUNTING_TOL", "NOMINAL_CLASSES",
           "STEADY_TOL", "ZERO_TOL", "CheckResult", "SteadyState", "check_accounting_numeric",
           "check_accounting_symbolic", "check_eigenvalues", "check_steady_state", "check_units",
           "format_results", "growth_rates", "is_identically_zero", "jacobian",
           "linear_coefficients", "random_point", "run_checks", "sector_assets", "steady_state"]


def run_checks(model: Model, calibration: Calibration,
               scenario: str | Scenario = ACCOUNTING_SCENARIO) -> list[CheckResult]:
    """Run every check: steady state, eigenvalues, units, accounting (symbolic, numeric).

    Parameters
    ----------
    model : Model
    calibration : Calibration
    scenario : str or Scenario
        Scenario whose run the numeric accounting check uses.

    Returns
    -------
    list of CheckResult
    """
    res_ss, ss = check_steady_state(model, calibration)
    return [res_ss, check_eigenvalues(model, ss), check_units(model.spec),
            check_accounting_symbolic(model.spec),
            check_accounting_numeric(model, calibration, scenario)]
