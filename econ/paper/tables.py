r"""The tables of a paper, as LaTeX strings, from :class:`~peacetrap.paper.results.PaperResults`.

Each function returns a :class:`~peacetrap.paper.booktabs.Table` (or, for the
parameter table printed by :mod:`peacetrap.core.latex`, a :class:`LatexTable`):
call ``.latex()`` for the LaTeX string and ``.csv_frame()`` for the numbers it
shows.  Tables use ``booktabs`` rules, put units in the headers (or, where
rows differ in unit, in the row label) and round every number as
:mod:`peacetrap.paper.format` says.

Examples
--------
>>> from peacetrap.paper.results import compute
>>> from peacetrap.paper.tables import scenarios_table
>>> res = compute()                                    # doctest: +SKIP
>>> print(scenarios_table(res).latex())                # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peacetrap.core.latex import escape_latex, parameter_table_latex
from peacetrap.paper.format import HEADLINES, IMPACTS, Quantity, number_latex, variable
from peacetrap.paper.booktabs import MATH, RAW, ROW, TEXT, Table

if TYPE_CHECKING:
    from peacetrap.paper.results import PaperResults

#: Headline numbers shown in the scenarios table (the CSV holds all of them).
SCENARIO_COLUMNS = ["gdp_trough_pct_vs_baseline", "unemployment_peak_pct",
                    "inflation_peak_pct", "inflation_peak_pct_vs_baseline", "key_rate_peak_pct",
                    "rub_per_usd_peak", "veterans_unemployed_peak_thousands"]

#: Headline numbers of the uncertainty table.
UNCERTAINTY_ROWS = ["gdp_trough_pct_vs_baseline", "unemployment_peak_pct", "inflation_peak_pct",
                    "inflation_peak_pct_vs_baseline", "key_rate_peak_pct", "rub_per_usd_peak",
                    "veterans_unemployed_peak_thousands"]

#: Differences decomposed in the decomposition table: (variable, extreme, what).
DECOMPOSED = [("gdp_real_index", "min", "trough of the gap"),
              ("unemployment_rate_pct", "max", "peak of the difference"),
              ("cpi_inflation_yoy_pct", "max", "peak of the difference"),
              ("key_rate_pct", "max", "peak of the difference")]

#: The essay's appendix: rows (timeline variable, label) and the impact each row carries.
APPENDIX_ROWS = [
    ("defence_share_gdp_pct", "Defence spending (% of GDP)", "recession"),
    ("casualties_cumulative_thousands", "Casualties, cumulative (thousand)", "social_unrest"),
    ("sanctions_count", "Sanctions (designations)", "elite"),
    ("rub_per_usd", "Exchange rate (RUB per USD)", "inflation_shock"),
]


@dataclass
class LatexTable:
    """A table whose LaTeX another module prints (the parameter table of :mod:`peacetrap.core.latex`)."""

    name: str
    frame: pd.DataFrame
    text: str
    caption: str = ""

    def latex(self) -> str:
        return self.text

    def csv_frame(self) -> pd.DataFrame:
        return self.frame


def _p(width: float) -> str:
    """A ragged-right paragraph column ``width`` line widths wide (needs ``array``)."""
    return r">{\raggedright\arraybackslash}p{" + f"{width:g}" + r"\linewidth}"


def _two_lines(label: str) -> tuple[str, str]:
    """Split a header label into two lines at the space nearest its middle."""
    words = escape_latex(label).split()
    if len(words) < 2:
        return " ".join(words), ""
    best = min(range(1, len(words)),
               key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]), " ".join(words[best:])


def _headline_header(top: list[str], second: list[str], units: list[str],
                     keys: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Header rows (label on two lines, unit) for headline columns after the first ones."""
    top, second, units = list(top), list(second), list(units)
    for k in keys:
        q = HEADLINES[k]
        a, b = _two_lines(q.short or q.label)
        top.append(a)
        second.append(b)
        units.append(_unit_header(q))
    return top, second, units


def _unit_header(q: Quantity) -> str:
    return f"({escape_latex(q.unit)})" if q.unit else ""


