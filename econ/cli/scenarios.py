"""``peacetrap scenarios``: list the shipped scenarios, one line each."""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenarios", help="list the shipped scenarios",
                       description="List the shipped scenarios (experiments/*.toml) with the "
                       "first sentence of each description; --long prints the whole "
                       "description, what each scenario assumes and why.")
    p.add_argument("--long", action="store_true", help="print full descriptions and inputs")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from peacetrap import load_model
    from peacetrap.run.scenario_library import library

    lib = library(load_model())
    width = max(len(n) for n in lib.index)
    for name, row in lib.iterrows():
        if not args.long:
            print(f"{name:<{width}}  {row['summary']}")
            continue
        base = f" (baseline: {row['baseline']})" if isinstance(row["baseline"], str) else " (a baseline)"
        print(f"{name}{base}\n  {row['description']}\n  inputs set: {row['inputs'] or 'none'}\n")
    return 0
