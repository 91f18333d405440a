"""``peacetrap compare SCENARIO...``: headline numbers of several scenarios, one overlay figure."""

from __future__ import annotations

import argparse

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
    p = sub.add_parser("compare", help="compare scenarios: headline table and overlay figure",
                       description="Simulate several scenarios and their common baseline in "
                       "one batch; write headlines.csv (one row per scenario, the headline "
                       "numbers of 'peacetrap run'), timelines.csv (every scenario's contract "
                       "timeline), compare.png (overlay) and manifest.json to --out.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="scenario names (see 'peacetrap scenarios') or TOML paths")
    p.add_argument("--baseline", default=None,
                   help="baseline scenario (default: the first scenario's baseline, else long-grind)")
    add_output_options(p, "results/compare-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_quarters(args.quarters)
    target = output_target(args.out, args.force, "compare", "scenarios")
    with stages("compare", 3) as bar:
        bar.stage("loading the model")
        import matplotlib.pyplot as plt
        import pandas as pd

        from peacetrap import load_calibration, load_model
        from peacetrap.analysis.compare import compare
        from peacetrap.analysis.experiment_figures import overlay_figure
        from peacetrap.run.timeline import contract_only

        model = load_model()
        cal = load_calibration(model, args.calibration)
        bar.stage("simulating")
        res = compare(model, cal, args.scenarios, args.baseline, args.quarters)
        table = res.headlines.reset_index()
        bar.stage("writing")
        with atomic_dir(target, args.force) as tmp:
            write_table(table, tmp / "headlines", args.format)
            long = pd.concat([contract_only(tl) for tl in res.timelines.values()],
                             ignore_index=True)
            write_table(long, tmp / "timelines", args.format)
            fig = overlay_figure({n: tl for n, tl in res.timelines.items()}, res.start,
                                 f"Scenarios against {res.baseline.name} (calibration: {cal.name})")
            save_figure(fig, tmp / "compare.png")
            plt.close(fig)
            write_json(tmp / "manifest.json", manifest(
                "compare " + " ".join(args.scenarios), res.simulation.values.iloc[0],
                [sc.path for sc in res.scenarios] + [res.baseline.path, cal.path],
                scenarios=[sc.name for sc in res.scenarios], baseline=res.baseline.name,
                calibration=cal.name, quarters=args.quarters, format=args.format))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        show = res.headlines[["gdp_trough_pct_vs_baseline", "unemployment_peak_pct",
                              "inflation_peak_pct", "key_rate_peak_pct", "rub_per_usd_peak",
                              "veterans_unemployed_peak_thousands"]]
        show.columns = ["GDP trough %", "unempl. peak %", "CPI peak %", "key rate peak %",
                        "LCU/USD peak", "veterans peak k"]
        print(f"against baseline {res.baseline.name} (calibration {cal.name}):")
        print(show.astype(float).round(2).to_string())
    print(f"results written to {target}")
    return 0