# ------------------------------------------------------------------ parameters
def parameters_table(res: PaperResults) -> LatexTable:
    """Every parameter: symbol, description, value (the paper's calibration), unit, source.

    The LaTeX is :func:`peacetrap.core.latex.parameter_table_latex` (a ``longtable``,
    values with six significant digits); the CSV holds the same rows in the
    same order with the full values.
    """
    model, cal = res.model, res.calibration
    spec = model.spec
    rows = []
    for q in spec.parameters:
        v = float(cal.values[q.name]) if q.name in cal.values else q.default_value
        rows.append({"symbol": q.latex, "description": q.description, "value": v,
                     "unit": q.shown_unit, "source": q.source, "parameter": q.name,
                     "calibrated": q.name in cal.values})
    frame = pd.DataFrame(rows)
    text = parameter_table_latex(spec, dict(cal.values))
    head = ("% peacetrap paper: table 'parameters' (printed by peacetrap.core.latex). Generated; "
            "do not edit.\n% Every value is in tables/parameters.csv (same rows, same order).\n")
    return LatexTable("parameters", frame, head + text,
                      "Parameters of the model in the paper's calibration")


# ----------------------------------------------------------------- calibration
def _period_text(period: str, stat: str) -> str:
    how = {"mean": "average", "end": "end of year", "growth_mean": "growth, average",
           "growth_end": "growth, Q4 on Q4", "quarter": "end of quarter"}.get(stat, stat)
    return f"{period} ({how})"


def _target_quantity(name: str, stat: str) -> Quantity:
    q = variable(name)
    if stat.startswith("growth"):
        return Quantity(f"{q.label}, growth", "%", 2)
    return q


def calibration_table(res: PaperResults, fit: pd.DataFrame | None = None) -> Table:
    """Fit of the calibration: target, period, target value, model value, error (%), kind."""
    fit = res.fit if fit is None else fit
    rows = []
    for _, r in fit.iterrows():
        q = _target_quantity(r["target"], r["stat"])
        label = f"{q.label} ({q.unit})" if q.unit else q.label
        rows.append({"target": label, "period": _period_text(str(r["period"]), r["stat"]),
                     "target_value": float(r["target_value"]),
                     "model_value": float(r["model_value"]),
                     "error_pct": 100.0 * float(r["rel_error"]), "kind": r["kind"],
                     "decimals": q.decimals, "variable": r["target"], "stat": r["stat"],
                     "within_tolerance": bool(r["within_tolerance"]),
                     "source": r["source"]})
    cells = pd.DataFrame(rows)
    sources = sorted({str(s).split(":")[0].strip() for s in fit["source"]})
    notes = (r"Error: (model $-$ target) / $|$target$|$. Kind: \emph{endogenous}, produced "
             r"by the model's behaviour (a parameter moves it); \emph{input}, set by a history "
             r"input path; \emph{initial}, an initial condition. Sources: "
             + escape_latex("; ".join(sources)) + ".")
    return Table(
        name="calibration", cells=cells,
        columns=["target", "period", "target_value", "model_value", "error_pct", "kind"],
        formats={"target": TEXT, "period": TEXT, "target_value": ROW, "model_value": ROW,
                 "error_pct": 2, "kind": TEXT},
        header=[["Target", "Period", "Target", "Model", "Error", "Kind"],
                ["", "", "", "", "(\\%)", ""]],
        align="l l r r r l", notes=notes,
        caption="Fit of the calibration to its targets")


