r"""A booktabs table whose every cell comes from one row of a CSV file.

A :class:`Table` holds its cells as a :class:`pandas.DataFrame` (one row per
body row of the LaTeX table, one column per LaTeX column, plus optional
hidden columns such as the rounding of a row) and renders them with
:meth:`Table.latex`.  The bundle writes the same DataFrame as
``tables/<name>.csv`` (numbers to :data:`~peacetrap.paper.format.SIGNIFICANT`
digits), so each cell of ``tables/<name>.tex`` can be checked against the CSV
value it shows:

* a number cell shows the CSV value rounded to the cell's decimals
  (:func:`~peacetrap.paper.format.number_latex`); ``--`` where the CSV is empty;
* a text cell shows the CSV text, escaped for LaTeX (``math`` cells wrap it in
  ``$...$``; ``raw`` cells are LaTeX already);
* cells of *group* columns are printed only on the first row of each group
  (a run of rows with the same value in the first group column) and left
  empty below it; a ``\midrule`` separates groups.

Body rows sit between the header's ``\midrule`` and ``\bottomrule``, one per
line, cells separated by ``&`` (an escaped ``\&`` is text), ending in ``\\``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from peacetrap.core.latex import escape_latex
from peacetrap.paper.format import canonical, number_latex

#: Cell formats other than a number of decimals.
TEXT, MATH, RAW, ROW, PM = "text", "math", "raw", "row", "pm"


@dataclass
class Table:
    r"""Cells, formats and headers of one table.

    Attributes
    ----------
    name : str
        File stem (``tables/<name>.tex`` and ``.csv``).
    cells : pandas.DataFrame
        Body rows; columns in :attr:`columns` order are shown, others are hidden.
    columns : list of str
        Shown columns, left to right.
    formats : dict of str to int or str
        Per shown column: decimals (int), ``"text"``, ``"math"``, ``"raw"``,
        ``"row"`` (decimals from the row's ``decimals`` column), ``"row:<column>"``
        (decimals from another column of the row) or ``"pm:<d>"`` (a confidence
        half-width, ``$\pm$`` and ``d`` decimals).
    header : list of list of str
        Header rows (LaTeX), each with one cell per shown column; the last
        row usually carries the units.
    align : str
        Column specification of the ``tabular`` (e.g. ``"l r r"`` or with ``p{}``).
    group : list of str
        Columns printed only on the first row of each group (see the module docstring).
    spans : list of tuple
        Header cells spanning columns above the header, ``(label, first, last)``
        (0-based shown columns), with ``\cmidrule``\ s under them.
    notes : str
        LaTeX text set below the table (sources, definitions); no numbers of results.
    """

    name: str
    cells: pd.DataFrame
    columns: list[str]
    formats: dict[str, int | str]
    header: list[list[str]]
    align: str
    group: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    notes: str = ""
    caption: str = ""

    def __post_init__(self) -> None:
        missing = [c for c in self.columns if c not in self.cells.columns]
        if missing:
            raise ValueError(f"table {self.name}: no cells for columns {missing}")
        for row in self.header:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.name}: header row {row} has {len(row)} cells "
                                 f"for {len(self.columns)} columns")
        self.cells = self.cells.reset_index(drop=True)
        for c in self.cells.columns:
            if pd.api.types.is_float_dtype(self.cells[c]):
                self.cells[c] = [canonical(v) for v in self.cells[c]]

    def cell(self, i: int, column: str) -> str:
        """LaTeX of one body cell (before group blanking)."""
        v = self.cells.at[i, column]
        fmt = self.formats[column]
        if isinstance(fmt, str) and (fmt == ROW or fmt.startswith(ROW + ":")):
            fmt = int(self.cells.at[i, fmt.partition(":")[2] or "decimals"])
        if isinstance(fmt, str) and fmt.startswith(PM + ":"):
            text = number_latex(v, int(fmt.partition(":")[2]))
            return text if text == "--" else r"$\pm$" + text
        if isinstance(fmt, int):
            return number_latex(v, fmt)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "--"
        if fmt == TEXT:
            return escape_latex(str(v))
        if fmt == MATH:
            return f"${v}$"
        if fmt == RAW:
            return str(v)
        raise ValueError(f"table {self.name}: unknown format {fmt!r} of column {column}")

    def body(self) -> list[str]:
        """Body lines, with group cells blanked and ``\\midrule`` between groups."""
        lines = []
        key = self.group[0] if self.group else None
        prev = object()
        for i in range(len(self.cells)):
            new_group = key is not None and self.cells.at[i, key] != prev
            if key is not None and new_group and i > 0:
                lines.append(r"\midrule")
            cells = []
            for c in self.columns:
                if c in self.group and not new_group:
                    cells.append("")
                else:
                    cells.append(self.cell(i, c))
            if key is not None:
                prev = self.cells.at[i, key]
            lines.append(" & ".join(cells) + r" \\")
        return lines

    def latex(self) -> str:
        """The table as a LaTeX ``tabular`` (booktabs), with notes below it when any.

        Needs ``booktabs`` and ``array``; wrap it in a ``table`` float to give it a
        caption (see the bundle's ``main.tex``).
        """
        out = [f"% peacetrap paper: table '{self.name}'. Generated; do not edit.",
               f"% Every number is in tables/{self.name}.csv (one CSV row per table row; "
               "cells of repeated group",
               "% columns are left empty below a group's first row).",
               r"\begin{tabular}{" + self.align + "}", r"\toprule"]
        if self.spans:
            row = [""] * len(self.columns)
            rules = []
            j = 0
            cells = []
            for label, first, last in sorted(self.spans, key=lambda s: s[1]):
                cells += row[j:first]
                width = last - first + 1
                cells.append(r"\multicolumn{" + str(width) + "}{c}{" + label + "}")
                rules.append(r"\cmidrule(lr){" + f"{first + 1}-{last + 1}" + "}")
                j = last + 1
            cells += row[j:]
            out.append(" & ".join(cells) + r" \\")
            out.append(" ".join(rules))
        for row in self.header:
            out.append(" & ".join(row) + r" \\")
        out.append(r"\midrule")
        out += self.body()
        out += [r"\bottomrule", r"\end{tabular}"]
        if self.notes:
            out.append(r"\par\smallskip")
            out.append(r"\parbox{\linewidth}{\footnotesize " + self.notes + "}")
        return "\n".join(out) + "\n"

    def csv_frame(self) -> pd.DataFrame:
        """The cells as written to ``tables/<name>.csv`` (shown columns first)."""
        hidden = [c for c in self.cells.columns if c not in self.columns]
        return self.cells[self.columns + hidden]


__all__ = ["Table", "TEXT", "MATH", "RAW", "ROW", "PM"]
