r"""Historical sudden-peace episodes: build, calibrate to the last war year, backtest.

This module gathers the public names of the episode modules, each with one job:

* :mod:`peacetrap.calibrate.episode_file` -- the file schema and :func:`load_episode`;
* :mod:`peacetrap.calibrate.episode_transplant` -- the template economy rescaled to the
  episode's facts;
* :mod:`peacetrap.calibrate.episode_balance` -- the balanced initial state;
* :mod:`peacetrap.calibrate.episode_backtest` -- the fit, the peace run and the comparison;
* :mod:`peacetrap.calibrate.episode_figure` -- the comparison figure.

Each module documents its part: the file format in ``episode_file``, the generic
transplant in ``episode_transplant``, the balancing in ``episode_balance``.  The free
values are then fitted to the last war year's targets
(:func:`peacetrap.calibrate.fit.calibrate`), the peace paths are run as a scenario, and
the ``[[actual]]`` figures are compared with the model's, by the same period/statistic
rules as targets (annual means, Q4 values, annual-average growth).
"""

from __future__ import annotations

from peacetrap.calibrate.episode_backtest import BacktestResult, backtest, statistic
from peacetrap.calibrate.episode_balance import BALANCED, CLOSURES, balance, balance_frame
from peacetrap.calibrate.episode_figure import comparison_figure
from peacetrap.calibrate.episode_file import (
    EPISODE_KEYS, FACTS, SIGNED_FACTS, TOP, Actual, Episode, episode_names, load_episode,
)
from peacetrap.calibrate.episode_transplant import (
    MONEY_FACTS, _template_flows, clip_to_bounds, scaled_transplant, transplant,
)

__all__ = ["BALANCED", "CLOSURES", "EPISODE_KEYS", "FACTS", "MONEY_FACTS", "SIGNED_FACTS", "TOP",
           "Actual", "BacktestResult", "Episode", "_template_flows", "backtest", "balance",
           "balance_frame", "clip_to_bounds", "comparison_figure", "episode_names",
           "load_episode", "scaled_transplant", "statistic", "transplant"]
