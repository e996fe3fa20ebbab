"""Signing in and out, and the accounts page for administrators.

Sessions are signed cookies (Starlette's SessionMiddleware over itsdangerous), HttpOnly and
SameSite=Strict. Every form carries the session's CSRF token and a post without it is refused.
Sign-in attempts are limited per account name and per client address, counted in the web state
so every server process and restart sees the same counts.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openpeel import forces
from openpeel.errors import OpenpeelError
from openpeel.web import policy
from openpeel.web.context import client, csrf_token, render, safe_next, viewer
from openpeel.web.policy import Action, Denied
from openpeel.web.roles import Role

router = APIRouter(include_in_schema=False)

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5  # failed attempts on one name in the window before it is locked for the rest of it
PER_CLIENT = 20  # failed attempts from one address in the window


def check_csrf(request: Request, token: str) -> None:
    expected = request.session.get("csrf")
    if not expected or not secrets.compare_digest(expected, token):
        raise Denied(
            "the form had expired or did not come from this site: go back, reload it and try again", signed_in=True
        )


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str = "/"):
    return render(request, "sign_in.html", next=safe_next(next), errors={}, name="")


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token_field: Annotated[str, Form(alias="csrf_token")] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
):
    check_csrf(request, csrf_token_field)
    state, who = request.app.state.web, client(request)
    target = safe_next(next)
    errors = {}
    if not name:
        errors["name"] = "Enter your account name"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return render(request, "sign_in.html", 422, next=target, errors=errors, name=name)
    if state.failures(f"name:{name}", WINDOW) >= PER_ACCOUNT or state.failures(f"client:{who}", WINDOW) >= PER_CLIENT:
        state.record("sign-in refused (too many attempts)", account=name, client=who)
        return render(
            request,
            "sign_in.html",
            429,
            next=target,
            name=name,
            errors={"name": "Too many failed attempts: wait 15 minutes before trying again"},
        )
    account = state.check_password(name, password)
    if account is None:
        state.note_failure(f"name:{name}", f"client:{who}")
        state.record("sign-in failed", account=name, client=who)
        return render(
            request,
            "sign_in.html",
            401,
            next=target,
            name=name,
            errors={"password": "The account name or password is not right"},
        )
    state.clear_failures(f"name:{name}")
    request.session.clear()  # a new session on signing in, so a token seen before it is worthless
    request.session["account"] = account.name
    csrf_token(request)
    state.record("sign-in", account=account.name, force_id=account.force_id, client=who)
    if target == "/" and account.role is Role.FORCE:
        target = f"/forces/{account.force_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out")
def sign_out(request: Request, csrf_token_field: Annotated[str, Form(alias="csrf_token")] = ""):
    check_csrf(request, csrf_token_field)
    who = viewer(request)
    if who.signed_in:
        request.app.state.web.record("sign-out", account=who.name, client=client(request))
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/admin/accounts", response_class=HTMLResponse)
def accounts(request: Request):
    policy.require(viewer(request), Action.ACCOUNTS)
    state = request.app.state.web
    return render(
        request,
        "accounts.html",
        accounts=state.accounts(),
        audit=state.audit(100),
        errors={},
        roles=[r for r in Role if r is not Role.PUBLIC],
        forces=forces.all_forces(include_synthetic=True),
        form={},
    )


@router.post("/admin/accounts", response_class=HTMLResponse)
def add_account(
    request: Request,
    name: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    force: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token_field: Annotated[str, Form(alias="csrf_token")] = "",
):
    who = viewer(request)
    policy.require(who, Action.ACCOUNTS)
    check_csrf(request, csrf_token_field)
    state = request.app.state.web
    try:
        state.add_account(name, role, password, force or None)
    except OpenpeelError as exc:
        return render(
            request,
            "accounts.html",
            422,
            accounts=state.accounts(),
            audit=state.audit(100),
            errors={"name": str(exc)},
            roles=[r for r in Role if r is not Role.PUBLIC],
            forces=forces.all_forces(include_synthetic=True),
            form={"name": name, "role": role, "force": force},
        )
    state.record(
        "account added", account=who.name, force_id=force or None, detail=f"{name} ({role})", client=client(request)
    )
    return RedirectResponse("/admin/accounts", status_code=303)
