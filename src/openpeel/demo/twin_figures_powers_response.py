"""Per-force figures for the demo world (synthetic): the other 42 twins' figures for every Force
records I measure, and the demo force's own figures for years before its extracts begin.

The twins' values are placed (see _spread) so that, with the demo force's values from its extracts,
the national comparison matches the seed report:

- antisocial behaviour per 1,000: median 13.6, typical range 7.0 to 22.4; the demo force's personal
  share within the range, environmental above it, nuisance below it; orders per 1,000 below it;
- 15 forces below the 90% standard for answering 999 calls within 10 seconds;
- England and Wales: Black people 3.7 times as likely as White people to be stopped and searched and
  3.0 times to have force used on them; self-defined ethnicity unknown for 18% of searches; searches
  down 1.3% on the year before.

Everything else is plausible rather than published. Every row names the publisher
"openpeel demo (synthetic)".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from openpeel import forces
from openpeel.demo import DEMO_FORCE, PUBLISHER, DemoContext
from openpeel.demo import records_powers as powers
from openpeel.demo._spread import assign, jitter, spread, uniform
from openpeel.demo._twins import others, population, residents
from openpeel.periods import Period
from openpeel.reference import mid_year_for

E_AND_W = {"ss_black_white": 3.7, "uof_black_white": 3.0, "sde_unknown": 0.18, "searches_change": -0.013}
FILE = "synthetic-per-force-figures-records-i.csv"


def generate(ctx: DemoContext) -> list[Path]:
    rows = pd.concat(
        [
            *_stop_search(),
            *_use_of_force(),
            *_calls(),
            *_response(),
            *_antisocial_behaviour(),
            *_neighbourhood(),
            *_demo_force_earlier_years(),
        ],
        ignore_index=True,
    )
    path = ctx.path(FILE)
    rows["force"] = rows.pop("force_id").map({f.id: f.name for f in forces.all_forces(include_synthetic=True)})
    is_whole = np.isclose(rows.value, np.round(rows.value))
    rows["value"] = np.where(
        is_whole, np.char.mod("%d", np.round(rows.value).astype("int64")), np.char.mod("%.4f", rows.value.to_numpy())
    )
    rows["publisher"] = PUBLISHER
    rows[["force", "indicator", "component", "period_start", "period_end", "value", "publisher"]].to_csv(
        path, index=False
    )
    return [path]


def _rows(indicator: str, period: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Long per-force figure rows for one indicator and period from one column per component."""
    p = Period.parse(period)
    long = frame.rename_axis("force_id").reset_index().melt("force_id", var_name="component", value_name="value")
    return long.assign(indicator=indicator, period_start=f"{p.start:%Y-%m}", period_end=f"{p.end:%Y-%m}")


def _pop(period: str) -> pd.Series:
    return population().loc[others(), mid_year_for(Period.parse(period))].astype(float)


def _count(values) -> pd.Series:
    return np.round(values).astype("int64")


def _census(group: str) -> pd.Series:
    return residents(group).loc[others()].astype(float)


# -- stop and search ----------------------------------------------------------------------------

SS_NOW, SS_BEFORE = "ye-2025-03", "ye-2024-03"


def _stop_search() -> list[pd.DataFrame]:
    out = []
    rate = spread("ss.rate", 4.49, low=1.6, median=5.4, high=11.2, leaders=_most_black_residents())
    searches = {SS_NOW: _count(rate * _pop(SS_NOW) / 1000)}
    searches[SS_BEFORE] = _searches_before(searches[SS_NOW])
    for period, n in searches.items():
        out.append(_rows("stop_search.searches", period, pd.DataFrame({"searches": n})))
        out.append(
            _rows("stop_search.rate_per_1000", period, pd.DataFrame({"searches": n, "population": _pop(period)}))
        )
    linked_rate = spread("ss.linked", 26.19, low=13.5, median=24.0, high=37.5)
    unlinked_rate = spread("ss.unlinked", 6.0, low=2.5, median=6.8, high=11.0)
    for period, n in searches.items():
        before = period == SS_BEFORE
        known = _count(n * uniform(f"ss.known.{period}", 0.92, 0.99))
        linked = _count(known * (jitter("ss.linked.before", linked_rate, 0.08) if before else linked_rate) / 100)
        unlinked = _count(known * (jitter("ss.unlinked.before", unlinked_rate, 0.1) if before else unlinked_rate) / 100)
        finds = pd.DataFrame(
            {"linked_finds": linked, "unlinked_finds": unlinked, "finds": linked + unlinked, "find_known": known}
        )
        out.append(_rows("stop_search.find_rate", period, finds[["finds", "find_known"]]))
        out.append(_rows("stop_search.linked_find_rate", period, finds[["linked_finds", "find_known"]]))
        out.append(_rows("stop_search.unlinked_find_rate", period, finds[["unlinked_finds", "find_known"]]))
        unknown = _unknown_ethnicity(period, n)
        out.append(
            _rows("stop_search.sde_unknown_share", period, pd.DataFrame({"sde_unknown": unknown, "searches": n}))
        )
        out.append(
            _rows("stop_search.disproportionality_black_white", period, _searches_by_ethnicity(period, n - unknown))
        )
    return out


