"""Detective capacity and development reviews (PEEL area: workforce).

PIP 2 posts: how much of the establishment that should be held by accredited detectives is, and how
many trainees are working towards it, from the latest establishment snapshot in the period.
Development reviews: the share of officers, and separately of staff, employed in the review year
who had a professional development review in it (two ids, so each has its own comparison).
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Share

POSTS = "force establishment snapshots"
REVIEWS = "force development review records"

indicator(
    id="workforce.pip2_fill_share",
    title="PIP 2 investigator posts filled by accredited investigators",
    area=Area.WORKFORCE,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("pip2_accredited_fte", "pip2_establishment_fte", empty="the establishment has no PIP 2 posts"),
    definition="Full-time equivalent PIP 2 accredited investigators in posts that should be held by one, as a "
    "percentage of the full-time equivalent establishment of those posts (latest snapshot in the period).",
    seed="N FTE PIP 2 investigators in post compared to M who should be in post: X percent filled",
)
indicator(
    id="workforce.pip2_trainees",
    title="PIP 2 trainees in PIP 2 posts",
    area=Area.WORKFORCE,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("pip2_trainee_fte"),
    definition="Full-time equivalent trainees working towards PIP 2 accreditation who hold PIP 2 posts (latest "
    "snapshot in the period).",
    seed="the force had only N full-time equivalent PIP 2 trainees",
)


@source("workforce.pip2_fill_share", name=POSTS, table="workforce_posts")
@source("workforce.pip2_trainees", name=POSTS, table="workforce_posts")
def pip2_posts(inputs):
    t = inputs.table("workforce_posts")
    t = t.filter(t.pip2_post)
    return t.group_by(inputs.keys).agg(
        pip2_accredited_fte=(t.holder == "pip2_accredited").ifelse(t.holder_fte, 0.0).sum(),
        pip2_establishment_fte=t.post_fte.sum(),
        pip2_trainee_fte=(t.holder == "pip2_trainee").ifelse(t.holder_fte, 0.0).sum(),
    )


def _declare_pdr(group: str, words: str) -> None:
    indicator_id = f"workforce.pdr_completion_share.{words}"
    indicator(
        id=indicator_id,
        title=f"{words.capitalize()} who had a professional development review",
        area=Area.WORKFORCE,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        formula=Share(f"{words}_with_pdr", words, empty=f"no {words} are listed for the review year"),
        definition=f"Percentage of {words} employed during the review year who had a professional development "
        "review in it (the review year ending in the period).",
        seed=f"in the year ending a date, N percent of {words} had had a PDR",
    )

    def components(inputs):
        t = inputs.table("development_reviews")
        t = t.filter(t.workforce_group == group)
        return t.group_by(inputs.keys).agg(
            **{f"{words}_with_pdr": t.pdr_completed_on.notnull().sum(), words: t.count()}
        )

    source(indicator_id, name=REVIEWS, table="development_reviews")(components)


_declare_pdr("officer", "officers")
_declare_pdr("staff", "staff")
