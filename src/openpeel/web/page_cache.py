"""Pages and API answers kept per version of the store, so a page many people ask for is worked out once.

A GET of a page that reads the store (overview, force, indicator, trend, alerts and worklist pages,
and their JSON) is kept under a key made of the store's version, the viewer as the accounts say
now (name, role and force, so a changed role is seen at once), the session's CSRF token (which
pages embed) and the address. A load gives the store a new version, so nothing kept is shown after
the data it was made from has changed. These pages read nothing else of the web state. Downloads
are never kept: each one is written to the audit log. Responses that change the session, or are
not 200, are not kept either.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from pathlib import Path

from fastapi import Request
from starlette.responses import Response

from openpeel.web.context import viewer

# the addresses kept (whole path, query string apart); downloads and the workspace are not among them
KEPT = tuple(
    re.compile(pattern)
    for pattern in (
        r"/",
        r"/api/overview",
        r"(/api)?/indicators/[^/]+",
        r"(/api)?/forces/[^/]+",
        r"(/api)?/forces/[^/]+/(alerts|worklists)",
        r"(/api)?/forces/[^/]+/trends/[^/]+",
        r"(/api)?/forces/[^/]+/worklists/[^/]+",
    )
)
BUDGET_BYTES = 64 * 1024 * 1024  # the most kept at once; the least recently asked for goes first


class PageCache:
    def __init__(self, budget: int = BUDGET_BYTES):
        self.budget = budget
        self._kept: OrderedDict[tuple, tuple[int, dict[str, str], bytes, str | None]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Response | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
        status, headers, body, media_type = found
        return Response(body, status_code=status, headers=headers, media_type=media_type)

    def put(self, key: tuple, response: Response, body: bytes) -> None:
        if len(body) > self.budget // 8:
            return
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")}
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = (response.status_code, headers, body, response.media_type)
            self._size += len(body)
            while self._size > self.budget:
                _, (_, _, dropped, _) = self._kept.popitem(last=False)
                self._size -= len(dropped)


def _stamp(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ()
    return st.st_ino, st.st_mtime_ns, st.st_size


def key_of(request: Request, store_path: Path) -> tuple | None:
    """The key a request's answer is kept under, or None when it is not one to keep."""
    if request.method != "GET" or not any(p.fullmatch(request.url.path) for p in KEPT):
        return None
    who = viewer(request)
    return (
        _stamp(store_path),
        who.name,
        who.role,
        who.force_id,
        request.session.get("csrf"),
        request.headers.get("hx-request"),
        request.url.path,
        request.url.query,
    )


def install(app, store_path: Path) -> PageCache:
    """Keep answers for ``app``; call before the session middleware is added, so this runs inside it."""
    cache = PageCache()

    @app.middleware("http")
    async def kept_pages(request: Request, call_next):
        session_before = dict(request.session)
        key = key_of(request, store_path)  # before the answer: a load meanwhile starts afresh
        if key is None:
            return await call_next(request)
        found = cache.get(key)
        if found is not None:
            return found
        response = await call_next(request)
        if response.status_code != 200 or dict(request.session) != session_before:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        cache.put(key, response, body)
        return Response(body, status_code=200, headers=dict(response.headers), media_type=response.media_type)

    return cache