def _searches_before(now: pd.Series) -> pd.Series:
    """The year before: each twin's own change, then the largest twin set so that England and Wales
    searches, with the demo force's, fell by 1.3%."""
    demo_now = powers.SEARCH_WINDOWS["2024-04:2025-03"]["searches"]
    demo_before = powers.SEARCH_WINDOWS["2023-04:2024-03"]["searches"]
    before = _count(now / (1 + uniform("ss.change", -0.18, 0.15)))
    total_before = (now.sum() + demo_now) / (1 + E_AND_W["searches_change"])
    before[now.idxmax()] += int(round(total_before - demo_before - before.sum()))
    return before


def _unknown_ethnicity(period: str, searches: pd.Series) -> pd.Series:
    """Unknown self-defined ethnicity: shares spread over twins, scaled so that England and Wales
    (the twins hold nearly all its searches) comes to 18%."""
    share = spread(f"ss.sde.{period}", 11.4, low=1.5, median=14.0, high=42.0) / 100
    raw = searches * share
    return _count(raw * E_AND_W["sde_unknown"] * searches.sum() / raw.sum())


def _group_weights(black_ratio: float) -> pd.Series:
    """Each twin's White searches as a share of searches with known ethnicity, at a nominal ratio."""
    white = _census("white")
    others_ = _census("asian") + _census("mixed") + _census("other")
    return white / (white + black_ratio * _census("black") + 1.4 * others_)


def _black_white_counts(
    white: pd.Series, ratio: pd.Series, target: float | None, demo_black: int = 0, demo_white: int = 0
) -> pd.Series:
    """Black counts giving each twin its ratio; for a ``target``, every twin's ratio is scaled by one
    factor so that England and Wales, with the demo force's counts, comes to it."""
    black = ratio * white * _census("black") / _census("white")
    if target is not None:
        all_black = _census("black").sum() + residents("black")[DEMO_FORCE]
        all_white = _census("white").sum() + residents("white")[DEMO_FORCE]
        wanted = target * all_black * (white.sum() + demo_white) / all_white - demo_black
        black *= wanted / black.sum()
    return _count(black)


def _most_black_residents(n: int = 6) -> list[str]:
    """The twins with the most Black residents, most first: as in the real data, they search most."""
    return list(_census("black").nlargest(n).index)


def _searches_by_ethnicity(period: str, known: pd.Series) -> pd.DataFrame:
    white = _count(known * _group_weights(3.0))
    ratio = spread("ss.bw", 3.6, low=1.2, median=3.1, high=8.5)
    if period == SS_NOW:
        demo_black, demo_white = powers.searches_black_white("2024-04:2025-03")
        black = _black_white_counts(white, ratio, E_AND_W["ss_black_white"], demo_black, demo_white)
    else:
        black = _black_white_counts(white, jitter("ss.bw.before", ratio, 0.12), None)
    return pd.DataFrame(
        {
            "searches_black": black,
            "residents_black": _census("black"),
            "searches_white": white,
            "residents_white": _census("white"),
        }
    )


# -- use of force -------------------------------------------------------------------------------

UOF_PERIODS = {"ye-2025-03": "2024-04:2025-03", "ye-2024-03": "2023-04:2024-03"}


