"""Two scoreboards side by side (`peacetrap validate --against`): what turned, what moved."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, run_cli
from peacetrap.analysis.validate_compare import compare_boards, comparison_text, read_board
from peacetrap.errors import InputError


def _board(rows):
    return pd.DataFrame(rows, columns=["key", "check", "value", "passed"])


def test_turned_moved_new_and_gone_rows_and_nothing_else():
    before = _board([["a", "A", 1.0, True], ["b", "B", 2.0, True], ["c", "C", 3.0, False],
                     ["d", "D", 4.0, None], ["gone", "G", 0.0, True]])
    after = _board([["a", "A", 1.005, True],     # within 1 %: not listed
                    ["b", "B", 2.0, False],      # turned, same value
                    ["c", "C", 3.5, False],      # moved
                    ["d", "D", 4.0, False],      # n/a -> fail: turned
                    ["new", "N", 1.0, True]])
    diff = compare_boards(before, after)
    assert diff[["key", "change"]].values.tolist() == [
        ["b", "turned"], ["d", "turned"], ["new", "new"], ["gone", "gone"], ["c", "moved"]]
    text = comparison_text(diff, 3, 2)
    assert text.splitlines()[0].startswith("against the earlier scoreboard: 3 -> 2 checks")
    assert "b: pass -> fail" in text and "d: n/a -> fail" in text


def test_results_read_back_from_csv_compare_like_the_table_in_memory(tmp_path):
    before = _board([["a", "A", 1.0, True], ["b", "B", 2.0, None], ["c", "C", 5.0, False]])
    before.to_csv(tmp_path / "validation.csv", index=False)
    read = read_board(tmp_path)
    assert compare_boards(read, before).empty          # "True", "" and "False" read back
    assert compare_boards(before, read).empty


def test_a_folder_without_a_scoreboard_is_refused(tmp_path):
    with pytest.raises(InputError, match="no validation.csv"):
        read_board(tmp_path)
    (tmp_path / "validation.csv").write_text("key,value\nx,1\n")
    with pytest.raises(InputError, match="columns check, passed missing"):
        read_board(tmp_path)


@pytest.mark.heavy           # after test_validate.py's, on the worker that has the scoreboard
def test_the_command_lists_and_writes_what_changed(tmp_path, full_run):
    # the earlier scoreboard: the history rows of the session's whole scoreboard (the same
    # default calibration, rows and values as `validate --only history`, which is not run
    # a second time here)
    first = tmp_path / "first"
    first.mkdir()
    t = pd.read_csv(full_run[1] / "validation.csv", keep_default_na=False)
    t = t[t["group"] == "history"].reset_index(drop=True)
    assert len(t) > 1
    t["passed"] = t["passed"].astype(str)           # pretend the first check turned
    t.loc[0, "passed"] = "False" if t.loc[0, "passed"] == "True" else "True"
    t.to_csv(first / "validation.csv", index=False)
    res = run_cli("validate", "--only", "history", "--against", first,
                  "--out", tmp_path / "second", "--quiet", cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "1 turned" in res.stdout and t.loc[0, "key"] in res.stdout
    diff = pd.read_csv(tmp_path / "second" / "against.csv")
    assert diff["change"].tolist() == ["turned"]
    res = run_cli("validate", "--only", "history", "--against", tmp_path / "nowhere",
                  "--out", tmp_path / "third", "--quiet", cwd=ROOT)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "third").exists()
