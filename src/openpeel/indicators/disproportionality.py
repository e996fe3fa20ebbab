"""Disproportionality broken down, each breakdown a declared family (PEEL area: using powers fairly).

Every member is a ratio of two rates with its log (Katz) interval (:class:`RatioOfRates`):

- by ethnic group: searches (or uses of force) of people of a group per resident of that group,
  over the same for White people. Groups are the census broad groups the publishers use: Black,
  Asian (Chinese included), Mixed, Other. The Black members keep their established ids
  (``stop_search.disproportionality_black_white``, ``use_of_force.disproportionality_black_white``);
- by power: the Black-White ratio among searches under one power, where the records name the
  legislation (data.police.uk does; a force's extract does not);
- by age group: searches of people in an age group per resident of that age, over the same for
  people over 34; by sex: males over females. No ONS table of residents by age or sex per police
  force area is shipped, so these give no value, and say so, until one is loaded.

Residents come from the census the period calls for (see :mod:`openpeel.reference`). Residents
are not the people available to be searched in a place (commuters, visitors, night-time crowds
and the people police patrol among differ from those who sleep there): docs/disproportionality.md.
"""

from __future__ import annotations

import openpeel.indicators.stop_search  # noqa: F401  (declares the Black members adopted here)
import openpeel.indicators.use_of_force  # noqa: F401
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, family, source
from openpeel.indicators.formulas import RatioOfRates
from openpeel.records.ethnicity import codes_of
from openpeel.vocab import EthnicGroup

POLICE_UK = "data.police.uk stop and search"
EXTRACT = "force stop and search extract"
HOME_OFFICE = "Home Office police use of force statistics, tactics by ethnicity"
UOF_REPORTS = "force use-of-force reports extract"

# member -> (words in titles, the group)
GROUPS = {
    "black": ("Black", EthnicGroup.BLACK),
    "asian": ("Asian", EthnicGroup.ASIAN),
    "mixed": ("Mixed ethnicity", EthnicGroup.MIXED),
    "other": ("Other ethnic group", EthnicGroup.OTHER),
}
# Home Office use-of-force tables published Chinese apart from Asian in 2018/19; the census counts
# Chinese as Asian, so they are added together.
TABLE_GROUPS = {"black": ("black",), "asian": ("asian", "chinese"), "mixed": ("mixed",), "other": ("other",)}

# member -> (title, the data.police.uk 'Legislation' label)
POWERS = {
    "pace_s1": (
        "section 1 of the Police and Criminal Evidence Act 1984",
        "Police and Criminal Evidence Act 1984 (section 1)",
    ),
    "mda_s23": ("section 23 of the Misuse of Drugs Act 1971", "Misuse of Drugs Act 1971 (section 23)"),
    "cjpoa_s60": (
        "section 60 of the Criminal Justice and Public Order Act 1994",
        "Criminal Justice and Public Order Act 1994 (section 60)",
    ),
    "tact_s47a": ("section 47A of the Terrorism Act 2000", "Terrorism Act 2000 (section 47A)"),
}

# member -> (words, data.police.uk 'Age range', ages in a force extract)
AGES = {
    "10_17": ("aged 10 to 17", "10-17", (10, 17)),
    "18_24": ("aged 18 to 24", "18-24", (18, 24)),
    "25_34": ("aged 25 to 34", "25-34", (25, 34)),
}
OLDEST = ("over_34", "over 34", (35, 200))
SEXES = {"male": ("male", "Male")}
NO_AGE = "no population by age group is loaded for the force area"
NO_SEX = "no population by sex is loaded for the force area"
RESIDENTS = "residents of the census the period calls for (2011 until March 2021, then 2021)"


# -- by ethnic group: stop and search -----------------------------------------------------------

STOP_SEARCH_GROUPS = family(
    "stop_search.disproportionality",
    title="Stop and search by ethnic group, relative to White people",
    members=GROUPS,
    adopt={"black": "stop_search.disproportionality_black_white"},
    declare=lambda key, g: dict(
        title=f"Stop and search of {g[0]} people relative to White people",
        area=Area.POWERS,
        unit=Unit.RATIO,
        polarity=Polarity.HIGHER_WORSE,
        formula=RatioOfRates(f"searches_{key}", f"residents_{key}", "searches_white", "residents_white"),
        definition=f"Searches of people who define themselves as {g[0]} per {g[0]} resident, divided by searches "
        f"of people who define themselves as White per White resident ({RESIDENTS}).",
        seed=f"{g[0]} people were N times more likely than White people to be stopped and searched",
    ),
)


