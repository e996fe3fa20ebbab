"""The report model to HTML (Jinja2, one self-contained file) and to PDF (WeasyPrint, same HTML).

Charts are inline SVG, so neither file needs JavaScript or a network. For the PDF, closed
``<details>`` elements are opened so that every figure's data table prints.
"""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from openpeel.report.compose import Report


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("openpeel.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    return env


def stylesheet() -> str:
    return resources.files("openpeel.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def html(report: Report) -> str:
    return _environment().get_template("report.html.j2").render(report=report, css=stylesheet())


def pdf(page: str, base_url: str) -> bytes:
    import weasyprint

    printable = page.replace('<details class="data-table">', '<details class="data-table" open>')
    return weasyprint.HTML(string=printable, base_url=base_url).write_pdf()
