"""Travellers and contact persons: 出國人 lines, 姓名職稱 lists and traveller tables."""

import re

from .normalize import fold

TITLES = sorted(
    [
        "副組長",
        "組長",
        "副股長",
        "股長",
        "科長",
        "副科長",
        "課長",
        "副課長",
        "辦事員",
        "書記",
        "關務員",
        "高級關務員",
        "專員",
        "高級專員",
        "視察",
        "稽核",
        "簡任稽核",
        "專門委員",
        "副署長",
        "署長",
        "主任秘書",
        "秘書",
        "主任",
        "副主任",
        "處長",
        "副處長",
        "局長",
        "副局長",
        "關務監督",
        "副關務監督",
        "技正",
        "技士",
        "分析師",
        "設計師",
        "管理師",
        "研究員",
        "副研究員",
        "助理研究員",
        "編審",
        "科員",
        "隊長",
        "副隊長",
        "分隊長",
        "督導",
        "參事",
        "司長",
        "副司長",
        "部長",
        "次長",
        "常務次長",
        "政務次長",
        "參議",
        "研究委員",
        "機要秘書",
        "關長",
        "副關長",
        "主任委員",
        "副主任委員",
        "委員",
        "執行秘書",
        "組員",
        "助理員",
        "約僱人員",
        "主任檢查員",
        "檢查員",
        "關務助理",
        "簡任視察",
        "薦任視察",
        "技術員",
        "工程師",
        "研究助理",
        "教授",
        "副教授",
        "助理教授",
        "所長",
        "副所長",
        "院長",
        "副院長",
        "廳長",
        "代表",
        "副代表",
        "組主任",
        "秘書長",
        "副秘書長",
        "執行長",
        "經理",
        "副經理",
        # Titles of other agencies (調查局, 移民署, 民航局, 海巡署, 檢驗局 …)
        "調查專員",
        "調查官",
        "調查員",
        "移民官",
        "專員兼科長",
        "簡任技正",
        "技監",
        "技佐",
        "課員",
        "正工程司",
        "副工程司",
        "幫工程司",
        "管制員",
        "主任管制員",
        "飛航管制員",
        "檢驗員",
        "稽查員",
        "巡查員",
        "警務正",
        "科技研究員",
        "約聘研究員",
        "專案經理",
        "教官",
        "總教官",
        "艦長",
        "輪機長",
    ],
    key=len,
    reverse=True,
)
_TITLE_RE = re.compile("|".join(TITLES))
_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[A-Z][A-Za-z.\-]+(?: [A-Z][A-Za-z.\-]+)+$")
_PHONE_RE = re.compile(
    r"(?:\(?\+?\d{1,4}\)?[\s\-]?)?\(?0\d{1,2}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}"
    r"(?:\s*(?:分機|轉|#|ext\.?|EXT\.?)\s*\d{1,6})?"
    r"|0\d{3}[\s\-]?\d{3}[\s\-]?\d{3}"
)
_RANK_RE = re.compile(r"^(?:簡任|薦任|委任|約聘|約僱|聘用)|職等$|^[\w.+-]+@[\w.-]+$")
_TITLE_SUFFIX_RE = re.compile(r"(?:長|員|師|官|主任|秘書|監督|稽核|技正|技士|參事|顧問|教授|委員)$")
_AGENCY_SUFFIX = re.compile(r"(?:部|署|局|關|院|府|會|所|館|公司|大學|分署|協會|基金會|銀行|中心)$")
_SPLIT_PEOPLE = re.compile(r"[、，,；;]")
_HEADER_FIELDS = {
    "姓名": "name",
    "服務機關": "agency",
    "機關/單位": "organisation",
    "機關／單位": "organisation",
    "服務機關/單位": "organisation",
    "服務機關／單位": "organisation",
    "服務機關及單位": "organisation",
    "服務機關(單位)": "organisation",
    "服務機關（單位）": "organisation",
    "機關": "agency",
    "服務單位": "unit",
    "單位": "unit",
    "職稱": "title",
    "職務": "title",
    "官職等": "rank",
    "職等": "rank",
    "官等": "rank",
}
RANKS = ("senior", "junior", "elementary", "other")
_RANK_WORDS = (("簡任", "senior"), ("薦任", "junior"), ("委任", "elementary"))
_GRADE_RE = re.compile(r"第?\s*([一二三四五六七八九十\d]{1,3})\s*職等")
_OTHER_RANK_RE = re.compile(r"特任|政務|約聘|約僱|聘用|聘任|派用|技工|工友|雇員|警[正監佐]")
_CN = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def _grade(text):
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN.get(text)
    return (_CN.get(tens, 1) if tens else 1) * 10 + _CN.get(ones, 0)


