"""Read YAML keeping the line every mapping, key, list item and value came from.

PyYAML's composer gives nodes with marks (positions in the text); this module turns them into
ordinary dicts and lists that remember their lines, so a validator can say "line 42" about any
value. It also refuses duplicate keys, which plain ``yaml.safe_load`` silently lets the last one
win.

The ``field`` helpers read one value of an expected type from a mapping and record a problem
(with the value's line) when it is missing or of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from openpeel.framework.errors import Problems


class YamlMap(dict):
    """A mapping that knows its own line and the line of each key and value."""

    line: int
    key_lines: dict[str, int]
    value_marks: dict[str, tuple[int, int, int]]  # key -> (line, start index, end index) of the value

    def line_of(self, key: str) -> int:
        """The line of the value under ``key`` (or of the mapping itself if the key is absent)."""
        mark = self.value_marks.get(key)
        return mark[0] if mark else self.line

    def key_line(self, key: str) -> int:
        """The line of ``key`` itself (or of the mapping if the key is absent)."""
        return self.key_lines.get(key, self.line)

    def span_of(self, key: str) -> tuple[int, int] | None:
        """Where the value under ``key`` lies in the file's text, as (start, end) indexes."""
        mark = self.value_marks.get(key)
        return (mark[1], mark[2]) if mark else None


class YamlList(list):
    """A list that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    text: str
    root: Any

    def line_at(self, index: int) -> int:
        """The 1-based line of a character index in the file's text."""
        return self.text.count("\n", 0, index) + 1


def read_yaml(path: Path, problems: Problems) -> YamlDocument | None:
    """Parse one YAML document; on malformed YAML record the problem and return None."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(1, "no such file")
        return None
    except UnicodeDecodeError as exc:
        problems.add(1, f"file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    except OSError as exc:
        problems.add(1, f"cannot read the file ({exc.strerror})")
        return None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.add(1, "file is empty")
            return None
        root = _convert(node, loader, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        problems.add(mark.line + 1 if mark else 1, f"malformed YAML: {detail}")
        return None
    except yaml.YAMLError as exc:
        problems.add(1, f"malformed YAML: {exc}")
        return None
    finally:
        loader.dispose()
    return YamlDocument(Path(path), text, root)


def _convert(node: yaml.Node, loader: yaml.SafeLoader, problems: Problems) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.value_marks = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(key_line, "a key must be a plain word, not a list or mapping")
                continue
            key = str(loader.construct_object(key_node))
            if key in result:
                problems.add(key_line, f"duplicate key {key!r} (first given on line {result.key_lines[key]})")
                continue
            result[key] = _convert(value_node, loader, problems)
            result.key_lines[key] = key_line
            result.value_marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.index,
                                       value_node.end_mark.index)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YamlList()
        result.line = node.start_mark.line + 1
        result.item_lines = []
        for item in node.value:
            result.append(_convert(item, loader, problems))
            result.item_lines.append(item.start_mark.line + 1)
        return result
    return loader.construct_object(node, deep=True)


# ---- reading fields of an expected type ------------------------------------------------------


def check_keys(mapping: YamlMap, problems: Problems, *, what: str, required: Iterable[str] = (),
               optional: Iterable[str] = ()) -> None:
    """Record a problem for each required key missing and each key not known."""
    required = list(required)
    known = set(required) | set(optional)
    for key in required:
        if key not in mapping or mapping[key] is None or mapping[key] == "":
            problems.add(mapping.line, f"{what} has no {key!r}")
    for key in mapping:
        if key not in known:
            problems.add(mapping.key_lines[key],
                         f"{what} has an unknown field {key!r} (expected one of: {', '.join(sorted(known))})")


def text_field(mapping: YamlMap, key: str, problems: Problems, *, what: str) -> str | None:
    """A non-empty string, stripped; None (problem recorded if present but wrong) otherwise."""
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, (YamlMap, YamlList)) or isinstance(value, bool):
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be text")
        return None
    text = str(value).strip()
    return text or None


def int_field(mapping: YamlMap, key: str, problems: Problems, *, what: str, minimum: int | None = None) -> int | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be a whole number, not {value!r}")
        return None
    if minimum is not None and value < minimum:
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be at least {minimum}, not {value}")
        return None
    return value


def number_field(mapping: YamlMap, key: str, problems: Problems, *, what: str,
                 minimum: float | None = None, maximum: float | None = None) -> float | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be a number, not {value!r}")
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be {bounds}, not {value}")
        return None
    return float(value)


def list_field(mapping: YamlMap, key: str, problems: Problems, *, what: str) -> YamlList | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, YamlList):
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be a list")
        return None
    return value


def map_field(mapping: YamlMap, key: str, problems: Problems, *, what: str) -> YamlMap | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, YamlMap):
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be a mapping of names to values")
        return None
    return value


def date_field(mapping: YamlMap, key: str, problems: Problems, *, what: str) -> date | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(mapping.line_of(key), f"{what}: {key!r} must be a date written YYYY-MM-DD, not {value!r}")
        return None


def mappings_in(items: YamlList, problems: Problems, *, what: str) -> list[tuple[YamlMap, int]]:
    """The items of a list that are mappings, with their lines; a problem for any that is not."""
    found = []
    for item, line in zip(items, items.item_lines):
        if isinstance(item, YamlMap):
            found.append((item, line))
        else:
            problems.add(line, f"each {what} must be a mapping of fields, not {item!r}")
    return found
