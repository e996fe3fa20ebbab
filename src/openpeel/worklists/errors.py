"""The error a worklist raises when it cannot list what was asked."""

from __future__ import annotations

from openpeel.errors import OpenpeelError


class WorklistError(OpenpeelError, ValueError):
    """A worklist that cannot be drawn up as asked (no rows for the force, a bad setting)."""
