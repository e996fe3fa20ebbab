"""The HTML pages. Each asks the policy (through ``views``) and renders a template; no figures here."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from openpeel import forces
from openpeel.areas import Area
from openpeel.web import charts, data, downloads, policy, views
from openpeel.web.context import (
    PERIOD_HELP,
    PERIOD_PATTERN,
    client,
    query,
    render,
    threshold,
    viewer,
)
from openpeel.web.context import (
    period as parse_period,
)
from openpeel.web.context import (
    world as choose_world,
)
from openpeel.web.policy import Action

router = APIRouter(include_in_schema=False)

PeriodParam = Annotated[str | None, Query(pattern=PERIOD_PATTERN, description=PERIOD_HELP)]
WorldParam = Annotated[str | None, Query(pattern="^(real|synthetic)$")]
PAGE_SIZE = 50


def _fmt(ind, value):
    return "" if value is None else ind.format(value)


def _base(request: Request) -> dict:
    return {"fmt": _fmt, "indicator_of": data.indicator, "force_name": lambda f: forces.get(f).name}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, world: WorldParam = None, period: PeriodParam = None):
    who = viewer(request)
    chosen_period = parse_period(period)
    with query(request) as q:
        periods = data.check_period(q, chosen_period)
        worlds = data.worlds_with_data(q)
        chosen = choose_world(world, worlds)
        rows = views.overview(q, who, chosen, chosen_period, threshold(request))
    areas = []
    for row in rows:
        if not areas or areas[-1]["area"] != row["area"]:
            areas.append({"area": row["area"], "title": row["area_title"], "rows": []})
        areas[-1]["rows"].append(row)
    areas.sort(key=lambda a: [x.value for x in Area].index(a["area"]))
    members = [f for f in data.all_forces() if f.world is chosen]
    return render(
        request,
        "overview.html",
        areas=areas,
        world=chosen,
        worlds=worlds,
        forces=members,
        periods=periods,
        period=chosen_period,
        **_base(request),
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=100)] = ""):
    return render(request, "search.html", found=data.search(q), text=q)


@router.get("/forces", response_class=HTMLResponse)
def force_list(request: Request, id: Annotated[str | None, Query(max_length=80)] = None):
    if id:  # the "go to a force" form
        return RedirectResponse(f"/forces/{data.force(id).id}", status_code=303)
    return render(request, "forces.html", forces=data.all_forces())


@router.get("/indicators", response_class=HTMLResponse)
def indicator_list(request: Request):
    return render(request, "indicators.html", indicators=[data.catalogue_entry(i) for i in data.all_indicators()])


@router.get("/forces/{force_id}", response_class=HTMLResponse)
def force_page(request: Request, force_id: str, period: PeriodParam = None):
    who = viewer(request)
    force = data.force(force_id)
    chosen = parse_period(period)
    with query(request) as q:
        periods = data.check_period(q, chosen, force.id)
        records = views.assessment(q, who, force.id, chosen, threshold(request))
    return render(
        request,
        "force.html",
        force=force,
        areas=views.by_area(records),
        period=chosen,
        periods=periods,
        exact=policy.exact(who, force.id),
        may_alerts=policy.allows(who, Action.ALERTS, force.id),
        may_worklists=policy.allows(who, Action.WORKLISTS, force.id),
        **_base(request),
    )


@router.get("/forces/{force_id}/assessment.{fmt}")
def force_download(request: Request, force_id: str, fmt: str, period: PeriodParam = None):
    who = viewer(request)
    force = data.force(force_id)
    if fmt not in downloads.TABLE_FORMATS:
        raise data.NotFound(f"no download as {fmt!r}", [(f, f) for f in downloads.TABLE_FORMATS])
    chosen = parse_period(period)
    with query(request) as q:
        if chosen is not None:
            data.check_period(q, chosen, force.id)
        records = views.assessment(q, who, force.id, chosen, threshold(request))
    request.app.state.web.record(
        "download",
        account=who.name,
        force_id=force.id,
        detail=f"assessment.{fmt} {period or 'latest'}",
        client=client(request),
    )
    return downloads.table(records, downloads.ASSESSMENT_COLUMNS, fmt, f"{force.id}-assessment")


@router.get("/forces/{force_id}/trends/{indicator_id}", response_class=HTMLResponse)
def trend_page(request: Request, force_id: str, indicator_id: str, period: PeriodParam = None):
    """The trend of one indicator for a force: a fragment for htmx, a whole page without it."""
    who = viewer(request)
    force, ind = data.force(force_id), data.indicator(indicator_id)
    chosen = parse_period(period)
    with query(request) as q:
        last = chosen or q.assessor.result(ind, force.id).period
        points = views.trend(q, who, ind, force.id, last, threshold(request)) if last else []
    svg = charts.sparkline(
        points,
        title=f"{ind.title}: {force.name} and the median",
        description=f"{force.name} (solid line) and the median of the forces compared (dashed), "
        "rolling years ending each quarter; the figures are in the table that follows.",
    )
    template = "trend_fragment.html" if request.headers.get("hx-request") else "trend.html"
    return render(request, template, force=force, ind=ind, points=points, svg=svg, **_base(request))


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator_page(
    request: Request,
    indicator_id: str,
    period: PeriodParam = None,
    world: WorldParam = None,
    force: Annotated[str | None, Query(max_length=80)] = None,
    sort: Annotated[str, Query(pattern="^(rank|name)$")] = "rank",
):
    who = viewer(request)
    ind = data.indicator(indicator_id)
    highlighted = data.force(force).id if force else None
    chosen = parse_period(period)
    with query(request) as q:
        periods = data.check_period(q, chosen)
        shown_world = forces.world_of(highlighted) if highlighted else choose_world(world, data.worlds_with_data(q))
        found = views.comparison(q, who, ind, chosen, shown_world, threshold(request))
    svg = None
    if found:
        if sort == "name":
            found["forces"].sort(key=lambda r: r["name"])
        svg = charts.bars(
            found["forces"],
            low=found["typical_low"],
            high=found["typical_high"],
            highlighted=highlighted,
            title=f"{ind.title}, {found['period_label']}",
            description="Each force's figure as a horizontal bar, largest first; the shaded band is the typical range"
            + (f"; {forces.get(highlighted).name} is the dark outlined bar" if highlighted else "")
            + ". The figures are in the table that follows.",
            x_title=ind.unit.value.replace("_", " "),
        )
    return render(
        request,
        "indicator.html",
        ind=ind,
        entry=data.catalogue_entry(ind),
        found=found,
        svg=svg,
        periods=periods,
        period=chosen,
        highlighted=highlighted,
        sort=sort,
        world=shown_world,
        forces=[f for f in data.all_forces() if f.world is shown_world],
        **_base(request),
    )


@router.get("/indicators/{indicator_id}/forces.csv")
def indicator_download(request: Request, indicator_id: str, period: PeriodParam = None, world: WorldParam = None):
    who = viewer(request)
    ind = data.indicator(indicator_id)
    chosen = parse_period(period)
    with query(request) as q:
        if chosen is not None:
            data.check_period(q, chosen)
        found = views.comparison(q, who, ind, chosen, choose_world(world, data.worlds_with_data(q)), threshold(request))
    request.app.state.web.record(
        "download", account=who.name, detail=f"{ind.id} forces.csv {period or 'latest'}", client=client(request)
    )
    rows = found["forces"] if found else []
    return downloads.table(
        [{**r, "indicator": ind.id, "period": found["period"]} for r in rows],
        downloads.COMPARISON_COLUMNS,
        "csv",
        f"{ind.id}-forces",
    )


@router.get("/forces/{force_id}/worklists", response_class=HTMLResponse)
def worklists_page(request: Request, force_id: str):
    who = viewer(request)
    force = data.force(force_id)
    policy.require(who, Action.WORKLISTS, force.id)
    with query(request) as q:
        lists = [{**w, "available": data.worklist_available(q, w["name"])} for w in data.all_worklists()]
    return render(request, "worklists.html", force=force, lists=lists)


@router.get("/forces/{force_id}/worklists/{name}", response_class=HTMLResponse)
def worklist_page(request: Request, force_id: str, name: str, page: Annotated[int, Query(ge=1, le=100000)] = 1):
    who = viewer(request)
    force = data.force(force_id)
    policy.require(who, Action.WORKLISTS, force.id)
    wl = data.worklist(name)
    with query(request) as q:
        available = data.worklist_available(q, name)
        rows = views.worklist_rows(q, who, name, force.id) if available else []
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    if page > pages:
        raise data.NotFound(
            f"page {page} of a list with {pages} page(s)", [(str(n), f"page {n}") for n in range(1, pages + 1)]
        )
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    columns = list(rows[0]) if rows else []
    return render(
        request,
        "worklist.html",
        force=force,
        wl=wl,
        rows=shown,
        columns=columns,
        total=len(rows),
        page=page,
        pages=pages,
        available=available,
        page_size=PAGE_SIZE,
    )


@router.get("/forces/{force_id}/worklists/{name}/rows.csv")
def worklist_download(request: Request, force_id: str, name: str):
    who = viewer(request)
    force = data.force(force_id)
    policy.require(who, Action.WORKLISTS, force.id)
    data.worklist(name)
    with query(request) as q:
        rows = views.worklist_rows(q, who, name, force.id) if data.worklist_available(q, name) else []
    request.app.state.web.record(
        "download", account=who.name, force_id=force.id, detail=f"worklist {name}.csv", client=client(request)
    )
    return downloads.table(rows, list(rows[0]) if rows else [], "csv", f"{force.id}-{name}")


@router.get("/forces/{force_id}/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, force_id: str):
    who = viewer(request)
    force = data.force(force_id)
    with query(request) as q:
        found = views.alerts(q, who, force.id)
        timelines = []
        for indicator_id in dict.fromkeys(a["indicator"] for a in found):
            ind = data.indicator(indicator_id)
            points = views.timeline(q, who, ind, force.id)
            svg = charts.timeline(
                points,
                standard=ind.standard,
                title=f"{ind.title}: {force.name}, month by month",
                description="The force's figure for rolling years ending each month (line), the "
                "typical range (band) and any standard (dashed); the figures follow in a table.",
            )
            timelines.append(
                {
                    "ind": ind,
                    "points": points,
                    "svg": svg,
                    "alerts": [a for a in found if a["indicator"] == indicator_id],
                }
            )
    template = "alerts_fragment.html" if request.headers.get("hx-request") else "alerts.html"
    return render(request, template, force=force, alerts=found, timelines=timelines, **_base(request))


@router.get("/forces/{force_id}/reports", response_class=HTMLResponse)
def reports_page(request: Request, force_id: str):
    who = viewer(request)
    force = data.force(force_id)
    policy.require(who, Action.REPORTS, force.id)
    return render(request, "reports.html", force=force, reports=request.app.state.web.reports(force.id))


@router.get("/forces/{force_id}/reports/{report_id}/{kind}")
def report_file(request: Request, force_id: str, report_id: int, kind: str):
    who = viewer(request)
    force = data.force(force_id)
    policy.require(who, Action.REPORTS, force.id)
    published = request.app.state.web.report(report_id)
    files = {"report.html": "html_path", "report.pdf": "pdf_path"}
    if published is None or published.force_id != force.id or kind not in files or not getattr(published, files[kind]):
        known = [(str(r.id), f"{r.title}, version {r.version}") for r in request.app.state.web.reports(force.id)]
        raise data.NotFound(f"no published report {report_id}/{kind} for {force.name}", known)
    path = request.app.state.reports_dir / getattr(published, files[kind])
    request.app.state.web.record(
        "download",
        account=who.name,
        force_id=force.id,
        detail=f"report {published.version} {kind}",
        client=client(request),
    )
    media = "application/pdf" if kind.endswith(".pdf") else "text/html"
    return FileResponse(
        path,
        media_type=media,
        filename=f"{force.id}-report-v{published.version}{path.suffix}",
        content_disposition_type="inline",
    )


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The API described from its OpenAPI schema, drawn here (no script from elsewhere)."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                }
            )
    return render(request, "api_docs.html", operations=operations, info=schema["info"])


@router.get("/health")
def health(request: Request) -> Response:
    return Response("ok", media_type="text/plain")
