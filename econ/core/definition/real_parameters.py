"""Parameters of the labour-supply margins: participation and hours per worker.

Each has a default (Russia before the war unless said), an allowed range and a source.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import ONE, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the labour-supply parameters in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("parameters")
    pi_p = r.parameter("participation_rate", r"\bar\pi_p", ONE,
                       "Total labour force (civilian labour force plus the armed forces) "
                       "over the working-age population (labour force, inactive and "
                       "soldiers) at normal labour-market tightness",
                       default=0.6242, bounds=(0.45, 0.8),
                       source="Rosstat labour force survey 2021 (73.5 mn civilian labour "
                       "force, ~45 mn inactive of working age, ~1 mn in the armed forces); "
                       "balanced at the defaults, "
                       "and by the balancing in an episode")
    eps_e = r.parameter("entry_tightness", r"\varepsilon_e", ONE,
                        "Wartime entrants: rise of the participation target, as a share of "
                        "the labour force at normal participation, per log point of "
                        "labour-market tightness ABOVE normal only (one-sided: a market "
                        "tighter than normal draws in women, pensioners, students; they leave "
                        "again as tightness returns to normal, and a slack market adds no "
                        "further exit)", default=0.06, bounds=(0.0, 0.25),
                        source="UK women in the working population rose by about 2 mn "
                        "from 1939 to 1943 (Summerfield 1984), roughly a tenth of the "
                        "civilian labour force, while unemployment fell to ~0.6 % against a "
                        "prewar normal of ~3 % (log tightness ~1.6): ~0.06; approximate, "
                        "not in the shared reference data. About half of the US wartime "
                        "women entrants had left by 1950 (Goldin 1991)")
    eta_p = r.parameter("participation_unemployment", r"\eta_p", ONE,
                        "Core participation: fall of the participation target (percentage "
                        "points of the civilian working-age population) per percentage point "
                        "of effective unemployment above its natural rate, both sides (the "
                        "discouraged-worker and added-worker effects, net)",
                        default=0.3, bounds=(0.1, 0.5),
                        source="cyclical participation moves ~0.2-0.4 pp per pp of "
                        "unemployment (Erceg & Levin 2014; Elsby, Hobijn & Sahin 2015); the "
                        "central value")
    tau_lf = r.parameter("participation_time", r"\tau_\pi", YEARS,
                         "Time in which entries to and exits from the labour force close the "
                         "gap to the participation target", default=0.75, bounds=(0.1, 3.0),
                         source="assumption: gross flows between unemployment and inactivity "
                         "are large (about a fifth of the unemployed leave the labour force "
                         "within a quarter, Elsby, Hobijn & Sahin 2015)")
    th_h = r.parameter("hours_response", r"\theta_\ell", ONE,
                       "Response of hours per worker to civilian capacity utilisation (and, "
                       "in the defence industry, to the labour needed over the workers "
                       "employed): hours move by this share of the excess over 1 (overtime "
                       "when demand runs ahead, short time when orders stop)",
                       default=0.7, bounds=(0.0, 0.9),
                       source="hours per worker take a large share of the short-run change "
                       "of labour input, half or more in several OECD countries (Ohanian & "
                       "Raffo 2012)")
    th_u = r.parameter("hours_unemployment", r"\theta_u", ONE,
                       "Fall of civilian hours per worker (log points) per unit of effective "
                       "unemployment rate above its natural rate, both sides: in a slack "
                       "market firms keep workers on short time and part time for economic "
                       "reasons (work sharing), in a tight one on overtime, for as long as "
                       "the slack lasts",
                       default=0.5, bounds=(0.0, 1.5),
                       source="Okun (1962) as decomposed by Gordon (2011): per 1 % of output "
                       "gap, unemployment moves 1/3 pp and hours per employee 1/6 %, so "
                       "0.5 % of hours per pp of unemployment; Russian firms adjust working "
                       "time (short time, unpaid leave) more than headcount (Gimpelson & "
                       "Kapeliushnikov 2013)")
    tau_l = r.parameter("hours_time", r"\tau_\ell", YEARS,
                        "Adjustment time of hours per worker (faster than headcount)",
                        default=0.25, bounds=(0.05, 1.0), source="assumption: one quarter")
    k_w = r.parameter("hidden_slack_weight", r"k_w", ONE,
                      "Weight in wage setting of the hours and participation gaps (labour "
                      "input short of its normal level other than by unemployment), "
                      "relative to an unemployed worker: 1 counts a worker-equivalent of "
                      "lost hours or of departed entrants like one more unemployed",
                      default=0.3, bounds=(0.0, 1.0),
                      source="underemployment (hours) slack weighs on wages like unemployment "
                      "(Bell & Blanchflower 2019); the participation gap is slack too (Erceg "
                      "& Levin 2014); a lower weight assumed, as part of the gap is voluntary")
    a_v = r.parameter("vacancy_filling_elasticity", r"\alpha_v", ONE,
                      "Elasticity of the rate at which firms fill their net openings (the "
                      "civilian hiring gap) to effective job seekers relative to their "
                      "number at the natural rate, when they are above it: openings fill "
                      "faster when seekers are plentiful (1 at the natural rate; below it "
                      "the smooth positive part leaves 2^(-alpha_v s_Theta), 0.983 at the "
                      "defaults, where the hiring fill already slows hiring)",
                      default=0.5, bounds=(0.0, 0.7),
                      source="matching function with constant returns (Petrongolo & "
                      "Pissarides 2001: elasticity of hires to unemployment 0.5-0.7), so "
                      "the vacancy-filling rate has the same elasticity to job seekers")
    gam_m = r.parameter("import_cost_share", r"\gamma_m", ONE,
                        "Share of imported inputs in domestic producers' marginal cost: "
                        "domestic prices restore a real marginal cost of labour and imports "
                        "together, so a real depreciation raises them (and lowers the wage "
                        "share it leaves at rest)",
                        default=0.1, bounds=(0.0, 0.3),
                        source="Burstein & Gopinath 2014 (imported inputs in marginal cost, "
                        "the pass-through to producer prices); the size is an assumption")
    return Symbols.of(gam_m=gam_m, k_w=k_w, pi_p=pi_p, eps_e=eps_e, eta_p=eta_p, tau_lf=tau_lf, th_h=th_h,
                      th_u=th_u, tau_l=tau_l, a_v=a_v)
