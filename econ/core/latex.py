r"""LaTeX (and plain text) derived from the symbolic model.

Everything here is printed from the :class:`~peacetrap.core.symbolic.ModelSpec`
built in :mod:`peacetrap.core.definition`: the equations with sympy's LaTeX printer
(each symbol spelled by its :attr:`Quantity.latex`), a legend of the symbols
and a table of the parameters.  Nothing is written by hand, so the document
cannot drift from the simulated model.

Conventions
-----------
* Flows and auxiliaries are printed as :math:`y = f(\cdot)`; stocks as
  :math:`\dot X = g(\cdot)` (:math:`\dot X = \mathrm{d}X/\mathrm{d}t`, per
  year).  The rates of the people pools are the sums of the flows into the
  pool minus the flows out of it, as declared in the definition.
* Reference values (a stock's value at the start of the run, used to
  normalise indices) are written :math:`{X}_{0}`.
* The equations hold in each quantity's *internal* unit (``Quantity.unit``);
  legends and tables show the unit users read and write
  (``Quantity.shown_unit``) and add the internal unit where the two differ.

The LaTeX fragments need ``amsmath``, ``booktabs`` and ``longtable``; a long
equation list may also want ``\allowdisplaybreaks``.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from peacetrap.core.symbolic import ModelSpec, Quantity

#: Characters with a special meaning in LaTeX text, and their escapes.
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "·": r"\ensuremath{\cdot}",
    "×": r"\ensuremath{\times}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
}


def escape_latex(text: str) -> str:
    r"""Escape a plain-text string for use in LaTeX text mode.

    Parameters
    ----------
    text : str
        Any text (descriptions, sources, unit labels).

    Returns
    -------
    str
        ``text`` with ``\ & % $ # _ { } ~ ^`` (and the symbols ``·``, ``×``,
        ``≥``, ``≤``) replaced by their LaTeX spellings.
    """
    return "".join(_LATEX_ESCAPES.get(ch, ch) for ch in str(text))


# --------------------------------------------------------------------- helpers
def _references(spec: ModelSpec) -> dict[sp.Symbol, Quantity]:
    """Reference symbols ``<stock>_0`` used by the equations, mapped to their stock."""
    return {sp.Symbol(f"{name}_0", real=True): spec.quantities[name]
            for name in spec.references}


def symbol_names(spec: ModelSpec) -> dict[sp.Symbol, str]:
    r"""LaTeX spelling of every symbol the equations may contain.

    Parameters
    ----------
    spec : ModelSpec
        The symbolic model.

    Returns
    -------
    dict of sympy.Symbol to str
        ``{latex}`` for each quantity (braced, so multi-token symbols such as
        ``P_d G_d`` stay one factor) and ``{latex}_{0}`` for each reference
        value.
    """
    names = {q.symbol: "{" + q.latex + "}" for q in spec.quantities.values()}
    for sym, q in _references(spec).items():
        names[sym] = "{" + q.latex + "}_{0}"
    return names


def expr_latex(expr: sp.Expr, spec: ModelSpec) -> str:
    """LaTeX of one expression of the model, with the model's symbol spellings."""
    return sp.latex(expr, symbol_names=symbol_names(spec))


def _lhs_latex(q: Quantity) -> str:
    return r"\dot{" + q.latex + "}" if q.kind == "stock" else "{" + q.latex + "}"


def _lhs_text(q: Quantity) -> str:
    return f"d({q.name})/dt" if q.kind == "stock" else q.name


def _blocks(spec: ModelSpec) -> list[tuple[str, list[Quantity]]]:
    """Blocks with their equations: flows/auxiliaries (definition order), then stocks.

    Blocks are ordered by their first flow or auxiliary (the causal order of
    the definition); blocks holding only stocks come last.
    """
    order = list(dict.fromkeys(q.block for q in spec.derived))
    order += [b for b in dict.fromkeys(spec.blocks) if b not in order]
    out = []
    for block in order:
        eqs = [q for q in spec.derived if q.block == block and q.expr is not None]
        eqs += [q for q in spec.stocks if q.block == block and q.expr is not None]
        if eqs:
            out.append((block, eqs))
    return out


def unit_text(q: Quantity) -> str:
    """Unit users see, with the internal unit of the equations added when they differ.

    Parameters
    ----------
    q : Quantity

    Returns
    -------
    str
        e.g. ``"thousand persons (equations: mn persons)"`` or ``"tn LCU/year"``.
    """
    if q.display_unit is not None and q.display_label != q.unit_label:
        return f"{q.shown_unit} (equations: {q.unit_label})"
    return q.shown_unit


