"""Meetings stage: the meetings of a report, with their dates, venue, chairs, agenda,
minutes and decisions.

Meetings are read from an 議程 section (one meeting per numbered item that holds
meeting fields or names a meeting, or the whole section as one meeting named
after the report), else from the numbered items of a 過程 / 紀要 section that
name a meeting.  A meeting's fields (日期、地點、主席、議程 …) are read in any
numbering: as sub-items (（一）日期：…, 1.日期：…) or as plain lines.
"""

import re

from . import provenance as how
from .dates import parse_range
from .normalize import fold

_MINUTES_TITLE_RE = re.compile(r"紀要|紀錄|記錄|紀實|摘要紀錄")
_MEETING_WORDS = re.compile(
    r"會議|研討會|論壇|年會|對話|大會|委員會|工作小組|Meeting|Conference|Forum|Workshop|Dialogue",
    re.IGNORECASE,
)
_NOT_MEETING = re.compile(r"參訪|拜會|考察|參觀|行程|交流情形|心得|建議")
_FIELD_RE = re.compile(
    r"^(?P<key>會議名稱|日期|時間|會議日期|會議時間|地點|會議地點|主席|主持人|共同主席|主持"
    r"|議程|會議議程|決議事項|決議|會議結論|結論)"
    r"[\s\u3000]*(?:[：:]\s*(?P<value>.*))?$"
)
# Fields whose value is a list written on the lines (or items) after the label.
_LIST_FIELDS = ("議程", "決議", "結論", "決議事項")
_VENUE_RE = re.compile(r"(?<![至到])於(?P<venue>[^，。；、]{2,30}?)(?:舉行|召開|舉辦|辦理)")
_CHAIRS_RE = re.compile(r"由([^，。；]{2,60}?)(?:共同)?主持")
_MEETING_PREFIX_RE = re.compile(r"^(?:會議|場次|研討會)\s*[一二三四五六七八九十\d]+\s*[：:]\s*")
_DECISION_RE = re.compile(r"決議|採認項目|通過項目|通過事項|結論")
_AGENDA_LINE_RE = re.compile(
    r"^(?P<label>(?:場次|議題|Session|Day|第)\s*[\d一二三四五六七八九十]+\s*[場天日]?)\s*[：:、.]\s*(?P<title>.+)$"
)


def _compact(text):
    return re.sub(r"[\s\u3000]+", "", fold(text or ""))


