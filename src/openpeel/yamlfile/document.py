"""A YAML file read into plain data, with the line of every key and value, within limits."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openpeel.yamlfile.problems import LIMITS, Limits, Problems

try:  # libyaml's parser when PyYAML was built with it: the same events, much faster on long text
    from yaml.cyaml import CParser as _FastParser
except ImportError:  # pragma: no cover - PyYAML wheels for Linux ship it
    _FastParser = None


Location = tuple  # keys and list indexes from the top of the document to a value


@dataclass
class Document:
    """A YAML file's data as plain dicts, lists and scalars, with where each value was written."""

    path: Path
    text: str
    data: Any
    _lines: dict[Location, tuple[int, int]] = field(default_factory=dict, repr=False)  # (key line, value line)
    _spans: dict[Location, tuple[int, int]] = field(default_factory=dict, repr=False)  # scalar text span
    _newlines: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", self.text)]

    def line(self, location: Location = ()) -> int:
        """The line of the value at ``location``, or of the nearest enclosing value written in the file."""
        return self._nearest(tuple(location))[1]

    def key_line(self, location: Location) -> int:
        """The line of the key (or list item) at ``location``, or of the nearest enclosing one."""
        return self._nearest(tuple(location))[0]

    def span(self, location: Location) -> tuple[int, int] | None:
        """Where a scalar value lies in the text, as (start, end) character indexes."""
        return self._spans.get(tuple(location))

    def line_at(self, index: int) -> int:
        """The 1-based line of a character index in the text (a binary search, so any number of calls is cheap)."""
        return bisect.bisect_left(self._newlines, index) + 1

    def line_of_fragment(self, location: Location, fragment: str, start: int = 0) -> tuple[int, int]:
        """The line on which ``fragment`` appears in the value at ``location``, searching from ``start``
        (an index in the file), and the index just after it; the value's line when it is not found."""
        span = self.span(location)
        if span is not None and fragment:
            found = self.text.find(fragment, max(start, span[0]), span[1])
            if found >= 0:
                return self.line_at(found), found + len(fragment)
            return self.line(location), span[1]  # not there: later searches for it end at once
        return self.line(location), start

    def _nearest(self, location: Location) -> tuple[int, int]:
        while location and location not in self._lines:
            location = location[:-1]
        return self._lines.get(location, (1, 1))


# ---- reading ---------------------------------------------------------------------------------


