"""The state of the model: stocks with their initial values, and the reference values."""

from __future__ import annotations

import math
from dataclasses import replace

import sympy as sp

from peacetrap.core.definition.dimensions import (
    DESIG, FX, INDEX, KP, MP, ONE, PCT, PCT_YEAR, PER_YEAR, PROD, TN, TN_YEAR, WAGE,
)
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, Report

#: Range of every stock of people (thousand persons): none can exceed the world's
#: population, 8.2 bn in 2025 (UN World Population Prospects 2024); files setting an
#: initial value above it are refused before anything runs.
PEOPLE = (0.0, 1.0e7)

#: Highest CPI inflation, smoothed over about a year, a run may reach (% a year, continuous
#: rate): Cagan's (1956) threshold of hyperinflation, prices rising 50 % a month,
#: 100 x 12 ln 1.5 = 486.6 % a year (12,875 % year on year).  The model has none of what
#: drives and ends a hyperinflation (the flight from money as its holding cost explodes,
#: contracts shortened to days, currency substitution, a monetary reform), so a run whose
#: inflation sustains that pace for a year has left its domain: it fails, naming the
#: quarter, as a run whose stock turns negative does, instead of returning prices
#: multiplied by 10^40.
HYPERINFLATION = 100.0 * 12.0 * math.log(1.5)


