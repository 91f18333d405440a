"""Output folders are written atomically and never replace earlier results unasked."""

import signal
from pathlib import Path

import pytest

from peacetrap.errors import InputError
from peacetrap.io.outputs import atomic_dir, check_output, check_quarters, output_target


def test_success_moves_the_folder_into_place(tmp_path):
    with atomic_dir(tmp_path / "out") as tmp:
        (tmp / "a.txt").write_text("x")
    assert (tmp_path / "out" / "a.txt").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failure_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_dir(tmp_path / "out") as tmp:
            (tmp / "half.txt").write_text("x")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_needs_force(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("old")
    (tmp_path / "out" / "manifest.json").write_text('{"package": "peacetrap"}')
    with pytest.raises(InputError, match="--force"):
        with atomic_dir(tmp_path / "out"):
            pass
    with atomic_dir(tmp_path / "out", force=True) as tmp:
        (tmp / "new.txt").write_text("new")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["new.txt"]


def test_folder_created_meanwhile_by_another_run_is_kept(tmp_path):
    with pytest.raises(InputError, match="meanwhile"):
        with atomic_dir(tmp_path / "out") as tmp:
            (tmp / "mine.txt").write_text("mine")
            (tmp_path / "out").mkdir()
            (tmp_path / "out" / "theirs.txt").write_text("theirs")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["theirs.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_output_target_and_quarters(tmp_path):
    assert output_target(tmp_path / "new", False, "run", "x") == tmp_path / "new"
    with pytest.raises(InputError):
        output_target(tmp_path, False, "run", "x")
    assert check_quarters(40) == 40
    for bad in (0, 7, 401):
        with pytest.raises(InputError, match="allowed 8 to 400"):
            check_quarters(bad)


# ----------------------------------------------------------------- never lose a user's file
def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_force_never_replaces_the_working_folder_or_its_parents(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine")
    (work / "manifest.json").write_text('{"package": "peacetrap"}')   # even a marked one
    monkeypatch.chdir(work)
    for out in (Path("."), work, tmp_path):
        with pytest.raises(InputError, match="working folder"):
            check_output(out, force=True)
    assert _files(work) == ["manifest.json", "notes.txt"]


def test_force_replaces_only_folders_peacetrap_wrote(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("years of work")
    with pytest.raises(InputError, match="not written by peacetrap"):
        with atomic_dir(theirs, force=True) as tmp:
            (tmp / "a.txt").write_text("x")
    assert _files(tmp_path) == ["theirs", "theirs/thesis.tex"]


def test_files_links_and_folders_under_files_are_refused_up_front(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("keep")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    for out, msg in ((f, "is a file"), (link, "symbolic link"), (f / "sub", "is a file"),
                     (Path("/proc/peacetrap-test/x"), "cannot create"),
                     (tmp_path / ("x" * 300), "longer than 255 bytes")):
        for force in (False, True):
            with pytest.raises(InputError, match=msg):
                check_output(out, force)
    assert f.read_text() == "keep" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "link"]


def test_new_parent_folders_are_removed_on_failure(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_dir(tmp_path / "a" / "b" / "out"):
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_a_signal_swallowed_inside_the_block_still_stops_the_move(tmp_path):
    from peacetrap.io import interrupts

    previous = interrupts.install()
    try:
        with pytest.raises(KeyboardInterrupt):
            with atomic_dir(tmp_path / "out") as tmp:
                (tmp / "a.txt").write_text("x")
                try:
                    interrupts._handler(signal.SIGINT, None)
                except KeyboardInterrupt:
                    pass                      # a library swallowed Ctrl-C
        assert list(tmp_path.iterdir()) == []
    finally:
        interrupts._received.clear()
        interrupts.restore(previous)


def test_run_out_dot_force_in_a_folder_with_files_refuses_and_deletes_nothing(tmp_path,
                                                                               monkeypatch):
    import contextlib
    import io

    from peacetrap.cli import main

    (tmp_path / "data.csv").write_text("precious")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.md").write_text("also precious")
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["run", "sudden-peace", "--out", ".", "--force"])
    assert code == 2 and "working folder" in err.getvalue(), err.getvalue()
    assert _files(tmp_path) == ["data.csv", "sub", "sub/notes.md"]


def test_stage_bar_counts_each_stage_once_and_is_silent_off_a_terminal(monkeypatch, capsys):
    import io

    from peacetrap.io import progress

    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress.stages("demo", 3) as s:
        s.stage("one")
        s.stage("two")
        s.stage("three")
        assert s._bar.n == 2           # the stage under way is not done yet
    assert s._bar.n == 3
    assert "demo" in err.getvalue()
    monkeypatch.setattr(progress, "on_terminal", lambda: False)
    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    with progress.stages("demo", 1) as s:
        s.stage("only")
    assert quiet.getvalue() == ""


def test_stage_bar_counts_its_delay_from_the_command_start_and_shows_mid_stage(monkeypatch):
    import io
    import time

    from peacetrap.io import progress

    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    monkeypatch.setattr(progress, "_started", None)
    assert progress.remaining_delay() == progress.DELAY_SECONDS   # library use: the bar's own
    monkeypatch.setattr(progress, "_started", time.monotonic() - 10.0)
    assert progress.remaining_delay() == 0.0
    out = io.StringIO()
    with progress.stages("demo", 2, file=out) as s:
        s.stage("a long first stage")
        deadline = time.monotonic() + 10.0
        while "a long first stage" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        shown = out.getvalue()
    # the bar appeared while the first stage was still under way (no stage had ended)
    assert "demo: 0/2 stages" in shown and "a long first stage" in shown, shown


def test_stage_bar_stays_hidden_before_its_delay_and_when_asked(monkeypatch):
    import io
    import time

    from peacetrap.io import progress

    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    monkeypatch.setattr(progress, "_started", time.monotonic())   # a command just started
    out = io.StringIO()
    with progress.stages("demo", 1, file=out) as s:
        s.stage("quick")
    assert out.getvalue().strip() == ""
    monkeypatch.setattr(progress, "_started", time.monotonic() - 10.0)
    quiet = io.StringIO()
    with progress.stages("demo", 1, show=False, file=quiet) as s:
        s.stage("quiet")
        time.sleep(0.2)
    assert quiet.getvalue() == ""


def test_git_commit_is_only_that_of_a_repository_tracking_the_package(tmp_path):
    # a package installed inside another project's checkout (its virtual environment)
    # reported that project's HEAD as peacetrap's commit in every manifest.json
    import shutil
    import subprocess

    from peacetrap.io.outputs import git_commit

    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                               *args], cwd=tmp_path, capture_output=True, text=True,
                              check=True).stdout.strip()

    git("init", "-q", ".")
    git("commit", "-q", "--allow-empty", "-m", "a project")
    package = tmp_path / ".venv" / "site-packages" / "peacetrap"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    assert git_commit(package) is None
    git("add", "-f", str(package / "__init__.py"))
    git("commit", "-q", "-m", "the package itself")
    assert git_commit(package) == git("rev-parse", "HEAD")


def test_manifest_hashes_a_file_given_twice_once(tmp_path):
    # a backtest passes its episode file as targets file and as base: the manifest listed
    # it twice, as "us-1953.toml" and "episodes/us-1953.toml"
    from peacetrap.io.outputs import manifest

    f = tmp_path / "a.toml"
    f.write_text("x = 1\n")
    assert list(manifest("c", {}, [f, tmp_path / "." / "a.toml"])["input_sha256"]) == ["a.toml"]
    other = tmp_path / "sub" / "a.toml"
    other.parent.mkdir()
    other.write_text("x = 2\n")
    assert list(manifest("c", {}, [f, other])["input_sha256"]) == ["a.toml", "sub/a.toml"]