def _use_of_force() -> list[pd.DataFrame]:
    out = []
    arrest_rate = spread("uof.arrests", 11.46, low=6.5, median=10.5, high=17.0)
    per_arrest = spread("uof.reports", 1.14, low=0.9, median=1.45, high=2.3)
    with_report = spread("uof.with_report", 0.53, low=0.45, median=0.62, high=0.8)
    linked_each = spread("uof.linked_each", 1.75, low=1.35, median=1.65, high=2.05)
    ratio = spread("uof.bw", 3.1, low=1.0, median=2.7, high=7.0)
    for period, window in UOF_PERIODS.items():
        before = period == "ye-2024-03"
        vary = 0.08 if before else 0.0  # the year before differs a little, twin by twin
        arrests = _count(jitter("uof.arrests.before", arrest_rate, vary) * _pop(period) / 1000)
        reports = _count(arrests * jitter("uof.reports.before", per_arrest, vary))
        arrests_with_report = _count(arrests * jitter("uof.with_report.before", with_report, vary))
        linked = np.minimum(_count(arrests_with_report * jitter("uof.linked_each.before", linked_each, vary)), reports)
        expected = arrests * linked / arrests_with_report
        out.append(_rows("arrests.count", period, pd.DataFrame({"arrests": arrests})))
        out.append(_rows("use_of_force.reports", period, pd.DataFrame({"reports": reports})))
        out.append(
            _rows(
                "use_of_force.expected",
                period,
                pd.DataFrame(
                    {"arrests": arrests, "reports_linked": linked, "arrests_with_report": arrests_with_report}
                ),
            )
        )
        out.append(
            _rows("use_of_force.under_recorded", period, pd.DataFrame({"expected": expected, "reports": reports}))
        )
        white = _count(reports * 0.97 * _group_weights(2.5))
        if before:
            black = _black_white_counts(white, jitter("uof.bw.before", ratio, 0.1), None)
        else:
            demo = powers.report_ethnicity_targets(
                powers.UOF_WINDOWS[window]["reports"], powers.UOF_WINDOWS[window]["ratio"]
            )
            black = _black_white_counts(white, ratio, E_AND_W["uof_black_white"], demo["black"], demo["white"])
        out.append(
            _rows(
                "use_of_force.disproportionality_black_white",
                period,
                pd.DataFrame(
                    {
                        "force_black": black,
                        "residents_black": _census("black"),
                        "force_white": white,
                        "residents_white": _census("white"),
                    }
                ),
            )
        )
    return out


# -- calls and response -------------------------------------------------------------------------


def _calls() -> list[pd.DataFrame]:
    out = []
    rate = spread("calls.999", 177.98, low=115, median=162, high=265)
    # 15 of the 43 forces below the 90% standard; the demo force (92.9%) is not one of them
    answered = assign("calls.999.10s", np.concatenate([np.linspace(71.5, 89.6, 15), np.linspace(90.4, 99.2, 27)]))
    for period, move in (("ye-2026-01", 0.0), ("ye-2025-01", 0.06)):
        calls = _count(jitter(f"calls.999.{period}", rate, move) * _pop(period) / 1000)
        share = np.minimum(jitter(f"calls.999.10s.{period}", answered, move / 2), 99.5)
        out.append(
            _rows("calls.emergency_per_1000", period, pd.DataFrame({"calls": calls, "population": _pop(period)}))
        )
        out.append(
            _rows(
                "calls.emergency_answered_10s_share",
                period,
                pd.DataFrame({"answered_10s": _count(calls * share / 100), "calls": calls}),
            )
        )
    rate = spread("calls.101", 205.96, low=85, median=185, high=345)
    abandoned = spread("calls.101.abandoned", 12.9, low=2.5, median=11.0, high=33.0)
    for period, move in (("ye-2025-09", 0.0), ("ye-2024-09", 0.07)):
        calls = _count(jitter(f"calls.101.{period}", rate, move) * _pop(period) / 1000)
        out.append(
            _rows("calls.non_emergency_per_1000", period, pd.DataFrame({"calls": calls, "population": _pop(period)}))
        )
    for period, move in (("ye-2025-12", 0.0), ("ye-2024-12", 0.15)):
        calls = _count(jitter(f"calls.101.{period}", rate, 0.05) * _pop(period) / 1000)
        share = jitter(f"calls.101.abandoned.{period}", abandoned, move)
        out.append(
            _rows(
                "calls.non_emergency_abandoned_share",
                period,
                pd.DataFrame({"abandoned": _count(calls * share / 100), "calls": calls}),
            )
        )
    return out


def _response() -> list[pd.DataFrame]:
    out = []
    shares = {
        "urban": (spread("g1.urban", 49.0, low=38, median=66, high=91), 0.0072),
        "rural": (spread("g1.rural", 59.0, low=33, median=61, high=89), 0.0026),
    }
    for area, (share, per_resident) in shares.items():
        for period, move in (("ye-2025-12", 0.0), ("ye-2024-12", 0.06)):
            attended = _count(_pop(period) * per_resident)
            on_target = _count(attended * jitter(f"g1.{area}.{period}", share, move).clip(upper=99) / 100)
            out.append(
                _rows(
                    f"response.grade1_{area}_on_target_share",
                    period,
                    pd.DataFrame({"on_target": on_target, "attended": attended}),
                )
            )
    return out


# -- prevention ---------------------------------------------------------------------------------


