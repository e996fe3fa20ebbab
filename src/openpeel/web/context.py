"""Per-request helpers: who the viewer is, the CSRF token, the store, templates and parameters."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from openpeel import forces
from openpeel.periods import Period, PeriodError
from openpeel.web import data
from openpeel.web.policy import PUBLIC, Viewer
from openpeel.web.roles import Role

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# "the year ending 31 March 2025" -> "The year ending 31 March 2025" (Jinja's capitalize lowers the rest)
TEMPLATES.env.filters["sentence"] = lambda text: text[:1].upper() + text[1:] if text else text

PERIOD_PATTERN = r"^(ye-\d{4}-\d{2}|\d{4}-\d{2}:\d{4}-\d{2}|\d{4}-\d{2}|\d{4})$"
PERIOD_HELP = "YYYY-MM, YYYY, YYYY-MM:YYYY-MM or ye-YYYY-MM (the twelve months ending that month)"


class BadParameter(ValueError):
    """A query parameter that matched its pattern but still means nothing (a month 13)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def viewer(request: Request) -> Viewer:
    name = request.session.get("account")
    if not name:
        return PUBLIC
    account = request.app.state.web.account(name)
    if account is None:  # the account was removed since it signed in
        request.session.pop("account", None)
        return PUBLIC
    return Viewer(account.name, account.role, account.force_id)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@contextmanager
def query(request: Request) -> Iterator[data.Query]:
    with request.app.state.holder.assessor() as assessor:
        yield data.Query(assessor)


def threshold(request: Request) -> int:
    return request.app.state.threshold


def period(text: str | None) -> Period | None:
    if not text:
        return None
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise BadParameter("period", str(exc)) from None
    except ValueError as exc:  # a date the calendar lacks, such as year 0
        raise BadParameter("period", f"cannot read period {text!r}: {exc}") from None


def world(text: str | None, have: list[forces.World]) -> forces.World:
    """The world asked for, else the real forces, or the demo's twins when only they have data."""
    if text:
        return forces.World(text)
    return forces.World.REAL if forces.World.REAL in have or not have else have[0]


_SAFE_NEXT = re.compile(r"^/[A-Za-z0-9/_.\-?=&%]*$")


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    return target if target and _SAFE_NEXT.match(target) and not target.startswith("//") else "/"


def render(request: Request, template: str, status_code: int = 200, **context):
    who = viewer(request)
    context.update(request=request, viewer=who, csrf=csrf_token(request), Role=Role, signed_in=who.signed_in)
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
