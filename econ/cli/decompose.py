"""``peacetrap decompose SCENARIO``: Shapley contributions of the shock channels."""

from __future__ import annotations

import argparse
from pathlib import Path

from peacetrap.io.outputs import (
    add_calibration_option,
    add_format_option,
    add_output_options,
    add_quarters_option,
    atomic_dir,
    check_quarters,
    manifest,
    output_target,
    save_figure,
    write_json,
    write_table,
)
from peacetrap.io.progress import stages


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decompose", help="split a scenario's effect into shock channels",
                       description="Contribution of each shock channel (demand, supply, "
                       "inflation, external) to scenario minus baseline, for every reported "
                       "variable and quarter: exact Shapley values over channel switches, "
                       "which add up to the difference. Writes decomposition.csv (quarter, "
                       "variable, channel, contribution), channels.csv (the inputs of each "
                       "channel), extremes.csv, decomposition.png and manifest.json.")
    p.add_argument("scenario", help="scenario name (see 'peacetrap scenarios') or TOML path")
    p.add_argument("--baseline", default=None,
                   help="baseline scenario (default: the scenario's baseline, else long-grind)")
    p.add_argument("--variables", nargs="+", default=None, metavar="VARIABLE",
                   help="timeline columns to decompose (default: all numeric columns)")
    add_output_options(p, "results/<scenario>-decompose-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_quarters(args.quarters)
    target = output_target(args.out, args.force, "decompose", Path(args.scenario).stem)
    with stages("decompose", 3) as bar:
        bar.stage("loading the model")
        import matplotlib.pyplot as plt
        import pandas as pd

        from peacetrap import load_calibration, load_model
        from peacetrap.analysis.decompose import (FIGURE_VARIABLES, at_extremes, channel_table,
                                                  decompose)
        from peacetrap.analysis.experiment_figures import contribution_figure

        model = load_model()
        cal = load_calibration(model, args.calibration)
        bar.stage("simulating")
        dec = decompose(model, cal, args.scenario, args.baseline, args.quarters, args.variables)
        extremes = at_extremes(dec)
        bar.stage("writing")
        with atomic_dir(target, args.force) as tmp:
            write_table(dec.table, tmp / "decomposition", args.format)
            write_table(channel_table(dec), tmp / "channels", args.format)
            write_table(extremes.reset_index(names="where"), tmp / "extremes", args.format)
            shown = [v for v in FIGURE_VARIABLES if v in dec.difference.columns] \
                or list(dec.difference.columns[:6])
            fig = contribution_figure(dec.table, shown, f"{dec.scenario.name} against "
                                      f"{dec.baseline.name}: contributions of shock channels "
                                      f"(calibration: {cal.name})")
            save_figure(fig, tmp / "decomposition.png")
            plt.close(fig)
            write_json(tmp / "manifest.json", manifest(
                f"decompose {args.scenario}", dec.values, [dec.scenario.path, dec.baseline.path,
                                                           cal.path],
                scenario=dec.scenario.name, baseline=dec.baseline.name, calibration=cal.name,
                quarters=args.quarters, format=args.format,
                channels={k: list(v) for k, v in dec.channels.items()},
                inputs_changed=dec.changed))
    print(f"{dec.scenario.name} against {dec.baseline.name} (calibration {cal.name}): "
          "channel contributions (Shapley values; rows add up to total)")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(extremes.round(3).to_string())
    print(f"results written to {target}")
    return 0
