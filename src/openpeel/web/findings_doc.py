"""A findings file edited in place: the browser changes one finding, the rest of the file stays as written.

ruamel.yaml reads the file keeping its comments, key order, quoting and block styles, and writes it
back unchanged where nothing was changed, so a file taken in and given back out is identical. A
field is rewritten only when its meaning changed (the loader tidies spaces and single line
breaks, so re-wrapping alone is no change). Every edit is checked by the same loader as
``openpeel report --inspection`` (:func:`openpeel.framework.load_inspection`) before it is kept;
its problems are placed beside the form field whose lines they name.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import textwrap
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from openpeel.errors import OpenpeelError
from openpeel.framework import EvidenceKind, Inspection, InspectionFileError, KnownEvidence, load_inspection, scan
from openpeel.framework.inspection_loader import _tidy

WRAP = 96  # characters of text per line written back for a changed field, near the shipped files' width
FIELDS = ("kind", "area", "title", "text", "recommendations")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 10**6  # never re-wrap what was written: long lines stay as they were
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class FindingsError(OpenpeelError, ValueError):
    """A findings file that cannot be edited; the message says why."""


@cache
def known_evidence() -> KnownEvidence:
    return KnownEvidence.discover()


@dataclass(frozen=True)
class FindingForm:
    """What the browser sends for one finding."""

    kind: str
    area: str
    title: str
    text: str
    recommendations: tuple[tuple[str, str], ...] = ()  # (text, months as typed)


@dataclass
class Checked:
    """The outcome of an edit: the new file, or the problems beside each field."""

    document: str | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    inspection: Inspection | None = None


def tidy(text: str) -> str:
    return _tidy(text.replace("\r\n", "\n"))


def token(finding: dict) -> str:
    """A short fingerprint of a finding's content: the version a form was based on."""
    return hashlib.sha256(json.dumps(finding, sort_keys=True, default=str).encode()).hexdigest()[:16]