def declare(r: Registry) -> Symbols:
    """Declare the stocks in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("labour")
    e_c = r.stock("civilian_employment", r"E_c", MP, "Civilian employment", initial=67600.0,
                  display=KP, source="Rosstat LFS 2021: 71.7 mn employed less defence")
    e_d = r.stock("defence_workers", r"E_d", MP, "Defence-industry employment", initial=2500.0,
                  display=KP, source="RUSI: ~2.5 mn pre-war",
                  report=Report("defence_workers_thousands", "Defence-industry workers",
                                "thousand", 0))
    s = r.stock("soldiers", r"S", MP, "Soldiers (armed forces personnel)", initial=1000.0,
                display=KP, source="authorised strength ~1.0 mn (2017 decree)",
                report=Report("soldiers_thousands", "Soldiers", "thousand", 0))
    v = r.stock("veterans_waiting", r"V", MP, "Demobilised veterans awaiting reintegration",
                initial=0.0, display=KP, source="none before the war",
                report=Report("veterans_unemployed_thousands", "Veterans awaiting reintegration",
                              "thousand", 0, short="Veterans waiting"))
    u = r.stock("unemployed", r"U", MP, "Unemployed job seekers", initial=3400.0, display=KP,
                source="Rosstat: unemployment 4.8% (2021)")
    n = r.stock("inactive", r"N", MP, "Working-age people out of the civilian labour force "
                "(not soldiers)", initial=45000.0, display=KP,
                source="Rosstat labour force survey 2021: ~45 mn of working age outside the "
                "labour force (approximate)")
    hc = r.stock("hours", r"\ell_c", INDEX, "Hours per civilian worker (1 = normal hours)",
                 initial=1.0, source="normalisation")
    hd = r.stock("defence_hours", r"\ell_d", INDEX,
                 "Hours per defence-industry worker (1 = normal hours)", initial=1.0,
                 source="normalisation")
    kd = r.stock("defence_capacity", r"K_d", TN_YEAR,
                 "Defence industry's capacity: the output its plants and lines are built "
                 "for (domestic value added of procurement at home, base prices), which "
                 "follows the industry's output with the time it takes to build",
                 initial=3.48, growth="productivity",
                 source="at rest: the industry's output (procurement at home net of its "
                 "import content) at the start of the spin-up year, at the defaults")
    kk = r.stock("casualties", r"K", MP, "Cumulative casualties (killed or permanently "
                 "disabled)", initial=0.0, display=KP, growth="accumulator",
                 source="none before the war",
                 report=Report("casualties_cumulative_thousands", "Casualties, cumulative",
                               "thousand", 0, short="Casualties"))

    for name in ("civilian_employment", "defence_workers", "soldiers", "veterans_waiting",
                 "unemployed", "inactive", "casualties"):
        r.quantities[name] = replace(r.quantities[name], bounds=PEOPLE)

    r.begin("prices")
    w = r.stock("nominal_wage", r"W", WAGE, "Average nominal wage", initial=57.2,
                growth="wage", source="Rosstat: 57,244 RUB a month (2021)", reference=True,
                report=(Report("nominal_wage_growth_yoy_pct", "Nominal wage growth (y/y)", "%", 2,
                               "yoy"),
                        Report("real_wage_growth_yoy_pct", "Real wage growth (y/y)", "%", 2,
                               "yoy", deflator="cpi", short="Real wage growth")))
    p_d = r.stock("domestic_prices", r"P_d", INDEX, "Price level of domestic output",
                  initial=1.0, growth="price", source="normalisation", reference=True)
    p_m = r.stock("import_prices", r"P_m", INDEX, "Consumer price level of imports",
                  initial=1.0, growth="price", source="normalisation")
    pi_e = r.stock("expected_inflation", r"\pi^e", PER_YEAR, "Expected inflation",
                   initial=4.0, bounds=(None, None), display=PCT_YEAR, source="target")
    i = r.stock("key_rate", r"i", PER_YEAR, "Central bank key rate", initial=4.25,
                display=PCT_YEAR, source="Bank of Russia: 4.25% (Jan 2021)",
                report=Report("key_rate_pct", "Key rate", "%", 2, short="Key rate"))
    pi_s = r.stock("smoothed_inflation", r"\bar\pi", PER_YEAR,
                   "CPI inflation smoothed over about a year (the policy rule's inflation); a "
                   "run fails where it passes Cagan's hyperinflation threshold, 50 % a month",
                   initial=4.0, bounds=(None, HYPERINFLATION), display=PCT_YEAR,
                   source="target (balanced start)")
    u_bar = r.stock("smoothed_unemployment", r"\bar u", ONE,
                    "Unemployment rate smoothed over about a year (the policy rule measures "
                    "unemployment's rise against it)", initial=4.6259, bounds=(None, None),
                    display=PCT, source="2021: 3,400 unemployed of 73,500 thousand (balanced "
                    "start)")
    pi_a = r.stock("perceived_target", r"\pi^a", PER_YEAR,
                   "Inflation households and firms believe the central bank will deliver",
                   initial=4.0, bounds=(None, None), display=PCT_YEAR,
                   source="target (full credibility at the start)")
    r_hat = r.stock("neutral_rate_estimate", r"\hat r", PER_YEAR,
                    "The central bank's estimate of the neutral real rate (the rule's "
                    "intercept less the target)", initial=0.25, bounds=(None, None),
                    display=PCT_YEAR, source="2021: key rate 4.25% less the 4% target (the "
                    "rule reproduces the 2021 rate; the Bank of Russia's own estimate was "
                    "2-3%)")
    x = r.stock("exchange_rate", r"X", FX, "Exchange rate, LCU per USD", initial=73.7,
                growth="fx", source="Bank of Russia: 73.7 RUB/USD (2021 average)", reference=True,
                report=Report("rub_per_usd", "Exchange rate", "LCU per USD", 1,
                              short="Exchange rate"))
    p_f = r.stock("foreign_prices", r"P_f", INDEX, "Foreign (USD) price level",
                  initial=1.0, growth="foreign", source="normalisation", reference=True)
    a = r.stock("productivity", r"a", PROD, "Civilian labour productivity at base prices",
                initial=1.726, growth="productivity",
                source="2021 civilian output / civilian employment", reference=True)
    kc = r.stock("civilian_capacity", r"K_c", TN_YEAR,
                 "Civilian productive capacity (output at normal utilisation, base prices)",
                 initial=116.7, growth="productivity",
                 source="2021 civilian non-oil output at the defaults")
    zz = r.stock("sanctions", r"Z", DESIG, "Sanctions designations in force", initial=2695.0,
                 growth="accumulator", source="Castellum.AI: 2,695 pre-invasion", reference=True,
                 report=Report("sanctions_count", "Sanctions in force", "designations", 0,
                               short="Sanctions"))

    q_x = r.stock("export_exchange_rate", r"q_x", INDEX,
                  "Real exchange rate export volumes have adjusted to: it follows the real "
                  "exchange rate with a mean lag, as exporters enter and leave foreign "
                  "markets at a sunk cost", initial=1.0,
                  source="the real exchange rate at the start of every run (1)")
    s_z = r.stock("sanctions_priced_intensity", r"\sigma_q", ONE,
                  "Sanctions intensity the currency market prices, above its level at the "
                  "start: new designations in full, relief only in part (c_r)",
                  initial=0.0, bounds=(None, None),
                  source="pre-war sanctions priced in the start's exchange rate")
    p_z = r.stock("sanctions_fx_premium", r"\varrho_z", ONE,
                  "Sanctions premium the currency carries (log): theta_z per unit of the "
                  "priced intensity, as far as capital can leave", initial=0.0,
                  bounds=(None, None), source="pre-war sanctions fully priced")

    r.begin("demand")
    h_c = r.stock("spending_preference", r"h_c", ONE,
                  "Households' accumulated shift of the spending propensity (log-odds): it "
                  "falls while the real rate is above the neutral rate and rises while it is "
                  "below, so spending settles only where the real rate equals the neutral "
                  "rate", initial=0.0, bounds=(None, None),
                  source="none (the 2021 propensity is c_y at the neutral rate)")

    r.begin("money")
    m = r.stock("broad_money", r"M", TN, "Broad money: households' liquid savings",
                initial=58.7, growth="nominal", source="Bank of Russia: M2 58.7 tn (1 Jan 2021)")
    b = r.stock("government_debt", r"B", TN, "Government debt (held by the banking system)",
                initial=21.0, growth="nominal", bounds=(None, None),
                source="Finance Ministry: 20.9 tn (2021); negative = net creditor")
    rf = r.stock("reserve_fund", r"R", TN, "Liquid reserve fund (government deposits)",
                 initial=8.5, growth="nominal", source="Finance Ministry: NWF liquid ~8.5 tn")
    fb = r.stock("official_reserves", r"F_b", TN, "Official foreign reserves at book value",
                 initial=44.0, growth="nominal", bounds=(None, None),
                 source="Bank of Russia: ~600 bn USD (2021)")
    fp = r.stock("private_foreign_assets", r"F_p", TN,
                 "Private foreign assets accumulated since the start, at book value "
                 "(negative: private foreign liabilities, such as unpaid imports, when the "
                 "official reserves cannot supply foreign exchange)",
                 initial=0.0, growth="nominal", bounds=(None, None),
                 source="start of accounting")
    yp = r.stock("expected_income", r"Y^e", TN_YEAR, "Households' expected gross income",
                 initial=128.3, growth="nominal", source="2021 income, balanced at defaults")

    x0, pf0, pd0, a0, z0, w0 = (sp.Symbol(f"{q.name}_0", real=True) for q in (
        r.quantities["exchange_rate"], r.quantities["foreign_prices"],
        r.quantities["domestic_prices"], r.quantities["productivity"],
        r.quantities["sanctions"], r.quantities["nominal_wage"]))
    return Symbols.of(kd=kd, e_c=e_c, e_d=e_d, s=s, v=v, u=u, n=n, hc=hc, hd=hd, kk=kk, w=w,
                      p_d=p_d, p_m=p_m,
                      pi_e=pi_e, i=i, pi_s=pi_s, u_bar=u_bar, pi_a=pi_a, r_hat=r_hat, h_c=h_c,
                      x=x, p_f=p_f, a=a, kc=kc, zz=zz, q_x=q_x, s_z=s_z, p_z=p_z, m=m,
                      b=b, rf=rf, fb=fb, fp=fp, yp=yp, x0=x0, pf0=pf0, pd0=pd0, a0=a0, z0=z0,
                      w0=w0)
