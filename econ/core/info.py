"""What a running model needs to know about its quantities, as plain data.

A :class:`ModelInfo` is derived from the symbolic definition
(:func:`peacetrap.core.codegen.describe`) and kept in the disk cache as JSON,
so that a warm process simulates without importing sympy.  Every field is a
string, a number or a list of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Status codes written by the integration kernels.
OK, NOT_FINITE, NEGATIVE = 0, 1, 2


@dataclass
class Layout:
    """Positions of stocks, parameters, inputs and derived quantities in arrays."""

    stocks: list[str]
    parameters: list[str]
    inputs: list[str]
    derived: list[str]
    references: list[str]


@dataclass
class QuantityInfo:
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
class ModelInfo:
    """Layout, quantities and the name of the generated kernel module of one model."""

    layout: Layout
    quantities: dict[str, QuantityInfo]
    kernels: str
    blocks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"layout": asdict(self.layout), "kernels": self.kernels, "blocks": self.blocks,
                "quantities": [asdict(q) for q in self.quantities.values()]}

    @classmethod
    def from_dict(cls, data: dict) -> ModelInfo:
        """Inverse of :meth:`to_dict` (raises ``KeyError``/``TypeError`` on a malformed one)."""
        quantities = {}
        for row in data["quantities"]:
            row = dict(row)
            row["bounds"] = tuple(row["bounds"])
            quantities[row["name"]] = QuantityInfo(**row)
        return cls(layout=Layout(**data["layout"]), quantities=quantities,
                   kernels=str(data["kernels"]), blocks=list(data.get("blocks", [])))
