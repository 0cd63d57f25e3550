"""Build small PDF files for the extraction tests.

The text layer uses a Type0 font whose character codes are the Unicode code points,
with a ToUnicode CMap, so Chinese text is extracted without embedding a font.
"""

_TO_UNICODE = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
)


def _page_stream(lines):
    parts = [b"BT /F1 11 Tf 14 TL 40 800 Td"]
    for line in lines:
        parts.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def _image_stream():
    return b"q 200 0 0 100 40 600 cm /Im1 Do Q"


def build_pdf(pages, scanned=False):
    """Return PDF bytes with one page per list of lines (or image-only pages)."""
    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(None)
    tounicode = add(None)
    descendant = add(None)
    image = add(None)
    pages_id = add(None)
    objects[tounicode - 1] = _stream({}, _TO_UNICODE)
    objects[descendant - 1] = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /Test /Flags 4 "
        b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >> /DW 1000 >>"
    )
    objects[font - 1] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, tounicode)
    )
    objects[image - 1] = _stream(
        {b"/Type": b"/XObject", b"/Subtype": b"/Image", b"/Width": b"2", b"/Height": b"2",
         b"/ColorSpace": b"/DeviceGray", b"/BitsPerComponent": b"8"},
        b"\x00\xff\xff\x00",
    )  # fmt: skip
    kids = []
    for lines in pages:
        content = add(_stream({}, _image_stream() if scanned else _page_stream(lines)))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (pages_id, content, font, image)
            )
        )
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return _serialise(objects, catalog)


def _stream(entries, data):
    head = b" ".join(k + b" " + v for k, v in entries.items())
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (head, len(data), data)


def _serialise(objects, root):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)
