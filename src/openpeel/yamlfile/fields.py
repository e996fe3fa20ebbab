"""The pieces pydantic models of openpeel's YAML files are built from: sections and value types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

from openpeel.periods import Period, PeriodError
from openpeel.yamlfile.problems import shown


class Section(BaseModel):
    """A part of a YAML file: unknown keys are refused, and ``what`` names it in messages."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    what: ClassVar[str] = "this entry"
    named_by_key: ClassVar[bool] = False  # named in messages by the key it sits under (``grades: {powers: ...}``)


def _text(value: Any) -> Any:
    """Text from a scalar: numbers become their digits; blanks and booleans stay as given, to be refused."""
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


Text = Annotated[str, BeforeValidator(_text)]


def _nonblank(value: Any) -> str:
    if not isinstance(value, str) or isinstance(value, bool):
        raise ValueError(f"must be text, not {shown(value)}")
    if not value:
        raise ValueError("is blank")
    return value


def _required_text(value: Any) -> Any:
    return _nonblank(_text(value))


NonBlank = Annotated[str, BeforeValidator(_required_text)]


def number(*, minimum: float | None = None, maximum: float | None = None, whole: bool = False) -> Any:
    """A number type for a model: true/false and quoted numbers are refused, bounds are checked."""

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be {'a whole number' if whole else 'a number'}, not {shown(value)}")
        if whole and not isinstance(value, int):
            raise ValueError(f"must be a whole number, not {shown(value)}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = (
                f"between {minimum} and {maximum}"
                if maximum is not None and minimum is not None
                else f"at least {minimum}"
                if minimum is not None
                else f"at most {maximum}"
            )
            raise ValueError(f"must be {bounds}, not {value}")
        return value

    return Annotated[int if whole else float, BeforeValidator(check)]


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"must be a period such as 2025-03, 2025 or ye-2025-03, not {shown(value)}")
    try:
        return Period.parse(str(value))
    except PeriodError as exc:
        raise ValueError(str(exc)) from None


def _day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"must be a date written YYYY-MM-DD, not {shown(value)}") from None


PeriodValue = Annotated[Period, BeforeValidator(_period)]
Day = Annotated[date, BeforeValidator(_day)]


def one_or_many(value: Any) -> Any:
    """A value written once, or a list of them, as a list."""
    return value if isinstance(value, list) else [value]
