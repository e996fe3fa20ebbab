"""Calls from the public: how many, and how quickly they are answered (PEEL area: responding to
the public). Computed from the force's 999 and 101 call extracts (see docs/records.md)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Rate, Share

EXTRACT_999 = "force 999 call extract"
EXTRACT_101 = "force 101 call extract"
ANSWER_STANDARD_SECONDS = 10

indicator(
    id="calls.emergency_per_1000",
    title="Emergency (999) calls per 1,000 residents",
    area=Area.RESPONSE,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("calls", "population"),
    decimals=0,
    definition="999 calls BT presented to the force, per 1,000 residents of the force area.",
    seed="emergency 999 calls received per 1,000 population against the typical range",
)
indicator(
    id="calls.emergency_answered_10s_share",
    title="999 calls answered within 10 seconds",
    area=Area.RESPONSE,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("answered_10s", "calls", empty="no 999 calls were received"),
    standard=90.0,
    definition="Percentage of 999 calls answered by the force at most 10 seconds after BT presented them "
    "(exactly 10 seconds counts). Every call presented is in the denominator, including calls the caller "
    "ended before an answer. The national standard is 90%.",
    seed="percentage of 999 calls answered within 10 seconds against the 90% standard",
)
indicator(
    id="calls.non_emergency_per_1000",
    title="Non-emergency (101) calls per 1,000 residents",
    area=Area.RESPONSE,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("calls", "population"),
    decimals=0,
    definition="Calls that reached the force's 101 queue, per 1,000 residents of the force area.",
    seed="non-emergency 101 calls received per 1,000 population against the typical range",
)
indicator(
    id="calls.non_emergency_abandoned_share",
    title="101 calls abandoned",
    area=Area.RESPONSE,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Share("abandoned", "calls", empty="no 101 calls were received"),
    definition="Percentage of calls to the 101 queue where the caller hung up before an answer without taking "
    "a call-back. Call-backs are not abandoned calls.",
    seed="percentage of calls to the non-emergency 101 facility that were abandoned",
)


@source("calls.emergency_per_1000", name=EXTRACT_999, table="calls_999", reference=("population",), preference=10)
@source("calls.emergency_answered_10s_share", name=EXTRACT_999, table="calls_999", preference=10)
def emergency(inputs):
    import ibis

    t = inputs.table("calls_999")
    # timestamps compared directly, so fractions of a second count and exactly 10 seconds is within
    within = (t.answered_at <= t.presented_at + ibis.interval(seconds=ANSWER_STANDARD_SECONDS)).fill_null(False)
    return t.group_by(inputs.keys).agg(calls=t.count(), answered_10s=within.sum())


@source("calls.non_emergency_per_1000", name=EXTRACT_101, table="calls_101", reference=("population",), preference=10)
@source("calls.non_emergency_abandoned_share", name=EXTRACT_101, table="calls_101", preference=10)
def non_emergency(inputs):
    t = inputs.table("calls_101")
    return t.group_by(inputs.keys).agg(calls=t.count(), abandoned=(t.outcome == "abandoned").sum())
