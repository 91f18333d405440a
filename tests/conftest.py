"""Shared fixtures: the model is compiled once per test process."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import peacetrap as pt

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model() -> pt.Model:
    return pt.load_model()


def _compile_vectorised(model: pt.Model) -> None:
    """The vectorised kernel of the ensemble's outputs (``peacetrap.analysis.ensemble.outputs``,
    which sensitivity and the paper use too; the suite's batches use that kernel, so it is the
    one generated module of this kind that is compiled). The integration runs on the observed
    calibration, whose step control integrates a second time with more steps, so both of the
    driver's compiled variants are built."""
    import pandas as pd

    from peacetrap.analysis.ensemble import outputs
    from peacetrap.run.vectorised import run_batch

    cal = pt.load_calibration(model, "observed")
    runs = [pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")]
    run_batch(model, cal, runs, pd.DataFrame(index=[0, 1]), 12, list(outputs(model)), threads=1)


def _compile_scalar_and_selection(model: pt.Model) -> None:
    """The scalar kernels (``Model.kernels``, compiled under the package's own lock) and the
    order statistics of :func:`peacetrap.analysis.selection.row_quantiles` in the two float
    types (numba, ``cache=True``; only rows longer than ``SHORT`` reach them)."""
    import numpy as np

    from peacetrap.analysis.selection import SHORT, row_quantiles

    model.kernels.compiled()
    rows = np.random.default_rng(0).standard_normal((2, SHORT + 10))
    for dtype in (np.float32, np.float64):
        row_quantiles(rows.astype(dtype), (0.05, 0.5, 0.95))


#: What numba compiles for the suite, in two parts of about the same time on a fresh machine
#: (20-25 s of CPU each): each worker starts on its own part.
COMPILED = (("vectorised", _compile_vectorised),
            ("scalar-selection", _compile_scalar_and_selection))


@pytest.fixture(scope="session", autouse=True)
def vectorised_kernels(worker_id: str) -> None:
    """Compile (or load) numba's kernels once per machine before any test runs (under
    pytest-xdist; a single process compiles each on first use anyway).

    numba compiles a generated kernel module, or a function of the package, on its first call
    in a process, without a lock, so two test workers (and the command-line runs they start)
    that reach the same kernel together would compile it twice over. Here each worker takes
    each part of :data:`COMPILED` in turn under a lock of the disk cache (the first worker to
    get it compiles it and numba saves it, the others then load it), the workers starting at
    different parts so that on a cold cache two parts compile at once, one a core.
    """
    if not worker_id.startswith("gw"):     # one process: nothing to compile twice
        return
    from peacetrap.core import cache

    model = pt.load_model()
    first = int(worker_id[2:]) % len(COMPILED)
    for name, compile_ in COMPILED[first:] + COMPILED[:first]:
        with cache.locked(f"{name}.test-compile"):
            compile_(model)


@pytest.fixture(scope="session")
def default_cal(model: pt.Model) -> pt.Calibration:
    return pt.load_calibration(model, "default")


@pytest.fixture(scope="session")
def peace(model: pt.Model) -> pt.Scenario:
    return pt.load_scenario(model, "sudden-peace")


@pytest.fixture(scope="session")
def grind(model: pt.Model) -> pt.Scenario:
    return pt.load_scenario(model, "long-grind")


def check_episode(folder: Path) -> Path:
    """us-1953's file under another name, in ``folder``: an episode that is not shipped."""
    text = (ROOT / "calibration" / "episodes" / "us-1953.toml").read_text()
    assert 'name = "us-1953"' in text
    path = folder / "check-1953.toml"
    path.write_text(text.replace('name = "us-1953"', 'name = "check-1953"', 1))
    return path


@pytest.fixture(scope="session")
def full_run(tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> tuple[subprocess.CompletedProcess, Path]:
    """``peacetrap validate --strict`` (the whole scoreboard, appendix calibration, with one
    episode file that is not shipped: :func:`check_episode`) once per test session, and its
    output folder: under xdist the first worker to take the lock runs it and the others
    read its result. Read by test_validate.py and test_validate_compare.py."""
    if worker_id == "master":
        out = tmp_path_factory.mktemp("v") / "board"
        ep = check_episode(out.parent)
        return run_cli("validate", "--strict", "--episode", ep, "--out", out, "--quiet",
                       cwd=ROOT), out
    shared = tmp_path_factory.getbasetemp().parent      # this session's, for every worker
    out, saved = shared / "full_validate" / "board", shared / "full_validate.json"
    with open(shared / "full_validate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            ep = check_episode(shared)
            res = run_cli("validate", "--strict", "--episode", ep, "--out", out, "--quiet",
                          cwd=ROOT)
            saved.write_text(json.dumps([res.args, res.returncode, res.stdout, res.stderr]))
        args, code, stdout, stderr = json.loads(saved.read_text())
    return subprocess.CompletedProcess(args, code, stdout, stderr), out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``heavy`` (tens of seconds of CPU) first.

    pyproject.toml sets ``--dist worksteal``: each worker starts on half of the tests in
    this order and an idle worker takes tests from the other's queue, so the long tests
    start early and the two workers finish together (measured 2026-12-03: 153-159 s for
    the suite against 174-199 s by file, although a file's shared fixtures may then be
    built by both workers); otherwise the collection order is kept.
    """
    items[:] = ([i for i in items if i.get_closest_marker("heavy")]
                + [i for i in items if not i.get_closest_marker("heavy")])


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``peacetrap`` in a subprocess and capture its output."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "peacetrap.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600)
