"""``peacetrap paper``: every equation, table, figure and number of a paper, in one folder."""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from peacetrap.cli import ranges
from peacetrap.io.outputs import add_output_options, output_target


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "paper", help="build paper-ready LaTeX: equations, tables, figures, numbers, main.tex",
        description="Compute the calibration fit, the scenario library against the baseline, "
        "the channel decomposition, an ensemble and Sobol indices, and write equations.tex, "
        "numbers.tex (a macro for every headline number), tables/*.tex and .csv, "
        "figures/*.pdf and .png, data/*.csv, main.tex (an example paper: pdflatex it twice) "
        "and manifest.json to --out. Two builds give identical files.")
    add_output_options(p, "results/paper-paper-<time>")
    p.add_argument("--experiment", metavar="FILE", default=None, type=ranges.name,
                   help="paper file (TOML: [paper], [ensemble], [sensitivity]; see docs/paper.md) "
                   "or a calibration-experiment file such as appendix-vs-observed (adds "
                   "tables/experiment.tex); default: the built-in settings, spelled out in "
                   "experiments/paper.toml")
    p.add_argument("--draws", type=ranges.whole(20, 1_000_000), default=None,
                   help="ensemble draws (overrides the paper file; default 2000)")
    p.add_argument("--samples", type=ranges.whole(8, 65536, power_of_two=True), default=None,
                   help="Sobol base samples, a power of two (overrides the paper file; "
                   "default 512)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from peacetrap.paper.bundle import build
    from peacetrap.paper.settings import load_settings

    settings = load_settings(args.experiment)
    if args.draws is not None:
        settings = replace(settings, draws=args.draws)
    if args.samples is not None:
        settings = replace(settings, samples=args.samples)
    from peacetrap.cli import ensemble, sensitivity

    k = 100   # at most this many uncertain values: the memory estimate is an upper bound
    need = ensemble.memory(settings.draws, k, settings.quarters, 10_000) + \
        sensitivity.memory(settings.samples * (k + 2), k, settings.quarters)
    ranges.check_memory(need, f"draws {settings.draws} and samples {settings.samples}",
                        "use fewer --draws or --samples")
    target = output_target(args.out, args.force, "paper", "paper")
    t0 = time.perf_counter()
    command = "peacetrap paper" + (f" --experiment {Path(args.experiment).name}"
                                   if args.experiment else "")
    if args.draws is not None:
        command += f" --draws {args.draws}"
    if args.samples is not None:
        command += f" --samples {args.samples}"
    res = build(target, settings, force=args.force, progress=True, command=command)
    h = res.headlines
    print(f"paper: {res.scenario.name} against {res.baseline.name} "
          f"(calibration {res.calibration.name}), {len(res.comparison.scenarios)} scenarios, "
          f"{settings.draws} draws ({res.ensemble.n_failed} failed), Sobol N = {settings.samples} "
          f"({res.sensitivity_info['runs']} runs, {res.sensitivity_info['failed']} failed)")
    if res.sensitivity_info["undefined"]:
        print(f"  no Sobol indices for {', '.join(res.sensitivity_info['undefined'])}: still "
              "moving at the end of the window in most runs")
    print(f"  GDP trough {h['gdp_trough_pct_vs_baseline']:+.2f} % ({h['gdp_trough_quarter']}), "
          f"unemployment peak {h['unemployment_peak_pct']:.2f} % "
          f"({h['unemployment_peak_quarter']}), CPI inflation peak "
          f"{h['inflation_peak_pct']:.2f} % ({h['inflation_peak_quarter']})")
    print(f"bundle written to {target} in {time.perf_counter() - t0:.1f} s; "
          f"compile with: cd {target} && pdflatex main.tex && pdflatex main.tex")
    return 0