# ------------------------------------------------------------------- scenarios
def scenarios_table(res: PaperResults) -> Table:
    """Headline numbers of every scenario against the baseline (one row per scenario)."""
    h = res.comparison.headlines
    base = res.baseline.name
    rows = []
    for name, r in h.iterrows():
        row = {"scenario": name + (" (baseline)" if name == base else "")}
        for k in HEADLINES:
            v = r[k]
            if k.endswith("_quarter"):
                row[k] = None if v is None or (name == base and k in (
                    "gdp_trough_quarter", "unemployment_excess_peak_quarter",
                    "inflation_excess_peak_quarter")) else str(v)
            elif name == base and k in ("gdp_trough_pct_vs_baseline",
                                        "inflation_peak_pct_vs_baseline"):
                row[k] = np.nan
            else:
                row[k] = np.nan if v is None or pd.isna(v) else float(v)
        row["name"] = name
        rows.append(row)
    cells = pd.DataFrame(rows)
    fmts: dict[str, int | str] = {"scenario": TEXT}
    for k in SCENARIO_COLUMNS:
        fmts[k] = TEXT if k.endswith("_quarter") else HEADLINES[k].decimals
    top, second, units = _headline_header(["Scenario"], [""], [""], SCENARIO_COLUMNS)
    notes = (rf"Each scenario against the baseline ({escape_latex(base)}), "
             rf"{res.start} to {res.start + res.settings.quarters - 1}. "
             r"GDP trough: deepest gap of real GDP to the baseline; inflation excess: largest "
             r"excess of CPI inflation (y/y) over the baseline's; peaks and troughs are "
             r"extremes over the first 12 scenario quarters (a series still moving in the "
             r"12th quarter has no peak: --).")
    return Table(name="scenarios", cells=cells, columns=["scenario"] + SCENARIO_COLUMNS,
                 formats=fmts, header=[top, second, units],
                 align="l" + " r" * len(SCENARIO_COLUMNS),
                 notes=notes, caption="Headline numbers of the scenarios")


# --------------------------------------------------------------- decomposition
def decomposition_table(res: PaperResults) -> Table:
    """Channel contributions (Shapley values) at the extremes of scenario minus baseline."""
    dec = res.decomposition
    channels = list(dec.channels)
    rows = []
    for var, how, what in DECOMPOSED:
        if var not in dec.difference.columns:
            continue
        d = dec.difference[var]
        quarter = d.idxmin() if how == "min" else d.idxmax()
        q = variable(var)
        unit = "index points" if var == "gdp_real_index" else "pp"
        row: dict[str, object] = {"what": f"{q.short or q.label}, {what} ({unit})",
                                  "quarter": str(quarter)}
        for ch in channels:
            row[ch] = float(dec.contributions[ch].loc[quarter, var])
        row["total"] = float(d.loc[quarter])
        row["variable"] = var
        rows.append(row)
    cells = pd.DataFrame(rows)
    cols = ["what", "quarter"] + channels + ["total"]
    fmts: dict[str, int | str] = {"what": TEXT, "quarter": TEXT, **{c: 2 for c in channels}, "total": 2}
    header = [["Difference", "Quarter"] + [escape_latex(c.capitalize()) for c in channels]
              + ["Total"]]
    notes = (rf"{escape_latex(dec.scenario.name)} minus {escape_latex(dec.baseline.name)}, "
             r"at the quarter of its extreme. Contributions are exact Shapley values over "
             r"switching each channel's inputs from the baseline's paths to the scenario's; "
             r"they add up to the total. Channels: "
             + "; ".join(rf"\emph{{{escape_latex(ch)}}}: "
                         + escape_latex(", ".join(inputs).replace("_", " "))
                         for ch, inputs in dec.channels.items()) + ".")
    return Table(name="decomposition", cells=cells, columns=cols, formats=fmts, header=header,
                 spans=[("Contribution of channel", 2, 1 + len(channels))],
                 align=_p(0.30) + " l" + " r" * (len(channels) + 1), notes=notes,
                 caption="Decomposition of the main scenario into shock channels")


