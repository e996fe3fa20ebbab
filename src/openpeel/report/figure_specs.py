"""Which figures a report has, read from ``data/reports/<framework>.yaml``.

The figures are data so that a new framework year, or a new figure, is a change to a file and not
to templates or code. The format is described at the top of the shipped file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from openpeel.areas import Area
from openpeel.errors import OpenpeelError
from openpeel.periods import Period, PeriodError

KINDS = ("columns", "stacked_columns", "target_columns", "trend", "table", "intervals")
REFERENCES = ("range", "standard")
_KEYS = {"id", "area", "kind", "indicators", "labels", "title", "period", "reference", "total", "gap",
         "points", "rows", "row_header", "note"}


class FigureSpecError(OpenpeelError, ValueError):
    """A figures file that cannot be used; the message names the file and the figure."""


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
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = document.get("figures")
    if not isinstance(items, list):
        raise FigureSpecError(f"{path}: expected a list under 'figures'")
    specs = [_spec(item, path, n) for n, item in enumerate(items, start=1)]
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise FigureSpecError(f"{path}: figure {spec.id!r} is declared twice")
        seen.add(spec.id)
    return specs


def _spec(item, path: Path, n: int) -> FigureSpec:
    where = f"{path}: figure {n}"
    if not isinstance(item, dict) or "id" not in item:
        raise FigureSpecError(f"{where} must be a mapping with an id")
    where = f"{path}: figure {item['id']!r}"
    unknown = set(item) - _KEYS
    if unknown:
        raise FigureSpecError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    try:
        area = Area(item.get("area"))
    except ValueError:
        raise FigureSpecError(f"{where}: unknown area {item.get('area')!r}") from None
    kind = item.get("kind")
    if kind not in KINDS:
        raise FigureSpecError(f"{where}: kind must be one of {', '.join(KINDS)}")
    rows = tuple(TableRowSpec(r["indicator"], r["label"], int(r.get("indent", 0))) for r in item.get("rows", []))
    indicators = tuple(item.get("indicators", ()))
    wanted = {"columns": 1, "trend": 1, "target_columns": 2, "intervals": 1}.get(kind)
    if kind == "table" and not rows:
        raise FigureSpecError(f"{where}: a table needs rows")
    if wanted and len(indicators) != wanted:
        raise FigureSpecError(f"{where}: a {kind} figure draws {wanted} indicator(s), not {len(indicators)}")
    if kind == "stacked_columns" and len(indicators) < 2:
        raise FigureSpecError(f"{where}: a stacked figure needs at least two indicators")
    labels = tuple(item.get("labels", ()))
    if labels and len(labels) != len(indicators):
        raise FigureSpecError(f"{where}: give one label per indicator")
    reference = item.get("reference", "range")
    if reference not in REFERENCES:
        raise FigureSpecError(f"{where}: reference must be range or standard")
    period = None
    if item.get("period") is not None:
        try:
            period = Period.parse(str(item["period"]))
        except PeriodError as exc:
            raise FigureSpecError(f"{where}: {exc}") from None
    note = " ".join(str(item["note"]).split()) if item.get("note") else None
    return FigureSpec(id=str(item["id"]), area=area, kind=kind, indicators=indicators, labels=labels,
                      title=item.get("title"), period=period, reference=reference, total=item.get("total"),
                      gap=item.get("gap"), points=int(item.get("points", 8)),
                      rows=rows, row_header=str(item.get("row_header", "Measure")), note=note)
