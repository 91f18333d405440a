"""The paper bundle: results, tables, numbers, figures, document, settings.

>>> from peacetrap import paper
>>> res = paper.compute()                             # doctest: +SKIP
>>> bundle = paper.build(res, "paper-out")            # doctest: +SKIP
"""

from peacetrap.paper.bundle import build, compute, figures, tables

__all__ = ["build", "compute", "figures", "tables"]