class FindingsDocument:
    def __init__(self, text: str):
        self.text = text
        try:
            self.data = _yaml().load(text)
        except YAMLError as exc:  # stored files were checked by the loader, so this is a file from elsewhere
            raise FindingsError(f"the findings file cannot be read as YAML: {exc}") from None
        if not isinstance(self.data, CommentedMap):
            self.data = CommentedMap()

    def dump(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()

    @property
    def header(self) -> dict:
        return dict(self.data.get("inspection") or {})

    def findings(self) -> list[dict]:
        """Each finding as plain values (its text as written, untidied)."""
        return [_plain(f) for f in (self.data.get("findings") or [])]

    def finding(self, finding_id: str) -> dict | None:
        return next((f for f in self.findings() if f.get("id") == finding_id), None)

    def _index(self, finding_id: str) -> int | None:
        for index, entry in enumerate(self.data.get("findings") or []):
            if entry.get("id") == finding_id:
                return index
        return None

    # -- editing ----------------------------------------------------------------------------------
    def edit(self, finding_id: str | None, form: FindingForm) -> tuple[str, str | None, str]:
        """Apply ``form`` to the finding (a new one when ``finding_id`` is None).

        Returns the finding's id, its content before (None for a new one) and after, as JSON.
        """
        findings = self.data.get("findings")
        if not isinstance(findings, CommentedSeq):
            findings = self.data["findings"] = CommentedSeq(findings or [])
        if finding_id is None:
            entry = CommentedMap()
            entry["id"] = self._new_id(form.area, form.title)
            findings.append(entry)
            before = None
        else:
            index = self._index(finding_id)
            if index is None:
                raise KeyError(finding_id)
            entry = findings[index]
            before = json.dumps(_plain(entry), sort_keys=True, default=str)
        _set(entry, "kind", form.kind)
        _set(entry, "area", form.area)
        _set(entry, "title", form.title, text=False)
        _set(entry, "text", form.text, text=True)
        self._recommendations(entry, form)
        self._evidence_for_placeholders(entry)
        return entry["id"], before, json.dumps(_plain(entry), sort_keys=True, default=str)

    def grade(self, area: str) -> dict | None:
        grades = self.data.get("grades") or {}
        return _plain(grades[area]) if area in grades else None

    def set_grade(
        self, area: str, grade: str, rationale: str, decided_by: str, decided_on: date
    ) -> tuple[str | None, str]:
        """Record the inspector's grade for an area; its content before (None if new) and after, as JSON."""
        grades = self.data.get("grades")
        if grades is None:
            grades = CommentedMap()
            # grades sit before the findings, as in the shipped files
            keys = list(self.data.keys())
            self.data.insert(keys.index("findings") if "findings" in keys else len(keys), "grades", grades)
        entry = grades.get(area)
        before = None if entry is None else json.dumps(_plain(entry), sort_keys=True, default=str)
        if entry is None:
            entry = grades[area] = CommentedMap()
        changed = entry.get("grade") != grade or tidy(str(entry.get("rationale", ""))) != tidy(rationale)
        _set(entry, "grade", grade)
        _set(entry, "rationale", rationale, text=True)
        if changed or "decided_by" not in entry:
            entry["decided_by"] = decided_by
            entry["decided_on"] = decided_on
        return before, json.dumps(_plain(entry), sort_keys=True, default=str)

    def _new_id(self, area: str, title: str) -> str:
        words = re.findall(r"[a-z0-9]+", title.lower())[:4] or ["finding"]
        base = f"{re.sub(r'[^a-z0-9_]', '_', area.lower()) or 'finding'}.{'_'.join(words)}"
        taken = {f.get("id") for f in self.findings()}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        return candidate

    @staticmethod
    def _recommendations(entry: CommentedMap, form: FindingForm) -> None:
        wanted = [(text, months) for text, months in form.recommendations if text.strip() or months.strip()]
        current = entry.get("recommendations") or []
        now = [(tidy(str(r.get("text", ""))), str(r.get("months", ""))) for r in current]
        if [(tidy(t), m.strip()) for t, m in wanted] == now:
            return  # unchanged: keep as written
        if not wanted:
            entry.pop("recommendations", None)
            return
        items = CommentedSeq()
        for text, months in wanted:
            item = CommentedMap()
            item["text"] = _wrapped(text)
            item["months"] = int(months) if months.strip().isdigit() else months.strip()
            items.append(item)
        entry["recommendations"] = items

    @staticmethod
    def _evidence_for_placeholders(entry: CommentedMap) -> None:
        """List on the finding the evidence its placeholders name, as the loader requires."""
        placeholders, _ = scan(tidy(str(entry.get("text", ""))))
        listed = entry.get("evidence")
        have = set()
        for ref in listed or []:
            for kind in EvidenceKind:
                if kind.value in ref:
                    have.add((kind.value, ref[kind.value], str(ref.get("period")) if ref.get("period") else None))
        for p in placeholders:
            key = (p.kind.value, p.id, p.period.code() if p.period else None)
            loose = (p.kind.value, p.id)
            if key in have or (p.period is None and any(h[:2] == loose for h in have)):
                continue
            if listed is None:
                listed = entry["evidence"] = CommentedSeq()
            ref = CommentedMap()
            ref[p.kind.value] = p.id
            if p.period is not None:
                ref["period"] = p.period.code()
            listed.append(ref)
            have.add(key)


def check(document: str, finding_id: str | None = None, *, known: KnownEvidence | None = None) -> Checked:
    """Validate a findings file with the loader; problems on a finding's lines go beside its fields."""
    known = known or known_evidence()
    with tempfile.TemporaryDirectory(prefix="openpeel-findings-") as folder:
        path = Path(folder) / "findings.yaml"
        path.write_text(document, encoding="utf-8")
        try:
            inspection = load_inspection(path, known=known)
        except InspectionFileError as exc:
            spans = _field_lines(document, finding_id)
            errors: dict[str, list[str]] = {}
            for problem in exc.problems:
                place = next((name for name, (first, last) in spans.items() if first <= problem.line <= last), "file")
                message = _message(problem.message, finding_id)
                if place == "file":  # not beside a field of the form: say where in the file
                    message = f"line {problem.line}: {message}"
                errors.setdefault(place, []).append(message)
            if exc.more:
                errors.setdefault("file", []).append(f"and {exc.more} more problems")
            return Checked(None, errors)
    return Checked(document, {}, inspection)


def unknown_placeholders(text: str, known: KnownEvidence | None = None) -> list[str]:
    """A message for each placeholder naming evidence that does not exist, listing what does."""
    known = known or known_evidence()
    placeholders, problems = scan(tidy(text))
    out = [p.message for p in problems]
    for p in placeholders:
        ids = known.ids(p.kind)
        if ids is not None and p.id not in ids:
            out.append(
                f"{p.raw} names no {p.kind.value} that exists; the {p.kind.value} ids are: " + ", ".join(sorted(ids))
            )
    return out


def _message(message: str, finding_id: str | None) -> str:
    prefix = f"finding {finding_id}: " if finding_id else ""
    return message[len(prefix) :] if prefix and message.startswith(prefix) else message


def _field_lines(document: str, finding_id: str | None) -> dict[str, tuple[int, int]]:
    """For the finding's fields, the first and last line (1-based) each occupies in ``document``."""
    if finding_id is None:
        return {}
    data = FindingsDocument(document).data
    entries = data.get("findings") or []
    index = next((i for i, e in enumerate(entries) if e.get("id") == finding_id), None)
    if index is None:
        return {}
    entry = entries[index]
    keys = list(entry.keys())
    starts = [entry.lc.key(k)[0] + 1 for k in keys]
    if index + 1 < len(entries):
        end = entries.lc.item(index + 1)[0]
    else:
        end = len(document.splitlines())
    spans = {}
    for i, key in enumerate(keys):
        last = starts[i + 1] - 1 if i + 1 < len(keys) else end
        name = "text" if key in ("evidence",) else key  # evidence is listed from the text's placeholders
        first = starts[i]
        if name in spans:
            first = min(first, spans[name][0])
            last = max(last, spans[name][1])
        spans[name] = (first, last)
    start = entries.lc.item(index)[0] + 1
    spans.setdefault("id", (start, start))
    return spans


def _set(entry: CommentedMap, key: str, value: str, *, text: bool = False) -> None:
    value = value.replace("\r\n", "\n")
    old = entry.get(key)
    if old is not None and tidy(str(old)) == tidy(value):
        return  # the same meaning: keep the file as written
    entry[key] = _wrapped(value) if text else " ".join(value.split())


def _wrapped(text: str) -> LiteralScalarString | str:
    """Text as a block of lines of at most :data:`WRAP` characters, paragraphs kept; a short line stays plain."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(paragraphs) == 1 and len(paragraphs[0]) <= 60:
        return paragraphs[0]
    lines = "\n\n".join(
        "\n".join(textwrap.wrap(p, WRAP, break_long_words=False, break_on_hyphens=False)) for p in paragraphs
    )
    return LiteralScalarString(lines + "\n")


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
