"""Accounts: sectors' saving and net financial assets, the bank balance sheet, invariants."""

from __future__ import annotations

import sympy as sp

from peacetrap.core.definition.namespace import Symbols


def declare(z: Symbols) -> tuple[dict, dict, sp.Expr, dict]:
    """Sectors' saving, net financial assets, the bank balance sheet and the invariants.

    Returns
    -------
    tuple
        ``(sector_saving, sector_assets, balance_sheet, invariants)``.
    """
    (
        b, ben, bon, civ, cons, e_c, e_d, exports, fb, fp, imports, income, kk, m, n,
        oil_tax, pay, proc, profits, rf, s, taxes, u, v, wb_c, wb_d, inv, abroad, grant,
        debt_o, ea,
    ) = z.get(
        "b", "ben", "bon", "civ", "cons", "e_c", "e_d", "exports", "fb", "fp", "imports",
        "income", "kk", "m", "n", "oil_tax", "pay", "proc", "profits", "rf", "s", "taxes",
        "u", "v", "wb_c", "wb_d", "inv", "abroad", "grant", "debt_o", "ea",
    )

    sector_saving = {
        "households": income - taxes - cons - inv,
        "firms": cons + inv + proc + civ + exports - wb_c - wb_d - imports - oil_tax - profits,
        "government": taxes + oil_tax + grant - proc - abroad - civ - pay - bon - ben,
        "rest_of_world": imports + abroad - exports - grant,
    }
    # Banks hold government debt and official reserves against deposits and the fund.
    balance_sheet = m + rf - b - fb
    invariants = {
        "people": e_c + e_d + s + v + u + n + kk + ea,
        "bank_balance_sheet": balance_sheet,
    }
    # Net financial assets of each sector: their changes are the sectors' net lending. Each
    # stock is an asset of one sector and a liability of another, so they sum to zero.
    sector_assets = {
        "households": m + fp,
        "firms": sp.Integer(0),
        "government": rf - b - debt_o,
        "banks": -balance_sheet,
        "rest_of_world": -fb - fp + debt_o,
    }
    return sector_saving, sector_assets, balance_sheet, invariants
