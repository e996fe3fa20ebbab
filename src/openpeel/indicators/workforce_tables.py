"""The police workforce from the Home Office workforce tables (as at a date).

Headcounts give the denominator for workforce survey response rates; full-time equivalents per
resident compare the size of forces.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Rate

HOME_OFFICE = "Home Office police workforce statistics"


def _measure(inputs, measure: str, basis: str):
    t = inputs.table("workforce")
    return t.filter((t.measure == measure) & (t.basis == basis))


indicator(
    id="workforce.officers_fte",
    title="Police officers (full-time equivalent)",
    area=Area.WORKFORCE,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("officers"),
    decimals=0,
    definition="Police officers in post, full-time equivalent, at the latest date in the period.",
)
indicator(
    id="workforce.officers_per_1000",
    title="Police officers per 1,000 residents",
    area=Area.WORKFORCE,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("officers", "population"),
    decimals=2,
    definition="Police officers in post (full-time equivalent) per 1,000 residents of the force area.",
)
indicator(
    id="workforce.headcount",
    title="Workforce headcount",
    area=Area.WORKFORCE,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("people"),
    decimals=0,
    definition="People employed (headcount): police officers, police staff, designated officers and police "
    "community support officers; the denominator for a workforce survey's response rate.",
    seed="survey responses as a share of the workforce",
)
indicator(
    id="workforce.pcsos_fte",
    title="Police community support officers (full-time equivalent)",
    area=Area.PREVENTION,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("pcsos"),
    decimals=0,
    definition="Police community support officers in post, full-time equivalent.",
)


@source("workforce.officers_fte", name=HOME_OFFICE, table="workforce")
@source("workforce.officers_per_1000", name=HOME_OFFICE, table="workforce", reference=("population",))
def officers(inputs):
    t = _measure(inputs, "officers", "fte")
    return t.group_by(inputs.keys).agg(officers=t.value.sum())


@source("workforce.pcsos_fte", name=HOME_OFFICE, table="workforce")
def pcsos(inputs):
    t = _measure(inputs, "pcsos", "fte")
    return t.group_by(inputs.keys).agg(pcsos=t.value.sum())


@source("workforce.headcount", name=HOME_OFFICE, table="workforce")
def headcount(inputs):
    t = inputs.table("workforce")
    wanted = t.measure.isin(["officers", "staff", "designated_officers", "pcsos"]) & (t.basis == "headcount")
    return t.group_by(inputs.keys).agg(people=t.value.sum(where=wanted))
