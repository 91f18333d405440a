"""`peacetrap run` through a subprocess: outputs, contract, refusal to overwrite, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import run_cli
from peacetrap.errors import InputError
from peacetrap.run.timeline import CONTRACT, HEADLINES


@pytest.fixture(scope="module")
def peace_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "peace"
    res = run_cli("run", "sudden-peace", "--out", out, "--calibration", "default")
    assert res.returncode == 0, res.stderr
    return out, res


def test_run_writes_the_contract(peace_run):
    out, res = peace_run
    assert {p.name for p in out.iterdir()} == {"timeline.csv", "baseline.csv", "summary.json",
                                               "manifest.json"}
    tl = pd.read_csv(out / "timeline.csv")
    assert list(tl.columns[:len(CONTRACT)]) == CONTRACT
    assert tl["quarter"].iloc[0] == "2021Q1" and tl["quarter"].iloc[-1] == "2035Q4"
    assert len(tl) == 60 and (tl["scenario"] == "sudden-peace").all()
    assert tl[CONTRACT[2:]].notna().all().all()
    summary = json.loads((out / "summary.json").read_text())
    assert set(HEADLINES) <= set(summary)
    assert "GDP trough vs baseline" in res.stdout and "unemployment peak" in res.stdout


def test_manifest_names_version_parameters_and_input_hashes(peace_run):
    out, _ = peace_run
    man = json.loads((out / "manifest.json").read_text())
    assert man["version"] and man["parameters"]["wage_phillips"] == pytest.approx(0.09)
    assert set(man["input_sha256"]) == {"sudden-peace.toml", "long-grind.toml", "default.toml"}
    assert all(len(h) == 64 for h in man["input_sha256"].values())
    assert "/" not in "".join(man["input_sha256"])


def test_same_inputs_give_byte_identical_outputs(peace_run, tmp_path):
    out, _ = peace_run
    res = run_cli("run", "sudden-peace", "--out", tmp_path / "again", "--calibration", "default")
    assert res.returncode == 0, res.stderr
    for name in ("timeline.csv", "summary.json", "manifest.json", "baseline.csv"):
        assert (out / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_plot_draws_run_folders_reproducibly(peace_run, tmp_path):
    out, _ = peace_run
    first = run_cli("plot", out, "--out", tmp_path / "fig")
    again = run_cli("plot", out, "--out", tmp_path / "again")
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert {p.name for p in (tmp_path / "fig").iterdir()} == {"timeline.png", "manifest.json"}
    png = (tmp_path / "fig" / "timeline.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == (tmp_path / "again" / "timeline.png").read_bytes()
    man = json.loads((tmp_path / "fig" / "manifest.json").read_text())
    assert set(man["input_sha256"]) == {"summary.json", "timeline.csv", "baseline.csv"}
    assert man["scenarios"] == ["sudden-peace"] and man["calibrations"] == ["default"]


def test_plot_of_a_folder_that_is_no_run_is_refused(tmp_path):
    res = run_cli("plot", tmp_path, "--out", tmp_path / "fig")
    assert res.returncode == 2 and "summary.json" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "fig").exists()
    (tmp_path / "summary.json").write_text("{not json")
    res = run_cli("plot", tmp_path, "--out", tmp_path / "fig")
    assert res.returncode == 2 and "summary.json" in res.stderr and "Traceback" not in res.stderr


def test_plot_of_a_file_or_a_missing_folder_says_which(tmp_path):
    from peacetrap.cli.plot import read_run

    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="notes.txt: a file, not a folder"):
        read_run(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="nowhere: no such folder"):
        read_run(tmp_path / "nowhere")


def test_plot_of_a_run_folder_with_a_damaged_timeline_is_refused(peace_run, tmp_path):
    # a timeline.csv without the contract's columns, or with text in one, stopped plot
    # with a KeyError / ValueError traceback (exit 1)
    import shutil

    out, _ = peace_run
    tl = pd.read_csv(out / "timeline.csv")
    damaged = {"no-columns": tl[["quarter", "scenario"]],
               "text": tl.astype({"key_rate_pct": object}).assign(key_rate_pct="abc")}
    for name, table in damaged.items():
        folder = tmp_path / name
        shutil.copytree(out, folder)
        table.to_csv(folder / "timeline.csv", index=False)
        res = run_cli("plot", folder, "--out", tmp_path / f"fig-{name}")
        assert res.returncode == 2, (name, res.stderr)
        assert "timeline.csv: not a timeline written by 'peacetrap run'" in res.stderr, name
        assert "Traceback" not in res.stderr and not (tmp_path / f"fig-{name}").exists()
    # a scenario_start that is no quarter stopped plot with pandas' DateParseError
    folder = tmp_path / "start"
    shutil.copytree(out, folder)
    summary = json.loads((folder / "summary.json").read_text())
    (folder / "summary.json").write_text(json.dumps({**summary, "scenario_start": "2026Q5"}))
    res = run_cli("plot", folder, "--out", tmp_path / "fig-start")
    assert res.returncode == 2 and "summary.json: scenario_start: '2026Q5'" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "fig-start").exists()
    # a baseline that is no name stopped it with TypeError: unhashable type: 'list'
    (folder / "summary.json").write_text(json.dumps({**summary, "baseline": [1]}))
    res = run_cli("plot", folder, "--out", tmp_path / "fig-base")
    assert res.returncode == 2 and "summary.json: baseline = [1]" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "fig-base").exists()


def test_existing_folder_is_not_overwritten_without_force(peace_run):
    out, _ = peace_run
    before = (out / "timeline.csv").read_bytes()
    res = run_cli("run", "long-grind", "--out", out)
    assert res.returncode == 2 and "--force" in res.stderr and "Traceback" not in res.stderr
    assert (out / "timeline.csv").read_bytes() == before


def test_force_replaces_and_parquet_format(tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    res = run_cli("run", "long-grind", "--out", out, "--force", "--format", "parquet",
                  "--quarters", "8")
    assert res.returncode == 0, res.stderr
    tl = pd.read_parquet(out / "timeline.parquet")
    assert tl["quarter"].iloc[-1] == "2027Q4"


def write(path, text):
    path.write_text(text)
    return path


@pytest.mark.parametrize("content, fragments", [
    ('[scenario]\nname = "x"\n[inputs.defence_procurement\npoints = []\n',
     ["malformed TOML", "line 3"]),
    ('[scenario]\nname = "x"\n[inputs.defence_procurment]\npoints = [["2026Q1", 3.0]]\n',
     ["unknown input 'defence_procurment'", "did you mean 'defence_procurement'"]),
    ('[scenario]\nname = "x"\n[inputs.defence_procurement]\npoints = [["2026Q1", 93.0]]\n',
     ["93.0 is out of range", "allowed 0.0 to 40.0 %"]),
    ('[scenario]\nnmae = "x"\n', ["unknown key 'nmae'", "did you mean 'name'"]),
    ('[scenario]\nname = "x"\n[inputs.oil_price]\npoints = [["2024Q1", 50.0]]\n',
     ["before the scenario start 2026Q1"]),
    # digits other than ASCII ones (full-width) are not a quarter, not a traceback
    ('[scenario]\nname = "x"\n[inputs.oil_price]\n'
     'points = [["\uff12\uff10\uff12\uff17Q1", 50.0]]\n', ["not a quarter", "points[0]"]),
])
def test_bad_scenario_files_exit_2_and_write_nothing(tmp_path, content, fragments):
    bad = write(tmp_path / "bad.toml", content)
    out = tmp_path / "out"
    res = run_cli("run", bad, "--out", out)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    for f in fragments:
        assert f in res.stderr, (f, res.stderr)
    assert "bad.toml" in res.stderr
    assert not out.exists()
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


@pytest.mark.parametrize("args, noun", [
    (["run", "{file}"], "scenario file"),
    (["run", "sudden-peace", "--calibration", "{file}"], "calibration file"),
    (["calibrate", "--targets", "{file}"], "targets file"),
    (["backtest", "{file}"], "episode file"),
    (["validate", "--quiet", "--spec", "{file}"], "validation file"),
    (["paper", "--experiment", "{file}"], "paper file"),
])
def test_a_device_or_a_folder_given_as_an_input_file_is_named_as_such(tmp_path, args, noun):
    # /dev/null was "is a folder, not a file" (and "file not found" for --spec); targets
    # and paper files were named "targets file file ..."
    import os

    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    for file, what in (("/dev/null", "is not a regular file"), (tmp_path, "is a folder")):
        res = run_cli(*[str(file) if a == "{file}" else a for a in args],
                      "--out", tmp_path / "o")
        assert res.returncode == 2, res.stderr
        assert f"{noun} {file}: {what}" in res.stderr, res.stderr
        assert "file file" not in res.stderr and not (tmp_path / "o").exists()


def test_unknown_scenario_lists_the_known_ones(tmp_path):
    res = run_cli("run", "sudden-pace", "--out", tmp_path / "o")
    assert res.returncode == 2
    assert "did you mean 'sudden-peace'" in res.stderr and "long-grind" in res.stderr


def test_bad_calibration_value_and_option(tmp_path):
    cal = write(tmp_path / "cal.toml", '[calibration]\nname = "c"\n[parameters]\nwage_phillips = 9.0\n')
    res = run_cli("run", "sudden-peace", "--calibration", cal, "--out", tmp_path / "o")
    assert res.returncode == 2 and "wage_phillips" in res.stderr and "allowed 0.01 to 0.3" in res.stderr
    res = run_cli("run", "sudden-peace", "--quarters", "0", "--out", tmp_path / "o")
    assert res.returncode == 2 and "--quarters" in res.stderr and "allowed 8 to 400" in res.stderr
    res = run_cli("run", "sudden-peace", "--format", "xlsx", "--out", tmp_path / "o")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    # the option parser's errors are one line too, naming the command's help
    for args in (("run", "sudden-peace", "--quarters", "3"), ("run", "--bogus"), ("nosuch",)):
        res = run_cli(*args)
        assert res.returncode == 2, args
        assert len(res.stderr.strip().splitlines()) == 1 and "--help" in res.stderr, res.stderr
    assert not (tmp_path / "o").exists()
    # an option no command knows is reported by the command it was given to
    res = run_cli("variables", "--nosuch")
    assert res.returncode == 2
    assert res.stderr.strip() == ("peacetrap variables: error: unrecognized arguments: --nosuch; "
                                  "see peacetrap variables --help")


def test_a_calibration_history_point_after_its_end_is_refused(tmp_path):
    # it used to run on into every scenario that did not set the input (long-grind's
    # procurement rose to the point's value), against "inputs keep their end-of-history
    # values"
    cal = write(tmp_path / "cal.toml",
                '[calibration]\nname = "c"\nhistory_end = "2025Q4"\n'
                '[history.defence_procurement]\n'
                'points = [["2022Q1", 3.1], ["2025Q4", 7.2], ["2027Q1", 20.0]]\n')
    res = run_cli("run", "long-grind", "--calibration", cal, "--out", tmp_path / "o")
    assert res.returncode == 2, res.stderr
    assert ("cal.toml: history.defence_procurement: point 2027Q1 is after "
            "calibration.history_end 2025Q4") in res.stderr
    assert not (tmp_path / "o").exists()


def test_help_lists_commands():
    res = run_cli("--help")
    assert res.returncode == 0 and "run" in res.stdout
