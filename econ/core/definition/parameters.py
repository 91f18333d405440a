"""Behavioural and accounting parameters, each with a default, range and source."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import (
    BNUSD_YEAR, DESIG, ONE, PCT, PCT_YEAR, PER_YEAR, TN_YEAR, USD_BBL, YEARS,
)
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the parameters in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("parameters")
    y0 = r.parameter("base_gdp", r"Y_0", TN_YEAR, "Real trend GDP at the start (base-year "
                     "prices)", default=135.8, bounds=(1.0, 1e6),
                     source="Rosstat: nominal GDP 2021 135.8 tn RUB", scale=True)
    tau_c = r.parameter("civilian_hiring_time", r"\tau_c", YEARS,
                        "Time civilian employment takes to close its gap to labour demand",
                        default=1.0, bounds=(0.2, 2.0), source="assumption; SD convention")
    tau_d = r.parameter("defence_hiring_time", r"\tau_d", YEARS,
                        "Time defence employment takes to close its gap to procurement",
                        default=0.6, bounds=(0.2, 2.0), source="assumption")
    sep = r.parameter("job_turnover", r"\delta_e", PER_YEAR,
                      "Routine separations (replaced by hires) per worker per year",
                      default=0.08, bounds=(0.02, 0.2), source="Rosstat labour turnover")
    jh = r.parameter("matching_friction", r"j_h", ONE,
                     "Job seekers, as a share of the labour force, at which hiring runs at "
                     "half the desired pace", default=0.8, bounds=(0.15, 4.0), display=PCT,
                     source="assumption")
    eps = r.parameter("job_to_job_weight", r"\epsilon", ONE,
                      "Weight of employed workers in the pool the army and defence industry "
                      "recruit from", default=0.05, bounds=(0.005, 0.3),
                      source="about half of recruits were employed before (assumption)")
    rho_v = r.parameter("veteran_matching", r"\rho_v", ONE,
                        "Hiring efficiency of a demobilised veteran relative to an "
                        "unemployed worker", default=0.4, bounds=(0.05, 1.0),
                        source="assumption (reintegration delay)")
    nu = r.parameter("veteran_exit_rate", r"\nu", PER_YEAR,
                     "Rate at which waiting veterans leave the labour force", default=0.08,
                     bounds=(0.0, 0.5), source="assumption")
    a_dr = r.parameter("defence_productivity_ratio", r"a_{dr}", ONE,
                       "Domestic value added per defence worker beyond the industry's "
                       "quasi-fixed staff, relative to a civilian worker's output (the "
                       "defence industry's marginal labour productivity: serial production "
                       "is capital- and materials-intensive)", default=2.35,
                       bounds=(0.5, 4.0),
                       source="pre-war defence employment ~2.5 mn (RUSI) less the "
                       "quasi-fixed staff, for procurement 3.1% of GDP net of its import "
                       "content")
    om_d = r.parameter("defence_fixed_staff", r"\omega_d", ONE,
                       "Quasi-fixed staff of the defence industry (design bureaus, "
                       "maintenance of mobilisation capacity), employed whatever the "
                       "orders, share of the civilian labour force", default=2.2,
                       bounds=(0.0, 5.0), display=PCT,
                       source="labour as a quasi-fixed factor (Oi 1962); Russian defence "
                       "plants keep staff and mobilisation capacity in peacetime; with "
                       "a_dr it gives ~2.5 mn workers in 2021 (RUSI) and ~3.5-4.5 mn at "
                       "three times the procurement (official statement ~3.5 mn; RUSI "
                       "4.5 mn, 2024)")
    mu_d = r.parameter("defence_import_share", r"\mu_d", ONE,
                       "Import content of defence procurement (components, electronics, "
                       "machine tools), a fixed volume share valued at the relative price "
                       "of imports", default=0.15, bounds=(0.0, 0.4),
                       source="assumption: Russian weapons rely on imported electronics "
                       "and machine tools (RUSI, Silicon Lifeline, 2022)")
    al_d = r.parameter("defence_capital_share", r"\alpha_d", ONE,
                       "Capital's share of the defence industry's value added: output beyond "
                       "its capacity needs labour at diminishing returns, workers per unit "
                       "rising with (output / capacity)^(alpha_d / (1 - alpha_d)) (second "
                       "shifts, older equipment brought back) until the new "
                       "capacity is built", default=0.33, bounds=(0.2, 0.5),
                       source="a third of manufacturing value added goes to capital once the "
                       "self-employed's labour income is counted as labour's (Gollin 2002, "
                       "Journal of Political Economy 110(2): labour shares 0.65-0.80); a "
                       "short-run Cobb-Douglas requirement with capital fixed")
    tau_kd = r.parameter("defence_capacity_time", r"\tau_{Kd}", YEARS,
                         "Time the defence industry's capacity takes to follow its output "
                         "(new plants and production lines: the mean lag of a first-order "
                         "adjustment)", default=2.0, bounds=(1.0, 4.0),
                         source="time to build: about two years from the start of a "
                         "manufacturing project to its completion (Koeva 2000, IMF Working "
                         "Paper 00/138, 'The facts about time-to-build'); at least three "
                         "quarters in Kydland & Prescott 1982, Econometrica 50(6)")
    u_n = r.parameter("natural_unemployment", r"u_n", ONE,
                      "Effective unemployment rate (veterans weighted by their matching "
                      "efficiency) at which wages grow with prices and productivity",
                      default=4.5, bounds=(2.0, 10.0), display=PCT,
                      source="Bank of Russia NAIRU estimates 4–5% pre-war")
    phi_w = r.parameter("wage_phillips", r"\phi_w", PER_YEAR,
                        "Wage growth per log point of unemployment below its natural rate",
                        default=0.09, bounds=(0.01, 0.3),
                        source="Gurvich & Vakulenko 2016: high wage flexibility")
    kap_u = r.parameter("price_utilisation", r"\kappa_u", PER_YEAR,
                        "Domestic inflation per log point of civilian over-utilisation",
                        default=1.0, bounds=(0.02, 2.0), source="assumption")
    tau_k = r.parameter("capacity_time", r"\tau_k", YEARS,
                        "Time civilian capacity takes to follow civilian demand (investment)",
                        default=2.0, bounds=(0.5, 6.0), source="assumption")
    kap_w = r.parameter("price_cost_correction", r"\kappa_w", PER_YEAR,
                        "Speed at which prices restore the normal wage share", default=0.4,
                        bounds=(0.05, 3.0), source="assumption")
    alpha = r.parameter("import_share_cpi", r"\alpha", ONE,
                        "Long-run exchange-rate pass-through to CPI (import weight)",
                        default=0.5, bounds=(0.1, 0.7),
                        source="Ponomarev, Trunin & Ulyukaev 2016: ~0.48 after 4 quarters")
    tau_m = r.parameter("passthrough_time", r"\tau_m", YEARS,
                        "Lag of consumer import prices behind border prices", default=0.45,
                        bounds=(0.15, 2.0), source="Ponomarev et al. 2016: ~0.10 after 1 quarter")
    tau_e = r.parameter("expectations_time", r"\tau_e", YEARS,
                        "Adjustment time of inflation expectations", default=1.0,
                        bounds=(0.25, 4.0), source="assumption")
    theta = r.parameter("expectations_anchor", r"\theta", ONE,
                        "Weight of the perceived target in inflation expectations (the rest "
                        "follows current inflation)", default=0.3, bounds=(0.0, 0.95),
                        source="assumption")
    tau_a = r.parameter("credibility_time", r"\tau_a", YEARS,
                        "Time the perceived inflation target takes to follow realised "
                        "(year-on-year) inflation: credibility is partial in the short run "
                        "and expectations meet realised inflation in the long run",
                        default=4.0, bounds=(0.5, 20.0),
                        source="assumption; Russian households' expectations stayed above "
                        "the 4% target through 2017-25 (Bank of Russia/inFOM surveys)")
    tau_s = r.parameter("inflation_smoothing_time", r"\tau_s", YEARS,
                        "Smoothing time of the inflation the policy rule and the perceived "
                        "target look at (a year-on-year rate lags the instantaneous one by "
                        "about half a year)", default=0.5, bounds=(0.1, 1.0),
                        source="Bank of Russia targets annual (y/y) CPI inflation")
    pi_f = r.parameter("foreign_inflation", r"\pi_f", PER_YEAR,
                       "Inflation of foreign (USD) prices", default=2.0, bounds=(-2.0, 10.0),
                       display=PCT_YEAR, source="US CPI trend", trend_of="foreign")
    g_a = r.parameter("productivity_growth", r"g_a", PER_YEAR, "Trend labour productivity "
                      "growth", default=1.0, bounds=(-1.0, 4.0), display=PCT_YEAR,
                      source="Rosstat 2010s average", trend_of="productivity")
    sig_a = r.parameter("sanctions_productivity", r"\sigma_a", ONE,
                        "Log productivity lost per unit of sanctions intensity", default=0.01,
                        bounds=(0.0, 0.15), source="assumption (technology access)")
    c_y = r.parameter("propensity_to_consume", r"c_y", ONE,
                      "Private spending (consumption and investment) out of expected "
                      "disposable income", default=0.845, bounds=(0.8, 0.89),
                      source="2021 national accounts, balanced at the defaults")
    tau_y = r.parameter("income_smoothing", r"\tau_y", YEARS,
                        "Time households take to revise expected income", default=0.5,
                        bounds=(0.15, 2.0), source="assumption")
    lam = r.parameter("overhang_spending_rate", r"\lambda", PER_YEAR,
                      "Share of excess money balances spent per year", default=0.4,
                      bounds=(0.02, 1.5), source="assumption")
    k_m = r.parameter("money_demand_ratio", r"k_m", YEARS,
                      "Normal broad money per unit of annual expected income", default=0.477,
                      bounds=(0.4, 0.56), source="M2 58.7 tn RUB (Jan 2021) / income")
    eta = r.parameter("money_demand_rate", r"\eta", YEARS,
                      "Semi-elasticity of money demand to the key rate (deposits pay it)",
                      default=2.0, bounds=(0.0, 8.0), source="assumption")
    eta_w = r.parameter("precautionary_money", r"\eta_w", ONE,
                        "Log increase of money demand at full war risk (savings households "
                        "cannot or will not spend)", default=0.35, bounds=(0.0, 0.6),
                        source="assumption; the essay's monetary overhang")
    sig_r = r.parameter("spending_rate_semi", r"\sigma_r", YEARS,
                        "Sensitivity of the spending propensity to the real key rate (its "
                        "semi-elasticity is sigma_r (1 - c_y) at the neutral rate)",
                        default=3.0, bounds=(0.0, 30.0), source="assumption")
    k_h = r.parameter("spending_rate_drift", r"\kappa_h", ONE,
                      "Drift of the spending propensity's log-odds per year per point of real "
                      "key rate above the neutral rate (households keep shifting spending to "
                      "later while saving pays more than their time preference asks, and "
                      "forward while it pays less; the propensity's log drifts at (1 - c) "
                      "kappa_h): the real-rate gap's accumulated effect on demand",
                      default=4.0, bounds=(0.5, 10.0),
                      source="Laubach & Williams 2003: IS curve on the lagged real-rate gap, "
                      "about 0.1 % of output a quarter per point (0.4 % a year, about 0.6 % "
                      "of private spending, two thirds of GDP), with near-unit persistence "
                      "(Rudebusch & Svensson 1999); 0.6 % / (1 - 0.845) is about 4")
    r_n = r.parameter("neutral_real_rate", r"r_n", PER_YEAR, "Neutral real interest rate",
                      default=3.0, bounds=(0.0, 8.0), display=PCT_YEAR,
                      source="Bank of Russia 2–3% (2021)")
    k_n = r.parameter("neutral_rate_learning", r"\kappa_n", PER_YEAR,
                      "Revision of the central bank's neutral-rate estimate per year per "
                      "point of (year-on-year) inflation above target: the rule's neutral "
                      "rate learns the model's own equilibrium real rate",
                      default=0.15, bounds=(0.02, 1.0),
                      source="Laubach & Williams 2003 (neutral rate learned from the data); "
                      "the Bank of Russia raised its neutral-rate estimate in 2024")
    phi_pi = r.parameter("rule_inflation", r"\phi_\pi", ONE,
                         "Key-rate response to inflation above target", default=1.5,
                         bounds=(1.05, 4.0), source="Taylor principle")
    phi_u = r.parameter("rule_unemployment", r"\phi_u", PER_YEAR,
                        "Key-rate response to unemployment below its natural rate",
                        default=1.0, bounds=(0.0, 5.0), source="assumption")
    phi_du = r.parameter("rule_unemployment_change", r"\phi_{\Delta u}", ONE,
                         "Key-rate response to the rise of unemployment (points of the rate "
                         "per point a year of unemployment's rise, measured against its "
                         "smoothed level): the rule eases as a slump begins, whatever the "
                         "natural rate is believed to be", default=1.0, bounds=(0.0, 4.0),
                         source="Orphanides & Williams 2002 (Brookings Papers on Economic "
                         "Activity 2002(2)): difference rules, which respond to the change of "
                         "unemployment rather than its gap to an uncertain natural rate, are "
                         "robust to natural-rate misperceptions; the size assumed equal to the "
                         "level response")
    tau_i = r.parameter("rate_smoothing", r"\tau_i", YEARS,
                        "Adjustment time of the key rate to its rule", default=0.4,
                        bounds=(0.1, 2.0), source="assumption")
    i_fl = r.parameter("rate_floor", r"i_{fl}", PER_YEAR, "Effective lower bound of the key "
                       "rate", default=0.25, bounds=(0.0, 5.0), display=PCT_YEAR,
                       source="assumption")
    mu_m = r.parameter("import_propensity", r"\mu_m", ONE,
                       "Imports per unit of private and civilian government spending at "
                       "base relative prices",
                       default=0.185, bounds=(0.15, 0.23),
                       source="World Bank: imports ~20–23% of GDP; 304 bn USD (2021)")
    eps_m = r.parameter("import_price_elasticity", r"\varepsilon_m", ONE,
                        "Price elasticity of import volumes", default=1.3, bounds=(0.2, 3.0),
                        source="assumption")
    tau_z = r.parameter("sanctions_import_cost", r"\tau_z", ONE,
                        "Import cost premium per unit of sanctions intensity", default=0.05,
                        bounds=(0.0, 0.5), source="assumption")
    x_n = r.parameter("nonoil_exports", r"x_n", BNUSD_YEAR,
                      "Non-oil exports at base prices", default=300.0, bounds=(1.0, 5000.0),
                      source="Bank of Russia: exports 494 bn USD (2021) less oil", scale=True)
    eps_x = r.parameter("export_price_elasticity", r"\varepsilon_x", ONE,
                        "Elasticity of non-oil exports to the real exchange rate",
                        default=0.5, bounds=(0.0, 2.0), source="assumption")
    tau_x = r.parameter("export_volume_lag", r"\tau_x", YEARS,
                        "Mean lag of non-oil export volumes behind the real exchange rate: "
                        "exporters pay a sunk cost to enter a foreign market and keep serving "
                        "it after the rate turns, so volumes follow relative prices over "
                        "quarters while import volumes answer at once", default=0.5,
                        bounds=(0.1, 2.0),
                        source="Baldwin & Krugman (1989, QJE 104(4)): sunk costs of market "
                        "entry make export volumes persist after exchange-rate swings; IMF "
                        "World Economic Outlook, October 2015, ch. 3: most of the trade "
                        "response to a real depreciation comes within a year; the half year "
                        "is an assumption")
    psi_z = r.parameter("sanctions_discount", r"\psi_z", USD_BBL,
                        "Widening of the oil discount per unit of sanctions intensity",
                        default=4.0, bounds=(0.0, 20.0), source="assumption")
    th_ca = r.parameter("fx_balance_response", r"\theta_b", PER_YEAR,
                        "Depreciation per year per unit of balance-of-payments shortfall "
                        "(share of GDP): a purchase of foreign currency of 1 % of GDP, "
                        "whatever its timing, weakens a floating rate by this many per cent on "
                        "impact, before trade answers", default=2.0, bounds=(0.1, 10.0),
                        source="Adler, Lisack & Mano (2015, IMF Working Paper 15/130): a "
                        "foreign-currency purchase of 1 % of GDP weakens the nominal rate by "
                        "1.7-2.0 % (instrumental variables, panel); the default is the top of "
                        "that range")
    f_bar = r.parameter("reserve_ratio_target", r"\bar F", ONE,
                       "Official reserves the central bank keeps in step with nominal trend "
                       "GDP, share of a year's GDP: its reserve accumulation at which the "
                       "currency is stable is this ratio times trend nominal growth "
                       "(productivity growth plus the inflation target), so the ratio, not a "
                       "flow, is what lasts", default=32.0, bounds=(-20.0, 80.0), display=PCT,
                       source="2021 balance of payments: accumulation of 1.6 % of GDP at 5 % "
                       "trend nominal growth, balanced at the defaults (reserves of ~600 bn "
                       "USD, a third of GDP); reserve adequacy is judged as a ratio (IMF 2011, "
                       "'Assessing Reserve Adequacy'; Jeanne & Ranciere 2011, Economic Journal "
                       "121(555)); the range is that of the flow it replaces, -1 to 4 % of GDP, "
                       "at 5 % growth")
    k_f = r.parameter("capital_outflow_ratio", r"\kappa_f", ONE,
                      "Private capital outflow per unit of expected income at the neutral "
                      "rate", default=0.074, bounds=(0.045, 0.1),
                      source="Bank of Russia: private outflow 2021")
    k_z = r.parameter("sanctions_flight", r"\kappa_z", YEARS,
                      "Private capital outflow per unit of sanctions news (intensity added, "
                      "or credibly relieved), in years of nominal trend GDP (a rise of the "
                      "intensity by 1 within a year moves this share of that year's GDP "
                      "abroad): residents and foreign creditors leaving as new sanctions are "
                      "imposed (deposits and cash abroad, loan repayments, foreign owners' "
                      "exit, advance payments abroad), whatever the key rate and the capital "
                      "controls", default=0.05, bounds=(0.0, 0.15),
                      source="CMASF (Centre for Macroeconomic Analysis and Short-Term "
                      "Forecasting), reported by The Moscow Times (2023) and bne IntelliNews "
                      "(9 October 2023): net private capital outflow 239 bn USD in 2022, "
                      "13 % of GDP against 5 % a year on average over the 13 years before "
                      "(about 11 % in 2008 and 2014), despite the capital controls, as the "
                      "model's sanctions intensity rose by about 1.5: (0.13 - 0.05) / 1.5 "
                      "~ 0.05")
    th_r = r.parameter("outflow_rate_semi", r"\theta_r", YEARS,
                       "Semi-elasticity of capital outflow to the real key rate", default=3.0,
                       bounds=(0.0, 20.0), source="assumption")
    th_z = r.parameter("fx_sanctions_premium", r"\theta_z", ONE,
                       "Log depreciation per unit of sanctions intensity priced into the "
                       "currency",
                       default=0.2, bounds=(0.0, 1.5), source="assumption")
    tau_p = r.parameter("sanctions_pricing_time", r"\tau_p", YEARS,
                        "Time markets take to price new sanctions into the currency",
                        default=1.0, bounds=(0.25, 4.0), source="assumption")
    z_s = r.parameter("sanctions_scale", r"Z_s", DESIG,
                      "Designations at which sanctions intensity is ln 2", default=1000.0,
                      bounds=(100.0, 20000.0), source="normalisation")
    tau_h = r.parameter("tax_rate", r"\tau_h", ONE,
                        "Non-oil taxes per unit of household gross income", default=0.18,
                        bounds=(0.15, 0.22), source="2021 budget balanced at the defaults")
    tau_o = r.parameter("oil_tax_take", r"\tau_o", ONE, "Oil taxes per unit of oil export "
                        "revenue", default=0.45, bounds=(0.35, 0.55),
                        source="Finance Ministry: oil and gas revenue 2021")
    b_u = r.parameter("benefit_replacement", r"b_u", ONE,
                      "Benefits per unemployed worker or waiting veteran, share of the "
                      "average wage", default=0.15, bounds=(0.0, 0.8), source="assumption")
    p_ref = r.parameter("oil_price_ref", r"p_r", USD_BBL,
                        "Realised oil export price of the base year (values oil volumes in "
                        "real GDP; constant dollars, as the oil price)", default=66.5,
                        bounds=(5.0, 250.0),
                        source="Urals average 2021 (Finance Ministry: 68.5 in current "
                        "dollars)", uncertain=False)
    p_b = r.parameter("oil_base_price", r"p_b", USD_BBL,
                      "Base price of the fiscal rule (revenue above it is saved)",
                      default=45.0, bounds=(10.0, 150.0), source="Budget Code: ~43–60 USD",
                      uncertain=False)
    rho_w = r.parameter("windfall_saving", r"\rho_w", ONE,
                        "Share of oil windfall taxes saved in the reserve fund",
                        default=0.8, bounds=(0.0, 1.0), source="fiscal rule", uncertain=False)
    zeta = r.parameter("fund_deficit_share", r"\zeta", ONE,
                       "Share of the deficit financed from the reserve fund while it lasts",
                       default=0.3, bounds=(0.0, 1.0), source="assumption")
    r_h = r.parameter("fund_buffer", r"r_h", ONE, "Reserve-fund size, share of a year's "
                      "nominal trend GDP, at which fiscal stress is one half", default=0.37,
                      bounds=(0.05, 10.0), display=PCT, source="assumption")
    tau_r = r.parameter("fund_drawdown_time", r"\tau_R", YEARS,
                        "Shortest time in which the reserve fund can be run down",
                        default=0.5, bounds=(0.25, 2.0), source="assumption")
    beta_b = r.parameter("base_soldier_pay_ratio", r"\beta_b", ONE,
                         "Soldier pay relative to the average civilian wage in the base year "
                         "of the price indices: the base-year price of a soldier's services, "
                         "at which real GDP counts the armed forces' output (volume by the "
                         "number of soldiers), so that a rise in pay rates raises nominal GDP "
                         "but not real GDP", default=0.8, bounds=(0.1, 6.0),
                         source="the soldier_pay_ratio before the war (pre-war military pay "
                         "~0.8 of the average wage); System of National Accounts 2008, "
                         "chapter 15, and Eurostat, Handbook on prices and volume measures in "
                         "national accounts (2016): non-market output such as defence is "
                         "measured at cost, its volume from the inputs (employment at "
                         "base-period pay rates)", uncertain=False,
                         base_of="soldier_pay_ratio")
    xi = r.parameter("forced_cut", r"\xi", ONE,
                     "Share of defence procurement cut when the reserve fund is exhausted",
                     default=0.3, bounds=(0.0, 1.0), source="assumption")
    return Symbols.of(y0=y0, tau_c=tau_c, tau_d=tau_d, sep=sep, jh=jh, eps=eps, rho_v=rho_v,
                      nu=nu, a_dr=a_dr, om_d=om_d, mu_d=mu_d, al_d=al_d, tau_kd=tau_kd,
                      u_n=u_n, phi_w=phi_w,
                      kap_u=kap_u,
                      tau_k=tau_k, kap_w=kap_w, alpha=alpha, tau_m=tau_m, tau_e=tau_e,
                      theta=theta, tau_a=tau_a, tau_s=tau_s, k_n=k_n, pi_f=pi_f, g_a=g_a, sig_a=sig_a, c_y=c_y, tau_y=tau_y,
                      lam=lam, k_m=k_m, eta=eta, eta_w=eta_w, sig_r=sig_r, k_h=k_h, r_n=r_n,
                      phi_pi=phi_pi, phi_u=phi_u, phi_du=phi_du, tau_i=tau_i, i_fl=i_fl, mu_m=mu_m,
                      eps_m=eps_m, tau_z=tau_z, x_n=x_n, eps_x=eps_x, tau_x=tau_x, psi_z=psi_z,
                      th_ca=th_ca,
                      f_bar=f_bar, k_f=k_f, k_z=k_z, th_r=th_r, th_z=th_z, tau_p=tau_p, z_s=z_s,
                      tau_h=tau_h, tau_o=tau_o, b_u=b_u, p_ref=p_ref, p_b=p_b, rho_w=rho_w,
                      zeta=zeta, r_h=r_h, tau_r=tau_r, xi=xi,
                      beta_b=beta_b)