def _rate_unit_text(q: Quantity) -> str:
    """Unit of a stock's rate of change, as read in the equations."""
    return f"{q.unit_label} per year"


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return f"{float(v):.6g}"


def _range_text(q: Quantity) -> str:
    lo, hi = q.bounds
    return f"[{_fmt(lo) if lo is not None else '-inf'}, {_fmt(hi) if hi is not None else 'inf'}]"


# ------------------------------------------------------------------ equations
def equations_latex(spec: ModelSpec) -> str:
    r"""The model's equations as LaTeX, grouped by block.

    Each block is a ``\subsection*`` with an ``align*`` environment holding
    :math:`y = f(\cdot)` for every flow and auxiliary of the block (in
    definition order, so each right-hand side uses only quantities defined
    above it or stocks) followed by :math:`\dot X = g(\cdot)` for the block's
    stocks.  Rates are per year; each quantity is in its internal unit (see
    :func:`symbol_legend_latex`).

    Parameters
    ----------
    spec : ModelSpec
        The symbolic model.

    Returns
    -------
    str
        A LaTeX fragment (needs ``amsmath``).
    """
    names = symbol_names(spec)
    lines = ["% Equations of the peacetrap model, printed from peacetrap.core.definition.",
             "% Needs amsmath; \\allowdisplaybreaks lets the long blocks break across pages."]
    for block, eqs in _blocks(spec):
        lines.append(r"\subsection*{" + escape_latex(block.replace("_", " ").capitalize())
                     + "}")
        lines.append(r"\begin{align*}")
        rows = [f"  {_lhs_latex(q)} &= {sp.latex(q.expr, symbol_names=names)}" for q in eqs]
        lines.append(" \\\\\n".join(rows))
        lines.append(r"\end{align*}")
    return "\n".join(lines) + "\n"


def equations_text(spec: ModelSpec) -> str:
    """The model's equations as plain text for the terminal, grouped by block.

    Every equation is followed by the meaning and unit of its left-hand
    side; after each block, a ``where`` list explains every other symbol the
    block uses that has not been explained before (parameters, inputs,
    constants, reference values, stocks of other blocks).  Stocks are written
    ``d(X)/dt`` (per year); units are the ones users see, with the internal
    unit of the equations added where it differs.

    Parameters
    ----------
    spec : ModelSpec
        The symbolic model.

    Returns
    -------
    str
    """
    refs = _references(spec)
    by_symbol = {q.symbol: q for q in spec.quantities.values()}
    explained: set[sp.Symbol] = set()
    out = ["Equations of the model (time in years; d(X)/dt is a stock's rate of change per "
           "year).", "Each quantity is in its internal unit in the equations; units in "
           "brackets are the ones files and tables use.", ""]
    for block, eqs in _blocks(spec):
        out.append(block.replace("_", " ").upper())
        used: list[sp.Symbol] = []
        for q in eqs:
            out.append(f"  {_lhs_text(q)} = {sp.sstr(q.expr)}")
            if q.kind == "stock":
                out.append(f"      {q.description} (stock [{unit_text(q)}]; rate in "
                           f"{_rate_unit_text(q)})")
            else:
                out.append(f"      {q.description} [{unit_text(q)}]")
            explained.add(q.symbol)
            for s in sorted(q.expr.free_symbols, key=lambda s: s.name):
                if s not in used:
                    used.append(s)
        where = [s for s in used if s not in explained]
        if where:
            out.append("  where")
            width = max(len(s.name) for s in where)
            for s in where:
                if s in refs:
                    q = refs[s]
                    out.append(f"    {s.name:<{width}}  {q.name} at the start of the run "
                               f"[{q.unit_label}]")
                else:
                    q = by_symbol[s]
                    out.append(f"    {s.name:<{width}}  {q.description} ({q.kind}) "
                               f"[{unit_text(q)}]")
                explained.add(s)
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------- legend
def symbol_legend_latex(spec: ModelSpec) -> str:
    r"""A LaTeX table of every symbol: symbol, description, unit.

    Rows follow the definition order (constants, inputs, parameters, stocks,
    then flows and auxiliaries block by block) and end with the reference
    values :math:`{X}_{0}`.  The unit is the one users see
    (``shown_unit``); where the equations use another scale, it is added as
    ``(equations: ...)``.

    Parameters
    ----------
    spec : ModelSpec

    Returns
    -------
    str
        A ``longtable`` with ``booktabs`` rules.
    """
    head = r"Symbol & Description & Unit \\"
    lines = [r"\begin{longtable}{l p{0.55\linewidth} l}", r"\toprule", head, r"\midrule",
             r"\endhead"]
    for q in spec.quantities.values():
        lines.append(f"${q.latex}$ & {escape_latex(q.description)} & "
                     f"{escape_latex(unit_text(q))} \\\\")
    for sym, q in _references(spec).items():
        lines.append(f"${{{q.latex}}}_{{0}}$ & {escape_latex(q.description)} at the start of "
                     f"the run & {escape_latex(q.unit_label)} \\\\")
    lines += [r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines) + "\n"


