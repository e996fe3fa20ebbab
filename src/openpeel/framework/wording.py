"""Checks on how finding text words its figures, run when a findings file is loaded.

- **What people said comes from what people said.** A sentence that reports speech ("say",
  "said", "told us", "respondents") may cite only evidence of what people said: survey
  statements (openpeel has no interview evidence yet). A records measure, an audit or a national
  figure in such a sentence puts words in people's mouths, as when "6.0% of investigators say
  ..." was filled from a records measure instead of the survey answer.
- **A figure never stands next to a number-like name.** "{...} 999 calls" prints as "178 999
  calls", which reads as 178,999. A word must come between: "{...} emergency (999) calls".
"""

from __future__ import annotations

import re

from openpeel.framework.placeholders import Placeholder, TextProblem
from openpeel.framework.vocabulary import EvidenceKind

# Words that report what people said; matched as whole words, in any case.
REPORTED_SPEECH = re.compile(r"\b(?:say|says|saying|said|told us|tell us|respondents?)\b", re.IGNORECASE)
SPEECH_EVIDENCE = frozenset({EvidenceKind.SURVEY})
# The end of a sentence: a full stop, question or exclamation mark, then space or the end.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def sentences(text: str, placeholders: list[Placeholder]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; full stops inside placeholders (dotted ids) do not end one."""
    blanked = list(text)
    for p in placeholders:
        blanked[p.start : p.start + len(p.raw)] = "x" * len(p.raw)
    flat = "".join(blanked)
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(flat):
        spans.append((start, match.end()))
        start = match.end()
    if flat[start:].strip():
        spans.append((start, len(flat)))
    return spans


def reported_speech_problems(text: str, placeholders: list[Placeholder]) -> list[TextProblem]:
    """Placeholders citing other than survey evidence in a sentence that reports what people said."""
    problems = []
    for start, end in sentences(text, placeholders):
        inside = [p for p in placeholders if start <= p.start < end]
        outside = _without(text[start:end], [(p.start - start, len(p.raw)) for p in inside])
        said = REPORTED_SPEECH.search(outside)
        if said is None:
            continue
        for p in inside:
            if p.kind not in SPEECH_EVIDENCE:
                problems.append(
                    TextProblem(
                        p.start,
                        p.raw,
                        f"{p.raw} is {p.kind.value} evidence in a sentence that reports what people said "
                        f"({said.group(0)!r}); such a sentence may cite only survey evidence. Cite the survey "
                        "statement, or put the figure in a sentence of its own",
                    )
                )
    return problems


def figure_beside_numeral_problems(
    text: str, placeholders: list[Placeholder], numerals: tuple[str, ...]
) -> list[TextProblem]:
    """Placeholders followed or preceded directly by a number-like name such as '999' or '101'."""
    names = [n for n in numerals if any(ch.isdigit() for ch in n) and n.strip().isdigit()]
    if not names:
        return []
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    after = re.compile(rf"\s+(?:{pattern})\b")
    before = re.compile(rf"\b(?:{pattern})\s+$")
    problems = []
    for p in placeholders:
        end = p.start + len(p.raw)
        touching = after.match(text, end) or before.search(text[: p.start])
        if touching:
            problems.append(
                TextProblem(
                    p.start,
                    p.raw,
                    f"{p.raw} stands next to {touching.group(0).strip()!r}, so the two read as one number; put "
                    "words between them (write '178 emergency (999) calls per 1,000 people', not '178 999 calls')",
                )
            )
    return problems


def _without(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` with the given (offset, length) pieces blanked, so ids never match as words."""
    chars = list(text)
    for offset, length in cuts:
        chars[offset : offset + length] = " " * length
    return "".join(chars)