def rank_grade(text):
    """The rank grade of an 官職等 entry: 簡任 → senior, 薦任 → junior, 委任 →
    elementary (or the grade: 第十職等 and above senior, 6–9 junior, 1–5 elementary);
    other ranks (特任, 約聘, 警察…) → other; None when nothing is stated."""
    text = fold(text or "").strip()
    if not text:
        return None
    for word, grade in _RANK_WORDS:
        if word in text:
            return grade
    m = _GRADE_RE.search(text)
    number = _grade(m.group(1)) if m else None
    if number:
        return "senior" if number >= 10 else "junior" if number >= 6 else "elementary"
    if _OTHER_RANK_RE.search(text):
        return "other"
    return None


def _tokens(line):
    return [t for t in re.split(r"[\s\u3000]+", line.strip()) if t]


# An agency name inside an organisation string (財政部關務署|通關業務組), and a unit after it.
_AGENCY_END_RE = re.compile(r"(?:部|署|分署|局|總局|院|委員會|府)(?=[^部署局院府]{2,10}$)")
_UNIT_RE = re.compile(r"(?:組|科|課|室|處|中心|隊|股|小組|分隊|大隊)$")


def split_organisation(text):
    """``財政部關務署通關業務組`` → ``("財政部關務署", "通關業務組")``; else ``(None, text)``."""
    if not text or not _UNIT_RE.search(text):
        return None, text
    last = None
    for m in _AGENCY_END_RE.finditer(text):
        last = m
    if last is None:
        return None, text
    return text[: last.end()], text[last.end() :]


def complete_agencies(travelers, agency):
    """Fill what the sending agency tells about its travellers; returns the paths inferred.

    A short form of the sending agency (關務署 for 財政部關務署) is written out, and
    a traveller whose agency is not stated belongs to the sending agency.
    """
    inferred = []
    if not agency:
        return inferred
    for index, person in enumerate(travelers):
        own = person["agency"]
        if own and own != agency and agency.endswith(own):
            person["agency"] = agency
        elif not own:
            person["agency"] = agency
            inferred.append(f"travelers.{index}.agency")
    return inferred


def _person(name, title=None, unit=None, agency=None, rank=None):
    if unit and not agency:
        agency, unit = split_organisation(unit)
    return {
        "name": name,
        "title": title or None,
        "unit": unit or None,
        "agency": agency or None,
        "rank": rank_grade(rank),
    }


# 姓名：黃怡華　服務機關：財政部賦稅署　單位：國際財政組　職稱：科長
PERSON_FIELDS_RE = re.compile(r"^[\s\u3000]*姓[\s\u3000]*名[\s\u3000]*[：:]")
_PERSON_FIELD_RE = re.compile(
    r"(?P<key>姓名|服務機關/單位|服務機關|服務單位|機關|單位|職稱|職務|官職等|職等|官等)"
    r"[\s\u3000]*[：:][\s\u3000]*(?P<value>[^\s\u3000]*)"
)


def _split_organisation_cell(record):
    """機關/單位 in one cell or field: 海洋委員會海巡署/艦隊分署."""
    if record.get("organisation"):
        agency, _slash, unit = record["organisation"].replace("／", "/").partition("/")
        record.setdefault("agency", agency.strip())
        record.setdefault("unit", unit.strip() or None)


def _person_from_fields(line):
    record = {}
    for m in _PERSON_FIELD_RE.finditer(line):
        key = _HEADER_FIELDS.get(m.group("key"))
        if key and m.group("value") and key not in record:
            record[key] = m.group("value")
    if not record.get("name"):
        return None
    _split_organisation_cell(record)
    return _person(
        record["name"], record.get("title"), record.get("unit"), record.get("agency"),
        record.get("rank"),
    )  # fmt: skip


def parse_person_line(line):
    """Parse ``機關 單位 職稱 姓名`` (any of the first three may be missing), or a line of
    fields ``姓名：… 服務機關：… 職稱：…``."""
    if PERSON_FIELDS_RE.match(line):
        return _person_from_fields(line)
    if re.search(r"[/／]", line) and not re.search(r"\d[/／]\d", line):
        line = re.sub(r"\s*[/／]\s*", " ", line)  # 林俊傑／財政部關務署高雄關／驗估處／稽核
    tokens = _merge_latin_name(_tokens(line))
    ranks = []
    while tokens and _RANK_RE.search(tokens[-1]):
        ranks.insert(0, tokens.pop())
    rank = " ".join(r for r in ranks if "@" not in r)
    if not tokens:
        return None
    if len(tokens) == 1:
        person = _person_from_compact(tokens[0])
        if person:
            person["rank"] = rank_grade(rank)
        return person
    if len(tokens) == 2 and _name_first(*tokens):
        return _person(tokens[0], tokens[1], rank=rank)
    if len(tokens) >= 3 and _name_first(tokens[0], tokens[-1]):
        # Name first, then agency, unit and title.
        tokens = [*tokens[1:], tokens[0]]
    name, rest = tokens[-1], tokens[:-1]
    if not _NAME_RE.match(name):
        return None
    title = rest.pop() if rest else None
    agency = unit = None
    if title and not _TITLE_RE.fullmatch(title):
        # 關務署副署長: the agency or unit written before the title.
        m = re.search(f"(?:{_TITLE_RE.pattern})$", title)
        if m and m.start() > 0:
            prefix, title = title[: m.start()], m.group()
            rest.append(prefix)
    if rest:
        if len(rest) == 1 and not _AGENCY_SUFFIX.search(rest[0]):
            unit = rest[0]
        else:
            agency, unit = rest[0], " ".join(rest[1:])
    return _person(name, title, unit, agency, rank)


