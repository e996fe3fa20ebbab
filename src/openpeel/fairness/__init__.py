"""Whether powers are used fairly: disproportionality with intervals, the outcome (hit-rate) test
and the veil-of-darkness test.

- :mod:`.ratios`: every member of a disproportionality family for a force, with its interval, the
  England and Wales figure, wording (no difference shown, unstable, withheld) and the census
  sensitivity view. Values come from the catalogue through the Assessor; nothing is recomputed.
- :mod:`.outcome`: find rates by ethnic group and the test of each against White people.
- :mod:`.darkness`: the veil-of-darkness test on searches with times and places.

The methods and their limits are set out in ``docs/disproportionality.md``.
"""

from openpeel.errors import OpenpeelError


class FairnessError(OpenpeelError, ValueError):
    """An analysis that cannot be run on the data given; the message says why."""