class MeetingReader:
    """Reads the meetings of one report; ``year`` completes year-less dates."""

    def __init__(self, year):
        self.year = year

    def read(self, doc, trees):
        """The meetings of the document, from its body sections ``(section, kind, tree)``."""
        meetings = []
        for _section, kind, tree in trees:
            if kind == "agenda":
                meetings.extend(self._agenda_meetings(tree, doc))
        minutes_nodes = [
            node
            for _section, kind, tree in trees
            if kind == "minutes"
            for node in tree.children
            if _MEETING_WORDS.search(node.title) and not _NOT_MEETING.search(node.title)
        ]
        if not meetings:
            meetings = [self._meeting(node) for node in minutes_nodes]
        for meeting, node in _match_minutes(meetings, minutes_nodes):
            meeting["minutes"] = minutes_of(node)
            meeting["decisions"] = _decisions(node) or meeting["decisions"]
        if len(meetings) == 1 and not meetings[0]["minutes"]:
            # One meeting, and its minutes in a section of their own, by day or topic
            # (參、會議紀要 / 一、11月6日 …).
            for section, kind, tree in trees:
                if (
                    kind == "minutes"
                    and _MINUTES_TITLE_RE.search(section.title)
                    and tree.children
                    and not any(node in minutes_nodes for node in tree.children)
                ):
                    meetings[0]["minutes"] = minutes_of(tree)
                    meetings[0]["decisions"] = meetings[0]["decisions"] or _decisions(tree)
                    break
        return meetings

    def _agenda_meetings(self, tree, doc):
        nodes = [n for n in tree.children if _is_meeting_node(n)]
        if nodes:
            return [self._meeting(node) for node in nodes]
        if not tree.children and not tree.lines:
            return []
        meeting = _empty_meeting(_meeting_name(doc["title"]))
        meeting["_how"]["title"] = how.INFERENCE  # the meeting named after the report
        self._meeting_fields(meeting, tree)
        if not meeting["agenda"]:
            meeting["agenda"] = _agenda_items(tree)
            meeting["_how"]["agenda"] = how.HEADING
        return [meeting]

    def _meeting(self, node):
        title = _MEETING_PREFIX_RE.sub("", node.title).strip()
        title = re.sub(r"^(?:出席|參加|參與)\s*(?=\S{4})", "", title)
        named = re.match(r"^會議名稱\s*[：:]\s*", title)
        title = title[named.end() :] if named else title
        title, title_en = _split_english(title)
        meeting = _empty_meeting(title or None)
        meeting["_how"]["title"] = how.LABEL if named else how.HEADING
        own = [line for line in node.lines if line]
        if title_en:
            meeting["title_en"] = title_en
        elif own and _is_english_title(own[0]) and own[0].strip()[:1] in "(（":
            meeting["title_en"] = _strip_parens(own[0])
        self._meeting_fields(meeting, node)
        self._meeting_prose(meeting, _prose_lines(node))
        meeting["decisions"] = _decisions(node)
        return meeting

    def _meeting_prose(self, meeting, lines):
        """A meeting told in prose (本年10月16日至17日於 CBP 總部舉行…): its date and venue
        are taken from the first sentence that names a date, and flagged as inferred."""
        for line in lines[:2]:
            sentence = re.split(r"[。；]", line)[0]
            start, end = parse_range(sentence, self.year)
            if start is None:
                continue
            if meeting["start_date"] is None:
                meeting["start_date"], meeting["end_date"] = start.isoformat(), end.isoformat()
                meeting["_how"]["start_date"] = meeting["_how"]["end_date"] = how.INFERENCE
            chairs = _CHAIRS_RE.search(sentence)
            if chairs and not meeting["chairs"]:
                meeting["chairs"] = [
                    c.strip() for c in re.split(r"[、與及]", chairs.group(1)) if c.strip()
                ]
            venue = _VENUE_RE.search(sentence)
            if venue and meeting["location"] is None:
                meeting["location"] = venue.group("venue").strip()
                meeting["_how"]["location"] = how.INFERENCE
            return

    def _meeting_fields(self, meeting, node):
        """Fields as numbered items (（一）日期：…) or as lines (日期：…) in any order;
        a list field written last (決議：) owns the numbered items that follow it."""
        trailing = _trailing_field(node)
        for child in node.children:
            self._meeting_field(meeting, child.title, child)
        for text, more in _field_blocks(node.lines):
            items = node if trailing and text is node_last_field(node) else None
            self._meeting_field(meeting, text, items, more)

    def _meeting_field(self, meeting, text, child, more=()):
        m = _FIELD_RE.match(text.strip())
        if not m:
            return
        key = m.group("key")
        value = (m.group("value") or "").strip()
        if child is not None and not value:
            value = " ".join(line for line in child.lines if line)
        elif not value and more:
            value = " ".join(more)
        if key == "會議名稱":
            if value:
                meeting["title"], title_en = _split_english(value)
                meeting["title_en"] = title_en or meeting["title_en"]
                meeting["_how"]["title"] = how.LABEL
            return
        if key.endswith(_LIST_FIELDS[1:]):
            if child is not None and child.children:
                meeting["decisions"] = _item_texts(child.children)
            elif more:
                meeting["decisions"] = [_unbullet(line) for line in more]
            return
        if key.endswith(("日期", "時間")) or key in ("日期", "時間"):
            start, end = parse_range(value, self.year)
            if start and meeting["start_date"] is None:
                meeting["start_date"], meeting["end_date"] = start.isoformat(), end.isoformat()
                stated = parse_range(value)[0] is not None
                found = how.LABEL if stated else how.DEFAULT
                meeting["_how"]["start_date"] = meeting["_how"]["end_date"] = found
        elif key.endswith("地點"):
            meeting["location"] = meeting["location"] or value or None
            meeting["_how"]["location"] = how.LABEL
        elif key.endswith("議程"):
            if child is not None:
                meeting["agenda"] = _agenda_items(child)
                meeting["_how"]["agenda"] = how.LABEL
            elif more:
                meeting["agenda"] = _line_agenda(more)
                meeting["_how"]["agenda"] = how.LABEL
        elif value and not meeting["chairs"]:
            meeting["chairs"] = [c.strip() for c in re.split(r"[、；;]", value) if c.strip()]


