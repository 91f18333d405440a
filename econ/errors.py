"""Exceptions raised by peacetrap.

Every error a user can cause carries a one-paragraph message that names the
file, the key, the offending value and what is allowed.  The command line maps
:class:`InputError` (and its subclasses) to exit code 2 and every other
:class:`PeacetrapError` to exit code 1.
"""

from __future__ import annotations

from collections.abc import Iterable


class PeacetrapError(Exception):
    """Base class of all errors raised by the package."""

    exit_code = 1


class InputError(PeacetrapError):
    """Bad user input: a file, key or value that is not allowed."""

    exit_code = 2


class UnitsError(PeacetrapError):
    """Dimensionally inconsistent equation or impossible unit conversion."""


class SimulationError(PeacetrapError):
    """Numerical failure: NaN, infinity or a stock outside its declared bounds (a
    negative stock, hyperinflation).

    Attributes
    ----------
    variable : str
        The quantity that failed.
    time : str
        The period (quarter) in which it failed.
    """

    def __init__(self, message: str, variable: str = "", time: str = "") -> None:
        super().__init__(message)
        self.variable = variable
        self.time = time


class SteadyStateError(PeacetrapError):
    """The steady-state solver did not converge."""


class CalibrationError(PeacetrapError):
    """A calibration did not converge or could not be set up."""


class MeasurementError(PeacetrapError):
    """A measurement cannot be computed from the series given (e.g. nothing moves)."""


def suggest(name: str, allowed: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest allowed name, or ``""``."""
    allowed = list(allowed)
    import difflib   # here, not at import: ``import peacetrap`` stays instant

    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def failure_note(exc: Exception) -> str:
    """``exc``'s message as a note that begins "simulation failed" once.

    :func:`peacetrap.run.simulate` words its errors that way already; other errors
    (a scenario that does not load, a measurement that cannot be made) get the prefix.
    """
    text = str(exc)
    return text if text.startswith("simulation failed") else f"simulation failed: {text}"

