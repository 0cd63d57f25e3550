"""Highlighted snippets: where the query's clauses occur in a piece of text.

A clause is highlighted where it matched: all its terms in a row (WCO expanded to
世界關務組織 marks the whole name, never 組織 or 世界 alone), and a word only as a
whole word (customs in "Oceania Customs Organization" is not "World Customs
Organization").
"""

from html import escape

from django.utils.safestring import mark_safe

from .tokens import TOKEN_RE, normalize

BEFORE, AFTER = 40, 110
# How the index joins the parts of a location ("SCCP2 › 議程 4 › 場次2").
LOCATION_SEP = "›"


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


def _positioned_terms(normal):
    """The index terms of normalised text with their (start, end), in order."""
    for found in TOKEN_RE.finditer(normal):
        cjk, word = found.group(1), found.group(2)
        start = found.start()
        if word:
            yield word, start, found.end()
        elif len(cjk) == 1:
            yield cjk, start, start + 1
        else:
            for i in range(len(cjk) - 1):
                yield cjk[i : i + 2], start + i, start + i + 2


def match_spans(text, query):
    """Merged (start, end) spans of `text` where a phrase of the query occurs whole."""
    normal, origin = _normalized_with_map(text)
    positioned = list(_positioned_terms(normal))
    terms = [term for term, _start, _end in positioned]
    phrases = {phrase for clause in query.clauses for phrase in clause.alternatives}
    spans = []
    for phrase in phrases:
        if phrase.prefix:
            # A lone CJK character also matches as the start of a bigram.
            char = phrase.terms[0]
            spans += [(s, s + 1) for term, s, _e in positioned if term[0] == char]
            continue
        size = len(phrase.terms)
        for i in range(len(terms) - size + 1):
            if tuple(terms[i : i + size]) == phrase.terms:
                spans.append((positioned[i][1], positioned[i + size - 1][2]))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(origin[s], origin[e - 1] + 1) for s, e in merged]


def without_location(text, location):
    """The text without its first line when that line only repeats the last part of
    the location shown beside it (a section heading, a minutes block title)."""
    if not location:
        return text
    last = location.rsplit(LOCATION_SEP, 1)[-1].strip()
    first, newline, rest = text.partition("\n")
    if newline and last and first.strip() == last:
        return rest
    return text


def snippet(text, query, location=""):
    """A short HTML excerpt around the first match, matches in <mark>, the rest escaped
    (`html.escape`: the characters Django's `escape` replaces, without its lazy-string
    wrapper and SafeString per call, four of them per snippet and 60 snippets a page)."""
    text = without_location(text, location)
    spans = match_spans(text, query)
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
