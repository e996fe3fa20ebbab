"""Fetching one file into the download folder: cached, checked and resumable.

A file is streamed into ``<name>.part`` and only renamed to its name once it is whole: its size
agrees with what the server announced (and with the registry's pinned size), and its SHA-256
with the registry's pinned checksum where there is one. Beside it ``<name>.json`` records where
it came from, when, its size and checksum; a later request finds the file, checks it against
that record and does not fetch it again. A ``.part`` left by an interrupted download is resumed
with an HTTP Range request; a server that ignores the range sends the whole file, which then
replaces the part.

httpx is used for the network: it streams, has timeouts for each phase, and tells a machine that
cannot reach the publisher (no network, no name resolution) apart from a publisher that answers
with an error, which the user needs to hear differently.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from openpeel.download.registry import DownloadError, Planned

TIMEOUT = httpx.Timeout(30.0, connect=15.0)
USER_AGENT = "openpeel (PEEL assessment; https://www.nationalarchives.gov.uk/doc/open-government-licence/)"

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes if known)


@dataclass(frozen=True)
class Fetched:
    path: Path
    url: str
    status: str  # "downloaded", "resumed" or "cached"
    size: int
    sha256: str


def client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def mirrored(url: str, mirror: str | None) -> str:
    """``url`` fetched from ``mirror`` instead (same path and query), for a local copy of the
    publishers' sites: an organisation's mirror, or the test server."""
    if not mirror:
        return url
    base, parts = urlsplit(mirror), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, ""))


def fetch(
    planned: Planned,
    folder: Path,
    http: httpx.Client,
    *,
    mirror: str | None = None,
    refresh: bool = False,
    on_progress: Progress | None = None,
) -> Fetched:
    target = folder / planned.relative
    record = target.with_name(target.name + ".json")
    url = mirrored(planned.url, mirror)
    if not refresh and (kept := _kept(target, record, planned)) is not None:
        return kept
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    resumed = _download(url, part, http, on_progress)
    size, digest = part.stat().st_size, _sha256(part)
    _check(planned, part, size, digest)
    os.replace(part, target)
    record.write_text(
        json.dumps(
            {
                "url": planned.url,
                "fetched_from": url,
                "size": size,
                "sha256": digest,
                "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return Fetched(target, planned.url, "resumed" if resumed else "downloaded", size, digest)


def _kept(target: Path, record: Path, planned: Planned) -> Fetched | None:
    """The file already downloaded, if it is still exactly what was recorded (and pinned)."""
    if not (target.is_file() and record.is_file()):
        return None
    noted = json.loads(record.read_text(encoding="utf-8"))
    size, digest = target.stat().st_size, _sha256(target)
    if size != noted.get("size") or digest != noted.get("sha256"):
        return None  # changed or damaged since: fetch it again
    if (planned.sha256 and digest != planned.sha256) or (planned.size and size != planned.size):
        return None
    return Fetched(target, planned.url, "cached", size, digest)


def _download(url: str, part: Path, http: httpx.Client, on_progress: Progress | None) -> bool:
    """Stream ``url`` into ``part``, continuing a partial file; whether it resumed one."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and have:
                # the part already holds every byte: nothing more to send
                return True
            if response.status_code not in (200, 206):
                raise DownloadError(
                    f"{_host(url)} answered {response.status_code} {response.reason_phrase} for {url}; "
                    "the file may have moved or been withdrawn"
                )
            resuming = response.status_code == 206 and have > 0
            total = _total(response, have if resuming else 0)
            written = have if resuming else 0
            with part.open("ab" if resuming else "wb") as out:
                # chunks as they arrive: a buffered chunk would be lost if the transfer breaks
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    written += len(chunk)
                    if on_progress:
                        on_progress(written, total)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise DownloadError(
            f"cannot reach {_host(url)} ({exc}): this machine seems to be offline. Files downloaded "
            "before are still in the download folder; `openpeel ingest` loads them"
        ) from None
    except (httpx.ReadError, httpx.ReadTimeout, httpx.RemoteProtocolError) as exc:
        kept = part.stat().st_size if part.exists() else 0
        raise DownloadError(
            f"the download of {url} broke off after {kept:,} bytes ({exc}); run the command again to resume it"
        ) from None
    if total is not None and written != total:
        raise DownloadError(
            f"{url}: received {written:,} bytes but {_host(url)} announced {total:,}; run the command again to resume"
        )
    return resuming


def _total(response: httpx.Response, offset: int) -> int | None:
    """The size of the whole file, from Content-Range (a resumed download) or Content-Length."""
    ranged = response.headers.get("content-range", "")
    if "/" in ranged and ranged.rsplit("/", 1)[1].isdigit():
        return int(ranged.rsplit("/", 1)[1])
    length = response.headers.get("content-length")
    return offset + int(length) if length and length.isdigit() else None


def _check(planned: Planned, part: Path, size: int, digest: str) -> None:
    if planned.size is not None and size != planned.size:
        part.unlink()
        raise DownloadError(
            f"{planned.url} is {size:,} bytes, not the {planned.size:,} bytes of the file openpeel knows; "
            "the publisher may have replaced it, so it was not kept"
        )
    if planned.sha256 is not None and digest != planned.sha256:
        part.unlink()
        raise DownloadError(
            f"{planned.url} has SHA-256 {digest}, not the {planned.sha256} of the file openpeel knows; "
            "the publisher may have replaced it, so it was not kept"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _host(url: str) -> str:
    return urlsplit(url).netloc
