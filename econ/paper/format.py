r"""How numbers look in a paper: rounding, LaTeX spelling, labels, units and macro names.

One place decides how every reported quantity is rounded (:data:`HEADLINES`,
:data:`IMPACTS`; the timeline's columns as the model definition declares them,
:func:`variable`), so the tables, the macros of
``numbers.tex`` and the figure labels of a paper bundle agree.  Rounding is
:func:`round`-to-nearest on the value as written to the bundle's CSV files
(:func:`canonical`: ten significant digits, which the CSV files hold exactly),
so a number read back from a CSV file and rounded the same way gives the same
text.

Spelling (:func:`number_latex`): thousands separated by ``{,}`` (no space in
math mode, a comma in text), the minus sign as ``\ensuremath{-}`` (a true minus
in text and in math), ``--`` for a missing value, and never ``-0.00``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Significant digits kept in the bundle's CSV files (and before any rounding).
SIGNIFICANT = 10

MINUS = r"\ensuremath{-}"
MISSING = "--"


def canonical(value: float | str | None) -> float:
    """``value`` rounded to :data:`SIGNIFICANT` significant digits (NaN for missing values).

    The bundle writes every number with ``%.10g``; rounding first makes the
    value in memory identical to the value read back from the CSV file.
    """
    if value is None:
        return math.nan
    v = float(value)
    if not math.isfinite(v):
        return math.nan
    return float(f"{v:.{SIGNIFICANT}g}")


def number_text(value: float | str | None, decimals: int) -> str:
    """Plain text of a number with ``decimals`` decimals and comma thousands (``-`` minus)."""
    v = canonical(value)
    if math.isnan(v):
        return MISSING
    s = f"{v:,.{decimals}f}"
    if s.startswith("-") and float(s[1:].replace(",", "")) == 0.0:
        s = s[1:]
    return s


def number_latex(value: float | str | None, decimals: int) -> str:
    r"""LaTeX of a number: ``1{,}234.5``, ``\ensuremath{-}0.88``, ``--`` when missing.

    Works in text and in math mode, so ``\PeakUnemployment`` can be used in both.
    """
    s = number_text(value, decimals)
    if s == MISSING:
        return s
    if s.startswith("-"):
        s = MINUS + s[1:]
    return s.replace(",", "{,}")


def parse_latex_number(text: str) -> float:
    """Inverse of :func:`number_latex` (for checks): the number a cell or macro shows."""
    t = text.strip().replace(MINUS, "-").replace("{,}", "").replace("$", "")
    t = t.replace(r"\pm", "").replace("\\,", "").strip()
    if t == MISSING:
        return math.nan
    return float(t)


_DIGITS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]


def macro_name(*parts: str) -> str:
    """A LaTeX macro name, letters only: ``("sudden-peace", "gdp")`` -> ``SuddenPeaceGdp``.

    Words are split at anything that is not a letter or digit and capitalised
    (words already in capitals, like ``GDP``, are kept); digits are spelled
    out (``2027`` -> ``TwoZeroTwoSeven``) because TeX macro names are letters only.
    """
    out = []
    for part in parts:
        for word in re.split(r"[^A-Za-z0-9]+", part):
            for piece in re.findall(r"[A-Za-z]+|[0-9]", word):
                if piece.isdigit():
                    out.append(_DIGITS[int(piece)])
                elif piece.isupper():
                    out.append(piece)
                else:
                    out.append(piece[0].upper() + piece[1:])
    name = "".join(out)
    if not name:
        raise ValueError(f"no letters in macro name parts {parts!r}")
    return name


@dataclass(frozen=True)
class Quantity:
    """How one reported number is labelled and rounded.

    ``unit`` is the unit as written in headers and captions (plain text);
    ``decimals`` the rounding everywhere; ``macro`` the stem of its macro in
    ``numbers.tex`` (``None``: a text value such as a quarter).
    """

    label: str
    unit: str
    decimals: int
    macro: str | None = None
    short: str = ""

    @property
    def stem(self) -> str:
        """``macro``, which every number with a macro has (``ValueError`` otherwise)."""
        if self.macro is None:
            raise ValueError(f"{self.label}: no macro")
        return self.macro


#: Headline numbers of :func:`peacetrap.run.timeline.headlines`.
HEADLINES: dict[str, Quantity] = {
    "gdp_trough_pct_vs_baseline": Quantity("Real GDP, deepest gap to the baseline", "%", 2,
                                           "GDPTrough", "GDP trough"),
    "gdp_trough_quarter": Quantity("Quarter of the GDP trough", "", 0, "GDPTroughQuarter",
                                   "Trough in"),
    "unemployment_peak_pct": Quantity("Unemployment rate, peak", "%", 2, "PeakUnemployment",
                                      "Unemployment peak"),
    "unemployment_peak_quarter": Quantity("Quarter of the unemployment peak", "", 0,
                                          "PeakUnemploymentQuarter", "Peak in"),
    "unemployment_peak_pp_vs_baseline": Quantity("Unemployment above the baseline, peak", "pp",
                                                 2, "PeakUnemploymentExcess",
                                                 "Unemployment excess"),
    "inflation_peak_pct": Quantity("CPI inflation (y/y), peak", "%", 2, "PeakInflation",
                                   "CPI inflation peak"),
    "inflation_peak_quarter": Quantity("Quarter of the CPI-inflation peak", "", 0,
                                       "PeakInflationQuarter", "Peak in"),
    "inflation_peak_pct_vs_baseline": Quantity("CPI inflation above the baseline, peak", "pp", 2,
                                               "PeakInflationExcess", "Inflation excess"),
    "unemployment_excess_peak_quarter": Quantity("Quarter of the unemployment excess peak", "",
                                                 0, "PeakUnemploymentExcessQuarter", "Peak in"),
    "inflation_excess_peak_quarter": Quantity("Quarter of the inflation excess peak", "", 0,
                                              "PeakInflationExcessQuarter", "Peak in"),
    "rub_per_usd_peak": Quantity("Exchange rate, peak", "LCU/USD", 1, "PeakExchangeRate",
                                 "LCU/USD peak"),
    "rub_per_usd_peak_quarter": Quantity("Quarter of the exchange-rate peak", "", 0,
                                         "PeakExchangeRateQuarter", "Peak in"),
    "veterans_unemployed_peak_thousands": Quantity("Veterans awaiting reintegration, peak",
                                                   "thousand", 0, "PeakVeteransWaiting",
                                                   "Veterans waiting"),
    "veterans_unemployed_peak_quarter": Quantity("Quarter of the veterans-waiting peak", "", 0,
                                                 "PeakVeteransWaitingQuarter", "Peak in"),
    "key_rate_peak_pct": Quantity("Key rate, peak", "%", 2, "PeakKeyRate", "Key rate peak"),
    "key_rate_peak_quarter": Quantity("Quarter of the key-rate peak", "", 0,
                                      "PeakKeyRateQuarter", "Peak in"),
    "defence_multiplier_4q": Quantity("Defence multiplier (procurement alone), first 4 quarters",
                                      "", 2, "DefenceMultiplierFourQuarters", "Multiplier 4q"),
    "defence_multiplier_8q": Quantity("Defence multiplier (procurement alone), first 8 quarters",
                                      "", 2, "DefenceMultiplierEightQuarters", "Multiplier 8q"),
}

#: The appendix's "impact of peace" indicators (:func:`peacetrap.run.timeline.impact_indicators`),
#: each a proxy: (impact, what the proxy measures).
IMPACTS: dict[str, tuple[str, Quantity]] = {
    "recession_gdp_gap_pct": ("Recession", Quantity(
        "proxy: real GDP, deepest gap to baseline", "%", 2, "RecessionGDPGap")),
    "social_unrest_veterans_waiting_peak_thousands": ("Social unrest", Quantity(
        "proxy: veterans awaiting work, peak", "thousand", 0, "UnrestVeteransWaiting")),
    "social_unrest_real_wage_gap_pct": ("Social unrest", Quantity(
        "proxy: real wage, deepest gap to baseline", "%", 2, "UnrestRealWageGap")),
    "elite_defence_revenue_loss_pct": ("Elite dissatisfaction", Quantity(
        "proxy: defence-industry revenue lost in two years, vs baseline", "%", 1,
        "EliteDefenceRevenueLoss")),
    "elite_sanctions_in_force": ("Elite dissatisfaction", Quantity(
        "proxy: sanctions in force at the end", "designations", 0,
        "EliteSanctionsInForce")),
    "inflation_shock_peak_pct": ("Inflation shock", Quantity(
        "proxy: CPI inflation (y/y), peak", "%", 2, "InflationShockPeak")),
    "inflation_shock_excess_pp": ("Inflation shock", Quantity(
        "proxy: CPI inflation above baseline, peak", "pp", 2, "InflationShockExcess")),
}

def variable(name: str) -> Quantity:
    """Label, unit and rounding of a reported variable.

    A contract column as the model definition declares it (``report=`` of the quantity,
    :class:`peacetrap.core.symbolic.Report`), a comparison with the baseline
    (:data:`peacetrap.run.timeline.GAPS`), or a plain fallback for other names.
    """
    from peacetrap.core.model import load_model
    from peacetrap.run.timeline import GAPS

    declared = load_model().info.reports.get(name)
    if declared is not None:
        return Quantity(declared.label, declared.unit, declared.decimals, short=declared.short)
    gap = GAPS.get(name)
    if gap is not None:
        return Quantity(gap.label, gap.unit, gap.decimals, short=gap.short)
    return Quantity(name.replace("_", " "), "", 3)


__all__ = ["canonical", "number_text", "number_latex", "parse_latex_number", "macro_name",
           "Quantity", "HEADLINES", "IMPACTS", "variable", "MINUS", "MISSING"]


def markdown_cell(text: object) -> str:
    """``text`` as one cell of a markdown table: ``|`` escaped, line breaks as spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_row(cells: Iterable[object]) -> str:
    """One row of a markdown table (:func:`markdown_cell` of each cell)."""
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"
