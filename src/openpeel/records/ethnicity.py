"""Ethnicity codes in force extracts, and the 2011 census broad group each one belongs to.

Self-defined ethnicity uses the codes forces record on stop-and-search forms (the census
categories plus NS for not stated); the group a code belongs to is its letter. Chinese (A4) is
Asian, as in the 2011 census, so every code sits in exactly one group whose residents the census
counts. Ethnicity perceived by an officer (use-of-force forms) is recorded directly as a group.
"""

from __future__ import annotations

from openpeel.vocab import EthnicGroup

SELF_DEFINED = {
    "W1": "White: English, Welsh, Scottish, Northern Irish or British",
    "W2": "White: Irish",
    "W3": "White: Gypsy or Irish Traveller",
    "W4": "White: Roma",
    "W9": "White: any other White background",
    "M1": "Mixed: White and Black Caribbean",
    "M2": "Mixed: White and Black African",
    "M3": "Mixed: White and Asian",
    "M9": "Mixed: any other Mixed or multiple background",
    "A1": "Asian: Indian",
    "A2": "Asian: Pakistani",
    "A3": "Asian: Bangladeshi",
    "A4": "Asian: Chinese",
    "A9": "Asian: any other Asian background",
    "B1": "Black: African",
    "B2": "Black: Caribbean",
    "B9": "Black: any other Black, African or Caribbean background",
    "O1": "Other: Arab",
    "O9": "Other: any other ethnic group",
    "NS": "not stated: the person was asked and declined, or was not asked",
}

_LETTER_GROUPS = {
    "W": EthnicGroup.WHITE,
    "M": EthnicGroup.MIXED,
    "A": EthnicGroup.ASIAN,
    "B": EthnicGroup.BLACK,
    "O": EthnicGroup.OTHER,
}

# code -> broad group; NS (and a blank cell) is unknown
SELF_DEFINED_GROUP = {
    code: (_LETTER_GROUPS[code[0]].value if code[0] in _LETTER_GROUPS else EthnicGroup.UNKNOWN.value)
    for code in SELF_DEFINED
}

PERCEIVED = {
    EthnicGroup.WHITE.value: "White",
    EthnicGroup.BLACK.value: "Black or Black British",
    EthnicGroup.ASIAN.value: "Asian or Asian British, including Chinese",
    EthnicGroup.MIXED.value: "Mixed",
    EthnicGroup.OTHER.value: "any other ethnic group",
    EthnicGroup.UNKNOWN.value: "the officer could not tell",
}


def codes_of(group: EthnicGroup) -> list[str]:
    """The self-defined codes in a broad group (e.g. B1, B2, B9 for black)."""
    return sorted(code for code, g in SELF_DEFINED_GROUP.items() if g == group.value)