# ----------------------------------------------------------------- sensitivity
def sensitivity_table(res: PaperResults, top: int | None = None) -> Table:
    """The parameters that matter most for each headline number: Sobol S1 and ST (95 % CI)."""
    top = top or res.settings.top
    spec = res.model.spec
    rows = []
    for out in res.sensitivity_outputs:
        t = res.sensitivity[res.sensitivity["output"] == out]
        t = t.sort_values(["ST", "parameter"], ascending=[False, True], kind="mergesort")
        q = HEADLINES[out]
        for _, r in t.head(top).iterrows():
            p = spec.quantities[r["parameter"]]
            rows.append({"headline": f"{q.label} ({q.unit})" if q.unit else q.label,
                         "symbol": p.latex, "description": p.description,
                         "S1": float(r["S1"]), "S1_conf": float(r["S1_conf"]),
                         "ST": float(r["ST"]), "ST_conf": float(r["ST_conf"]),
                         "output": out, "parameter": r["parameter"]})
    cells = pd.DataFrame(rows)
    cols = ["headline", "symbol", "description", "S1", "S1_conf", "ST", "ST_conf"]
    fmts: dict[str, int | str] = {"headline": TEXT, "symbol": MATH, "description": TEXT, "S1": 2, "S1_conf": "pm:2",
            "ST": 2, "ST_conf": "pm:2"}
    header = [["Headline number", "Symbol", "Parameter", "$S_1$", "95\\% CI", "$S_T$",
               "95\\% CI"]]
    notes = (r"Sobol indices with respect to every uncertain parameter under its prior "
             r"(truncated normal: the calibration's standard error where estimated, otherwise "
             r"a quarter of the documented range). $S_1$: first-order index (share of the "
             r"variance due to the parameter alone); $S_T$: total index (including its "
             r"interactions). CI: bootstrap half-width. Parameters ranked by $S_T$.")
    return Table(name="sensitivity", cells=cells, columns=cols, formats=fmts, header=header,
                 group=["headline"],
                 align=f"{_p(0.17)} l {_p(0.40)} r r r r", notes=notes,
                 caption="Global sensitivity of the headline numbers")


# ----------------------------------------------------------------- uncertainty
def uncertainty_table(res: PaperResults) -> Table:
    """Headline numbers of the calibrated run and their distribution over parameter draws."""
    s = res.ensemble.summary.set_index("headline")
    rows = []
    for k in UNCERTAINTY_ROWS:
        q = HEADLINES[k]
        r = s.loc[k]
        rows.append({"headline": f"{q.label} ({q.unit})" if q.unit else q.label,
                     "calibrated": np.nan if res.headlines[k] is None else float(res.headlines[k]),
                     **{c: float(r[c]) for c in ("q05", "q25", "q50", "q75", "q95")},
                     "decimals": q.decimals, "output": k, "n": int(r["n"])})
    cells = pd.DataFrame(rows)
    cols = ["headline", "calibrated", "q05", "q25", "q50", "q75", "q95"]
    fmts: dict[str, int | str] = {"headline": TEXT, **{c: ROW for c in cols[1:]}}
    header = [["Headline number", "Calibrated", "5\\%", "25\\%", "Median", "75\\%", "95\\%"]]
    notes = (r"Calibrated: the run with the calibration's values. Quantiles over the "
             r"parameter draws that ran (draws that drove the economy out of the model's "
             r"valid region are excluded and counted in the manifest).")
    return Table(name="uncertainty", cells=cells, columns=cols, formats=fmts, header=header,
                 spans=[("Quantiles over parameter draws", 2, 6)],
                 align=_p(0.36) + " r r r r r r", notes=notes,
                 caption="Uncertainty of the headline numbers")


# -------------------------------------------------------------------- appendix
def observed_record(variables: list[str] | None = None) -> pd.DataFrame:
    """Rows of ``data/russia_observed.csv`` for the appendix variables, numbers as printed.

    Adds ``decimals`` (as many as the file prints) so the appendix shows each
    number exactly as transcribed.
    """
    from peacetrap.io.resources import folder

    variables = variables or [v for v, _, _ in APPENDIX_ROWS]
    raw = pd.read_csv(folder("data") / "russia_observed.csv", dtype=str, keep_default_na=False)
    raw = raw[raw["variable"].isin(variables)].copy()
    raw["decimals"] = [len(v.partition(".")[2]) for v in raw["value"]]
    raw["value"] = raw["value"].astype(float)
    order = {v: i for i, v in enumerate(variables)}
    raw["_o"] = raw["variable"].map(order)
    return raw.sort_values(["_o"], kind="mergesort").drop(columns="_o").reset_index(drop=True)


