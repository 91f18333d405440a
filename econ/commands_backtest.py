"""``peacetrap backtest NAME``: backtests (placeholder, being written)."""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backtest", help="run a calibration backtest (not yet available)")
    p.add_argument("file")
    p.set_defaults(func=lambda a: 2)
