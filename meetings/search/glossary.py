"""Learn acronyms from report texts: 世界關務組織(World Customs Organization, WCO)."""

import re

from django.db import transaction

from ..models.glossary import GlossaryTerm, term_key

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
OPEN, CLOSE = "[(（]", "[)）]"
ACRONYM = r"[A-Z][A-Za-z0-9&]{1,14}"
# 中文名稱(English Name, ACR)
WITH_ENGLISH = re.compile(
    rf"([{HAN}]{{2,30}})\s*{OPEN}\s*([A-Za-z][A-Za-z0-9'’&\- .]{{2,150}}?)\s*[,，]\s*"
    rf"({ACRONYM})\s*{CLOSE}"
)
# 中文名稱(ACR)
ACRONYM_ONLY = re.compile(rf"([{HAN}]{{2,30}})\s*{OPEN}\s*({ACRONYM})\s*{CLOSE}")
# Words that open a clause rather than a name: 我國為亞太經濟合作 → 亞太經濟合作.
LEADING_NOISE = (
    "我國為",
    "我國",
    "本署",
    "派員",
    "出席",
    "參與",
    "參加",
    "隸屬",
    "主辦",
    "舉辦",
    "年",
    "之",
    "的",
    "為",
    "與",
    "及",
    "和",
    "於",
    "由",
    "在",
    "係",
    "屬",
    "即",
    "如",
    "由",
    "向",
    "對",
)
MAX_ZH = 16


def _clean_zh(name):
    changed = True
    while changed and len(name) > 2:
        changed = False
        for noise in LEADING_NOISE:
            if name.startswith(noise) and len(name) - len(noise) >= 2:
                name = name[len(noise) :]
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
        for zh, en, acronym in WITH_ENGLISH.findall(text):
            zh_seen.setdefault(acronym, []).append(zh)
            en_seen.setdefault(acronym, " ".join(en.split()))
        for zh, acronym in ACRONYM_ONLY.findall(text):
            zh_seen.setdefault(acronym, []).append(zh)
    found = {}
    for acronym, names in zh_seen.items():
        suffix = _common_suffix(names) if len(names) > 1 else ""
        zh = _clean_zh(suffix if len(suffix) >= 2 else min(names, key=len))
        found[acronym] = (zh, en_seen.get(acronym, ""))
    return found


def learn(texts, source_trip_id=None):
    """Add new acronyms to the glossary and fill the blanks of unverified ones."""
    found = extract(texts)
    if not found:
        return
    keys = {term_key(a): a for a in found}
    with transaction.atomic():
        existing = {t.acronym_key: t for t in GlossaryTerm.objects.filter(acronym_key__in=keys)}
        for key, acronym in keys.items():
            zh, en = found[acronym]
            term = existing.get(key)
            if term is None:
                GlossaryTerm.objects.create(
                    acronym=acronym, name_zh=zh, name_en=en, source_trip_id=source_trip_id
                )
            elif not term.verified and ((zh and not term.name_zh) or (en and not term.name_en)):
                term.name_zh = term.name_zh or zh
                term.name_en = term.name_en or en
                term.save()
