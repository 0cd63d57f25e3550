"""The report as a Word file: a trip document written out in the official layout.

The layout is the one of the 行政院及所屬各機關出國報告 guidelines: a cover, the
公務出國報告提要 as a table (in the order of the 公務出國報告資訊網 form), a 目錄
numbered 壹、一、（一）, then the body.  Everything is written in the genre the report
parser reads, so importing the generated file gives back the same trip document:
``parse(generate(doc)) == doc``.

A trip imported from a report keeps its body as sections, and those are written as
they are (the meetings, agendas, recommendations and attachment list are in them).
A trip without sections — a plan — gets a body built from what the portal knows
(purposes, meetings with their agendas, follow-ups, lessons, attachments), with the
headings of the official outline under which the traveller writes the rest.

python-docx writes the file: it is already used to read Word reports, is kept up to
date, and builds the tables and page breaks without a template file to maintain.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..importing.countries import COUNTRIES
from ..importing.normalize import clean_lines
from ..importing.structure import build_tree

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "標楷體"
# The categories of the form, as ticked boxes (the parser reads the ticked word).
CATEGORY_WORDS = (
    ("study_tour", "考察"),
    ("inspection", "視察"),
    ("visit", "訪問"),
    ("meeting", "開會"),
    ("negotiation", "談判"),
    ("advanced_study", "進修"),
    ("research", "研究"),
    ("training", "研習"),
    ("other", "其他"),
)
RANK_WORDS = {"senior": "簡任", "junior": "薦任", "elementary": "委任", "other": "約聘"}
UPPER_NUMBERS = "壹貳參肆伍陸柒捌玖拾"
CN_NUMBERS = "一二三四五六七八九十"
# The first Chinese name of each country code, the one the parser reads back.
COUNTRY_NAMES = {}
for _name, _code in COUNTRIES.items():
    COUNTRY_NAMES.setdefault(_code, _name)
# Table of contents: top-level sections and two levels of items, short headings only.
TOC_DEPTH = 2
TOC_HEADING_LENGTH = 40


def roc_day(iso):
    """``2022-08-22`` as 民國111年8月22日, the form the report genre uses."""
    if not iso:
        return ""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"民國{year - 1911}年{month}月{day}日"


def period_text(doc):
    start, end = roc_day(doc["start_date"]), roc_day(doc["end_date"])
    if start and end:
        return f"{start}至{end}"
    return start or end


def place_text(doc):
    places = []
    for place in doc["destinations"]:
        country = COUNTRY_NAMES.get(place["country"] or "", place["country"] or "")
        places.append(f"{country}{place['city'] or ''}")
    return "、".join(p for p in places if p)


def category_boxes(category):
    return " ".join(f"{'■' if key == category else '□'}{word}" for key, word in CATEGORY_WORDS)


def category_word(category):
    return dict(CATEGORY_WORDS).get(category, "")


def cn_number(number):
    if number <= 10:
        return CN_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    return f"{CN_NUMBERS[tens - 1] if tens > 1 else ''}十{CN_NUMBERS[ones - 1] if ones else ''}"


def upper_number(number):
    return UPPER_NUMBERS[number - 1] if number <= len(UPPER_NUMBERS) else str(number)


def _person_title(person):
    return " ".join(part for part in (person["name"], person["title"]) if part)


def summary_rows(doc, classification=()):
    """The 提要 as ``(label, cells)`` rows, in the order of the register's form.

    `classification` adds the register's rows the trip document does not hold
    (相關專案, 主題分類, 施政分類), as ``(label, value)`` pairs."""
    contact = doc["contact"]
    contact_name = " ".join(p for p in (contact["name"], contact["title"]) if p)
    yes_no = {True: "■是 □否", False: "□是 ■否"}.get(doc["has_attachments"], "□是 □否")
    return [
        ("系統識別號", [doc.get("system_id") or ""]),
        ("計畫名稱", [doc.get("plan_name") or ""]),
        ("報告名稱", [doc["title"] or ""]),
        ("主辦機關", [doc["agency"] or ""]),
        # An empty phone cell after 電話 would read as the contact's name.
        *(
            [("聯絡人", [contact_name, "電話", contact["phone"]])]
            if contact["phone"]
            else [("聯絡人", [contact_name]), ("電話", [""])]
        ),
        # The column headings alone would read as a traveller named 姓名.
        (
            "出國人員",
            ["姓名", "服務機關", "服務單位", "職稱", "官職等"] if doc["travelers"] else [""],
        ),
        *(
            (
                "",
                [
                    person["name"] or "",
                    person["agency"] or "",
                    person["unit"] or "",
                    person["title"] or "",
                    RANK_WORDS.get(person.get("rank") or "", ""),
                ],
            )
            for person in doc["travelers"]
        ),
        ("出國類別", [category_boxes(doc["category"])]),
        ("出國期間", [period_text(doc)]),
        ("出國地區", [place_text(doc)]),
        ("報告日期", [roc_day(doc["report_date"])]),
        ("關鍵詞", ["、".join(doc["keywords"])]),
        # After the keywords, whose reading stops at any label; before them an empty
        # report date would read the next row as its value.
        *((label, [value]) for label, value in classification),
        ("報告書頁數", [str(doc["pages"]) if doc["pages"] is not None else ""]),
        ("含附件", [yes_no]),
        *_summary_lines(doc["summary"]),
    ]


def _summary_lines(summary):
    lines = (summary or "").split("\n")
    return [("內容摘要" if index == 0 else "", [line]) for index, line in enumerate(lines)]


def planned_sections(doc):
    """The body of a report not written yet, from what the portal knows: the
    official outline (目的, 過程, 心得及建議, 附件) with the known items under it."""
    parts = []
    purposes = [_numbered(i, p["title"], p["body"]) for i, p in enumerate(doc["purposes"], 1)]
    parts.append(("目的", purposes))
    process = []
    for index, meeting in enumerate(doc["meetings"], 1):
        process.extend(_meeting_lines(index, meeting))
    parts.append(("過程", process))
    parts.append(
        (
            "心得及建議",
            [_numbered(i, x["title"], x["body"]) for i, x in enumerate(doc["lessons"], 1)],
        )
    )
    if doc["follow_ups"]:
        parts.append(
            (
                "後續辦理事項",
                [
                    [f"{cn_number(i)}、{f['description']}"]
                    for i, f in enumerate(doc["follow_ups"], 1)
                ],
            )
        )
    if doc["attachments"]:
        parts.append(
            (
                "附件",
                [[f"附件{a['number']}：{a['title'] or ''}"] for a in doc["attachments"]],
            )
        )
    return [
        {
            "heading": f"{upper_number(index)}、{title}",
            "body": "\n".join(line for block in blocks for line in block) or None,
        }
        for index, (title, blocks) in enumerate(parts, 1)
    ]


def _numbered(index, title, body):
    lines = [f"{cn_number(index)}、{title or ''}".rstrip("、")]
    if body:
        lines.extend(body.split("\n"))
    return lines


def _meeting_lines(index, meeting):
    name = meeting["title"] or ""
    if meeting["title_en"]:
        name = f"{name}（{meeting['title_en']}）"
    lines = [f"{cn_number(index)}、會議名稱：{name}"]
    fields = []
    if meeting["start_date"]:
        start, end = roc_day(meeting["start_date"]), roc_day(meeting["end_date"])
        fields.append(f"日期：{start}至{end}" if end and end != start else f"日期：{start}")
    if meeting["location"]:
        fields.append(f"地點：{meeting['location']}")
    if meeting["chairs"]:
        fields.append(f"主席：{'、'.join(meeting['chairs'])}")
    if meeting["agenda"]:
        fields.append("議程：")
    lines.extend(f"（{cn_number(i)}）{text}" for i, text in enumerate(fields, 1))
    lines.extend(_agenda_lines(meeting["agenda"]))
    return [lines]


def _agenda_lines(items, depth=0):
    if not any(item["label"] or item["items"] for item in items):
        # Plain lines read back as items without a label.
        return [item["title"] or "" for item in items]
    lines = []
    for number, item in enumerate(items, 1):
        marker = f"{number}、" if depth == 0 else f"({number})"
        label = item["label"] or ""
        prefix = "" if label.strip("()") == str(number) else f"{label} " if label else ""
        lines.append(f"{marker}{prefix}{item['title'] or ''}")
        lines.extend(_agenda_lines(item["items"], depth + 1))
    return lines


def toc_entries(sections):
    """The 目錄: each section heading, and the headings of its first two item levels."""
    entries = []
    for section in sections:
        entries.append((0, section["heading"]))
        tree = build_tree((section["body"] or "").split("\n"))
        entries.extend(_toc_items(tree.children, 1))
    return entries


def _toc_items(nodes, depth):
    entries = []
    if depth > TOC_DEPTH:
        return entries
    for node in nodes:
        if len(node.heading) <= TOC_HEADING_LENGTH:
            entries.append((depth, node.heading))
        entries.extend(_toc_items(node.children, depth + 1))
    return entries


class _Writer:
    def __init__(self):
        self.document = Document()
        self._set_fonts()

    def _set_fonts(self):
        for name in ("Normal", "Title", "Heading 1", "Heading 2"):
            style = self.document.styles[name]
            style.font.name = FONT
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), FONT)
        self.document.styles["Normal"].font.size = Pt(14)
        section = self.document.sections[0]
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.5)

    def paragraph(self, text, *, center=False, size=None, bold=False, style=None):
        paragraph = self.document.add_paragraph(style=style)
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def cover(self, doc):
        self.paragraph("行政院及所屬各機關出國報告", center=True, size=22, bold=True)
        if doc["category"]:
            self.paragraph(f"（出國類別：{category_word(doc['category'])}）", center=True)
        self.document.add_paragraph()
        self.paragraph(doc["title"] or "", center=True, size=20, bold=True)
        self.document.add_paragraph()
        names = "、".join(_person_title(p) for p in doc["travelers"])
        for label, value in (
            ("服務機關", doc["agency"]),
            ("姓名職稱", names),
            ("派赴國家", place_text(doc)),
            ("出國期間", period_text(doc)),
            ("報告日期", roc_day(doc["report_date"])),
        ):
            if value:
                self.paragraph(f"{label}：{value}", center=True)
        self.page_break()

    def summary(self, rows):
        self.paragraph("公務出國報告提要", center=True, size=18, bold=True)
        columns = 6
        table = self.document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, values in rows:
            cells = table.add_row().cells
            cells[0].text = label
            spans = _spans(len(values), columns - 1)
            position = 1
            for value, span in zip(values, spans, strict=True):
                cell = cells[position]
                if span > 1:
                    cell = cell.merge(cells[position + span - 1])
                cell.text = value
                position += span
        self.page_break()

    def contents(self, sections):
        self.paragraph("目錄", center=True, size=18, bold=True)
        for depth, heading in toc_entries(sections):
            paragraph = self.paragraph(heading)
            paragraph.paragraph_format.left_indent = Cm(depth)
        self.page_break()

    def body(self, sections):
        for section in sections:
            self.paragraph(section["heading"], style="Heading 1")
            previous = None
            for line in (section["body"] or "").split("\n"):
                if not line:
                    continue
                if previous and len(clean_lines(f"{previous}\n{line}")) < 2:
                    # Kept apart in the record (the source had a blank line between
                    # them); without one the reader would join them again.
                    self.document.add_paragraph()
                self.paragraph(line)
                previous = line

    def to_bytes(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _spans(count, width):
    """Widths of `count` value cells over `width` columns: the last one takes the rest."""
    if count >= width:
        return [1] * count
    base = width // count
    spans = [base] * count
    spans[-1] += width - base * count
    return spans


def document_to_docx(doc, *, classification=()) -> bytes:
    """A trip document as a Word report in the official layout."""
    # A report that files only its 提要 (其他 category) has a report date and no body;
    # only a plan, not yet reported, gets the outline to write into.
    reported = doc["sections"] or doc["report_date"]
    sections = doc["sections"] if reported else planned_sections(doc)
    writer = _Writer()
    writer.document.core_properties.title = doc["title"] or ""
    writer.cover(doc)
    writer.summary(summary_rows(doc, classification))
    writer.contents(sections)
    writer.body(sections)
    return writer.to_bytes()


__all__ = ["DOCX_CONTENT_TYPE", "document_to_docx"]
