"""``peacetrap run SCENARIO``: simulate a scenario and write its shock timeline."""

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
    write_json,
    write_table,
)


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="simulate a scenario and write its timeline",
                       description="Simulate SCENARIO (a shipped name or a .toml path) after "
                       "the calibration's history and write timeline, summary and manifest to "
                       "--out ('peacetrap plot' draws the figure of a run folder).")
    p.add_argument("scenario", help="scenario name (see 'peacetrap scenarios') or TOML path")
    add_output_options(p, "results/<scenario>-run-<time>")
    add_quarters_option(p)
    add_calibration_option(p)
    add_format_option(p)
    p.set_defaults(func=run)


def execute(scenario: str, calibration: str | None = None, quarters: int = 40) -> dict:
    """Simulate a scenario (and its baseline); return timelines and headline numbers."""
    from peacetrap import load_calibration, load_model, load_scenario, simulate
    from peacetrap.run.setups import DEFAULT_CALIBRATION, defence_only
    from peacetrap.run.timeline import finite_or_raise, headlines, impact_indicators

    check_quarters(quarters)
    model = load_model()
    cal = load_calibration(model, calibration or DEFAULT_CALIBRATION)
    sc = load_scenario(model, scenario)
    runs = [sc]
    base = cf = None
    if sc.baseline and sc.baseline != sc.name:
        base = load_scenario(model, sc.baseline)
        runs.append(base)
        cf = defence_only(sc, base)
        if cf is not None:
            runs.append(cf)
    sim = simulate(model, cal, runs, quarters=quarters)
    tl = sim.timeline(0)
    finite_or_raise(tl)
    start = cal.history_end + 1
    btl = sim.timeline(1) if base is not None else None
    heads = headlines(tl, btl, start, sim.timeline(2) if cf is not None else None)
    impact = impact_indicators(tl, btl, start) if btl is not None else {}
    return {"model": model, "calibration": cal, "scenario": sc, "baseline": base, "sim": sim,
            "timeline": tl, "baseline_timeline": btl, "headlines": heads, "impact": impact,
            "start": start}


def _peak(value: object, quarter: object, unit: str, fmt: str = "7.2f") -> str:
    if value is None:
        return f"{'still rising':>7} (no peak within the first 12 quarters)"
    return f"{value:{fmt}} {unit}   in {quarter}"


def summary_lines(res: dict) -> list[str]:
    h = res["headlines"]
    sc, base = res["scenario"], res["baseline"]
    lines = [f"scenario {sc.name} (calibration {res['calibration'].name}"
             + (f", baseline {base.name})" if base else ")"),
             "  extremes over the first 12 quarters after the start of the scenario"]
    if base is not None:
        trough = h["gdp_trough_pct_vs_baseline"]
        lines += [
            "  GDP trough vs baseline   " + ("still falling (no trough within the first "
                                             "12 quarters)" if trough is None else
                                             f"{trough:+7.2f} %   in {h['gdp_trough_quarter']}"),
            "  unemployment vs baseline " + _peak(h["unemployment_peak_pp_vs_baseline"],
                                                  h["unemployment_excess_peak_quarter"], "pp",
                                                  "+7.2f"),
            "  inflation above baseline " + _peak(h["inflation_peak_pct_vs_baseline"],
                                                  h["inflation_excess_peak_quarter"], "pp",
                                                  "+7.2f"),
        ]
    lines += [
        "  unemployment peak        " + _peak(h["unemployment_peak_pct"],
                                              h["unemployment_peak_quarter"], "%"),
        "  CPI inflation peak       " + _peak(h["inflation_peak_pct"],
                                              h["inflation_peak_quarter"], "%"),
    ]
    if h.get("defence_multiplier_8q") is not None:
        lines.append(f"  defence multiplier       {h['defence_multiplier_4q']:7.2f} (4 quarters), "
                     f"{h['defence_multiplier_8q']:.2f} (8 quarters; procurement alone changed)")
    lines += [
        "  key rate peak            " + _peak(h["key_rate_peak_pct"], h["key_rate_peak_quarter"],
                                              "%"),
        "  LCU per USD peak         " + _peak(h["rub_per_usd_peak"],
                                              h["rub_per_usd_peak_quarter"], "", "7.1f"),
        "  veterans awaiting work   " + _peak(h["veterans_unemployed_peak_thousands"],
                                              h["veterans_unemployed_peak_quarter"],
                                              "thousand", "7.0f"),
    ]
    return lines


def run(args: argparse.Namespace) -> int:
    target = output_target(args.out, args.force, "run", Path(args.scenario).stem)
    res = execute(args.scenario, args.calibration, args.quarters)
    sc, base, cal = res["scenario"], res["baseline"], res["calibration"]
    with atomic_dir(target, args.force) as tmp:
        write_table(res["timeline"], tmp / "timeline", args.format)
        if res["baseline_timeline"] is not None:
            write_table(res["baseline_timeline"], tmp / "baseline", args.format)
        write_json(tmp / "summary.json", {"scenario": sc.name,
                                          "baseline": base.name if base else None,
                                          "calibration": cal.name,
                                          "scenario_start": str(res["start"]),
                                          **res["headlines"],
                                          "impact_of_peace": res["impact"]})
        values = res["sim"].values.iloc[0]
        write_json(tmp / "manifest.json", manifest(
            f"run {args.scenario}", values, [sc.path, base.path if base else None, cal.path],
            scenario=sc.name, baseline=base.name if base else None, calibration=cal.name,
            quarters=args.quarters, format=args.format))
    print("\n".join(summary_lines(res)))
    print(f"results written to {target}")
    return 0
