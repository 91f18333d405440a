r"""``main.tex``: a short example paper that uses every file of the bundle.

The document ``\input``\ s ``numbers.tex``, ``equations.tex`` and every table
under ``tables/``, includes every figure under ``figures/`` and writes its
results only through the macros of ``numbers.tex``.  It needs the LaTeX
packages ``amsmath``, ``amssymb``, ``booktabs``, ``longtable``, ``array``,
``graphicx``, ``geometry``, ``caption`` and ``hyperref`` (all in TeX Live's
``texlive-latex-base`` and ``texlive-latex-recommended``) and compiles with
``pdflatex main.tex`` run twice (the second run settles references and the
long tables' column widths).  It has no date, so it is the same every build.
"""

from __future__ import annotations

from peacetrap.core.latex import escape_latex

#: LaTeX packages ``main.tex`` loads (all in texlive-latex-base/-recommended).
PACKAGES = ["geometry", "amsmath", "amssymb", "booktabs", "longtable", "array", "graphicx",
            "caption", "hyperref"]

FOOTNOTESIZE = r"\footnotesize"

#: Figure captions by file stem.
FIGURE_CAPTIONS = {
    "timelines": r"The main scenario (\MainScenario, solid) against the baseline "
                 r"(\BaselineScenario, dashed), 2021--\ScenarioEnd. The vertical line marks "
                 r"the start of the scenario (\ScenarioStart); before it both follow the "
                 r"calibration's history.",
    "scenarios": r"Headline numbers of every scenario against \BaselineScenario{} (the main "
                 r"scenario in black; dashed: the baseline's own value).",
    "decomposition": r"Contributions of the shock channels to \MainScenario{} minus "
                     r"\BaselineScenario{} in its first five years (exact Shapley values; "
                     r"bars add up to the line).",
    "fan": r"\MainScenario{} under parameter uncertainty: median, 25--75\,\% and 5--95\,\% "
           r"bands over \EnsembleDraws{} parameter draws (\EnsembleFailedDraws{} failed and "
           r"are excluded); dashed: the calibrated run.",
    "sensitivity": r"Sobol indices of the headline numbers ($N = \SobolSamples$ base samples, "
                   r"\SobolRuns{} runs; \SobolFailedRuns{} runs left the model's valid region "
                   r"and were given the median of the others); bars show bootstrap 95\,\% "
                   r"intervals.",
}


def _table(name: str, caption: str, size: str = r"\small", colsep: str = "") -> str:
    sep = rf"\setlength{{\tabcolsep}}{{{colsep}}}" if colsep else ""
    return "\n".join([
        r"\begin{table}[htbp]", r"\centering", size + sep,
        rf"\caption{{{caption}}}\label{{tab:{name}}}",
        rf"\input{{tables/{name}.tex}}", r"\end{table}", ""])


def _figure(name: str) -> str:
    return "\n".join([
        r"\begin{figure}[htbp]", r"\centering",
        rf"\includegraphics[width=\linewidth]{{figures/{name}.pdf}}",
        rf"\caption{{{FIGURE_CAPTIONS[name]}}}\label{{fig:{name}}}", r"\end{figure}", ""])


def _sensitivity_sentence(outputs: list[str]) -> str:
    from peacetrap.paper.format import HEADLINES

    parts = []
    for out in outputs:
        q = HEADLINES[out]
        m = q.stem + "TopParameter"
        short = q.short or q.label
        short = short if short[:2].isupper() else short[0].lower() + short[1:]
        parts.append(rf"the {short} depends most on \{m}{{}} "
                     rf"(``\{m}Name'', $S_T = \{m}ST$)")
    return "; ".join(parts)


def _undefined_sentence(outputs: list[str]) -> str:
    """Say which headline numbers have no Sobol indices (undefined in most runs)."""
    from peacetrap.paper.format import HEADLINES

    if not outputs:
        return ""
    names = ", ".join(escape_latex(HEADLINES[o].label) for o in outputs)
    one = len(outputs) == 1
    return (f" {names} {'has' if one else 'have'} no indices: in most runs "
            f"{'it is' if one else 'they are'} still moving at the end of the window, so "
            "there is no value to decompose.")


def _experiment_section(pairs: list[tuple[str, str]] | None, caption: str) -> str:
    """A section on the calibration experiment, when there is one."""
    if not pairs:
        return ""
    from peacetrap.paper.format import macro_name

    parts = [rf"\Calib{macro_name(c)}{macro_name(s)}PeakUnemployment\,\% "
             rf"under {escape_latex(c)} ({escape_latex(s)})" for c, s in pairs]
    listing = "; ".join(parts)
    return "\n".join([
        r"\section{Robustness to the calibration targets}",
        r"Table~\ref{tab:experiment} refits the model to other targets and repeats the "
        r"scenarios. The unemployment peak is " + listing + ".", "",
        _table("experiment", caption, FOOTNOTESIZE, "3pt")])


