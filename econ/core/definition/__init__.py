"""The war-economy model, written once.

Every stock, flow, auxiliary, input and parameter is declared here with its
unit, description, default, allowed range and source.  Time is measured in
years; people in millions; local money in trillions of local currency units
(LCU: roubles for Russia); foreign money in billions of US dollars.  Values
users read and write (files, tables, results) are in each quantity's display
unit, e.g. thousand persons a month for recruitment or percent for rates.

Each block is one module of this package: ``constants``, ``inputs``, ``parameters``,
``real_parameters``, ``stocks`` and ``finance`` declare quantities (:data:`DECLARATIONS`);
the equation blocks below (:data:`BLOCKS`) each take the registry and the symbols declared
before them; ``accounts`` states the sectors' saving and assets.

Blocks
------
external   oil revenue, sanctions, trade, capital outflow, exchange rate
fiscal     procurement, soldier pay, taxes, deficit, reserve fund
investment desired capital, the capital gap, controls on investment
demand     household income, consumption, money demand and the overhang
labour     the seven pools of people and the flows between them
prices     wages, domestic and import prices, CPI, expectations, key rate
money      broad money, debt, reserves: the stock-flow accounts

The default parameters describe Russia before the war (2021) and are the
starting point of calibration; their sources are given one by one.
"""


from __future__ import annotations

from peacetrap.core.definition import (
    accounts, constants, demand, external, finance, fiscal, inputs, investment, labour, money,
    parameters, prices, real_parameters, stocks,
)
from peacetrap.core.definition.dimensions import CHANNELS, SECTORS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import ModelSpec, Registry

#: Modules that declare quantities, then the equation blocks, in definition order.
DECLARATIONS = (constants, inputs, parameters, real_parameters, stocks, finance)
BLOCKS = (external, fiscal, investment, demand, labour, prices, money)


def build() -> ModelSpec:
    """Declare the model and return its :class:`~peacetrap.core.symbolic.ModelSpec`."""
    r = Registry()
    z = Symbols()
    for module in DECLARATIONS:
        z.merge(module.declare(r))
    for module in BLOCKS:
        z.merge(module.declare(r, z))
    return r.build(SECTORS, *accounts.declare(z), channels=CHANNELS)

