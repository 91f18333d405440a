"""Building blocks of the symbolic model: quantities, flows and the registry.

The model in :mod:`peacetrap.core.definition` is written once with these classes.
Every other representation (simulation code, LaTeX, documentation tables,
units check, accounting checks) is derived from the :class:`ModelSpec` that
the registry builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import sympy as sp

from peacetrap.core import units as un
from peacetrap.core.info import Declarations, Declared, Report

Kind = Literal["stock", "flow", "auxiliary", "parameter", "input", "constant"]


class softplus(sp.Function):
    r"""Smooth positive part, :math:`\operatorname{sp}(x; s) = s \ln(1 + e^{x/s})`.

    ``softplus(x, s) - softplus(-x, s) == x`` exactly, which is how the model
    splits a net adjustment into gross hires and separations without a kink.
    The result carries the unit of ``x`` (``s`` must have the same unit).
    """

    nargs = 2
    unit_preserving = True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x, s = self.args
        if argindex == 1:
            return 1 / (1 + sp.exp(-x / s))
        return sp.log(1 + sp.exp(x / s)) - x / s / (1 + sp.exp(-x / s))

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: object = None) -> str:
        x, s = self.args
        tex = r"\operatorname{sp}\left(%s\right)" % printer._print(x)
        return tex if exp is None else f"{tex}^{{{exp}}}"


def softplus_at_zero(s: sp.Expr) -> sp.Expr:
    r"""Value of :class:`softplus` at zero, :math:`s \ln 2`.

    A smooth positive part less this value is zero at rest, where its argument is
    zero, so a term built on it moves nothing in a balanced state.
    """
    return s * sp.log(2)


@dataclass
class Quantity(Declared):
    """One named quantity of the model.

    Parameters
    ----------
    name : str
        Identifier used in files, code and result columns (snake case).
    symbol : sympy.Symbol
        The symbol used in the equations (its name equals ``name``).
    latex : str
        LaTeX for the symbol.
    kind : str
        ``stock``, ``flow``, ``auxiliary``, ``parameter``, ``input`` or ``constant``.
    unit : sympy.Expr
        Unit expression (see :mod:`peacetrap.core.units`).
    unit_label : str
        Human label of the unit.
    description : str
        One line saying what it is.
    block : str
        The model block it belongs to (labour, prices, money, ...).
    default : float or None
        Default value (parameters, constants, inputs) or initial value (stocks).
    bounds : tuple
        Allowed range ``(low, high)``; ``None`` for an open end.
    source : str
        Where the default comes from.
    expr : sympy.Expr or None
        Defining expression (flows, auxiliaries) or rate of change (stocks).
    growth : str
        For stocks: the steady-growth class used by the steady-state check
        (``none``, ``price``, ``wage``, ``nominal``, ``fx``, ``foreign``,
        ``productivity``) or ``accumulator`` for a pure running total.
    display_unit : sympy.Expr or None
        Unit in which users read and write the value (files, tables); the
        conversion to ``unit`` is derived from the two expressions.
    display_label : str
        Label of ``display_unit``.
    reports, reference, channel, trend_of, scale, uncertain
        What else the definition declares (:class:`peacetrap.core.info.Declared`).
    """

    name: str
    symbol: sp.Symbol
    latex: str
    kind: Kind
    unit: sp.Expr
    unit_label: str
    description: str
    block: str
    default: float | None = None
    bounds: tuple[float | None, float | None] = (None, None)
    source: str = ""
    expr: sp.Expr | None = None
    growth: str = "none"
    display_unit: sp.Expr | None = None
    display_label: str = ""

    @property
    def equation(self) -> sp.Expr:
        """``expr``, which flows, auxiliaries and stocks have (``ValueError`` otherwise)."""
        if self.expr is None:
            raise ValueError(f"{self.name} has no equation")
        return self.expr

    @property
    def to_display(self) -> float:
        """Factor taking an internal value to the display unit."""
        if self.display_unit is None:
            return 1.0
        return un.conversion_factor(self.unit, self.display_unit)

    @property
    def shown_unit(self) -> str:
        """Label of the unit users see."""
        return self.display_label if self.display_unit is not None else self.unit_label


@dataclass
class Flow:
    """A flow of people between two pools (``None`` = outside the system)."""

    quantity: Quantity
    source: Quantity | None
    target: Quantity | None


@dataclass
class Transaction:
    """A row of the transactions-flow matrix: who pays, who receives."""

    quantity: Quantity
    payer: str
    payee: str


@dataclass
class ModelSpec(Declarations):
    """The whole symbolic model, as built by :class:`Registry`."""

    quantities: dict[str, Quantity]
    people_flows: list[Flow]
    transactions: list[Transaction]
    sectors: list[str]
    sector_saving: dict[str, sp.Expr]
    sector_assets: dict[str, sp.Expr]
    balance_sheet: sp.Expr
    invariants: dict[str, sp.Expr]
    blocks: list[str]
    channel_names: list[str] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> list[Quantity]:
        """Quantities of one kind, in definition order."""
        return [q for q in self.quantities.values() if q.kind == kind]

    @property
    def stocks(self) -> list[Quantity]:
        return self.of_kind("stock")

    @property
    def parameters(self) -> list[Quantity]:
        return self.of_kind("parameter")

    @property
    def inputs(self) -> list[Quantity]:
        return self.of_kind("input")

    @property
    def constants(self) -> list[Quantity]:
        return self.of_kind("constant")

    @property
    def derived(self) -> list[Quantity]:
        """Flows and auxiliaries in an order where each depends only on earlier ones."""
        return [q for q in self.quantities.values() if q.kind in ("flow", "auxiliary")]

    def symbol_units(self) -> dict[sp.Symbol, sp.Expr]:
        return {q.symbol: q.unit for q in self.quantities.values()}


@dataclass
class Registry:
    """Collects quantities in definition order and builds a :class:`ModelSpec`."""

    quantities: dict[str, Quantity] = field(default_factory=dict)
    people_flows: list[Flow] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    block: str = ""
    blocks: list[str] = field(default_factory=list)

    def begin(self, block: str) -> None:
        """Start a new block of equations."""
        self.block = block
        self.blocks.append(block)

    def _add(self, name: str, latex: str, kind: Kind, unit: un.Unit, description: str,
             **kw: Any) -> sp.Symbol:
        if name in self.quantities:
            raise ValueError(f"quantity {name} defined twice")
        sym = sp.Symbol(name, real=True)
        display = kw.pop("display", None)
        report = kw.pop("report", ())
        reports = (report,) if isinstance(report, Report) else tuple(report)
        kw["reports"] = tuple(replace(r, quantity=name) for r in reports)
        q = Quantity(name=name, symbol=sym, latex=latex, kind=kind, unit=unit.expr,
                     unit_label=unit.label, description=description, block=self.block,
                     display_unit=display.expr if display else None,
                     display_label=display.label if display else "", **kw)
        self.quantities[name] = q
        return sym

    def stock(self, name: str, latex: str, unit: un.Unit, description: str, *,
              initial: float, source: str, growth: str = "none", rate: sp.Expr | None = None,
              bounds: tuple = (0.0, None), display: un.Unit | None = None,
              reference: bool = False, report: Report | tuple[Report, ...] = ()) -> sp.Symbol:
        """Declare a stock; ``rate`` is its time derivative unless flows define it.

        ``reference``: equations may use its initial value ``<name>_0``; ``report``:
        columns of the output contract computed from it.
        """
        return self._add(name, latex, "stock", unit, description, default=initial,
                         source=source, growth=growth, expr=rate, bounds=bounds, display=display,
                         reference=reference, report=report)

    def set_rate(self, stock: sp.Symbol, rate: sp.Expr) -> None:
        """Give a stock its rate of change (after the flows it needs are defined)."""
        self.quantities[stock.name].expr = rate

    def parameter(self, name: str, latex: str, unit: un.Unit, description: str, *,
                  default: float, bounds: tuple, source: str,
                  display: un.Unit | None = None, trend_of: str | None = None,
                  scale: bool = False, uncertain: bool | None = None,
                  base_of: str | None = None,
                  accounts: tuple[float, float] | None = None) -> sp.Symbol:
        """Declare a parameter with default, allowed range and source.

        ``trend_of``: the growth class whose trend rate it is; ``scale``: it sets the
        size of the economy; ``uncertain`` (default: neither a scale parameter nor a
        ``normalisation`` or ``numerical`` setting): it gets a prior in ensembles;
        ``base_of``: the input whose value at the start of a calibration's history it
        is (a base-period price; checked when a calibration is loaded).
        ``accounts``: for a structural ratio an episode's balancing sets from its own
        national accounts, the values those accounts allow (the range stays Russia's).
        """
        if uncertain is None:
            uncertain = not scale and source.strip().lower() not in ("normalisation",
                                                                     "numerical")
        return self._add(name, latex, "parameter", unit, description, default=default,
                         bounds=bounds, source=source, display=display, trend_of=trend_of,
                         scale=scale, uncertain=uncertain, base_of=base_of,
                         accounts=accounts)

    def constant(self, name: str, latex: str, unit: un.Unit, description: str, *,
                 value: float) -> sp.Symbol:
        """Declare a conversion constant (not calibrated)."""
        return self._add(name, latex, "constant", unit, description, default=value,
                         bounds=(value, value), source="definition")

    def input(self, name: str, latex: str, unit: un.Unit, description: str, *,
              default: float, bounds: tuple, source: str,
              display: un.Unit | None = None, channel: str | None = None) -> sp.Symbol:
        """Declare an exogenous input (a time path a scenario sets).

        ``channel``: the shock channel of the decomposition it belongs to.
        """
        return self._add(name, latex, "input", unit, description, default=default,
                         bounds=bounds, source=source, display=display, channel=channel)

    def aux(self, name: str, latex: str, unit: un.Unit, description: str,
            expr: sp.Expr, display: un.Unit | None = None, *,
            report: Report | tuple[Report, ...] = ()) -> sp.Symbol:
        """Declare an auxiliary (algebraic) variable (``report``: contract columns from it)."""
        return self._add(name, latex, "auxiliary", unit, description, expr=sp.sympify(expr),
                         display=display, report=report)

    def flow(self, name: str, latex: str, unit: un.Unit, description: str, expr: sp.Expr, *,
             frm: sp.Symbol | None = None, to: sp.Symbol | None = None,
             payer: str | None = None, payee: str | None = None,
             display: un.Unit | None = None) -> sp.Symbol:
        """Declare a flow: of people between pools, or of money between sectors."""
        sym = self._add(name, latex, "flow", unit, description, expr=sp.sympify(expr),
                        display=display)
        q = self.quantities[name]
        if frm is not None or to is not None:
            self.people_flows.append(Flow(q, self.quantities[frm.name] if frm is not None else None,
                                          self.quantities[to.name] if to is not None else None))
        if payer is not None:
            if payee is None:
                raise ValueError(f"flow {name}: a payer needs a payee")
            self.transactions.append(Transaction(q, payer, payee))
        return sym

    def pool_rate(self, pool: sp.Symbol) -> sp.Expr:
        """Inflows minus outflows of a people pool, from the declared flows."""
        rate = sp.Integer(0)
        for f in self.people_flows:
            if f.target is not None and f.target.symbol == pool:
                rate += f.quantity.symbol
            if f.source is not None and f.source.symbol == pool:
                rate -= f.quantity.symbol
        return rate

    def build(self, sectors: list[str], sector_saving: dict[str, sp.Expr],
              sector_assets: dict[str, sp.Expr], balance_sheet: sp.Expr,
              invariants: dict[str, sp.Expr], channels: list[str] | None = None) -> ModelSpec:
        """Freeze the registry into a :class:`ModelSpec` (``channels``: the shock channels)."""
        missing = [q.name for q in self.quantities.values()
                   if q.kind in ("stock", "flow", "auxiliary") and q.expr is None]
        if missing:
            raise ValueError(f"quantities without an equation: {missing}")
        channels = list(channels or [])
        stray = [f"{q.name} ({q.channel})" for q in self.quantities.values()
                 if q.channel is not None and q.channel not in channels]
        if stray:
            raise ValueError(f"inputs in undeclared channels: {stray}; channels: {channels}")
        names = [r.name for q in self.quantities.values() for r in q.reports]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"report columns declared twice: {twice}")
        return ModelSpec(quantities=dict(self.quantities), people_flows=list(self.people_flows),
                         transactions=list(self.transactions), sectors=sectors,
                         sector_saving=sector_saving, sector_assets=sector_assets,
                         balance_sheet=balance_sheet,
                         invariants=invariants, blocks=list(self.blocks),
                         channel_names=channels)
