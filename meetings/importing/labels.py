"""Labelled fields of the cover and the summary sheet (提要表).

Labels may be written with full-width spaces between their characters
(``出　國　人：``), with a full- or half-width colon or none (``頁數 26``,
``服務機關　法務部調查局``), several on one line (``頁數：26 含附件：是 否``) or
with the value on the following lines.
"""

import re

from .normalize import BULLET_RE, HEADING_RE
from .normalize import LABEL_RE as ANY_LABEL_RE
from .people import PERSON_FIELDS_RE

LABELS = {
    "title": ("出國報告名稱", "報告名稱"),
    "plan_name": ("計畫名稱", "計劃名稱"),
    "system_id": ("系統識別號",),
    "agency": ("計畫主辦機關", "主辦機關", "服務機關", "出國機關"),
    "contact": ("聯絡人/電話", "聯絡人／電話", "聯絡人及電話", "聯絡人"),
    "phone": ("聯絡電話", "電話"),
    "travelers": ("出國人員", "出國人", "出國人員姓名"),
    "names": ("姓名職稱", "姓名/職稱", "姓名／職稱", "職稱姓名"),
    "category": ("出國類別", "出國性質"),
    "period": ("出國期間", "出國日期", "出國期程"),
    "region": (
        "出國地區",
        "出國地點",
        "派赴國家/地區",
        "派赴國家／地區",
        "派赴國家",
        "前往國家",
        "前往地區",
        "出國國家",
        "派赴地區",
        "國家/地區",
    ),
    "report_date": ("報告日期", "報告完成日期", "報告繳交日期"),
    "pages": ("報告書頁數", "報告頁數", "頁數"),
    "attachments": ("含附件",),
    "keywords": ("關鍵詞", "關鍵字"),
    "summary": ("報告內容摘要", "內容摘要", "摘要"),
}
_SPACE = r"[\s\u3000]*"
_ALTERNATIVES = sorted(
    ((label, key) for key, labels in LABELS.items() for label in labels),
    key=lambda pair: -len(pair[0]),
)
_KEY_BY_LABEL = {re.sub(r"\W", "", label): key for label, key in _ALTERNATIVES}
LABEL_RE = re.compile(
    r"(?:^|(?<=[\s\u3000(（]))(?P<label>"
    + "|".join(_SPACE.join(map(re.escape, label)) for label, _ in _ALTERNATIVES)
    + r")"
    + _SPACE
    + r"(?:[：:]|(?=\s*[□■☐☑☒])|(?=\s*$)|(?=[ \u3000]+[\d０-９]))"
)
# A label at the start of a line, set off from its value only by padding (服務機關　法務部調查局).
PADDED_LABEL_RE = re.compile(
    r"^[\s\u3000]*(?P<label>"
    + "|".join(_SPACE.join(map(re.escape, label)) for label, _ in _ALTERNATIVES)
    + r")(?:\u3000|[ ]{2,}|\t)[\s\u3000]*(?=\S)(?!.*姓\s*名)"
)
_STOP_RE = re.compile(r"出國報告|^目\s*[錄次]$")
_NO_CONTINUE = {"pages", "attachments", "period", "report_date", "category", "system_id"}


def find_labels(lines):
    """Return ``{key: [value, ...]}``; each value is a list of lines, in text order."""
    found = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        # A traveller's line of fields (姓名：… 服務機關：…) holds no labels of the report.
        person = bool(line) and PERSON_FIELDS_RE.match(line)
        matches = list(LABEL_RE.finditer(line)) if line and not person else []
        if not matches and line and not person:
            padded = PADDED_LABEL_RE.match(line)
            matches = [padded] if padded else []
        for position, m in enumerate(matches):
            key = _lookup(m.group("label"))
            end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
            value = [_balance(line[m.end() : end].strip())]
            if position + 1 == len(matches):
                if key not in _NO_CONTINUE:
                    value.extend(_continuation(lines, index + 1, key, bool(value[0])))
                elif not value[0]:
                    value = _next_value(lines, index + 1)
            found.setdefault(key, []).append([v for v in value if v])
        index += 1
    return found


def _balance(value):
    """Drop closing brackets left over from ``（出國類別：開會）``."""
    while value[-1:] in ")）" and _depth(value) < 0:
        value = value[:-1].rstrip()
    return value


def _depth(value):
    return value.count("(") + value.count("（") - value.count(")") - value.count("）")


def _lookup(label):
    compact = re.sub(r"[\s\u3000]", "", label)
    return _KEY_BY_LABEL.get(re.sub(r"\W", "", compact), "title")


