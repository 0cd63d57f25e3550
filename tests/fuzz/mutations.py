"""Hypothesis strategies that damage real trip reports.

Every case starts from a real report (the seed report and the variants of the
parser tests) and applies one to three mutations: truncation, shuffled, duplicated
or deleted lines, inserted bytes, another encoding, a huge line, NUL and control
characters, random bytes, a Word file with a corrupted part, a PDF header with
garbage behind it.
"""

import io
import json
import random
import zipfile
from pathlib import Path

import docx
from hypothesis import strategies as st

from ..importing.pdfbuild import build_pdf

ROOT = Path(__file__).resolve().parents[2]
REPORT_FILES = [
    ROOT / "data" / "reports" / "000_c82191a8b989691b.txt",
    # r…: reports; n…: the corpus's non-reports (a contract, a news article …)
    *sorted((ROOT / "tests" / "importing" / "reports").glob("r*.txt")),
]


def _text(path):
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path.name} is neither UTF-8 nor Big5")


TEXTS = {path.name: _text(path) for path in REPORT_FILES}
ORIGINALS = {path.name: path.read_bytes() for path in REPORT_FILES}


def docx_bytes(text):
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph("".join(ch for ch in line if ch.isprintable() or ch == "\t"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text):
    # pdfminer lays out about 15,000 characters a second: a PDF of several 100,000-
    # character lines would take the whole time budget, so PDF lines are cut short.
    lines = [line[:2000] for line in text.splitlines() if line.strip()][:2000]
    return build_pdf([lines[i : i + 45] for i in range(0, len(lines), 45)] or [[]])


SEED_NAME = REPORT_FILES[0].name
SEED_DOCX = docx_bytes(TEXTS[SEED_NAME])
SEED_PDF = pdf_bytes(TEXTS[SEED_NAME])

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n\r\t"] + ["\x7f", "\u200b", "\ufeff"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp950", "big5hkscs", "utf-16", "utf-16-le", "gb18030"]


# Line and text mutations ------------------------------------------------------


def _lines(text):
    return text.split("\n")


def truncate(text, rnd):
    return text[: rnd.randrange(len(text) + 1)]


def shuffle_lines(text, rnd):
    lines = _lines(text)
    rnd.shuffle(lines)
    return "\n".join(lines)


def swap_some_lines(text, rnd):
    lines = _lines(text)
    for _ in range(rnd.randrange(1, 6)):
        i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def duplicate_lines(text, rnd):
    lines = _lines(text)
    for _ in range(rnd.randrange(1, 20)):
        i = rnd.randrange(len(lines))
        lines[i:i] = lines[i : i + rnd.randrange(1, 30)] * rnd.randrange(1, 4)
    return "\n".join(lines)


