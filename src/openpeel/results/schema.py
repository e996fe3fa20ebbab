"""The tables stored results live in (created in the store by the first refresh)."""

from __future__ import annotations

RESULTS = "_results"
COMPARISONS = "_comparisons"
DEFAULTS = "_defaults"
COMPUTED = "_computed"
REFRESHES = "_refreshes"

# One row per indicator, standard period and force with a value or a reason for none.
RESULT_COLUMNS = {
    "indicator_id": "VARCHAR",
    "period": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "force_id": "VARCHAR",
    "world": "VARCHAR",
    "value": "DOUBLE",
    "numerator": "DOUBLE",
    "denominator": "DOUBLE",
    "reason": "VARCHAR",
    "components": "VARCHAR",  # JSON object: component name -> number or null
    "source": "VARCHAR",
    "months_covered": "INTEGER",
    "months_expected": "INTEGER",
    "source_keys": "VARCHAR[]",
    "notes": "VARCHAR[]",
    "compared": "BOOLEAN",
    "position": "VARCHAR",
    "rank": "INTEGER",
    "force_note": "VARCHAR",
    "previous_period_start": "DATE",
    "previous_period_end": "DATE",
    "previous_value": "DOUBLE",
    "change": "DOUBLE",
    "percent_change": "DOUBLE",
    "change_test": "VARCHAR",
    "change_p_value": "DOUBLE",
    "change_significant": "BOOLEAN",
}

# One row per indicator, standard period and world (real or synthetic forces).
COMPARISON_COLUMNS = {
    "indicator_id": "VARCHAR",
    "period": "VARCHAR",
    "world": "VARCHAR",
    "forces_compared": "INTEGER",
    "median": "DOUBLE",
    "typical_low": "DOUBLE",
    "typical_high": "DOUBLE",
    "range_method": "VARCHAR",
    "range_description": "VARCHAR",
    "ew_value": "DOUBLE",
    "ew_numerator": "DOUBLE",
    "ew_denominator": "DOUBLE",
    "ew_reason": "VARCHAR",
    "note": "VARCHAR",
}

# The period a figure is quoted for when none is asked: per indicator and force, and per world
# (scope "force:<id>" or "world:<real|synthetic>").
DEFAULT_COLUMNS = {
    "indicator_id": "VARCHAR",
    "scope": "VARCHAR",
    "period": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
}

# Every (indicator, period) computed, and under which definitions; "*" is the row for defaults.
COMPUTED_COLUMNS = {
    "indicator_id": "VARCHAR",
    "period": "VARCHAR",
    "values_fingerprint": "VARCHAR",
    "settings_fingerprint": "VARCHAR",
}

# A log of refreshes: when, what made them, how much was recomputed and how long it took.
REFRESH_COLUMNS = {
    "refreshed_at": "TIMESTAMP",
    "reason": "VARCHAR",
    "indicators": "INTEGER",
    "periods": "INTEGER",
    "results": "BIGINT",
    "seconds": "DOUBLE",
}

# One row per alert (openpeel.alerts): a force's figure for an indicator that left or re-entered the
# typical range, crossed its standard or began a significant change, in a rolling year. Worked out
# from the stored rolling years whenever an indicator's results change; not part of the Parquet
# results Spark writes (the store works them out again when it loads those).
ALERTS = "_alerts"
ALERT_COLUMNS = {
    "indicator_id": "VARCHAR",
    "force_id": "VARCHAR",
    "kind": "VARCHAR",
    "period": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "happened": "DATE",
    "value": "DOUBLE",
    "previous_value": "DOUBLE",
    "text": "VARCHAR",
    "better": "BOOLEAN",
    "seq": "INTEGER",  # its place among the alerts of its series, for a stable order on one day
}

TABLES = {
    RESULTS: RESULT_COLUMNS,
    COMPARISONS: COMPARISON_COLUMNS,
    DEFAULTS: DEFAULT_COLUMNS,
    COMPUTED: COMPUTED_COLUMNS,
    REFRESHES: REFRESH_COLUMNS,
}


def create(con) -> None:
    for name, columns in {**TABLES, ALERTS: ALERT_COLUMNS}.items():
        cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
