"""The validation scoreboard as a paper table (``tables/validation.tex`` and ``.csv``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from peacetrap.core.latex import escape_latex
from peacetrap.paper.booktabs import RAW, TEXT, Table

if TYPE_CHECKING:
    from peacetrap.paper.results import PaperResults


def _col(width: float) -> str:
    """A ragged-right paragraph column ``width`` line widths wide (needs ``array``)."""
    return r">{\raggedright\arraybackslash}p{" + f"{width:g}" + r"\linewidth}"


def sig_latex(value: float, digits: int = 3) -> str:
    r"""A number in ``digits`` significant digits, LaTeX math (``$1.2\times10^{-15}$``)."""
    if value is None or not math.isfinite(value):
        return "--"
    if value == 0:
        return "$0$"
    if abs(value) < 1e-3 or abs(value) >= 1e5:
        mant, _, exp = f"{value:.{digits - 1}e}".partition("e")
        return f"${mant}\\times10^{{{int(exp)}}}$"
    if abs(value) >= 1000:
        return "$" + f"{value:,.0f}".replace(",", "{,}") + "$"
    return f"${value:.{digits}g}$"


def validation_table(res: PaperResults) -> Table:
    """The validation scoreboard: value, accepted range, unit and result of every check.

    Value and range are shown in three significant digits (the CSV keeps the
    full numbers in ``value``, ``low``, ``high``); ``n.a.`` marks a check that does
    not apply to this calibration (never counted as passed).
    """
    board = res.validation
    if board is None:
        raise ValueError("the paper results hold no validation scoreboard")
    t = board.table
    rows = []
    for r in t.itertuples():
        na = r.passed is None or (isinstance(r.passed, float) and math.isnan(r.passed))
        rng = "--" if not (math.isfinite(r.low) and math.isfinite(r.high)) else \
            f"{sig_latex(r.low)} to {sig_latex(r.high)}"
        rows.append({"group": r.group, "check": r.check, "value_shown": sig_latex(r.value),
                     "range": rng, "unit": r.unit,
                     "result": "n.a." if na else ("pass" if r.passed else "FAIL"),
                     "value": r.value, "low": r.low, "high": r.high,
                     "passed": "" if na else str(bool(r.passed)), "source": r.source,
                     "id": r.id})
    cells = pd.DataFrame(rows, columns=["group", "check", "value_shown", "range", "unit",
                                        "result", "value", "low", "high", "passed", "source",
                                        "id"])
    cols = ["group", "check", "value_shown", "range", "unit", "result"]
    fmts: dict[str, int | str] = {"group": TEXT, "check": TEXT, "value_shown": RAW, "range": RAW, "unit": TEXT,
            "result": TEXT}
    header = [["Group", "Check", "Model", "Accepted range", "Unit", "Result"]]
    notes = (rf"Calibration {escape_latex(board.calibration)}; backtests calibrate each "
             r"shipped episode from its own file. Ranges and their sources: "
             r"data/validation.toml (every source is in tables/validation.csv); experiments: "
             r"docs/validation.md. Failures are shown as measured: the model is not tuned to "
             r"this table.")
    return Table(name="validation", cells=cells, columns=cols, formats=fmts, header=header,
                 group=["group"], align=f"{_col(0.1)} {_col(0.43)} r l {_col(0.12)} l", notes=notes,
                 caption="Validation scoreboard: the model against the evidence")


__all__ = ["sig_latex", "validation_table"]
