"""``peacetrap experiment FILE``: calibration experiments (placeholder, being written)."""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("experiment", help="run a calibration experiment (not yet available)")
    p.add_argument("file")
    p.set_defaults(func=lambda a: 2)