def read(
    path: str | Path, problems: Problems, *, text: str | None = None, raw: bytes | None = None, limits: Limits = LIMITS
) -> Document | None:
    """Read and parse one YAML document; on any problem record it (with its line) and return None.

    ``raw`` (bytes, such as an upload) or ``text`` is the content when it is already in hand; ``path``
    then only names it in messages. Bytes get the same checks as a file: size, binary, UTF-16, UTF-8.
    """
    path = Path(path)
    if raw is not None:
        if len(raw) > limits.max_bytes:
            problems.add(1, _too_big(len(raw), limits))
            return None
        text = _decode(raw, problems)
    elif text is None:
        text = _read_text(path, problems, limits)
    elif len(text) > limits.max_bytes:
        problems.add(1, _too_big(len(text.encode("utf-8", "replace")), limits))
        return None
    if text is None:
        return None
    if "\x00" in text:
        problems.add(text.count("\n", 0, text.index("\x00")) + 1, "the file is binary, not YAML text")
        return None
    try:
        built = _Builder(text, limits).build()
    except _Refused as exc:
        problems.add(exc.line, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        problems.add(*_malformed(exc))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        problems.add(line, f"the file holds a control character (U+{code:04X}) that YAML does not allow; remove it")
        return None
    except yaml.YAMLError as exc:
        problems.add(1, f"malformed YAML: {exc}")
        return None
    if built is None:
        problems.add(1, "the file is empty")
        return None
    data, lines, spans = built
    return Document(path, text, data, lines, spans)


def _malformed(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line a parser stopped on, and what it says, naming the line where the broken part began."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    context = exc.context or ""
    if exc.context_mark is not None and exc.context_mark.line + 1 != line and context:
        context += f" (begun on line {exc.context_mark.line + 1})"
    detail = " ".join(part for part in (context, exc.problem) if part)
    return line, f"malformed YAML: {detail}"


def _read_text(path: Path, problems: Problems, limits: Limits) -> str | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        problems.add(1, "no such file")
        return None
    except IsADirectoryError:
        problems.add(1, "this is a folder, not a YAML file")
        return None
    except OSError as exc:
        problems.add(1, f"cannot read the file ({exc.strerror})")
        return None
    if len(raw) > limits.max_bytes:
        problems.add(1, _too_big(len(raw), limits))
        return None
    return _decode(raw, problems)


def _decode(raw: bytes, problems: Problems) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and (raw[0] == 0) != (raw[1] == 0)):
        problems.add(1, "the file is UTF-16 text: save it as UTF-8")
        return None
    if b"\x00" in raw:
        problems.add(raw.count(b"\n", 0, raw.index(b"\x00")) + 1, "the file is binary, not YAML text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.add(line, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read): save it as UTF-8")
        return None
    return text.removeprefix("\ufeff")


def _too_big(size: int, limits: Limits) -> str:
    return f"the file is too big for a YAML file openpeel reads ({size:,} bytes; at most {limits.max_bytes:,})"


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Resolver(yaml.resolver.Resolver):
    """PyYAML's implicit types, except that only true and false are booleans (YAML 1.2)."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG, _SEQ_TAG, _MERGE_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"


class _Node:
    """A composed value: kind 'scalar' | 'seq' | 'map', its content and where it starts."""

    __slots__ = ("kind", "value", "line", "start", "end", "text")

    def __init__(self, kind: str, value: Any, line: int, start: int, end: int = 0, text: str = "") -> None:
        self.kind, self.value, self.line, self.start, self.end, self.text = kind, value, line, start, end, text


class _Builder:
    """Events -> nodes (without recursion, so depth is checked before it can hurt) -> plain data."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.resolver = _Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.lines: dict[Location, tuple[int, int]] = {}
        self.spans: dict[Location, tuple[int, int]] = {}

    def build(self):
        parser = _FastParser(self.text) if _FastParser is not None else yaml.SafeLoader(self.text)
        try:
            root = self._compose(parser)
        finally:
            parser.dispose()
        if root is None:
            return None
        self._measure(root, {}, set())
        self.lines[()] = (1, root.line)
        return self._convert(root, (), 0), self.lines, self.spans

    # -- composing ------------------------------------------------------------------------------

    def _compose(self, parser) -> _Node | None:
        anchors: dict[str, _Node] = {}
        aliases = 0
        stack: list[_Node] = []
        root: _Node | None = None
        documents = 0
        while True:
            event = parser.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.StreamEndEvent):
                return root
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(line, "the file holds more than one YAML document (a second '---')")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                continue
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > self.limits.max_aliases:
                    raise _Refused(line, f"too many aliases (more than {self.limits.max_aliases} uses of '*name')")
                if event.anchor not in anchors:
                    raise _Refused(line, f"alias *{event.anchor} refers to no anchor &{event.anchor} above it")
                node = anchors[event.anchor]
            elif isinstance(event, yaml.ScalarEvent):
                node = _Node(
                    "scalar", self._scalar(event, line), line, event.start_mark.index, event.end_mark.index, event.value
                )
            else:  # the start of a sequence or mapping
                if len(stack) >= self.limits.max_depth:
                    raise _Refused(line, f"the file is nested too deeply (more than {self.limits.max_depth} levels)")
                is_map = isinstance(event, yaml.MappingStartEvent)
                tag = event.tag
                if tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                    raise _Refused(line, f"tag {tag} is not allowed here")
                node = _Node("map" if is_map else "seq", [], line, event.start_mark.index)
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                anchors[event.anchor] = node
            self._attach(stack, node)
            if root is None:
                root = node
            if node.kind != "scalar" and not isinstance(event, yaml.AliasEvent):
                stack.append(node)

    def _scalar(self, event, line: int) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _MERGE_TAG:
            return "<<"
        if tag not in _SCALAR_TAGS:
            raise _Refused(line, f"tag {tag} is not allowed here")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            raise _Refused(line, f"{event.value[:40]!r} cannot be read as {tag.rsplit(':', 1)[-1]} ({exc})") from None

    @staticmethod
    def _attach(stack: list[_Node], node: _Node) -> None:
        if not stack:
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.value.append(node)
        elif parent.value and parent.value[-1][1] is None:
            parent.value[-1][1] = node
        else:
            parent.value.append([node, None])

    # -- converting -----------------------------------------------------------------------------

    def _measure(self, node: _Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
        """How many values ``node`` expands to, counted once per distinct node, so a file that
        would expand to billions is refused before anything is expanded."""
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in open_nodes:
            raise _Refused(node.line, "an alias refers to a mapping or list that contains it")
        size = 1
        if node.kind != "scalar":
            open_nodes.add(id(node))
            children = node.value if node.kind == "seq" else [n for pair in node.value for n in pair]
            for child in children:
                size += self._measure(child, sizes, open_nodes)
                if size > self.limits.max_values:
                    raise _Refused(
                        node.line,
                        f"the file expands to too many values (more than "
                        f"{self.limits.max_values:,}; aliases repeating aliases, as in a "
                        "'billion laughs' file?)",
                    )
            open_nodes.discard(id(node))
        sizes[id(node)] = size
        return size

    def _convert(self, node: _Node, location: Location, depth: int) -> Any:
        if depth > self.limits.max_depth:
            raise _Refused(node.line, f"the file is nested too deeply (more than {self.limits.max_depth} levels)")
        if node.kind == "scalar":
            self.spans[location] = (node.start, node.end)
            return node.value
        if node.kind == "seq":
            items = []
            for index, item in enumerate(node.value):
                here = (*location, index)
                self.lines[here] = (item.line, item.line)
                items.append(self._convert(item, here, depth + 1))
            return items
        result: dict[str, Any] = {}
        merged: list[_Node] = []
        for key_node, value_node in node.value:
            if key_node.kind != "scalar":
                raise _Refused(key_node.line, "a key must be a plain word, not a list or mapping")
            if key_node.text == "<<" and key_node.value == "<<":
                merged += value_node.value if value_node.kind == "seq" else [value_node]
                continue
            key = key_node.text
            if key in result:
                raise _Refused(
                    key_node.line, f"{key!r} is given twice (first on line {self.lines[(*location, key)][0]})"
                )
            here = (*location, key)
            self.lines[here] = (key_node.line, value_node.line)
            result[key] = self._convert(value_node, here, depth + 1)
        for source in merged:  # '<<: *defaults' fills in keys the mapping does not give itself
            if source.kind != "map":
                raise _Refused(source.line, "'<<' must merge a mapping (or a list of mappings)")
            for key_node, value_node in source.value:
                if key_node.text not in result:
                    here = (*location, key_node.text)
                    self.lines[here] = (key_node.line, value_node.line)
                    result[key_node.text] = self._convert(value_node, here, depth + 1)
        return result