def _police_uk_by_group(key: str, group: EthnicGroup):
    def components(inputs):
        t = inputs.table("stop_search")
        t = t.filter(t.of_person)
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"searches_{key}": (t.sde_group == group.value).sum(),
                "searches_white": (t.sde_group == EthnicGroup.WHITE.value).sum(),
            }
        )

    return components


def _extract_by_group(key: str, group: EthnicGroup):
    def components(inputs):
        t = inputs.table("stop_search_records")
        t = t.filter(t.search_type != "vehicle")
        sde = t.self_defined_ethnicity
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"searches_{key}": sde.isin(codes_of(group)).fill_null(False).sum(),
                "searches_white": sde.isin(codes_of(EthnicGroup.WHITE)).fill_null(False).sum(),
            }
        )

    return components


for _key, (_words, _group) in GROUPS.items():
    if _key == "black":
        continue  # the adopted indicator has these sources already
    _id = f"stop_search.disproportionality.{_key}"
    _refs = (f"residents_{_key}", "residents_white")
    source(_id, name=POLICE_UK, table="stop_search", reference=_refs)(_police_uk_by_group(_key, _group))
    source(_id, name=EXTRACT, table="stop_search_records", reference=_refs, preference=10)(
        _extract_by_group(_key, _group)
    )


# -- by ethnic group: use of force --------------------------------------------------------------

USE_OF_FORCE_GROUPS = family(
    "use_of_force.disproportionality",
    title="Use of force by ethnic group, relative to White people",
    members=GROUPS,
    adopt={"black": "use_of_force.disproportionality_black_white"},
    declare=lambda key, g: dict(
        title=f"Use of force on {g[0]} people relative to White people",
        area=Area.POWERS,
        unit=Unit.RATIO,
        polarity=Polarity.HIGHER_WORSE,
        formula=RatioOfRates(f"force_{key}", f"residents_{key}", "force_white", "residents_white"),
        definition=f"Use of force on people perceived as {g[0]} per {g[0]} resident, divided by the same for "
        f"White people ({RESIDENTS}). From published tables: 'Total Tactics' by perceived ethnicity; from a "
        "force's reports: one per officer per person.",
        seed=f"{g[0]} people were N times more likely than White people to be subject to use of force",
    ),
)


def _tactics_by_group(key: str):
    def components(inputs):
        t = inputs.table("uof_tactics")
        t = t.filter(t.is_total & (t.tactic == "Total Tactics"))
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"force_{key}": t.times.sum(where=t.ethnicity.isin(TABLE_GROUPS[key])),
                "force_white": t.times.sum(where=t.ethnicity == "white"),
            }
        )

    return components


def _reports_by_group(key: str, group: EthnicGroup):
    def components(inputs):
        t = inputs.table("use_of_force_reports")
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"force_{key}": (t.subject_ethnicity == group.value).fill_null(False).sum(),
                "force_white": (t.subject_ethnicity == EthnicGroup.WHITE.value).fill_null(False).sum(),
            }
        )

    return components


for _key, (_words, _group) in GROUPS.items():
    if _key == "black":
        continue
    _id = f"use_of_force.disproportionality.{_key}"
    _refs = (f"residents_{_key}", "residents_white")
    source(_id, name=HOME_OFFICE, table="uof_tactics", reference=_refs, preference=60)(_tactics_by_group(_key))
    source(_id, name=UOF_REPORTS, table="use_of_force_reports", reference=_refs, preference=10)(
        _reports_by_group(_key, _group)
    )


# -- by power -----------------------------------------------------------------------------------

