"""openpeel: police effectiveness, efficiency and legitimacy (PEEL) assessment as software."""

__version__ = "0.1.0"
