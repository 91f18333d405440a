"""Fuzzing every input file kind through the command line, in process.

Each example starts from a shipped, valid file and breaks it in one way that
makes it invalid whatever the values drawn: an undeclared key, a value of the
wrong type, a non-finite or huge number, deep nesting, an over-long or empty
name, a missing required key, or a broken encoding.  The command must exit 2
with one paragraph naming the file, print no traceback and write nothing.
About 60 files per kind, 6 kinds plus encodings: over 300 files per run.
"""

from __future__ import annotations

import copy
import io
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacetrap.cli import main
from peacetrap.io.resources import folder

EXAMPLES = 60
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

#: kind -> (shipped file, command line with {file} and {out}, required key paths)
KINDS = {
    "scenario": ("experiments/sudden-peace.toml", ["run", "{file}", "--out", "{out}"],
                 [("inputs", "defence_procurement", "points")]),
    "calibration": ("calibration/appendix.toml",
                    ["run", "sudden-peace", "--calibration", "{file}", "--out", "{out}"],
                    [("estimates", "fx_sanctions_premium", "value")]),
    "targets": ("calibration/targets/appendix.toml",
                ["calibrate", "--targets", "{file}", "--out", "{out}"],
                [("targets",), ("free", "fx_sanctions_premium", "low")]),
    "experiment": ("experiments/appendix-vs-observed.toml",
                   ["experiment", "{file}", "--out", "{out}"],
                   [("experiment",), ("calibrations",), ("calibrations", 0, "name")]),
    "episode": ("calibration/episodes/us-1953.toml", ["backtest", "{file}", "--out", "{out}"],
                [("episode",), ("facts", "nominal_gdp"), ("episode", "name"),
                 ("facts", "labour_force", "source")]),
    "paper": ("experiments/paper.toml", ["paper", "--experiment", "{file}", "--out", "{out}"],
              []),
}
#: Keys whose value must be a non-empty name (empty, "x/y" or "../../escaped" are refused).
NAME_KEYS = {"name", "baseline", "base", "template", "calibration", "scenario", "targets"}
DEEP = "__peacetrap_deep__"
HUGE = "__peacetrap_huge__"


def shipped(kind: str) -> dict:
    package, _, rest = KINDS[kind][0].partition("/")
    return tomllib.loads((folder(package) / rest).read_text())


def positions(doc: object, path: tuple = ()) -> list[tuple[tuple, object]]:
    """Every (path, value) in a document, tables and arrays included."""
    out = [(path, doc)]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += positions(v, path + (k,))
    elif isinstance(doc, list):
        for j, v in enumerate(doc):
            out += positions(v, path + (j,))
    return out


def put(doc: dict, path: tuple, value: object) -> None:
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value


scalars = st.one_of(st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=20).map(lambda s: "x" + s))
not_a_number = st.one_of(st.booleans(), st.text(max_size=20).map(lambda s: "x" + s),
                         st.lists(st.text(max_size=3), max_size=3),
                         st.dictionaries(st.text(min_size=1, max_size=5), st.integers(),
                                         min_size=1, max_size=2))
not_a_string = st.one_of(st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
                         st.lists(st.integers(), max_size=3),
                         st.dictionaries(st.text(min_size=1, max_size=5), st.integers(),
                                         min_size=1, max_size=2))
bad_numbers = st.sampled_from([float("nan"), float("inf"), float("-inf"), 10**400, HUGE])


