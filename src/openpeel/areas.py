"""The nine areas of the PEEL 2025-27 assessment framework, by stable id.

Indicators, audit questions, survey statements and findings all name the area they are evidence
for with one of these ids; the framework file (one per framework year) gives their titles,
definitions and characteristics of good.
"""

from __future__ import annotations

from enum import Enum


class Area(str, Enum):
    LEADERSHIP = "leadership"  # leadership and force management
    WORKFORCE = "workforce"  # attracting, developing and retaining the workforce; diverse and inclusive workplace
    POWERS = "powers"  # using powers fairly, appropriately and with justification
    PREVENTION = "prevention"  # preventing and deterring crime and antisocial behaviour, reducing vulnerability
    RESPONSE = "response"  # responding to the public
    INVESTIGATION = "investigation"  # investigating crime
    SAFEGUARDING = "safeguarding"  # safeguarding children and adults at risk of harm
    FRAUD = "fraud"  # managing fraud
    CUSTODY = "custody"  # a safe and lawful custody environment

    @property
    def title(self) -> str:
        return TITLES[self]


TITLES = {
    Area.LEADERSHIP: "Leadership and force management",
    Area.WORKFORCE: "Attracting, developing and retaining the workforce and creating a diverse and inclusive workplace",
    Area.POWERS: "Using powers fairly, appropriately and with justification",
    Area.PREVENTION: "Preventing and deterring crime and antisocial behaviour, and reducing vulnerability",
    Area.RESPONSE: "Responding to the public",
    Area.INVESTIGATION: "Investigating crime",
    Area.SAFEGUARDING: "Safeguarding children and adults at risk of harm",
    Area.FRAUD: "Managing fraud",
    Area.CUSTODY: "Providing a safe and lawful custody environment",
}