def _empty_meeting(title):
    return {
        "title": title,
        "title_en": None,
        "acronym": None,
        "start_date": None,
        "end_date": None,
        "location": None,
        "chairs": [],
        "agenda": [],
        "minutes": [],
        "decisions": [],
        "_how": {},
    }


def _meeting_name(report_title):
    if not report_title:
        return None
    # 赴泰國考察…及參加東協海關研討會報告: the meeting is what the delegation attended.
    attended = list(re.finditer(r"(?:出席|參加|參與|與會)\s*", report_title))
    name = report_title[attended[-1].end() :] if attended else report_title
    name = re.sub(r"^赴\s*", "", name)
    name = re.sub(r"(?:之|的)?(?:出國)?(?:報告|紀要)(?:書)?$", "", name).strip()
    return name or None


def _is_meeting_node(node):
    if any(_FIELD_RE.match(child.title.strip()) for child in node.children):
        return True
    if any(_FIELD_RE.match(line.strip()) for line in node.lines if line):
        return True
    return bool(_MEETING_WORDS.search(node.title)) and not _NOT_MEETING.search(node.title)


def _is_english_title(line):
    text = _strip_parens(line)
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return letters >= 0.6 * max(1, len(text.replace(" ", "")))


def _split_english(title):
    """Split ``中文名稱（English name (ACR)）`` into its Chinese and English names."""
    m = re.search(r"[（(](?=[A-Za-z0-9])", title)
    if m and m.start() > 0 and title.rstrip()[-1:] in ")）":
        tail = title[m.start() :]
        if _is_english_title(tail) and len(_strip_parens(tail)) >= 8:
            return title[: m.start()].strip(), _strip_parens(tail)
    return title, None


def _strip_parens(line):
    text = line.strip()
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    return text.strip()


def _agenda_items(node):
    if node.children:
        return [_agenda_item(child) for child in node.children]
    return _line_agenda([line for line in node.lines if line])


def _agenda_item(node):
    return {
        "label": node.label,
        "title": node.title,
        "items": [_agenda_item(child) for child in node.children],
    }


def _unbullet(line):
    return re.sub(r"^[-•●]\s*", "", line.strip())


def _item_texts(children):
    return ["\n".join([child.title, *child.text_lines()]).strip() for child in children]


def _field_blocks(lines):
    """``[(field line, [its continuation lines]), …]`` for the field lines of ``lines``.

    A list field with no value on its own line (議程：, 決議：) takes the following
    lines up to the next field."""
    blocks = []
    for line in lines:
        if not line:
            continue
        m = _FIELD_RE.match(line.strip())
        if m:
            blocks.append((line, []))
        elif blocks:
            field_line, more = blocks[-1]
            key_m = _FIELD_RE.match(field_line.strip())
            if (
                key_m.group("key").endswith(_LIST_FIELDS)
                and not (key_m.group("value") or "").strip()
            ):
                more.append(line.strip())
    return blocks


