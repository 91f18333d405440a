r"""``numbers.tex``: a LaTeX macro for every headline number, each traced to a CSV cell.

A paper that writes ``unemployment peaks at \PeakUnemployment\,\%`` cannot
drift from the results: the macro is regenerated with the results.  Every
macro is a :class:`Number` that names the CSV file of the bundle, the row
(``column=value`` selectors) and the column it shows; ``numbers.csv`` lists
them all, so a test (or a reader) can look each one up.

Macro names are letters only (TeX's rule), built by
:func:`peacetrap.paper.format.macro_name`: the main scenario's numbers have
plain names (``\GDPTrough``, ``\PeakUnemployment``, ``\PeakUnemploymentQuarter``),
every scenario's numbers are prefixed with its name (``\PhasedPeacePeakUnemployment``),
ensemble quantiles end in ``Median``, ``Low`` (5 %) and ``High`` (95 %), and a
calibration experiment's numbers start with ``Calib``, the calibration and the
scenario (``\CalibObservedSuddenPeacePeakUnemployment``), and the validation
scoreboard's counts start with ``Valid`` (``\ValidPassed`` of ``\ValidChecks``;
per group ``\ValidLongRunFailed``, ``\ValidBacktestsPassed``, ...).
Numbers are spelled by :func:`peacetrap.paper.format.number_latex` and work in
text and in math mode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from peacetrap.core.latex import escape_latex
from peacetrap.paper.format import HEADLINES, IMPACTS, canonical, macro_name, number_latex
from peacetrap.paper.tables import APPENDIX_ROWS, DECOMPOSED

#: Macro stems of the appendix rows and of the decomposed variables.
APPENDIX_STEMS = {"defence_share_gdp_pct": "DefenceShare",
                  "casualties_cumulative_thousands": "Casualties",
                  "sanctions_count": "Sanctions", "rub_per_usd": "ExchangeRate"}
DECOMPOSED_STEMS = {"gdp_real_index": "GDP", "unemployment_rate_pct": "Unemployment",
                    "cpi_inflation_yoy_pct": "Inflation", "key_rate_pct": "KeyRate"}


@dataclass(frozen=True)
class Number:
    """One macro: its value and where the value is in the bundle.

    ``kind`` is ``number`` (``value`` a float shown with ``decimals``),
    ``text`` (``value`` a string, escaped) or ``math`` (``value`` LaTeX math).
    ``row`` selects the CSV row by ``column=value`` pairs joined with ``;``.
    """

    macro: str
    kind: str
    value: float | str
    decimals: int | None
    unit: str
    description: str
    file: str
    row: str
    column: str

    @property
    def text(self) -> str:
        """The macro's LaTeX body."""
        if self.kind == "number":
            return number_latex(self.value, int(self.decimals))
        if self.kind == "math":
            return r"\ensuremath{" + str(self.value) + "}"
        if self.value == "":
            return "--"
        return escape_latex(str(self.value))


def _cell(frame: pd.DataFrame, selector: dict[str, str], column: str) -> object:
    mask = pd.Series(True, index=frame.index)
    for k, v in selector.items():
        mask &= frame[k].astype(str) == v
    hit = frame.loc[mask, column]
    if len(hit) != 1:
        raise ValueError(f"selector {selector} matches {len(hit)} rows")
    return hit.iloc[0]


def _sel(selector: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in selector.items())


class _Collector:
    def __init__(self, files: dict[str, pd.DataFrame]) -> None:
        self.files = files
        self.out: list[Number] = []
        self.names: set[str] = set()

    def add(self, macro: str, file: str, selector: dict[str, str], column: str, kind: str,
            decimals: int | None, unit: str, description: str) -> None:
        value = _cell(self.files[file], selector, column)
        if kind == "number":
            value = canonical(value)         # NaN (an empty cell) is shown as "--"
        elif value is None or (isinstance(value, float) and math.isnan(value)):
            value = ""
        else:
            value = str(value)
        if macro in self.names:
            raise ValueError(f"macro \\{macro} defined twice")
        self.names.add(macro)
        self.out.append(Number(macro, kind, value, decimals, unit, description, file,
                               _sel(selector), column))


