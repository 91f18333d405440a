"""SIGTERM, SIGHUP and Ctrl-C at several moments of run, ensemble and paper.

Each case starts the command in a subprocess, sends the signal after a delay
(while importing, compiling or computing) or as soon as the command has made
its hidden temporary output folder (while writing), and checks that the
process either finished before it (a complete folder) or stopped with the
signal's exit code and one line, no traceback, no output folder, no hidden
temporary folder and no parent folder it made.  A signal in the few
milliseconds before Python runs the package, or after it has restored the
default handlers at shut-down, kills the process outright (exit -signal): the
folder is then absent or complete, never half-written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PAPER = """
[paper]
scenarios = ["sudden-peace"]
quarters = 12

[ensemble]
draws = 40
seed = 1

[sensitivity]
samples = 8
seed = 1
top = 3

[validation]
groups = ["accounting"]
"""

RUN = ["run", "sudden-peace", "--quarters", "12"]
ENSEMBLE = ["ensemble", "sudden-peace", "--draws", "400", "--chunk", "50", "--quarters", "12",
            "--quiet"]
PAPER_ARGS = ["paper", "--experiment", "{paper}"]

#: The moment of the signal: seconds after the start, or WRITING: as soon as the command has
#: made its hidden temporary output folder (``atomic_dir``: the results are computed and are
#: being written; a fixed delay reached it on one machine and not on another).
WRITING = "writing"

CASES = [
    (RUN, signal.SIGINT, 0.2),         # while importing (a run takes about a second)
    (RUN, signal.SIGTERM, 0.4),
    (RUN, signal.SIGHUP, 0.6),
    (RUN, signal.SIGTERM, 0.8),        # computing or writing, depending on the machine
    (ENSEMBLE, signal.SIGTERM, 2.0),   # computing (it writes from about 2.6 s on a quiet machine)
    (ENSEMBLE, signal.SIGINT, WRITING),
    (PAPER_ARGS, signal.SIGTERM, 2.5),  # computing (it writes from about 3.9 s on a quiet machine)
    (PAPER_ARGS, signal.SIGTERM, WRITING),
]


def _everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _wait_until_writing(proc: subprocess.Popen, out: Path) -> None:
    """Return once the hidden temporary folder beside ``out`` exists (or the process ended)."""
    prefix = f".{out.name}."
    while proc.poll() is None:
        try:
            if any(e.name.startswith(prefix) for e in os.scandir(out.parent)):
                return
        except FileNotFoundError:          # the parent folder is made with the temporary one
            pass
        time.sleep(0.002)


@pytest.mark.parametrize("args, sig, when", CASES,
                         ids=[f"{c[0][0]}-{signal.Signals(c[1]).name}-"
                              f"{c[2] if c[2] == WRITING else f'{c[2]}s'}" for c in CASES])
def test_a_signal_leaves_no_half_written_folder(tmp_path, args, sig, when):
    (tmp_path / "paper.toml").write_text(PAPER)
    out = tmp_path / "results" / "out"
    argv = [a.format(paper=tmp_path / "paper.toml") for a in args] + ["--out", str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.Popen([sys.executable, "-m", "peacetrap.cli", *argv], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if when == WRITING:
        _wait_until_writing(proc, out)
    else:
        time.sleep(when)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr, stderr
    if proc.returncode == 0:                      # it finished before the signal came
        assert (out / "manifest.json").is_file()
    elif proc.returncode == -sig:
        # killed outright: the signal came before the handlers were installed (interpreter
        # start-up) or after Python restored the default ones (interpreter shut-down)
        assert not out.exists() or (out / "manifest.json").is_file(), _everything(tmp_path)
    else:
        assert proc.returncode == 128 + sig, (proc.returncode, stderr)
        last = stderr.strip().splitlines()[-1]
        assert "interrupted" in last or "stopped by" in last, stderr
        if out.exists():                          # the signal came while moving it into place
            assert (out / "manifest.json").is_file()
        else:
            assert not (tmp_path / "results").exists(), _everything(tmp_path)
    hidden = [p for p in _everything(tmp_path) if any(s.startswith(".") for s in p.split("/"))]
    assert hidden == [], hidden


def test_a_signal_the_interpreter_could_not_raise_is_not_reported_and_is_raised_later():
    # a signal landing in a weak-reference callback or a finaliser is "ignored" by the
    # interpreter, which prints a traceback; the handler's hook drops that report (the
    # signal is remembered and check() raises it), and passes any other report on
    from types import SimpleNamespace

    from peacetrap.io import interrupts

    seen: list = []
    before = sys.unraisablehook
    sys.unraisablehook = seen.append
    previous = interrupts.install()
    try:
        interrupts._received.append(signal.SIGTERM)
        sys.unraisablehook(SimpleNamespace(exc_type=interrupts.Terminated,
                                           exc_value=interrupts.Terminated(signal.SIGTERM),
                                           exc_traceback=None, err_msg=None, object=None))
        assert seen == []
        with pytest.raises(interrupts.Terminated):
            interrupts.check()
        other = SimpleNamespace(exc_type=ValueError, exc_value=ValueError("not a signal"),
                                exc_traceback=None, err_msg="in a callback", object=None)
        sys.unraisablehook(other)
        assert seen == [other]
    finally:
        interrupts.restore(previous)
        interrupts._received.clear()          # the other tests of this process see none
        restored = sys.unraisablehook
        sys.unraisablehook = before
    assert restored == seen.append


def test_a_compiled_extensions_print_out_of_a_swallowed_signal_is_dropped():
    # a Cython function that cannot propagate an exception (scipy's Sobol initialisation
    # was one, in a CI run) prints the traceback through sys.excepthook before reporting it
    # as unraisable; the handler's excepthook drops a signal already received and passes
    # any other exception on, and restore() puts the earlier hook back
    from peacetrap.io import interrupts

    seen: list = []
    before = sys.excepthook

    def hook(*args):
        seen.append(args)

    sys.excepthook = hook
    previous = interrupts.install()
    try:
        exc = interrupts.Terminated(signal.SIGTERM)
        sys.excepthook(interrupts.Terminated, exc, None)      # no signal yet: a real error
        assert len(seen) == 1
        interrupts._received.append(signal.SIGTERM)
        sys.excepthook(interrupts.Terminated, exc, None)
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        assert len(seen) == 1
        sys.excepthook(ValueError, ValueError("not a signal"), None)
        assert len(seen) == 2 and isinstance(seen[-1][1], ValueError)
    finally:
        interrupts.restore(previous)
        interrupts._received.clear()
        restored = sys.excepthook
        sys.excepthook = before
    assert restored is hook


SOBOL = """
import signal, sys, time
from peacetrap.io import interrupts
from scipy.stats import qmc
interrupts.install()
signal.signal(signal.SIGALRM, lambda s, f: interrupts._handler(signal.SIGTERM, f))
signal.setitimer(signal.ITIMER_REAL, float(sys.argv[1]))
try:
    qmc.Sobol(d=5, seed=1).random(8)     # first use: loads the direction numbers (~20 ms)
    time.sleep(1)                        # a signal that missed it still lands in this try
    print("swallowed", interrupts.received())
except interrupts.Terminated:
    print("raised")
"""


def test_a_signal_inside_scipys_sobol_initialisation_prints_no_traceback():
    # the case CI met: the signal lands inside a Cython noexcept function, which swallows
    # it; whether it lands there or later, nothing is printed. The timer tries a few delays
    # until one lands inside (the path under test); on a machine where none does, the test
    # says so rather than passing without exercising it
    outcomes = []
    for delay in ("0.004", "0.002", "0.008", "0.001", "0.012"):
        proc = subprocess.run([sys.executable, "-c", SOBOL, delay], capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() in ("swallowed 15", "raised"), proc.stdout
        assert "Traceback" not in proc.stderr, proc.stderr
        outcomes.append(proc.stdout.strip())
        if outcomes[-1] == "swallowed 15":
            return
    pytest.skip(f"no timer delay landed the signal inside Sobol's initialisation: {outcomes}")
