"""``peacetrap plot RUN [RUN ...]``: the timeline figure of one or more ``run`` folders.

Drawing is kept out of ``peacetrap run`` so that a run answers in about a second
(matplotlib's import and rendering take about as long as the rest of a run); the
figure is made from the written results, so any run folder can be drawn later,
several of them on one figure.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from peacetrap.errors import InputError
from peacetrap.io.paths import parse_quarter
from peacetrap.run.timeline import NUMERIC_CONTRACT
from peacetrap.io.outputs import (
    add_output_options,
    atomic_dir,
    manifest,
    output_target,
    save_figure,
    write_json,
)

#: Timelines per figure (one line style each; the baseline of the first run is drawn too).
MAX_RUNS = 3


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plot", help="draw the timeline figure of run folders",
                       description="Draw the timelines of one or more folders written by "
                       "'peacetrap run' (with the first one's baseline) on one figure; "
                       "writes timeline.png and manifest.json to --out.")
    p.add_argument("runs", nargs="+", type=Path, metavar="RUN",
                   help=f"a folder written by 'peacetrap run' (at most {MAX_RUNS})")
    add_output_options(p, "results/<scenario>-plot-<time>")
    p.set_defaults(func=plot)


def _table(folder: Path, stem: str) -> tuple[pd.DataFrame, Path] | None:
    """``<stem>.csv`` or ``<stem>.parquet`` of a run folder, indexed by quarter."""
    for path in (folder / f"{stem}.csv", folder / f"{stem}.parquet"):
        if path.exists():
            try:
                df = pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
                df.index = pd.PeriodIndex(df.pop("quarter").astype(str), freq="Q")
                missing = [c for c in NUMERIC_CONTRACT if c not in df.columns]
                if not missing:
                    df[NUMERIC_CONTRACT] = df[NUMERIC_CONTRACT].apply(pd.to_numeric)
            except (ValueError, KeyError, OSError, ImportError) as exc:
                raise InputError(f"{path}: not a timeline written by 'peacetrap run' "
                                 f"({type(exc).__name__}: {exc})") from None
            if missing:
                raise InputError(f"{path}: not a timeline written by 'peacetrap run' (no "
                                 f"column {', '.join(missing[:3])}"
                                 f"{', ...' if len(missing) > 3 else ''})")
            return df, path
    return None


def read_run(folder: Path) -> dict:
    """A run folder's timeline, baseline, summary and the paths read.

    Raises
    ------
    InputError
        If ``folder`` is not a folder written by ``peacetrap run``, naming what is missing.
    """
    summary_path = folder / "summary.json"
    if not folder.is_dir():
        kind = "a file, not a folder" if folder.exists() else "no such folder"
        raise InputError(f"{folder}: {kind} (give a folder written by 'peacetrap run')")
    if not summary_path.exists():
        raise InputError(f"{folder}: no summary.json; not a folder written by 'peacetrap run'")
    try:
        summary = json.loads(summary_path.read_text())
        name, calibration = str(summary["scenario"]), str(summary["calibration"])
        start = summary.get("scenario_start")
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{summary_path}: not a summary written by 'peacetrap run' "
                         f"({type(exc).__name__}: {exc})") from None
    start_q = parse_quarter(start, f"{summary_path}: scenario_start") if start else None
    baseline_name = summary.get("baseline")
    if baseline_name is not None and not isinstance(baseline_name, str):
        raise InputError(f"{summary_path}: baseline = {baseline_name!r:.60}: expected a "
                         "scenario name (text) or null")
    timeline = _table(folder, "timeline")
    if timeline is None:
        raise InputError(f"{folder}: no timeline.csv or timeline.parquet")
    baseline = _table(folder, "baseline")
    paths = [summary_path, timeline[1]] + ([baseline[1]] if baseline else [])
    return {"name": name, "calibration": calibration, "baseline_name": baseline_name,
            "timeline": timeline[0], "baseline": baseline[0] if baseline else None,
            "start": start_q, "paths": paths}


def plot(args: argparse.Namespace) -> int:
    if len(args.runs) > MAX_RUNS:
        raise InputError(f"plot: {len(args.runs)} run folders given; at most {MAX_RUNS} "
                         "fit one figure")
    runs = [read_run(Path(folder)) for folder in args.runs]
    first = runs[0]
    target = output_target(args.out, args.force, "plot", first["name"])
    names = [r["name"] for r in runs]
    lines = {(r["name"] if names.count(r["name"]) == 1 else f"{r['name']} ({Path(f).name})"):
             r["timeline"] for r, f in zip(runs, args.runs)}
    if first["baseline"] is not None and first["baseline_name"] not in lines:
        lines[first["baseline_name"]] = first["baseline"]
    calibrations = sorted({r["calibration"] for r in runs})
    title = f"{' vs '.join(r['name'] for r in runs)} (calibration: {', '.join(calibrations)})"
    from peacetrap.analysis.figures import timeline_figure   # matplotlib: once the runs are read

    with atomic_dir(target, args.force) as tmp:
        save_figure(timeline_figure(lines, first["start"], title), tmp / "timeline.png")
        write_json(tmp / "manifest.json", manifest(
            "plot " + " ".join(Path(f).name for f in args.runs), {},
            [p for r in runs for p in r["paths"]],
            scenarios=[r["name"] for r in runs], calibrations=calibrations))
    print(f"figure written to {target / 'timeline.png'}")
    return 0
