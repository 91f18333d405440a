"""``peacetrap sensitivity SCENARIO --method sobol|morris``: which parameters drive the headlines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peacetrap.errors import InputError
from peacetrap.cli import ranges
from peacetrap.io.progress import stages
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

#: Largest Sobol' base sample (a power of two) and number of Morris trajectories.
MAX_SAMPLES = 65536
MAX_TRAJECTORIES = 10000
#: Most parameters a panel of the figure shows.
MAX_TOP = 50
MAX_SPREAD = 8.0


def memory(runs: int, parameters: int, quarters: int) -> float:
    """Bytes a sensitivity run plans to hold: its design, values and per-run series."""
    return float(runs * ((parameters + 40) * 8 * 3 + (quarters + 24) * 12 * 4))


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sensitivity", help="global sensitivity of the headline numbers (SALib)",
                       description="Sobol' first-order and total indices (or Morris mu* and "
                       "sigma) of every headline number with respect to every uncertain "
                       "parameter, with 95% confidence intervals. Writes sensitivity.csv, "
                       "runs.csv (headline numbers of every design point), priors.csv, "
                       "sensitivity.png, summary.json and manifest.json.")
    p.add_argument("scenario", help="scenario name (see 'peacetrap scenarios') or TOML path")
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol",
                   help="sobol (default) or morris")
    p.add_argument("--samples", type=ranges.whole(2, MAX_SAMPLES), default=None,
                   help="base samples: Sobol' N (a power of two; runs = N (k + 2), default "
                   "1024) or Morris trajectories (runs = N (k + 1), default 100)")
    p.add_argument("--seed", type=ranges.seed, default=0,
                   help="random seed of the design and of the bootstrap (default 0)")
    p.add_argument("--baseline", default=None, type=ranges.name,
                   help="baseline scenario (default: the scenario's baseline, else long-grind)")
    p.add_argument("--prior-source", choices=("both", "estimates", "ranges"), default="both",
                   help="as for 'peacetrap ensemble'")
    p.add_argument("--spread", type=ranges.real(0.0, MAX_SPREAD, open_low=True), default=1.0,
                   help=f"factor on range-based prior scales, above 0 up to {MAX_SPREAD:g}")
    p.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                   help="uncertain parameters (default: every behavioural parameter)")
    p.add_argument("--top", type=ranges.whole(1, MAX_TOP), default=12,
                   help=f"parameters shown per panel, 1 to {MAX_TOP} (default 12)")
    add_output_options(p, "results/<scenario>-sensitivity-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_quarters(args.quarters)
    samples = args.samples if args.samples is not None else \
        (1024 if args.method == "sobol" else 100)
    if args.method == "sobol" and samples & (samples - 1):
        raise InputError(f"--samples {samples}: Sobol' sampling needs a power of two "
                         "(e.g. 256, 512, 1024)")
    if args.method == "morris" and samples > MAX_TRAJECTORIES:
        raise InputError(f"--samples {samples}: allowed 2 to {MAX_TRAJECTORIES} Morris "
                         "trajectories")
    target = output_target(args.out, args.force, "sensitivity", Path(args.scenario).stem)
    with stages("sensitivity", 3, show=not args.quiet) as bar:
        bar.stage("loading the model")
        from peacetrap.cli.ensemble import centre_values, model_and_priors

        model, cal, k = model_and_priors(args)
        runs = samples * (k + 2) if args.method == "sobol" else samples * (k + 1)
        ranges.check_memory(memory(runs, k, args.quarters),
                            f"--samples {samples} ({runs} runs)",
                            "use fewer --samples or fewer --parameters")
        # imported once the inputs are known to be good: a bad one is reported without them
        import matplotlib.pyplot as plt

        from peacetrap.analysis.sensitivity import sensitivity
        bar.stage("sampling, running and analysing")
        res = sensitivity(model, cal, args.scenario, args.method, samples, args.seed,
                          baseline=args.baseline, quarters=args.quarters,
                          parameters=args.parameters, prior_source=args.prior_source,
                          spread=args.spread, progress=not args.quiet)
        sc, base, pri = res.scenario, res.baseline, res.priors
        if sc is None or base is None:
            raise InputError(f"{args.scenario}: the sensitivity run names no scenario or "
                             "baseline")
        bar.stage("writing tables and figures")
        outputs = list(res.outputs.columns)
        with atomic_dir(target, args.force) as tmp:
            write_table(res.indices, tmp / "sensitivity", args.format)
            write_table(res.outputs.reset_index(names="run"), tmp / "runs", args.format)
            write_table(pri.table(), tmp / "priors", args.format)
            fig = res.plot(top=args.top)
            save_figure(fig, tmp / "sensitivity.png")
            plt.close(fig)
            write_json(tmp / "summary.json", {
                "scenario": sc.name, "baseline": base.name, "calibration": cal.name,
                "method": args.method, "samples": samples, "runs": res.n_runs,
                "failed": res.n_failed, "seed": args.seed, "outputs": outputs,
                "uncertain_parameters": pri.names, "prior_source": args.prior_source,
                "spread": args.spread})
            write_json(tmp / "manifest.json", manifest(
                f"sensitivity {args.scenario} --method {args.method} --samples {samples}",
                centre_values(model, cal), [sc.path, base.path, cal.path], seed=args.seed,
                scenario=sc.name, baseline=base.name, calibration=cal.name, method=args.method,
                samples=samples, quarters=args.quarters, format=args.format))
    if res.n_failed:
        sys.stderr.write(f"peacetrap sensitivity: {res.n_failed} of {res.n_runs} runs failed; "
                         "their outputs were set to the median of the others\n")
    print(f"{sc.name} against {base.name} (calibration {cal.name}): {args.method}, "
          f"{res.n_runs} runs ({res.seconds:.1f} s)")
    key = res.total if args.method == "sobol" else res.first
    for out in outputs:
        t = res.indices[res.indices["output"] == out].sort_values(key, ascending=False)
        top = ", ".join(f"{r.parameter} {getattr(r, key):.2f}" for r in t.head(3).itertuples())
        print(f"  {out:36s} largest {key}: {top}")
    print(f"results written to {target}")
    return 0