def delete_lines(text, rnd):
    lines = _lines(text)
    for _ in range(rnd.randrange(1, max(2, len(lines) // 3))):
        if len(lines) > 1:
            del lines[rnd.randrange(len(lines))]
    return "\n".join(lines)


def huge_line(text, rnd):
    lines = _lines(text)
    filler = rnd.choice(["會", "A", "議程：", "1. ", "　", "出國人員："])
    lines.insert(rnd.randrange(len(lines) + 1), (filler * 100_000)[:100_000])
    return "\n".join(lines)


def control_characters(text, rnd):
    chars = list(text)
    for _ in range(rnd.randrange(1, 40)):
        chars.insert(rnd.randrange(len(chars) + 1), rnd.choice(CONTROL))
    return "".join(chars)


def odd_unicode(text, rnd):
    chars = list(text)
    for _ in range(rnd.randrange(1, 40)):
        ch = chr(rnd.choice([rnd.randrange(0x20, 0xD800), rnd.randrange(0xE000, 0x110000)]))
        chars.insert(rnd.randrange(len(chars) + 1), ch)
    return "".join(chars)


def line_endings(text, rnd):
    return text.replace("\n", rnd.choice(["\r\n", "\r", "\u2028", "\f", "\n\n"]))


TEXT_MUTATIONS = [
    truncate,
    shuffle_lines,
    swap_some_lines,
    duplicate_lines,
    delete_lines,
    huge_line,
    control_characters,
    odd_unicode,
    line_endings,
]


# Byte mutations ---------------------------------------------------------------


def insert_bytes(data, rnd):
    data = bytearray(data)
    for _ in range(rnd.randrange(1, 30)):
        data[rnd.randrange(len(data) + 1) : 0] = rnd.randbytes(rnd.randrange(1, 8))
    return bytes(data)


def flip_bytes(data, rnd):
    data = bytearray(data)
    for _ in range(rnd.randrange(1, 30)):
        if data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def truncate_bytes(data, rnd):
    return data[: rnd.randrange(len(data) + 1)]


BYTE_MUTATIONS = [insert_bytes, flip_bytes, truncate_bytes]


def encode(text, encoding):
    return text.encode(encoding, errors="replace")


def corrupt_docx(data, rnd):
    """A Word file with one part truncated, replaced with garbage or left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rnd.choice(names)
    how = rnd.choice(["truncate", "garbage", "drop", "flip"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            if name == victim:
                if how == "drop" and name != "word/document.xml":
                    continue
                if how == "truncate":
                    part = part[: rnd.randrange(len(part) + 1)]
                elif how == "garbage":
                    part = rnd.randbytes(rnd.randrange(0, 2000))
                else:
                    part = flip_bytes(part, rnd)
            target.writestr(name, part)
    return out.getvalue()


# The strategy -----------------------------------------------------------------


class Report(tuple):
    """A damaged report, ``(filename, data)``, shown by its recipe: printing
    hundreds of kilobytes in a failure report would take Hypothesis minutes."""

    def __new__(cls, name, data, recipe):
        report = super().__new__(cls, (name, data))
        report.recipe = recipe
        return report

    def __repr__(self):
        return f"Report({self[0]!r}, <{len(self[1])} bytes>, recipe={self.recipe!r})"


def _names(functions):
    return "+".join(f.__name__ for f in functions) or "none"


@st.composite
def damaged_reports(draw, kinds=("text", "bytes", "random", "docx", "pdf")):
    """A damaged report as ``(filename, bytes)``."""
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    kind = draw(st.sampled_from(kinds))
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    if kind == "random":
        data = draw(st.binary(min_size=0, max_size=4000))
        prefix = draw(st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf"]))
        suffix = draw(st.sampled_from([".txt", ".docx", ".pdf", ".doc", ".bin", ""]))
        return Report(f"random{suffix}", prefix + data, f"random bytes, prefix {prefix!r}")
    mutations = draw(
        st.lists(st.sampled_from(TEXT_MUTATIONS), min_size=0 if kind != "text" else 1, max_size=3)
    )
    for mutation in mutations:
        text = mutation(text, rnd)
    recipe = f"{name} seed={seed} text:{_names(mutations)}"
    if kind == "docx":
        data = docx_bytes(text) if mutations else SEED_DOCX
        corrupt = draw(st.booleans())
        if corrupt:
            data = corrupt_docx(data, rnd)
        return Report(name.replace(".txt", ".docx"), data, f"{recipe} docx corrupt={corrupt}")
    if kind == "pdf":
        data = pdf_bytes(text) if mutations else SEED_PDF
        how = draw(st.sampled_from(["header", "truncate", "flip", "intact"]))
        if how == "header":
            data = b"%PDF-1." + str(rnd.randrange(10)).encode() + b"\n" + rnd.randbytes(2000)
        elif how == "truncate":
            data = truncate_bytes(data, rnd)
        elif how == "flip":
            data = flip_bytes(data, rnd)
        return Report(name.replace(".txt", ".pdf"), data, f"{recipe} pdf:{how}")
    encoding = draw(st.sampled_from(ENCODINGS))
    data = encode(text, encoding)
    recipe = f"{recipe} {encoding}"
    if kind == "bytes":
        mutations = draw(st.lists(st.sampled_from(BYTE_MUTATIONS), min_size=1, max_size=2))
        for mutation in mutations:
            data = mutation(data, rnd)
        recipe = f"{recipe} bytes:{_names(mutations)}"
    return Report(name, data, recipe)


@st.composite
def parseable_texts(draw):
    """Report text damaged by line and character mutations only (still UTF-8 text)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    mutations = draw(st.lists(st.sampled_from(TEXT_MUTATIONS), min_size=0, max_size=3))
    for mutation in mutations:
        text = mutation(text, rnd)
    return Report(name, text, f"{name} seed={seed} text:{_names(mutations)}")


# JSON trip documents ----------------------------------------------------------------

JUNK_VALUES = [
    None,
    "",
    0,
    -1,
    True,
    1.5,
    [],
    {},
    ["x"],
    {"a": 1},
    "x" * 1000,
    "2022-02-30",
    "2022-13-01",
    "99999-01-01",
    "ZZ",
    "tw",
    "\x00",
    "\ud800",
    "<script>alert(1)</script>",
    "trip-document/2",
]


@st.composite
def damaged_documents(draw):
    """A JSON file of one to three trip documents (read from real reports) with some
    values replaced by junk of the wrong type, size or form."""
    from meetings.importing import parse_report

    documents = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(TEXTS)))
        document = parse_report(TEXTS[name])
        document["system_id"] = f"FUZZ-{len(documents)}"
        for _ in range(draw(st.integers(0, 3))):
            key = draw(st.sampled_from(sorted(document)))
            value = document[key]
            if isinstance(value, list) and value and isinstance(value[0], dict):
                entry = draw(st.sampled_from(value))
                entry[draw(st.sampled_from(sorted(entry)))] = draw(st.sampled_from(JUNK_VALUES))
            else:
                document[key] = draw(st.sampled_from(JUNK_VALUES))
        documents.append(document)
    value = documents if len(documents) > 1 or draw(st.booleans()) else documents[0]
    data = json.dumps(value, ensure_ascii=True).encode()
    return Report("trips.json", data, f"{len(documents)} documents, {len(data)} bytes")
