"""Meeting acronyms, read the same way by the parser and by the import's series matching.

A meeting's acronym is the one written in its English name in brackets (``(SCCP2)``),
else the first Latin acronym of its English or Chinese title (``SCCP 第1次會議``), with
the session number the title states appended when the acronym has none (``SCCP1``,
``CTI 第 3 次會議`` → ``CTI3``, ``241st Session`` → ``…241``).  An organisation's own
acronym (APEC, WCO…) counts only when it names the meeting itself, at the start of the
title (``WCO 政策委員會第 87 屆會議`` → ``WCO87``).  The series of a meeting is its
acronym without the session number, never an organisation.
"""

import re

from .normalize import fold

ORGANISATION_ACRONYMS = frozenset({"APEC", "WCO", "WTO", "ASEAN", "OECD", "UN", "EU", "ROC"})
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_BRACKETED_RE = re.compile(r"[（(]\s*([A-Z][A-Z0-9&\-]{1,11})\s*[)）]")
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z&]{1,11})(\d{0,3})(?![A-Za-z0-9])")
_SESSION_RE = re.compile(
    r"第\s*([\d一二三四五六七八九十百]{1,5})\s*[次屆届回]"
    r"|(\d{1,3})\s*(?:st|nd|rd|th)\s+(?:session|meeting|plenary)"
    r"|(?:session|meeting)\s+(?:no\.\s*)?(\d{1,3})(?![\d-])",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(r"^([A-Za-z][A-Za-z&\-]*?[A-Za-z])-?\d+$")


def _number(text):
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current or None


def session_number(text):
    """The session number a meeting title states (第 87 屆, 第二次, 241st Session)."""
    m = _SESSION_RE.search(fold(text or ""))
    if not m:
        return None
    return _number(next(g for g in m.groups() if g))


def _token(text):
    found = [(m.group(1), m.group(2), m.start()) for m in _TOKEN_RE.finditer(text)]
    for letters, digits, _start in found:
        if letters not in ORGANISATION_ACRONYMS:
            return letters + digits
    if found and found[0][2] == 0:
        return found[0][0] + found[0][1]
    return None


def meeting_acronym(title, title_en=None):
    """The acronym of a meeting from its titles, or None."""
    title, title_en = fold(title or "").strip(), fold(title_en or "").strip()
    m = _BRACKETED_RE.search(title_en) or _BRACKETED_RE.search(title)
    if m and m.group(1) not in ORGANISATION_ACRONYMS:
        return m.group(1)
    for text in (title_en, title):
        acronym = _token(text)
        if acronym:
            if acronym[-1].isdigit():
                return acronym
            number = session_number(text) or session_number(title) or session_number(title_en)
            return f"{acronym}{number}" if number else acronym
    return None


def series_acronym(acronym):
    """The acronym of a meeting's series: its acronym without the session number
    (SCCP2 → SCCP); None for an organisation's own acronym."""
    if not acronym:
        return None
    m = _NUMBERED_RE.match(acronym.strip())
    series = (m.group(1) if m else acronym.strip()).upper()
    return None if series in ORGANISATION_ACRONYMS else series
