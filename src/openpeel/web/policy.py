"""Every access decision of the web service, in one place. Routes ask; they never decide.

| what | public | force (own) | force (other) | inspector | admin |
|---|---|---|---|---|---|
| national overview, indicator pages, catalogue | yes | yes | yes | yes | yes |
| a force's assessment and trends | yes, small counts hidden | yes | yes, small counts hidden | yes | yes, small counts hidden |
| a force's worklists and alerts | no | yes | no | yes | no |
| a force's published reports | yes | yes | yes | yes | yes |
| accounts and the audit log | no | no | no | no | yes |
| inspections in the workspace: list, findings, audits, grades, trail | published only | own force: published, or a draft an inspector shared | published only | yes | published only |
| any change in the workspace (create, edit, import, submit, approve, publish, share) | no | no | no | yes | no |

"Small counts hidden" is :mod:`openpeel.web.disclosure`: figures are exact only for the viewer's
own force (force role) or for every force (inspector).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from openpeel.errors import OpenpeelError
from openpeel.web import disclosure
from openpeel.web.roles import Role


class Action(str, Enum):
    NATIONAL = "national"  # figures across forces: overview, indicator pages, catalogue
    FIGURES = "figures"  # one force's assessment and trends
    WORKLISTS = "worklists"  # the cases behind a measure: records
    ALERTS = "alerts"
    REPORTS = "reports"  # published reports
    ACCOUNTS = "accounts"  # accounts and the audit log
    WORKSPACE_WRITE = "workspace-write"  # every change in the inspection workspace


class Denied(OpenpeelError, PermissionError):
    """The viewer may not see this; ``signed_in`` says whether signing in could change that."""

    def __init__(self, message: str, *, signed_in: bool):
        super().__init__(message)
        self.signed_in = signed_in


@dataclass(frozen=True)
class Viewer:
    name: str | None
    role: Role
    force_id: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.role is not Role.PUBLIC


PUBLIC = Viewer(None, Role.PUBLIC)

_EVERYONE = {Action.NATIONAL, Action.FIGURES, Action.REPORTS}


def allows(viewer: Viewer, action: Action, force_id: str | None = None) -> bool:
    if action in _EVERYONE:
        return True
    if action is Action.ACCOUNTS:
        return viewer.role is Role.ADMIN
    if action is Action.WORKSPACE_WRITE:
        return viewer.role is Role.INSPECTOR  # only inspectors write
    # worklists and alerts: a force's own analysts, or the inspectorate
    if viewer.role is Role.INSPECTOR:
        return True
    return viewer.role is Role.FORCE and force_id is not None and force_id == viewer.force_id


def require(viewer: Viewer, action: Action, force_id: str | None = None) -> None:
    if allows(viewer, action, force_id):
        return
    if not viewer.signed_in:
        raise Denied("sign in to see this page", signed_in=False)
    if action is Action.WORKSPACE_WRITE:
        raise Denied(
            f"your account ({viewer.role.value}) may not change inspections: only inspectors write", signed_in=True
        )
    what = {Action.ACCOUNTS: "accounts"}.get(action, f"this force's {action.value}")
    raise Denied(f"your account ({viewer.role.value}) may not see {what}", signed_in=True)


def sees_inspection(viewer: Viewer, force_id: str, *, published: bool, shared: bool) -> bool:
    """Whether the viewer may see an inspection in the workspace (its findings, audits, grades, trail)."""
    if viewer.role is Role.INSPECTOR or published:
        return True
    return viewer.role is Role.FORCE and viewer.force_id == force_id and shared


def require_inspection(viewer: Viewer, force_id: str, *, published: bool, shared: bool) -> None:
    if sees_inspection(viewer, force_id, published=published, shared=shared):
        return
    if not viewer.signed_in:
        raise Denied("sign in to see this inspection", signed_in=False)
    raise Denied(
        f"your account ({viewer.role.value}) may not see this inspection before it is published", signed_in=True
    )


def exact(viewer: Viewer, force_id: str | None) -> bool:
    """Whether the viewer sees a force's figures unsuppressed."""
    if viewer.role is Role.INSPECTOR:
        return True
    return viewer.role is Role.FORCE and force_id is not None and force_id == viewer.force_id


def sees_national_exact(viewer: Viewer) -> bool:
    """England and Wales totals are exact for the inspectorate only; others get them suppressed."""
    return viewer.role is Role.INSPECTOR


def force_result(viewer: Viewer, record: dict, *, proportion: bool, threshold: int) -> dict:
    """An indicator result of one force (``IndicatorResult.to_dict()``) as the viewer may see it."""
    if exact(viewer, record.get("force")):
        return {**record, "suppressed": []}
    out = disclosure.suppress(record, unit=record["unit"], proportion=proportion, threshold=threshold, linked=("rank",))
    return disclosure.without_change_size(out)


def comparison_row(viewer: Viewer, row: dict, *, unit: str, proportion: bool, threshold: int) -> dict:
    """One force's row of an indicator across forces."""
    if exact(viewer, row.get("force")):
        return {**row, "suppressed": []}
    return disclosure.suppress(row, unit=unit, proportion=proportion, threshold=threshold, linked=("rank",))


def national_figure(viewer: Viewer, figure: dict, *, unit: str, proportion: bool, threshold: int) -> dict:
    """The England and Wales figure (value, numerator, denominator)."""
    if sees_national_exact(viewer):
        return {**figure, "suppressed": []}
    return disclosure.suppress(figure, unit=unit, proportion=proportion, threshold=threshold)


def trend_point(viewer: Viewer, force_id: str, point: dict, *, unit: str, proportion: bool, threshold: int) -> dict:
    if exact(viewer, force_id):
        return {**point, "suppressed": []}
    return disclosure.suppress(point, unit=unit, proportion=proportion, threshold=threshold)


SUMMARIES = ("median", "typical_low", "typical_high")


def summaries(
    viewer: Viewer, summary: dict, forces_rows: list[dict], *, unit: str, proportion: bool, threshold: int
) -> dict:
    """The median and typical range of a comparison, as the viewer may see them.

    Each is a force's own value more often than not (the median of an odd number of forces, the
    ends of the whiskers range), so one that equals a value hidden from this viewer is hidden too.
    ``forces_rows``: every force's value, numerator and denominator in the comparison.
    """
    hidden = {
        r["value"]
        for r in forces_rows
        if r.get("value") is not None
        and not exact(viewer, r.get("force"))
        and "value"
        in disclosure.hidden_fields(
            r["value"],
            r.get("numerator"),
            r.get("denominator"),
            unit=unit,
            proportion=proportion,
            threshold=threshold,
            withheld=r.get("interval_withheld"),
        )
    }
    out = dict(summary)
    gone = [k for k in SUMMARIES if out.get(k) is not None and out[k] in hidden]
    for key in gone:
        out[key] = None
    if gone:
        out["suppressed"] = sorted({*out.get("suppressed", []), *gone})
        out.setdefault("suppressed_reason", disclosure.REASON.format(t=threshold))
    return out
