"""``peacetrap experiment FILE``: several calibrations, the same scenarios, one table.

Writes ``comparison.csv`` (one row per calibration and scenario: fitted free
values, fit summary, headline sudden-peace numbers), ``fits.csv`` (every
target of every fitted calibration), ``parameters-<name>.toml`` for each
fitted calibration, ``comparison.png`` and ``manifest.json``.  The file
schema is in :mod:`peacetrap.calibrate.experiment`.
"""

from __future__ import annotations

import argparse

from peacetrap.io.outputs import (
    add_output_options,
    atomic_dir,
    manifest,
    output_target,
    save_figure,
    write_json,
    write_table,
)
from peacetrap.io.progress import stages


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("experiment", help="compare calibrations on the same scenarios",
                       description="Fit (or load) each calibration of an experiment file, run "
                       "its scenarios and write one comparison table and a figure.")
    p.add_argument("file", help="experiment TOML (e.g. experiments/appendix-vs-observed.toml)")
    add_output_options(p, "results/<name>-experiment-<time>")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pandas as pd
    from peacetrap import load_model
    from peacetrap.calibrate.experiment import (
        compare,
        experiment_settings,
        load_experiment,
        run_calibrations,
    )

    raw, path = load_experiment(args.file)
    name, desc, scenarios, quarters = experiment_settings(raw, path)
    target = output_target(args.out, args.force, "experiment", name)
    model = load_model()
    with stages("experiment", 3) as bar:
        bar.stage("calibrating")
        runs = run_calibrations(model, raw, path)
        bar.stage("simulating")
        table, fits, tls = compare(model, runs, scenarios, quarters)
        bar.stage("writing")
        from peacetrap.analysis.figures import timeline_figure     # matplotlib: once it ran
        from peacetrap.calibrate.report import (balanced_growth, parameters_document,
                                                write_calibration_file)

        with atomic_dir(target, args.force) as tmp:
            write_table(table, tmp / "comparison")
            if len(fits):
                write_table(fits, tmp / "fits")
            for r in runs:
                if r.fit is not None:
                    from peacetrap.calibrate.targets import TargetSet

                    doc_t = TargetSet(name=r.name, description=r.calibration.description,
                                      base=r.calibration, targets=[], free=[], path=r.files[0],
                                      sha256=r.calibration.sha256)
                    doc = parameters_document(model, r.fit, doc_t,
                                              f"peacetrap experiment {args.file}",
                                              balanced_growth(model, r.fit.calibration))
                    write_calibration_file(tmp / f"parameters-{r.name}.toml", doc,
                                           f"Calibration '{r.name}' of experiment '{name}'.")
            start = runs[0].calibration.history_end + 1
            for sname in scenarios:
                sel = {cal: tl for (cal, sc), tl in tls.items() if sc == sname}
                fig = timeline_figure(sel, start, f"{sname} under each calibration ({name})")
                save_figure(fig, tmp / ("comparison.png" if len(scenarios) == 1
                                        else f"comparison-{sname}.png"))
            values = {}
            for r in runs:
                if r.fit is not None:
                    values.update({f"{r.name}:{k}": v for k, v in r.fit.theta.items()})
            files = [path] + [f for r in runs for f in r.files]
            write_json(tmp / "manifest.json", manifest(
                f"experiment {args.file}", values, list(dict.fromkeys(files)), experiment=name,
                description=desc, scenarios=scenarios, quarters=quarters,
                calibrations=[r.name for r in runs]))
    cols = ["calibration", "scenario", "gdp_trough_pct_vs_baseline", "unemployment_peak_pct",
            "inflation_peak_pct", "rub_per_usd_peak", "veterans_unemployed_peak_thousands"]
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(f"experiment {name}: {len(runs)} calibrations x {len(scenarios)} scenarios")
        print(table[[c for c in cols if c in table.columns]].to_string(
            index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"results written to {target}")
    return 0
