"""``peacetrap ensemble SCENARIO --draws N --seed S``: outcomes under parameter uncertainty."""

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

MAX_DRAWS = 10_000_000


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ensemble", help="distribution of a scenario's outcomes over parameter draws",
                       description="Draw parameter sets from the calibration's standard errors "
                       "(where it has [estimates]) or the model's documented ranges, run the "
                       "scenario and its baseline for each, and write quantiles.csv (quarter, "
                       "variable, q05, q25, q50, q75, q95), headlines.csv (every draw's "
                       "headline numbers), headline_summary.csv and headline_quarters.csv "
                       "(their distributions), priors.csv, fan.png, headlines.png, "
                       "summary.json and manifest.json. The same seed gives "
                       "the same results whatever --chunk or --scheduler.")
    p.add_argument("scenario", help="scenario name (see 'peacetrap scenarios') or TOML path")
    p.add_argument("--draws", type=int, default=1000, help="number of parameter draws (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--baseline", default=None,
                   help="baseline scenario (default: the scenario's baseline, else long-grind)")
    p.add_argument("--chunk", type=int, default=10_000,
                   help="draws per batch; bounds memory, does not change results (default 10000)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask.distributed scheduler address (default: run in this process)")
    p.add_argument("--prior-source", choices=("both", "estimates", "ranges"), default="both",
                   help="standard errors where there are any, else ranges (both, default); "
                   "only estimated values; or ranges for every parameter")
    p.add_argument("--spread", type=float, default=1.0,
                   help="factor on the range-based prior scales (default 1)")
    p.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                   help="uncertain parameters (default: every behavioural parameter)")
    p.add_argument("--save-draws", action="store_true", help="also write draws.csv (every draw's values)")
    add_output_options(p, "results/<scenario>-ensemble-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def connect(address: str | None) -> object | None:
    """A dask.distributed client for ``address`` (None: run in this process)."""
    if address is None:
        return None
    try:
        from distributed import Client

        return Client(address, timeout="5s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler {address}: cannot connect ({exc})") from None


def centre_values(model: object, cal: object) -> object:
    """The calibration's complete value set (defaults where it sets none)."""
    values = model.defaults()
    values.update(cal.values)
    return values


def run(args: argparse.Namespace) -> int:
    import matplotlib.pyplot as plt
    import pandas as pd

    from peacetrap import load_calibration, load_model
    from peacetrap.analysis.ensemble import ensemble
    from peacetrap.analysis.experiment_figures import histogram_figure
    from peacetrap.run.timeline import HEADLINES

    check_quarters(args.quarters)
    if not 1 <= args.draws <= MAX_DRAWS:
        raise InputError(f"--draws {args.draws}: allowed 1 to {MAX_DRAWS}")
    if args.chunk < 1:
        raise InputError(f"--chunk {args.chunk}: must be 1 or more")
    if args.seed < 0:
        raise InputError(f"--seed {args.seed}: must be 0 or more")
    target = output_target(args.out, args.force, "ensemble", Path(args.scenario).stem)
    model = load_model()
    cal = load_calibration(model, args.calibration)
    client = connect(args.scheduler)
    try:
        res = ensemble(model, cal, args.scenario, args.draws, args.seed, baseline=args.baseline,
                       quarters=args.quarters, parameters=args.parameters,
                       prior_source=args.prior_source, spread=args.spread, chunk=args.chunk,
                       client=client, progress=not args.quiet)
    finally:
        if client is not None:
            client.close()
    sc, base, pri, draws = res.scenario, res.baseline, res.priors, res.draws
    ok = res.headlines["ok"]
    share = res.n_failed / args.draws
    if res.n_failed:
        sys.stderr.write(f"peacetrap ensemble: {res.n_failed} of {args.draws} draws failed and "
                         f"are excluded ({100 * share:.1f}%); first: {res.failures[0]}\n")
    with atomic_dir(target, args.force) as tmp:
        write_table(res.quantiles, tmp / "quantiles", args.format)
        write_table(res.headlines, tmp / "headlines", args.format)
        write_table(res.summary, tmp / "headline_summary", args.format)
        write_table(res.summary_quarters, tmp / "headline_quarters", args.format)
        write_table(pri.table(), tmp / "priors", args.format)
        if args.save_draws:
            write_table(draws.assign(ok=ok.to_numpy()), tmp / "draws", args.format)
        fig = res.plot()
        save_figure(fig, tmp / "fan.png")
        plt.close(fig)
        fig = histogram_figure(res.headlines.loc[ok].drop(columns=["draw", "ok"]),
                               f"{sc.name}: headline numbers over {int(ok.sum())} draws "
                               f"(calibration: {cal.name})")
        save_figure(fig, tmp / "headlines.png")
        plt.close(fig)
        write_json(tmp / "summary.json", {
            "scenario": sc.name, "baseline": base.name, "calibration": cal.name,
            "draws": args.draws, "failed": res.n_failed, "failures": res.failures,
            "seed": args.seed, "chunk": args.chunk, "prior_source": args.prior_source,
            "spread": args.spread, "uncertain_parameters": pri.names,
            "estimates_skipped": pri.skipped,
            "headlines": {r["headline"]: {k: v for k, v in r.items() if k != "headline"}
                          for r in res.summary.to_dict("records")
                          + res.summary_quarters.to_dict("records")}})
        write_json(tmp / "manifest.json", manifest(
            f"ensemble {args.scenario} --draws {args.draws} --seed {args.seed}",
            centre_values(model, cal),
            [sc.path, base.path, cal.path], seed=args.seed, scenario=sc.name,
            baseline=base.name, calibration=cal.name, quarters=args.quarters,
            draws=args.draws, chunk=args.chunk, prior_source=args.prior_source,
            spread=args.spread, format=args.format))
    print(f"{sc.name} against {base.name} (calibration {cal.name}): {int(ok.sum())} of "
          f"{args.draws} draws ran "
          f"({res.seconds:.1f} s, {res.scheduler})")
    show = pd.concat([res.summary.set_index("headline")[["q05", "q50", "q95"]].round(3),
                      res.summary_quarters.set_index("headline")[["q05", "q50", "q95"]]])
    print(show.loc[[h for h in HEADLINES if h in show.index]].to_string())
    print(f"results written to {target}")
    return 0
