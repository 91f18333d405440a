"""What a running model needs to know about its quantities, as plain data.

A :class:`ModelInfo` is derived from the symbolic definition
(:func:`peacetrap.core.codegen.describe`) and kept in the disk cache as JSON,
so that a warm process simulates without importing sympy.  Every field is a
string, a number or a list of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

#: Status codes written by the integration kernels: a stock not finite, below its declared
#: lower bound (a negative stock, as a rule) or above its declared upper bound.
OK, NOT_FINITE, BELOW, ABOVE = 0, 1, 2, 3


Transform = Literal["level", "yoy", "index"]


@dataclass(frozen=True)
class Report:
    r"""A column of the output contract computed from one quantity (display units).

    Parameters
    ----------
    name : str
        Column name (``unemployment_rate_pct``).
    label, unit : str
        How tables and figures label it (plain text).
    decimals : int
        Rounding in tables and numbers.
    transform : str
        ``level`` (the value), ``yoy`` (:math:`100\,(x_t / x_{t-4} - 1)`, the change
        on the same quarter a year earlier) or ``index`` (:math:`100\,x_t / \bar x`,
        :math:`\bar x` the base year's average).
    deflator : str, optional
        A quantity the value is divided by first (a real wage from the nominal one).
    short : str
        Short label for figure panels.
    quantity : str
        The quantity reported (set by the registry).
    """

    name: str
    label: str
    unit: str
    decimals: int
    transform: Transform = "level"
    deflator: str | None = None
    short: str = ""
    quantity: str = ""


class Declarations:
    """What the definition declares about its quantities, as tables (a mixin).

    Shared by :class:`peacetrap.core.symbolic.ModelSpec` and :class:`ModelInfo`, so the
    symbolic model and its plain-data description answer alike; needs ``quantities``
    (objects with ``name``, ``kind`` and the declaration attributes) and ``channel_names``.
    """

    quantities: dict
    channel_names: list[str]

    def _of(self, kind: str) -> list:
        return [q for q in self.quantities.values() if q.kind == kind]

    @property
    def reports(self) -> dict[str, Report]:
        """Columns of the output contract, by name, in definition order."""
        return {r.name: r for q in self.quantities.values() for r in q.reports}

    @property
    def references(self) -> list[str]:
        """Stocks whose initial value ``<name>_0`` equations may use."""
        return [q.name for q in self._of("stock") if q.reference]

    @property
    def growth_parameters(self) -> dict[str, str]:
        """Growth class -> the parameter giving its trend growth rate."""
        return {q.trend_of: q.name for q in self._of("parameter") if q.trend_of}

    @property
    def scale_parameters(self) -> list[str]:
        """Parameters that set the size of the economy."""
        return [q.name for q in self._of("parameter") if q.scale]

    @property
    def uncertain_parameters(self) -> list[str]:
        """Parameters uncertain by default in ensembles and sensitivity analyses."""
        return [q.name for q in self._of("parameter") if q.uncertain]

    @property
    def channels(self) -> dict[str, tuple[str, ...]]:
        """Shock channels (in :attr:`channel_names` order) and the inputs of each."""
        return {c: tuple(q.name for q in self._of("input") if q.channel == c)
                for c in self.channel_names}


class Valued:
    """The declared default of a quantity as a number (a mixin of the quantity classes)."""

    name: str
    default: float | None

    @property
    def default_value(self) -> float:
        """``default`` as a float; ``ValueError`` for a quantity declared without one."""
        if self.default is None:
            raise ValueError(f"{self.name} has no default value")
        return float(self.default)


@dataclass(kw_only=True)
class Declared(Valued):
    """What the definition declares about one quantity besides its unit and equation.

    Attributes
    ----------
    reports : tuple of Report
        Columns of the output contract computed from it.
    reference : bool
        For stocks: its initial value ``<name>_0`` is a reference value equations may use.
    channel : str or None
        For inputs: the shock channel of the decomposition it belongs to.
    trend_of : str or None
        For parameters: the growth class (``productivity``, ``foreign``) whose trend
        growth rate it is.
    scale : bool
        For parameters: sets the size of the economy (calibrated with the initial
        stocks; its range spans economies, not the uncertainty about one).
    uncertain : bool
        For parameters: uncertain in ensembles and sensitivity analyses (a prior
        from the calibration's estimate or the documented range); ``False`` for
        scale parameters, normalisations, numerical settings, rules and data.
    base_of : str or None
        For parameters: the input whose value at the start of a calibration's history
        it must equal (a base-period price: real quantities are valued at it).
    """

    reports: tuple[Report, ...] = ()
    reference: bool = False
    channel: str | None = None
    trend_of: str | None = None
    scale: bool = False
    uncertain: bool = False
    base_of: str | None = None


@dataclass
class Layout:
    """Positions of stocks, parameters, inputs and derived quantities in arrays."""

    stocks: list[str]
    parameters: list[str]
    inputs: list[str]
    derived: list[str]
    references: list[str]


@dataclass
class QuantityInfo(Declared):
    """One quantity of the model without its sympy expressions.

    Attributes mirror :class:`peacetrap.core.symbolic.Quantity`;
    ``to_display`` is the factor taking an internal value to the display unit.
    """

    name: str
    kind: str
    block: str
    latex: str
    unit_label: str
    description: str
    default: float | None
    bounds: tuple[float | None, float | None]
    source: str
    growth: str
    display_label: str
    has_display_unit: bool
    to_display: float

    @property
    def shown_unit(self) -> str:
        """Label of the unit users see."""
        return self.display_label if self.has_display_unit else self.unit_label


@dataclass
class ModelInfo(Declarations):
    """Layout, quantities and the name of the generated kernel module of one model."""

    layout: Layout
    quantities: dict[str, QuantityInfo]
    kernels: str
    blocks: list[str] = field(default_factory=list)
    channel_names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"layout": asdict(self.layout), "kernels": self.kernels, "blocks": self.blocks,
                "channel_names": self.channel_names,
                "quantities": [asdict(q) for q in self.quantities.values()]}

    @classmethod
    def from_dict(cls, data: dict) -> ModelInfo:
        """Inverse of :meth:`to_dict` (raises ``KeyError``/``TypeError`` on a malformed one)."""
        quantities = {}
        for row in data["quantities"]:
            row = dict(row)
            row["bounds"] = tuple(row["bounds"])
            row["reports"] = tuple(Report(**r) for r in row.get("reports", []))
            quantities[row["name"]] = QuantityInfo(**row)
        return cls(layout=Layout(**data["layout"]), quantities=quantities,
                   kernels=str(data["kernels"]), blocks=list(data.get("blocks", [])),
                   channel_names=list(data.get("channel_names", [])))
