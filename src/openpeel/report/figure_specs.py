"""Which figures a report has, read from ``data/reports/<framework>.yaml``.

The figures are data so that a new framework year, or a new figure, is a change to a file and not
to templates or code. The format is described at the top of the shipped file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import model_validator

from openpeel.areas import Area
from openpeel.periods import Period
from openpeel.yamlfile import FileError, NonBlank, PeriodValue, Problems, Section, Text, number, read, validate

KINDS = ("columns", "stacked_columns", "target_columns", "trend", "table", "change_table", "intervals")
REFERENCES = ("range", "standard")


class FigureSpecError(FileError):
    """A figures file that cannot be used; each problem names the file and line."""


# ---- the file's structure --------------------------------------------------------------------


class TableRowEntry(Section):
    what: ClassVar[str] = "table row"
    indicator: NonBlank
    label: NonBlank
    indent: number(minimum=0, maximum=3, whole=True) = 0


class FigureEntry(Section):
    what: ClassVar[str] = "figure"
    id: NonBlank
    area: Area
    kind: Literal[KINDS]  # type: ignore[valid-type]
    indicators: list[NonBlank] = []
    labels: list[NonBlank] = []
    title: Text | None = None
    period: PeriodValue | None = None
    reference: Literal[REFERENCES] = "range"  # type: ignore[valid-type]
    total: NonBlank | None = None
    gap: NonBlank | None = None
    points: number(minimum=2, maximum=40, whole=True) = 8  # up to ten years of quarters
    rows: list[TableRowEntry] = []
    row_header: NonBlank = "Measure"
    note: Text | None = None
    select: NonBlank | None = None  # a table of every catalogue indicator whose id starts with this
    empty: Text | None = None  # what the report says when the figure has no data ('{force}' filled)
    years_before: number(minimum=1, maximum=10, whole=True) = 1
    heading: Text | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> FigureEntry:
        wanted = {"columns": 1, "trend": 1, "target_columns": 2, "intervals": 1}.get(self.kind)
        if self.kind in ("table", "change_table") and not self.rows and not self.select:
            raise ValueError(f"a {self.kind.replace('_', ' ')} needs rows (or select)")
        if wanted and len(self.indicators) != wanted:
            raise ValueError(f"a {self.kind} figure draws {wanted} indicator(s), not {len(self.indicators)}")
        if self.kind == "stacked_columns" and len(self.indicators) != 2:
            raise ValueError(
                "a stacked figure draws two indicators (no third colour keeps 3:1 contrast with both others)"
            )
        if self.labels and len(self.labels) != len(self.indicators):
            raise ValueError("give one label per indicator")
        return self


class FiguresFile(Section):
    what: ClassVar[str] = "figures file"
    figures: list[FigureEntry]


# ---- what it gives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRowSpec:
    indicator: str
    label: str
    indent: int = 0


@dataclass(frozen=True)
class FigureSpec:
    id: str
    area: Area
    kind: str
    indicators: tuple[str, ...]
    labels: tuple[str, ...] = ()
    title: str | None = None
    period: Period | None = None
    reference: str = "range"
    total: str | None = None
    gap: str | None = None
    points: int = 8  # a trend's rolling years, one per quarter
    rows: tuple[TableRowSpec, ...] = ()
    row_header: str = "Measure"  # a table's first column heading
    note: str | None = None
    select: str | None = None  # a table of every catalogue indicator whose id starts with this
    empty: str | None = None  # what the report says when the figure has no data ('{force}' filled)
    years_before: int = 1  # a change table's earlier period: this many years before its period
    heading: str | None = None  # the subsection a figure placed at the end of its area goes under

    @property
    def all_indicators(self) -> tuple[str, ...]:
        """Every indicator the figure draws or quotes, in order."""
        extra = tuple(i for i in (self.total, self.gap) if i)
        return self.indicators + tuple(r.indicator for r in self.rows) + extra


def figures_path(framework_id: str) -> Path:
    return Path(str(resources.files("openpeel").joinpath(f"data/reports/{framework_id}.yaml")))


def load_figure_specs(framework_id: str, path: Path | None = None) -> list[FigureSpec]:
    """The figures declared for a framework; none when the framework has no figures file."""
    path = path or figures_path(framework_id)
    if not path.exists():
        return []
    problems = Problems(path)
    document = read(path, problems)
    model = validate(document, FiguresFile, problems) if document is not None else None
    specs = []
    if model is not None:
        seen: dict[str, int] = {}
        for index, entry in enumerate(model.figures):
            line = document.line(("figures", index, "id"))
            if entry.id in seen:
                problems.add(line, f"figure {entry.id!r} is declared twice (first on line {seen[entry.id]})")
            seen.setdefault(entry.id, line)
            specs.append(_spec(entry))
    problems.raise_if_any(FigureSpecError)
    return specs


def _spec(entry: FigureEntry) -> FigureSpec:
    return FigureSpec(
        id=entry.id,
        area=entry.area,
        kind=entry.kind,
        indicators=tuple(entry.indicators),
        labels=tuple(entry.labels),
        title=entry.title,
        period=entry.period,
        reference=entry.reference,
        total=entry.total,
        gap=entry.gap,
        points=entry.points,
        rows=tuple(TableRowSpec(r.indicator, r.label, r.indent) for r in entry.rows),
        row_header=entry.row_header,
        note=" ".join(entry.note.split()) if entry.note else None,
        select=entry.select,
        empty=" ".join(entry.empty.split()) if entry.empty else None,
        years_before=entry.years_before,
        heading=entry.heading,
    )
