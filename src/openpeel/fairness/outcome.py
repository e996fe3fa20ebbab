"""The outcome (hit-rate) test: how often searches of each ethnic group find something, against
White people.

If officers searched everyone on the same evidence, searches of every group would find things at
about the same rate; a group whose searches find less often may be being searched on weaker
grounds. That reading has a known flaw, infra-marginality: the find rate averages over everyone
searched, not over the people at the margin of being searched, and groups can differ in how
likely the people searched are to carry something for reasons that have nothing to do with the
officer's threshold. So a lower find rate is consistent with a lower threshold but does not prove
one, and equal find rates do not prove equal thresholds (docs/disproportionality.md).

Two rates per group, each with a Wilson interval, each tested against White people with
:func:`openpeel.stats.compare_proportions` (the two-proportion z test, or Fisher's exact test when
an expected count is below 5):

- find rate: from a force's extract, searches that found anything, of those whose record says
  whether anything was found (and, for a find, whether it was linked); from data.police.uk, which
  has no 'found' field, searches with an outcome other than no further action, of those with an
  outcome recorded;
- linked find rate: finds linked to the object of the search, same denominator for the extract;
  from data.police.uk, outcomes marked linked to the object, of those marked linked or not.

The counts are made in the engine, one row per group; Python sees five rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpeel import stats, tables
from openpeel.backends import Backend
from openpeel.fairness import FairnessError
from openpeel.indicators.engine import period_rows
from openpeel.periods import Period
from openpeel.records.ethnicity import SELF_DEFINED_GROUP
from openpeel.settings import FairnessSettings
from openpeel.vocab import EthnicGroup

GROUPS = [g.value for g in EthnicGroup if g is not EthnicGroup.UNKNOWN]
COMPARED = [g for g in GROUPS if g != EthnicGroup.WHITE.value]
EXTRACT = "force stop and search extract"
POLICE_UK = "data.police.uk stop and search"
CAVEAT = (
    "A lower find rate for a group is consistent with officers searching that group on weaker grounds, but does "
    "not prove it: find rates average over everyone searched, and the groups searched can differ in how likely "
    "they are to be carrying something for other reasons (infra-marginality)."
)


@dataclass(frozen=True)
class Rate:
    """One group's find rate (or linked find rate) and its test against White people."""

    hits: int
    known: int
    estimate: stats.Estimate | None
    against_white: stats.Change | None

    def as_dict(self) -> dict:
        test = self.against_white
        return {
            "hits": self.hits,
            "known": self.known,
            "rate": self.estimate.estimate if self.estimate else None,
            "low": self.estimate.low if self.estimate else None,
            "high": self.estimate.high if self.estimate else None,
            "difference_from_white": test.difference if test else None,
            "difference_low": test.low if test else None,
            "difference_high": test.high if test else None,
            "p_value": test.p_value if test else None,
            "test": stats.TEST_NAMES[test.test] if test else None,
            "significant": test.significant if test else None,
            "words": words(self),
        }


@dataclass(frozen=True)
class GroupOutcome:
    group: str
    searches: int
    find: Rate
    linked: Rate


@dataclass(frozen=True)
class OutcomeTest:
    force_id: str
    period: Period
    source: str
    level: float
    groups: list[GroupOutcome]
    caveat: str = CAVEAT

    def as_dict(self) -> dict:
        return {
            "force": self.force_id,
            "period": self.period.label(),
            "period_code": self.period.code(),
            "source": self.source,
            "level": self.level,
            "find_rate_means": FIND_MEANS[self.source],
            "linked_rate_means": LINKED_MEANS[self.source],
            "groups": [
                {
                    "group": g.group,
                    "searches": g.searches,
                    "find_rate": g.find.as_dict(),
                    "linked_find_rate": g.linked.as_dict(),
                }
                for g in self.groups
            ],
            "caveat": self.caveat,
        }


