"""Body structure of a report: table of contents, top-level sections and item trees.

Numbered items are nested by the order in which numbering styles first appear,
so both the usual ``一、 > (一) > 1、 > (1)`` and other orders give a tree.
"""

import re
from dataclasses import dataclass, field

from .normalize import fold, is_toc_line

UPPER = "壹貳參叁肆伍陸柒捌玖拾"
CN = "一二三四五六七八九十"
_BULLET = r"(?:[-•●○◆◇▪‧・*]\s*)?"
STYLES = (
    ("upper", re.compile(rf"^{_BULLET}([{UPPER}]+)\s*[、.．]\s*(.*)$")),
    ("chapter", re.compile(rf"^{_BULLET}第\s*([{CN}\d]+)\s*章\s*[、：:．.]?\s*(.*)$")),
    ("section", re.compile(rf"^{_BULLET}第\s*([{CN}\d]+)\s*節\s*[、：:．.]?\s*(.*)$")),
    ("cn", re.compile(rf"^{_BULLET}([{CN}]+)\s*[、.．]\s*(.*)$")),
    ("pcn", re.compile(rf"^{_BULLET}[（(]\s*([{CN}]+)\s*[)）]\s*[、.．]?\s*(.*)$")),
    ("ar", re.compile(rf"^{_BULLET}(\d{{1,2}})\s*(?:[、．]|\.(?!\d))\s*(.*)$")),
    ("par", re.compile(rf"^{_BULLET}[（(]\s*(\d{{1,2}})\s*[)）]\s*[、.．]?\s*(.*)$")),
)
_STYLE_RES = dict(STYLES)
_LABEL_FORMAT = {"pcn": "({})", "par": "({})"}
_APPENDIX_RE = re.compile(
    r"^(?:附件|附錄|附表)(?:[一二三四五六七八九十\d]*)\s*[：:]?\s*$|^附件(?:清單|目錄|列表)"
)
_TOC_TITLE_RE = re.compile(r"^\s*目\s*[錄次]\s*$")
# The page number ending a table-of-contents line, with its leader: "目的........3",
# "目的 3", "目的\t3".  Found by `page_tail_start`, which scans from the end of the line:
# the regular expression it replaces, (?:\.{2,}|…+|‥+|·{2,}|．{2,}|\s)+\d{1,3}\s*$, took
# minutes on a line of 100,000 spaces (every start position backtracked to the end).
_LEADER_CHARS = "…‥"
_LEADER_RUNS = ".·．"  # leaders when at least two in a row


@dataclass
class Node:
    """One numbered item: its marker, heading text, own lines and sub-items."""

    style: str | None = None
    label: str | None = None
    title: str = ""
    heading: str = ""
    lines: list = field(default_factory=list)
    children: list = field(default_factory=list)

    def text_lines(self):
        """Own lines and every descendant's heading and lines, in order."""
        out = [line for line in self.lines if line]
        for child in self.children:
            out.append(child.heading)
            out.extend(child.text_lines())
        return out

    def body(self):
        return "\n".join(self.text_lines())

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()


@dataclass
class Section:
    heading: str
    title: str
    lines: list

    def body(self):
        return "\n".join(line for line in self.lines if line)


# The characters a numbering marker can start with (before NFKC folding).
_MARKER_STARTS = frozenset(
    UPPER + CN + "第（(0123456789０１２３４５６７８９-•●○◆◇▪‧・*－＊"
) | frozenset(map(chr, range(0x2460, 0x2500)))


def item_marker(line):
    """Return ``(style, number, text)`` when ``line`` starts with a numbering marker."""
    start = line.lstrip()[:1]
    if not start or start not in _MARKER_STARTS:
        return None
    folded = fold(line)
    for style, pattern in STYLES:
        m = pattern.match(folded)
        if m:
            text = _tail_as_written(line, folded, m.start(2))
            return style, m.group(1), text
    return None


def _tail_as_written(line, folded, index):
    """Map an index in the NFKC-folded line back to the original line text."""
    if len(folded) == len(line):
        return line[index:].strip()
    return folded[index:].strip()


