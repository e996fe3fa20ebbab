"""The words around the findings: the explainer of the PEEL cycle and the glossary, with links.

Both come from ``data/reports/<framework>-text.yaml``. :meth:`Glossary.link` splits the plain text
of filled paragraphs so that the first use of each term in a section links to its entry; figures
(segments carrying a number) are never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from openpeel.errors import OpenpeelError
from openpeel.report.text import Paragraph, Segment


class GlossaryError(OpenpeelError, ValueError):
    """A report text file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    forms: tuple[str, ...]  # the term and its other forms, longest first

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


@dataclass(frozen=True)
class Glossary:
    explainer: tuple[str, ...]
    terms: tuple[Term, ...]

    @classmethod
    def empty(cls) -> Glossary:
        return cls((), ())

    def link(self, paragraph_list: list[Paragraph], seen: set[str]) -> list[Paragraph]:
        """The paragraphs with the first use of each term not in ``seen`` linked (``seen`` grows)."""
        if not self.terms:
            return paragraph_list
        pattern = self._pattern()
        out = []
        for paragraph in paragraph_list:
            linked: list[Segment] = []
            for seg in paragraph:
                linked += [seg] if seg.number or seg.missing or seg.term else self._split(seg.text, pattern, seen)
            out.append(linked)
        return out

    def _pattern(self) -> re.Pattern:
        forms = sorted({f for t in self.terms for f in t.forms}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.IGNORECASE)

    def _split(self, text: str, pattern: re.Pattern, seen: set[str]) -> list[Segment]:
        by_form = {f.lower(): t for t in self.terms for f in t.forms}
        pieces, cursor = [], 0
        for match in pattern.finditer(text):
            term = by_form[match.group(0).lower()]
            if term.anchor in seen:
                continue
            seen.add(term.anchor)
            if match.start() > cursor:
                pieces.append(Segment(text[cursor : match.start()]))
            pieces.append(Segment(match.group(0), term=term.anchor))
            cursor = match.end()
        if cursor < len(text):
            pieces.append(Segment(text[cursor:]))
        return pieces


def text_path(framework_id: str) -> Path:
    return Path(str(resources.files("openpeel").joinpath(f"data/reports/{framework_id}-text.yaml")))


def load_glossary(framework_id: str, path: Path | None = None) -> Glossary:
    """The explainer and glossary of a framework's reports; empty when it has no text file."""
    path = path or text_path(framework_id)
    if not path.exists():
        return Glossary.empty()
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict) or set(document) - {"explainer", "glossary"}:
        raise GlossaryError(f"{path}: expected only 'explainer' and 'glossary'")
    explainer = tuple(" ".join(str(p).split()) for p in document.get("explainer") or ())
    terms = []
    for n, entry in enumerate(document.get("glossary") or (), start=1):
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            raise GlossaryError(f"{path}: glossary entry {n} needs a term and a definition")
        unknown = set(entry) - {"term", "also", "definition"}
        if unknown:
            raise GlossaryError(
                f"{path}: glossary entry {entry['term']!r}: unknown field(s) {', '.join(sorted(unknown))}"
            )
        forms = (str(entry["term"]), *(str(a) for a in entry.get("also") or ()))
        terms.append(
            Term(
                str(entry["term"]),
                " ".join(str(entry["definition"]).split()),
                tuple(sorted(forms, key=len, reverse=True)),
            )
        )
    anchors = [t.anchor for t in terms]
    if len(set(anchors)) != len(anchors):
        raise GlossaryError(f"{path}: a term is listed twice")
    return Glossary(explainer, tuple(sorted(terms, key=lambda t: t.term.lower())))


__all__ = ["Glossary", "GlossaryError", "Term", "load_glossary"]
