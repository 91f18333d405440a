"""The ``peacetrap`` command line.

Each sub-command lives in a module ``peacetrap.cli.<name>`` exposing
``add(subparsers)``; this module wires them together and turns package
errors into one-paragraph messages with exit codes (2 for bad input, 1 for
failures), never tracebacks.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from peacetrap.errors import PeacetrapError

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = ["run", "scenarios", "compare", "decompose", "ensemble", "sensitivity", "equations", "variables", "check", "validate", "calibrate", "experiment", "backtest", "paper"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"peacetrap: error: {message}\n")
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from peacetrap import __version__

    p = _Parser(prog="peacetrap", description="A system-dynamics model of a war economy and "
                "the shocks of a sudden peace.")
    p.add_argument("--version", action="version", version=f"peacetrap {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"peacetrap.cli.{name}").add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except PeacetrapError as exc:
        sys.stderr.write(f"peacetrap {args.command}: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("peacetrap: interrupted\n")
        return 130