def _as_printed(v: float) -> str:
    """A number with as many decimals as it needs (up to 6), in LaTeX."""
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return number_latex(v, len(text.partition(".")[2]))


def _letters(n: int) -> list[str]:
    return [chr(ord("a") + i) for i in range(n)]


def appendix_table(res: PaperResults) -> Table:
    r"""The essay's statistical appendix: 2021 and 2025 as the model gives them, the observed
    record with sources, and the impact of peace quantified by proxy indicators.

    Model columns are the appendix targets evaluated at the paper's calibration
    (the statistic the appendix is read with: annual averages, or year-end stocks
    for casualties and the 2025 sanctions); the observed column prints
    ``data/russia_observed.csv``; the impact indicators are
    :func:`peacetrap.run.timeline.impact_indicators` of the main scenario against
    the baseline, every one a proxy.
    """
    fit = res.appendix_fit
    obs = observed_record()
    impact_keys = {"recession": ["recession_gdp_gap_pct"],
                   "social_unrest": ["social_unrest_veterans_waiting_peak_thousands",
                                     "social_unrest_real_wage_gap_pct"],
                   "elite": ["elite_defence_revenue_loss_pct", "elite_sanctions_in_force"],
                   "inflation_shock": ["inflation_shock_peak_pct", "inflation_shock_excess_pp"]}
    letters = _letters(len(APPENDIX_ROWS))
    rows, notes = [], []
    for (var, label, impact), letter in zip(APPENDIX_ROWS, letters):
        q = variable(var)
        f = fit[fit["target"] == var].set_index("period")
        o = obs[obs["variable"] == var]
        observed = ", ".join(f"{number_latex(v, int(d))} ({escape_latex(p)})"
                             for v, p, d in zip(o["value"], o["period"], o["decimals"]))
        observed = (observed or "--") + r"\textsuperscript{" + letter + "}"
        srcs = "; ".join(dict.fromkeys(escape_latex(s) for s in o["source"])) or \
            "not in data/russia\\_observed.csv"
        notes.append(rf"\textsuperscript{{{letter}}}{srcs}.")
        for key in impact_keys[impact]:
            what, iq = IMPACTS[key]
            rows.append({"metric": label,
                         "pre_war_2021": float(f.loc["2021", "model_value"]),
                         "late_war_2025": float(f.loc["2025", "model_value"]),
                         "observed": observed, "impact": what,
                         "proxy": f"{iq.label} ({iq.unit})",
                         "value": float(res.impact[key]),
                         "decimals": q.decimals, "proxy_decimals": iq.decimals,
                         "variable": var, "indicator": key,
                         "essay_2021": float(f.loc["2021", "target_value"]),
                         "essay_2025": float(f.loc["2025", "target_value"])})
    cells = pd.DataFrame(rows)
    cols = ["metric", "pre_war_2021", "late_war_2025", "observed", "impact", "proxy", "value"]
    fmts: dict[str, int | str] = {"metric": TEXT, "pre_war_2021": ROW, "late_war_2025": ROW, "observed": RAW,
            "impact": TEXT, "proxy": TEXT, "value": "row:proxy_decimals"}
    header = [["Metric", "2021", "2025", "Observed", "Impact of peace", "Indicator (model proxy)",
               "Value"],
              ["", "pre-war", "late war", "", "", "", ""]]
    printed = "; ".join(
        f"{escape_latex(label.split(' (')[0].lower())} {_as_printed(e21)} and {_as_printed(e25)}"
        for label, e21, e25 in cells.groupby("metric", sort=False)[["essay_2021", "essay_2025"]]
        .first().itertuples())
    note = (r"2021 and 2025: the model under the paper's calibration, read as the appendix is "
            r"(annual averages; casualties and the 2025 sanctions at the end of the year); the "
            rf"essay prints {printed}. Impact of "
            rf"peace: {escape_latex(res.scenario.name)} against "
            rf"{escape_latex(res.baseline.name)} over {res.settings.quarters} quarters "
            r"(peacetrap.run.timeline.impact\_indicators); every indicator is a proxy for the "
            r"essay's qualitative impact. Observed casualties are killed \emph{and wounded}; "
            r"the model's are killed or permanently disabled. Sources: " + " ".join(notes))
    return Table(name="appendix", cells=cells, columns=cols, formats=fmts, header=header,
                 group=["metric", "pre_war_2021", "late_war_2025", "observed", "impact"],
                 align=f"{_p(0.15)} r r {_p(0.19)} {_p(0.12)} {_p(0.24)} r",
                 notes=note, caption="The essay's statistical appendix, reproduced by the model")


