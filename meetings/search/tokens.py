"""One tokeniser for indexing and querying, shared by the SQLite and PostgreSQL engines.

Text is NFKC-normalised (full-width ＡＰＥＣ becomes APEC) and lower-cased. Runs of
CJK characters become overlapping character bigrams (單一窗口 → 單一 一窗 窗口), so a
two-character query is one indexed term; a lone CJK character stays itself. Other
letters and digits form whole words. The engines only ever see these terms joined
by spaces, which both of them split the same way.
"""

import re
import unicodedata

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


def tokenize(text: str) -> list[str]:
    """The index terms of `text`, in order."""
    terms = []
    for cjk, word in TOKEN_RE.findall(normalize(text)):
        if word:
            terms.append(word)
        elif len(cjk) == 1:
            terms.append(cjk)
        else:
            terms.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
    return terms


def token_string(text: str) -> str:
    return " ".join(tokenize(text))


def is_cjk(term: str) -> bool:
    return bool(CJK_RE.match(term))
