#!/usr/bin/env python3
"""Writes the office-data test files under tests/data/ from tests/data/office.csv.

The same rows in every form an office sends them: GBK CSV (Excel on a
Chinese Windows), UTF-16 CSV with a byte order mark, an .xlsx workbook
(years and values as typed numbers in some rows and as text in others,
on a first sheet named 指标, before a second sheet of notes) and an .ods
workbook. Also
bad-cells.xlsx, whose cells carry one problem each, and corrupt.xlsx,
random bytes with the extension.

Needs openpyxl (`pip install openpyxl`); the .ods is written by hand with
zipfile. Run from the repository root: python3 scripts/gen-office-data.py
"""

import csv
import io
import random
import zipfile
from xml.sax.saxutils import escape

import openpyxl

SRC = "tests/data/office.csv"
OUT = "tests/data/"


def rows():
    """The comment lines, and the rows (header first), of office.csv."""
    with open(SRC, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines(keepends=True)
    comments = [l for l in lines if l.startswith("#")]
    body = "".join(l for l in lines if not l.startswith("#"))
    return comments, list(csv.reader(io.StringIO(body)))


def number(text):
    """The number a value cell holds, or None for text."""
    try:
        f = float(text)
    except ValueError:
        return None
    return int(f) if f == int(f) and "." not in text else f


def write_text_variants(text):
    with open(OUT + "office-gbk.csv", "wb") as f:
        f.write(text.encode("gbk"))
    # UTF-16 as Excel's "Unicode text" saves it: little-endian, a byte
    # order mark, CRLF line ends.
    with open(OUT + "office-utf16.csv", "wb") as f:
        f.write(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))


def typed(r, i, header):
    """Row r's cells as a workbook holds them: years and values as numbers
    in even rows, as text in odd ones (offices paste both)."""
    out = []
    for name, cell in zip(header, r):
        if name in ("year", "value") and i % 2 == 0 and number(cell) is not None:
            out.append(number(cell))
        else:
            out.append(cell if cell != "" else None)
    return out


def write_xlsx(header, data):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(header)
    for i, r in enumerate(data):
        ws.append(typed(r, i, header))
    notes = wb.create_sheet("说明")
    notes.append(["The rows of tests/data/office.csv; the first sheet is read."])
    wb.save(OUT + "office.xlsx")


def ods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def write_ods(header, data):
    table_rows = [header] + [typed(r, i, header) for i, r in enumerate(data)]
    body = "".join(
        "<table:table-row>" + "".join(ods_cell(c) for c in r) + "</table:table-row>"
        for r in table_rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="指标">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(OUT + "office.ods", "w") as z:
        # The mimetype comes first and is stored, as ODF requires.
        z.writestr(
            zipfile.ZipInfo("mimetype", date_time=(2020, 1, 1, 0, 0, 0)),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in [("content.xml", content), ("META-INF/manifest.xml", manifest)]:
            z.writestr(
                zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)),
                text,
                compress_type=zipfile.ZIP_DEFLATED,
            )


def write_bad_cells():
    """One problem a row, each at a known cell of the sheet 指标."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["metric", "year", "value", "unit", "agency"])  # row 1
    ws.append(["实到资金", 2011, 52, "亿元", "市经贸委"])  # row 2: fine
    ws.append(["实到资金", 2011, 53, "亿元", None])  # row 3: conflicts with C2
    ws.append(["实到资", 2012, 53, None, None])  # row 4: unknown metric A4
    ws.append(["实到资金", 2012, "1,234", None, None])  # row 5: C5 separators
    ws.append(["实到资金", "二〇一二", 53, None, None])  # row 6: B6 not a year
    ws.append(["实到资金", 2012, 53, "吨", None])  # row 7: D7 wrong dimension
    ws.append(["系统建成", 2012, "yes", None, None])  # row 8: C8 not a state
    ws.append(["高新技术企业", 2012, 196, None, None, "stray"])  # row 9: F9 no column
    ws["B10"] = __import__("datetime").date(2012, 1, 1)  # row 10: B10 a date
    ws["A10"] = "高新技术企业"
    ws["C10"] = 196
    wb.save(OUT + "bad-cells.xlsx")


def main():
    comments, table = rows()
    header, data = table[0], table[1:]
    with open(SRC, encoding="utf-8") as f:
        write_text_variants(f.read())
    write_xlsx(header, data)
    write_ods(header, data)
    write_bad_cells()
    rng = random.Random(14)
    with open(OUT + "corrupt.xlsx", "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(512)))


if __name__ == "__main__":
    main()
