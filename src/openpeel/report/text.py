"""Finding text with its placeholders filled: paragraphs of plain words and shown figures.

A blank line in the findings file starts a new paragraph. Each placeholder becomes a segment
carrying the figure as shown and its entry in the number register, so the HTML can link every
figure to "Where the numbers come from" and mark the ones with no data.

A sentence uses one confidence level: every interval in it takes the method and level declared
for its first interval, and the method is named once, in a note under the text
(:attr:`Resolver.notes`), not inside the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpeel.framework import EvidenceKind, EvidenceRef, Finding, Placeholder, scan
from openpeel.framework.wording import sentences
from openpeel.indicators.catalogue import Unit
from openpeel.report.evidence_values import Figures, Shown
from openpeel.report.numbers import Number

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Segment:
    text: str
    number: Number | None = None
    missing: str | None = None
    term: str | None = None  # the glossary anchor this text links to


Paragraph = list[Segment]


def paragraphs(text: str, resolve: Callable[..., Shown]) -> list[Paragraph]:
    out = []
    for raw in _PARAGRAPH_BREAK.split(text.strip()):
        raw = " ".join(raw.split())
        placeholders, problems = scan(raw)
        if problems:  # the loader refuses these, so this only guards against text built elsewhere
            raise ValueError("; ".join(p.message for p in problems))
        intervals = _one_level_per_sentence(raw, placeholders, resolve)
        segments, cursor = [], 0
        for placeholder in placeholders:
            if placeholder.start > cursor:
                segments.append(Segment(raw[cursor : placeholder.start]))
            shown = resolve(placeholder, intervals.get(placeholder.start))
            cursor = placeholder.start + len(placeholder.raw)
            number = shown.number
            if shown.bare and _names_unit(raw[cursor:], shown.unit):
                register = getattr(getattr(resolve, "figures", None), "register", None)
                if register is not None and number is not None:
                    number = register.as_printed(number, shown.bare, resolve.place)
                text = shown.bare
            else:
                text = shown.text
            segments.append(Segment(text, number, shown.missing))
        if cursor < len(raw):
            segments.append(Segment(raw[cursor:]))
        out.append(segments)
    return out


def _one_level_per_sentence(raw: str, placeholders: list[Placeholder], resolve) -> dict[int, tuple[str, float]]:
    """For each interval placeholder (by offset), the method and level its sentence uses."""
    chosen: dict[int, tuple[str, float]] = {}
    settings_of = getattr(resolve, "interval_settings", None)
    if settings_of is None:
        return chosen
    for start, end in sentences(raw, placeholders):
        inside = [p for p in placeholders if start <= p.start < end and p.aspect == "interval"]
        if inside:
            first = settings_of(inside[0])
            chosen.update({p.start: first for p in inside if first is not None})
    return chosen


# Prose that names a figure's unit right after it ("16.4 per thousand residents", "3.6 times as
# likely"): the figure is then printed bare, so the unit is not written twice.
_UNIT_WORDS = {
    Unit.PER_1000: re.compile(r"\s*(?:[\w,()-]+\s+){0,3}per (?:thousand|1,000)\b"),
    Unit.RATIO: re.compile(r"\s*times\b"),
    Unit.HOURS: re.compile(r"\s*hours?\b"),
    Unit.PERCENT: re.compile(r"\s*(?:%|per ?cent\b)"),
}


def _names_unit(following: str, unit: Unit | None) -> bool:
    pattern = _UNIT_WORDS.get(unit)
    return bool(pattern and pattern.match(following))


def plain(paragraph_list: list[Paragraph]) -> str:
    return "\n\n".join("".join(s.text for s in p) for p in paragraph_list)


class Resolver:
    """Fills placeholders from the evidence listed on ``findings`` (one finding, an area's, or all),
    and collects the notes the filled figures need (how each interval was made)."""

    def __init__(self, figures: Figures, findings: Iterable[Finding], place: str):
        self.figures = figures
        self.findings = list(findings)
        self.place = place
        self.notes: list[str] = []

    def ref_for(self, placeholder: Placeholder) -> EvidenceRef | None:
        return _ref_for(placeholder, self.findings)

    def interval_settings(self, placeholder: Placeholder) -> tuple[str, float] | None:
        ref = self.ref_for(placeholder)
        if ref is None or ref.kind is EvidenceKind.INDICATOR:
            return None
        return self.figures.interval_settings(ref)

    def __call__(self, placeholder: Placeholder, interval: tuple[str, float] | None = None) -> Shown:
        ref = self.ref_for(placeholder)
        if ref is None:
            return Shown.none(f"{placeholder.raw} names evidence no finding lists")
        shown = self.figures.show(ref, placeholder.aspect, self.place, interval)
        if shown.note:
            note = f"The confidence interval is a {shown.note}."
            if note not in self.notes:
                self.notes.append(note)
        return shown


def resolver(figures: Figures, findings: Iterable[Finding], place: str) -> Resolver:
    return Resolver(figures, findings, place)


def _ref_for(placeholder: Placeholder, findings: list[Finding]) -> EvidenceRef | None:
    for finding in findings:
        try:
            return finding.evidence_for(placeholder)
        except KeyError:
            continue
    return None
