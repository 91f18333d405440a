"""``peacetrap sensitivity SCENARIO --method sobol|morris``: which parameters drive the headlines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peacetrap.errors import InputError
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


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sensitivity", help="global sensitivity of the headline numbers (SALib)",
                       description="Sobol' first-order and total indices (or Morris mu* and "
                       "sigma) of every headline number with respect to every uncertain "
                       "parameter, with 95%% confidence intervals. Writes sensitivity.csv, "
                       "runs.csv (headline numbers of every design point), priors.csv, "
                       "sensitivity.png, summary.json and manifest.json.")
    p.add_argument("scenario", help="scenario name (see 'peacetrap scenarios') or TOML path")
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol",
                   help="sobol (default) or morris")
    p.add_argument("--samples", type=int, default=None,
                   help="base samples: Sobol' N (a power of two; runs = N (k + 2), default "
                   "1024) or Morris trajectories (runs = N (k + 1), default 100)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the design (default 0)")
    p.add_argument("--baseline", default=None,
                   help="baseline scenario (default: the scenario's baseline, else long-grind)")
    p.add_argument("--prior-source", choices=("both", "estimates", "ranges"), default="both",
                   help="as for 'peacetrap ensemble'")
    p.add_argument("--spread", type=float, default=1.0, help="factor on range-based prior scales")
    p.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                   help="uncertain parameters (default: every behavioural parameter)")
    p.add_argument("--top", type=int, default=12, help="parameters shown per panel (default 12)")
    add_output_options(p, "results/<scenario>-sensitivity-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import matplotlib.pyplot as plt

    from peacetrap import load_calibration, load_model
    from peacetrap.cli.ensemble import centre_values
    from peacetrap.analysis.sensitivity import sensitivity

    check_quarters(args.quarters)
    samples = args.samples or (1024 if args.method == "sobol" else 100)
    if args.seed < 0:
        raise InputError(f"--seed {args.seed}: must be 0 or more")
    target = output_target(args.out, args.force, "sensitivity", Path(args.scenario).stem)
    model = load_model()
    cal = load_calibration(model, args.calibration)
    res = sensitivity(model, cal, args.scenario, args.method, samples, args.seed,
                      baseline=args.baseline, quarters=args.quarters, parameters=args.parameters,
                      prior_source=args.prior_source, spread=args.spread,
                      progress=not args.quiet)
    sc, base, pri = res.scenario, res.baseline, res.priors
    if res.n_failed:
        sys.stderr.write(f"peacetrap sensitivity: {res.n_failed} of {res.n_runs} runs failed; "
                         "their outputs were set to the median of the others\n")
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
    print(f"{sc.name} against {base.name} (calibration {cal.name}): {args.method}, "
          f"{res.n_runs} runs ({res.seconds:.1f} s)")
    key = res.total if args.method == "sobol" else res.first
    for out in outputs:
        t = res.indices[res.indices["output"] == out].sort_values(key, ascending=False)
        top = ", ".join(f"{r.parameter} {getattr(r, key):.2f}" for r in t.head(3).itertuples())
        print(f"  {out:36s} largest {key}: {top}")
    print(f"results written to {target}")
    return 0
