"""The calibrated demo force: synthetic extracts whose figures reproduce a published report.

``openpeel demo`` writes deterministic synthetic files for "Northamptonshire (demo)" (id
``northamptonshire-demo``) and per-force figures for the other forces' demo twins, then loads them
all into the store in one load. Every file name contains ``synthetic``; every synthetic force is
marked as such in every output.

Each module in :data:`GENERATORS` defines ``generate(ctx) -> list[Path]`` and contributes files;
they run in the listed order with their own random stream, so adding one never changes another's
data. A new generator is a module plus one line in the list.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from openpeel.ingest import IngestReport, ingest
from openpeel.store import Store

GENERATORS = (
    "twin_figures_powers_response",
    "twin_figures_outcomes",
    "ons_twins",
    "records_crimes",
    "records_custody_fraud",
    "records_investigation",
    "records_powers",
    "records_prevention",
    "records_response",
    "records_safeguarding",
    "records_workforce",
)
# modules with no generate(): calibration helpers, the evidence loader and the published results
NOT_GENERATORS = (
    "_calibration",
    "_counts",
    "_evidence",
    "_extracts",
    "_outcomes_calibration",
    "_spread",
    "_twins",
    "published",
)

DEMO_FORCE = "northamptonshire-demo"
PUBLISHER = "openpeel demo (synthetic)"


@dataclass
class DemoContext:
    out: Path
    seed: int = 2025

    def rng(self, stream: str) -> np.random.Generator:
        """A random generator of its own for each stream, fixed by the seed."""
        digest = hashlib.sha256(f"{self.seed}:{stream}".encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "little"))

    def path(self, name: str) -> Path:
        if "synthetic" not in name:
            raise ValueError(f"demo file {name!r} must say 'synthetic' in its name")
        self.out.mkdir(parents=True, exist_ok=True)
        return self.out / name


def generators():
    for name in GENERATORS:
        yield name, importlib.import_module(f"{__name__}.{name}").generate


def write(out: Path, seed: int = 2025) -> list[Path]:
    ctx = DemoContext(out=out, seed=seed)
    return [path for _, generate in generators() for path in generate(ctx)]


def build(store: Store, out: Path, seed: int = 2025) -> IngestReport:
    """Write the demo files to ``out`` and load them into ``store``, with the demo force's audit and survey evidence."""
    from openpeel.demo._evidence import write_and_load

    paths = write(out, seed)
    if not paths:
        raise RuntimeError("no demo generators are installed")
    report = ingest(paths, store)
    write_and_load(store, out, DEMO_FORCE, seed)
    return report
