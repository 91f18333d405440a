r"""Parameters that follow from a run's initial state: the start balanced on the definition.

A calibration gives the initial stocks (the civilian labour force's pools, the inactive of
working age, ...) and the parameters.  Some parameters are not free once those stocks are
given: they are a normal level that the initial state must be at, or the run starts with a
jump toward it before any input has moved.  :data:`DERIVED_AT_START` lists them, each with
the two quantities of the symbolic definition it makes equal at the first instant.

``participation_rate`` :math:`\bar\pi_p` is the first: the participation target

.. math::  L^* = \bigl(1 + \varepsilon_p \log \Theta\bigr)\,\bar\pi_p\,(L + N),
   \qquad \Theta = \frac{u_n L}{U + \rho_v V},

equals the initial labour force :math:`L` only at one normal participation rate, which
depends on the calibration's own natural rate :math:`u_n`, participation tightness
:math:`\varepsilon_p` and initial pools.  A rate balanced at the default natural rate
(4.5 %) read under a fit with another one (3.6 % in ``observed``) made the 2021 start a
slack market whose target is ~1.5 % of the labour force below it, and about a million
people left unemployment in 2021, before the war.  Episodes have always been balanced this
way (:mod:`peacetrap.calibrate.episode_balance`); :func:`balance_start` does it for every
run, the shipped history included, and so for every candidate of a fit and every draw of an
ensemble (each with its own natural rate).

Values given explicitly win: a value set (a calibration's ``[parameters]``, the ``values``
of a run, a fitted or drawn column, a balanced episode) that names the parameter keeps it,
and its start is then only as balanced as that value.  The derived value is clipped into
the parameter's declared range (the start is then not fully balanced).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, input_grid

#: Parameter -> (quantity, quantity it is scaled to equal at the first instant).  The
#: second quantity must be proportional to the parameter and neither may depend on
#: another parameter of this table, so one evaluation gives the exact value
#: (``tests/test_start_balance.py`` checks that the two are equal after it).
DERIVED_AT_START: dict[str, tuple[str, str]] = {
    "participation_rate": ("labour_force", "labour_force_target"),
}


def balance_start(model: Model, calibration: Calibration, full: pd.DataFrame,
                  given: set[str]) -> pd.DataFrame:
    r"""Set each parameter of :data:`DERIVED_AT_START` not in ``given`` so that its two
    quantities are equal at the initial state of every value set of ``full``.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        Supplies the inputs at the first instant (its history at the epoch).
    full : pandas.DataFrame
        Complete value sets (display units), one row per set; changed in place.
    given : set of str
        Names the caller set explicitly; those are left as they are.

    Returns
    -------
    pandas.DataFrame
        ``full``, with the derived parameters set (display units, clipped into range).

    Notes
    -----
    Both quantities are evaluated by the model's generated derived-quantity kernel at
    the initial stocks (:math:`x(0)`), the parameters and the inputs at the epoch;
    with quantity :math:`b` proportional to parameter :math:`\theta`, :math:`\theta
    \leftarrow \theta\, a(x_0, \theta) / b(x_0, \theta)` makes them equal (one
    evaluation of the kernel for the whole batch).
    """
    todo = [name for name in DERIVED_AT_START if name not in given]
    if not todo or not len(full):
        return full
    p, x0 = model.internal(full)
    u0 = input_grid(model, calibration, [None], np.array([0.0]))[0][:, 0]
    blocks = np.ascontiguousarray(u0[None, None, :])
    states = np.ascontiguousarray(x0[:, None, :])
    lay = model.layout
    with np.errstate(all="ignore"):
        der = model.kernels.derived(states, states, np.ascontiguousarray(p[:, None, :]),
                                    blocks)[:, 0, :]
    for name in todo:
        j = lay.parameters.index(name)
        a_name, b_name = DERIVED_AT_START[name]
        ratio = der[:, lay.derived.index(a_name)] / der[:, lay.derived.index(b_name)]
        ok = np.isfinite(ratio) & (ratio > 0)
        p[:, j] = np.where(ok, p[:, j] * ratio, p[:, j])
        lo, hi = model.bounds(name)
        f = model.factor(name)
        val = p[:, j] / f
        full[name] = np.clip(val, -np.inf if lo is None else lo, np.inf if hi is None else hi)
    return full
