"""The report model to HTML (Jinja2, self-contained files) and to a tagged PDF (WeasyPrint).

The same template renders two media. ``screen`` is ``report.html``: the number register and the
list of indicators without data are appendices, and each figure's data table opens in place.
``print`` is the HTML WeasyPrint lays out for ``report.pdf``: the register is the downloads beside
it, long data tables move to an annex, and nothing is hidden behind ``<details>``. The PDF is
PDF/UA-1 (tagged: headings, tables with header cells, figures with alternative text from each
chart's ``<title>``, the document's language and title). The internal working papers are a third
file from their own template. Charts are inline SVG, so no file needs JavaScript or a network.
"""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from openpeel.report.compose import Report

PDF_VARIANT = "pdf/ua-1"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("openpeel.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def stylesheet() -> str:
    return resources.files("openpeel.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def html(report: Report, medium: str = "screen") -> str:
    if medium not in ("screen", "print"):
        raise ValueError(f"medium is screen or print, not {medium!r}")
    return _environment().get_template("report.html.j2").render(report=report, css=stylesheet(), medium=medium)


def working_papers(report: Report) -> str:
    return (
        _environment().get_template("working_papers.html.j2").render(report=report, css=stylesheet(), medium="internal")
    )


def pdf(page: str, base_url: str) -> bytes:
    """``page`` (the print HTML) as a tagged PDF/UA-1 document."""
    import weasyprint

    return weasyprint.HTML(string=page, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