def numbers(files: dict[str, pd.DataFrame], main: str) -> list[Number]:
    """Every macro of ``numbers.tex``, from the bundle's CSV files.

    Parameters
    ----------
    files : dict of str to pandas.DataFrame
        The bundle's CSV files by path (``tables/scenarios.csv``, ...), as written.
    main : str
        Name of the main scenario.
    """
    c = _Collector(files)
    sc = "tables/scenarios.csv"
    names = list(files[sc]["name"])
    # the main scenario: plain names
    for k, q in HEADLINES.items():
        kind = "text" if k.endswith("_quarter") else "number"
        c.add(q.macro, sc, {"name": main}, k, kind, None if kind == "text" else q.decimals,
              q.unit, f"{q.label} ({main})")
    # every scenario, prefixed
    for name in names:
        for k, q in HEADLINES.items():
            kind = "text" if k.endswith("_quarter") else "number"
            c.add(macro_name(name) + q.macro, sc, {"name": name}, k, kind,
                  None if kind == "text" else q.decimals, q.unit, f"{q.label} ({name})")
    # the appendix: model 2021 and 2025, impact-of-peace proxies
    ap = "tables/appendix.csv"
    for var, label, _ in APPENDIX_ROWS:
        first = files[ap][files[ap]["variable"] == var].iloc[0]
        stem = APPENDIX_STEMS[var]
        sel = {"variable": var, "indicator": first["indicator"]}
        c.add(stem + "PreWar", ap, sel, "pre_war_2021", "number", int(first["decimals"]), "",
              f"{label}, 2021, model")
        c.add(stem + "LateWar", ap, sel, "late_war_2025", "number", int(first["decimals"]), "",
              f"{label}, 2025, model")
    for key, (impact, q) in IMPACTS.items():
        c.add(q.macro, ap, {"indicator": key}, "value", "number", q.decimals, q.unit,
              f"{impact}, {q.label}")
    # decomposition at the extremes
    de = "tables/decomposition.csv"
    channels = [col for col in files[de].columns
                if col not in ("what", "quarter", "total", "variable")]
    for var, _, _ in DECOMPOSED:
        if var not in set(files[de]["variable"]):
            continue
        stem = "Decomp" + DECOMPOSED_STEMS[var]
        unit = "index points" if var == "gdp_real_index" else "pp"
        for ch in channels + ["total"]:
            c.add(stem + macro_name(ch), de, {"variable": var}, ch, "number", 2, unit,
                  f"contribution of the {ch} channel to {var} at its extreme"
                  if ch != "total" else f"scenario minus baseline, {var}, at its extreme")
        c.add(stem + "Quarter", de, {"variable": var}, "quarter", "text", None, "",
              f"quarter of the extreme of {var}")
    # uncertainty: quantiles of the headline numbers
    un = "tables/uncertainty.csv"
    for k in files[un]["output"]:
        q = HEADLINES[k]
        for col, suffix in (("q50", "Median"), ("q05", "Low"), ("q95", "High")):
            c.add(q.macro + suffix, un, {"output": k}, col, "number", q.decimals, q.unit,
                  f"{q.label}, {col} over parameter draws")
    # sensitivity: the top parameter of each headline number
    se = "tables/sensitivity.csv"
    for out in dict.fromkeys(files[se]["output"]):
        first = files[se][files[se]["output"] == out].iloc[0]
        stem = HEADLINES[out].macro + "TopParameter"
        sel = {"output": out, "parameter": first["parameter"]}
        c.add(stem, se, sel, "symbol", "math", None, "",
              f"parameter with the largest S_T for {out}")
        c.add(stem + "Name", se, sel, "description", "text", None, "",
              f"description of that parameter ({out})")
        c.add(stem + "ST", se, sel, "ST", "number", 2, "", f"its total Sobol index ({out})")
    # calibration experiment: per calibration and scenario
    ex = "tables/experiment.csv"
    if ex in files:
        from peacetrap.paper.tables import EXPERIMENT_COLUMNS

        for _, r in files[ex].iterrows():
            cal, scen = str(r["calibration"]), str(r["scenario"])
            stem = "Calib" + macro_name(cal) + macro_name(scen)
            sel = {"calibration": cal, "scenario": scen}
            for k in EXPERIMENT_COLUMNS:
                q = HEADLINES[k]
                c.add(stem + q.macro, ex, sel, k, "number", q.decimals, q.unit,
                      f"{q.label} ({scen}, calibration {cal})")
            c.add(stem + "MaxError", ex, sel, "max_error_pct", "number", 2, "%",
                  f"largest relative target error of calibration {cal}")
    # the validation scoreboard: checks that apply, passed, failed, not applicable
    vc = "data/validation_counts.csv"
    if vc in files:
        for g in files[vc]["group"]:
            stem = "Valid" + ("" if g == "all" else macro_name(g))
            for col, suffix in (("checks", "Checks"), ("passed", "Passed"),
                                ("failed", "Failed"), ("not_applicable", "NotApplicable")):
                c.add(stem + suffix, vc, {"group": g}, col, "number", 0, "",
                      f"validation checks {col.replace('_', ' ')} ({g})")
    # facts of the run
    rf = "data/run_facts.csv"
    for _, r in files[rf].iterrows():
        kind = "text" if pd.isna(r["decimals"]) else "number"
        c.add(r["macro"], rf, {"macro": r["macro"]}, "value", kind,
              None if kind == "text" else int(r["decimals"]), "", r["description"])
    return c.out


def numbers_latex(items: list[Number]) -> str:
    """``numbers.tex``: one ``\\newcommand`` per number, with its source as a comment."""
    lines = ["% peacetrap paper: numbers. Generated; do not edit.",
             "% Each macro shows one cell of a CSV file of this bundle (file [row] column);",
             "% numbers.csv lists them all. Use in text or math: \\PeakUnemployment\\,\\%.", ""]
    for n in items:
        unit = f" [{n.unit}]" if n.unit else ""
        lines.append(f"\\newcommand{{\\{n.macro}}}{{{n.text}}} % {n.description}{unit}; "
                     f"{n.file} [{n.row}] {n.column}")
    return "\n".join(lines) + "\n"


def numbers_frame(items: list[Number]) -> pd.DataFrame:
    """``numbers.csv``: macro, kind, value, decimals, text, unit, description, file, row, column."""
    return pd.DataFrame([{"macro": n.macro, "kind": n.kind,
                          "value": n.value, "decimals": n.decimals, "text": n.text,
                          "unit": n.unit, "description": n.description, "file": n.file,
                          "row": n.row, "column": n.column} for n in items])


__all__ = ["Number", "numbers", "numbers_latex", "numbers_frame", "APPENDIX_STEMS",
           "DECOMPOSED_STEMS"]
