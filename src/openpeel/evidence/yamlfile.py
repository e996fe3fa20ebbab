"""Reading definition files (question sets, surveys) with the line of everything in them.

Definitions are written by hand, so a mistake must be reported where it is: every mapping read
here remembers the line it starts on and the line of each key, taken from PyYAML's node marks.
Two YAML habits that bite are closed off: a key given twice is an error rather than silently
replaced, and bare ``yes``/``no``/``on``/``off`` stay text (only ``true``/``false`` are booleans),
because answers like "yes" and "no" are data here.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from openpeel.errors import OpenpeelError


class DefinitionError(OpenpeelError, ValueError):
    """A definition file that cannot be used; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line = str(path), line
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        super().__init__(f"{where}: {message}")


class Node(dict):
    """A mapping from a definition file that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    path: str = "<definition>"


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    result = Node()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise DefinitionError(loader.path, line, f"{key!r} is given twice (first on line {result.key_lines[key]})")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read(path: str | Path, text: str | None = None) -> Node:
    """The top-level mapping of a definition file."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    loader = _Loader(text)
    loader.path = str(path)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DefinitionError(path, mark.line + 1 if mark else None, f"not valid YAML: {exc.problem}") from None
    finally:
        loader.dispose()
    if not isinstance(data, Node):
        raise DefinitionError(path, 1, "the file must be a mapping of keys to values")
    return data


def require(node: Node, key: str, kind: type | tuple, path: str | Path, what: str | None = None):
    """``node[key]``, which must be present and of ``kind``; else an error at the right line."""
    if key not in node:
        raise DefinitionError(path, node.line, f"{what or 'this entry'} has no {key!r}")
    return check(node[key], kind, path, node.line_of(key), f"{key!r}")


def check(value, kind: type | tuple, path: str | Path, line: int, what: str):
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise DefinitionError(path, line, f"{what} must be {_kind_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise DefinitionError(path, line, f"{what} must be {_kind_name(kind)}, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise DefinitionError(path, line, f"{what} is blank")
    return value


def _kind_name(kind) -> str:
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", Node: "a mapping",
             dict: "a mapping", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def known_keys(node: Node, allowed: set[str], path: str | Path, what: str) -> None:
    """Refuse keys we do not understand, so a typo ('refrence') is not silently ignored."""
    for key in node:
        if key not in allowed:
            raise DefinitionError(path, node.line_of(key),
                                  f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(allowed))})")
