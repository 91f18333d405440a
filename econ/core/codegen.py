"""Numeric code generated from the symbolic model.

The right-hand side, the auxiliaries and a fixed-step fourth-order Runge–Kutta
integrator are printed as Python source from the sympy expressions in
:mod:`peacetrap.core.definition`, into one module that the disk cache
(:mod:`peacetrap.core.cache`) keeps and numba compiles once per machine.
Nothing read from a file is turned into code: the only source is the model
definition itself.

The integrator runs a batch of parameter sets (serial, releasing the GIL, so
callers spread chunks over threads) and samples the state on a coarser grid
(quarter ends).  It records the first stock of each batch member that is not
finite or leaves its declared bounds instead of raising, so the caller can name
the variable and the time in its error.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from peacetrap.core import cache
from peacetrap.core.info import ABOVE, BELOW, NOT_FINITE, OK, Layout, ModelInfo, QuantityInfo
from peacetrap.core.symbolic import ModelSpec, softplus

__all__ = ["ABOVE", "BELOW", "NOT_FINITE", "OK", "Layout", "check_order", "derived_source",
           "describe", "layout", "module_source", "rows_source", "source", "spellings",
           "store"]


#: Relative change of an input across a step boundary above which the kernels count it
#: as a jump (and take no error estimate across it).
CONTINUITY = 1e-6
#: Smallest scale of a stock in the kernels' error estimate (internal units: one
#: percentage point of a rate, 0.01 of a log).
SCALE_FLOOR = 1e-2


def small_power(ex: sp.Expr) -> int | None:
    """The exponent as an int when it is a whole number from -4 to 4 (``4`` or ``4.0``), else None.

    The printers spell such powers as products: a few multiplications instead of a call
    to ``pow`` (the model's Hill functions use the fourth power).
    """
    if ex.is_Number and float(ex).is_integer() and abs(float(ex)) <= 4:
        return int(ex)
    return None


class _Printer(PythonCodePrinter):
    """Prints model expressions as plain scalar Python for numba."""

    def __init__(self, names: dict[sp.Symbol, str]) -> None:
        super().__init__({"fully_qualified_modules": False, "standard": "python3"})
        self._names = names

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return self._names[expr]

    def _print_softplus(self, expr: sp.Expr) -> str:
        x, s = expr.args
        return f"_softplus({self._print(x)}, {self._print(s)})"

    def _print_exp(self, expr: sp.Expr) -> str:
        return f"math.exp({self._print(expr.args[0])})"

    def _print_log(self, expr: sp.Expr) -> str:
        return f"math.log({self._print(expr.args[0])})"

    def _print_Pow(self, expr: sp.Expr, rational: bool = False) -> str:
        base, ex = expr.args
        n = small_power(ex)
        if n is None:
            return f"(({self._print(base)})**({self._print(ex)}))"
        prod = "*".join([f"({self._print(base)})"] * abs(n))
        return f"({prod})" if n > 0 else f"(1.0/({prod}))"

    def _print_Rational(self, expr: sp.Expr) -> str:
        return repr(float(expr))

    def _print_Integer(self, expr: sp.Expr) -> str:
        return repr(float(expr))

    def _print_Float(self, expr: sp.Expr) -> str:
        return repr(float(expr))


def layout(spec: ModelSpec) -> Layout:
    """Array layout of a model."""
    return Layout(
        stocks=[q.name for q in spec.stocks],
        parameters=[q.name for q in spec.parameters],
        inputs=[q.name for q in spec.inputs],
        derived=[q.name for q in spec.derived],
        references=spec.references,
    )


def spellings(spec: ModelSpec, lay: Layout,
              spell: Callable[[str, int, str], str]) -> dict[sp.Symbol, str]:
    """How each symbol is spelled in generated code.

    ``spell(group, index, name)`` spells a stock, parameter, input, derived
    quantity or reference value (``group``) at its ``index`` in the layout;
    constants are always printed as their values.
    """
    groups = {"stock": lay.stocks, "parameter": lay.parameters, "input": lay.inputs}
    names: dict[sp.Symbol, str] = {}
    for q in spec.quantities.values():
        if q.kind == "constant":
            names[q.symbol] = repr(q.default_value)
        elif q.kind in groups:
            names[q.symbol] = spell(q.kind, groups[q.kind].index(q.name), q.name)
        else:
            names[q.symbol] = spell("derived", lay.derived.index(q.name), q.name)
    for ref in lay.references:
        names[sp.Symbol(f"{ref}_0", real=True)] = spell("reference", lay.stocks.index(ref), ref)
    return names


def _names(spec: ModelSpec, lay: Layout, vector: bool = False) -> dict[sp.Symbol, str]:
    """Scalar (``x[3]``) or trailing-axis (``x[..., 3]``) spellings for rhs and derived."""
    ax = "..., " if vector else ""
    arrays = {"stock": "x", "parameter": "p", "input": "u", "reference": "x0"}

    def spell(group: str, i: int, name: str) -> str:
        return f"d_{name}" if group == "derived" else f"{arrays[group]}[{ax}{i}]"

    return spellings(spec, lay, spell)


def check_order(spec: ModelSpec) -> None:
    """Raise ``ValueError`` if a derived quantity uses one defined after it."""
    seen = {q.symbol for q in spec.quantities.values()
            if q.kind in ("stock", "parameter", "input", "constant")}
    seen |= {sp.Symbol(f"{r}_0", real=True) for r in spec.references}
    for q in spec.derived:
        missing = q.equation.free_symbols - seen
        if missing:
            raise ValueError(f"{q.name} uses {sorted(map(str, missing))} before definition")
        seen.add(q.symbol)


class _RhsPrinter(_Printer):
    r"""The scalar printer, with every softplus evaluated once per ``rhs`` call.

    Each distinct :math:`\operatorname{sp}(x, s)` is assigned to a local the first time it
    is printed and read from it afterwards; its mirror uses the identity
    :math:`\operatorname{sp}(-x, s) = \operatorname{sp}(x, s) - x`, so a net flow split
    into gross flows (hires and leavers, inflows and outflows) costs one evaluation, as in
    the vectorised kernel (:mod:`peacetrap.core.fastbatch`).
    """

    def __init__(self, names: dict[sp.Symbol, str]) -> None:
        super().__init__(names)
        self.kept: dict[sp.Expr, str] = {}
        self.pending: list[str] = []

    def _print_softplus(self, expr: sp.Expr) -> str:
        if expr in self.kept:
            return self.kept[expr]
        x, s = expr.args
        mirror = softplus(-x, s)
        if mirror in self.kept:
            return f"({self.kept[mirror]} + ({self._print(x)}))"
        code = super()._print_softplus(expr)   # a softplus in its argument is kept first
        name = f"sp_{len(self.kept)}"
        self.pending.append(f"    {name} = {code}")
        self.kept[expr] = name
        return name

    def line(self, target: str, expr: sp.Expr) -> list[str]:
        """``target = expr``, preceded by the softplus locals it introduces."""
        code = self.doprint(expr)
        lines, self.pending = self.pending + [f"    {target} = {code}"], []
        return lines


def _derived_lines(spec: ModelSpec) -> tuple[_RhsPrinter, list[str]]:
    """The scalar printer and its lines ``d_<name> = ...`` for every flow and auxiliary."""
    check_order(spec)
    pr = _RhsPrinter(_names(spec, layout(spec)))
    return pr, [line for q in spec.derived for line in pr.line(f"d_{q.name}", q.expr)]


def source(spec: ModelSpec) -> str:
    """Python source of the scalar right-hand side ``rhs(x, x0, p, u, dx)``."""
    pr, lines = _derived_lines(spec)
    lines += [line for k, q in enumerate(spec.stocks) for line in pr.line(f"dx[{k}]", q.expr)]
    return "\n".join(["def rhs(x, x0, p, u, dx):", *lines, ""])


_RK4 = '''
def integrate(x0, p, inputs, dt, n_steps, every, limits, out, status, err):
    \"\"\"RK4 over a batch; member b uses input block b % n_blocks.

    inputs[:, :, 3k:3k+3] hold the inputs at the start of step k, its midpoint and just
    before its end (left limit), so a path that jumps at a step boundary is integrated
    exactly as the piecewise-smooth function it is.

    err[b] receives member b's largest local error estimate relative to the stock's scale:
    max over steps and stocks of dt/6 |k4 - k5| / max(max_t |x|, SCALE_FLOOR), where k5 is
    the next step's first stage (the embedded third-order solution of the same stages,
    first same as last); steps whose end the inputs jump across are not estimated.
    \"\"\"
    nb, ns = x0.shape
    n_in = inputs.shape[1]
    n_blocks = inputs.shape[0]
    k1 = np.empty(ns); k2 = np.empty(ns); k3 = np.empty(ns); k4 = np.empty(ns)
    tmp = np.empty(ns); x = np.empty(ns)
    ua = np.empty(n_in); um = np.empty(n_in); ue = np.empty(n_in)
    emax = np.empty(ns); xmax = np.empty(ns)
    for bb in range(nb):
        ib = bb % n_blocks
        ref = x0[bb]
        pp = p[bb]
        for j in range(ns):
            x[j] = ref[j]
            out[bb, 0, j] = x[j]
            emax[j] = 0.0
            xmax[j] = abs(x[j])
        for step in range(n_steps):
            for j in range(n_in):
                ua[j] = inputs[ib, j, 3 * step]
                um[j] = inputs[ib, j, 3 * step + 1]
            rhs(x, ref, pp, ua, k1)
            if step > 0:
                # the inputs are continuous across the step boundary: k1 is the last
                # step's k5, and dt/6 (k4 - k5) its local error estimate
                smooth = True
                for j in range(n_in):
                    if abs(ua[j] - ue[j]) > CONTINUITY * (abs(ua[j]) + abs(ue[j])) + 1e-300:
                        smooth = False
                if smooth:
                    for j in range(ns):
                        e = abs(k4[j] - k1[j])
                        if e > emax[j]:
                            emax[j] = e
            for j in range(n_in):
                ue[j] = inputs[ib, j, 3 * step + 2]
            for j in range(ns):
                tmp[j] = x[j] + 0.5 * dt * k1[j]
            rhs(tmp, ref, pp, um, k2)
            for j in range(ns):
                tmp[j] = x[j] + 0.5 * dt * k2[j]
            rhs(tmp, ref, pp, um, k3)
            for j in range(ns):
                tmp[j] = x[j] + dt * k3[j]
            rhs(tmp, ref, pp, ue, k4)
            bad = -1
            code = 0
            for j in range(ns):
                x[j] += dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])
                if abs(x[j]) > xmax[j]:
                    xmax[j] = abs(x[j])
                if bad < 0:
                    if not math.isfinite(x[j]):
                        bad = j
                        code = 1
                    elif x[j] < limits[0, j]:
                        bad = j
                        code = 2
                    elif x[j] > limits[1, j]:
                        bad = j
                        code = 3
            if bad >= 0:
                status[bb, 0] = code
                status[bb, 1] = bad
                status[bb, 2] = step + 1
                break
            if (step + 1) % every == 0:
                row = (step + 1) // every
                for j in range(ns):
                    out[bb, row, j] = x[j]
        worst = 0.0
        for j in range(ns):
            r = emax[j] / max(xmax[j], SCALE_FLOOR)
            if r > worst:
                worst = r
        err[bb] = dt / 6.0 * worst
    return 0
'''


def rows_source(spec: ModelSpec) -> str:
    """Python source of ``state_rows(x, x0, p, u, out, dx)``: for each row ``m`` of ``x``
    (stocks), ``x0`` (references), ``p`` and ``u``, every flow and auxiliary into
    ``out[m]`` and the stocks' rates of change into ``dx[m]``, with the arithmetic of
    :func:`source` (numba compiles it: one call evaluates a whole batch of initial states,
    where the numpy ``derived`` pays its per-array overhead on every quantity)."""
    pr, lines = _derived_lines(spec)
    lines += [f"    out[{k}] = d_{q.name}" for k, q in enumerate(spec.derived)]
    lines += [line for k, q in enumerate(spec.stocks) for line in pr.line(f"dx[{k}]", q.expr)]
    body = "\n".join(["def _state_row(x, x0, p, u, out, dx):", *lines, ""])
    return body + """

def state_rows(x, x0, p, u, out, dx):
    for m in range(x.shape[0]):
        _state_row(x[m], x0[m], p[m], u[m], out[m], dx[m])
"""


def derived_source(spec: ModelSpec) -> str:
    """Numpy source computing every flow and auxiliary from arrays."""
    lay = layout(spec)
    pr = _Printer(_names(spec, lay, vector=True))
    lines = ["def derived(x, x0, p, u):"]
    for q in spec.derived:
        code = pr.doprint(q.expr).replace("math.exp", "np.exp").replace("math.log", "np.log")
        code = code.replace("_softplus(", "_numpy_softplus(")
        lines.append(f"    d_{q.name} = {code}")
    lines.append("    return np.stack(np.broadcast_arrays("
                 + ", ".join(f"d_{q.name}" for q in spec.derived) + "), axis=-1)")
    return "\n".join(lines) + "\n"


_HEADER = '''"""Generated by peacetrap.core.codegen from the model definition; do not edit.

The functions below run as plain Python; :func:`compile_numba` rebinds ``_softplus``,
``rhs``, ``integrate`` and ``state_rows`` to numba-compiled versions of the same source.
"""
import math

import numpy as np

CONTINUITY = {continuity!r}
SCALE_FLOOR = {scale_floor!r}


def _softplus(x, s):
    z = x / s
    if z > 30.0:
        return x
    if z < -30.0:
        return s * math.exp(z)
    return s * math.log1p(math.exp(z))


def _numpy_softplus(x, s):
    return s * np.logaddexp(0.0, x / s)


'''

_COMPILE = '''

_compiled = None


def compile_numba():
    """Rebind ``_softplus``, ``rhs``, ``integrate`` and ``state_rows`` to numba's compiled
    versions (loaded from numba's disk cache once saved), once; returns
    ``(rhs, integrate, state_rows)``."""
    global _softplus, rhs, integrate, _state_row, state_rows, _compiled
    if _compiled is None:
        import numba

        _softplus = numba.njit(cache=True, fastmath=False, inline="always")(_softplus)
        rhs = numba.njit(error_model="numpy", cache=True)(rhs)
        integrate = numba.njit(nogil=True, error_model="numpy", cache=True)(integrate)
        _state_row = numba.njit(error_model="numpy", cache=True, inline="always")(_state_row)
        state_rows = numba.njit(error_model="numpy", cache=True)(state_rows)
        _compiled = (rhs, integrate, state_rows)
    return _compiled
'''


def module_source(spec: ModelSpec) -> str:
    """Source of the generated kernel module: ``rhs``, ``integrate``, ``derived``,
    ``state_rows``, ``compile_numba``.

    ``rhs(x, x0, p, u, dx)`` writes the stocks' rates of change; ``integrate``
    is the RK4 driver above; ``derived(x, x0, p, u)`` evaluates every flow and
    auxiliary over whole arrays with numpy, ``state_rows`` the same and the rates row by row
    with the scalar printer (:func:`rows_source`); ``compile_numba()`` swaps the scalar functions
    for numba's machine code of the same source.
    """
    header = _HEADER.replace("{continuity!r}", repr(CONTINUITY)).replace(
        "{scale_floor!r}", repr(SCALE_FLOOR))
    return (header + source(spec) + "\n" + _RK4 + "\n" + derived_source(spec) + "\n\n"
            + rows_source(spec) + _COMPILE)


def _number(v: float | int | None) -> float | int | None:
    """A default or bound as JSON can keep it (ints stay ints, as the definition wrote them)."""
    if v is None or isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    return float(v)


def describe(spec: ModelSpec, kernels: str) -> ModelInfo:
    """The plain-data description of a model (see :mod:`peacetrap.core.info`)."""
    quantities = {
        q.name: QuantityInfo(
            name=q.name, kind=q.kind, block=q.block, latex=q.latex, unit_label=q.unit_label,
            description=q.description,
            default=_number(q.default),
            bounds=(_number(q.bounds[0]), _number(q.bounds[1])),
            source=q.source, growth=q.growth, display_label=q.display_label,
            has_display_unit=q.display_unit is not None, to_display=float(q.to_display),
            reports=q.reports, reference=q.reference, channel=q.channel, trend_of=q.trend_of,
            scale=q.scale, uncertain=q.uncertain, base_of=q.base_of)
        for q in spec.quantities.values()}
    return ModelInfo(layout=layout(spec), quantities=quantities, kernels=kernels,
                     blocks=list(spec.blocks), channel_names=list(spec.channel_names))


def store(spec: ModelSpec) -> ModelInfo:
    """Generate the kernel module of ``spec`` into the disk cache; return its description."""
    text = module_source(spec)
    name = f"peacetrap_rk4_{cache.source_key(text)}"
    cache.store_module(name, text)
    return describe(spec, name)
