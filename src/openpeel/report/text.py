"""Finding text with its placeholders filled: paragraphs of plain words and shown figures.

A blank line in the findings file starts a new paragraph. Each placeholder becomes a segment
carrying the figure as shown and its entry in the number register, so the HTML can link every
figure to "Where the numbers come from" and mark the ones with no data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpeel.framework import EvidenceRef, Finding, Placeholder, scan
from openpeel.indicators.catalogue import Unit
from openpeel.report.evidence_values import Figures, Shown
from openpeel.report.numbers import Number

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Segment:
    text: str
    number: Number | None = None
    missing: str | None = None


Paragraph = list[Segment]


def paragraphs(text: str, resolve: Callable[[Placeholder], Shown]) -> list[Paragraph]:
    out = []
    for raw in _PARAGRAPH_BREAK.split(text.strip()):
        raw = " ".join(raw.split())
        placeholders, problems = scan(raw)
        if problems:  # the loader refuses these, so this only guards against text built elsewhere
            raise ValueError("; ".join(p.message for p in problems))
        segments, cursor = [], 0
        for placeholder in placeholders:
            if placeholder.start > cursor:
                segments.append(Segment(raw[cursor:placeholder.start]))
            shown = resolve(placeholder)
            cursor = placeholder.start + len(placeholder.raw)
            text = shown.bare if shown.bare and _names_unit(raw[cursor:], shown.unit) else shown.text
            segments.append(Segment(text, shown.number, shown.missing))
        if cursor < len(raw):
            segments.append(Segment(raw[cursor:]))
        out.append(segments)
    return out


# Prose that names a figure's unit right after it ("16.4 per thousand residents", "3.6 times as
# likely"): the figure is then printed bare, so the unit is not written twice.
_UNIT_WORDS = {
    Unit.PER_1000: re.compile(r"\s*(?:[\w,]+\s+){0,3}per (?:thousand|1,000)\b"),
    Unit.RATIO: re.compile(r"\s*times\b"),
    Unit.HOURS: re.compile(r"\s*hours?\b"),
    Unit.PERCENT: re.compile(r"\s*(?:%|per ?cent\b)"),
}


def _names_unit(following: str, unit: Unit | None) -> bool:
    pattern = _UNIT_WORDS.get(unit)
    return bool(pattern and pattern.match(following))


def plain(paragraph_list: list[Paragraph]) -> str:
    return "\n\n".join("".join(s.text for s in p) for p in paragraph_list)


def resolver(figures: Figures, findings: Iterable[Finding], place: str) -> Callable[[Placeholder], Shown]:
    """Fill placeholders from the evidence listed on ``findings`` (one finding, an area's, or all)."""
    findings = list(findings)

    def resolve(placeholder: Placeholder) -> Shown:
        ref = _ref_for(placeholder, findings)
        if ref is None:
            return Shown.none(f"{placeholder.raw} names evidence no finding lists")
        return figures.show(ref, placeholder.aspect, place)

    return resolve


def _ref_for(placeholder: Placeholder, findings: list[Finding]) -> EvidenceRef | None:
    for finding in findings:
        try:
            return finding.evidence_for(placeholder)
        except KeyError:
            continue
    return None
