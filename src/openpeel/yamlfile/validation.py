"""Checking a document against its model, each error turned into a problem at the line of the value."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from openpeel.yamlfile.document import Document, Location, read
from openpeel.yamlfile.fields import Section
from openpeel.yamlfile.problems import LIMITS, FileError, Limits, Problems, shown

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, model: type[M], problems: Problems) -> M | None:
    """The document's data as ``model``; None (each error recorded at its line) when it does not fit."""
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        seen: set[tuple[Location, str]] = set()
        for error in exc.errors(include_url=False):
            location = _data_location(document, error["loc"])
            message = _message(model, document, location, error)
            if (location, message) in seen:
                continue
            seen.add((location, message))
            line = document.key_line(location) if error["type"] in ("extra_forbidden",) else document.line(location)
            problems.add(line, message)
        return None


def load(
    path: str | Path,
    model: type[M],
    error: type[FileError] = FileError,
    *,
    raw: bytes | None = None,
    limits: Limits = LIMITS,
) -> tuple[M, Document]:
    """Read ``path`` (or ``raw``, an upload named ``path``) and validate it as ``model``, in one call;
    raises ``error`` listing every problem."""
    problems = Problems(path, limits)
    document = read(path, problems, raw=raw, limits=limits)
    result = validate(document, model, problems) if document is not None else None
    problems.raise_if_any(error)
    assert result is not None and document is not None
    return result, document


def _data_location(document: Document, loc: Sequence) -> Location:
    """The part of a pydantic error location that names keys and indexes in the data.

    Pydantic adds the names of union members and validators to a location; those are dropped. A
    missing key stays on the end, so that its mapping's line is used.
    """
    found: list = []
    data = document.data
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
            found.append(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            found.append(part)
        elif part == 0 and not isinstance(data, list):
            continue  # a value written once where a list may be given (``one_or_many``)
        elif isinstance(data, dict) and isinstance(part, str) and part not in data and loc[-1] == part:
            found.append(part)  # a missing key: its mapping gives the line
            break
        elif isinstance(part, str) and (
            part.startswith(("function-", "tagged-union"))
            or "[" in part
            or part in ("str", "int", "float", "bool", "list", "dict")
        ):
            continue
        else:
            break
    return tuple(found)


def _value_at(data: Any, location: Location) -> Any:
    for part in location:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _model_at(model: type[BaseModel], location: Location) -> type[Section] | None:
    """The model class describing the mapping at ``location`` (None when it is not a model)."""
    current: Any = model
    for part in location:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) in (list, tuple, Sequence):
            current = get_args(current)[0] if get_args(current) else None
            if not isinstance(part, int):  # a value written once where a list may be given
                current = _model_at(current, (part,)) if isinstance(_unwrap(current), type) else None
                continue
        elif get_origin(current) is dict:
            current = get_args(current)[1] if get_args(current) else None
        else:
            return None
    current = _unwrap(current)
    if get_origin(current) is list and get_args(current):  # a value written once where a list may be given
        current = _unwrap(get_args(current)[0])
    return current if isinstance(current, type) and issubclass(current, Section) else None


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` as X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is not None and type(None) in get_args(annotation):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else annotation
            if len(rest) != 1:
                return annotation
        else:
            return annotation


_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of names to values",
    "model_type": "a mapping of names to values",
    "model_attributes_type": "a mapping of names to values",
    "date_type": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "int_from_float": "a whole number",
}


def _message(model: type[BaseModel], document: Document, location: Location, error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "value_error" and _model_at(model, location) is not None:  # a rule about a whole mapping
        return f"{_describe(model, document, location)}: {_detail(error)}"
    parent = location[:-1] if location else ()
    owner = _model_at(model, parent)
    what = _describe(model, document, parent)
    key = location[-1] if location else None
    name = f"{key!r}" if isinstance(key, str) else f"item {key + 1}" if isinstance(key, int) else "the file"
    value = error.get("input")
    if kind == "missing":
        return f"{what} has no {name}"
    if kind == "extra_forbidden":
        known = ", ".join(sorted(owner.model_fields)) if owner else ""
        return f"{what} has an unknown field {name}" + (f" (expected one of: {known})" if known else "")
    if not location:
        return f"the file must be a mapping of names to values, not {shown(document.data)}"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        choices = ", ".join(re.findall(r"'([^']*)'", expected)) or expected
        noun = key.replace("_", " ") if isinstance(key, str) else name
        return f"{what}: unknown {noun} {shown(value)} (known: {choices})"
    if kind in _KINDS:
        return f"{what}: {name} must be {_KINDS[kind]}, not {shown(value)}"
    if kind == "value_error":
        detail = _detail(error)
        return f"{what}: {name} {detail}" if detail.startswith(("must ", "is ")) else f"{what}: {name}: {detail}"
    return f"{what}: {name}: {error['msg']}"


def _detail(error: ErrorDetails) -> str:
    return str(error.get("ctx", {}).get("error", error["msg"])).removeprefix("Value error, ")


def _describe(model: type[BaseModel], document: Document, location: Location) -> str:
    """How a message names the mapping at ``location``: 'finding leadership.use_of_data: recommendation'.

    Each model has a ``what``; entries with an ``id`` (or, for models marked ``named_by_key``, the
    key they sit under) are named by it, and the innermost entry is named inside the nearest named
    one above it.
    """
    names = []
    for depth in range(len(location) + 1):
        here = location[:depth]
        owner = _model_at(model, here)
        if owner is None:
            continue
        data = _value_at(document.data, here)
        if (
            here
            and isinstance(data, dict)
            and isinstance(data.get("id"), (str, int))
            and not isinstance(data.get("id"), bool)
        ):
            names.append((True, f"{owner.what} {data['id']}"))
        elif here and owner.named_by_key:
            names.append((True, f"{owner.what} {here[-1]}"))
        else:
            names.append((False, owner.what))
    if not names:
        return "this entry"
    innermost = names[-1]
    named = [text for is_named, text in names[:-1] if is_named]
    return f"{named[-1]}: {innermost[1]}" if named and not innermost[0] else innermost[1]
