r"""Paper-ready outputs: every equation, table, figure and number of a paper, in sync.

:func:`build` writes a *bundle* (through :func:`peacetrap.io.outputs.atomic_dir`)::

    equations.tex          every equation by block, and the legend of symbols and units
    numbers.tex            \newcommand for every headline number (numbers.csv: where each is from)
    tables/*.tex, *.csv    parameters, calibration, scenarios, decomposition, sensitivity,
                           uncertainty, appendix (and experiment, when the settings name a
                           calibration experiment): booktabs LaTeX and the numbers each shows
    figures/*.pdf, *.png   timelines, scenarios, decomposition, fan, sensitivity
    data/*.csv             timelines, decomposition, quantiles, ensemble summary, Sobol
                           indices, priors, the fit, the observed record, facts of the run
    main.tex               a short example paper using all of the above
    manifest.json          versions, settings, inputs' and every file's SHA-256

The bundle is deterministic: the same settings and model give byte-identical
files (no timestamps; seeded draws; fixed figure settings and metadata).  The
macros of ``numbers.tex`` are generated from the CSV files *as written*, and
every table cell shows one CSV cell (see :mod:`peacetrap.paper.booktabs`).

From Python (notebooks), the same pieces one at a time::

    >>> from peacetrap import paper
    >>> res = paper.compute()                             # doctest: +SKIP
    >>> print(paper.tables(res)["scenarios"].latex())      # doctest: +SKIP
    >>> fig = paper.figures.fan_chart(res)                 # doctest: +SKIP

Sizes and time: see :mod:`peacetrap.paper.settings`; ``benchmarks/bench_paper.py``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from peacetrap.paper import figures
from peacetrap.io.outputs import atomic_dir, manifest, write_json, write_table
from peacetrap.paper.document import main_tex
from peacetrap.paper.numbers import numbers, numbers_frame, numbers_latex
from peacetrap.paper.results import PaperResults, compute
from peacetrap.paper.settings import PaperSettings, load_settings
from peacetrap.paper.tables import all_tables, observed_record
from peacetrap.run.timeline import CONTRACT

if TYPE_CHECKING:
    from peacetrap.analysis.validate import Scoreboard

tables = all_tables


def run_facts(res: PaperResults) -> pd.DataFrame:
    """``data/run_facts.csv``: names, counts and settings the text quotes (macro, value)."""
    s = res.settings
    ens = res.ensemble
    info = res.sensitivity_info
    rows = [
        ("MainScenario", res.scenario.name, None, "main scenario"),
        ("BaselineScenario", res.baseline.name, None, "baseline scenario"),
        ("CalibrationName", res.calibration.name, None, "calibration"),
        ("TargetsName", s.targets, None, "targets file of the calibration table"),
        ("ScenarioStart", str(res.start), None, "first scenario quarter"),
        ("ScenarioEnd", str(res.start + s.quarters - 1), None, "last scenario quarter"),
        ("ScenarioQuarters", s.quarters, 0, "scenario quarters"),
        ("ScenarioCount", len(res.comparison.scenarios), 0, "scenarios against the baseline"),
        ("TargetCount", len(res.fit), 0, "targets of the calibration table"),
        ("TargetsWithinTolerance", int(res.fit["within_tolerance"].sum()), 0,
         "targets hit within their tolerance"),
        ("EnsembleDraws", s.draws, 0, "ensemble draws"),
        ("EnsembleFailedDraws", int(ens.n_failed), 0, "ensemble draws that failed (excluded)"),
        ("EnsembleSeed", str(s.seed), None, "ensemble seed"),
        ("UncertainParameters", len(res.priors.names), 0, "uncertain parameters"),
        ("SobolSamples", s.samples, 0, "Sobol base samples N"),
        ("SobolRuns", int(info["runs"]), 0, "Sobol runs N (k + 2)"),
        ("SobolFailedRuns", int(info["failed"]), 0, "Sobol runs that failed (median imputed)"),
        ("SobolSeed", str(s.sensitivity_seed), None, "Sobol seed"),
    ]
    return pd.DataFrame(rows, columns=["macro", "value", "decimals", "description"])


def validation_counts(board: Scoreboard) -> pd.DataFrame:
    """``data/validation_counts.csv``: per group and in all, checks that apply, passed,
    failed, not applicable (the ``Valid*`` macros)."""
    counts = board.counts()
    total = pd.DataFrame([{"group": "all", "checks": board.n_checks, "passed": board.n_passed,
                           "failed": board.n_failed,
                           "not_applicable": board.n_not_applicable}])
    return pd.concat([total, counts], ignore_index=True)


def _timelines(res: PaperResults) -> pd.DataFrame:
    return pd.concat([tl[CONTRACT] for tl in res.comparison.timelines.values()],
                     ignore_index=True)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_bundle(folder: Path, res: PaperResults, command: str = "peacetrap paper") -> list[Path]:
    """Write every file of the bundle into an existing, empty ``folder``; return their paths."""
    import matplotlib.pyplot as plt

    from peacetrap.core.latex import equations_latex, symbol_legend_latex

    folder = Path(folder)
    for sub in ("tables", "figures", "data"):
        (folder / sub).mkdir()
    written: list[Path] = []
    # tables: LaTeX and the CSV of the numbers each shows
    tabs = tables(res)
    for name, t in tabs.items():
        written.append(write_table(t.csv_frame(), folder / "tables" / name))
        (folder / "tables" / f"{name}.tex").write_text(t.latex())
        written.append(folder / "tables" / f"{name}.tex")
    # data behind the figures and the text
    pri = res.priors.table()
    data = {
        "timelines": _timelines(res),
        "decomposition": res.decomposition.table,
        "quantiles": res.ensemble.quantiles,
        "ensemble_summary": res.ensemble.summary,
        "sensitivity": res.sensitivity,
        "priors": pri,
        "fit": res.fit,
        "observed": observed_record(),
        "run_facts": run_facts(res),
    }
    if res.validation is not None:
        data["validation_counts"] = validation_counts(res.validation)
    if res.experiment is not None:
        data["experiment"] = res.experiment
        if res.experiment_fits is not None and len(res.experiment_fits):
            data["experiment_fits"] = res.experiment_fits
    for name, frame in data.items():
        written.append(write_table(frame, folder / "data" / name))
    # numbers: from the CSV files as written
    files = {}
    for p in sorted(folder.glob("*/*.csv")):
        files[p.relative_to(folder).as_posix()] = pd.read_csv(p)
    items = numbers(files, res.scenario.name)
    (folder / "numbers.tex").write_text(numbers_latex(items))
    written.append(folder / "numbers.tex")
    written.append(write_table(numbers_frame(items), folder / "numbers"))
    # equations and legend, printed from the symbolic model
    spec = res.model.spec
    (folder / "equations.tex").write_text(
        "% peacetrap paper: equations (printed by peacetrap.core.latex). Generated; do not edit.\n"
        + equations_latex(spec) + "\n\\subsection*{Symbols and units}\n"
        + symbol_legend_latex(spec))
    written.append(folder / "equations.tex")
    # figures
    for name, make in figures.FIGURES.items():
        fig = make(res)
        try:
            written += figures.save_figure(fig, folder / "figures" / name)
        finally:
            plt.close(fig)
    # the example paper
    captions = {name: t.caption for name, t in tabs.items()}
    pairs = None
    if res.experiment is not None:
        pairs = list(zip(res.experiment["calibration"].astype(str),
                         res.experiment["scenario"].astype(str)))
    (folder / "main.tex").write_text(main_tex(res.settings.title, res.settings.author, captions,
                                              res.sensitivity_outputs, pairs,
                                              validation=res.validation is not None,
                                              undefined=res.sensitivity_info["undefined"]))
    written.append(folder / "main.tex")
    # manifest: inputs, settings, every file's hash (no timings: they differ between builds)
    cal = res.calibration
    inputs = [cal.path, res.scenario.path, res.baseline.path,
              res.settings.path] + [s.path for s in res.comparison.scenarios]
    from peacetrap.io.resources import folder as shipped_folder

    inputs.append(shipped_folder("data") / "russia_observed.csv")
    if res.validation is not None:
        inputs.append(res.validation.spec.path)
    if res.experiment_path is not None:
        inputs.append(res.experiment_path)
    files_sha = {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(written)}
    doc = manifest(command, res.comparison.simulation.values.iloc[0],
                   list(dict.fromkeys(inputs)), seed=res.settings.seed,
                   settings=res.settings.as_dict(), calibration=cal.name,
                   scenario=res.scenario.name, baseline=res.baseline.name,
                   scenarios=[s.name for s in res.comparison.scenarios],
                   ensemble={"draws": res.settings.draws, "failed": int(res.ensemble.n_failed),
                             "uncertain_parameters": len(res.priors.names)},
                   sensitivity=res.sensitivity_info, experiment=res.experiment_name,
                   files=files_sha)
    write_json(folder / "manifest.json", doc)
    written.append(folder / "manifest.json")
    return written


def build(out: str | Path, settings: PaperSettings | None = None, *, force: bool = False,
          progress: bool = False, command: str = "peacetrap paper") -> PaperResults:
    """Compute every result and write the bundle to ``out`` (atomically).

    Parameters
    ----------
    out : path
        Output folder; it must not exist unless ``force``.
    settings : PaperSettings, optional
        Default: :class:`PaperSettings` () (see :func:`load_settings` for a paper file).
    force : bool
        Replace ``out`` if it exists.
    progress : bool
        Progress bars on stderr for the long steps.

    Returns
    -------
    PaperResults

    Raises
    ------
    InputError
        ``out`` exists without ``force``; a bad paper file, calibration or
        scenario (before anything runs or is written).
    """

    from peacetrap.io.outputs import check_output

    target = check_output(Path(out), force)
    res = compute(settings, progress=progress)
    with atomic_dir(target, force) as tmp:
        write_bundle(tmp, res, command)
    return res


__all__ = ["build", "write_bundle", "compute", "tables", "figures", "run_facts",
           "load_settings", "PaperSettings", "PaperResults"]