FIND_MEANS = {
    EXTRACT: "searches that found anything, of those whose record says whether anything was found",
    POLICE_UK: "searches with an outcome other than no further action, of those with an outcome recorded",
}
LINKED_MEANS = {
    EXTRACT: "searches that found the object of the search, of those whose record says whether anything was found",
    POLICE_UK: "outcomes linked to the object of the search, of those marked linked or not",
}


def words(rate: Rate) -> str:
    """What a reader may conclude from one group's rate against White people, and no more."""
    test = rate.against_white
    if rate.estimate is None:
        return "no searches of this group with the outcome recorded"
    if test is None:
        return "the rate White people are compared against"
    if not test.significant:
        return "no difference from White people can be shown"
    side = "lower" if test.difference < 0 else "higher"
    return f"{side} than for White people ({stats.TEST_NAMES[test.test]}, p = {test.p_value:.4f})" + (
        "; consistent with searches on weaker grounds, which this test cannot prove" if side == "lower" else ""
    )


def outcome_test(backend: Backend, force_id: str, period: Period, settings: FairnessSettings) -> OutcomeTest:
    """Find rates by ethnic group for a force's searches of people in a period, each against White."""
    counts, source = _counts(backend, force_id, period)
    if counts is None:
        raise FairnessError(
            f"no stop and search records for {force_id} in {period.label()}: load its "
            "data.police.uk files or its extract first"
        )
    white = counts.get(EthnicGroup.WHITE.value)
    out = []
    for group in GROUPS:
        row = counts.get(group, {})
        out.append(
            GroupOutcome(
                group,
                int(row.get("searches", 0)),
                _rate(row, "finds", "find_known", white, group, settings),
                _rate(row, "linked", "linked_known", white, group, settings),
            )
        )
    return OutcomeTest(force_id, period, source, settings.level, out)


def _rate(row: dict, hits: str, known: str, white: dict | None, group: str, settings: FairnessSettings) -> Rate:
    x, n = int(row.get(hits, 0)), int(row.get(known, 0))
    estimate = stats.proportion_interval(x, n, level=settings.level, method="wilson") if n else None
    test = None
    if group != EthnicGroup.WHITE.value and n and white and int(white.get(known, 0)):
        test = stats.compare_proportions(int(white[hits]), int(white[known]), x, n, level=settings.level)
    return Rate(x, n, estimate, test)


def _counts(backend: Backend, force_id: str, period: Period) -> tuple[dict | None, str]:
    """Per group: searches, finds, find_known, linked, linked_known; the extract when it has rows."""
    for name, count in ((EXTRACT, _extract), (POLICE_UK, _police_uk)):
        table = "stop_search_records" if name == EXTRACT else "stop_search"
        if not backend.has(table):
            continue
        t = period_rows(backend.table(table), tables.get(table), period)
        frame = count(t.filter(t.force_id == force_id)).to_pandas()
        if not frame.empty:
            return {r["group"]: r for r in frame.to_dict("records")}, name
    return None, ""


def _police_uk(t):
    t = t.filter(t.of_person)
    known = t.outcome != "unknown"
    return t.group_by(group=t.sde_group).agg(
        searches=t.count(),
        finds=(known & (t.outcome != "no_further_action")).sum(),
        find_known=known.sum(),
        linked=t.outcome_linked.fill_null(False).sum(),
        linked_known=t.outcome_linked.notnull().sum(),
    )


def _extract(t):
    t = t.filter(t.search_type != "vehicle")
    group = t.self_defined_ethnicity.substitute(SELF_DEFINED_GROUP, else_=EthnicGroup.UNKNOWN.value)
    linked = (t.item_found & t.find_linked).fill_null(False)
    unlinked = (t.item_found & ~t.find_linked).fill_null(False)
    nothing = (~t.item_found).fill_null(False)
    return t.group_by(group=group).agg(
        searches=t.count(),
        finds=(linked | unlinked).sum(),
        find_known=(linked | unlinked | nothing).sum(),
        linked=linked.sum(),
        linked_known=(linked | unlinked | nothing).sum(),
    )
