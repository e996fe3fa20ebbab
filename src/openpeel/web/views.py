"""What a viewer sees: the data module's records passed through the policy, shared by pages and API.

No figure is computed here; values are only hidden (policy) and grouped for display.
"""

from __future__ import annotations

from openpeel import forces
from openpeel.areas import Area
from openpeel.indicators.catalogue import Indicator
from openpeel.periods import Period
from openpeel.web import data, policy
from openpeel.web.policy import Action, Viewer


def _proportion(ind: Indicator) -> bool:
    return ind.formula.is_proportion


def overview(q: data.Query, viewer: Viewer, world: forces.World, period: Period | None, threshold: int) -> list[dict]:
    policy.require(viewer, Action.NATIONAL)
    rows = []
    for row in data.overview(q, world, period):
        ind = data.indicator(row["id"])
        unit, proportion = ind.unit.value, _proportion(ind)
        ew = policy.national_figure(
            viewer, row["england_and_wales"], unit=unit, proportion=proportion, threshold=threshold
        )
        forces_rows = row.pop("forces")
        row = policy.summaries(viewer, row, forces_rows, unit=unit, proportion=proportion, threshold=threshold)
        rows.append({**row, "england_and_wales": ew})
    return rows


def comparison(
    q: data.Query, viewer: Viewer, ind: Indicator, period: Period | None, world: forces.World, threshold: int
) -> dict | None:
    policy.require(viewer, Action.NATIONAL)
    found = data.comparison(q, ind, period, world)
    if found is None:
        return None
    unit, proportion = ind.unit.value, _proportion(ind)
    found = policy.summaries(viewer, found, found["forces"], unit=unit, proportion=proportion, threshold=threshold)
    found["forces"] = [
        policy.comparison_row(viewer, r, unit=unit, proportion=proportion, threshold=threshold) for r in found["forces"]
    ]
    found["england_and_wales"] = policy.national_figure(
        viewer, found["england_and_wales"], unit=unit, proportion=proportion, threshold=threshold
    )
    return found


def assessment(q: data.Query, viewer: Viewer, force_id: str, period: Period | None, threshold: int) -> list[dict]:
    policy.require(viewer, Action.FIGURES, force_id)
    out = []
    for record in data.assessment(q, force_id, period):
        ind = data.indicator(record["id"])
        unit, proportion = ind.unit.value, _proportion(ind)
        forces_rows = record.pop("forces")
        shown = policy.force_result(viewer, record, proportion=proportion, threshold=threshold)
        summary = policy.summaries(
            viewer,
            {k: shown.get(k) for k in policy.SUMMARIES},
            forces_rows,
            unit=unit,
            proportion=proportion,
            threshold=threshold,
        )
        shown.update({k: summary[k] for k in policy.SUMMARIES})
        shown["suppressed"] = sorted({*shown.get("suppressed", []), *summary.get("suppressed", [])})
        out.append(shown)
    return out


def by_area(records: list[dict]) -> list[dict]:
    """Records grouped by PEEL area, in the framework's order; areas with no figure left out."""
    groups = []
    for area in Area:
        mine = [r for r in records if r["area"] == area.value]
        with_value = [r for r in mine if r["period"] is not None and (r["value"] is not None or r.get("suppressed"))]
        if with_value:
            groups.append(
                {
                    "area": area.value,
                    "title": area.title,
                    "results": with_value,
                    "without_data": len(mine) - len(with_value),
                }
            )
    return groups


def trend(q: data.Query, viewer: Viewer, ind: Indicator, force_id: str, last: Period, threshold: int) -> list[dict]:
    policy.require(viewer, Action.FIGURES, force_id)
    return [
        policy.trend_point(viewer, force_id, p, unit=ind.unit.value, proportion=_proportion(ind), threshold=threshold)
        for p in data.trend(q, ind, force_id, last)
    ]


def alerts(q: data.Query, viewer: Viewer, force_id: str) -> list[dict]:
    policy.require(viewer, Action.ALERTS, force_id)
    return data.alerts(q, force_id)


def timeline(q: data.Query, viewer: Viewer, ind: Indicator, force_id: str) -> list[dict]:
    policy.require(viewer, Action.ALERTS, force_id)
    last = data.alert_period(q, force_id)
    if last is None:
        return []
    return [
        {
            k: r.get(k)
            for k in (
                "period_code",
                "period",
                "period_end",
                "value",
                "typical_low",
                "typical_high",
                "position",
                "change",
                "change_significant",
            )
        }
        for r in data.series(q, ind, force_id, last)
        if r["period"] is not None
    ]


def worklist_rows(q: data.Query, viewer: Viewer, name: str, force_id: str) -> list[dict]:
    policy.require(viewer, Action.WORKLISTS, force_id)
    return data.worklist_rows(q, name, force_id)