def symbol_legend_text(spec: ModelSpec) -> str:
    """Plain-text legend of every symbol: name, kind, unit, description.

    Parameters
    ----------
    spec : ModelSpec

    Returns
    -------
    str
    """
    qs = list(spec.quantities.values())
    w_name = max(len(q.name) for q in qs)
    w_kind = max(len(q.kind) for q in qs)
    w_unit = max(len(unit_text(q)) for q in qs)
    lines = [f"{'name':<{w_name}}  {'kind':<{w_kind}}  {'unit':<{w_unit}}  description"]
    for q in qs:
        lines.append(f"{q.name:<{w_name}}  {q.kind:<{w_kind}}  {unit_text(q):<{w_unit}}  "
                     f"{q.description}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ parameter table
def _values_of(spec: ModelSpec, kinds: tuple[str, ...],
               values: Mapping[str, float] | None) -> list[tuple[Quantity, float]]:
    rows = []
    for q in spec.quantities.values():
        if q.kind not in kinds:
            continue
        v = values[q.name] if values is not None and q.name in values else q.default
        rows.append((q, float(v) if v is not None else float("nan")))
    return rows


def parameter_table_latex(spec: ModelSpec, values: Mapping[str, float] | None = None,
                          kinds: tuple[str, ...] = ("parameter",)) -> str:
    r"""A ``booktabs`` table of the parameters: symbol, description, value, unit, source.

    Parameters
    ----------
    spec : ModelSpec
    values : mapping of str to float, optional
        Values in display units (e.g. a calibration's ``values``); parameters
        not in it show their default.
    kinds : tuple of str
        Kinds of quantity to list (default: parameters only; add ``"input"``
        or ``"constant"`` for those).

    Returns
    -------
    str
        A ``longtable`` with ``booktabs`` rules; values in the unit shown
        (``shown_unit``), printed with six significant digits.
    """
    lines = [r"\begin{longtable}{l p{0.38\linewidth} r l p{0.25\linewidth}}", r"\toprule",
             r"Symbol & Description & Value & Unit & Source \\", r"\midrule", r"\endhead"]
    for q, v in _values_of(spec, kinds, values):
        lines.append(f"${q.latex}$ & {escape_latex(q.description)} & {_fmt(v)} & "
                     f"{escape_latex(q.shown_unit)} & {escape_latex(q.source)} \\\\")
    lines += [r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines) + "\n"


def parameter_table_text(spec: ModelSpec, values: Mapping[str, float] | None = None,
                         kinds: tuple[str, ...] = ("parameter",)) -> str:
    """Plain-text table of the parameters: name, value, unit, range, description, source.

    Parameters
    ----------
    spec : ModelSpec
    values : mapping of str to float, optional
        Values in display units; parameters not in it show their default.
    kinds : tuple of str
        Kinds of quantity to list.

    Returns
    -------
    str
    """
    rows = _values_of(spec, kinds, values)
    if not rows:
        return ""
    w_name = max(len(q.name) for q, _ in rows)
    w_val = max(len(_fmt(v)) for _, v in rows)
    w_unit = max(len(q.shown_unit) for q, _ in rows)
    w_rng = max(len(_range_text(q)) for q, _ in rows)
    lines = [f"{'name':<{w_name}}  {'value':>{w_val}}  {'unit':<{w_unit}}  "
             f"{'range':<{w_rng}}  description [source]"]
    for q, v in rows:
        lines.append(f"{q.name:<{w_name}}  {_fmt(v):>{w_val}}  {q.shown_unit:<{w_unit}}  "
                     f"{_range_text(q):<{w_rng}}  {q.description} [{q.source}]")
    return "\n".join(lines) + "\n"

