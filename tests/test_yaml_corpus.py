"""Malformed YAML, made by rules from the shipped good files, is refused cleanly, naming file and line.

Every YAML file the product reads goes through :mod:`openpeel.yamlfile`. Here each shipped file
(question set, survey, framework, findings, report figures, grading rules, the demo's published
results) is broken in the same ways: bad syntax, a tab, a key given twice, an unknown or missing
key, a value of the wrong type, binary, UTF-16 and Latin-1 text, deep nesting, aliases that expand
to billions, an unknown tag, two documents, nothing at all. For each input the loader must raise
the file kind's error (one of the errors meant for users) with every problem naming the file and a
line inside it, and where the rule knows the line, that line. A sample goes through the command
line too, which must print one message (exit status 2), never a traceback.

The resource limits are tested apart: a "billion laughs" file is refused at once in a process that
stays small, and a findings file whose title is 3 MB of figures is checked in seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from openpeel.demo import published
from openpeel.errors import OpenpeelError
from openpeel.evidence import DefinitionError, load_published_audits, load_question_set, load_survey_definition
from openpeel.evidence.questions import shipped_path as shipped_question_set
from openpeel.evidence.surveys import shipped_path as shipped_survey
from openpeel.framework import (
    FrameworkFileError,
    InspectionFileError,
    KnownEvidence,
    load_framework,
    load_inspection,
    load_rules_file,
)
from openpeel.framework.framework_loader import framework_path
from openpeel.framework.inspection_loader import inspections_dir
from openpeel.report.figure_specs import FigureSpecError, figures_path, load_figure_specs
from openpeel.yamlfile import LIMITS, Document, Problems, read

DEMO_INSPECTION = inspections_dir() / "northamptonshire-demo-2025.yaml"
EVIDENCE_IDS = Path(__file__).parent / "framework" / "data" / "demo_evidence_ids.yaml"


def _known() -> KnownEvidence:
    ids = yaml.safe_load(EVIDENCE_IDS.read_text(encoding="utf-8"))
    return KnownEvidence.of(indicators=ids["indicators"], audits=ids["audits"], surveys=ids["surveys"])


RULES_TEXT = "# grading rules for one run\ngrading:\n  audit_threshold: 0.9\n  requires_improvement_from: 4\n"


@dataclass(frozen=True)
class Kind:
    """A sort of YAML file: a good example and how the product loads it."""

    name: str
    good: Callable[[], str]
    load: Callable[[Path], object]
    error: type[OpenpeelError]
    cli: Callable[[Path], list[str]] | None = None  # the command that reads such a file


KINDS = [
    Kind(
        "question set",
        lambda: shipped_question_set().read_text(encoding="utf-8"),
        load_question_set,
        DefinitionError,
        lambda p: ["audit", "results", "--force", "northamptonshire", "--questions", str(p)],
    ),
    Kind(
        "survey",
        lambda: shipped_survey().read_text(encoding="utf-8"),
        load_survey_definition,
        DefinitionError,
        lambda p: ["survey", "results", "--force", "northamptonshire", "--survey", str(p)],
    ),
    Kind(
        "framework",
        lambda: framework_path("peel-2025-27").read_text(encoding="utf-8"),
        load_framework,
        FrameworkFileError,
        lambda p: ["framework", "show", "--framework", str(p)],
    ),
    Kind(
        "findings",
        lambda: DEMO_INSPECTION.read_text(encoding="utf-8"),
        lambda p: load_inspection(p, known=_known()),
        InspectionFileError,
        lambda p: ["findings", "check", str(p)],
    ),
    Kind(
        "report figures",
        lambda: figures_path("peel-2025-27").read_text(encoding="utf-8"),
        lambda p: load_figure_specs("peel-2025-27", p),
        FigureSpecError,
    ),
    Kind(
        "grading rules", lambda: RULES_TEXT, lambda p: load_rules_file(p, load_framework().grading), FrameworkFileError
    ),
    Kind(
        "published results",
        lambda: published.AUDITS_PATH.read_text(encoding="utf-8"),
        lambda p: load_published_audits(p, load_question_set()),
        DefinitionError,
    ),
]


# ---- rules that break a good file ------------------------------------------------------------
#
# Each takes the good text and returns the broken content (text or bytes) and the line the refusal
# must name (None where any line inside the file will do).


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _first(text: str, pattern: str) -> int:
    """The 0-based index of the first line matching ``pattern``."""
    for index, line in enumerate(_lines(text)):
        if re.search(pattern, line):
            return index
    raise AssertionError(f"no line matches {pattern!r}")


def _top_key(text: str) -> int:
    return _first(text, r"^[a-z_]+:")


def _nested_key(text: str) -> int:
    """The first indented 'key: value' line (a mapping entry below the top)."""
    return _first(text, r"^ +[a-z_]+: \S")


def duplicate_key(text):
    lines, at = _lines(text), _top_key(text)
    return "\n".join(lines[: at + 1] + [lines[at]] + lines[at + 1 :]), at + 2


def unknown_top_key(text):
    return text.rstrip("\n") + "\ncolour: red\n", len(_lines(text.rstrip("\n"))) + 1


def missing_top_key(text):
    lines, at = _lines(text), _top_key(text)
    return "\n".join(lines[:at] + lines[at + 1 :]), None


def tab_indent(text):
    lines, at = _lines(text), _nested_key(text)
    lines[at] = "\t" + lines[at].lstrip(" ")
    return "\n".join(lines), at + 1


def unclosed_flow(text):
    lines, at = _lines(text), _nested_key(text)
    key, _, value = lines[at].partition(": ")
    lines[at] = f"{key}: [{value}"
    return "\n".join(lines), None  # the parser stops where it gives up, a line or more further on


def unclosed_quote(text):
    lines, at = _lines(text), _nested_key(text)
    key, _, value = lines[at].partition(": ")
    lines[at] = f'{key}: "{value}'
    return "\n".join(lines), None


def bad_indent(text):
    lines, at = _lines(text), _nested_key(text)
    lines[at + 1] = " " + lines[at + 1] if lines[at + 1].strip() else lines[at + 1]
    return "\n".join(lines), None


def list_for_text(text):
    """A value that should be a word or a number given as a list."""
    lines, at = _lines(text), _nested_key(text)
    key, _, _ = lines[at].partition(": ")
    lines[at] = f"{key}: [a, b]"
    return "\n".join(lines), at + 1


def top_level_list(text):
    return "- " + text.replace("\n", "\n  "), None


def scalar_document(text):
    return "just some words\n", 1


def empty(text):
    return "", 1


def comments_only(text):
    return "# nothing here but a comment\n", 1


def two_documents(text):
    return text.rstrip("\n") + "\n---\nid: another\n", len(_lines(text.rstrip("\n"))) + 1


def python_tag(text):
    return text.rstrip("\n") + "\nrun: !!python/object/apply:os.system [echo hi]\n", len(_lines(text.rstrip("\n"))) + 1


def unknown_alias(text):
    return text.rstrip("\n") + "\nextra: *nowhere\n", len(_lines(text.rstrip("\n"))) + 1


def billion_laughs(text):
    laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    return text.rstrip("\n") + "\nlaughs:\n" + textwrap.indent("\n".join(laughs), "  ") + "\n", None


def deep_nesting(text):
    depth = LIMITS.max_depth * 3
    return text.rstrip("\n") + "\ndeep: " + "[" * depth + "]" * depth + "\n", len(_lines(text.rstrip("\n"))) + 1


def deep_block_nesting(text):
    depth = LIMITS.max_depth + 5
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "end: 1\n"
    return text.rstrip("\n") + "\n" + nested, None


def binary(text):
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 3  # the line of the first NUL byte


def nul_inside(text):
    lines, at = _lines(text), _nested_key(text)
    lines[at] += "\x00"
    return "\n".join(lines).encode("utf-8"), at + 1


def utf16(text):
    return text.encode("utf-16"), 1


def utf16_without_mark(text):
    return text.encode("utf-16-le"), 1


def latin1(text):
    """One line saved from a Windows editor into an otherwise UTF-8 file."""
    lines, at = _lines(text), _nested_key(text)
    encoded = [line.encode("utf-8") for line in lines]
    encoded[at] = (lines[at] + " café").encode("cp1252")
    return b"\n".join(encoded), at + 1


def control_character(text):
    lines, at = _lines(text), _nested_key(text)
    lines[at] += " \x07bell"
    return "\n".join(lines), at + 1


def huge_number(text):
    lines, at = _lines(text), _first(text, r"^ +[a-z_]+: \d")
    key, _, _ = lines[at].partition(": ")
    lines[at] = f"{key}: 123456789012345678901234567890"
    return "\n".join(lines), at + 1


RULES = [
    duplicate_key,
    unknown_top_key,
    missing_top_key,
    tab_indent,
    unclosed_flow,
    unclosed_quote,
    bad_indent,
    list_for_text,
    top_level_list,
    scalar_document,
    empty,
    comments_only,
    two_documents,
    python_tag,
    unknown_alias,
    billion_laughs,
    deep_nesting,
    deep_block_nesting,
    binary,
    nul_inside,
    utf16,
    utf16_without_mark,
    latin1,
    control_character,
    huge_number,
]


def _applies(rule, kind: Kind) -> bool:
    try:
        rule(kind.good())
    except (AssertionError, IndexError):
        return False  # the good file has nothing this rule can break (no number, say)
    return True


CASES = [
    pytest.param(kind, rule, id=f"{kind.name}-{rule.__name__}")
    for kind in KINDS
    for rule in RULES
    if _applies(rule, kind)
]


def _write(tmp_path: Path, content) -> Path:
    path = tmp_path / "broken.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_the_corpus_is_big_enough_and_covers_every_kind():
    assert len(CASES) >= 150
    assert {case.values[0].name for case in CASES} == {k.name for k in KINDS}


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_each_good_file_loads(kind, tmp_path):
    kind.load(_write(tmp_path, kind.good()))


@pytest.mark.parametrize("kind, rule", CASES)
def test_malformed_yaml_is_refused_naming_file_and_line(kind, rule, tmp_path):
    content, line = rule(kind.good())
    path = _write(tmp_path, content)
    started = time.perf_counter()
    with pytest.raises(kind.error) as caught:
        kind.load(path)
    assert time.perf_counter() - started < 10
    error = caught.value
    assert isinstance(error, OpenpeelError)
    lines = content.count(b"\n" if isinstance(content, bytes) else "\n") + 1
    assert error.problems, "a refusal lists at least one problem"
    for problem in error.problems:
        assert problem.path == path and 1 <= problem.line <= lines and problem.message
    assert f"{path}:{error.problems[0].line}: " in str(error)
    if line is not None:
        assert line in [p.line for p in error.problems], str(error)


@pytest.mark.parametrize(
    "kind, rule",
    [(k, r) for k in KINDS if k.cli for r in (tab_indent, binary, utf16, billion_laughs, unknown_top_key)],
    ids=lambda v: getattr(v, "name", None) or getattr(v, "__name__", ""),
)
def test_the_command_line_prints_one_message_naming_file_and_line(kind, rule, tmp_path, cli, monkeypatch):
    monkeypatch.setattr(KnownEvidence, "discover", classmethod(lambda cls, **_: _known()))
    content, _ = rule(kind.good())
    path = _write(tmp_path, content)
    result = cli(*kind.cli(path))
    assert result.exit_code == 2, result.output
    assert re.search(rf"{re.escape(str(path))}:\d+: ", result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr and "internal error" not in result.stderr


# ---- the limits themselves -------------------------------------------------------------------


def _document(text: str) -> tuple[Document | None, Problems]:
    problems = Problems("x.yaml")
    return read("x.yaml", problems, text=text), problems


def test_aliases_within_the_limits_are_read():
    document, problems = _document("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert not problems and document.data == {"base": {"x": 1}, "use": {"x": 1}, "merged": {"y": 2, "x": 1}}
    assert document.line(("merged", "y")) == 5 and document.line(("merged", "x")) == 1


def test_a_file_too_big_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (LIMITS.max_bytes // 10 + 1))
    problems = Problems(path)
    assert read(path, problems) is None
    assert "too big" in problems.items[0].message and problems.items[0].line == 1


def test_an_alias_to_its_own_container_is_refused():
    _, problems = _document("a: &a\n  b: *a\n")
    assert [(p.line, p.message) for p in problems.items] == [
        (1, "an alias refers to a mapping or list that contains it")
    ]


def test_uploaded_bytes_get_the_same_checks_as_a_file():
    problems = Problems("upload.yaml")
    assert read("upload.yaml", problems, raw="a: 1\n".encode("utf-16")) is None
    assert [(p.line, p.message) for p in problems.items] == [(1, "the file is UTF-16 text: save it as UTF-8")]
    problems = Problems("upload.yaml")
    assert read("upload.yaml", problems, raw=b"a: 1\nb: caf\xe9\n") is None
    assert [(p.line, p.message[:26]) for p in problems.items] == [(2, "the file is not UTF-8 text")]
    assert read("upload.yaml", Problems("upload.yaml"), raw=b"a: 1\n").data == {"a": 1}


def test_only_true_and_false_are_booleans():
    document, _ = _document("a: yes\nb: no\nc: on\nd: true\ne: False\n")
    assert document.data == {"a": "yes", "b": "no", "c": "on", "d": True, "e": False}


def test_a_billion_laughs_findings_file_is_refused_at_once_in_a_small_process(tmp_path):
    content, _ = billion_laughs(DEMO_INSPECTION.read_text(encoding="utf-8"))
    path = _write(tmp_path, content)
    # The peak size of the process comes from /proc (VmHWM starts afresh with the new program, where
    # getrusage's maximum is inherited from the parent across fork and exec).
    code = textwrap.dedent(f"""
        import re, sys, time
        from pathlib import Path
        from openpeel.framework import InspectionFileError, KnownEvidence, load_inspection
        started = time.perf_counter()
        try:
            load_inspection({str(path)!r}, known=KnownEvidence.of())
        except InspectionFileError as exc:
            print(exc.problems[0].line, exc.problems[0].message)
        else:
            sys.exit("loaded")
        peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1]) / 1024
        print(f"{{time.perf_counter() - started:.3f}} {{peak:.1f}}")
    """)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert done.returncode == 0, done.stderr
    refusal, measures = done.stdout.strip().splitlines()
    line, message = refusal.split(" ", 1)
    assert _first(content, "^laughs:") < int(line) <= len(_lines(content)) and "too many values" in message
    seconds, peak_mb = (float(x) for x in measures.split())
    assert seconds < 2, f"refused after {seconds} s"
    assert peak_mb < 200, f"the process reached {peak_mb:.0f} MB"  # the old reader passed 6 GB


def test_a_findings_title_of_3_mb_is_checked_in_seconds(tmp_path):
    text = DEMO_INSPECTION.read_text(encoding="utf-8")
    lines = _lines(text)
    findings = _first(text, r"^findings:")
    title = findings + _first("\n".join(lines[findings:]), r"^    title: ")  # the first finding's title
    lines[title] = "    title: " + "1 " * 1_500_000  # 3 MB of figures typed by hand
    path = _write(tmp_path, "\n".join(lines))
    started = time.perf_counter()
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path, known=_known())
    assert time.perf_counter() - started < 20
    error = caught.value
    assert len(error.problems) == LIMITS.max_problems and error.more == 1_500_000 - LIMITS.max_problems
    assert {p.line for p in error.problems} == {title + 1}
    assert str(error).startswith(f"1,500,000 problems in {path}") and "... and 1,499,800 more" in str(error)
