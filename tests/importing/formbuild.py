"""Lay a text report out as a Word document and as a PDF, the way agencies file them.

The cover and 提要 fields become one Word table: a label cell and its value merged
across the other columns; the traveller table sits in the same table under an
出國人員 cell merged down over its rows.  Body lines become paragraphs.  The PDF
is printed by headless Chromium from the same layout as HTML (a ruled table).
"""

import html
import io
import re
import subprocess
import tempfile
from pathlib import Path

from meetings.importing.labels import LABEL_RE
from meetings.importing.normalize import display_width

CHROMIUM = "/usr/bin/chromium"
_FIELD_RE = re.compile(r"^(?P<label>[^：:]{2,20}?)[\s\u3000]*[：:][\s\u3000]*(?P<value>.*)$")


def _spans(line):
    """``[(display column, text)]`` of the cells of a space-aligned line."""
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append((display_width(line[: m.start()]), m.group()))
    return out


def _cells(line, header=None):
    """A line's cells; a space-aligned row is cut at its header's column positions, so
    an empty cell stays empty."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    spans = _spans(line)
    if not header:
        return [text for _column, text in spans]
    cells = [""] * len(header)
    for column, text in spans:
        index = max(i for i, start in enumerate(header) if start <= column + 2 or i == 0)
        cells[index] = f"{cells[index]} {text}".strip()
    return cells


def blocks(text):
    """``[("p", line) | ("table", rows)]``; a row is ``("field", label, value)`` or
    ``("people", label_or_None, cells)``."""
    out, rows, in_people, header = [], None, False, None
    for line in text.splitlines():
        if not line.strip():
            rows, in_people, header = None, False, None
            continue
        field = _FIELD_RE.match(line.strip())
        cells = _cells(line, header if in_people else None)
        if in_people and header is None and "姓名" in cells and "\t" not in line:
            header = [column for column, _text in _spans(line)]
        is_label = bool(field and LABEL_RE.match(line.strip()))
        if is_label and "\t" not in line:
            if rows is None:
                rows = []
                out.append(("table", rows))
            rows.append(["field", field.group("label"), field.group("value")])
            in_people = not field.group("value")
            continue
        if rows is not None and in_people and len(cells) >= 3:
            if rows[-1][0] == "field" and not rows[-1][2]:
                label = rows.pop()[1]
                rows.append(["people", label, cells])
            else:
                rows.append(["people", None, cells])
            continue
        rows, in_people = None, False
        out.append(("p", line))
    return out


def _width(rows):
    return max([2] + [1 + len(cells) for kind, _label, cells in rows if kind == "people"])


def build_docx(text):
    import docx

    document = docx.Document()
    for block in blocks(text):
        if block[0] == "p":
            document.add_paragraph(block[1])
            continue
        rows = block[1]
        width = _width(rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        top = None
        for index, (kind, label, value) in enumerate(rows):
            if kind == "field":
                table.cell(index, 0).text = label
                cell = table.cell(index, 1)
                if width > 2:
                    cell = cell.merge(table.cell(index, width - 1))
                cell.text = value
                top = None
                continue
            if label is not None:
                table.cell(index, 0).text = label
                top = index
            elif top is not None:
                table.cell(top, 0).merge(table.cell(index, 0))
            for column, text_ in enumerate(value, start=1):
                table.cell(index, column).text = text_
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_html(text):
    parts = [
        "<!doctype html><html lang='zh-Hant'><meta charset='utf-8'>",
        "<style>body{font-family:'Noto Serif CJK TC',serif;font-size:11pt}"
        "table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:3px}"
        "p{margin:2px 0}</style><body>",
    ]
    for block in blocks(text):
        if block[0] == "p":
            parts.append(f"<p>{html.escape(block[1])}</p>")
            continue
        rows = block[1]
        width = _width(rows)
        parts.append("<table>")
        for index, (kind, label, value) in enumerate(rows):
            parts.append("<tr>")
            if kind == "field":
                parts.append(f"<td>{html.escape(label)}</td>")
                parts.append(f"<td colspan='{width - 1}'>{html.escape(value)}</td>")
            else:
                if label is not None:
                    span = 1
                    while index + span < len(rows) and rows[index + span][0] == "people":
                        if rows[index + span][1] is not None:
                            break
                        span += 1
                    parts.append(f"<td rowspan='{span}'>{html.escape(label)}</td>")
                elif index == 0 or rows[index - 1][0] == "field":
                    parts.append("<td></td>")
                cells = list(value) + [""] * (width - 1 - len(value))
                parts.extend(f"<td>{html.escape(cell)}</td>" for cell in cells)
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def build_pdf(text):
    """Print the report's layout to PDF with headless Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.html"
        target = Path(folder) / "report.pdf"
        source.write_text(build_html(text), "utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return target.read_bytes()
