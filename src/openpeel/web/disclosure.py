"""Statistical disclosure control for figures shown to viewers without access to a force's records.

A count below the threshold (default 5) could point to a handful of people, so it is hidden,
together with every figure that would let it be worked out again:

- a rate or share whose numerator is small: the numerator and the rate are hidden (the rate times
  the denominator gives the numerator back); the denominator stays, since alone it says nothing;
- a share whose denominator minus numerator (the complement, e.g. "67 of 68") is small: the
  numerator and the share are hidden, as the complement would follow from them;
- a figure whose denominator is small (a median of three detentions): numerator, denominator and
  value are all hidden;
- a count below the threshold: the count itself;
- a hidden value also hides its rank (which, with its neighbours, narrows it down);
- a ratio of two rates (disproportionality) has rates, not counts, as its numerator and
  denominator: the counts of events behind the two rates decide, and the record says so in
  ``interval_withheld`` (:mod:`openpeel.fairness.ratios`); a withheld ratio hides its value, both
  rates and its interval.

The previous year's figure and the size of the change are never shown to such viewers, whatever
their size: the previous year's numerator is not at hand to test, and value minus change would
give it back. Whether the change is significant, and which way, stay visible.

Hidden values become ``None``, and the record says which fields were hidden and why.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_THRESHOLD = 5
REASON = "hidden: fewer than {t}, which could identify people"

_INTERVAL_FIELDS = ("interval_low", "interval_high")
_CHANGE_FIELDS = ("previous_value", "change", "percent_change", "change_p_value")


def _small(value, threshold: int) -> bool:
    return value is not None and value < threshold


def hidden_fields(
    value, numerator, denominator, *, unit: str, proportion: bool, threshold: int, withheld: bool | None = None
) -> set[str]:
    """Which of value, numerator and denominator must be hidden (``withheld``: for a ratio of
    rates, whether the counts behind it are small; None for every other figure)."""
    if withheld is not None:
        return {"value", "numerator", "denominator"} if withheld else set()
    hide: set[str] = set()
    if unit == "count" and _small(value, threshold):
        hide |= {"value", "numerator"}
    if _small(numerator, threshold):
        hide |= {"value", "numerator"}
    if proportion and numerator is not None and denominator is not None and _small(denominator - numerator, threshold):
        hide |= {"value", "numerator"}
    if _small(denominator, threshold):
        hide |= {"value", "numerator", "denominator"}
    return hide


def suppress(
    record: dict,
    *,
    unit: str,
    proportion: bool,
    threshold: int = DEFAULT_THRESHOLD,
    value: str = "value",
    numerator: str = "numerator",
    denominator: str = "denominator",
    linked: Iterable[str] = (),
) -> dict:
    """A copy of a record with its small figures (and ``linked`` fields, e.g. rank) hidden."""
    out = dict(record)
    hide = hidden_fields(
        record.get(value),
        record.get(numerator),
        record.get(denominator),
        unit=unit,
        proportion=proportion,
        threshold=threshold,
        withheld=record.get("interval_withheld"),
    )
    names = {"value": value, "numerator": numerator, "denominator": denominator}
    for field in hide:
        out[names[field]] = None
    if "value" in hide:
        for field in (*linked, *_INTERVAL_FIELDS):
            if field in out:
                out[field] = None
    out["suppressed"] = sorted(names[f] for f in hide)
    if hide:
        out["suppressed_reason"] = REASON.format(t=threshold)
    return out


def without_change_size(record: dict) -> dict:
    """A copy keeping only whether the change was significant and its direction."""
    out = dict(record)
    change = record.get("change")
    out["change_direction"] = None if change is None else ("up" if change > 0 else "down" if change < 0 else "none")
    for field in _CHANGE_FIELDS:
        if field in out:
            out[field] = None
    return out