@st.composite
def broken(draw: st.DrawFn, kind: str) -> bytes:
    """A shipped file of ``kind`` broken in one way (see the module docstring)."""
    doc = shipped(kind)
    places = positions(doc)
    tables = [(p, v) for p, v in places if isinstance(v, dict)]
    leaves = [(p, v) for p, v in places if p and not isinstance(v, dict | list)]
    how = draw(st.sampled_from(["unknown key", "wrong type", "bad number", "deep", "long text",
                                "bad name", "missing", "not a table", "encoding"]))
    doc = copy.deepcopy(doc)
    if how == "unknown key":
        path, _ = draw(st.sampled_from(tables))
        key = "zz_" + draw(st.from_regex(r"[a-z_]{0,12}", fullmatch=True))
        put(doc, path + (key,), draw(scalars)) if path else doc.__setitem__(key, draw(scalars))
    elif how == "wrong type":
        path, value = draw(st.sampled_from(leaves))
        if isinstance(value, bool):
            other = st.one_of(st.integers(), st.text(max_size=5).map(lambda s: "x" + s))
        else:
            other = not_a_string if isinstance(value, str) else not_a_number
        put(doc, path, draw(other))
    elif how == "bad number":
        numeric = [(p, v) for p, v in leaves if isinstance(v, int | float)
                   and not isinstance(v, bool)]
        path, _ = draw(st.sampled_from(numeric))
        put(doc, path, draw(bad_numbers))
    elif how == "deep":
        path, _ = draw(st.sampled_from(leaves))
        put(doc, path, DEEP)
    elif how == "long text":
        texts = [(p, v) for p, v in leaves if isinstance(v, str)]
        path, _ = draw(st.sampled_from(texts))
        put(doc, path, "y" * draw(st.integers(10_001, 30_000)))
    elif how == "bad name":
        names = [(p, v) for p, v in leaves if p[-1] in NAME_KEYS and isinstance(v, str)]
        if not names:
            return _encoding(draw, doc)
        path, _ = draw(st.sampled_from(names))
        put(doc, path, draw(st.sampled_from(["", "   ", "x/y", "../../escaped", "\x01"])))
    elif how == "missing":
        required = KINDS[kind][2]
        if not required:
            return _encoding(draw, doc)
        path = draw(st.sampled_from(required))
        parent = doc
        for p in path[:-1]:
            parent = parent[p]
        del parent[path[-1]]
    elif how == "not a table":
        path, _ = draw(st.sampled_from([t for t in tables if t[0]]))
        put(doc, path, draw(st.one_of(st.text(max_size=10), st.booleans(),
                                      st.lists(st.integers(), max_size=3))))
    else:
        return _encoding(draw, doc)
    text = tomli_w.dumps(doc)
    depth = draw(st.integers(2, 3000))
    nest = draw(st.sampled_from(["[", "{a = "]))
    close = "]" if nest == "[" else "}"
    text = text.replace(f'"{DEEP}"', nest * depth + "1" + close * depth)
    text = text.replace(f'"{HUGE}"', "9" * 5000)
    return text.encode()


def _encoding(draw: st.DrawFn, doc: dict) -> bytes:
    text = tomli_w.dumps(doc)
    how = draw(st.sampled_from(["utf-16", "latin-1", "nul", "garbage", "bom-broken"]))
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "latin-1":
        return ('# d\u00e9fense\n' + text).encode("latin-1", errors="replace")
    if how == "nul":
        at = draw(st.integers(0, len(text)))
        return (text[:at] + "\x00" + text[at:]).encode()
    if how == "garbage":
        return draw(st.binary(min_size=1, max_size=50)).join([b"\xff\xfe[[", b""])
    return b"\xef\xbb\xbf" + text.encode()[: draw(st.integers(1, 40))] + b" = = ["


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _check(kind: str, data: bytes, tmp: Path) -> None:
    f = tmp / f"fuzzed-{kind}.toml"
    f.write_bytes(data)
    argv = [a.format(file=f, out=tmp / "out") for a in KINDS[kind][1]]
    code, stdout, stderr = _run(argv)
    message = stderr.strip()
    assert code == 2, (code, stderr, data[:300])
    assert "Traceback" not in stderr and "\n" not in message, stderr
    assert message.startswith(f"peacetrap {argv[0]}: error: "), stderr
    assert f.name in message, message
    assert len(message) < 2000, message
    assert sorted(p.name for p in tmp.iterdir()) == [f.name], list(tmp.iterdir())


@pytest.fixture(scope="module", autouse=True)
def model_built():
    from peacetrap import load_model

    load_model()    # built once for the module; every example then takes milliseconds


@pytest.mark.parametrize("kind", list(KINDS))
def test_broken_files_exit_2_with_one_paragraph_and_write_nothing(kind, tmp_path_factory):
    counter = iter(range(10**6))

    @SETTINGS
    @given(data=broken(kind))
    def check(data: bytes) -> None:
        _check(kind, data, tmp_path_factory.mktemp(f"{kind}-{next(counter)}", numbered=True))

    check()


def test_a_byte_order_mark_is_accepted(tmp_path, model_built):
    from peacetrap import load_model
    from peacetrap.run.setups import load_calibration, load_scenario

    model = load_model()
    for kind, loader in (("scenario", load_scenario), ("calibration", load_calibration)):
        package, _, rest = KINDS[kind][0].partition("/")
        p = tmp_path / f"{kind}.toml"
        p.write_bytes(b"\xef\xbb\xbf" + (folder(package) / rest).read_bytes())
        assert loader(model, p).name
