"""The ``peacetrap`` command line.

Each sub-command lives in a module ``peacetrap.cli.<name>`` exposing
``add(subparsers)``; this module wires them together and turns package
errors into one-paragraph messages with exit codes (2 for bad input, 1 for
failures), never tracebacks.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

from peacetrap.errors import PeacetrapError

if TYPE_CHECKING:  # pragma: no cover
    import argparse

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = ["run", "plot", "scenarios", "compare", "decompose", "ensemble", "sensitivity", "equations", "variables", "check", "validate", "calibrate", "experiment", "backtest", "paper"]


def parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command (imported here: startup stays instant)."""
    import argparse
    import importlib

    from peacetrap import __version__

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:  # argparse's own errors: exit 2, no traceback
            # one line, like every other bad input; the usage is one --help away
            sys.stderr.write(f"{self.prog}: error: {message}; see {self.prog} --help\n")
            raise SystemExit(2)

    p = _Parser(prog="peacetrap", description="A system-dynamics model of a war economy and "
                "the shocks of a sudden peace.")
    p.add_argument("--version", action="version", version=f"peacetrap {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"peacetrap.cli.{name}").add(sub)
    for command in sub.choices.values():   # so an unknown option is reported by its command
        command.set_defaults(command_parser=command)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code.

    Bad input exits 2 and a failure 1, each with one paragraph on stderr; Ctrl-C
    exits 130, SIGTERM 143 and SIGHUP 129, each with one line and nothing left
    half-written (see :mod:`peacetrap.io.interrupts`).  Called with ``argv`` from
    Python, it restores the caller's signal handlers when it returns.
    """
    from peacetrap.io import interrupts   # first: everything after it stops cleanly
    from peacetrap.io import progress

    previous = interrupts.install()
    progress.command_started()            # progress bars count their delay from here
    command = "peacetrap"
    try:
        try:
            p = parser()
            args, extra = p.parse_known_args(argv)
            if extra:
                getattr(args, "command_parser", p).error(
                    f"unrecognized arguments: {' '.join(extra)}")
            if not getattr(args, "func", None):
                p.print_help()
                return 2
            command = f"peacetrap {args.command}"
            code = int(args.func(args) or 0)
        except Exception:
            signum = interrupts.received()
            if signum is None:
                raise
            raise _signalled(signum) from None  # a library wrapped our signal
    except PeacetrapError as exc:
        sys.stderr.write(f"{command}: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{command}: interrupted\n")
        return 130
    except interrupts.Terminated as exc:
        sys.stderr.write(f"{command}: stopped by {exc} (nothing half-written was left)\n")
        return interrupts.exit_code(exc.signum)
    finally:
        if argv is None:           # the process's entry point: a signal from here to the exit
            interrupts.hold()      # is noted, never raised
        else:                      # called from Python: give the caller its handlers back
            interrupts.restore(previous)
    signum = interrupts.received()
    if signum is not None:          # a signal something swallowed: still report it
        sys.stderr.write(f"{command}: interrupted by a signal\n")
        return interrupts.exit_code(signum)
    return code


def _signalled(signum: int) -> BaseException:
    from peacetrap.io import interrupts

    return KeyboardInterrupt() if signum == 2 else interrupts.Terminated(signum)
