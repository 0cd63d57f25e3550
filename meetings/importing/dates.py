"""Date parsing for 出國報告: ROC (民國) and Gregorian dates, ranges and deadlines.

ROC years (two or three digits, or written after 民國) are converted by adding 1911;
digits may be full-width or Chinese numerals (九十年十一月十八日, 一一一年).
Dates without a year (``本年 8 月 22 日``, ``8月22日``) take ``default_year``, the
year of the trip.  ``115年6月底前`` means the last day of June 2026.
"""

import calendar
import datetime
import re

from .normalize import fold_digits

_SEP = r"\s*"
_YEAR = r"(?:民國|中華民國)?\s*(?P<y{n}>\d{{2,4}})"
_YMD_CJK = (
    r"(?<!\d)" + _YEAR + _SEP + r"年" + _SEP + r"(?P<m{n}>\d{{1,2}})" + _SEP + r"月"
    r"(?:" + _SEP + r"(?P<d{n}>\d{{1,2}})" + _SEP + r"[日號号]|" + _SEP + r"(?P<e{n}>底))"
)
_YMD_NUM = (
    r"(?<![\d/.])(?P<Y{n}>\d{{2,4}})(?P<s{n}>[/.\-])(?P<M{n}>\d{{1,2}})"
    r"(?P=s{n})(?P<D{n}>\d{{1,2}})(?![\d/])"
)
_MD_CJK = (
    r"(?:本年|今年|同年)?" + _SEP + r"(?<!\d)(?P<bm{n}>\d{{1,2}})" + _SEP + r"月"
    r"(?:" + _SEP + r"(?P<bd{n}>\d{{1,2}})" + _SEP + r"[日號号]|" + _SEP + r"(?P<be{n}>底))"
)


def _date_pattern(n):
    return "(?:" + "|".join(p.format(n=n) for p in (_YMD_CJK, _YMD_NUM, _MD_CJK)) + ")"


DATE_RE = re.compile(_date_pattern(1))
_RANGE_SEP = r"\s*(?:起至|起迄|至|到|迄|~|～|〜|－|—|–|-)\s*"
_END_TAIL = (
    r"(?:" + _date_pattern(2) + r"|(?<!\d)(?P<tm>\d{1,2})\s*[/.]\s*(?P<td>\d{1,2})(?![\d/])"
    r"|(?<!\d)(?P<od>\d{1,2})\s*[日號号])"
)
RANGE_RE = re.compile(_date_pattern(1) + _RANGE_SEP + _END_TAIL)


def roc_to_gregorian(year):
    """Return the Gregorian year for ``year`` written in ROC or Gregorian form."""
    return year + 1911 if year < 1911 else year


def _make(year, month, day=None, month_end=False):
    if year is None:
        return None
    try:
        if month_end or day is None:
            if not month_end:
                return None
            day = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _from_match(m, n, default_year):
    g = m.groupdict()
    if g.get(f"y{n}"):
        year = roc_to_gregorian(int(g[f"y{n}"]))
        day = int(g[f"d{n}"]) if g.get(f"d{n}") else None
        return _make(year, int(g[f"m{n}"]), day, bool(g.get(f"e{n}")))
    if g.get(f"Y{n}"):
        year = roc_to_gregorian(int(g[f"Y{n}"]))
        return _make(year, int(g[f"M{n}"]), int(g[f"D{n}"]))
    if g.get(f"bm{n}"):
        day = int(g[f"bd{n}"]) if g.get(f"bd{n}") else None
        return _make(default_year, int(g[f"bm{n}"]), day, bool(g.get(f"be{n}")))
    return None


_WEEKDAY_RE = re.compile(r"\s*[（(]\s*(?:星期|週|周|禮拜)?[一二三四五六日天]\s*[)）]")


_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "０": 0}
# 九十年十一月十八日, 中華民國一一一年, 一百零一年: Chinese numerals before 年 / 月 / 日.
_CN_NUMBER_RE = re.compile(r"[〇○零一二三四五六七八九十百]+(?=\s*[年月日號])")


def cn_number(text):
    """``九十一`` → 91, ``一一一`` → 111, ``一百零一`` → 101, ``十八`` → 18; else None."""
    if not text:
        return None
    if "十" not in text and "百" not in text:
        if any(c not in _CN_VALUES for c in text):
            return None
        return int("".join(str(_CN_VALUES[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char == "百":
            total += (digit if digit is not None else 1) * 100
            digit = None
        elif char == "十":
            total += (digit if digit is not None else 1) * 10
            digit = None
        elif char in _CN_VALUES:
            digit = _CN_VALUES[char]
        else:
            return None
    return total + (digit or 0)


def _cn_digits(m):
    value = cn_number(m.group())
    return str(value) if value is not None else m.group()


def _prepare(text):
    """Fold full-width and Chinese-numeral digits and drop weekdays such as ``（星期一）``."""
    return _WEEKDAY_RE.sub("", _CN_NUMBER_RE.sub(_cn_digits, fold_digits(text or "")))


def find_dates(text, default_year=None):
    """Return every date written in ``text`` as ``(date, start, end)`` tuples.

    Offsets refer to the text with full-width digits folded and weekdays removed.
    """
    folded = _prepare(text)
    found = []
    for m in DATE_RE.finditer(folded):
        value = _from_match(m, 1, default_year)
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found


def parse_date(text, default_year=None):
    """Return the first date in ``text``, or None."""
    dates = find_dates(text, default_year)
    return dates[0][0] if dates else None


def parse_range(text, default_year=None):
    """Return ``(start, end)`` for the first date or date range in ``text``.

    The end may leave out the year (``111年8月22日至8月26日``) or the month
    (``8 月 22 日至 26 日``); a single date gives ``(date, date)``.
    """
    folded = _prepare(text)
    m = RANGE_RE.search(folded)
    if m:
        start = _from_match(m, 1, default_year)
        if start is not None:
            end = _range_end(m, start)
            if end is not None and end >= start:
                return start, end
    dates = find_dates(folded, default_year)
    if len(dates) == 2 and not folded[dates[0][2] : dates[1][1]].strip():
        # Two dates side by side (the two cells 起 | 迄 of a form's table row).
        (start, _s, _e), (end, _s2, _e2) = dates
        if end >= start:
            return start, end
    return (dates[0][0], dates[0][0]) if dates else (None, None)


def _range_end(m, start):
    g = m.groupdict()
    if g.get("od"):
        return _make(start.year, start.month, int(g["od"]))
    if g.get("tm"):
        return _make(start.year, int(g["tm"]), int(g["td"]))
    end = _from_match(m, 2, start.year)
    if end is not None and end < start and not (g.get("y2") or g.get("Y2")):
        end = _make(start.year + 1, end.month, end.day)
    return end