def _continuation(lines, start, key, has_inline):
    multi = key in ("summary", "travelers", "names", "title", "plan_name")
    if has_inline and not multi:
        return []
    out = []
    for line in lines[start:]:
        if not line:
            continue
        if PERSON_FIELDS_RE.match(line):
            out.append(line)
            continue
        if LABEL_RE.search(line) or PADDED_LABEL_RE.match(line) or _STOP_RE.search(line):
            break
        if key != "summary" and ANY_LABEL_RE.match(line):
            break
        if key != "summary" and (HEADING_RE.match(line) and not BULLET_RE.match(line)):
            break
        if not multi and out:
            break
        out.append(line)
    return out


def _next_value(lines, start):
    for line in lines[start:]:
        if line:
            return [] if LABEL_RE.search(line) else [line]
    return []


_CELL_LABEL_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff/／、\s\u3000]{1,9}$")


def _label_cell(text):
    """True when a table cell is a label: a known one, or a short Chinese phrase."""
    text = text.strip()
    return bool(text) and (
        re.sub(r"\W", "", text) in _KEY_BY_LABEL or bool(_CELL_LABEL_RE.match(text))
    )


def untab_labels(lines):
    """A summary sheet laid out as a table — label cell, value cells, as Word tables and
    the 公務出國報告資訊網 form give it — read as ``label：value`` lines.

    ``聯絡人<TAB>黃淑芬<TAB>電話<TAB>02-…`` becomes ``聯絡人：黃淑芬 電話：02-…``; a
    row whose first cell is empty continues the value above (the traveller table's
    rows, the summary's further lines); ``出國人員<TAB>姓名<TAB>服務機關…`` keeps its
    table header on a line of its own."""
    out = []
    table_width = 0
    for line in lines:
        if "\t" not in line:
            out.append(line)
            continue
        first, _, rest = line.partition("\t")
        if not first.strip():
            out.append(rest.strip("\t"))
            continue
        known = re.sub(r"\W", "", first) in _KEY_BY_LABEL
        if table_width and not known and line.count("\t") + 1 <= table_width + 1:
            out.append(line)  # a row of the traveller table (empty last cells may be cut)
            continue
        table_width = 0
        if first.strip() == "姓名":
            out.append(line)  # the traveller table's header
            table_width = line.count("\t") + 1
            continue
        if not _label_cell(first) or "：" in first or ":" in first:
            out.append(line)
            continue
        cells = [c.strip() for c in rest.split("\t")]
        if "姓名" in cells:
            out.extend([first.strip() + "：", "\t".join(cells)])
            table_width = len(cells)
            continue
        parts, index = [first.strip() + "："], 0
        while index < len(cells):
            cell = cells[index]
            if (
                index + 1 < len(cells)
                and re.sub(r"\W", "", cell) in _KEY_BY_LABEL
                and cells[index + 1]
            ):
                parts.append(" " + cell + "：" + cells[index + 1])
                index += 2
                continue
            if cell:
                parts.append((" " if len(parts) > 1 else "") + cell)
            index += 1
        out.append("".join(parts))
    return out


_SLASH = r"\s*[/／]\s*"
_AGENCY_CONTACT_RE = re.compile(
    rf"^(?:出國)?(?:計畫)?主辦機關{_SLASH}聯絡人{_SLASH}電話\s*[：:]?\s*(?P<value>.*)$"
)
_PEOPLE_HEADER_RE = re.compile(
    rf"^出國人員?\s*姓名(?P<columns>(?:{_SLASH}[\u4e00-\u9fff]{{2,6}})+)\s*[：:]?\s*$"
)


def expand_combined_labels(lines):
    """The classic 出國報告提要 form writes several fields under one slashed label:
    ``出國計畫主辦機關/聯絡人/電話`` over ``財政部關務署/王小明/02-…`` and
    ``出國人員姓名/服務機關/單位/職稱/電話`` over one slashed line per traveller.
    They are rewritten as ordinary labels and a traveller table."""
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        m = _AGENCY_CONTACT_RE.match(line)
        if m:
            value = m.group("value").strip()
            if not value:
                following = [n for n in lines[index + 1 : index + 3] if n]
                if following and not LABEL_RE.search(following[0]):
                    value = following[0]
                    index = lines.index(following[0], index + 1)
            parts = [p.strip() for p in re.split(r"[/／]", value)] + ["", "", ""]
            out.extend(
                f"{label}：{part}"
                for label, part in zip(("主辦機關", "聯絡人", "電話"), parts, strict=False)
                if part
            )
            index += 1
            continue
        m = _PEOPLE_HEADER_RE.match(line)
        if m:
            columns = [
                "姓名",
                *(c.strip() for c in re.split(r"[/／]", m.group("columns")) if c.strip()),
            ]
            out.extend(["出國人員：", "\t".join(columns)])
            index += 1
            while index < len(lines):
                row = lines[index]
                if not row:
                    index += 1
                    continue
                if LABEL_RE.search(row) or not re.search(r"[/／]", row):
                    break
                out.append("\t".join(c.strip() for c in re.split(r"[/／]", row)))
                index += 1
            out.append("")
            continue
        out.append(line)
        index += 1
    return out
