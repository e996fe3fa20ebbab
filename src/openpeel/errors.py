"""The errors openpeel means its users to see.

Every error raised because of what a user gave (a file, a period, a force, a setting) belongs to
the :class:`OpenpeelError` family. The command line prints these as one message and exits with
status 2; anything else is a bug in openpeel, reported as one line with the path of a file that
holds the traceback (status 3). Library code never catches an error it does not own just to turn
it into a clean exit.
"""

from __future__ import annotations


class OpenpeelError(Exception):
    """Something a user gave cannot be used; the message says what and where."""

    def __str__(self) -> str:
        # KeyError-derived members would otherwise print their message quoted
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class UnknownName(OpenpeelError, KeyError):
    """A name (indicator, worklist, record schema, table...) that nothing is declared under.

    Also a ``KeyError``, so code that looks a name up can still ask with ``except KeyError``.
    """


class StoreError(OpenpeelError, RuntimeError):
    """The store cannot do what was asked; the message says why and what to do."""
