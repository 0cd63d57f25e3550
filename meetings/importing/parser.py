"""Parse the text of a 出國報告 into a trip document (``trip-document/1``).

The report is split into front matter (cover and summary sheet, read through
their labels) and top-level body sections (壹、貳、… or 一、二、…), whose numbered
items become purposes, meetings, follow-ups, lessons and attachments.  A value
the report does not state is left ``None`` or ``[]``.

Lesson kinds: items of a 建議 section are recommendations and items of a 心得
section observations.  In a combined 心得與建議 section an item is a
recommendation only when its own title uses recommending wording (建議, 宜, 應,
須, 允宜, 可考慮); sub-headings 心得 / 建議 inside the section set the kind of
the items under them.
"""

import re

from django.utils.translation import gettext_lazy as _

from . import people
from .acronyms import meeting_acronym
from .countries import merge_destinations, split_destinations
from .dates import parse_date, parse_range
from .document import SCHEMA, empty_document, validate_document
from .errors import ReportError
from .itinerary import parse_itinerary
from .labels import expand_combined_labels, find_labels, untab_labels
from .normalize import clean_lines, fold, strip_control
from .structure import build_tree, split_sections

_MARKERS_RE = re.compile(
    r"出\s*國\s*報\s*告|出\s*國\s*人|出\s*國\s*期\s*間|報\s*告\s*日\s*期|出\s*國\s*類\s*別"
    r"|出\s*國\s*地\s*區|派\s*赴\s*國\s*家|報\s*告\s*名\s*稱"
)
CATEGORIES = (
    ("study_tour", ("考察",)),
    ("inspection", ("視察",)),
    ("visit", ("訪問",)),
    ("meeting", ("開會", "國際會議", "會議")),
    ("negotiation", ("談判",)),
    ("advanced_study", ("進修",)),
    ("research", ("研究",)),
    ("training", ("研習", "實習", "訓練", "培訓")),
    ("other", ("其他",)),
)
_TICK = "■☑☒✓✔√VvＶ●◼▣"
_TICK_RE = re.compile(rf"[{_TICK}]\s*\d*\s*([\u4e00-\u9fff]+)")
_UNTICKED_RE = re.compile(r"[□☐○]")
_OTHER_KIND_RE = re.compile(r"其他\s*[（(]\s*([^)）]+?)\s*[)）]")
_SECTION_KINDS = (
    ("attachments", re.compile(r"附件|附錄|附表")),
    ("follow_ups", re.compile(r"待辦|後續辦理|後續執行|後續追蹤|追蹤事項|執行事項|後續工作")),
    ("lessons", re.compile(r"心得|建議|感想|檢討|省思|啟示")),
    ("purposes", re.compile(r"目的|緣起|緣由|背景|前言")),
    ("itinerary", re.compile(r"行程|日程")),
    ("agenda", re.compile(r"議程")),
    ("minutes", re.compile(r"紀要|紀實|過程|經過|內容|重點|摘述|會議|研習|訓練|紀錄")),
)
_MINUTES_TITLE_RE = re.compile(r"紀要|紀錄|記錄|紀實|摘要紀錄")
_MEETING_WORDS = re.compile(
    r"會議|研討會|論壇|年會|對話|大會|委員會|工作小組|Meeting|Conference|Forum|Workshop|Dialogue",
    re.IGNORECASE,
)
_NOT_MEETING = re.compile(r"參訪|拜會|考察|參觀|行程|交流情形|心得|建議")
_FIELD_RE = re.compile(
    r"^(?P<key>日期|時間|會議日期|會議時間|地點|會議地點|主席|主持人|共同主席|主持|議程|會議議程)"
    r"[\s\u3000]*(?:[：:]\s*(?P<value>.*))?$"
)
_MEETING_PREFIX_RE = re.compile(r"^(?:會議|場次|研討會)\s*[一二三四五六七八九十\d]+\s*[：:]\s*")
_DECISION_RE = re.compile(r"決議|採認項目|通過項目|通過事項|結論")
_FOLLOW_RE = re.compile(
    r"會後執行事項|執行事項|待辦|後續辦理|後續追蹤|追蹤事項|後續工作|後續執行|應辦事項"
)
_AGENDA_LINE_RE = re.compile(
    r"^(?P<label>(?:場次|議題|Session|Day|第)\s*[\d一二三四五六七八九十]+\s*[場天日]?)\s*[：:、.]\s*(?P<title>.+)$"
)
_RECOMMEND_RE = re.compile(
    r"建議|宜|(?<![響因適對反供相回效順呼感])應(?![用變對])|須|可考慮|研議|爭取|務必"
)
_OWNER_RE = re.compile(
    r"^(?P<owner>[A-Za-z][A-Za-z0-9&.\-]*(?:\s[A-Za-z][A-Za-z0-9&.\-]*)*(?:\s*[\u4e00-\u9fff]{1,5})?"
    r"|(?![由請])[\u4e00-\u9fff]{2,8})\s*(?:將|持續|預計|負責|應於)"
)
_OWNER_BY_RE = re.compile(
    r"^(?:由|請)(?P<owner>[^，。、；\s]{2,12}?)"
    r"(?:負責|辦理|主政|研議|研擬|研提|評估|規劃|提供|彙整|追蹤|執行|召開|成立|擬訂|訂定|完成)"
    r"(?![組科處室課司局署股隊])"
)
_OWNER_WHEN_RE = re.compile(
    r"^(?:由|請)(?P<owner>[^，。、；\s]{2,12}?)於\s*"
    r"(?:\d|[０-９]|本年|明年|今年|年底|下次|下屆|[一二三四五六七八九十]+月)"
)
# "This agency" in a report means the agency that sent the trip.
_SELF_OWNERS = ("本署", "本部", "本關", "本局", "本會", "本處", "本所", "本院", "本中心", "本分署")
_OWNER_PAREN_RE = re.compile(
    r"[（(](?:承辦|主辦|負責)(?:單位|機關)?[：:]\s*(?P<owner>[^)）]+)[)）]"
)
_ATTACHMENT_RE = re.compile(
    r"^(?:[-•●]\s*)?(?:附件|附錄)\s*(?P<number>\d{1,3}|[一二三四五六七八九十]+)\s*[：:、.．\-－]?\s*(?P<title>.*)$"
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_SENTENCE_SPLIT_RE = re.compile(r"[。；]")


def parse_report(text: str) -> dict:
    """Parse the text of a trip report into a trip document."""
    if not isinstance(text, str):
        raise ReportError(_("The report text is not a string."))
    try:
        return _Parser(strip_control(text)).parse()
    except ReportError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ReportError(_("The report could not be parsed.")) from exc


def read_report(data: bytes, filename: str) -> dict:
    """Extract the text of an uploaded report file and parse it."""
    from .extract import extract_text

    return parse_report(extract_text(data, filename))


def _cn_number(text):
    text = fold(text)
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return None


def _compact(text):
    return re.sub(r"[\s\u3000]+", "", fold(text or ""))


class _Parser:
    def __init__(self, text):
        self.lines = clean_lines(text)
        self.year = None

    def parse(self):
        if not _MARKERS_RE.search("\n".join(self.lines[:400])):
            raise ReportError(
                _(
                    "This text is not a trip report: it has no title, 出國報告, 出國人, "
                    "出國期間 or 報告日期."
                )
            )
        front, sections = split_sections(self.lines)
        front = untab_labels(expand_combined_labels(front))
        labels = find_labels(front)
        doc = empty_document()
        self._header(doc, front, labels)
        self._body(doc, sections)
        if doc["attachments"] and doc["has_attachments"] is None:
            doc["has_attachments"] = True
        doc["itinerary"] = parse_itinerary(doc)
        return validate_document(doc)

    # Front matter -------------------------------------------------------

    def _header(self, doc, front, labels):
        def first(key):
            for value in labels.get(key, []):
                if value:
                    return value
            return []

        doc["schema"] = SCHEMA
        doc["title"] = " ".join(first("title")) or self._cover_title(front)
        doc["plan_name"] = " ".join(first("plan_name")) or None
        doc["system_id"] = " ".join(first("system_id")) or None
        doc["agency"] = (first("agency") or [None])[0]
        self._dates(doc, labels)
        doc["category"] = self._category(labels.get("category", []))
        doc["contact"] = people.parse_contact(first("contact"))
        phone = first("phone")
        if doc["contact"]["phone"] is None and phone:
            doc["contact"]["phone"] = phone[0]
        doc["travelers"] = self._travelers(front, labels)
        doc["destinations"] = merge_destinations(
            *(split_destinations(" ".join(value)) for value in labels.get("region", []))
        )
        doc["pages"] = self._pages(first("pages"))
        doc["has_attachments"] = self._yes_no(labels.get("attachments", []))
        doc["keywords"] = self._keywords(first("keywords"))
        summary = "\n".join(first("summary")).strip()
        # The form's own instruction: 內容摘要：（二百至三百字）
        summary = re.sub(r"^[（(][^）)\n]{0,12}字[）)]\s*", "", summary)
        doc["summary"] = summary or None

    def _cover_title(self, front):
        collected = []
        started = False
        for line in front:
            if re.search(r"出國報告", line) and len(line) < 40 and not collected:
                started = True
                continue
            if not started:
                continue
            if not line:
                if collected:
                    break
                continue
            if re.match(r"^[（(]?\s*出\s*國\s*類\s*別", line):
                continue
            if re.search(r"[：:]", line):
                break
            collected.append(line)
        title = "".join(collected).strip()
        return title or None

    def _dates(self, doc, labels):
        report_dates = [parse_date(" ".join(v)) for v in labels.get("report_date", [])]
        report = next((d for d in report_dates if d), None)
        start = end = None
        for value in labels.get("period", []):
            start, end = parse_range(" ".join(value), report.year if report else None)
            if start:
                break
        self.year = start.year if start else (report.year if report else None)
        doc["start_date"] = start.isoformat() if start else None
        doc["end_date"] = end.isoformat() if end else None
        doc["report_date"] = report.isoformat() if report else None

    def _category(self, values):
        for value in values:
            category = _category_of(" ".join(value))
            if category:
                return category
        return None

    def _travelers(self, front, labels):
        for value in labels.get("travelers", []):
            table = people.find_table(value)
            if table:
                return table
            found = people.parse_people_lines(value)
            if found and len(found) >= sum(1 for line in value if line.strip()):
                return found
        table = people.find_table(front)
        if table:
            return table
        for key in ("travelers", "names"):
            for value in labels.get(key, []):
                found = people.parse_people_lines(value)
                if found:
                    return found
        return []

    @staticmethod
    def _pages(value):
        m = re.search(r"\d+", fold(" ".join(value)))
        return int(m.group()) if m else None

    @staticmethod
    def _yes_no(values):
        for value in values:
            text = fold(" ".join(value))
            ticked = re.search(rf"[{_TICK}]\s*(是|否|有|無)", text)
            if ticked:
                return ticked.group(1) in ("是", "有")
            bare = re.sub(r"[\s□☐]", "", text)
            if bare in ("是", "有"):
                return True
            if bare in ("否", "無"):
                return False
        return None

    @staticmethod
    def _keywords(value):
        text = " ".join(value).strip().rstrip("。.")
        if not text:
            return []
        parts = re.split(r"[、，,；;]|\s{2,}", text)
        return [p.strip().rstrip("。.") for p in parts if p.strip().rstrip("。.")]

    # Body ---------------------------------------------------------------

    def _body(self, doc, sections):
        doc["sections"] = [{"heading": s.heading, "body": s.body()} for s in sections]
        trees = [(s, _kind(s.title), build_tree(s.lines)) for s in sections]
        for section, kind, tree in trees:
            if kind == "purposes":
                doc["purposes"].extend(_titled_items(tree))
            elif kind == "lessons":
                doc["lessons"].extend(_lessons(section.title, tree))
            elif kind == "attachments":
                doc["attachments"].extend(_attachments(tree))
            elif kind == "follow_ups":
                doc["follow_ups"].extend(self._follow_ups(tree))
        doc["meetings"] = self._meetings(doc, trees)
        for meeting in doc["meetings"]:
            meeting["acronym"] = meeting_acronym(meeting["title"], meeting["title_en"])
        for _section, kind, tree in trees:
            if kind in ("minutes", "agenda"):
                for node in tree.walk():
                    if _is_follow_node(node):
                        doc["follow_ups"].extend(self._follow_ups(node))
        for item in doc["follow_ups"]:
            if item["owner"] in _SELF_OWNERS and doc["agency"]:
                item["owner"] = doc["agency"]

    def _meetings(self, doc, trees):
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
            meeting["minutes"] = _minutes(node)
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
                    meetings[0]["minutes"] = _minutes(tree)
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
        self._meeting_fields(meeting, tree)
        if not meeting["agenda"]:
            meeting["agenda"] = _agenda_items(tree)
        return [meeting]

    def _meeting(self, node):
        title = _MEETING_PREFIX_RE.sub("", node.title).strip()
        title = re.sub(r"^會議名稱\s*[：:]\s*", "", title)
        title, title_en = _split_english(title)
        meeting = _empty_meeting(title or None)
        own = [line for line in node.lines if line]
        if title_en:
            meeting["title_en"] = title_en
        elif own and _is_english_title(own[0]) and own[0].strip()[:1] in "(（":
            meeting["title_en"] = _strip_parens(own[0])
        self._meeting_fields(meeting, node)
        meeting["decisions"] = _decisions(node)
        return meeting

    def _meeting_fields(self, meeting, node):
        for child in node.children:
            self._meeting_field(meeting, child.title, child)
        for line in node.lines:
            self._meeting_field(meeting, line, None)

    def _meeting_field(self, meeting, text, child):
        m = _FIELD_RE.match(text.strip())
        if not m:
            return
        key = m.group("key")
        value = (m.group("value") or "").strip()
        if child is not None and not value:
            value = " ".join(line for line in child.lines if line)
        if key.endswith(("日期", "時間")) or key in ("日期", "時間"):
            start, end = parse_range(value, self.year)
            if start and meeting["start_date"] is None:
                meeting["start_date"], meeting["end_date"] = start.isoformat(), end.isoformat()
        elif key.endswith("地點"):
            meeting["location"] = meeting["location"] or value or None
        elif key.endswith("議程"):
            if child is not None:
                meeting["agenda"] = _agenda_items(child)
        elif value and not meeting["chairs"]:
            meeting["chairs"] = [c.strip() for c in re.split(r"[、；;]", value) if c.strip()]

    def _follow_ups(self, node):
        items = []
        if node.children:
            texts = [
                child.title + "".join("\n" + line for line in child.text_lines())
                for child in node.children
            ]
        else:
            texts = [re.sub(r"^[-•●]\s*", "", line) for line in node.lines if line]
        for text in texts:
            items.append(self._follow_up(text.strip()))
        return items

    def _follow_up(self, text):
        due = parse_date(text, self.year)
        status = "open"
        if re.search(r"已完成|已辦理完成|已辦竣|業已完成", text):
            status = "done"
        elif re.search(r"辦理中|進行中|執行中", text):
            status = "in_progress"
        return {
            "description": text,
            "owner": _owner(text),
            "due_date": due.isoformat() if due else None,
            "status": status,
        }


def _category_of(text):
    text = fold(text)
    m = _OTHER_KIND_RE.search(text)
    if m and not _UNTICKED_RE.search(text[: m.start()][-2:]):
        inner = _category_words(m.group(1))
        if inner:
            return inner[0]
    ticked = _TICK_RE.findall(text)
    if ticked:
        found = _category_words(" ".join(ticked))
        return found[0] if found else None
    if _UNTICKED_RE.search(text):
        return None
    words = _category_words(text)
    if len(words) == 1:
        return words[0]
    return None


def _category_words(text):
    found = []
    for key, words in CATEGORIES:
        positions = [text.find(w) for w in words if w in text]
        if positions:
            found.append((min(positions), key))
    return [key for _, key in sorted(found)]


def _kind(title):
    for kind, pattern in _SECTION_KINDS:
        if pattern.search(title):
            return kind
    return None


def _split_title(node):
    title = node.title.strip()
    body = node.body()
    if not body:
        m = re.match(r"^(.{2,40}?)[：:](.+)$", title)
        if m:
            return m.group(1).strip(), m.group(2).strip()
        if len(title) > 40 and _SENTENCE_SPLIT_RE.search(title):
            head = _SENTENCE_SPLIT_RE.split(title, maxsplit=1)[0]
            return head.strip(), title
    return title or None, body or None


def _titled_items(tree):
    if tree.children:
        out = []
        for child in tree.children:
            title, body = _split_title(child)
            out.append({"title": title, "body": body})
        return out
    body = tree.body()
    return [{"title": None, "body": body}] if body else []


def _lesson_kind(section_title, item_title=None):
    has_obs = bool(re.search(r"心得|感想|省思|啟示|檢討|結論|結語", section_title))
    has_rec = "建議" in section_title
    if has_rec and not has_obs:
        return "recommendation"
    if has_obs and not has_rec:
        return "observation"
    return "recommendation" if item_title and _RECOMMEND_RE.search(item_title) else "observation"


def _lessons(section_title, tree):
    lessons = []
    for child in tree.children:
        sub = re.sub(r"[\s：:]", "", child.title)
        if len(sub) <= 8 and re.search(r"心得|建議|感想", sub):
            for item in _titled_items(child):
                item["kind"] = _lesson_kind(sub, item["title"])
                lessons.append(item)
            continue
        title, body = _split_title(child)
        kind = _lesson_kind(section_title, title)
        lessons.append({"title": title, "body": body, "kind": kind})
    if not tree.children and tree.body():
        lessons.append({"title": None, "body": tree.body(), "kind": _lesson_kind(section_title)})
    return lessons


def _attachments(tree):
    found = []
    for line in tree.text_lines():
        m = _ATTACHMENT_RE.match(fold(line).strip())
        if m:
            number = _cn_number(m.group("number"))
            title = _ATTACHMENT_RE.match(line.strip())
            text = (title.group("title") if title else m.group("title")).strip()
            found.append({"number": number, "title": text or None})
    if found:
        return found
    return [
        {"number": _cn_number(fold(child.label).strip("()")), "title": child.title or None}
        for child in tree.children
    ]


def _is_follow_node(node):
    return len(node.title) <= 20 and bool(_FOLLOW_RE.search(node.title))


def _owner(text):
    for pattern in (_OWNER_PAREN_RE, _OWNER_BY_RE, _OWNER_WHEN_RE, _OWNER_RE):
        m = pattern.search(text)
        if m:
            owner = m.group("owner").strip()
            if owner and not owner.startswith(("各", "本年", "預計", "持續", "依")):
                return owner
    return None


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
    }


def _meeting_name(report_title):
    if not report_title:
        return None
    name = re.sub(r"^(?:出席|參加|赴)\s*", "", report_title)
    name = re.sub(r"(?:出國)?報告(?:書)?$", "", name).strip()
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
    items = []
    for line in node.lines:
        if not line:
            continue
        text = re.sub(r"^[-•●]\s*", "", line.strip())
        m = _AGENDA_LINE_RE.match(text)
        if m:
            label = re.sub(r"\s+", "", m.group("label"))
            items.append({"label": label, "title": m.group("title").strip(), "items": []})
        else:
            items.append({"label": None, "title": text, "items": []})
    return items


def _agenda_item(node):
    return {
        "label": node.label,
        "title": node.title,
        "items": [_agenda_item(child) for child in node.children],
    }


def _minutes(node):
    if node.children:
        return [
            {"title": child.title or None, "body": child.body() or None}
            for child in node.children
            if not _FIELD_RE.match(child.title.strip())
        ]
    body = node.body()
    return [{"title": None, "body": body}] if body else []


def _decisions(node):
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


__all__ = ["parse_report", "read_report"]
