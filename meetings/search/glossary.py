"""Learn acronyms from report texts: 世界關務組織(World Customs Organization, WCO)."""

import re

from django.db import transaction
from django.db.models import Q

from ..models.glossary import GlossaryTerm, term_key
from ..models.trips import Trip

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
OPEN, CLOSE = "[(（]", "[)）]"
ACRONYM = r"[A-Z][A-Za-z0-9&]{1,14}"
# 中文名稱(English Name, ACR) and 中文名稱(ACR): a Chinese name, then what follows it
# from the opening parenthesis. WITH_ENGLISH and ACRONYM_ONLY are the whole patterns
# (the reference); `extract` finds the same matches from each parenthesis instead.
NAME = rf"([{HAN}]{{2,30}})\s*"
ENGLISH_TAIL = re.compile(
    rf"{OPEN}\s*([A-Za-z][A-Za-z0-9'’&\- .]{{2,150}}?)\s*[,，]\s*({ACRONYM})\s*{CLOSE}"
)
ACRONYM_TAIL = re.compile(rf"{OPEN}\s*({ACRONYM})\s*{CLOSE}")
WITH_ENGLISH = re.compile(NAME + ENGLISH_TAIL.pattern)
ACRONYM_ONLY = re.compile(NAME + ACRONYM_TAIL.pattern)
OPENING = re.compile(OPEN)


# The Chinese name before a parenthesis, read in the reversed text: blanks, then up
# to 30 Han characters, as the greedy, leftmost `[HAN]{2,30}\s*` of NAME takes them.
NAME_BACKWARDS = re.compile(rf"\s*([{HAN}]{{2,30}})")


def _definitions(text):
    """WITH_ENGLISH.findall(text) and ACRONYM_ONLY.findall(text), in that order.

    Both patterns start with a run of Han characters, which made the regular
    expression engine try a match at every Chinese character of every text (a quarter
    of the index rebuild). A definition needs a parenthesis, and no match contains a
    second opening one, so each opening parenthesis is looked at once: the rest is
    matched forwards from it and, when it is a definition, the name backwards."""
    with_english, acronym_only = [], []
    backwards = None
    for opening in OPENING.finditer(text):
        paren = opening.start()
        english = ENGLISH_TAIL.match(text, paren)
        acronym = ACRONYM_TAIL.match(text, paren)
        if not (english or acronym):
            continue
        if backwards is None:
            backwards = text[::-1]
        name = NAME_BACKWARDS.match(backwards, len(text) - paren)
        if not name:
            continue
        zh = name.group(1)[::-1]
        if english:
            with_english.append((zh, *english.groups()))
        if acronym:
            acronym_only.append((zh, acronym.group(1)))
    return with_english, acronym_only


# Words that end a clause before a name: 建議持續關注世界關務組織 → 世界關務組織. Verbs
# are cut wherever they occur; connectors that also occur inside names (海關與企業對話)
# only at the start.
CLAUSE_WORDS = (
    "關注",
    "參與",
    "出席",
    "參加",
    "隸屬",
    "加入",
    "依據",
    "透過",
    "配合",
    "推動",
    "主辦",
    "舉辦",
    "派員",
    "我國為",
    "為",
    "於",
    "並",
    "將",
    "係",
    "由",
)
LEADING_WORDS = ("本署", "我國", "年", "之", "的", "與", "及", "和", "在", "向", "對", "即", "如")
MAX_ZH = 16


def _clean_zh(name):
    for word in CLAUSE_WORDS:
        cut = name.rfind(word)
        if cut >= 0 and len(name) - cut - len(word) >= 2:
            name = name[cut + len(word) :]
    changed = True
    while changed:
        changed = False
        for word in LEADING_WORDS:
            if name.startswith(word) and len(name) - len(word) >= 2:
                name = name[len(word) :]
                changed = True
    return name[-MAX_ZH:]


def _common_suffix(names):
    first = names[0]
    length = 0
    while length < len(first) and all(
        len(n) > length and n[-1 - length] == first[-1 - length] for n in names
    ):
        length += 1
    return first[len(first) - length :] if length else ""


def extract(texts):
    """{acronym: (chinese name, english name)} found in `texts`."""
    zh_seen, en_seen = {}, {}
    for text in texts:
        if "(" not in text and "（" not in text:
            continue
        with_english, acronym_only = _definitions(text)
        for zh, en, acronym in with_english:
            zh_seen.setdefault(acronym, []).append(zh)
            en_seen.setdefault(acronym, " ".join(en.split()))
        for zh, acronym in acronym_only:
            zh_seen.setdefault(acronym, []).append(zh)
    found = {}
    for acronym, names in zh_seen.items():
        suffix = _common_suffix(names) if len(names) > 1 else ""
        zh = _clean_zh(suffix if len(suffix) >= 2 else min(names, key=len))
        found[acronym] = (zh, en_seen.get(acronym, ""))
    return found


def learn(found):
    """Add new acronyms to the glossary and fill the blanks of unverified ones.

    `found` maps an acronym to (chinese name, english name, source trip id), as
    gathered by `extract` over one or more trips; one query when nothing changes.
    """
    if not found:
        return
    keys = {term_key(a): a for a in found}
    with transaction.atomic():
        existing = {
            t.acronym_key: t
            for t in GlossaryTerm.objects.filter(acronym_key__in=keys).annotate(
                source_open=Q(source_trip__access=Trip.Access.OPEN)
            )
        }
        _move_to_open_sources(existing, keys, found)
        new_terms = []
        for key, acronym in keys.items():
            zh, en, source_trip_id = found[acronym]
            term = existing.get(key)
            if term is None:
                new_terms.append(
                    GlossaryTerm(
                        acronym=acronym.strip(),
                        acronym_key=key,
                        name_zh=zh,
                        name_en=en,
                        zh_key=term_key(zh),
                        en_key=term_key(en),
                        source_trip_id=source_trip_id,
                    )
                )
            elif not term.verified and ((zh and not term.name_zh) or (en and not term.name_en)):
                term.name_zh = term.name_zh or zh
                term.name_en = term.name_en or en
                term.save()
        # One query for every new term of a report (a report names dozens).
        GlossaryTerm.objects.bulk_create(new_terms)


def _move_to_open_sources(existing, keys, found):
    """A term known from a restricted trip, found again in an open one, takes the open
    trip as its source: the derived-names rule hides a term only while no visible
    trip uses it (meetings/models/names.py)."""
    candidates = {
        key: found[acronym][2]
        for key, acronym in keys.items()
        if key in existing
        and existing[key].source_trip_id
        and not existing[key].source_open
        and found[acronym][2] not in (None, existing[key].source_trip_id)
    }
    if not candidates:
        return
    open_ids = set(
        Trip.objects.filter(pk__in=candidates.values(), access=Trip.Access.OPEN).values_list(
            "pk", flat=True
        )
    )
    for key, trip_id in candidates.items():
        if trip_id in open_ids:
            GlossaryTerm.objects.filter(pk=existing[key].pk).update(source_trip_id=trip_id)
