"""``peacetrap check``: steady state, stability, units and accounting checks of the model."""

from __future__ import annotations

import argparse

from peacetrap.io.outputs import add_calibration_option
from peacetrap.io.progress import stages


def add(sub: argparse._SubParsersAction) -> None:
    """Register the ``check`` sub-command."""
    p = sub.add_parser(
        "check", help="check steady state, stability, units and accounting",
        description="Check the model under a calibration: the balanced-growth steady state "
        "under constant peacetime inputs (residual, inflation), the eigenvalues of the "
        "detrended Jacobian there, the units of every equation, and stock-flow accounting "
        "(symbolically, and numerically at every step of the history and the sudden-peace "
        "scenario). Prints PASS/FAIL with figures; exit code 1 if any check fails.")
    add_calibration_option(p)
    p.add_argument("--scenario", default=None,
                   help="scenario for the numeric accounting check (default: sudden-peace)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="print every check's details (steady state, eigenvalues)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every check and print PASS/FAIL lines; exit code 1 if any check fails."""
    with stages("check", 2) as bar:
        bar.stage("loading the model")
        from peacetrap import load_calibration, load_model
        from peacetrap.checks import ACCOUNTING_SCENARIO, format_results, run_checks

        model = load_model()
        cal = load_calibration(model, args.calibration)
        bar.stage("steady state, stability, units, accounting")
        results = run_checks(model, cal, args.scenario or ACCOUNTING_SCENARIO)
    print(f"peacetrap check (calibration {cal.name})")
    print(format_results(results, verbose=args.verbose), end="")
    failed = [r.name for r in results if not r.passed]
    if failed:
        print(f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}")
        return 1
    print(f"all {len(results)} checks passed")
    return 0
