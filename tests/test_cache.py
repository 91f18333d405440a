"""The disk cache of compiled kernels and model metadata (peacetrap.core.cache)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.core import cache

PROBE = """
import sys
import peacetrap as pt
m = pt.load_model()
m.kernels.compiled()             # numba's kernels: compiled once per machine, else loaded
cal = pt.load_calibration(m, "appendix")
sim = pt.simulate(m, cal, [pt.load_scenario(m, "sudden-peace")])
print(repr(float(sim.frame()["unemployment_rate"].max())), int("sympy" in sys.modules))
"""


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache folder for this process (and its children)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PEACETRAP_CACHE", str(folder))
    cache.root.cache_clear()
    yield folder
    cache.root.cache_clear()


def test_definition_key_follows_the_definition(tmp_path, monkeypatch):
    package = Path(cache.__file__).resolve().parent.parent
    original = cache.definition_key()
    copy = tmp_path / "peacetrap"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", copy)
    cache.definition_key.cache_clear()
    try:
        same = cache.definition_key()
        block = copy / "core" / "definition" / "labour.py"
        block.write_text(block.read_text() + "\n# a change\n")
        cache.definition_key.cache_clear()
        changed = cache.definition_key()
        extra = copy / "core" / "definition" / "health" / "__init__.py"   # a new block module
        extra.parent.mkdir()
        extra.write_text("X = 1\n")
        cache.definition_key.cache_clear()
        split = cache.definition_key()
    finally:
        cache.definition_key.cache_clear()
    assert len({same, changed, split}) == 3
    assert same == original            # the key depends on contents, not on where they are


def test_model_metadata_is_json_and_a_broken_file_is_rebuilt(fresh_cache):
    model = pt.Model()
    files = list((fresh_cache / "models").glob("*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["kernels"] == model.info.kernels
    assert (fresh_cache / "kernels" / f"{model.info.kernels}.py").exists()
    files[0].write_text("{ not json")
    again = pt.Model()
    assert again.layout == model.layout
    assert json.loads(files[0].read_text())["kernels"] == model.info.kernels


def test_warm_model_needs_no_sympy_and_matches_the_built_one(fresh_cache):
    built = pt.Model()                      # builds the definition, writes the cache
    warm = pt.Model()                       # reads it
    assert warm._spec is None and built._spec is not None
    assert warm.layout == built.layout
    assert warm.defaults().equals(built.defaults())
    for name, q in built.spec.quantities.items():
        w = warm.quantities[name]
        assert (w.kind, w.bounds, w.shown_unit, w.to_display) == \
            (q.kind, q.bounds, q.shown_unit, q.to_display)


def test_fresh_machine_compiles_once_concurrent_processes_wait(fresh_cache):
    """Two processes on an empty cache: one compiles (and says so), the other waits for
    it; a third loads without compiling or importing sympy. All give the same result."""
    env = dict(os.environ, PEACETRAP_CACHE=str(fresh_cache))
    procs = [subprocess.Popen([sys.executable, "-c", PROBE], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sum("compiling the model's kernels" in err for _, err in outs) == 1
    third = subprocess.run([sys.executable, "-c", PROBE], env=env, text=True,
                           capture_output=True, timeout=600, check=True)
    assert "compiling" not in third.stderr
    values = {out.split()[0] for out, _ in outs} | {third.stdout.split()[0]}
    assert len(values) == 1
    assert third.stdout.split()[1] == "0"          # no sympy when the cache is warm
    assert not list(fresh_cache.rglob("*.tmp"))    # no half-written file left behind


def test_custom_spec_gets_its_own_kernels():
    from peacetrap.core import definition

    model = pt.Model(definition.build())
    assert model.info.kernels == pt.load_model().info.kernels     # same equations, same code
    assert model._spec is not None
    assert np.isfinite(model.defaults()).all()


def test_plain_python_and_numba_kernels_agree_to_the_bit():
    """A small first run integrates in plain Python, later ones with numba: same numbers."""
    from peacetrap.core import kernels

    model = pt.Model()
    cal = pt.load_calibration(model, "appendix")
    runs = [pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")]
    assert kernels.INTERPRETED_BUDGET > 2 * 200          # two members of ~190 steps each
    plain = pt.simulate(model, cal, runs)
    assert not model.kernels.is_compiled
    model.kernels.compiled()
    compiled = pt.simulate(model, cal, runs)
    pd.testing.assert_frame_equal(plain.frame(), compiled.frame(), check_exact=True)


def test_a_batch_beyond_the_budget_runs_compiled():
    from peacetrap.core import kernels

    model = pt.Model()
    cal = pt.load_calibration(model, "appendix")
    values = pd.DataFrame([cal.values] * 40)
    pt.simulate(model, cal, [pt.load_scenario(model, "sudden-peace")], values=values)
    assert model.kernels.is_compiled
    assert model.kernels.integrator(1) == (model.kernels.compiled()[1], True)
    assert kernels.INTERPRETED_BUDGET < 40 * 150


def test_a_small_run_starts_neither_numba_nor_matplotlib():
    """What keeps `peacetrap run` near a second: a one-scenario run in a fresh process
    integrates as plain Python (its right-hand side too) and draws nothing; numba's
    kernel, loaded afterwards in the same process, gives the same numbers to the bit."""
    probe = ("import sys\nimport peacetrap as pt\nm = pt.load_model()\n"
             "cal = pt.load_calibration(m)\nsc = [pt.load_scenario(m, 'sudden-peace')]\n"
             "plain = pt.simulate(m, cal, sc).frame()\n"
             "print(int('numba' in sys.modules), int('matplotlib' in sys.modules))\n"
             "m.kernels.compiled()\n"
             "print(int(plain.equals(pt.simulate(m, cal, sc).frame())))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=600, check=True)
    assert out.stdout.split() == ["0", "0", "1"], out.stderr