def node_last_field(node):
    """The last of ``node.lines`` when it is a field line, else None."""
    own = [line for line in node.lines if line]
    return own[-1] if own and _FIELD_RE.match(own[-1].strip()) else None


def _trailing_field(node):
    """The key of a list field written as the last line before ``node``'s numbered items
    (決議：, 議程：), whose items they are; else None."""
    last = node_last_field(node)
    if not last or not node.children:
        return None
    m = _FIELD_RE.match(last.strip())
    if m.group("key").endswith(_LIST_FIELDS) and not (m.group("value") or "").strip():
        return m.group("key")
    return None


def _label(text):
    """``場次 1`` → ``場次1``; ``Session  1`` → ``Session 1``."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text.strip())
    return re.sub(r"\s+", " ", text)


_DAY_RE = re.compile(
    r"^(?P<label>第\s*[\d一二三四五六七八九十]+\s*[天日]|Day\s*\d+)\s*[：:、.．]?[\s\u3000]*(?P<title>.*)$",
    re.IGNORECASE,
)


def _line_agenda(lines):
    """Agenda lines; a day line (第一天, Day 2) holds the sessions listed under it."""
    items = []
    day = None
    for line in lines:
        text = _unbullet(line)
        m = _DAY_RE.match(text)
        if m:
            label = _label(m.group("label"))
            day = {"label": label, "title": m.group("title").strip() or None, "items": []}
            items.append(day)
            continue
        m = _AGENDA_LINE_RE.match(text)
        if m:
            label = _label(m.group("label"))
            item = {"label": label, "title": m.group("title").strip(), "items": []}
        else:
            item = {"label": None, "title": text, "items": []}
        (day["items"] if day else items).append(item)
    return items


def _prose_lines(node):
    """The lines of a meeting item that are neither fields nor its English name."""
    return [
        line
        for line in node.lines
        if line
        and not _FIELD_RE.match(line.strip())
        and not (line.strip()[:1] in "(（" and _is_english_title(line))
    ]


def minutes_of(node):
    if _trailing_field(node):
        return []
    if node.children:
        prose = _prose_lines(node) if not _field_blocks(node.lines) else []
        intro = [{"title": None, "body": "\n".join(prose)}] if prose else []
        return intro + [
            {"title": child.title or None, "body": child.body() or None}
            for child in node.children
            if not _FIELD_RE.match(child.title.strip()) or _DECISION_RE.search(child.title)
        ]
    body = node.body()
    return [{"title": None, "body": body}] if body else []


def _decisions(node):
    for text, more in _field_blocks(node.lines):
        key = _FIELD_RE.match(text.strip()).group("key")
        if key.endswith(_LIST_FIELDS[1:]):
            if more:
                return [_unbullet(line) for line in more]
            if _trailing_field(node):
                return _item_texts(node.children)
    for sub in node.walk():
        if len(sub.title) <= 30 and _DECISION_RE.search(sub.title):
            if sub.children:
                return [
                    "\n".join([child.title, *child.text_lines()]).strip() for child in sub.children
                ]
            return [re.sub(r"^[-•●]\s*", "", line) for line in sub.lines if line]
    return []


def _meeting_key(title):
    key = _compact(title)
    m = re.match(r"^會議([一二三四五六七八九十\d]+)[：:]", key)
    return _MEETING_PREFIX_RE.sub("", key), (m.group(1) if m else None)


def _match_minutes(meetings, nodes):
    pairs = []
    used = set()
    for meeting in meetings:
        target = _compact(meeting["title"])
        for index, node in enumerate(nodes):
            if index in used:
                continue
            name, _number = _meeting_key(node.title)
            if target and (name == target or target in name or name in target):
                pairs.append((meeting, node))
                used.add(index)
                break
    if not pairs and len(meetings) == len(nodes):
        pairs = list(zip(meetings, nodes, strict=True))
    return pairs
