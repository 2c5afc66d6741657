"""Checks on generated PDFs shared by the printing tests: text, lines, fonts, glyphs."""

import io
import re
import struct

import pypdf

LINE_START_FORBIDDEN = "，。；：？！、）》”"


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def compact(pdf: bytes) -> str:
    """All text without whitespace, so a value wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text(pdf))


def lines_starting_with_punctuation(pdf: bytes) -> list[str]:
    return [line for line in text(pdf).splitlines()
            if line.strip() and line.strip()[0] in LINE_START_FORBIDDEN]


def _fonts(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    found = {}
    for page in reader(pdf).pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            for f in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                found[id(f)] = f
    return list(found.values())


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of fonts used on pages without a font file in the PDF (shows as boxes elsewhere)."""
    missing = []
    for font in _fonts(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant is checked
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or not any(
            k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            missing.append(str(font.get("/BaseFont")))
    return missing


def _to_unicode(font: pypdf.generic.DictionaryObject) -> dict[str, int]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[str, int] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[chr(int(uni, 16))] = int(code, 16)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[chr(int(uni, 16) + offset)] = int(lo, 16) + offset
    return mapping


def _glyph_has_outline(font_file: bytes, code: int) -> bool:
    """In a ReportLab TrueType subset: cmap format 6 code -> glyph, then glyf data length."""
    num_tables = struct.unpack(">H", font_file[4:6])[0]
    tables = {}
    for i in range(num_tables):
        tag, _sum, offset, length = struct.unpack(">4sIII", font_file[12 + 16 * i: 28 + 16 * i])
        tables[tag.decode()] = (offset, length)
    cmap_off = tables["cmap"][0]
    sub_off = cmap_off + struct.unpack(">I", font_file[cmap_off + 8: cmap_off + 12])[0]
    fmt, _length, _lang, first, count = struct.unpack(">HHHHH", font_file[sub_off: sub_off + 10])
    assert fmt == 6, f"unexpected cmap format {fmt}"
    if not first <= code < first + count:
        return False
    pos = sub_off + 10 + 2 * (code - first)
    glyph = struct.unpack(">H", font_file[pos: pos + 2])[0]
    if glyph == 0:
        return False
    head = tables["head"][0]
    long_loca = struct.unpack(">h", font_file[head + 50: head + 52])[0] == 1
    loca = tables["loca"][0]
    if long_loca:
        start, end = struct.unpack(">II", font_file[loca + 4 * glyph: loca + 4 * glyph + 8])
    else:
        start, end = (2 * v for v in struct.unpack(">HH", font_file[loca + 2 * glyph:
                                                                     loca + 2 * glyph + 4]))
    return end > start


def has_real_glyph(pdf: bytes, char: str) -> bool:
    """True when some embedded font maps `char` to a glyph with an outline (not a box)."""
    for font in _fonts(pdf):
        if font.get("/Subtype") != "/TrueType" or "/ToUnicode" not in font:
            continue
        code = _to_unicode(font).get(char)
        if code is None:
            continue
        data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        if _glyph_has_outline(data, code):
            return True
    return False
