"""``peacetrap calibrate``: fit the model to a targets file and report the fit.

Writes ``fit.csv``, ``parameters.toml`` (a calibration file for ``peacetrap
run --calibration``), ``diagnostics.json`` and ``manifest.json`` into
``--out`` (and ``record.csv``, the record of 2021-2025 evaluated on the fit,
for a calibration fitted to other figures), only after the search has finished (nothing is written while it
searches).  See :mod:`peacetrap.calibrate.targets` for the targets-file
schema and :mod:`peacetrap.calibrate.fit` for the method.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from peacetrap.cli import ranges
from peacetrap.io.outputs import add_output_options, atomic_dir, output_target


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate", help="fit parameters to targets (appendix, observed, file)",
                       description="Fit the free values of a targets file (shipped: appendix, "
                       "observed; or a path) by weighted least squares and write fit.csv, "
                       "parameters.toml, diagnostics.json and manifest.json to --out (and "
                       "record.csv, the observed 2021-2025 record evaluated on the fit, for "
                       "targets other than observed).")
    p.add_argument("--targets", default="appendix", type=ranges.name,
                   help="targets name (appendix, observed) or TOML path (default: appendix)")
    add_output_options(p, "results/<targets>-calibrate-<time>")
    p.add_argument("--starts", type=ranges.whole(1, 50), default=None,
                   help="number of starting points, 1 to 50 (default: the file's [options] "
                   "starts)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from peacetrap import load_model
    from peacetrap.calibrate.targets import load_targets

    target = output_target(args.out, args.force, "calibrate", Path(args.targets).stem)
    model = load_model()
    tset = load_targets(model, args.targets)
    # imported once the targets file is known to be good: a bad one is reported without them
    from peacetrap.calibrate.fit import calibrate
    from peacetrap.calibrate.record import (RECORD, against_record, implied_year, own_figures,
                                           summary)
    from peacetrap.calibrate.report import balanced_growth, write_outputs

    t0 = time.perf_counter()
    result = calibrate(model, tset, starts=args.starts, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - t0
    command = f"peacetrap calibrate --targets {args.targets}" + (
        f" --starts {args.starts}" if args.starts is not None else "")
    point = balanced_growth(model, result.calibration)
    with atomic_dir(target, args.force) as tmp:
        write_outputs(tmp, model, result, tset, command, point)
    d = result.diagnostics
    print(f"calibration {tset.name}: objective {d['objective']:.4g}, {d['iterations']} iterations, "
          f"{d['starts']} starts ({'agree' if d['starts_agree'] else 'DO NOT AGREE'}), "
          f"rank {d['rank']}/{d['n_free']}, condition number {d['condition_number']:.3g}, "
          f"{seconds:.2f} s")
    for name, v in result.theta.items():
        se = (d.get("standard_errors") or {}).get(name)
        print(f"  {name:34s} {v:12.6g}" + (f"  (s.e. {se:.3g})" if se is not None else ""))
    fit = result.fit
    print(f"  {'target':34s} {'period':>7s} {'target':>11s} {'model':>11s} {'rel.err':>9s}  kind")
    for _, r in fit.iterrows():
        rel = "" if r.rel_error != r.rel_error else f"{100 * r.rel_error:+8.3f}%"
        print(f"  {r.target:34s} {r.period:>7s} {r.target_value:11.5g} {r.model_value:11.5g} "
              f"{rel:>9s}  {r.kind}")
    if d["not_identified"]:
        for name, why in d["not_identified"].items():
            print(f"  not identified: {name}: {why}")
    if "checks" in d:
        chk = d["checks"]
        print(f"  checks (kept out of the fit, checks.csv): {chk['within_tolerance']} of "
              f"{chk['compared']} within tolerance; largest miss per variable:")
        for var, w in chk["largest_miss"].items():
            print(f"    {var:32s} {w['period']:>7s} record {w['record']:10.4g}  model "
                  f"{w['model']:10.4g}  ({w['miss_tolerances']:+.1f} tolerances)")
    if point["found"]:
        print("  balanced-growth point at peacetime inputs after the history: found (households "
              f"spend {100 * point['spending_propensity']:.1f} % of expected disposable income "
              "there)")
    else:
        print("  balanced-growth point at peacetime inputs after the history: NOT FOUND, the "
              f"fitted world has no long run ({point['message']})")
    if tset.name != RECORD:
        rec = summary(against_record(model, result.calibration, own_figures(model, tset)))
        print(f"  against the record ({RECORD} 2021-2025, not fitted): "
              f"{rec['within_tolerance']} of {rec['compared']} targets within tolerance; "
              "largest miss per variable (record.csv):")
        for var, w in rec["largest_miss"].items():
            print(f"    {var:32s} {w['period']:>7s} record {w['record']:10.4g}  model "
                  f"{w['model']:10.4g}  ({w['miss_tolerances']:+.1f} tolerances)")
        implied = implied_year(model, result.calibration)
        if not implied.empty:
            print("  what its world implies in 2025 (model vs record):")
        for r in implied.itertuples():
            shown = "-" if r.record != r.record else f"{r.record:.4g}"
            print(f"    {r.variable:32s} {r.stat:>11s} model {r.model:10.4g}  record {shown}")
    print(f"results written to {target}")
    return 0