STOP_SEARCH_POWERS = family(
    "stop_search.disproportionality_by_power",
    title="Stop and search of Black people relative to White people, by power",
    members=POWERS,
    declare=lambda key, p: dict(
        title=f"Searches under {p[0]}: Black people relative to White people",
        area=Area.POWERS,
        unit=Unit.RATIO,
        polarity=Polarity.HIGHER_WORSE,
        formula=RatioOfRates("searches_black", "residents_black", "searches_white", "residents_white"),
        definition=f"Searches of people under {p[0]} who define themselves as Black per Black resident, divided "
        f"by the same for White people ({RESIDENTS}). Only records that name the legislation count.",
    ),
)


def _police_uk_by_power(label: str):
    def components(inputs):
        t = inputs.table("stop_search")
        t = t.filter(t.of_person & (t.legislation == label))
        return t.group_by(list(inputs.keys)).agg(
            searches_black=(t.sde_group == EthnicGroup.BLACK.value).sum(),
            searches_white=(t.sde_group == EthnicGroup.WHITE.value).sum(),
        )

    return components


for _key, (_words, _label) in POWERS.items():
    source(
        f"stop_search.disproportionality_by_power.{_key}",
        name=POLICE_UK,
        table="stop_search",
        reference=("residents_black", "residents_white"),
    )(_police_uk_by_power(_label))


# -- by age group and by sex --------------------------------------------------------------------

STOP_SEARCH_AGES = family(
    "stop_search.disproportionality_by_age",
    title="Stop and search by age group, relative to people over 34",
    members=AGES,
    declare=lambda key, a: dict(
        title=f"Stop and search of people {a[0]} relative to people over 34",
        area=Area.POWERS,
        unit=Unit.RATIO,
        polarity=Polarity.NEUTRAL,
        formula=RatioOfRates(
            f"searches_{key}", f"residents_age_{key}", "searches_over_34", "residents_age_over_34", absent=NO_AGE
        ),
        definition=f"Searches of people {a[0]} per resident of that age, divided by searches of people over 34 per "
        "resident over 34 (ONS residents by age for the force area).",
    ),
)
STOP_SEARCH_SEXES = family(
    "stop_search.disproportionality_by_sex",
    title="Stop and search by sex, relative to females",
    members=SEXES,
    declare=lambda key, s: dict(
        title="Stop and search of males relative to females",
        area=Area.POWERS,
        unit=Unit.RATIO,
        polarity=Polarity.NEUTRAL,
        formula=RatioOfRates(
            "searches_male", "residents_sex_male", "searches_female", "residents_sex_female", absent=NO_SEX
        ),
        definition="Searches of males per male resident, divided by searches of females per female resident "
        "(ONS residents by sex for the force area).",
    ),
)


def _police_uk_by_age(key: str, label: str):
    def components(inputs):
        t = inputs.table("stop_search")
        t = t.filter(t.of_person)
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"searches_{key}": (t.age_range == label).sum(),
                "searches_over_34": (t.age_range == OLDEST[1]).sum(),
            }
        )

    return components


def _extract_by_age(key: str, ages: tuple[int, int]):
    def components(inputs):
        t = inputs.table("stop_search_records")
        t = t.filter(t.search_type != "vehicle")
        low, high = OLDEST[2]
        return t.group_by(list(inputs.keys)).agg(
            **{
                f"searches_{key}": t.age.between(*ages).fill_null(False).sum(),
                "searches_over_34": t.age.between(low, high).fill_null(False).sum(),
            }
        )

    return components


for _key, (_words, _label, _ages) in AGES.items():
    _id = f"stop_search.disproportionality_by_age.{_key}"
    _refs = (f"residents_age_{_key}", "residents_age_over_34")
    source(_id, name=POLICE_UK, table="stop_search", reference=_refs)(_police_uk_by_age(_key, _label))
    source(_id, name=EXTRACT, table="stop_search_records", reference=_refs, preference=10)(_extract_by_age(_key, _ages))


@source(
    "stop_search.disproportionality_by_sex.male",
    name=POLICE_UK,
    table="stop_search",
    reference=("residents_sex_male", "residents_sex_female"),
)
def by_sex(inputs):
    t = inputs.table("stop_search")
    t = t.filter(t.of_person)
    return t.group_by(list(inputs.keys)).agg(
        searches_male=(t.gender == "Male").sum(),
        searches_female=(t.gender == "Female").sum(),
    )