def page_tail_start(text):
    """Where the trailing page number and its leader start in ``text``, or None.

    A page number is one to three digits after at least one leader (white space, …,
    ‥, or a run of two or more of . · ．); tabs at the end of the line count as a
    page column without a number."""
    body = text.rstrip()
    starts = []
    tab = text.find("\t", len(body))
    if tab >= 0:
        starts.append(tab)
    end = len(body)
    digits = end
    while digits > 0 and end - digits < 3 and body[digits - 1].isdecimal():
        digits -= 1
    if digits < end:
        start = digits
        while start > 0:
            ch = body[start - 1]
            if ch.isspace() or ch in _LEADER_CHARS:
                start -= 1
                continue
            if ch not in _LEADER_RUNS:
                break
            run = start
            while run > 0 and body[run - 1] == ch:
                run -= 1
            if start - run < 2:
                break
            start = run
        if start < digits:
            starts.append(start)
    return min(starts) if starts else None


def _strip_page(text):
    start = page_tail_start(text)
    return (text if start is None else text[:start]).strip()


def _key(text):
    return re.sub(r"\s+", "", fold(_strip_page(text)))


def top_style(lines):
    """The numbering style of top-level sections: 壹、, 第一章 or 一、."""
    seen = {marker[0] for line in lines if (marker := item_marker(line))}
    for style in ("upper", "chapter", "cn"):
        if style in seen:
            return style
    return None


def toc_range(lines):
    """Return ``(start, end)`` of the table of contents, or None."""
    for index, line in enumerate(lines):
        if _TOC_TITLE_RE.match(line):
            return index, _toc_end(lines, index + 1)
    return None


def _toc_end(lines, start):
    first = None
    index = start
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        if first is not None and _key(line) == first and not is_toc_line(line):
            return index
        entry = is_toc_line(line) or item_marker(line) or page_tail_start(line) is not None
        if not entry and not _APPENDIX_RE.match(_strip_page(line)):
            return index
        if first is None:
            first = _key(line)
        index += 1
    return index


def split_sections(lines):
    """Split ``lines`` into front matter and top-level sections."""
    toc = toc_range(lines)
    skip = range(*toc) if toc else range(0)
    style = top_style([line for i, line in enumerate(lines) if i not in skip])
    front, sections = [], []
    current = None
    for index, line in enumerate(lines):
        if index in skip or (line and is_toc_line(line)):
            continue
        heading = _section_heading(line, style)
        if heading is not None:
            current = Section(heading=line, title=heading, lines=[])
            sections.append(current)
        elif current is None:
            front.append(line)
        else:
            current.lines.append(line)
    return front, _drop_toc_copies(sections)


def _drop_toc_copies(sections):
    """Drop empty sections repeated later: a table of contents without a 目錄 title."""
    keys = [_key(section.heading) for section in sections]
    return [
        section
        for index, section in enumerate(sections)
        if section.body() or keys[index] not in keys[index + 1 :]
    ]


def _section_heading(line, style):
    if not line:
        return None
    marker = item_marker(line)
    if marker and style and marker[0] == style and len(marker[2]) <= 60:
        return marker[2]
    if _APPENDIX_RE.match(line.strip()):
        return line.strip().rstrip("：:")
    return None


def build_tree(lines):
    """Return a root :class:`Node` whose children are the numbered items of ``lines``."""
    root = Node()
    stack = [root]
    order = []
    for line in lines:
        if not line:
            continue
        marker = item_marker(line)
        if marker is None:
            stack[-1].lines.append(line)
            continue
        style, number, text = marker
        if style in order:
            depth = order.index(style) + 1
            del order[depth:]
        else:
            order.append(style)
            depth = len(order)
        node = Node(
            style=style,
            label=_LABEL_FORMAT.get(style, "{}").format(number),
            title=text,
            heading=line.strip(),
        )
        del stack[depth:]
        while len(stack) < depth:
            stack.append(stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
    return root


# What a top-level body section holds, by the words of its heading (first match wins).
SECTION_KINDS = (
    ("attachments", re.compile(r"附件|附錄|附表")),
    ("follow_ups", re.compile(r"待辦|後續辦理|後續執行|後續追蹤|追蹤事項|執行事項|後續工作")),
    ("lessons", re.compile(r"心得|建議|感想|檢討|省思|啟示|結語|結論")),
    ("purposes", re.compile(r"目的|緣起|緣由|背景|前言|緒論|動機")),
    ("itinerary", re.compile(r"行程|日程")),
    ("agenda", re.compile(r"議程")),
    ("minutes", re.compile(r"紀要|紀實|過程|經過|內容|重點|摘述|會議|研習|訓練|紀錄")),
)


def section_kind(title):
    """The kind of a body section (purposes, lessons, minutes …) from its heading, or None."""
    for kind, pattern in SECTION_KINDS:
        if pattern.search(title):
            return kind
    return None
