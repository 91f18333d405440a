"""Units of measurement: base dimensions, scaled units and a dimensional check.

A unit is a sympy expression in the base dimensions below times an exact
numeric scale, so ``mn * person`` is a million persons and ``year / 12`` a
month.  A quantity with numeric value ``v`` in unit ``u`` is the physical
quantity ``v * u``; two units are *compatible* when their ratio is a pure
number, and *equal* when that number is 1.

The check in :func:`unit_of` walks an equation's right-hand side: terms of a
sum must carry equal units (scale included), arguments of ``exp``/``log`` and
exponents must be dimensionless with scale 1, and plain numbers are
dimensionless.  Conversions between scales are therefore explicit constants of
the model (e.g. ``months_per_year``), never hidden factors.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from peacetrap.errors import UnitsError

# Base dimensions.
person = sp.Symbol("person", positive=True)
LCU = sp.Symbol("LCU", positive=True)  # local currency unit (RUB for Russia)
USD = sp.Symbol("USD", positive=True)
year = sp.Symbol("year", positive=True)
bbl = sp.Symbol("bbl", positive=True)  # barrel of oil
designation = sp.Symbol("designation", positive=True)  # one sanctions listing

BASE_DIMENSIONS = (person, LCU, USD, year, bbl, designation)

# Scales and derived units.
ONE = sp.Integer(1)
percent = sp.Rational(1, 100)
k = sp.Integer(10) ** 3
mn = sp.Integer(10) ** 6
bn = sp.Integer(10) ** 9
tn = sp.Integer(10) ** 12
month = year / 12
quarter = year / 4
day = year * sp.Rational(4, 1461)  # 365.25 days a year

_SCALE_WORDS = {
    sp.Integer(1): "",
    percent: "%",
    k: "thousand",
    mn: "million",
    bn: "bn",
    tn: "tn",
}


@dataclass(frozen=True)
class Unit:
    """A unit with its human label.

    Parameters
    ----------
    expr : sympy.Expr
        Scale times a monomial in the base dimensions.
    label : str
        How the unit is written in tables, e.g. ``"tn LCU/year"``.
    """

    expr: sp.Expr
    label: str

    def __mul__(self, other: "Unit") -> "Unit":
        return Unit(self.expr * other.expr, f"{self.label}·{other.label}")


def split(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Split a unit expression into (numeric scale, dimensional part)."""
    expr = sp.nsimplify(sp.powsimp(sp.expand_power_base(sp.sympify(expr), force=True)))
    scale, dims = sp.Integer(1), sp.Integer(1)
    for factor in sp.Mul.make_args(expr):
        if factor.is_number:
            scale *= factor
        else:
            dims *= factor
    return sp.nsimplify(scale), dims


def conversion_factor(frm: sp.Expr, to: sp.Expr) -> float:
    """Number to multiply a value in unit ``frm`` by to express it in ``to``.

    Raises
    ------
    UnitsError
        If the two units have different dimensions.
    """
    ratio = sp.simplify(sp.sympify(frm) / sp.sympify(to))
    if not ratio.is_number:
        raise UnitsError(f"cannot convert {frm} to {to}: dimensions differ ({ratio})")
    return float(ratio)


def describe(expr: sp.Expr) -> str:
    """A readable label for a unit expression (used where no label was given)."""
    scale, dims = split(expr)
    if dims == 1:
        word = _SCALE_WORDS.get(scale)
        return "1" if word == "" else (word if word is not None else f"×{scale}")
    word = _SCALE_WORDS.get(scale, f"×{scale}")
    text = str(dims).replace("**", "^").replace("*", "·")
    return f"{word} {text}".strip()


def _is_dimensionless_one(u: sp.Expr) -> bool:
    return sp.simplify(u - 1) == 0


def unit_of(expr: sp.Expr, units: dict[sp.Symbol, sp.Expr], where: str = "") -> sp.Expr:
    """Unit of an expression, checking dimensional consistency on the way.

    Parameters
    ----------
    expr : sympy.Expr
        An expression over model symbols.
    units : dict
        Unit expression of every symbol that may occur in ``expr``.
    where : str
        Name of the equation, for error messages.

    Returns
    -------
    sympy.Expr
        The unit (scale times dimensions) of ``expr``.

    Raises
    ------
    UnitsError
        On a sum of unlike terms, a non-dimensionless exponent or function
        argument, or a symbol with no declared unit.
    """
    if expr.is_Symbol:
        try:
            return units[expr]
        except KeyError:
            raise UnitsError(f"{where}: symbol {expr} has no declared unit") from None
    if expr.is_number:
        return sp.Integer(1)
    if expr.is_Add:
        terms = [unit_of(a, units, where) for a in expr.args]
        first = terms[0]
        for arg, u in zip(expr.args[1:], terms[1:]):
            if sp.simplify(u / first - 1) != 0:
                raise UnitsError(
                    f"{where}: terms of a sum have different units: "
                    f"[{describe(first)}] vs [{describe(u)}] in term {arg}"
                )
        return first
    if expr.is_Mul:
        out = sp.Integer(1)
        for a in expr.args:
            out *= unit_of(a, units, where)
        return out
    if expr.is_Pow:
        base_u = unit_of(expr.base, units, where)
        exp_u = unit_of(expr.exp, units, where)
        if not _is_dimensionless_one(exp_u):
            raise UnitsError(f"{where}: exponent {expr.exp} is not dimensionless")
        if _is_dimensionless_one(base_u):
            return sp.Integer(1)
        if not expr.exp.is_number:
            raise UnitsError(f"{where}: dimensional base {expr.base} raised to symbolic power")
        return base_u**expr.exp
    if isinstance(expr, sp.Function) or expr.func in (sp.exp, sp.log):
        arg_units = [unit_of(a, units, where) for a in expr.args]
        # softplus(x, s) and friends carry the unit of their first argument
        # when the function declares it; elementary functions need pure numbers.
        same = getattr(expr.func, "unit_preserving", False)
        if same:
            for u in arg_units[1:]:
                if sp.simplify(u / arg_units[0] - 1) != 0:
                    raise UnitsError(f"{where}: arguments of {expr.func} differ in units")
            return arg_units[0]
        for a, u in zip(expr.args, arg_units):
            if not _is_dimensionless_one(u):
                raise UnitsError(
                    f"{where}: argument {a} of {expr.func} has unit [{describe(u)}], "
                    "must be dimensionless"
                )
        return sp.Integer(1)
    raise UnitsError(f"{where}: cannot determine the unit of {expr}")
