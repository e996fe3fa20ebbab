"""Placeholders: how finding text refers to figures without typing them.

Text in a findings file never carries a figure typed by hand. Where a sentence needs a number it
holds a placeholder naming the evidence, which the report fills from the store::

    {indicator:stop_search.rate_per_1000}
    {indicator:use_of_force.under_recorded@ye-2024-03}
    {indicator:outcomes.positive_share|median}
    {audit:investigation.plan_completed}
    {survey:workforce.manager_builds_trust|share}

that is ``{kind:id}``, then optionally ``@period`` (needed when the finding lists the same evidence
for more than one period) and ``|aspect`` (which figure of that evidence; see :data:`ASPECTS`).
Every placeholder must refer to evidence listed on its finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openpeel.framework.vocabulary import EvidenceKind
from openpeel.periods import Period, PeriodError

# Which figure of a piece of evidence a placeholder asks for; the first of each is the default.
ASPECTS: dict[EvidenceKind, dict[str, str]] = {
    EvidenceKind.INDICATOR: {
        "value": "the force's value",
        "numerator": "the count the value is made from (e.g. searches, for a rate)",
        "denominator": "what the count is divided by (e.g. population, arrests)",
        "median": "the median of forces in England and Wales",
        "typical_range": "the typical range of forces, as 'a to b'",
        "position": "below, within or above the typical range, in words",
        "england_wales": "the figure for England and Wales as a whole",
        "change": "the change from the same length of time a year earlier",
        "england_wales_change": "the same change for England and Wales as a whole",
    },
    EvidenceKind.AUDIT: {
        "x_of_y": "records meeting the standard out of records examined, as 'x of y'",
        "share": "that as a percentage",
        "interval": "the percentage with its confidence interval, naming the method",
        "x": "records meeting the standard",
        "y": "records examined",
    },
    EvidenceKind.SURVEY: {
        "share_x_of_y": "the percentage of respondents with 'x of y' in brackets",
        "share": "the percentage of respondents",
        "x_of_y": "respondents agreeing out of respondents answering, as 'x of y'",
        "x": "respondents agreeing",
        "y": "respondents answering",
    },
}

_CANDIDATE = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"(?P<kind>[a-z_]+):(?P<id>[a-z0-9_.]+)(?:@(?P<period>[^|\s]+))?(?:\|(?P<aspect>[a-z_]+))?")
_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")


@dataclass(frozen=True)
class Placeholder:
    kind: EvidenceKind
    id: str
    period: Period | None
    aspect: str
    raw: str  # as written, braces included
    start: int  # character offset in the text

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True)
class TextProblem:
    start: int  # character offset in the text
    fragment: str  # the text at fault, to find it in the file
    message: str


def scan(text: str) -> tuple[list[Placeholder], list[TextProblem]]:
    """The placeholders in ``text``, and problems with any brace group that is not a valid one."""
    found, problems = [], []
    for match in _CANDIDATE.finditer(text):
        raw, body = match.group(0), match.group(1)
        parsed = _PLACEHOLDER.fullmatch(body.strip())
        if parsed is None:
            message = (
                f"{shorten(raw)} is not a placeholder: write {{kind:id}}, {{kind:id@period}} or {{kind:id|aspect}}"
            )
            problems.append(TextProblem(match.start(), raw, message))
            continue
        try:
            kind = EvidenceKind(parsed["kind"])
        except ValueError:
            message = f"{shorten(raw, 80, quote=False)}: unknown kind of evidence {parsed['kind']!r} (use indicator, audit or survey)"
            problems.append(TextProblem(match.start(), raw, message))
            continue
        aspects = ASPECTS[kind]
        aspect = parsed["aspect"] or next(iter(aspects))
        if aspect not in aspects:
            message = f"{shorten(raw, 80, quote=False)}: unknown aspect {aspect!r} for {kind.value} (use {', '.join(aspects)})"
            problems.append(TextProblem(match.start(), raw, message))
            continue
        period = None
        if parsed["period"]:
            try:
                period = Period.parse(parsed["period"])
            except PeriodError as exc:
                problems.append(TextProblem(match.start(), raw, f"{shorten(raw, 80, quote=False)}: {exc}"))
                continue
        found.append(Placeholder(kind, parsed["id"], period, aspect, raw, match.start()))
    return found, problems


def hand_typed_figures(text: str, allowed: tuple[str, ...] = ()) -> list[TextProblem]:
    """Figures written into ``text`` outside placeholders (names in ``allowed``, like '999', excepted)."""
    return [figure_problem(m) for m in figures_in(text, allowed)]


def figures_in(text: str, allowed: tuple[str, ...] = ()) -> Iterator[re.Match]:
    """Where :func:`hand_typed_figures` finds figures, one at a time and in order, so a caller that
    lists only the first few need not make a message for each of a million."""
    blanked = _CANDIDATE.sub(lambda m: " " * len(m.group(0)), text)
    for term in sorted(allowed, key=len, reverse=True):
        blanked = re.sub(rf"(?<![\w.,]){re.escape(term)}(?![\w]|[.,]\d)", lambda m: " " * len(m.group(0)), blanked)
    return _FIGURE.finditer(blanked)


def figure_problem(match: re.Match) -> TextProblem:
    return TextProblem(
        match.start(),
        match.group(0),
        f"figure {shorten(match.group(0))} typed by hand: use a "
        "placeholder naming the evidence, such as {indicator:<id>}",
    )


def shorten(fragment: str, limit: int = 40, *, quote: bool = True) -> str:
    """A fragment of text as a message quotes it, cut short if it is long."""
    cut = fragment if len(fragment) <= limit else fragment[: limit - 3] + "..."
    return repr(cut) if quote else cut


def fill(text: str, value_of: Callable[[Placeholder], str]) -> str:
    """``text`` with each placeholder replaced by ``value_of(placeholder)`` (for the report stage)."""
    placeholders, problems = scan(text)
    if problems:
        raise ValueError("; ".join(p.message for p in problems))
    pieces, cursor = [], 0
    for placeholder in placeholders:
        pieces += [text[cursor : placeholder.start], value_of(placeholder)]
        cursor = placeholder.start + len(placeholder.raw)
    return "".join(pieces + [text[cursor:]])
