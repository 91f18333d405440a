"""``peacetrap ensemble SCENARIO --draws N --seed S``: outcomes under parameter uncertainty."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    import pandas as pd

    from peacetrap.core.model import Model
    from peacetrap.run.setups import Calibration

MAX_DRAWS = ranges.MAX_DRAWS
#: Largest factor on the range-based prior scales: at 8 a prior's scale is its whole range.
MAX_SPREAD = 8.0


def memory(draws: int, parameters: int, quarters: int, chunk: int) -> float:
    """Bytes an ensemble plans to hold: draws, per-draw series (float32), running chunks."""
    series = draws * (quarters + 24) * 12 * 4
    values = draws * (parameters + 40) * 8 * 3
    running = 2 * min(chunk, draws) * (quarters + 24) * 24 * 8 * 2
    return float(series + values + running)


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
    p.add_argument("--draws", type=ranges.whole(1, MAX_DRAWS), default=1000,
                   help=f"number of parameter draws, 1 to {MAX_DRAWS} (default 1000)")
    p.add_argument("--seed", type=ranges.seed, default=0,
                   help="random seed, 0 to 2^63-1 (default 0)")
    p.add_argument("--baseline", default=None, type=ranges.name,
                   help="baseline scenario (default: the scenario's baseline, else long-grind)")
    p.add_argument("--chunk", type=ranges.whole(1, MAX_DRAWS), default=10_000,
                   help="draws per batch; bounds memory, does not change results (default 10000)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask.distributed scheduler address (default: run in this process)")
    p.add_argument("--prior-source", choices=("both", "estimates", "ranges"), default="both",
                   help="standard errors where there are any, else ranges (both, default); "
                   "only estimated values; or ranges for every parameter")
    p.add_argument("--spread", type=ranges.real(0.0, MAX_SPREAD, open_low=True), default=1.0,
                   help=f"factor on the range-based prior scales, above 0 up to {MAX_SPREAD:g} "
                   "(default 1)")
    p.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                   help="uncertain parameters (default: every behavioural parameter)")
    p.add_argument("--save-draws", action="store_true", help="also write draws.csv (every draw's values)")
    add_output_options(p, "results/<scenario>-ensemble-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _reachable(address: str) -> None:
    """Refuse at once a ``tcp://host:port`` scheduler address nothing listens on (dask's
    own connection attempt retries for its whole timeout); other schemes pass."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
        return
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5.0).close()
    except OSError as exc:
        raise InputError(f"--scheduler {address}: cannot connect ({exc})") from None


def connect(address: str | None) -> Any:
    """A dask.distributed client for ``address`` (None: run in this process)."""
    if address is None:
        return None
    _reachable(address)
    try:
        from distributed import Client

        return Client(address, timeout="5s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler {address}: cannot connect ({exc})") from None


def centre_values(model: Model, cal: Calibration) -> pd.Series:
    """The calibration's complete value set (defaults where it sets none)."""
    values = model.defaults()
    values.update(cal.values)
    return values


def model_and_priors(args: argparse.Namespace) -> tuple[Model, Calibration, int]:
    """The model, the calibration of ``--calibration`` and the number of uncertain
    parameters the prior options (``--parameters``, ``--prior-source``, ``--spread``) give,
    for the memory check made before anything runs."""
    from peacetrap import load_calibration, load_model

    model = load_model()
    cal = load_calibration(model, args.calibration)
    from peacetrap.analysis.uncertainty import priors     # scipy: once the calibration is read

    k = len(priors(model, cal, names=args.parameters, source=args.prior_source,
                   spread=args.spread).names)
    return model, cal, k


def run(args: argparse.Namespace) -> int:
    check_quarters(args.quarters)
    target = output_target(args.out, args.force, "ensemble", Path(args.scenario).stem)
    with stages("ensemble", 3, show=not args.quiet) as bar:
        bar.stage("loading the model")
        model, cal, k = model_and_priors(args)
        ranges.check_memory(memory(args.draws, k, args.quarters, args.chunk),
                            f"--draws {args.draws}", "use fewer --draws (or a smaller --chunk)")
        # imported once the inputs are known to be good: a bad one is reported without them
        import matplotlib.pyplot as plt
        import pandas as pd

        from peacetrap.analysis.ensemble import ensemble
        from peacetrap.analysis.experiment_figures import histogram_figure
        from peacetrap.run.timeline import HEADLINES

        client = connect(args.scheduler)
        bar.stage("drawing and integrating")
        try:
            res = ensemble(model, cal, args.scenario, args.draws, args.seed,
                           baseline=args.baseline, quarters=args.quarters,
                           parameters=args.parameters, prior_source=args.prior_source,
                           spread=args.spread, chunk=args.chunk, client=client,
                           progress=not args.quiet)
        finally:
            if client is not None:
                client.close()
        bar.stage("writing tables and figures")
        sc, base, pri, draws = res.scenario, res.baseline, res.priors, res.draws
        ok = res.headlines["ok"]
        share = res.n_failed / args.draws
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
    if res.n_failed:
        sys.stderr.write(f"peacetrap ensemble: {res.n_failed} of {args.draws} draws failed and "
                         f"are excluded ({100 * share:.1f}%); first: {res.failures[0]}\n")
    print(f"{sc.name} against {base.name} (calibration {cal.name}): {int(ok.sum())} of "
          f"{args.draws} draws ran "
          f"({res.seconds:.1f} s, {res.scheduler})")
    if sc.name == base.name:
        print(f"  ({sc.name} is its own baseline here: every effect against the baseline is "
              "zero by construction; give --baseline to measure one)")
    show = pd.concat([res.summary.set_index("headline")[["q05", "q50", "q95"]].round(3),
                      res.summary_quarters.set_index("headline")[["q05", "q50", "q95"]]])
    shown = show.loc[[h for h in HEADLINES if h in show.index]]
    print(shown.dropna(how="all").to_string())
    if shown.isna().all(axis=1).any():
        print("  (defence multipliers: not computed in ensembles, which do not run each draw's "
              "defence-only counterfactual; see `peacetrap run`)")
    print(f"results written to {target}")
    return 0
