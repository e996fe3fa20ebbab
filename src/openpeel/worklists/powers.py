"""Worklists from the stop-and-search, use-of-force and arrests extracts: officers who keep not
using body-worn video, and arrests that should have a use-of-force report but have none (PEEL area:
using powers fairly)."""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.worklists import worklist
from openpeel.worklists._moments import between, drawn_up_at, of_force


@worklist(
    name="bwv_not_used",
    title="Officers who repeatedly did not use body-worn video",
    area=Area.POWERS,
    description="Officers whose searches or use-of-force reports in the last `days` days say body-worn video "
    "was not used at least `minimum` times. Video is the evidence that a search or use of force was fair; "
    "a record that leaves the question blank is not counted.",
    table="stop_search_records",
    options={"minimum": 3, "days": 90},
)
def bwv_not_used(backend, force_id, as_of, options):
    days = int(options["days"])
    searches = of_force(backend, "stop_search_records", force_id)
    now_at = drawn_up_at(searches.searched_at, as_of)  # reports are looked at over the same days
    searches = between(searches, "searched_at", now_at, days)
    events = searches.select(
        "officer_ref",
        at=searches.searched_at,
        search=ibis.literal(1),
        uof=ibis.literal(0),
        without=(~searches.bwv_used).fill_null(False),
    )
    if backend.has("use_of_force_reports"):
        reports = between(of_force(backend, "use_of_force_reports", force_id), "used_at", now_at, days)
        events = events.union(
            reports.select(
                "officer_ref",
                at=reports.used_at,
                search=ibis.literal(0),
                uof=ibis.literal(1),
                without=(~reports.bwv_used).fill_null(False),
            )
        )
    missing = events.filter(events.without)
    per_officer = missing.group_by("officer_ref").agg(
        searches_without_bwv=missing.search.sum(),
        uof_reports_without_bwv=missing.uof.sum(),
        without_bwv=missing.count(),
        last_without_bwv=missing.at.max(),
    )
    return per_officer.filter(per_officer.without_bwv >= int(options["minimum"])).order_by(
        [ibis.desc("without_bwv"), "officer_ref"]
    )


@worklist(
    name="use_of_force_missing",
    title="Arrests with force expected but no use-of-force report",
    area=Area.POWERS,
    description="Arrests in the last `days` days where the person was handcuffed, or the custody record notes "
    "force, and no use-of-force report names the arrest. Handcuffing is a use of force, so each such arrest "
    "should have at least one report (one per officer who used force).",
    table="arrests",
    options={"days": 28},
)
def use_of_force_missing(backend, force_id, as_of, options):
    arrests = of_force(backend, "arrests", force_id)
    arrests = between(arrests, "arrested_at", drawn_up_at(arrests.arrested_at, as_of), int(options["days"]))
    handcuffed = arrests.handcuffed.fill_null(False)
    custody = arrests.custody_record_force.fill_null(False)
    expected = arrests.filter(handcuffed | custody)
    if backend.has("use_of_force_reports"):
        reports = of_force(backend, "use_of_force_reports", force_id)
        reported = reports.filter(reports.arrest_ref.notnull()).select("arrest_ref")
        expected = expected.anti_join(reported, "arrest_ref")
    reason = ibis.cases(
        (
            expected.handcuffed.fill_null(False) & expected.custody_record_force.fill_null(False),
            "handcuffed; custody record notes force",
        ),
        (expected.handcuffed.fill_null(False), "handcuffed"),
        else_="custody record notes force",
    )
    return expected.select("arrest_ref", "arrested_at", "arresting_officer", "person_ref", reason=reason).order_by(
        ["arrested_at", "arrest_ref"]
    )
