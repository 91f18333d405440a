"""Units of the model's quantities (internal expression and label) and the sectors."""

from __future__ import annotations

from peacetrap.core import units as un

U = un.Unit
ONE = U(un.ONE, "1")
PCT = U(un.percent, "%")
INDEX = U(un.ONE, "index")
YEARS = U(un.year, "years")
PER_YEAR = U(1 / un.year, "1/year")
PCT_YEAR = U(un.percent / un.year, "%/year")
MP = U(un.mn * un.person, "mn persons")
KP = U(un.k * un.person, "thousand persons")
MP_YEAR = U(un.mn * un.person / un.year, "mn persons/year")
KP_MONTH = U(un.k * un.person / un.month, "thousand persons/month")
TN = U(un.tn * un.LCU, "tn LCU")
TN_YEAR = U(un.tn * un.LCU / un.year, "tn LCU/year")
TN_YEAR2 = U(un.tn * un.LCU / un.year ** 2, "tn LCU/year per year")
BNUSD = U(un.bn * un.USD, "bn USD")
BNUSD_YEAR = U(un.bn * un.USD / un.year, "bn USD/year")
FX = U(un.LCU / un.USD, "LCU/USD")
USD_BBL = U(un.USD / un.bbl, "USD/bbl")
MBD = U(un.mn * un.bbl / un.day, "mn bbl/day")
DESIG = U(un.designation, "designations")
DESIG_YEAR = U(un.designation / un.year, "designations/year")
WAGE = U(un.k * un.LCU / (un.person * un.month), "thousand LCU/month")
PROD = U(un.tn * un.LCU / (un.year * un.mn * un.person), "tn LCU/year per mn persons")
MONTHS = U(un.month, "months")

SECTORS = ["households", "firms", "government", "banks", "rest_of_world"]

#: Shock channels of the decomposition, in reporting order (each input declares its own).
CHANNELS = ["demand", "supply", "inflation", "external"]
