"""``openpeel download``: fetch publisher files from the publishers' own addresses.

:func:`download` turns a request (a source, and for some sources months and a force) into files
(:mod:`.registry`), fetches each into the download folder with a cache, checks and resume
(:mod:`.fetch`), and converts API answers into the files openpeel reads (:mod:`.police_uk_api`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from openpeel.download.fetch import Fetched, Progress, client, fetch
from openpeel.download.police_uk_api import stops_json_to_csv
from openpeel.download.registry import DownloadError, DownloadSource, Planned, get, plan, sources

__all__ = ["DownloadError", "DownloadSource", "Fetched", "default_folder", "download", "get", "plan", "sources"]

CONVERTERS = {"police-uk-stops-json": stops_json_to_csv}


def default_folder() -> Path:
    """``$OPENPEEL_DOWNLOADS``, else ``~/.cache/openpeel/downloads``."""
    given = os.environ.get("OPENPEEL_DOWNLOADS")
    return Path(given) if given else Path.home() / ".cache" / "openpeel" / "downloads"


def download(
    source_id: str,
    folder: Path,
    *,
    months: str | None = None,
    force: str | None = None,
    mirror: str | None = None,
    refresh: bool = False,
    on_file: Callable[[Planned], None] | None = None,
    on_progress: Progress | None = None,
) -> list[Fetched]:
    """Fetch every file of the request into ``folder``; the files ready to ingest."""
    wanted = plan(source_id, months, force)
    done: list[Fetched] = []
    with client() as http:
        for planned in wanted:
            if on_file:
                on_file(planned)
            if planned.source.convert is None:
                done.append(fetch(planned, folder, http, mirror=mirror, refresh=refresh, on_progress=on_progress))
                continue
            raw = Planned(planned.source, planned.url, planned.relative + ".api.json")
            got = fetch(raw, folder, http, mirror=mirror, refresh=refresh, on_progress=on_progress)
            target = folder / planned.relative
            CONVERTERS[planned.source.convert](got.path, target)
            done.append(Fetched(target, got.url, got.status, target.stat().st_size, got.sha256))
    return done