def _antisocial_behaviour() -> list[pd.DataFrame]:
    out = []
    rate = spread("asb.rate", 16.40, low=7.0, median=13.6, high=22.4)
    environmental = spread("asb.environmental", 23.10, low=4.5, median=8.0, high=12.0, position="above")
    nuisance = spread("asb.nuisance", 52.40, low=60.0, median=65.0, high=70.0, position="below")
    for period, move in (("ye-2025-03", 0.0), ("ye-2024-03", 0.08)):
        incidents = _count(jitter(f"asb.rate.{period}", rate, move) * _pop(period) / 1000)
        env = _count(incidents * jitter(f"asb.env.{period}", environmental, move / 2) / 100)
        nui = _count(incidents * jitter(f"asb.nui.{period}", nuisance, move / 4) / 100)
        counts = pd.DataFrame(
            {"incidents": incidents, "personal": incidents - env - nui, "environmental": env, "nuisance": nui}
        )
        out.append(_rows("asb.incidents", period, counts[["incidents"]]))
        out.append(
            _rows("asb.rate_per_1000", period, pd.DataFrame({"incidents": incidents, "population": _pop(period)}))
        )
        for category in ("personal", "environmental", "nuisance"):
            out.append(_rows(f"asb.{category}_share", period, counts[[category, "incidents"]]))
    orders = spread("asb.orders", 0.0925, low=0.42, median=0.55, high=0.70, position="below")
    for period, move in (("ye-2025-09", 0.0), ("ye-2024-09", 0.1)):
        out.append(
            _rows(
                "asb.orders_per_1000",
                period,
                pd.DataFrame(
                    {
                        "orders": _count(jitter(f"asb.orders.{period}", orders, move) * _pop(period) / 1000),
                        "population": _pop(period),
                    }
                ),
            )
        )
    return out


def _neighbourhood() -> list[pd.DataFrame]:
    out = []
    roles = {
        "officer": (spread("nbh.officer", 63.4, low=44, median=58, high=76), 0.22),
        "pcso": (spread("nbh.pcso", 70.3, low=49, median=66, high=83), 0.11),
    }
    for role, (share, hours_per_resident) in roles.items():
        for period, move in (("ye-2025-12", 0.0), ("ye-2024-12", 0.05)):
            on_duty = _count(_pop(period) * hours_per_resident)
            in_community = np.round(on_duty * jitter(f"nbh.{role}.{period}", share, move) / 100, 2)
            out.append(
                _rows(
                    f"neighbourhood.{role}_time_in_community_share",
                    period,
                    pd.DataFrame({"hours_in_community": in_community, "hours_on_duty": on_duty}),
                )
            )
    return out


# -- the demo force before its extracts ---------------------------------------------------------


def _demo_force_earlier_years() -> list[pd.DataFrame]:
    """Figures for years the demo force's extracts do not cover, as a force would have them from
    earlier returns: the seed's 78.5% of 999 calls within 10 seconds (year to June 2023) and 25.6%
    of 101 calls abandoned (year to August 2023), and the year before each measured year."""
    population_2024 = population().loc[DEMO_FORCE, 2024]
    figures = {
        ("calls.emergency_answered_10s_share", "ye-2023-06"): {"answered_10s": 106_132, "calls": 135_200},
        ("calls.emergency_answered_10s_share", "ye-2025-01"): {"answered_10s": 124_021, "calls": 141_900},
        ("calls.emergency_per_1000", "ye-2025-01"): {"calls": 141_900, "population": population_2024},
        ("calls.non_emergency_abandoned_share", "ye-2023-08"): {"abandoned": 43_776, "calls": 171_000},
        ("response.grade1_urban_on_target_share", "ye-2024-12"): {"on_target": 2_714, "attended": 5_800},
        ("response.grade1_rural_on_target_share", "ye-2024-12"): {"on_target": 1_115, "attended": 1_950},
        ("asb.incidents", "ye-2024-03"): {"incidents": 14_120},
        ("asb.rate_per_1000", "ye-2024-03"): {"incidents": 14_120, "population": population().loc[DEMO_FORCE, 2023]},
        ("asb.personal_share", "ye-2024-03"): {"personal": 3_643, "incidents": 14_120},
        ("asb.environmental_share", "ye-2024-03"): {"environmental": 3_064, "incidents": 14_120},
        ("asb.nuisance_share", "ye-2024-03"): {"nuisance": 7_413, "incidents": 14_120},
        ("asb.orders_per_1000", "ye-2024-09"): {"orders": 88, "population": population_2024},
        ("neighbourhood.officer_time_in_community_share", "ye-2024-12"): {
            "hours_in_community": 104_040,
            "hours_on_duty": 170_000,
        },
        ("neighbourhood.pcso_time_in_community_share", "ye-2024-12"): {
            "hours_in_community": 64_077,
            "hours_on_duty": 93_000,
        },
    }
    return [
        _rows(indicator, period, pd.DataFrame(values, index=[DEMO_FORCE]))
        for (indicator, period), values in figures.items()
    ]
