"""Results computed when data loads, so every answer is read back at once.

After every load (in the same copy-on-write transaction, see :mod:`openpeel.store`) the indicators
whose source tables changed are recomputed for the standard periods the changed rows fall in, with
their national comparison and change, and stored: one row per indicator, period and force in
``_results``, one per indicator, period and world in ``_comparisons``, and each indicator's default
period per force and per world in ``_defaults``. ``_computed`` lists every (indicator, period)
computed, with the fingerprints of the catalogue and the comparison settings it was computed
under: a result whose fingerprint no longer matches is stale and is computed afresh.

- :mod:`.fingerprint`: what identifies an indicator's definition and the comparison settings;
- :mod:`.plan`: which indicators and periods a load makes stale;
- :mod:`.compute`: the computation of a set of indicators and periods into result rows;
- :mod:`.refresh`: the step the store runs after a load, and a whole refresh;
- :mod:`.read`: reading results back as the objects the CLI, report and web use.
"""
