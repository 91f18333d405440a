"""Output folders are written atomically and never replace earlier results unasked."""

import pytest

from peacetrap.errors import InputError
from peacetrap.io.outputs import atomic_dir, check_quarters, output_target


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
    for bad in (0, 401):
        with pytest.raises(InputError, match="allowed 1 to 400"):
            check_quarters(bad)
