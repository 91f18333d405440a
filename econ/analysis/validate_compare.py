r"""Two scoreboards side by side: which checks turned and which values moved.

A model change or a refitted calibration is judged by what it does to the
scoreboard.  :func:`compare_boards` joins two ``validation.csv`` tables on the
check's ``key`` and keeps the rows that differ:

* ``turned``: the check passed in one and failed (or was not applicable) in
  the other;
* ``moved``: the same result, but the value changed by more than ``rel`` of
  its size, :math:`|v_1 - v_0| > \mathrm{rel}\,\max(|v_0|, \epsilon)`;
* ``new`` / ``gone``: a check in only one of the two.

Examples
--------
>>> import pandas as pd
>>> from peacetrap.analysis.validate_compare import compare_boards
>>> a = pd.DataFrame({"key": ["x", "y"], "check": ["x", "y"], "value": [1.0, 2.0],
...                   "passed": [True, True]})
>>> b = a.assign(value=[1.0, 2.5], passed=[True, False])
>>> compare_boards(a, b)[["key", "change"]].to_dict("records")
[{'key': 'y', 'change': 'turned'}]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.errors import InputError

#: Columns a scoreboard table must have to be compared.
NEEDED = ("key", "check", "value", "passed")
#: Order of the kinds of change in the comparison.
KINDS = ("turned", "new", "gone", "moved")


def read_board(folder: Path) -> pd.DataFrame:
    """The ``validation.csv`` of an earlier ``peacetrap validate`` output folder.

    Raises
    ------
    InputError
        Naming the file when it is missing, unreadable or lacks a needed column.
    """
    path = Path(folder) / "validation.csv"
    if not path.is_file():
        raise InputError(f"--against {folder}: no validation.csv there (give the output "
                         "folder of an earlier peacetrap validate)")
    try:
        df = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable scoreboard table ({exc})") from None
    missing = [c for c in NEEDED if c not in df.columns]
    if missing:
        raise InputError(f"{path}: columns {', '.join(missing)} missing; a scoreboard "
                         f"table has {', '.join(NEEDED)}")
    return df


def _passed(col: pd.Series) -> pd.Series:
    """True / False / None from a column read back from CSV (or held in memory)."""
    def one(v: object) -> bool | None:
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        s = str(v).strip().lower()
        return True if s == "true" else False if s == "false" else None
    return col.map(one)


def count_passed(board: pd.DataFrame) -> int:
    """Checks of a scoreboard table that passed (read back from CSV or in memory)."""
    return int(sum(v is True for v in _passed(board["passed"])))


def compare_boards(before: pd.DataFrame, after: pd.DataFrame, rel: float = 0.01
                   ) -> pd.DataFrame:
    """Rows of two scoreboards that differ, matched on the check's ``key``.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Scoreboard tables (columns at least :data:`NEEDED`).
    rel : float
        Relative change of a value (of :math:`\\max(|v_0|, 10^{-12})`) above which a
        check whose result did not change is listed as ``moved``.

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``check``, ``change`` (one of :data:`KINDS`),
        ``passed_before``, ``passed_after``, ``value_before``, ``value_after``;
        ordered by kind, then as in ``after``.
    """
    cols = list(NEEDED)
    b = before[cols].drop_duplicates("key").set_index("key")
    a = after[cols].drop_duplicates("key").set_index("key")
    keys = list(a.index) + [k for k in b.index if k not in a.index]
    j = pd.DataFrame(index=pd.Index(keys, name="key"))
    j["check"] = a["check"].reindex(keys).fillna(b["check"].reindex(keys))
    j["passed_before"] = _passed(b["passed"]).reindex(keys)
    j["passed_after"] = _passed(a["passed"]).reindex(keys)
    j["value_before"] = pd.to_numeric(b["value"], errors="coerce").reindex(keys)
    j["value_after"] = pd.to_numeric(a["value"], errors="coerce").reindex(keys)
    in_b, in_a = j.index.isin(b.index), j.index.isin(a.index)
    v0, v1 = j["value_before"].to_numpy(float), j["value_after"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        moved = np.abs(v1 - v0) > rel * np.maximum(np.abs(v0), 1e-12)
    turned = [x is not y and x != y for x, y in zip(j["passed_before"], j["passed_after"])]
    change = np.select([~in_b, ~in_a, np.array(turned, bool), moved],
                       ["new", "gone", "turned", "moved"], default="")
    j["change"] = change
    out = j[j["change"] != ""].reset_index()
    out["order"] = out["change"].map({k: i for i, k in enumerate(KINDS)})
    out = out.sort_values("order", kind="stable").drop(columns="order")
    return out[["key", "check", "change", "passed_before", "passed_after", "value_before",
                "value_after"]].reset_index(drop=True)


def comparison_text(diff: pd.DataFrame, n_before: int, n_after: int) -> str:
    """The comparison as lines for a terminal: counts, then one line per changed row."""
    word = {True: "pass", False: "fail", None: "n/a"}
    lines = [f"against the earlier scoreboard: {n_before} -> {n_after} checks passed; "
             f"{int((diff['change'] == 'turned').sum())} turned, "
             f"{int((diff['change'] == 'moved').sum())} moved"]
    for r in diff.itertuples(index=False):
        pb = r.passed_before if r.passed_before in (True, False) else None
        pa = r.passed_after if r.passed_after in (True, False) else None
        lines.append(f"  {r.change:6s} {r.key}: {word[pb]} -> {word[pa]}, "
                     f"{r.value_before:.4g} -> {r.value_after:.4g}")
    return "\n".join(lines) + "\n"
