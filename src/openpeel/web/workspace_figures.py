"""Figures for the inspection workspace, from the library: audit results with their intervals, the
values a placeholder would show, and finding text with its figures filled as the report fills them.

Audit results of cases entered in the browser are counted by SQLite over the stored answers
(:meth:`Workspace.tallies`) and made into :class:`EvidenceResult` s, so their intervals come from
``EvidenceResult.estimate`` with the method and level the question set declares, exactly as the
report prints them. Placeholders are filled by :mod:`openpeel.report.text` over
:class:`openpeel.report.evidence_values.Figures`, so the preview reads as the report will.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpeel import formatting as fmt
from openpeel.areas import Area
from openpeel.evidence import EvidenceResult, load_question_set, results_for
from openpeel.evidence.questions import QuestionSet
from openpeel.framework import ASPECTS, EvidenceKind, EvidenceRef, Finding, FindingKind, scan
from openpeel.indicators import catalogue
from openpeel.periods import Period
from openpeel.report.evidence_values import EvidenceSnapshot, Figures
from openpeel.report.numbers import NumberRegister
from openpeel.report.text import Resolver, paragraphs
from openpeel.store import Store


@dataclass(frozen=True)
class Tally:
    audit: str
    question_id: str
    yes: int
    of: int
    excluded: int
    first: str | None  # first and last case date, ISO
    last: str | None


def audit_results(tallies: list[Tally], force_id: str, question_set: QuestionSet | None = None) -> list[EvidenceResult]:
    """The cases entered in the browser as evidence results, one per question answered."""
    question_set = question_set or load_question_set()
    out = []
    for t in tallies:
        question = question_set.question(t.question_id)
        span = None
        if t.first and t.last:
            first, last = date.fromisoformat(t.first), date.fromisoformat(t.last)
            span = Period(date(first.year, first.month, 1), date(last.year, last.month, 1))
        code = span.code() if span else "none"
        out.append(
            EvidenceResult(
                evidence_id=f"audit/{force_id}/{question_set.id}/{t.question_id}/{code}",
                kind="audit",
                force_id=force_id,
                area=question.area,
                source=t.audit,
                item=t.question_id,
                text=question.text,
                yes=t.yes,
                of=t.of,
                excluded=t.excluded,
                period=span,
            )
        )
    return out


def interval_text(result: EvidenceResult, question_set: QuestionSet | None = None) -> str | None:
    """'62.5% (+/- 33.5 percentage points; 5 of 8 cases reviewed)', with the method the set declares."""
    if not result.of:
        return None
    question_set = question_set or load_question_set()
    chosen = question_set.interval_for(result.item, result.period)
    estimate = result.estimate(level=chosen.level, method=chosen.method)
    return f"{fmt.estimate(estimate, sample=f'{result.result} cases reviewed')} ({estimate.settings()})"


def evidence_snapshot(
    store: Store, force_id: str, entered: list[EvidenceResult], periods: set[Period | None] = frozenset()
) -> EvidenceSnapshot:
    """The store's audit and survey results for the force, with the results entered in the browser
    in place of the store's for the items they answer (a period other than the whole review reads
    the store alone)."""
    results = {}
    for period in {None, *periods}:
        stored = results_for(store, force_id, period=period) if store.path.exists() else []
        if period is None:
            items = {(r.kind, r.item) for r in entered}
            stored = [r for r in stored if (r.kind, r.item) not in items] + list(entered)
        results[period] = stored
    return EvidenceSnapshot(results, {})


def figures(
    assessor, store: Store, force_id: str, entered: list[EvidenceResult], periods: set[Period | None] = frozenset()
) -> Figures:
    register = NumberRegister(store) if store.path.exists() else _EmptyRegister()
    return Figures(assessor, evidence_snapshot(store, force_id, entered, periods), force_id, register)


def judgements(inspection, framework, figs: Figures):
    """Each area's proposed grade with its reasons beside the recorded one, from the facts the
    findings cite (:mod:`openpeel.framework.evidence_facts`), audit results entered here included."""
    from openpeel.framework import judge
    from openpeel.framework.evidence_facts import facts_for

    def evidence(ref: EvidenceRef):
        return figs.evidence.result(ref.kind, ref.id, ref.period)

    def indicator(indicator_id: str, period: Period | None):
        return figs.result(indicator_id, period)

    return judge(inspection, framework, facts=facts_for(inspection, indicator, evidence))


class _EmptyRegister(NumberRegister):
    def __init__(self):  # no store yet: no file names to look up
        self._files = {}
        self._numbers = {}


def fill(text: str, area: str, figs: Figures) -> tuple[str, list[str]]:
    """The text as the report will print it, and the notes on its intervals."""
    placeholders, _ = scan(" ".join(text.split()))
    refs = tuple(dict.fromkeys(EvidenceRef(p.kind, p.id, p.period) for p in placeholders))
    try:
        where = Area(area)
    except ValueError:
        where = next(iter(Area))
    finding = Finding("preview", FindingKind.MAIN_FINDING, where, "preview", text, evidence=refs)
    resolver = Resolver(figs, [finding], "preview")
    paras = paragraphs(text, resolver)
    return paras, resolver.notes


@dataclass(frozen=True)
class Choice:
    placeholder: str  # what is inserted into the text
    kind: str
    id: str
    title: str
    shown: str  # the value as the report would show it


def choices(figs: Figures, query: str, *, limit: int = 25) -> tuple[list[Choice], int]:
    """Placeholders whose id or title contain every word of ``query``, each with its value."""
    words = query.lower().split()
    found = []
    for ind in catalogue.all_indicators():
        found.append((EvidenceKind.INDICATOR, ind.id, ind.title))
    question_set = load_question_set()
    for q in question_set.questions:
        found.append((EvidenceKind.AUDIT, q.id, q.text))
    for r in figs.evidence.results.get(None, ()):
        if r.kind == "survey":
            found.append((EvidenceKind.SURVEY, r.item, r.text))
    found = list(dict.fromkeys(found))
    matching = [f for f in found if all(w in f"{f[1]} {f[2]}".lower() for w in words)]
    out = []
    for kind, item, title in matching[:limit]:
        aspect = next(iter(ASPECTS[kind]))
        shown = figs.show(EvidenceRef(kind, item), aspect, "placeholder list")
        out.append(
            Choice(
                f"{{{kind.value}:{item}}}",
                kind.value,
                item,
                title,
                shown.text if shown.text else f"no value ({shown.missing})",
            )
        )
    return out, len(matching)
