"""A smaller ICU data library for the Linux bundle. Used by branchdesk.spec (kept apart to be
tested).

Qt on Linux links ICU, and the wheel's libicudata (32 MB) carries collation, names, units,
converters and more for every language. The program works in Chinese and English only, so
the bundle keeps ICU's language-independent data, the per-language data of English and
Chinese, and the Chinese legacy converters, and leaves out the services Qt never calls. On
Windows, Qt uses the ICU that comes with the system.

The library is ICU "common data" (a table of contents, then named items, each 16-byte
aligned) under one symbol; it is rebuilt here with binutils' `as` and `ld`, which `strip`
(used by the bundle already) comes with.
"""

import re
import struct
import subprocess
from pathlib import Path

#: Locales whose per-language data stays ("root" and other non-locale names always stay).
KEPT_LOCALES = {"en", "en_001", "en_US", "en_US_POSIX", "zh", "zh_CN", "zh_Hans", "zh_Hans_CN"}
#: Converters for the encodings Chinese files come in: GB18030, GBK, GB2312 and Big5
#: (UTF-8/16/32, ASCII and Latin-1 are built into ICU and need no data).
KEPT_CONVERTERS = {
    "gb18030",
    "windows-936-2000",
    "ibm-1386_P100-2001",
    "ibm-1383_P110-1999",
    "ibm-5478_P100-1995",
    "windows-950-2000",
    "ibm-1373_P100-2002",  # the base table windows-950-2000 extends
}
#: Services Qt never calls (it links only collation, converters, time-zone names and case
#: mapping): word and line breaking, transliteration, spelled-out numbers.
DROPPED_TREES = {"brkitr", "translit", "rbnf"}
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")
_NOT_LOCALES = {"res_index"}  # each tree's list of its locales
_ALIGNMENT = 16


def is_kept(item: str) -> bool:
    """Whether an item of the data ("coll/zh.res", "gb18030.cnv") goes into the bundle."""
    tree, _, file_name = item.rpartition("/")
    stem, _, kind = file_name.rpartition(".")
    if tree in DROPPED_TREES:
        return False
    if kind == "cnv":
        return stem in KEPT_CONVERTERS
    if kind == "res" and _LOCALE_NAME.fullmatch(stem) and stem not in _NOT_LOCALES:
        return stem in KEPT_LOCALES
    return True


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % _ALIGNMENT)


def items(package: bytes) -> dict[str, bytes]:
    """The named items of ICU common data, in their order, names with the package folder
    ("icudt73l/coll/zh.res"); each item keeps its padding."""
    header_size = struct.unpack_from("<H", package)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError("not ICU common data")
    toc = package[header_size:]
    count = struct.unpack_from("<I", toc)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [data for _name, data in entries[1:]] + [len(toc)]
    return {
        toc[name : toc.index(b"\0", name)].decode("ascii"): toc[data:end]
        for (name, data), end in zip(entries, ends, strict=True)
    }


def common_data(header: bytes, named: dict[str, bytes]) -> bytes:
    """ICU common data holding `named` (name -> item, in sorted order) after `header`."""
    names = b"".join(name.encode("ascii") + b"\0" for name in named)
    table_size = 4 + 8 * len(named)
    offset = len(_pad(bytes(table_size) + names))
    table, name_offset = [struct.pack("<I", len(named))], table_size
    for name, item in named.items():
        table.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        offset += len(_pad(item))
    return header + _pad(b"".join(table) + names) + b"".join(_pad(item) for item in named.values())


def trimmed(package: bytes) -> bytes:
    """`package` without the items `is_kept` leaves out."""
    header_size = struct.unpack_from("<H", package)[0]
    if header_size % _ALIGNMENT:
        raise ValueError("ICU data header is not 16-byte aligned")
    kept = {name: item for name, item in items(package).items() if is_kept(name.partition("/")[2])}
    return common_data(package[:header_size], kept)


def package_in(library: Path, work: Path) -> bytes:
    """The common data inside ICU's data library (its only read-only data), copied via `work`."""
    work.mkdir(parents=True, exist_ok=True)
    full = work / "full.dat"
    subprocess.run(
        ["objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(full)], check=True
    )
    return full.read_bytes()


def smaller_library(library: Path, work: Path) -> Path:
    """A copy of ICU's data library (libicudata.so.NN) with only the kept items, in `work`."""
    symbol = f"icudt{library.name.rsplit('.', 1)[1]}_dat"
    small = work / "trimmed.dat"
    small.write_bytes(trimmed(package_in(library, work)))
    source = work / "data.s"
    source.write_text(
        f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign {_ALIGNMENT}\n'
        f'{symbol}:\n.incbin "{small.name}"\n.size {symbol}, . - {symbol}\n'
        '.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    subprocess.run(["as", "-o", "data.o", source.name], cwd=work, check=True)
    result = work / library.name
    subprocess.run(
        ["ld", "-shared", f"-soname={library.name}", "-o", str(result), "data.o"],
        cwd=work, check=True,
    )
    return result


def with_smaller_icu_data(
    toc: list[tuple[str, str, str]], work: Path
) -> list[tuple[str, str, str]]:
    """`toc` (TOC entries: dest, source, type) with ICU's data library, if any, replaced by
    the smaller copy built in `work`."""
    return [
        (dest, str(smaller_library(Path(source), work)), kind)
        if kind == "BINARY" and Path(dest).name.startswith("libicudata.so.")
        else (dest, source, kind)
        for dest, source, kind in toc
    ]