# ------------------------------------------------------------------ experiment
#: Headline numbers of the calibration-experiment table.
EXPERIMENT_COLUMNS = ["gdp_trough_pct_vs_baseline", "unemployment_peak_pct",
                      "inflation_peak_pct", "veterans_unemployed_peak_thousands"]


def experiment_table(res: PaperResults) -> Table:
    """A calibration experiment: each calibration's fit and headline numbers per scenario."""
    exp = res.experiment
    if exp is None:
        raise ValueError("the paper settings name no calibration experiment")
    rows = []
    for _, r in exp.iterrows():
        fitted = bool(r.get("fitted", False))
        row = {"calibration": r["calibration"], "scenario": r["scenario"],
               "max_error_pct": 100.0 * float(r["max_abs_rel_error"])
               if fitted and pd.notna(r.get("max_abs_rel_error")) else np.nan,
               "outside_tolerance": float(r["targets_outside_tolerance"])
               if fitted else np.nan}
        for k in EXPERIMENT_COLUMNS:
            row[k] = float(r[k]) if pd.notna(r[k]) else np.nan
        row["fitted"] = fitted
        rows.append(row)
    cells = pd.DataFrame(rows)
    cols = ["calibration", "scenario", "max_error_pct", "outside_tolerance"] + EXPERIMENT_COLUMNS
    fmts: dict[str, int | str] = {"calibration": TEXT, "scenario": TEXT, "max_error_pct": 2, "outside_tolerance": 0,
            **{k: HEADLINES[k].decimals for k in EXPERIMENT_COLUMNS}}
    top, second, units = _headline_header(["Calibration", "Scenario", "Largest", "Targets"],
                                          ["", "", "target error", "outside"],
                                          ["", "", "(\\%)", "tolerance"], EXPERIMENT_COLUMNS)
    notes = (rf"Calibration experiment {escape_latex(res.experiment_name or '')} "
             r"(peacetrap experiment): each calibration fitted to its own targets (-- where it is "
             r"used as shipped, not fitted), then each scenario against its own baseline.")
    return Table(name="experiment", cells=cells, columns=cols, formats=fmts,
                 header=[top, second, units], group=["calibration"],
                 align=_p(0.18) + " l" + " r" * (len(cols) - 2), notes=notes,
                 caption="How the results depend on the calibration targets")


def all_tables(res: PaperResults) -> dict[str, Table | LatexTable]:
    """Every table of the bundle by name (file stem under ``tables/``)."""
    out: dict[str, Table | LatexTable] = {
           "parameters": parameters_table(res), "calibration": calibration_table(res),
           "scenarios": scenarios_table(res), "decomposition": decomposition_table(res),
           "sensitivity": sensitivity_table(res), "uncertainty": uncertainty_table(res),
           "appendix": appendix_table(res)}
    if res.experiment is not None:
        out["experiment"] = experiment_table(res)
    if res.validation is not None:
        from peacetrap.paper.validation_table import validation_table

        out["validation"] = validation_table(res)
    return out


__all__ = ["LatexTable", "parameters_table", "calibration_table", "scenarios_table",
           "decomposition_table", "sensitivity_table", "uncertainty_table", "appendix_table",
           "observed_record", "all_tables", "experiment_table", "EXPERIMENT_COLUMNS", "SCENARIO_COLUMNS", "UNCERTAINTY_ROWS",
           "DECOMPOSED", "APPENDIX_ROWS"]