def _name_first(first, second):
    """True for ``王小明 科長`` (name, then title) rather than ``科長 王小明``."""
    if not _NAME_RE.match(first) or _TITLE_RE.fullmatch(first):
        return False
    return bool(_TITLE_RE.fullmatch(second) or _TITLE_SUFFIX_RE.search(second))


def _merge_latin_name(tokens):
    """Keep a trailing Latin name such as ``Chen Mei-Ling`` as one token."""
    count = 0
    for token in reversed(tokens):
        if not re.fullmatch(r"[A-Z][A-Za-z.\-']*", token):
            break
        count += 1
    if count >= 2:
        return [*tokens[:-count], " ".join(tokens[-count:])]
    return tokens


def _person_from_compact(text):
    """``財政部關務署通關業務組副組長劉麗霞`` or ``劉副組長麗霞`` or ``劉麗霞``."""
    m = None
    for candidate in _TITLE_RE.finditer(text):
        m = candidate
    if m is None:
        return _person(text) if _NAME_RE.match(text) else None
    before, after = text[: m.start()], text[m.end() :]
    if len(before) == 1 and 1 <= len(after) <= 2:
        return _person(before + after, m.group())
    if after and _NAME_RE.match(after):
        return _person(after, m.group(), unit=before or None)
    return None


def parse_cover_names(text):
    """Parse a 姓名職稱 list such as ``劉副組長麗霞、楊股長士宗``."""
    people = []
    for part in _SPLIT_PEOPLE.split(text):
        part = part.strip()
        if not part:
            continue
        person = parse_person_line(part)
        if person:
            people.append(person)
    return people


def parse_people_lines(lines):
    """Parse the lines of an 出國人 block; a line may list several people."""
    people = []
    for line in lines:
        parts = _SPLIT_PEOPLE.split(line) if _SPLIT_PEOPLE.search(line) else [line]
        for part in parts:
            person = parse_person_line(part)
            if person:
                people.append(person)
    return people


def find_table(lines):
    """Parse a traveller table (header 姓名 … 職稱) separated by tabs or 2+ spaces."""
    for index, line in enumerate(lines):
        header = _header(line)
        if header:
            return _table_rows(lines[index + 1 :], header, "\t" in line)
    return []


def _header(line):
    if "姓名" not in line:
        return None
    cells = _cells(line, "\t" in line)
    columns = []
    for text, start in cells:
        key = _HEADER_FIELDS.get(re.sub(r"[\s\u3000]", "", text))
        columns.append((key, start))
    if sum(1 for key, _ in columns if key) < 2:
        return None
    return columns


def _cells(line, tabs):
    if tabs:
        out, position = [], 0
        for text in line.split("\t"):
            out.append((text.strip(), position))
            position += len(text) + 1
        return out
    if re.search(r"\S\s{2,}\S", line):
        return [(m.group().strip(), m.start()) for m in re.finditer(r"\S+(?: \S+)*", line)]
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", line)]


def _table_rows(lines, header, tabs):
    people = []
    for line in lines:
        if not line.strip():
            if people:
                break
            continue
        if len(_tokens(line)) < 2:
            break
        record = _row(line, header, tabs)
        if not record.get("name"):
            break
        _split_organisation_cell(record)
        people.append(
            _person(
                record["name"],
                record.get("title"),
                record.get("unit"),
                record.get("agency"),
                record.get("rank"),
            )
        )
    return people


def _row(line, header, tabs):
    record = {}
    cells = _cells(line, tabs)
    if tabs or len(cells) == len(header) or not re.search(r"\S\s{2,}\S", line):
        pairs = zip((key for key, _ in header), (text for text, _ in cells), strict=False)
    else:
        pairs = ((_nearest(header, start), text) for text, start in cells)
    for key, text in pairs:
        if key and text and key not in record:
            record[key] = text
    return record


def _nearest(header, start):
    best = None
    for key, column in header:
        if column <= start + 2:
            best = key
    return best


def parse_contact(values):
    """Parse ``機關 職稱 姓名 電話`` into ``{name, title, phone}``."""
    text = " ".join(values)
    if not text.strip():
        return {"name": None, "title": None, "phone": None}
    phone_match = _PHONE_RE.search(fold(text))
    phone = None
    if phone_match:
        phone = text[phone_match.start() : phone_match.end()].strip()
        text = text[: phone_match.start()] + " " + text[phone_match.end() :]
    text = re.sub(r"[/／、，,]", " ", text)
    person = parse_person_line(text) or {}
    return {"name": person.get("name"), "title": person.get("title"), "phone": phone}
