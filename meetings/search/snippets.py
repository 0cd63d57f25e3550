"""Highlighted snippets: where the query's terms occur in a piece of text."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tokens import TOKEN_RE, normalize

BEFORE, AFTER = 40, 110


def _normalized_with_map(text):
    """The normalised text, and for each of its characters the index in `text`."""
    whole = normalize(text)
    if len(whole) == len(text):
        # Almost always: full-width to half-width and lower case keep one character each.
        return whole, range(len(text))
    chars, origin = [], []
    for index, char in enumerate(text):
        for normal in normalize(char):
            chars.append(normal)
            origin.append(index)
    return "".join(chars), origin


def match_spans(text, terms, prefixes=()):
    """Merged (start, end) spans of `text` where an index term of the query occurs."""
    normal, origin = _normalized_with_map(text)
    spans = []
    for found in TOKEN_RE.finditer(normal):
        cjk, word = found.group(1), found.group(2)
        start = found.start()
        if word:
            if word in terms:
                spans.append((start, found.end()))
            continue
        if len(cjk) == 1:
            if cjk in terms or cjk in prefixes:
                spans.append((start, start + 1))
            continue
        for i in range(len(cjk) - 1):
            if cjk[i : i + 2] in terms:
                spans.append((start + i, start + i + 2))
            elif cjk[i] in prefixes:
                spans.append((start + i, start + i + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(origin[s], origin[e - 1] + 1) for s, e in merged]


def snippet(text, terms, prefixes=()):
    """A short HTML excerpt around the first match, matches in <mark>, the rest escaped."""
    spans = match_spans(text, terms, prefixes)
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    end = min(len(text), start + BEFORE + AFTER)
    out = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe(" ".join("".join(out).split()))
