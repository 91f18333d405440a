"""The war-economy model, written once.

Every stock, flow, auxiliary, input and parameter is declared here with its
unit, description, default, allowed range and source.  Time is measured in
years; people in millions; local money in trillions of local currency units
(LCU: roubles for Russia); foreign money in billions of US dollars.  Values
users read and write (files, tables, results) are in each quantity's display
unit, e.g. thousand persons a month for recruitment or percent for rates.

Blocks
------
external   oil revenue, sanctions, trade, capital outflow, exchange rate
fiscal     procurement, soldier pay, taxes, deficit, reserve fund
demand     household income, consumption, money demand and the overhang
labour     the seven pools of people and the flows between them
prices     wages, domestic and import prices, CPI, expectations, key rate
money      broad money, debt, reserves: the stock-flow accounts

The default parameters describe Russia before the war (2021) and are the
starting point of calibration; their sources are given one by one.
"""

from __future__ import annotations

import sympy as sp
from sympy import exp, log

from peacetrap.core import units as un
from peacetrap.core.symbolic import ModelSpec, Registry, softplus

U = un.Unit
ONE = U(un.ONE, "1")
PCT = U(un.percent, "%")
INDEX = U(un.ONE, "index")
YEARS = U(un.year, "years")
PER_YEAR = U(1 / un.year, "1/year")
PCT_YEAR = U(un.percent / un.year, "%/year")
MP = U(un.mn * un.person, "mn persons")
KP = U(un.k * un.person, "thousand persons")
MP_YEAR = U(un.mn * un.person / un.year, "mn persons/year")
KP_MONTH = U(un.k * un.person / un.month, "thousand persons/month")
TN = U(un.tn * un.LCU, "tn LCU")
TN_YEAR = U(un.tn * un.LCU / un.year, "tn LCU/year")
BNUSD_YEAR = U(un.bn * un.USD / un.year, "bn USD/year")
FX = U(un.LCU / un.USD, "LCU/USD")
USD_BBL = U(un.USD / un.bbl, "USD/bbl")
MBD = U(un.mn * un.bbl / un.day, "mn bbl/day")
DESIG = U(un.designation, "designations")
DESIG_YEAR = U(un.designation / un.year, "designations/year")
WAGE = U(un.k * un.LCU / (un.person * un.month), "thousand LCU/month")
PROD = U(un.tn * un.LCU / (un.year * un.mn * un.person), "tn LCU/year per mn persons")
MONTHS = U(un.month, "months")

SECTORS = ["households", "firms", "government", "banks", "rest_of_world"]


