"""CSV written by openpeel never runs as a spreadsheet formula."""

import csv
import io

from openpeel.csv_output import neutralise, write_rows


def test_text_that_would_run_as_a_formula_is_quoted():
    for text in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert neutralise(text) == "'" + text


def test_ordinary_text_and_numbers_are_unchanged():
    assert neutralise("Kent") == "Kent"
    assert neutralise(-5) == -5
    assert neutralise(-0.5) == -0.5
    assert neutralise(None) is None


def test_write_rows_neutralises_header_and_cells():
    buffer = io.StringIO()
    write_rows(buffer, [{"name": "=1+1", "value": -3}, {"name": "ok"}], ["name", "value"])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["name", "value"], ["'=1+1", "-3"], ["ok", ""]]
