"""The territorial police forces of England and Wales.

The registry is data (``data/forces.csv``), not code: one row per force with its data.police.uk
slug as id, its names and the other spellings publishers use. Publishers spell forces many ways
("Avon & Somerset", "Avon and Somerset Constabulary", "Metropolitan Police Service",
"London, City of"), so every reader resolves names through :func:`resolve`.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources

from openpeel.errors import OpenpeelError

CITY_OF_LONDON_WARNING = (
    "City of London has about 7,000 residents but hundreds of thousands of daily workers and "
    "visitors, so rates per resident overstate its activity many times over; compare it on "
    "counts or against a transient population, not on per-resident rates."
)


SYNTHETIC_WARNING = "Synthetic demonstration force: its figures are made up, calibrated to a published report."


class World(str, Enum):
    """Which forces may be compared with each other: real forces, or the demo's synthetic twins.

    A comparison (median, typical range, rank, England and Wales figure) only ever draws on the
    forces of one world, so made-up figures never sit beside real ones.
    """

    REAL = "real"
    SYNTHETIC = "synthetic"


class UnknownForce(OpenpeelError, LookupError):
    """A force name or id that matches no force in the registry."""


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    short_name: str
    region: str
    country: str
    ons_code: str | None
    aliases: tuple[str, ...] = ()
    synthetic: bool = False

    @property
    def world(self) -> World:
        return World.SYNTHETIC if self.synthetic else World.REAL

    @property
    def warnings(self) -> tuple[str, ...]:
        if self.synthetic:
            return (SYNTHETIC_WARNING,)
        return (CITY_OF_LONDON_WARNING,) if self.id == "city-of-london" else ()


_STOP_WORDS = {"police", "constabulary", "service", "force"}


def normalise(name: str) -> str:
    """Reduce a force name to a comparable key: lower case, '&' as 'and', no punctuation."""
    text = name.strip().lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in _STOP_WORDS]
    return " ".join(words)


DEMO_SUFFIX = "-demo"


@cache
def _registry() -> dict[str, Force]:
    text = resources.files("openpeel").joinpath("data/forces.csv").read_text(encoding="utf-8")
    forces = {}
    for row in csv.DictReader(text.splitlines()):
        force = Force(
            id=row["id"],
            name=row["name"],
            short_name=row["short_name"],
            region=row["region"],
            country=row["country"],
            ons_code=row["ons_code"] or None,
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            synthetic=row.get("synthetic", "").strip().lower() == "true",
        )
        forces[force.id] = force
        twin = demo_twin(force)
        forces[twin.id] = twin
    return forces


def demo_twin(force: Force) -> Force:
    """The synthetic counterpart of a real force, for the demo: 'Kent (demo)', id ``kent-demo``.

    The demo's world is made only of these twins, so synthetic figures never sit beside real ones
    in a comparison (see :func:`same_world`).
    """
    name = f"{force.short_name} (demo)"
    return Force(
        id=force.id + DEMO_SUFFIX,
        name=name,
        short_name=name,
        region=force.region,
        country=force.country,
        ons_code=None,
        aliases=(),
        synthetic=True,
    )


def same_world(a: str, b: str) -> bool:
    """Whether two forces may be compared: both real or both synthetic."""
    return world_of(a) == world_of(b)


def world_of(force_id: str) -> World:
    """The world a force id belongs to (an id not in the registry is judged by its suffix)."""
    force = _registry().get(force_id)
    synthetic = force.synthetic if force else force_id.endswith(DEMO_SUFFIX)
    return World.SYNTHETIC if synthetic else World.REAL


def as_world(world: World | str | None) -> World:
    """A world from a World, a force id (that force's world) or None (the real forces)."""
    if world is None:
        return World.REAL
    if isinstance(world, World):
        return world
    return World(world) if world in {w.value for w in World} else world_of(world)


def members(world: World) -> list[str]:
    """The ids of every force in a world, ordered."""
    return [f.id for f in all_forces(include_synthetic=True) if f.world is world]


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for force in _registry().values():
        for spelling in (force.id, force.name, force.short_name, force.ons_code or "", *force.aliases):
            if spelling:
                index[normalise(spelling)] = force.id
    return index


def all_forces(*, include_synthetic: bool = False) -> list[Force]:
    """Every force, ordered by id; synthetic (demo) forces only when asked for."""
    return sorted(
        (f for f in _registry().values() if include_synthetic or not f.synthetic),
        key=lambda f: f.id,
    )


def get(force_id: str) -> Force:
    """The force with this exact id; raises :class:`UnknownForce` naming close matches."""
    try:
        return _registry()[force_id]
    except KeyError:
        raise UnknownForce(_unknown_message(force_id)) from None


def lookup(text: str) -> Force:
    """A force by exact id, else by any publisher spelling of its name."""
    return _registry().get(text) or resolve(text)


def resolve(name: str) -> Force:
    """The force a publisher's spelling refers to, e.g. ``resolve("Avon & Somerset")``."""
    force_id = _index().get(normalise(name))
    if force_id is None:
        raise UnknownForce(_unknown_message(name))
    return _registry()[force_id]


def try_resolve(name: str) -> Force | None:
    force_id = _index().get(normalise(name))
    return _registry()[force_id] if force_id else None


def _unknown_message(name: str) -> str:
    close = difflib.get_close_matches(normalise(name), list(_index()), n=3, cutoff=0.6)
    hint = ", ".join(sorted({_index()[c] for c in close}))
    return f"unknown force {name!r}" + (f" (did you mean {hint}?)" if hint else "")
