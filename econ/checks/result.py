"""The outcome of a check (:class:`CheckResult`) and the report of several."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckResult:
    """Outcome of one check.

    Attributes
    ----------
    name : str
        Short name (``steady state``, ``eigenvalues``, ``units``, ...).
    passed : bool
    figures : dict
        The numbers the check is judged on (names say the unit).
    message : str
        One line saying what was found.
    details : list of str
        Further lines (failures, breakdowns).
    """

    name: str
    passed: bool
    figures: dict[str, object] = field(default_factory=dict)
    message: str = ""
    details: list[str] = field(default_factory=list)


def format_results(results: list[CheckResult], verbose: bool = False) -> str:
    """Lines ``PASS|FAIL  name  message`` (with details when failing or ``verbose``)."""
    width = max(len(r.name) for r in results) if results else 0
    lines = []
    for r in results:
        lines.append(f"{'PASS' if r.passed else 'FAIL'}  {r.name:<{width}}  {r.message}")
        if verbose or not r.passed:
            lines += [f"      {d}" for d in r.details]
    return "\n".join(lines) + "\n"
