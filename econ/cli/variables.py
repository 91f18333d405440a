"""``peacetrap variables``: a table of every quantity of the model."""

from __future__ import annotations

import argparse
import io
import math

import pandas as pd

KINDS = ("stock", "flow", "auxiliary", "parameter", "input", "constant")
FORMATS = ("text", "csv")

#: Columns of the table, in order (``range`` is ``low``–``high`` in text output).
COLUMNS = ["name", "kind", "block", "symbol", "unit", "default", "low", "high", "description",
           "source"]


def add(sub: argparse._SubParsersAction) -> None:
    """Register the ``variables`` sub-command."""
    p = sub.add_parser("variables", help="list every quantity with unit, default, range, source",
                       description="List every stock, flow, auxiliary, parameter, input and "
                       "constant of the model: name, symbol, unit (the unit files and tables "
                       "use), description, default (initial value for stocks), allowed range "
                       "and source.")
    p.add_argument("--kind", choices=KINDS, help="only quantities of this kind")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (aligned columns, default) or csv")
    p.set_defaults(func=run)


def table(kind: str | None = None) -> pd.DataFrame:
    """The quantities table of :meth:`Model.table`, optionally of one kind.

    Parameters
    ----------
    kind : str, optional
        ``stock``, ``flow``, ``auxiliary``, ``parameter``, ``input`` or ``constant``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``default``, ``low`` and ``high`` in the
        ``unit`` column's unit (display units), empty where not applicable or
        open.
    """
    from peacetrap.core.model import load_model

    df = load_model().table().reset_index()
    if kind is not None:
        df = df[df["kind"] == kind]
    return df[COLUMNS].reset_index(drop=True)


def _num(v: float | None) -> str:
    if v is None or math.isnan(v):
        return ""
    return f"{float(v):.6g}"


def _range(lo: float | None, hi: float | None) -> str:
    lo_s, hi_s = _num(lo), _num(hi)
    if not lo_s and not hi_s:
        return ""
    return f"[{lo_s or '-inf'}, {hi_s or 'inf'}]"


def text_table(df: pd.DataFrame) -> str:
    """Aligned plain-text rendering: name, kind, symbol, unit, default, range, description, source."""
    rows = [["name", "kind", "symbol", "unit", "default", "range", "description", "source"]]
    for r in df.itertuples(index=False):
        rows.append([r.name, r.kind, r.symbol, r.unit, _num(r.default), _range(r.low, r.high),
                     r.description, r.source])
    widths = [max(len(str(row[j])) for row in rows) for j in range(6)]
    lines = []
    for row in rows:
        head = "  ".join(f"{str(c):<{w}}" for c, w in zip(row[:6], widths))
        tail = row[6] + (f" [{row[7]}]" if row[7] and row is not rows[0] else
                         " [source]" if row is rows[0] else "")
        lines.append(f"{head}  {tail}".rstrip())
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the quantities table (``--kind`` filter, text or CSV); exit code 0."""
    df = table(args.kind)
    if args.format == "csv":
        buf = io.StringIO()
        df.to_csv(buf, index=False)
        print(buf.getvalue(), end="")
    else:
        print(text_table(df), end="")
    return 0
