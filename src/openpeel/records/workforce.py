"""Workforce posts and professional development reviews (PEEL area: workforce).

``workforce_posts`` is the establishment on a date: every funded post, whether it needs a PIP 2
(detective) investigator, and who fills it. ``development_reviews`` lists everyone employed over a
review year and when, if at all, they had their professional development review (PDR).
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

HOLDERS = {
    "pip2_accredited": "filled by a PIP 2 accredited investigator",
    "pip2_trainee": "filled by a trainee working towards PIP 2",
    "other": "filled by someone not on the PIP 2 path",
    "vacant": "not filled",
}
WORKFORCE_GROUPS = {"officer": "police officer", "staff": "police staff (including PCSOs)"}

WORKFORCE_POSTS = record_schema(
    name="workforce_posts",
    version=1,
    title="Workforce posts (snapshot)",
    description=(
        "One row per funded post on the snapshot date. Posts are counted in full-time equivalents: "
        "`post_fte` is the post's establishment, `holder_fte` the hours its holder works (0 when vacant)."
    ),
    area=Area.WORKFORCE,
    fields=(
        Field("snapshot_date", "date", "Day the establishment was drawn.", example="2025-12-31"),
        Field("post_ref", "text", "Post reference, unique within a snapshot.", example="POST-CID-0113"),
        Field("role", "text", "Role title.", example="Detective constable, CID North"),
        Field("pip2_post", "boolean", "The post should be held by a PIP 2 accredited investigator.", example="true"),
        Field("post_fte", "number", "Establishment of the post in full-time equivalents.", example="1.0"),
        Field("holder", "code", "Who fills the post.", codes=HOLDERS, example="pip2_accredited"),
        Field("holder_fte", "number", "Full-time equivalent of the holder (0 when vacant).", example="1.0"),
    ),
    key=("snapshot_date", "post_ref"),
    as_at_from="snapshot_date",
    checks=(
        RowCheck("post_fte > 0", "post_fte must be more than 0"),
        RowCheck("holder_fte >= 0 AND holder_fte <= post_fte", "holder_fte must be between 0 and post_fte"),
        RowCheck("(holder = 'vacant') = (holder_fte = 0)", "holder_fte is 0 exactly when the post is vacant"),
    ),
    changes=("1: first version.",),
)

DEVELOPMENT_REVIEWS = record_schema(
    name="development_reviews",
    version=1,
    title="Professional development reviews",
    description=(
        "One row per person employed during a review year (the snapshot date is the year's last day), "
        "with the day of their PDR in that year; blank if they had none."
    ),
    area=Area.WORKFORCE,
    fields=(
        Field("year_ending", "date", "Last day of the review year.", example="2025-03-31"),
        Field("person_ref", "text", "Employee reference.", example="E-20931"),
        Field("workforce_group", "code", "Officer or staff.", codes=WORKFORCE_GROUPS, example="officer"),
        Field("pdr_completed_on", "date", "Day the PDR was completed.", required=False, example="2024-11-18"),
    ),
    key=("year_ending", "person_ref"),
    as_at_from="year_ending",
    checks=(
        RowCheck(
            "pdr_completed_on <= year_ending AND pdr_completed_on > year_ending - INTERVAL 1 YEAR",
            "pdr_completed_on is outside the review year",
        ),
    ),
    changes=("1: first version.",),
)
