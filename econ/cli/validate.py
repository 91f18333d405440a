"""``peacetrap validate``: the model's truth scoreboard.

Writes ``validation.csv`` (group, check, calibration, value, low, high, unit,
passed, source, note, id), ``validation.md``, ``validation.png`` and
``manifest.json``; with ``--against FOLDER`` also ``against.csv``, the checks that
turned or moved since the scoreboard in that folder
(:mod:`peacetrap.analysis.validate_compare`).  ``--episode FILE`` (repeatable) backtests
an episode file that is not shipped beside the shipped ones, by the same rules (checked
before anything is measured).  Exit code 0, or 1 with ``--strict`` when any check fails;
2 for bad input.  Ranges and sources: ``data/validation.toml``; experiments:
``docs/validation.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peacetrap.io.outputs import add_calibration_option, add_output_options


def add(sub: argparse._SubParsersAction) -> None:
    """Register the ``validate`` sub-command."""
    p = sub.add_parser(
        "validate", help="scoreboard: the model's elasticities, long run and backtests "
        "against the evidence",
        description="Measure the model against the evidence, one row per check: the value, "
        "the accepted range, its unit and source, pass or fail. Groups: long-run (100 "
        "peacetime years), elasticities (defence multiplier, exchange-rate pass-through, "
        "Okun coefficient, sacrifice ratio), backtests (every shipped episode), history (the "
        "2021-2025 record, the appendix figures), scenarios (sanctions relief against sudden "
        "peace, the currency collapse), accounting (identities, step halving). "
        "Ranges and sources: data/validation.toml; experiments: docs/validation.md.")
    add_calibration_option(p)
    p.add_argument("--only", nargs="+", metavar="GROUP",
                   help="groups to run: long-run, elasticities, backtests, history, "
                   "scenarios, accounting")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any check fails (checks not applicable do not fail)")
    p.add_argument("--spec", type=Path, default=None,
                   help="validation file (default: the shipped data/validation.toml)")
    p.add_argument("--episode", type=Path, action="append", default=[], metavar="FILE",
                   help="also backtest this episode file (not shipped) by the same rules; "
                   "repeatable")
    p.add_argument("--workers", type=int, default=2,
                   help="processes for the backtests (default 2)")
    p.add_argument("--against", type=Path, default=None, metavar="FOLDER",
                   help="an earlier peacetrap validate output folder: also list the checks "
                   "that turned (pass <-> fail) and the values that moved by more than 1 %% "
                   "since, and write them to against.csv")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_output_options(p, "results/<calibration>-validate-<time>")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Measure, write the four files, print the scoreboard; the exit code."""
    from peacetrap import load_calibration, load_model
    from peacetrap.analysis.validate_spec import load_spec, parse_groups
    from peacetrap.errors import InputError
    from peacetrap.io.outputs import atomic_dir, manifest, output_target, save_figure, \
        write_json, write_table

    if args.workers < 1 or args.workers > 64:
        raise InputError(f"--workers {args.workers}: allowed 1 to 64")
    groups = parse_groups(args.only)
    earlier = None
    if args.against is not None:
        from peacetrap.analysis.validate_compare import read_board

        earlier = read_board(args.against)
    model = load_model()
    spec = load_spec(model, args.spec)
    cal = load_calibration(model, args.calibration)
    if args.episode and "backtests" not in groups:
        raise InputError("--episode: the backtests group is not run (--only "
                         f"{' '.join(args.only)}); add backtests to --only")
    extra = [str(e) for e in args.episode]
    target = output_target(args.out, args.force, "validate", cal.name)
    # imported once the options and files are known to be good: a bad one is reported first
    import matplotlib.pyplot as plt

    from peacetrap.analysis.validate import validate
    from peacetrap.analysis.validate_figure import scoreboard_figure

    board = validate(model, cal, groups, spec, progress=not args.quiet and sys.stderr.isatty(),
                     workers=args.workers, episodes=extra)
    command = "peacetrap validate " + " ".join(
        [f"--calibration {args.calibration}"]
        + ([f"--only {' '.join(args.only)}"] if args.only else [])
        + [f"--episode {e}" for e in extra]
        + (["--strict"] if args.strict else [])
        + ([f"--against {args.against}"] if earlier is not None else []))
    from peacetrap.calibrate.episodes import episode_names
    from peacetrap.io.resources import shipped

    eps = shipped("calibration", "episodes")
    inputs = [cal.path, spec.path] + ([eps[e] for e in episode_names()]
                                      + [Path(e) for e in extra]
                                      if "backtests" in groups else [])
    diff, against = None, ""
    if earlier is not None:
        from peacetrap.analysis.validate_compare import (compare_boards, comparison_text,
                                                         count_passed)

        diff = compare_boards(earlier, board.table)
        against = comparison_text(diff, count_passed(earlier), board.n_passed)
        inputs.append(args.against / "validation.csv")
    targets: dict[str, str] = {}
    if "history" in groups:  # the targets files the record and the appendix figures come from
        from peacetrap.io.tomlfiles import sha256

        tfiles = shipped("calibration", "targets")
        for c, k in (("history.record", "record"), ("history.appendix", "targets")):
            name = spec.checks[c].options.get(k)
            if name in tfiles:
                targets[f"targets/{name}.toml"] = sha256(tfiles[name])
    with atomic_dir(target, args.force) as tmp:
        write_table(board.table, tmp / "validation")
        (tmp / "validation.md").write_text(board.markdown())
        fig = scoreboard_figure(board.table, f"peacetrap validate, calibration {cal.name}: "
                                f"{board.n_passed} of {board.n_checks} checks pass")
        save_figure(fig, tmp / "validation.png")
        if diff is not None:
            write_table(diff, tmp / "against")
        plt.close(fig)
        man = manifest(command, cal.values, inputs, calibration=cal.name, groups=groups,
                       checks=board.n_checks, passed=board.n_passed, failed=board.n_failed,
                       not_applicable=board.n_not_applicable, targets_sha256=targets)
        write_json(tmp / "manifest.json", man)
    print(f"peacetrap validate (calibration {cal.name})")
    print(board.text(), end="")
    print(f"{board.n_passed} of {board.n_checks} checks passed, {board.n_failed} failed, "
          f"{board.n_not_applicable} not applicable")
    print(against, end="")
    print(f"results written to {target}")
    return 1 if args.strict and board.n_failed else 0
