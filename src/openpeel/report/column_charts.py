"""Column charts: a force among all forces, two measures stacked, and a measure against a standard."""

from __future__ import annotations

import pandas as pd

from openpeel import formatting as fmt
from openpeel.compare import ratios
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report.evidence_values import NATIONAL, indicator_or_none
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.figures import (
    AXIS_TITLES,
    Figure,
    FigureBuilder,
    NoData,
    and_list,
    forces_phrase,
    label,
    lower_first,
)
from openpeel.report.tables import DataTable


def columns(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    ind, r, period = b.result(spec.indicators[0], period)
    values = b.world(ind, period)
    order = sorted(values, key=lambda f: (-values[f], b.name(f)))
    value = b.show(ind, period, "value", number)
    lines: list[charts.Line] = []
    standing = b.standing(ind, period, number)
    if spec.reference == "standard":
        if ind.standard is None:
            raise NoData(f"{ind.title} has no published standard to draw")
        standard = fmt.value(ind, ind.standard)
        b.figures.register.add(
            shown=standard,
            what=f"{ind.title}: standard",
            kind=NATIONAL,
            evidence=ind.id,
            period="",
            place=f"Figure {number}",
        )
        below = r.comparison.below(ind.standard)
        below_text = f"{below} of the {r.comparison.forces_compared} forces compared"
        b.figures.register.add(
            shown=below_text,
            what=f"{ind.title}: forces below the standard",
            kind=NATIONAL,
            evidence=ind.id,
            period=period.label(),
            place=f"Figure {number}",
            source_keys=b.figures.compared_keys(ind, period),
        )
        side = "above" if r.value.value > ind.standard else "below" if r.value.value < ind.standard else "at"
        lines.append(charts.Line(ind.standard, f"Standard {standard}", dashed=False))
        description = (
            f"A bar for each of {forces_phrase(len(values))} shows {lower_first(ind.title)} in "
            f"{period.label()}, highest first. {b.force.short_name}'s figure was {value}, {side} "
            f"the standard of {standard}, drawn as a solid line{standing}. {below_text} "
            f"{'was' if below == 1 else 'were'} below the standard."
        )
        caption_extra = f" The standard is {standard}; {below_text} {'was' if below == 1 else 'were'} below it."
    else:
        median = b.show(ind, period, "median", number)
        lines.append(charts.Line(r.comparison.median, f"Median {median}", dashed=False))
        description = (
            f"A bar for each of {forces_phrase(len(values))} shows {lower_first(ind.title)} in "
            f"{period.label()}, highest first. {b.force.short_name}'s figure was {value}"
        )
        caption_extra = f" The median of forces is {median}."
        span = b.optional(ind, period, "typical_range", number)
        if span is not None:
            position = b.show(ind, period, "position", number)
            lines += [
                charts.Line(max(r.comparison.typical_low, 0), "Typical range", dashed=True),
                charts.Line(r.comparison.typical_high, "", dashed=True),
            ]
            description += (
                f", {position} the typical range of forces{standing}. The typical range, between "
                f"the dashed lines, runs from {span}; the median, the solid line, is {median}."
            )
            caption_extra += f" The typical range is {span}."
        else:
            description += f"{standing}; the median of forces, the solid line, is {median}."
    frame = pd.DataFrame([{"label": b.name(f), "value": values[f], "highlight": f == b.force.id} for f in order])
    title = b.title(spec, period)
    svg = b.draw(
        charts.bars(frame, x_title=AXIS_TITLES[ind.unit], highlighted=label(b.force), lines=lines),
        title,
        description,
    )
    table = DataTable(
        f"Data for figure {number}: {title}.{caption_extra}",
        ["Force", ind.title],
        b.rows(order, [(ind, values)], period, number),
    )
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source([(ind, period)]),
        table,
        svg,
        b.notes(spec, [ind], values, r),
    )