def _validation_section(on: bool, caption: str) -> str:
    """The section that shows the validation scoreboard, failures included."""
    if not on:
        return ""
    return "\n".join([
        r"\section{Validation}",
        r"Does the model agree with the evidence a referee would check? Table~\ref{tab:validation}",
        r"measures it, one row per check: the model's long run under peacetime inputs, its",
        r"implied elasticities (defence multiplier, exchange-rate pass-through, Okun coefficient,",
        r"sacrifice ratio), backtests on historical sudden peaces, the 2021--2025 record and the",
        r"accounting identities. Of the \ValidChecks{} checks that apply, \ValidPassed{} pass and",
        r"\ValidFailed{} fail (\ValidNotApplicable{} do not apply to this calibration and are not",
        r"counted). The failures are reported as measured: where a check fails, the results above",
        r"inherit the failure, and the reader should weigh them accordingly.",
        "", _table("validation", caption, FOOTNOTESIZE, "3pt")])


def main_tex(title: str, author: str, captions: dict[str, str],
             sensitivity_outputs: list[str],
             experiment: list[tuple[str, str]] | None = None,
             validation: bool = False, undefined: list[str] | None = None) -> str:
    r"""The example paper.

    Parameters
    ----------
    title, author : str
        Plain text (escaped here).
    captions : dict of str to str
        Table captions by table name (plain text, escaped here).
    sensitivity_outputs : list of str
        Headline numbers whose most influential parameter the text names.
    experiment : list of (str, str), optional
        (calibration, scenario) rows of a calibration experiment: adds a section
        with ``tables/experiment.tex``.
    validation : bool
        Add the section with the validation scoreboard (``tables/validation.tex``).
    undefined : list of str, optional
        Sensitivity outputs without indices (undefined in most runs), named in the text.
    """
    cap = {k: escape_latex(v) for k, v in captions.items()}
    pkgs = "\n".join([r"\usepackage[margin=1in]{geometry}",
                      r"\usepackage{amsmath,amssymb}",
                      r"\usepackage{booktabs,longtable,array}",
                      r"\usepackage{graphicx}",
                      r"\usepackage[font=small,labelfont=bf]{caption}",
                      r"\usepackage[hidelinks]{hyperref}"])
    return rf"""% peacetrap paper: an example paper using every file of this bundle. Generated.
% Compile with: pdflatex main.tex && pdflatex main.tex
\documentclass[11pt]{{article}}
{pkgs}
\allowdisplaybreaks
\input{{numbers.tex}}

\title{{{escape_latex(title)}}}
\author{{{escape_latex(author)}}}
\date{{}}

\begin{{document}}
\maketitle

\begin{{abstract}}
A system-dynamics model of a war economy, calibrated to the statistical appendix of the essay
``The peace trap'', is used to ask what a sudden peace does. In the main scenario
(\MainScenario) the deepest gap of real GDP to the baseline (\BaselineScenario) is
\GDPTrough\,\%, in \GDPTroughQuarter; unemployment peaks at \PeakUnemployment\,\%
in \PeakUnemploymentQuarter{{}} and CPI inflation at \PeakInflation\,\% in
\PeakInflationQuarter. Over \EnsembleDraws{{}} draws of the uncertain parameters the
unemployment peak lies between \PeakUnemploymentLow\,\% and \PeakUnemploymentHigh\,\%
(5th and 95th percentiles) and the inflation peak between \PeakInflationLow\,\% and
\PeakInflationHigh\,\%.
\end{{abstract}}

\section{{Introduction}}
A war economy absorbs labour twice, at the front and in the defence plants, and pays for it
partly with money that households cannot spend. A sudden peace reverses all of this at once:
defence orders stop (a demand shock), soldiers return to a labour market that cannot absorb
them at once (a supply shock) and the savings accumulated during the war are released (an
inflation shock). This paper quantifies the three shocks with the peacetrap model; every
number in the text is a macro generated with the results (\texttt{{numbers.tex}}).

\section{{The model}}
The model has stocks for the labour pools (civilian and defence employment, soldiers, veterans
awaiting reintegration, the unemployed, the inactive and cumulative casualties), for prices,
wages, expectations, the key rate and the exchange rate, and for the money stocks that make the
monetary overhang explicit. It runs in continuous time from a spin-up year through the history
2021--2025 into the scenarios, which start in \ScenarioStart. Appendix~\ref{{app:equations}}
lists every equation and symbol, printed from the model's symbolic definition;
Appendix~\ref{{app:parameters}} lists every parameter.

\section{{Calibration}}
The calibration \CalibrationName{{}} hits the targets in Table~\ref{{tab:calibration}}
(\TargetsWithinTolerance{{}} of \TargetCount{{}} within their tolerance). Table~\ref{{tab:appendix}}
reproduces the essay's statistical appendix: defence spending rises from
\DefenceSharePreWar\,\% of GDP in 2021 to \DefenceShareLateWar\,\% in 2025, the rouble from
\ExchangeRatePreWar{{}} to \ExchangeRateLateWar{{}} per dollar, sanctions from \SanctionsPreWar{{}}
to \SanctionsLateWar{{}} designations and cumulative casualties to \CasualtiesLateWar{{}}
thousand. The last columns quantify the appendix's ``impact of peace'' with proxies: a
recession (a deepest gap of real GDP to the baseline of \RecessionGDPGap\,\%), social unrest (up to
\UnrestVeteransWaiting{{}} thousand veterans waiting for work; real wages up to
\UnrestRealWageGap\,\% below the baseline's), elite dissatisfaction (defence-industry revenue
\EliteDefenceRevenueLoss\,\% lower over two years) and an inflation shock (CPI inflation up to
\InflationShockPeak\,\%).

{_table("calibration", cap["calibration"])}
{_table("appendix", cap["appendix"], FOOTNOTESIZE, "3pt")}
\section{{Scenarios}}
Figure~\ref{{fig:timelines}} shows the main scenario against the baseline and
Table~\ref{{tab:scenarios}} and Figure~\ref{{fig:scenarios}} the headline numbers of all
\ScenarioCount{{}} scenarios. Under \MainScenario{{}} the key rate peaks at \PeakKeyRate\,\% and
the exchange rate at \PeakExchangeRate{{}} per dollar; \PeakVeteransWaiting{{}} thousand
veterans wait for work at the peak. The implied defence multiplier over the first four
quarters is \DefenceMultiplierFourQuarters.

{_figure("timelines")}
{_table("scenarios", cap["scenarios"], FOOTNOTESIZE, "4pt")}
{_figure("scenarios")}
\section{{Channels}}
Table~\ref{{tab:decomposition}} and Figure~\ref{{fig:decomposition}} split the difference
between \MainScenario{{}} and \BaselineScenario{{}} into the contributions of the demand, supply,
inflation and external channels. At the trough of the GDP gap (\DecompGDPQuarter) the demand
channel contributes \DecompGDPDemand{{}} index points of the total \DecompGDPTotal; at the peak
of the unemployment difference (\DecompUnemploymentQuarter) the supply channel contributes
\DecompUnemploymentSupply{{}} percentage points of \DecompUnemploymentTotal.

{_table("decomposition", cap["decomposition"])}
{_figure("decomposition")}
\section{{Uncertainty and sensitivity}}
The \UncertainParameters{{}} behavioural parameters are drawn from priors centred on the
calibration (Table~\ref{{tab:uncertainty}}, Figure~\ref{{fig:fan}}): the GDP trough ranges
from \GDPTroughLow\,\% to \GDPTroughHigh\,\% (median \GDPTroughMedian\,\%). Sobol indices
(Table~\ref{{tab:sensitivity}}, Figure~\ref{{fig:sensitivity}}) say which parameters drive
this spread: {_sensitivity_sentence(sensitivity_outputs)}.{_undefined_sentence(undefined or [])}

{_table("uncertainty", cap["uncertainty"])}
{_figure("fan")}
{_table("sensitivity", cap["sensitivity"], FOOTNOTESIZE, "4pt")}
{_figure("sensitivity")}
{_experiment_section(experiment, cap.get("experiment", ""))}
{_validation_section(validation, cap.get("validation", ""))}
\appendix
\section{{Equations}}\label{{app:equations}}
Rates of change are per year; each symbol's unit is in the legend at the end.
{{\small
\input{{equations.tex}}
}}

\section{{Parameters}}\label{{app:parameters}}
Values of the calibration \CalibrationName{{}} (parameters it does not set keep their defaults).
{{\footnotesize
\input{{tables/parameters.tex}}
}}
\end{{document}}
"""


__all__ = ["main_tex", "PACKAGES", "FIGURE_CAPTIONS"]
