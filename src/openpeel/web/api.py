"""The open API: the pages' data as JSON under /api, described by OpenAPI at /api/openapi.json."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request

from openpeel.web import data, policy, views
from openpeel.web.context import PERIOD_HELP, PERIOD_PATTERN, query, threshold, viewer
from openpeel.web.context import period as parse_period
from openpeel.web.context import world as choose_world
from openpeel.web.policy import Action

router = APIRouter(prefix="/api", tags=["figures"])

PeriodParam = Annotated[str | None, Query(pattern=PERIOD_PATTERN, description=PERIOD_HELP)]
WorldParam = Annotated[
    str | None, Query(pattern="^(real|synthetic)$", description="real forces, or the demo's synthetic twins")
]
ForceId = Annotated[str, "a force id, e.g. northamptonshire"]
PAGE_SIZE = 50


@router.get("/forces", summary="Every force: id, name, region, and whether it is a synthetic demo force")
def api_forces() -> list[dict]:
    return [
        {"id": f.id, "name": f.name, "region": f.region, "country": f.country, "synthetic": f.synthetic}
        for f in data.all_forces()
    ]


@router.get("/indicators", summary="The indicator catalogue: definitions, units, polarity and sources")
def api_indicators() -> list[dict]:
    return [data.catalogue_entry(i) for i in data.all_indicators()]


@router.get("/periods", summary="The periods with figures, newest first (for one force when given)")
def api_periods(request: Request, force: Annotated[str | None, Query(max_length=80)] = None) -> list[dict]:
    force_id = data.force(force).id if force else None
    with query(request) as q:
        return [
            {"period": p.code(), "label": p.label(), "start": p.start, "end": p.last_day}
            for p in data.periods_available(q, force_id)
        ]


@router.get("/search", summary="Forces and indicators whose names contain every word")
def api_search(q: Annotated[str, Query(max_length=100)] = "") -> dict:
    return data.search(q)


@router.get("/overview", summary="Each indicator's latest England and Wales figure, median and typical range")
def api_overview(request: Request, world: WorldParam = None, period: PeriodParam = None) -> list[dict]:
    chosen = parse_period(period)
    with query(request) as q:
        if chosen is not None:
            data.check_period(q, chosen)
        return views.overview(
            q, viewer(request), choose_world(world, data.worlds_with_data(q)), chosen, threshold(request)
        )


@router.get("/indicators/{indicator_id}", summary="One indicator across the forces, with its definition")
def api_indicator(request: Request, indicator_id: str, period: PeriodParam = None, world: WorldParam = None) -> dict:
    ind = data.indicator(indicator_id)
    chosen = parse_period(period)
    with query(request) as q:
        if chosen is not None:
            data.check_period(q, chosen)
        found = views.comparison(
            q, viewer(request), ind, chosen, choose_world(world, data.worlds_with_data(q)), threshold(request)
        )
    return {"indicator": data.catalogue_entry(ind), "comparison": found}


@router.get("/forces/{force_id}", summary="A force's assessment: every indicator with its comparison and change")
def api_force(request: Request, force_id: ForceId, period: PeriodParam = None) -> dict:
    force = data.force(force_id)
    chosen = parse_period(period)
    who = viewer(request)
    with query(request) as q:
        if chosen is not None:
            data.check_period(q, chosen, force.id)
        records = views.assessment(q, who, force.id, chosen, threshold(request))
    return {
        "force": force.id,
        "name": force.name,
        "exact": policy.exact(who, force.id),
        "warnings": list(force.warnings),
        "areas": views.by_area(records),
    }


@router.get("/forces/{force_id}/trends/{indicator_id}", summary="A force's figure and the median, each quarter")
def api_trend(request: Request, force_id: ForceId, indicator_id: str, period: PeriodParam = None) -> list[dict]:
    force, ind = data.force(force_id), data.indicator(indicator_id)
    chosen = parse_period(period)
    with query(request) as q:
        last = chosen or q.assessor.result(ind, force.id).period
        return views.trend(q, viewer(request), ind, force.id, last, threshold(request)) if last else []


@router.get("/forces/{force_id}/alerts", summary="A force's alerts, newest first (force analysts and inspectors)")
def api_alerts(request: Request, force_id: ForceId) -> list[dict]:
    force = data.force(force_id)
    with query(request) as q:
        return views.alerts(q, viewer(request), force.id)


@router.get("/forces/{force_id}/worklists", summary="The worklists and whether the store has their records")
def api_worklists(request: Request, force_id: ForceId) -> list[dict]:
    force = data.force(force_id)
    policy.require(viewer(request), Action.WORKLISTS, force.id)
    with query(request) as q:
        return [{**w, "available": data.worklist_available(q, w["name"])} for w in data.all_worklists()]


@router.get("/forces/{force_id}/worklists/{name}", summary="One worklist's rows for a force, a page at a time")
def api_worklist(
    request: Request, force_id: ForceId, name: str, page: Annotated[int, Query(ge=1, le=100000)] = 1
) -> dict:
    force = data.force(force_id)
    who = viewer(request)
    policy.require(who, Action.WORKLISTS, force.id)
    wl = data.worklist(name)
    with query(request) as q:
        rows = views.worklist_rows(q, who, name, force.id) if data.worklist_available(q, name) else []
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    return {
        **wl,
        "force": force.id,
        "total": len(rows),
        "page": page,
        "pages": pages,
        "rows": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
    }


@router.get("/forces/{force_id}/reports", summary="A force's published reports")
def api_reports(request: Request, force_id: ForceId) -> list[dict]:
    force = data.force(force_id)
    policy.require(viewer(request), Action.REPORTS, force.id)
    return [
        {
            "id": r.id,
            "title": r.title,
            "version": r.version,
            "published_at": r.published_at,
            "html": f"/forces/{force.id}/reports/{r.id}/report.html" if r.html_path else None,
            "pdf": f"/forces/{force.id}/reports/{r.id}/report.pdf" if r.pdf_path else None,
        }
        for r in request.app.state.web.reports(force.id)
    ]
