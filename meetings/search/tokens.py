"""One tokeniser for indexing and querying, shared by the SQLite and PostgreSQL engines.

Text is NFKC-normalised (full-width ＡＰＥＣ becomes APEC) and lower-cased. Runs of
CJK characters become overlapping character bigrams (單一窗口 → 單一 一窗 窗口), so a
two-character query is one indexed term; a lone CJK character stays itself. Other
letters and digits form whole words. The engines only ever see these terms joined
by spaces, which both of them split the same way.
"""

import re
import unicodedata
from operator import add

CJK_RANGES = (
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
)
CJK_RE = re.compile(f"[{CJK_RANGES}]")
TOKEN_RE = re.compile(f"([{CJK_RANGES}]+)|([^\\W_{CJK_RANGES}]+)")


def normalize(text: str) -> str:
    """NFKC and lower case: the form both the index and the query are compared in."""
    return unicodedata.normalize("NFKC", text or "").lower()


def token_string(text: str) -> str:
    """The index terms of `text`, in order, joined by spaces (what the engines index).

    Built as one string, a CJK run's bigrams paired in C (`map(add, …)`): the
    tokeniser was a third of the index rebuild."""
    parts = []
    append = parts.append
    for cjk, word in TOKEN_RE.findall(normalize(text)):
        if word:
            append(word)
        elif len(cjk) < 3:
            # One character is itself; two are their own bigram.
            append(cjk)
        else:
            append(" ".join(map(add, cjk, cjk[1:])))
    return " ".join(parts)


def tokenize(text: str) -> list[str]:
    """The index terms of `text`, in order (none holds a space)."""
    terms = token_string(text)
    return terms.split(" ") if terms else []


def is_cjk(term: str) -> bool:
    return bool(CJK_RE.match(term))
