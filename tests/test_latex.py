"""LaTeX and text printed from the symbolic model."""

from __future__ import annotations

import re

import pytest

from peacetrap.core import definition
from peacetrap.core import latex as lx


@pytest.fixture(scope="module")
def spec():
    return definition.build()


def balanced(tex: str) -> bool:
    """Braces balance (ignoring escaped ones) and never close before they open."""
    depth = 0
    for m in re.finditer(r"\\[{}]|[{}]", tex):
        tok = m.group()
        if tok.startswith("\\"):
            continue
        depth += 1 if tok == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def test_escape_latex_special_characters():
    assert lx.escape_latex("50% & $5 #1 a_b {x} ~3 ^2 \\") == (
        r"50\% \& \$5 \#1 a\_b \{x\} \textasciitilde{}3 \textasciicircum{}2 \textbackslash{}")


def test_equations_latex_has_every_equation(spec):
    tex = lx.equations_latex(spec)
    assert balanced(tex)
    assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") >= 5
    for q in spec.stocks:
        assert r"\dot{" + q.latex + "} &=" in tex, q.name
    for q in spec.derived:
        assert "{" + q.latex + "} &=" in tex, q.name
    # reference values are written X_0, never as raw Python names
    assert "exchange_rate_0" not in tex and "{X}_{0}" in tex


def test_legend_and_parameter_table_are_booktabs(spec):
    legend = lx.symbol_legend_latex(spec)
    table = lx.parameter_table_latex(spec, {"wage_phillips": 0.123})
    for tex in (legend, table):
        assert balanced(tex)
        assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    # every parameter has a row with its value, escaped unit and source
    rows = [line for line in table.splitlines() if line.endswith(r"\\") and line.startswith("$")]
    assert len(rows) == len(spec.parameters)
    assert any("0.123" in r and r"\phi_w" in r for r in rows)
    # % of display units and sources is escaped
    assert re.search(r"(?<!\\)%", table.replace("\n%", "")) is None
    assert len([ln for ln in legend.splitlines() if ln.startswith("$")]) >= len(spec.quantities)


def test_text_versions(spec):
    text = lx.equations_text(spec)
    for q in spec.stocks:
        assert f"d({q.name})/dt = " in text
    for q in spec.derived:
        assert f"\n  {q.name} = " in text
    # every parameter used in an equation is explained in a "where" list, with its unit
    used = set().union(*(q.expr.free_symbols for q in spec.quantities.values() if q.expr is not None))
    for q in spec.parameters:
        if q.symbol in used:
            assert re.search(rf"\n    {q.name} +.*\[{re.escape(q.shown_unit)}", text), q.name
    table = lx.parameter_table_text(spec)
    assert len(table.strip().splitlines()) == len(spec.parameters) + 1
    q = spec.quantities["wage_phillips"]
    assert re.search(rf"wage_phillips .*\[{q.bounds[0]:g}, {q.bounds[1]:g}\]", table)
