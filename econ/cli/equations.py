"""``peacetrap equations``: print the model's equations, grouped by block."""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    """Register the ``equations`` sub-command."""
    p = sub.add_parser("equations", help="print the model's equations by block",
                       description="Print every equation of the model, grouped by block "
                       "(flows and auxiliaries as y = f(...), stocks as dX/dt = ...), with "
                       "each symbol's meaning and unit. Printed from the symbolic "
                       "definition, so it is the model that is simulated.")
    p.add_argument("--latex", action="store_true",
                   help="print LaTeX (equations, then the symbol legend; needs amsmath, "
                   "booktabs, longtable) instead of text")
    p.set_defaults(func=run)


def render(latex: bool = False) -> str:
    """The text (or LaTeX) the command prints.

    Parameters
    ----------
    latex : bool
        LaTeX fragment (equations by block, then a legend of every symbol)
        instead of plain text.

    Returns
    -------
    str
    """
    from peacetrap.core import latex as lx
    from peacetrap.core.model import load_model

    spec = load_model().spec
    if latex:
        return (lx.equations_latex(spec) + "\n\\subsection*{Symbols}\n"
                + lx.symbol_legend_latex(spec))
    return lx.equations_text(spec)


def run(args: argparse.Namespace) -> int:
    """Print the equations (text, or LaTeX with ``--latex``); exit code 0."""
    print(render(args.latex), end="")
    return 0