def stacked_columns(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    first, r, period = b.result(spec.indicators[0], period)
    inds = [first] + [b.result(i, period)[0] for i in spec.indicators[1:]]
    labels = list(spec.labels) or [i.title for i in inds]
    worlds = [b.world(i, period) for i in inds]
    shared = set.intersection(*(set(w) for w in worlds))
    total_ind = indicator_or_none(spec.total) if spec.total else None
    total_world = b.world(total_ind, period) if total_ind else {}
    # sort by the total the declaration names (else the first part), the same in chart and table
    key = total_world if total_ind and shared <= set(total_world) else worlds[0]
    order = sorted(shared, key=lambda f: (-key[f], b.name(f)))
    parts = [f"{name.lower()} {b.show(i, period, 'value', number)}" for name, i in zip(labels, inds)]
    description = (
        f"Stacked bars show {and_list(lab.lower() for lab in labels)} for each of "
        f"{forces_phrase(len(shared))} with every part, in {period.label()}, highest "
        f"{'total' if key is total_world else lower_first(labels[0])} first. In {b.force.short_name}: "
        f"{and_list(parts)}"
    )
    if total_ind:
        total = b.figures.indicator(total_ind.id, period, "value", f"Figure {number}")
        if not total.missing:
            description += f", {total.text} in all{b.standing(total_ind, period, number)}"
    description += "."
    frame = pd.DataFrame(
        [
            {"label": b.name(f), "series": name, "value": w[f], "highlight": f == b.force.id}
            for f in order
            for name, w in zip(labels, worlds)
        ]
    )
    title = b.title(spec, period)
    svg = b.draw(
        charts.stacked(
            frame,
            series=labels,
            x_title=AXIS_TITLES[first.unit],
            highlighted=label(b.force),
            order=[b.name(f) for f in order],
        ),
        title,
        description,
    )
    columns = list(zip(inds, worlds))
    headings = ["Force", *labels]
    if key is total_world:
        columns.append((total_ind, total_world))
        headings.append(total_ind.title)
    table = DataTable(f"Data for figure {number}: {title}", headings, b.rows(order, columns, period, number))
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source([(i, period) for i in inds]),
        table,
        svg,
        b.notes(spec, inds, shared, r),
    )


def target_columns(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    """The first indicator as a percentage of the second (recorded of expected), per force: forces
    differ in size, so their counts are not drawn side by side."""
    bar_ind, r, period = b.result(spec.indicators[0], period)
    target_ind, _, _ = b.result(spec.indicators[1], period)
    share = ratios(b.figures.comparison(bar_ind, period), b.figures.comparison(target_ind, period))
    if b.force.id not in share:
        raise NoData(
            f"{b.force.short_name} is not compared with other forces on both "
            f"{lower_first(bar_ind.title)} and {lower_first(target_ind.title)} in {period.label()}"
        )
    bars, targets = b.world(bar_ind, period), b.world(target_ind, period)
    order = sorted(share, key=lambda f: (-share[f], b.name(f)))
    bar_label, target_label = spec.labels or (bar_ind.title, target_ind.title)
    place = f"Figure {number}"
    shown_share = {}
    for f in order:
        text = fmt.percent(share[f])
        shown_share[f] = text
        b.figures.register.add(
            shown=text,
            what=f"{bar_label} as a percentage of {target_label.lower()}: {b.name(f)}",
            kind=b.figures.kind_of(bar_ind, period, f),
            evidence=f"{bar_ind.id} / {target_ind.id}",
            period=period.label(),
            place=place,
            source_keys=[
                *b.figures.force_keys(bar_ind, period, f),
                *b.figures.force_keys(target_ind, period, f),
            ],
        )
    recorded = b.show(bar_ind, period, "value", number)
    expected = b.show(target_ind, period, "value", number)
    mine = shown_share[b.force.id]
    description = (
        f"A bar for each of {forces_phrase(len(order))} shows {lower_first(bar_label)} as a percentage of "
        f"{lower_first(target_label)} in {period.label()}, highest first; the solid line at 100% marks "
        f"as many recorded as expected. {b.force.short_name}: {recorded} ({lower_first(bar_label)}) "
        f"against {expected} expected: {mine}"
    )
    if spec.gap and indicator_or_none(spec.gap):
        gap = b.figures.indicator(spec.gap, period, "value", place)
        if not gap.missing:
            description += f"; a gap of {gap.text}"
    description += "."
    frame = pd.DataFrame([{"label": b.name(f), "value": 100 * share[f], "highlight": f == b.force.id} for f in order])
    title = b.title(spec, period)
    chart = charts.bars(
        frame,
        x_title=f"{bar_label} as a percentage of {target_label.lower()}",
        highlighted=label(b.force),
        lines=[charts.Line(100.0, "100%: as expected", False)],
    )
    svg = b.draw(chart, title, description)
    rows = b.rows(
        order, [(bar_ind, bars), (target_ind, targets)], period, number, extra={f: [shown_share[f]] for f in order}
    )
    table = DataTable(
        f"Data for figure {number}: {title}",
        ["Force", bar_label, target_label, f"{bar_label} as a percentage of {target_label.lower()}"],
        rows,
    )
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source([(bar_ind, period), (target_ind, period)]),
        table,
        svg,
        b.notes(spec, [bar_ind, target_ind], order, r),
    )
