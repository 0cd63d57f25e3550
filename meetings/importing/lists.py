"""Lists stage: purposes, follow-ups, lessons and attachments from the body sections.

Each reader takes the numbered tree of one body section (see :mod:`.structure`).

Lesson kinds: items of a 建議 section are recommendations.  Elsewhere (心得,
心得與建議, 感想 …) an item is a recommendation when its title uses recommending
wording (建議, 宜, 應, 須, 允宜, 可考慮) or its text proposes an action (宜…,
建議…, 擬…, 應予…); sub-headings 心得 / 建議 inside the section set the kind
of the items under them.
"""

import re

from .dates import cn_number, parse_date
from .normalize import fold, glue

_FOLLOW_RE = re.compile(
    r"會後執行事項|執行事項|待辦|後續辦理|後續追蹤|追蹤事項|後續工作|後續執行|應辦事項"
)
_RECOMMEND_RE = re.compile(
    r"建議|宜|(?<![響因適對反供相回效順呼感])應(?![用變對])|須|可考慮|研議|爭取|務必"
)
_OWNER_RE = re.compile(
    r"^(?P<owner>[A-Za-z][A-Za-z0-9&.\-]*(?:\s[A-Za-z][A-Za-z0-9&.\-]*)*(?:\s*[\u4e00-\u9fff]{1,8})?"
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
# Wording by which a paragraph proposes an action (not merely 應 = "should" in passing).
_PROPOSAL_RE = re.compile(
    r"建議|(?<![適便合權])宜(?![蘭人])|允宜|(?<![模比])擬(?![定訂真])|可考慮|值得(?:參考|借鏡|效法)"
    r"|(?<![響因適對反供相回效順呼感理])應(?:予|儘速|持續|積極|加強|審慎|適時|研議|考量|規劃|參考|借鏡|建立)"
)
_SENTENCE_SPLIT_RE = re.compile(r"[。；]")


def _cn_number(text):
    text = fold(text)
    return int(text) if text.isdigit() else cn_number(text)


def follow_ups(node, year=None):
    """The follow-up items of a section or sub-section: its children, or its lines."""
    items = []
    if node.children:
        texts = [
            child.title + "".join("\n" + line for line in child.text_lines())
            for child in node.children
        ]
    else:
        texts = [re.sub(r"^[-•●]\s*", "", line) for line in node.lines if line]
    for text in texts:
        items.append(follow_up(text.strip(), year))
    return items


def follow_up(text, year=None):
    """One follow-up: its text, owner (as written), due date and status."""
    due = parse_date(text, year)
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


def own_agency(items, agency):
    """Replace 本署 / 本部 … as a follow-up owner by the agency that sent the trip."""
    for item in items:
        if item["owner"] in _SELF_OWNERS and agency:
            item["owner"] = agency


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


def titled_items(tree):
    if tree.children:
        out = []
        for child in tree.children:
            title, body = _split_title(child)
            out.append({"title": title, "body": body})
        return out
    body = tree.body()
    return [{"title": None, "body": body}] if body else []


def lesson_kind(section_title, item_title=None, body=None):
    """Recommendation or observation, by the heading above the item and by its own text.

    Items under a heading that names only 建議 are recommendations.  Elsewhere
    (心得, 心得與建議, 感想 …) an item is a recommendation when its text proposes an
    action (宜…, 建議…, 擬…, 應予…), or, under a heading that also names 建議, when its
    title uses recommending wording (須, 應, 爭取 …).
    """
    has_obs = bool(re.search(r"心得|感想|省思|啟示|檢討|結論|結語", section_title))
    has_rec = "建議" in section_title
    if has_rec and not has_obs:
        return "recommendation"
    if has_rec and item_title and _RECOMMEND_RE.search(item_title):
        return "recommendation"
    if any(text and _PROPOSAL_RE.search(text) for text in (item_title, body)):
        return "recommendation"
    return "observation"


def lessons(section_title, tree):
    lessons = []
    for child in tree.children:
        sub = re.sub(r"[\s：:]", "", child.title)
        if len(sub) <= 8 and re.search(r"心得|建議|感想", sub):
            for item in titled_items(child):
                item["kind"] = lesson_kind(sub, item["title"], item["body"])
                lessons.append(item)
            continue
        title, body = _split_title(child)
        kind = lesson_kind(section_title, title, body)
        lessons.append({"title": title, "body": body, "kind": kind})
    if not tree.children and tree.body():
        body = tree.body()
        lessons.append(
            {"title": None, "body": body, "kind": lesson_kind(section_title, None, body)}
        )
    return lessons


_SENTENCE_END_RE = re.compile(r"[。；]$")


def attachments(tree):
    found = []
    for line in tree.text_lines():
        m = _ATTACHMENT_RE.match(fold(line).strip())
        if m:
            number = _cn_number(m.group("number"))
            title = _ATTACHMENT_RE.match(line.strip())
            text = (title.group("title") if title else m.group("title")).strip()
            found.append({"number": number, "title": text or None})
        elif found and found[-1]["title"] and not _SENTENCE_END_RE.search(found[-1]["title"]):
            # A title wrapped onto the next line (…與會人員名 / 單).
            found[-1]["title"] = glue(found[-1]["title"], line.strip())
    if found:
        return found
    return [
        {"number": _cn_number(fold(child.label).strip("()")), "title": child.title or None}
        for child in tree.children
    ]


def labelled_follow_ups(node, year=None):
    """Follow-ups under a 後續追蹤事項： line inside an item: the lines after it, or the
    numbered items that follow it when it is the item's last line."""
    own = [line for line in node.lines if line]
    for index, line in enumerate(own):
        text = line.strip()
        if len(text) <= 20 and text[-1:] in "：:" and _FOLLOW_RE.search(text):
            rest = own[index + 1 :]
            if rest:
                return [follow_up(re.sub(r"^[-•●]\s*", "", item).strip(), year) for item in rest]
            return follow_ups(node, year) if node.children else []
    return []


def is_follow_node(node):
    return len(node.title) <= 20 and bool(_FOLLOW_RE.search(node.title))


def _owner(text):
    for pattern in (_OWNER_PAREN_RE, _OWNER_WHEN_RE, _OWNER_BY_RE, _OWNER_RE):
        m = pattern.search(text)
        if m:
            owner = m.group("owner").strip()
            if owner and not owner.startswith(("各", "本年", "預計", "持續", "依")):
                return owner
    return None
