"""Calibration: targets, fitting, estimation, experiments, historical episodes.

The package is callable: ``peacetrap.calibrate(model, targets)`` fits a targets
file and returns a :class:`~peacetrap.calibrate.result.FitResult` (see :func:`fit_targets`).
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peacetrap.calibrate.result import FitResult
    from peacetrap.core.model import Model

__all__ = ["fit_targets"]


def fit_targets(model: Model, targets: str | Path = "appendix", starts: int | None = None) -> FitResult:
    """Fit a targets file's free values to its targets (least squares over the model's runs).

    Parameters
    ----------
    model : Model
    targets : str or pathlib.Path
        ``"appendix"``, ``"observed"`` (shipped in ``calibration/targets/``) or a path
        to a targets file (format in :mod:`peacetrap.calibrate.targets`).
    starts : int, optional
        Starting points of the optimiser (default: the file's ``[options] starts``).

    Returns
    -------
    FitResult
        ``.params``, ``.bse`` (standard errors), ``.fit`` (one row per target), the
        diagnostics as attributes, ``.summary()`` (text or LaTeX), ``.calibration``
        (ready to simulate) and ``.plot()``.

    Raises
    ------
    InputError
        A bad targets file.
    CalibrationError
        No start converges, or the fitted values fail to simulate.

    Examples
    --------
    >>> import peacetrap as pt
    >>> res = pt.calibrate(pt.load_model(), "appendix")
    >>> res.converged and res.rank == res.n_free
    True
    >>> print(res.summary())                     # doctest: +SKIP
    """
    from peacetrap.calibrate.fit import calibrate
    from peacetrap.calibrate.targets import load_targets
    from peacetrap.run.setups import check_model

    check_model(model)
    return calibrate(model, load_targets(model, targets), starts)


class _CallablePackage(types.ModuleType):
    """``peacetrap.calibrate(...)`` is :func:`fit_targets`; the package's modules stay importable.

    (The function is not called ``fit``: importing the submodule ``fit`` would replace it.)
    """

    def __call__(self, model: Model, targets: str | Path = "appendix",
                 starts: int | None = None) -> FitResult:
        return fit_targets(model, targets, starts)


sys.modules[__name__].__class__ = _CallablePackage
