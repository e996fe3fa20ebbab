"""What the report tests share: reading the PDF's text, and the HTML's sections and tables."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, by poppler's pdftotext (pages are split by form feeds)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def all_figures(report) -> list:
    """Every figure of a report model, drawn or left out, in document order."""
    found = []
    for area in report.areas:
        found += [fig for group in area.groups for finding in group.findings for fig in finding.figures]
        found += area.figures
    return found


def flat(text: str) -> str:
    """Whitespace collapsed, so phrases match across line breaks."""
    return " ".join(text.split())


class _Tables(HTMLParser):
    """Every <table> as (class, caption, header row, body rows) with cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"class": attrs.get("class", ""), "caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(flat("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    for table in parser.tables:
        table["caption"] = flat(table["caption"])
    return parser.tables


def visible_text(html: str) -> str:
    """The text a reader sees: tags removed, entities decoded, whitespace collapsed."""
    import html as html_module
    import re

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return flat(html_module.unescape(re.sub(r"<[^>]+>", "", body)))
