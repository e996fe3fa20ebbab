"""The roles a viewer of the web service has."""

from __future__ import annotations

from enum import Enum

from openpeel.errors import OpenpeelError


class Role(str, Enum):
    PUBLIC = "public"  # anyone not signed in: national figures and published reports, small counts hidden
    FORCE = "force"  # a force's analysts: their own force's figures, worklists and alerts
    INSPECTOR = "inspector"  # the inspectorate: every force
    ADMIN = "admin"  # manages accounts; otherwise sees what the public sees

    @classmethod
    def parse(cls, text: "Role | str") -> "Role":
        try:
            return cls(text)
        except ValueError:
            raise OpenpeelError(f"unknown role {text!r}: use one of {', '.join(r.value for r in cls)}") from None
