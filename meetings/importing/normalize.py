"""Text clean-up for extracted reports.

``clean_lines`` removes page footers and form feeds and joins the hard line
breaks that PDF extraction leaves in the middle of sentences; everything else is
kept as written.  ``fold_digits`` and ``fold`` give NFKC-folded copies used only
for matching, never for output.
"""

import re
import unicodedata

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Page footers: "- 3 -", "第 3 頁", "第3頁/共26頁", "3/26", a bare page number.
_FOOTER_RE = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]"
    r"|第\s*\d{1,3}\s*頁(?:\s*[/，,]?\s*共\s*\d{1,3}\s*頁)?"
    r"|(?:page|p\.)\s*\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|[ivxIVX]{1,4}"
    r"|\d{1,3})\s*$",
    re.IGNORECASE,
)
SENTENCE_END = "。：；！？!?;:"
_CN_NUM = "一二三四五六七八九十"
_UPPER_NUM = "壹貳參叁肆伍陸柒捌玖拾"
# Lines that start a new logical line: numbered headings, bullets, labels.
HEADING_RE = re.compile(
    r"^\s*(?:[-•●○◆◇■□▪‧・*]\s*)?(?:"
    rf"[{_UPPER_NUM}]+\s*[、.．]"
    rf"|[{_CN_NUM}]+\s*[、.．]"
    rf"|[（(]\s*[{_CN_NUM}]+\s*[)）]"
    r"|\d{1,2}\s*[、．](?!\d)"
    r"|\d{1,2}\.(?![\d])"
    r"|[（(]\s*\d{1,2}\s*[)）]"
    r"|[（(]\s*[ivx]{1,4}\s*[)）]"
    rf"|第\s*[{_CN_NUM}\d]+\s*[章節天日]"
    r"|附件\s*[\d一二三四五六七八九十]+"
    r")"
)
BULLET_RE = re.compile(r"^\s*[-•●○◆◇▪‧・*]\s")
LABEL_RE = re.compile(r"^\s*[\u4e00-\u9fff][\u4e00-\u9fff\s　/／、]{1,10}[：:]")
# Numbered agenda labels: 場次2：, 議題 3：, 第2場：, Session 2:, Day 1:, Item 4:
AGENDA_LABEL_RE = re.compile(
    rf"^\s*(?:[\u4e00-\u9fff]{{1,4}}\s*[\d{_CN_NUM}]{{1,3}}\s*[\u4e00-\u9fff]?"
    r"|(?:session|day|item|agenda item|panel)\s*\d{1,3}[a-z]?)\s*[：:]",
    re.IGNORECASE,
)
_TOC_LEADER_RE = re.compile(r"(?:\.{3,}|…{2,}|‥{2,}|·{3,}|．{3,}|-{4,}|_{4,})\s*\d*\s*$")
_PARENS_RE = re.compile(r"^\s*[（(].*[)）]\s*$")
_ASCII_END = re.compile(r"[A-Za-z0-9,.)\]]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9(\[]")
_STANDALONE_RE = re.compile(r"出國報告|^目\s*錄$|^目\s*次$")
_WIDE_LINE = 30
_NARROW_LINE = 40
_CONTINUES = "、，,（(「『《"
_PROSE_PUNCT_RE = re.compile(r"[，。；！？]")
_CJK_CELL_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_TABLE_LIKE_RE = re.compile(r"\S(?:\u3000+|\s{2,})\S")


# C0 control characters other than tab, line feed, form feed and carriage return, and
# DEL: they mean nothing in a report, and PostgreSQL refuses NUL in any text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def strip_control(text):
    """Return ``text`` without control characters; a vertical tab becomes a line break."""
    return _CONTROL_RE.sub("", text.replace("\x0b", "\n"))


def fold_digits(text):
    """Return ``text`` with full-width digits replaced by ASCII digits."""
    return text.translate(_DIGITS)


def fold(text):
    """Return an NFKC-folded copy of ``text`` for matching only."""
    return unicodedata.normalize("NFKC", text)


def display_width(text):
    """Width of ``text`` counting East Asian wide characters as two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_footer(line):
    """True when ``line`` is a page footer or a bare page number."""
    return bool(_FOOTER_RE.match(fold(line)))


def is_toc_line(line):
    """True for a table-of-contents entry with dotted leaders."""
    return bool(_TOC_LEADER_RE.search(line))


def starts_block(line):
    """True when ``line`` must start a new logical line (heading, bullet, label...)."""
    return bool(
        HEADING_RE.match(line)
        or BULLET_RE.match(line)
        or LABEL_RE.match(line)
        or AGENDA_LABEL_RE.match(line)
        or _PARENS_RE.match(line)
        or _STANDALONE_RE.search(line)
        or is_toc_line(line)
        or "\t" in line
    )


def is_row_like(line):
    """A table row written with single spaces: three or more short cells, two of them Chinese."""
    if _PROSE_PUNCT_RE.search(line):
        return False
    slashed = re.split(r"\s*[/／]\s*", line.strip())
    if len(slashed) >= 3 and all(0 < len(cell) <= 20 for cell in slashed):
        return True  # 陳大文/財政部關務署/稽核組/科長/02-…
    cells = line.split()
    if len(cells) < 3:
        return False
    if any(len(cell) > 20 for cell in cells):
        return False
    return sum(1 for cell in cells if _CJK_CELL_RE.fullmatch(cell)) >= 2


def _is_heading_only(line):
    """A numbered heading without a sentence of its own (no 。 or ；)."""
    if display_width(line) > 90:
        return False
    return bool(HEADING_RE.match(line)) and not re.search(r"[。；;]", line)


def _ends_open(line):
    return bool(line) and line[-1] not in SENTENCE_END


def glue(left, right):
    """Join a line to the next, with a space only between two ASCII words."""
    if _ASCII_END.search(left) and _ASCII_START.match(right):
        return left + " " + right
    return left + right


def _can_join(prev, line, blank_between):
    if not prev or not _ends_open(prev) or starts_block(line):
        return False
    if _STANDALONE_RE.search(prev) or _PARENS_RE.match(prev) or is_toc_line(prev):
        return False
    if "\t" in prev:
        return False
    if _TABLE_LIKE_RE.search(prev) or _TABLE_LIKE_RE.search(line):
        return False
    if is_row_like(prev) or is_row_like(line):
        return False
    width = display_width(prev)
    if blank_between:
        return not _is_heading_only(prev) and not LABEL_RE.match(prev) and width >= _WIDE_LINE * 2
    if prev[-1] in _CONTINUES:
        return True
    if _is_heading_only(prev) and width < _WIDE_LINE * 2:
        return False
    return width >= _NARROW_LINE


def clean_lines(text):
    """Return the logical lines of ``text``; paragraph breaks are kept as ``""``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\u200b", "")
    out = []
    blank = False
    for raw in text.split("\n"):
        line = raw.rstrip().strip(" ")
        if not line.strip() or is_footer(line):
            blank = blank or not line.strip()
            continue
        prev_index = len(out) - 1
        if prev_index >= 0 and _can_join(out[prev_index], line.strip(), blank):
            out[prev_index] = glue(out[prev_index], line.strip())
        else:
            if blank and out:
                out.append("")
            out.append(line.strip())
        blank = False
    return out
