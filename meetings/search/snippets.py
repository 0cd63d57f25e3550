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
# Texts up to this long are read whole: reading term by term up to the window costs
# more than it saves there.
WHOLE = 2 * (BEFORE + AFTER)
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


def _phrases(query):
    return {phrase for clause in query.clauses for phrase in clause.alternatives}


def _spans(positioned, phrases):
    """Merged (start, end) spans, in the normalised text, of the phrases found among
    the `positioned` terms."""
    terms = [term for term, _start, _end in positioned]
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
    return merged


def match_spans(text, query):
    """Merged (start, end) spans of `text` where a phrase of the query occurs whole."""
    normal, origin = _normalized_with_map(text)
    merged = _spans(list(_positioned_terms(normal)), _phrases(query))
    return [(origin[s], origin[e - 1] + 1) for s, e in merged]


def _ends_here(positioned, phrases):
    """Whether a phrase ends with the last of the `positioned` terms."""
    last = positioned[-1][0]
    for phrase in phrases:
        if phrase.prefix:
            if last[0] == phrase.terms[0]:
                return True
            continue
        size = len(phrase.terms)
        if (
            size <= len(positioned)
            and phrase.terms[-1] == last
            and tuple(term for term, _s, _e in positioned[-size:]) == phrase.terms
        ):
            return True
    return False


def whole_text_window(text, query):
    """Every match of `text` (`match_spans`) and the snippet's (start, end) around the
    first: what `_window_spans` finds without reading past the window."""
    spans = match_spans(text, query)
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    return spans, start, min(len(text), start + BEFORE + AFTER)


def _window_spans(text, query):
    """The spans a snippet of `text` shows and the snippet's (start, end): those of
    `match_spans` that start before the end of the window around the first match,
    found without tokenising the rest of the text (a minutes block can be pages long,
    and a page shows 60 snippets). A phrase of n terms that starts before a given term
    has ended n - 1 terms after it, so the terms are read up to the first match and
    the longest phrase beyond it (which fixes the window), then up to the first term
    past the window and the longest phrase beyond that. Spans that start past the
    window change nothing shown (a span they would extend is cut at the window's end
    already): `tests/search/test_highlight.py` checks the snippets against
    `match_spans` on generated texts."""
    if len(text) <= WHOLE:
        return whole_text_window(text, query)
    normal, origin = _normalized_with_map(text)
    phrases = _phrases(query)
    longest = max((len(p.terms) for p in phrases), default=1)
    terms = _positioned_terms(normal)
    positioned = []

    def read(count):
        """Read terms until `count` have been read (or none is left): False when
        the text has fewer."""
        while len(positioned) < count:
            item = next(terms, None)
            if item is None:
                return False
            positioned.append(item)
        return True

    first = None
    while first is None and read(len(positioned) + 1):
        if _ends_here(positioned, phrases):
            first = len(positioned) - 1
    if first is None:
        return [], 0, min(len(text), BEFORE + AFTER)
    read(first + longest)
    merged = _spans(positioned, phrases)
    start = max(0, origin[merged[0][0]] - BEFORE)
    end = min(len(text), start + BEFORE + AFTER)
    past = 0
    while read(past + 1) and origin[positioned[past][1]] < end:
        past += 1
    read(past + longest)
    merged = _spans(positioned, phrases)
    return [(origin[s], origin[e - 1] + 1) for s, e in merged], start, end


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
    return excerpt(text, *_window_spans(text, query))


def excerpt(text, spans, start, end):
    """`text[start:end]` escaped, the parts of it in `spans` in <mark>, with an
    ellipsis where the text goes on."""
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