def build() -> ModelSpec:
    """Declare the model and return its :class:`~peacetrap.core.symbolic.ModelSpec`."""
    r = Registry()

    # ------------------------------------------------------------------ constants
    r.begin("constants")
    mpy = r.constant("months_per_year", r"n_m", U(un.month / un.year, "months/year"),
                     "Months in a year", value=12.0)
    dpy = r.constant("days_per_year", r"n_d", U(un.day / un.year, "days/year"),
                     "Days in a year", value=365.25)
    bpt = r.constant("bn_per_tn", r"n_{bt}", U(un.bn / un.tn, "bn/tn"),
                     "Billions in a trillion", value=1000.0)
    mpb = r.constant("mn_per_bn", r"n_{mb}", U(un.mn / un.bn, "mn/bn"),
                     "Millions in a billion", value=1000.0)
    one_year = r.constant("year_length", r"T_y", YEARS,
                          "One year: turns an annual flow into a stock-sized amount", value=1.0)
    s_rate = r.constant("rate_floor_smoothness", r"s_i", PER_YEAR,
                        "Width of the smooth floor on the key rate", value=0.005)
    s_oil = r.constant("oil_price_smoothness", r"s_p", USD_BBL,
                       "Width of the smooth floor on the realised oil price", value=1.0)
    s_fund = r.constant("fund_flow_smoothness", r"s_R", ONE,
                        "Width of the smooth split of reserve-fund flows, share of nominal "
                        "trend GDP", value=0.0004)
    s_f = r.constant("flow_smoothness", r"s_f", PER_YEAR,
                     "Width of the smooth split of net employment changes into hires and "
                     "separations, share of the labour force a year", value=0.0007)

    # ------------------------------------------------------------------- inputs
    r.begin("inputs")
    g_d = r.input("defence_procurement", r"g_d", ONE,
                  "Real defence procurement (goods and services bought from the defence "
                  "industry), share of trend GDP", default=3.1, bounds=(0.0, 40.0),
                  display=PCT, source="SIPRI 3.58% of GDP (2021) less soldiers' pay")
    g_c = r.input("civil_spending", r"g_c", ONE,
                  "Real civilian government purchases, share of trend GDP", default=18.0,
                  bounds=(0.0, 40.0), display=PCT,
                  source="Rosstat: general government final consumption ~18% of GDP (2021)")
    rec = r.input("recruitment", r"\rho_s", MP_YEAR, "Army recruitment (contracts, "
                  "conscripts and mobilised)", default=25.0, bounds=(0.0, 300.0),
                  display=KP_MONTH, source="peacetime: routine turnover of a 1.0 mn army")
    dm = r.input("demobilisation_rate", r"\delta_m", PER_YEAR,
                 "Share of soldiers demobilised per year", default=0.0, bounds=(0.0, 4.0),
                 source="policy")
    dis = r.input("discharge_rate", r"\delta_s", PER_YEAR,
                  "Routine discharges (conscripts, ending contracts) per soldier per year",
                  default=0.3, bounds=(0.0, 2.0),
                  source="12-month conscription; contracts frozen in wartime (2022 decree)")
    cas = r.input("casualty_rate", r"c_s", PER_YEAR,
                  "Casualties (killed or permanently disabled) per soldier per year",
                  default=0.0, bounds=(0.0, 1.0), source="0 in peacetime")
    beta = r.input("soldier_pay_ratio", r"\beta_s", ONE,
                   "Average soldier pay relative to the average civilian wage", default=0.8,
                   bounds=(0.1, 6.0), source="pre-war military pay ~0.8 of the average wage")
    bonus = r.input("signing_bonus", r"b_s", MONTHS,
                    "Signing bonus per recruit, in months of the average wage", default=0.0,
                    bounds=(0.0, 60.0), source="0 before the war")
    p_oil = r.input("oil_price", r"p_o", USD_BBL, "Benchmark (Brent) oil price",
                    default=71.0, bounds=(5.0, 250.0), source="Brent average 2021")
    disc = r.input("oil_discount", r"d_o", USD_BBL,
                   "Discount of the export blend to the benchmark, before sanctions' "
                   "own effect", default=2.5, bounds=(0.0, 80.0),
                   source="Urals–Brent spread 2021 (Finance Ministry)")
    v_oil = r.input("oil_exports", r"v_o", MBD, "Crude and product export volume",
                    default=7.5, bounds=(0.0, 20.0), source="IEA: ~7.5 mb/d (2021)")
    z_new = r.input("sanctions_new", r"z^{+}", DESIG_YEAR, "New sanctions designations",
                    default=0.0, bounds=(0.0, 100000.0), source="Castellum.AI")
    z_rel = r.input("sanctions_relief", r"z^{-}", PER_YEAR,
                    "Share of designations lifted per year", default=0.0, bounds=(0.0, 4.0),
                    source="policy")
    pi_t = r.input("inflation_target", r"\pi^{*}", PER_YEAR, "Central bank inflation target",
                   default=4.0, bounds=(0.0, 30.0), display=PCT_YEAR,
                   source="Bank of Russia target 4%")
    risk = r.input("war_risk", r"w", ONE,
                   "War risk households face (1 at war, 0 at peace): drives precautionary "
                   "money holdings", default=0.0, bounds=(0.0, 1.0), source="scenario")
    ration = r.input("rationing", r"\varrho", ONE,
                     "Share of desired private spending that cannot be carried out "
                     "(rationing, shortages); it is saved as money instead",
                     default=0.0, bounds=(0.0, 90.0), display=PCT,
                     source="0 in Russia; wartime Britain rationed consumption")
    chi = r.input("conversion_share", r"\chi", ONE,
                  "Share of defence-industry leavers moved straight into civilian jobs "
                  "(conversion programmes)", default=0.0, bounds=(0.0, 1.0), source="policy")

    # --------------------------------------------------------------- parameters
    r.begin("parameters")
    y0 = r.parameter("base_gdp", r"Y_0", TN_YEAR, "Real trend GDP at the start (base-year "
                     "prices)", default=135.8, bounds=(1.0, 1e6),
                     source="Rosstat: nominal GDP 2021 135.8 tn RUB")
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
    rho_n = r.parameter("inactive_reentry_rate", r"\rho_N", PER_YEAR,
                        "Rate at which the inactive return to job search", default=0.15,
                        bounds=(0.0, 1.0), source="assumption")
    a_dr = r.parameter("defence_productivity_ratio", r"a_{dr}", ONE,
                       "Output per defence worker relative to a civilian worker",
                       default=0.98, bounds=(0.5, 1.5), source="pre-war defence employment "
                       "~2.5 mn (RUSI)")
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
                        "Weight of the target in inflation expectations", default=0.3,
                        bounds=(0.0, 0.95), source="assumption")
    pi_f = r.parameter("foreign_inflation", r"\pi_f", PER_YEAR,
                       "Inflation of foreign (USD) prices", default=2.0, bounds=(-2.0, 10.0),
                       display=PCT_YEAR, source="US CPI trend")
    g_a = r.parameter("productivity_growth", r"g_a", PER_YEAR, "Trend labour productivity "
                      "growth", default=1.0, bounds=(-1.0, 4.0), display=PCT_YEAR,
                      source="Rosstat 2010s average")
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
    r_n = r.parameter("neutral_real_rate", r"r_n", PER_YEAR, "Neutral real interest rate",
                      default=3.0, bounds=(0.0, 8.0), display=PCT_YEAR,
                      source="Bank of Russia 2–3% (2021)")
    phi_pi = r.parameter("rule_inflation", r"\phi_\pi", ONE,
                         "Key-rate response to inflation above target", default=1.5,
                         bounds=(1.05, 4.0), source="Taylor principle")
    phi_u = r.parameter("rule_unemployment", r"\phi_u", PER_YEAR,
                        "Key-rate response to unemployment below its natural rate",
                        default=1.0, bounds=(0.0, 5.0), source="assumption")
    tau_i = r.parameter("rate_smoothing", r"\tau_i", YEARS,
                        "Adjustment time of the key rate to its rule", default=0.4,
                        bounds=(0.1, 2.0), source="assumption")
    i_fl = r.parameter("rate_floor", r"i_{fl}", PER_YEAR, "Effective lower bound of the key "
                       "rate", default=0.25, bounds=(0.0, 5.0), display=PCT_YEAR,
                       source="assumption")
    mu_m = r.parameter("import_propensity", r"\mu_m", ONE,
                       "Imports per unit of domestic absorption at base relative prices",
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
                      source="Bank of Russia: exports 494 bn USD (2021) less oil")
    eps_x = r.parameter("export_price_elasticity", r"\varepsilon_x", ONE,
                        "Elasticity of non-oil exports to the real exchange rate",
                        default=0.5, bounds=(0.0, 2.0), source="assumption")
    psi_z = r.parameter("sanctions_discount", r"\psi_z", USD_BBL,
                        "Widening of the oil discount per unit of sanctions intensity",
                        default=4.0, bounds=(0.0, 20.0), source="assumption")
    th_ca = r.parameter("fx_balance_response", r"\theta_b", PER_YEAR,
                        "Depreciation per year per unit of balance-of-payments shortfall "
                        "(share of GDP)", default=2.0, bounds=(0.1, 10.0), source="assumption")
    ca_n = r.parameter("reserve_accumulation_norm", r"b_n", ONE,
                       "Official reserve accumulation at which the currency is stable, share "
                       "of GDP", default=1.6, bounds=(-1.0, 4.0), display=PCT,
                       source="2021 balance of payments, balanced at the defaults")
    k_f = r.parameter("capital_outflow_ratio", r"\kappa_f", ONE,
                      "Private capital outflow per unit of expected income at the neutral "
                      "rate", default=0.074, bounds=(0.045, 0.1),
                      source="Bank of Russia: private outflow 2021")
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
                        "real GDP)", default=68.5, bounds=(5.0, 250.0),
                        source="Urals average 2021 (Finance Ministry)")
    p_b = r.parameter("oil_base_price", r"p_b", USD_BBL,
                      "Base price of the fiscal rule (revenue above it is saved)",
                      default=45.0, bounds=(10.0, 150.0), source="Budget Code: ~43–60 USD")
    rho_w = r.parameter("windfall_saving", r"\rho_w", ONE,
                        "Share of oil windfall taxes saved in the reserve fund",
                        default=0.8, bounds=(0.0, 1.0), source="fiscal rule")
    zeta = r.parameter("fund_deficit_share", r"\zeta", ONE,
                       "Share of the deficit financed from the reserve fund while it lasts",
                       default=0.3, bounds=(0.0, 1.0), source="assumption")
    r_h = r.parameter("fund_buffer", r"r_h", ONE, "Reserve-fund size, share of a year's "
                      "nominal trend GDP, at which fiscal stress is one half", default=0.37,
                      bounds=(0.05, 10.0), display=PCT, source="assumption")
    tau_r = r.parameter("fund_drawdown_time", r"\tau_R", YEARS,
                        "Shortest time in which the reserve fund can be run down",
                        default=0.5, bounds=(0.25, 2.0), source="assumption")
    xi = r.parameter("forced_cut", r"\xi", ONE,
                     "Share of defence procurement cut when the reserve fund is exhausted",
                     default=0.3, bounds=(0.0, 1.0), source="assumption")

    # ----------------------------------------------------------- stocks (state)
    r.begin("labour")
    e_c = r.stock("civilian_employment", r"E_c", MP, "Civilian employment", initial=67600.0,
                  display=KP, source="Rosstat LFS 2021: 71.7 mn employed less defence")
    e_d = r.stock("defence_workers", r"E_d", MP, "Defence-industry employment", initial=2500.0,
                  display=KP, source="RUSI: ~2.5 mn pre-war")
    s = r.stock("soldiers", r"S", MP, "Soldiers (armed forces personnel)", initial=1000.0,
                display=KP, source="authorised strength ~1.0 mn (2017 decree)")
    v = r.stock("veterans_waiting", r"V", MP, "Demobilised veterans awaiting reintegration",
                initial=0.0, display=KP, source="none before the war")
    u = r.stock("unemployed", r"U", MP, "Unemployed job seekers", initial=3400.0, display=KP,
                source="Rosstat: unemployment 4.8% (2021)")
    n = r.stock("inactive", r"N", MP, "Out of the labour force because of the war "
                "(veterans who left)", initial=0.0, display=KP, source="none before the war")
    kk = r.stock("casualties", r"K", MP, "Cumulative casualties (killed or permanently "
                 "disabled)", initial=0.0, display=KP, growth="accumulator",
                 source="none before the war")

    r.begin("prices")
    w = r.stock("nominal_wage", r"W", WAGE, "Average nominal wage", initial=57.2,
                growth="wage", source="Rosstat: 57,244 RUB a month (2021)")
    p_d = r.stock("domestic_prices", r"P_d", INDEX, "Price level of domestic output",
                  initial=1.0, growth="price", source="normalisation")
    p_m = r.stock("import_prices", r"P_m", INDEX, "Consumer price level of imports",
                  initial=1.0, growth="price", source="normalisation")
    pi_e = r.stock("expected_inflation", r"\pi^e", PER_YEAR, "Expected inflation",
                   initial=4.0, bounds=(None, None), display=PCT_YEAR, source="target")
    i = r.stock("key_rate", r"i", PER_YEAR, "Central bank key rate", initial=4.25,
                display=PCT_YEAR, source="Bank of Russia: 4.25% (Jan 2021)")
    x = r.stock("exchange_rate", r"X", FX, "Exchange rate, LCU per USD", initial=73.7,
                growth="fx", source="Bank of Russia: 73.7 RUB/USD (2021 average)")
    p_f = r.stock("foreign_prices", r"P_f", INDEX, "Foreign (USD) price level",
                  initial=1.0, growth="foreign", source="normalisation")
    a = r.stock("productivity", r"a", PROD, "Civilian labour productivity at base prices",
                initial=1.726, growth="productivity",
                source="2021 civilian output / civilian employment")
    kc = r.stock("civilian_capacity", r"K_c", TN_YEAR,
                 "Civilian productive capacity (output at normal utilisation, base prices)",
                 initial=116.7, growth="productivity",
                 source="2021 civilian non-oil output at the defaults")
    zz = r.stock("sanctions", r"Z", DESIG, "Sanctions designations in force", initial=2695.0,
                 growth="accumulator", source="Castellum.AI: 2,695 pre-invasion")

    unpriced = r.stock("sanctions_unpriced", r"\sigma_u", ONE,
                       "Sanctions intensity not yet priced into the currency", initial=0.0,
                       bounds=(None, None), source="pre-war sanctions fully priced")

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
                 "Private foreign assets accumulated since the start, at book value",
                 initial=0.0, growth="nominal", source="start of accounting")
    yp = r.stock("expected_income", r"Y^e", TN_YEAR, "Households' expected gross income",
                 initial=128.3, growth="nominal", source="2021 income, balanced at defaults")

    x0, pf0, pd0, a0, z0, w0 = (sp.Symbol(f"{q.name}_0", real=True) for q in (
        r.quantities["exchange_rate"], r.quantities["foreign_prices"],
        r.quantities["domestic_prices"], r.quantities["productivity"],
        r.quantities["sanctions"], r.quantities["nominal_wage"]))

    # ------------------------------------------------------------- external
    r.begin("external")
    sig_z = r.aux("sanctions_intensity", r"\sigma_z", ONE, "Sanctions intensity",
                  log(1 + zz / z_s))
    sig_z0 = log(1 + z0 / z_s)
    dsig = r.aux("sanctions_intensity_change", r"\dot\sigma_z", PER_YEAR,
                 "Rate of change of sanctions intensity", (z_new - z_rel * zz) / (zz + z_s))
    q = r.aux("real_exchange_rate", r"q", INDEX, "Real exchange rate (up = weaker LCU)",
              (x / x0) * (p_f / pf0) / (p_d / pd0))
    q_m = r.aux("import_relative_price", r"q_m", INDEX,
                "Relative price of imports including the sanctions premium",
                q * (1 + tau_z * sig_z) / (1 + tau_z * sig_z0))
    p_x = r.aux("export_oil_price", r"p_x", USD_BBL, "Realised export price of oil",
                softplus(p_oil - disc - psi_z * (sig_z - sig_z0), s_oil))
    ex_o = r.aux("oil_exports_usd", r"X_o", BNUSD_YEAR, "Oil export revenue",
                 v_oil * p_x * dpy / mpb)
    ex_n = r.aux("nonoil_exports_usd", r"X_n", BNUSD_YEAR, "Non-oil export revenue",
                 x_n * (p_f / pf0) * q**eps_x)

    r.begin("fiscal")
    trend = r.aux("trend_gdp", r"Y^T", TN_YEAR, "Trend real GDP", y0 * a / a0)
    buffer = r_h * p_d * trend * one_year
    stress = r.aux("fiscal_stress", r"f_s", ONE, "Fiscal stress (1 when the fund is empty)",
                   buffer / (rf + buffer))
    gd_real = r.aux("procurement_real", r"G_d", TN_YEAR, "Real defence procurement",
                    g_d * trend * (1 - xi * stress))
    gc_real = r.aux("civil_purchases_real", r"G_c", TN_YEAR,
                    "Real civilian government purchases", g_c * trend)
    labour_force = r.aux("labour_force", r"L", MP, "Civilian labour force", e_c + e_d + u + v)
    urate = r.aux("unemployment_rate", r"u", ONE, "Unemployment rate (unemployed and "
                  "waiting veterans over the civilian labour force)", (u + v) / labour_force,
                  display=PCT)
    cpi = r.aux("cpi", r"P", INDEX, "Consumer price index",
                p_d ** (1 - alpha) * p_m ** alpha)
    pay = r.flow("soldier_pay", r"G_s", TN_YEAR, "Soldiers' pay",
                 beta * w * s * mpy / bpt, payer="government", payee="households")
    bon = r.flow("signing_bonuses", r"G_b", TN_YEAR, "Signing bonuses paid to recruits",
                 bonus * w * rec / bpt, payer="government", payee="households")
    ben = r.flow("benefits", r"G_u", TN_YEAR, "Benefits to the unemployed and waiting veterans",
                 b_u * w * (u + v) * mpy / bpt, payer="government", payee="households")
    proc = r.flow("procurement", r"P_d G_d", TN_YEAR, "Defence procurement, nominal",
                  p_d * gd_real, payer="government", payee="firms")
    civ = r.flow("civil_purchases", r"P_d G_c", TN_YEAR, "Civilian purchases, nominal",
                 p_d * gc_real, payer="government", payee="firms")
    oil_tax = r.flow("oil_taxes", r"T_o", TN_YEAR, "Oil taxes", tau_o * x * ex_o / bpt,
                     payer="firms", payee="government")
    windfall = r.aux("oil_windfall", r"\Omega", TN_YEAR,
                     "Oil taxes above (below) the fiscal rule's base price",
                     rho_w * tau_o * x * v_oil * (p_x - p_b) * dpy / mpb / bpt)

    r.begin("demand")
    real_rate = r.aux("real_rate", r"r", PER_YEAR, "Real key rate", i - pi_e,
                      display=PCT_YEAR)
    m_star = r.aux("money_demand", r"M^d", TN, "Money households want to hold",
                   k_m * yp * exp(eta * (i - r_n - pi_t) + eta_w * risk))
    propensity = r.aux("spending_propensity", r"c", ONE,
                       "Share of expected disposable income spent: c_y at the neutral rate, "
                       "tending to 1 (never more) as the real rate falls and to 0 as it rises",
                       c_y / (c_y + (1 - c_y) * exp(sig_r * (real_rate - r_n))))
    cons = r.flow("private_spending", r"C", TN_YEAR,
                  "Private spending (consumption and investment), nominal",
                  (1 - ration) * (propensity * (1 - tau_h) * yp + lam * (m - m_star)),
                  payer="households", payee="firms")
    imports = r.flow("imports", r"I_m", TN_YEAR, "Imports, nominal",
                     mu_m * (cons + proc + civ) * q_m ** (1 - eps_m),
                     payer="firms", payee="rest_of_world")
    exports = r.flow("exports", r"X_x", TN_YEAR, "Exports, nominal",
                     x * (ex_o + ex_n) / bpt, payer="rest_of_world", payee="firms")
    wb_c = r.flow("civilian_wages", r"W_c", TN_YEAR, "Civilian wage bill", w * e_c * mpy / bpt,
                  payer="firms", payee="households")
    wb_d = r.flow("defence_wages", r"W_d", TN_YEAR, "Defence-industry wage bill",
                  w * e_d * mpy / bpt, payer="firms", payee="households")
    profits = r.flow("profits", r"\Pi", TN_YEAR, "Distributed profits",
                     cons + proc + civ + exports - wb_c - wb_d - imports - oil_tax,
                     payer="firms", payee="households")
    income = r.aux("household_income", r"Y_h", TN_YEAR, "Household gross income",
                   wb_c + wb_d + profits + pay + bon + ben)
    taxes = r.flow("household_taxes", r"T_h", TN_YEAR, "Non-oil taxes", tau_h * income,
                   payer="households", payee="government")
    outflow = r.aux("capital_outflow", r"K_f", TN_YEAR,
                    "Private capital outflow (households buy foreign assets out of their "
                    "money, so it dries up when money does)",
                    k_f * yp * exp(-th_r * (real_rate - r_n)) * m / (m + k_m * yp / 10))
    saving = r.aux("household_saving", r"S_h", TN_YEAR, "Household saving",
                   income - taxes - cons)
    deficit = r.aux("deficit", r"D", TN_YEAR, "Government deficit",
                    proc + civ + pay + bon + ben - taxes - oil_tax)
    ca = r.aux("current_account", r"CA", TN_YEAR, "Current account", exports - imports)
    gdp_nom = r.aux("gdp_nominal", r"Y_n", TN_YEAR, "Nominal GDP",
                    cons + proc + civ + pay + exports - imports)
    oil_real = r.aux("oil_exports_real", r"X_o^r", TN_YEAR,
                     "Oil exports at base-year prices (volume times the reference price)",
                     v_oil * p_ref * dpy / mpb * x0 / bpt)
    r.aux("gdp_real", r"Y", TN_YEAR, "Real GDP (base-year prices; oil at the "
                "reference price, so oil prices move real income, not real output)",
                cons / cpi + gd_real + gc_real + pay / cpi + oil_real
                + x * ex_n / bpt / ((x / x0) * (p_f / pf0)) - imports / (q_m * p_d))
    ycl = r.aux("civilian_demand", r"Y_c", TN_YEAR, "Real demand for civilian non-oil output",
                cons / cpi + gc_real + x * ex_n / bpt / ((x / x0) * (p_f / pf0))
                - imports / (q_m * p_d))
    util = r.aux("civilian_utilisation", r"u_c", ONE,
                 "Civilian demand over civilian productive capacity", ycl / kc)
    r.aux("defence_share", r"s_d", ONE, "Defence spending (procurement, pay and bonuses) "
          "over nominal GDP", (proc + pay + bon) / gdp_nom, display=PCT)
    r.aux("monetary_overhang", r"O", ONE, "Broad money above normal demand, share of "
          "nominal GDP", (m - k_m * yp) / (gdp_nom * one_year), display=PCT)

    # ---------------------------------------------------------------- labour flows
    r.begin("labour")
    seekers = r.aux("job_seekers", r"J", MP, "Effective civilian job seekers", u + rho_v * v)
    fill = r.aux("hiring_fill", r"h", ONE, "Share of desired hires that are made",
                 seekers / (seekers + jh * labour_force))
    gap_c = r.aux("civilian_hiring_gap", r"F_c", MP_YEAR, "Desired net civilian hiring",
                  (ycl / a - e_c) / tau_c)
    gap_d = r.aux("defence_hiring_gap", r"F_d", MP_YEAR, "Desired net defence hiring",
                  (gd_real / (a_dr * a) - e_d) / tau_d)
    hires_c = r.aux("civilian_hires", r"H_c", MP_YEAR,
                    "Civilian hires: turnover replacement plus net hiring, both limited by "
                    "matching (so unemployment cannot fall below its frictional floor)",
                    (softplus(gap_c, s_f * labour_force) + sep * e_c) * fill)
    pool_d = u + eps * e_c
    hires_d = r.aux("defence_hires", r"H_d", MP_YEAR, "Defence-industry hires",
                    softplus(gap_d, s_f * labour_force) + sep * e_d)
    leave_d = r.aux("defence_leavers", r"Q_d", MP_YEAR, "Defence-industry separations",
                    softplus(-gap_d, s_f * labour_force) + sep * e_d)
    r.flow("hires_unemployed_to_civilian", r"H_{uc}", MP_YEAR, "Civilian hires of unemployed",
           hires_c * u / seekers, frm=u, to=e_c)
    r.flow("hires_veterans_to_civilian", r"H_{vc}", MP_YEAR, "Civilian hires of veterans",
           hires_c * rho_v * v / seekers, frm=v, to=e_c)
    r.flow("separations_civilian", r"Q_c", MP_YEAR, "Civilian separations into unemployment",
           softplus(-gap_c, s_f * labour_force) + sep * e_c, frm=e_c, to=u)
    r.flow("hires_unemployed_to_defence", r"H_{ud}", MP_YEAR,
           "Defence hires of unemployed", hires_d * u / pool_d, frm=u, to=e_d)
    r.flow("hires_civilian_to_defence", r"H_{cd}", MP_YEAR,
           "Defence hires of civilian workers", hires_d * eps * e_c / pool_d, frm=e_c, to=e_d)
    r.flow("conversion_to_civilian", r"Q_{dc}", MP_YEAR,
           "Defence leavers moved into civilian jobs", chi * leave_d, frm=e_d, to=e_c)
    r.flow("layoffs_defence", r"Q_{du}", MP_YEAR, "Defence leavers into unemployment",
           (1 - chi) * leave_d, frm=e_d, to=u)
    r.flow("recruits_unemployed", r"R_u", MP_YEAR, "Recruits from the unemployed",
           rec * u / pool_d, frm=u, to=s)
    r.flow("recruits_employed", r"R_c", MP_YEAR, "Recruits from civilian jobs",
           rec * eps * e_c / pool_d, frm=e_c, to=s)
    r.flow("casualty_flow", r"C_s", MP_YEAR, "Casualties", cas * s, frm=s, to=kk)
    r.flow("demobilisation", r"D_s", MP_YEAR, "Soldiers demobilised into reintegration",
           dm * s, frm=s, to=v)
    r.flow("discharges", r"Q_s", MP_YEAR, "Routine discharges into job search", dis * s,
           frm=s, to=u)
    r.flow("veterans_leaving", r"N_v", MP_YEAR, "Waiting veterans leaving the labour force",
           nu * v, frm=v, to=n)
    r.flow("reentry", r"N_u", MP_YEAR, "Inactive returning to job search", rho_n * n,
           frm=n, to=u)
    for pool in (e_c, e_d, s, v, u, n, kk):
        r.set_rate(pool, r.pool_rate(pool))

    # ------------------------------------------------------------------- prices
    r.begin("prices")
    wage_inf = r.aux("wage_inflation", r"\omega", PER_YEAR, "Nominal wage growth",
                     pi_e + g_a + phi_w * log(u_n * labour_force / seekers),
                     display=PCT_YEAR)
    share = r.aux("wage_share", r"\varsigma", ONE, "Wages over civilian output at base prices",
                  w * mpy / (bpt * p_d * a))
    share0 = w0 * mpy / (bpt * pd0 * a0)
    dom_inf = r.aux("domestic_inflation", r"\pi_d", PER_YEAR, "Domestic price inflation",
                    pi_e + kap_u * log(util) + kap_w * log(share / share0), display=PCT_YEAR)
    imp_inf = r.aux("import_inflation", r"\pi_m", PER_YEAR, "Consumer import price inflation",
                    log(q_m * p_d / p_m) / tau_m, display=PCT_YEAR)
    infl = r.aux("inflation", r"\pi", PER_YEAR, "CPI inflation (instantaneous)",
                 (1 - alpha) * dom_inf + alpha * imp_inf, display=PCT_YEAR)
    rule = r.aux("key_rate_rule", r"i^*", PER_YEAR, "Key rate the policy rule asks for",
                 i_fl + softplus(r_n + pi_e + phi_pi * (infl - pi_t) + phi_u * (u_n - urate)
                                 - i_fl, s_rate), display=PCT_YEAR)
    bop = r.aux("reserve_accumulation", r"b", ONE, "Official reserve accumulation (current "
                "account less private outflow), share of GDP", (ca - outflow) / gdp_nom,
                display=PCT)
    r.set_rate(w, wage_inf * w)
    r.set_rate(p_d, dom_inf * p_d)
    r.set_rate(p_m, imp_inf * p_m)
    r.set_rate(pi_e, ((1 - theta) * infl + theta * pi_t - pi_e) / tau_e)
    r.set_rate(i, (rule - i) / tau_i)
    r.set_rate(x, x * (dom_inf - pi_f + th_ca * (ca_n - bop) + th_z * unpriced / tau_p))
    r.set_rate(unpriced, dsig - unpriced / tau_p)
    r.set_rate(p_f, pi_f * p_f)
    r.set_rate(a, a * (g_a - sig_a * dsig))
    r.set_rate(zz, z_new - z_rel * zz)
    r.set_rate(kc, kc * (g_a - sig_a * dsig) + (ycl - kc) / tau_k)

    # -------------------------------------------------------------------- money
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    wanted = r.aux("fund_call", r"R^{d}", TN_YEAR,
                   "Drawdown the budget asks of the reserve fund (shortfall of oil taxes "
                   "below the base price plus its share of the deficit)",
                   softplus(-windfall, s_fund * p_d * trend)
                   + zeta * softplus(deficit, s_fund * p_d * trend))
    drawn = r.aux("fund_drawdown", r"R^-", TN_YEAR,
                  "Reserve-fund drawdown: the call, limited to emptying the fund in tau_R "
                  "(harmonic mean, smooth and never below zero)",
                  wanted * (rf / tau_r) / (wanted + rf / tau_r))
    r.set_rate(m, saving - outflow)
    r.set_rate(fp, outflow)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - outflow)
    r.set_rate(yp, (income - yp) / tau_y)

    sector_saving = {
        "households": income - taxes - cons,
        "firms": cons + proc + civ + exports - wb_c - wb_d - imports - oil_tax - profits,
        "government": taxes + oil_tax - proc - civ - pay - bon - ben,
        "rest_of_world": imports - exports,
    }
    # Banks hold government debt and official reserves against deposits and the fund.
    balance_sheet = m + rf - b - fb
    invariants = {
        "people": e_c + e_d + s + v + u + n + kk,
        "bank_balance_sheet": balance_sheet,
    }
    # Net financial assets of each sector: their changes are the sectors' net lending. Each
    # stock is an asset of one sector and a liability of another, so they sum to zero.
    sector_assets = {
        "households": m + fp,
        "firms": sp.Integer(0),
        "government": rf - b,
        "banks": -balance_sheet,
        "rest_of_world": -fb - fp,
    }
    return r.build(SECTORS, sector_saving, sector_assets, balance_sheet, invariants)


#: Parameters that set the size of the economy; a calibration sets them together with the
#: initial stocks, so their ranges span economies, not the uncertainty about one economy.
SCALE_PARAMETERS = ("base_gdp", "nonoil_exports")

#: Names of the reference values (initial stocks) that equations may use.
REFERENCES = ("exchange_rate", "foreign_prices", "domestic_prices", "productivity",
              "sanctions", "nominal_wage")
