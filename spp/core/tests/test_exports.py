"""The one rule every spreadsheet export follows (spp/core/exports.py): text that a
spreadsheet would run as a formula is neutralised; numbers stay numbers."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from spp.core.exports import csv_cell, csv_row, xlsx_row

HOSTILE = ['=HYPERLINK("http://evil.example/","x")', "=1+1+cmd|' /C calc'!A0", "+1+1",
           "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_cell_that_starts_like_a_formula_gets_a_quote_in_csv(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-12,50", "-12.50", "+3", "12,50", "Hélène", "", "a=b",
                                   -12, Decimal("-12.50"), None])
def test_numbers_and_ordinary_text_are_left_alone_in_csv(value):
    assert csv_cell(value) == value


def test_a_csv_row_neutralises_each_text_cell_and_keeps_the_amounts():
    assert csv_row([7, "=1+1", "-12,50", "Marie"]) == [7, "'=1+1", "-12,50", "Marie"]


def test_an_xlsx_row_writes_formula_like_text_as_text_cells_never_formulas():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("donnees")
    sheet.append(xlsx_row(sheet, [*HOSTILE, "#N/A", -12.5, "Marie"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [c.value for c in cells[:len(HOSTILE)]] == HOSTILE
    assert {c.data_type for c in cells[:len(HOSTILE)]} == {"s"}
    assert cells[-2].value == -12.5 and cells[-2].data_type == "n"
