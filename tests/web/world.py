"""A small store for the web tests, built once per test session.

Seven demo twins with per-force figures worked by hand:

- 999 calls answered within 10 seconds, for the rolling years ending each month from March 2024 to
  March 2025, out of 10,000 calls a year for every force. Northamptonshire (demo) answers 93.0% in
  the year ending March 2024 and one point less each month after, to 81.0% in the year ending
  March 2025; the others stay at 88.0, 89.0, 90.0, 91.0, 92.0 and 94.0%. Worked by hand:
  - the demo force falls short of the 90% standard in the year ending July 2024 (89.0%, from 90.0%);
  - while it is below 88%, the quartiles of the seven are 88.5 and 91.5 (IQR 3), so the lower fence
    is 84.0: at 84.0% (year ending December 2024) it is still within, at 83.0% (year ending January
    2025) it leaves the typical range, which is then 88.0% to 94.0%;
  - the year ending March 2025 (81.0%, 8,100 of 10,000) against the year before (93.0%) is a
    significant fall; no other year has its year before in the store.
- Breaches of domestic violence protection orders in the year ending March 2025: 3 for Kent
  (demo), below the disclosure threshold of 5, and 40 to 90 for the others.
- Searches of Black and White people in the year ending March 2025, with residents of each group:
  Northamptonshire (demo) 300 of 30,000 Black residents and 1,000 of 500,000 White (ratio 5.0, 95%
  log interval 4.40 to 5.69 by hand: 5 x exp(+-1.96 x sqrt(1/300 - 1/30,000 + 1/1,000 - 1/500,000)));
  Kent (demo) 3 of 20,000 and 800 of 400,000 (3 searches: withheld from the public); the others 100
  of 20,000 and 1,000 of 400,000 (ratio 2.0).
- The control room's missing-person reports for Northamptonshire (demo) and Kent (demo), for the
  worklist of reports never transferred; one reference starts with "=", as a formula would.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.store import Store

DEMO = "northamptonshire-demo"
OTHER = "kent-demo"
CALLS = 10_000
OTHERS_ANSWERED = {
    "kent-demo": 88.0,
    "essex-demo": 89.0,
    "norfolk-demo": 90.0,
    "suffolk-demo": 91.0,
    "surrey-demo": 92.0,
    "sussex-demo": 94.0,
}
BREACHES = {
    DEMO: 60,
    OTHER: 3,
    "essex-demo": 40,
    "norfolk-demo": 50,
    "suffolk-demo": 70,
    "surrey-demo": 80,
    "sussex-demo": 90,
}
SEARCHES = {DEMO: (300, 30_000, 1_000, 500_000), OTHER: (3, 20_000, 800, 400_000)}  # black, residents, white, residents
OTHER_SEARCHES = (100, 20_000, 1_000, 400_000)
YEARS = [Period.year_ending(2024, 3).shift(i) for i in range(13)]  # ye-2024-03 .. ye-2025-03


def demo_answered(period: Period) -> float:
    """93.0% in the year ending March 2024, one point less each month after."""
    return 93.0 - 1.0 * YEARS.index(period)


def build(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    figures = folder / "web-figures-synthetic.csv"
    with figures.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["force", "indicator", "component", "period_start", "period_end", "value", "publisher"])
        for p in YEARS:
            shares = {DEMO: demo_answered(p), **OTHERS_ANSWERED}
            for force, share in shares.items():
                span = (f"{p.start:%Y-%m}", f"{p.end:%Y-%m}")
                out.writerow(
                    [
                        force,
                        "calls.emergency_answered_10s_share",
                        "answered_10s",
                        *span,
                        round(CALLS * share / 100),
                        "test (synthetic)",
                    ]
                )
                out.writerow([force, "calls.emergency_answered_10s_share", "calls", *span, CALLS, "test (synthetic)"])
        for force in BREACHES:
            numbers = SEARCHES.get(force, OTHER_SEARCHES)
            for component, number in zip(
                ("searches_black", "residents_black", "searches_white", "residents_white"), numbers
            ):
                out.writerow(
                    [
                        force,
                        "stop_search.disproportionality_black_white",
                        component,
                        "2024-04",
                        "2025-03",
                        number,
                        "test (synthetic)",
                    ]
                )
        for force, breaches in BREACHES.items():
            out.writerow(
                [force, "safeguarding.dvpo_breaches", "breaches", "2024-04", "2025-03", breaches, "test (synthetic)"]
            )
    reports = folder / "missing_control_reports.csv"
    reports.write_text(
        "force,incident_ref,reported_at,age_group,returned_during_call\n"
        f"{DEMO},INC-20250301-0001,2025-03-01T10:00:00,child,false\n"
        f'{DEMO},=HYPERLINK("http://example.invalid"),2025-03-02T11:00:00,adult,false\n'
        f"{DEMO},INC-20250310-0003,2025-03-10T09:30:00,adult,true\n"
        f"{OTHER},INC-KENT-0001,2025-03-05T12:00:00,child,false\n",
        encoding="utf-8",
    )
    store = Store(folder / "web.duckdb")
    ingest([figures, reports], store)
    return store
