"""``peacetrap backtest NAME|PATH``: calibrate to a war's last year, simulate its peace.

Writes ``comparison.csv`` (period, variable, actual, model, then error, stat,
phase, source), ``comparison.png``, ``fit.csv``, ``parameters.toml``,
``diagnostics.json``, ``timeline.csv``, ``sensitivity.csv`` (the scoreboard's peace rows
with each free value moved by a standard error,
:func:`peacetrap.analysis.backtest_sensitivity.free_value_sensitivity`) and
``manifest.json``.  The shipped
episodes are the files in ``calibration/episodes/``; the file schema and the
transplant of the template economy are in :mod:`peacetrap.calibrate.episodes`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from peacetrap.io.outputs import (
    add_output_options,
    atomic_dir,
    output_target,
    save_figure,
    write_json,
    write_table,
)

if TYPE_CHECKING:
    import pandas as pd

    from peacetrap.calibrate.episodes import Episode


def war_fit_line(diagnostics: dict) -> str | None:
    """The line saying how the war-year fit went, or ``None`` when it went cleanly.

    A war year not reproduced is a warning naming the targets outside tolerance; one
    reproduced with free values at a bound of their search range is a note naming them
    (the war year does not pin them down, so the peace depends on where the fit stopped).
    """
    outside, bounds = diagnostics["targets_outside_tolerance"], \
        diagnostics["parameters_at_bounds"]
    if outside:
        return (f"  warning: the last war year is not reproduced: {', '.join(outside)} "
                f"outside tolerance; free values at bounds: {', '.join(bounds) or 'none'} "
                "(the template's behaviour and ranges cannot produce this war economy; peace "
                "errors include this)")
    if bounds:
        return (f"  note: the last war year is reproduced with free values at a bound of "
                f"their search range: {', '.join(bounds)} (the war year does not pin them "
                "down; the peace depends on where the fit stopped)")
    return None


def title_line(episode: Episode) -> str:
    """The first line of the command's report: the episode and its country (if given)."""
    country = f" ({episode.country})" if episode.country else ""
    return f"backtest {episode.name}{country}: last war year fitted, peace simulated"


def money_unit_line(episode: Episode) -> str | None:
    """The line saying in which unit the table's ``gdp_nominal`` is, or ``None`` in the file's.

    The fit works in the episode's internal money unit (a power of ten of the file's
    ``money_unit``, :attr:`~peacetrap.calibrate.episodes.Episode.money_scale`), so nominal
    GDP of 1017.6 bn USD reads 101.76 in units of 10 bn USD.
    """
    from peacetrap.calibrate.episode_file import fit_money_unit

    unit = fit_money_unit(episode)
    if unit is None:
        return None
    return (f"  gdp_nominal is in units of {unit} (the fit's money unit; comparison.csv's "
            "source says so too)")


def sensitivity_line(sens: pd.DataFrame) -> str:
    """One line: the scoreboard's peace rows that turn under free values the war year allows.

    ``sens`` is the ``table`` of
    :func:`peacetrap.analysis.backtest_sensitivity.free_value_sensitivity`; the rows are
    :func:`~peacetrap.analysis.backtest_sensitivity.turning_rows`'.
    """
    from peacetrap.analysis.backtest_sensitivity import turning_rows

    turned, keys, kept, moves = turning_rows(sens)
    n = len(turned)
    return (f"  sensitivity (sensitivity.csv): {n} of the {len(keys)} scoreboard peace rows "
            f"turn{'s' if n == 1 else ''} when a free value moves (by one standard error, or "
            f"to an end of its range without one) and the war year keeps its fit ({kept} "
            f"of {moves} moves)" + (f": {', '.join(turned)}" if turned else ""))


def add(sub: argparse._SubParsersAction) -> None:
    from peacetrap.io.resources import shipped   # the episode files, not their loader

    p = sub.add_parser("backtest", help="backtest the model on a historical sudden peace",
                       description="Calibrate to the last war year of an episode (shipped: "
                       f"{', '.join(sorted(shipped('calibration', 'episodes')))}; or a TOML "
                       "path), simulate its "
                       "peace and compare with what happened.")
    p.add_argument("episode", help="episode name or TOML path")
    add_output_options(p, "results/<episode>-backtest-<time>")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from peacetrap import load_model
    from peacetrap.calibrate.episode_file import load_episode

    target = output_target(args.out, args.force, "backtest", Path(args.episode).stem)
    model = load_model()
    ep = load_episode(model, args.episode)
    # imported once the episode file is known to be good: a bad one is reported without them
    import matplotlib.pyplot as plt
    import pandas as pd

    from peacetrap.analysis.backtest_sensitivity import free_value_sensitivity
    from peacetrap.calibrate.episodes import backtest, comparison_figure
    from peacetrap.calibrate.report import write_outputs

    res = backtest(model, ep, progress=sys.stderr.isatty())
    sv = free_value_sensitivity(model, res, progress=sys.stderr.isatty())
    sens = sv.table
    command = f"peacetrap backtest {args.episode}"
    with atomic_dir(target, args.force) as tmp:
        write_outputs(tmp, model, res.fit, ep.targets, command)
        write_table(res.comparison, tmp / "comparison")
        write_table(res.timeline, tmp / "timeline")
        write_table(sens, tmp / "sensitivity")
        fig = comparison_figure(res, sv.band())
        save_figure(fig, tmp / "comparison.png")
        plt.close(fig)
        man = __import__("json").loads((tmp / "manifest.json").read_text())
        man.update({"command": command, "episode": ep.name, "country": ep.country,
                    "money_unit": ep.money_unit, "internal_money_unit": ep.money_scale,
                    "transplant_notes": ep.notes})
        write_json(tmp / "manifest.json", man)
    comp = res.comparison
    print(title_line(ep))
    for note in ep.notes:
        print(f"  note: {note}")
    line = war_fit_line(res.fit.diagnostics)
    if line:
        print(line)
    with pd.option_context("display.width", 160):
        print(comp[["period", "variable", "stat", "phase", "actual", "model"]].to_string(
            index=False, float_format=lambda v: f"{v:.2f}"))
    unit_line = money_unit_line(ep)
    if unit_line:
        print(unit_line)
    peace = comp[comp.phase == "peace"]
    if len(peace):
        mae = peace.groupby("variable")["error"].apply(lambda e: e.abs().mean())
        print("  mean absolute peace error: " + ", ".join(f"{k} {v:.2f}" for k, v in mae.items()))
    print(sensitivity_line(sens))
    print(f"results written to {target}")
    return 0
