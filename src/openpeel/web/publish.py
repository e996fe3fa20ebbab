"""Publishing a force's report: copy what ``openpeel report`` wrote beside the store and list it.

The command line (``openpeel publish``) and the inspection workspace publish through
:func:`publish`. Each publication is a new version; earlier versions stay available.
"""

from __future__ import annotations

import html
import re
import shutil
import uuid
from pathlib import Path

from openpeel import forces
from openpeel.web.state import PublishedReport, StateError, WebState

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def publish(
    state: WebState, reports_dir: Path, force_id: str, folder: Path, *, title: str | None = None, by: str | None = None
) -> PublishedReport:
    """Publish ``folder/report.html`` and ``folder/report.pdf`` (either may be missing, not both)."""
    force = forces.lookup(force_id)
    folder = Path(folder)
    found = {name: folder / name for name in ("report.html", "report.pdf") if (folder / name).is_file()}
    if not found:
        raise StateError(
            f"{folder} holds no report.html or report.pdf: write one first with "
            f"openpeel report --force {force.id} --out {folder}"
        )
    target = Path(reports_dir) / force.id / uuid.uuid4().hex
    target.mkdir(parents=True)
    for name, path in found.items():
        shutil.copyfile(path, target / name)
    relative = {name: str((target / name).relative_to(reports_dir)) for name in found}
    return state.add_report(
        force.id,
        title or _title(found.get("report.html")) or f"PEEL report: {force.name}",
        relative.get("report.html"),
        relative.get("report.pdf"),
        by,
    )


def _title(path: Path | None) -> str | None:
    if path is None:
        return None
    match = _TITLE.search(path.read_text(encoding="utf-8", errors="replace")[:20000])
    return " ".join(html.unescape(match[1]).split()) if match else None
