"""The register of every number the report shows: the HTML appendix "Where the numbers come from"
and the downloads ``numbers.csv`` and ``numbers.ods``.

Text, figure descriptions, figure data tables and indicator tables all put their numbers through
:meth:`NumberRegister.add`, which records what the number is, its kind (the force's own records,
national data, an audit or a survey), the evidence it comes from (an indicator id or an evidence
id, for the downloads only), its period, the sample behind an audit or survey result, the value
exactly as shown and the files it was computed from. The same number shown in several places is
one entry listing every place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.store import Store

SHOWN_FILES = 4  # files listed per number before the rest are counted


@dataclass
class Number:
    ref: int
    shown: str
    what: str
    kind: str  # records, national data, audit, survey (openpeel.report.evidence_values)
    evidence: str  # the indicator id, or the evidence id of an audit or survey result
    period: str
    files: tuple[str, ...]
    places: list[str] = field(default_factory=list)
    sample: str = ""  # cases reviewed or respondents, for audit and survey results

    @property
    def anchor(self) -> str:
        return f"number-{self.ref}"

    @property
    def files_shown(self) -> str:
        if not self.files:
            return "no file recorded"
        head = ", ".join(self.files[:SHOWN_FILES])
        rest = len(self.files) - SHOWN_FILES
        return head + (f" and {rest} more" if rest > 0 else "")


class NumberRegister:
    def __init__(self, store: Store):
        # source key -> the file it was loaded from, as the store's load log records it
        self._files = {row["source_key"]: Path(row["path"]).name for row in store.loads()}
        self._numbers: dict[tuple, Number] = {}

    def file_names(self, source_keys: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({self._files.get(key, key) for key in source_keys}))

    def add(
        self,
        *,
        shown: str,
        what: str,
        kind: str,
        evidence: str,
        period: str,
        place: str,
        source_keys: Iterable[str] = (),
        files: Iterable[str] = (),
        sample: str = "",
    ) -> Number:
        key = (kind, evidence, period, what, shown)
        number = self._numbers.get(key)
        if number is None:
            names = tuple(sorted({*self.file_names(source_keys), *files}))
            number = Number(len(self._numbers) + 1, shown, what, kind, evidence, period, names, sample=sample)
            self._numbers[key] = number
        if place not in number.places:
            number.places.append(place)
        return number

    def as_printed(self, number: Number, shown: str, place: str) -> Number:
        """The same figure printed another way (without its unit, where the prose names it)."""
        if shown == number.shown:
            return number
        return self.add(
            shown=shown,
            what=number.what,
            kind=number.kind,
            evidence=number.evidence,
            period=number.period,
            place=place,
            files=number.files,
            sample=number.sample,
        )

    def numbers(self) -> list[Number]:
        return sorted(self._numbers.values(), key=lambda n: n.ref)

    def __len__(self) -> int:
        return len(self._numbers)
