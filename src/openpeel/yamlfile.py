"""Reading the YAML files openpeel is given, with limits, and with the line of every value.

Every YAML file the product reads (frameworks, findings, question sets, surveys, report figures,
grading rules, the demo's published results, and uploads to the web workspace) comes through
:func:`read`. It does four things plain ``yaml.safe_load`` does not:

- **Limits.** The file's size, its nesting depth, the number of aliases and the number of values
  after aliases are expanded are all bounded (:data:`LIMITS`), so a "billion laughs" file or a
  deeply nested one is refused at once, in bounded memory, with a message naming the file and line.
  Binary files, and text that is not UTF-8 (UTF-16 from a spreadsheet export, say), are refused the
  same way.
- **Lines.** Events come from PyYAML's parser (libyaml's when it is installed, which is quick even
  for megabytes of text), each with its position; the document keeps the line of every key and
  value, so any later check can say "line 42".
- **No silent surprises.** A key given twice is an error rather than the last one winning; only
  ``true``/``false`` are booleans (YAML 1.2), so answers such as ``yes`` and ``no`` stay text;
  tags other than the plain scalar ones are refused.
- **Models.** :func:`validate` checks the data against a pydantic model describing the file's
  structure and turns each validation error into a problem at the line of the value at fault.

Problems are collected per file (:class:`Problems`) and raised together as a :class:`FileError`
(or a subclass naming the kind of file), so a user sees everything wrong at once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from openpeel.errors import OpenpeelError
from openpeel.periods import Period, PeriodError

try:  # libyaml's parser when PyYAML was built with it: the same events, much faster on long text
    from yaml.cyaml import CParser as _FastParser
except ImportError:  # pragma: no cover - PyYAML wheels for Linux ship it
    _FastParser = None


# ---- limits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How big a YAML file may be. The defaults are far above anything written by hand."""

    max_bytes: int = 8 * 1024 * 1024  # the whole file
    max_depth: int = 40  # mappings and lists inside each other
    max_aliases: int = 100  # uses of an anchor (``*name``)
    max_values: int = 200_000  # values once aliases are expanded (a billion laughs file needs billions)
    max_problems: int = 200  # problems listed for one file; the rest are counted


LIMITS = Limits()


# ---- problems --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FileError(OpenpeelError, ValueError):
    """One or more problems in a file; ``problems`` lists them in line order."""

    def __init__(self, problems: Sequence[Problem], more: int = 0) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (str(p.path), p.line)))
        self.more = more
        count = len(self.problems) + more
        head = f"{count:,} problem{'s' if count != 1 else ''} in {self.problems[0].path}" if count else "no problems"
        lines = [head, *(f"  {p}" for p in self.problems)]
        if more:
            lines.append(f"  ... and {more:,} more")
        super().__init__("\n".join(lines))

    @property
    def path(self) -> Path | None:
        return self.problems[0].path if self.problems else None

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None


class Problems:
    """Collects the problems found while reading one file (at most ``limits.max_problems`` kept)."""

    def __init__(self, path: str | Path, limits: Limits = LIMITS) -> None:
        self.path = Path(path)
        self.items: list[Problem] = []
        self.more = 0
        self._limit = limits.max_problems

    def add(self, line: int, message: str) -> None:
        if len(self.items) >= self._limit:
            self.more += 1
            return
        self.items.append(Problem(self.path, max(int(line), 1), message))

    def __len__(self) -> int:
        return len(self.items) + self.more

    @property
    def room(self) -> int:
        """How many more problems will be listed (beyond that they are only counted)."""
        return max(self._limit - len(self.items), 0)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, error: type[FileError] = FileError) -> None:
        if self.items:
            raise error(self.items, self.more)


# ---- the document ----------------------------------------------------------------------------

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


# ---- models ----------------------------------------------------------------------------------


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


def _model_at(model: type[BaseModel], location: Location) -> type[BaseModel] | None:
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
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


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


def _message(model: type[BaseModel], document: Document, location: Location, error: dict) -> str:
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


def _detail(error: dict) -> str:
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


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: short, whatever its size."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
