"""Parameters of the real side: labour supply, hours, production, investment and trade.

Each has a default (Russia before the war unless said), an allowed range and a source; where
``data/estimates.csv`` holds a statsmodels estimate, the range covers it and the source says so.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import ONE, PER_YEAR, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the real-side parameters in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("parameters")
    # ------------------------------------------------------------ labour supply
    pi_p = r.parameter("participation_rate", r"\bar\pi_p", ONE,
                       "Civilian labour force over the civilian working-age population "
                       "(labour force plus inactive) at normal labour-market tightness",
                       default=0.621, bounds=(0.45, 0.8),
                       source="Rosstat LFS 2021 (73.5 mn civilian labour force, ~45 mn "
                       "inactive); balanced at the defaults")
    eps_p = r.parameter("participation_tightness", r"\varepsilon_p", ONE,
                        "Elasticity of the participation target to labour-market tightness "
                        "(natural over effective unemployment): the war draws the inactive "
                        "in, a slack market lets them go", default=0.06, bounds=(0.0, 0.25),
                        source="cyclical participation: ~0.3 pp of participation per pp of "
                        "unemployment (Erceg & Levin 2014, US), i.e. ~0.02-0.1 in log "
                        "tightness; wartime entry (women, pensioners) is larger")
    tau_lf = r.parameter("participation_time", r"\tau_\pi", YEARS,
                        "Time in which entries to and exits from the labour force close the "
                        "gap to the participation target", default=0.75, bounds=(0.1, 3.0),
                        source="assumption: gross flows between unemployment and inactivity "
                        "are large (a fifth of the unemployed leave in a quarter, US CPS)")
    d_v = r.parameter("veteran_disability", r"d_v", ONE,
                      "Share of demobilised soldiers too disabled to work (they leave the "
                      "labour force; casualties are counted separately)", default=0.05,
                      bounds=(0.0, 0.3), source="assumption")
    # -------------------------------------------------------------------- hours
    th_h = r.parameter("hours_response", r"\theta_\ell", ONE,
                       "Elasticity of hours per worker to required over employed labour "
                       "(overtime when short of workers, short time when orders stop)",
                       default=0.5, bounds=(0.0, 0.9),
                       source="assumption: hours take about half of a labour-input change "
                       "in the short run (Ohanian & Raffo 2012)")
    tau_l = r.parameter("hours_time", r"\tau_\ell", YEARS,
                        "Adjustment time of hours per worker (faster than headcount)",
                        default=0.25, bounds=(0.05, 1.0), source="assumption: one quarter")
    return Symbols.of(pi_p=pi_p, eps_p=eps_p, tau_lf=tau_lf, d_v=d_v, th_h=th_h, tau_l=tau_l)
