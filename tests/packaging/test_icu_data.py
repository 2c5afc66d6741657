"""The smaller ICU data library of the Linux bundle (packaging/icu_data.py)."""

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging import packaging_module

icu_data = packaging_module("icu_data")


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("coll/zh.res", True),
        ("coll/root.res", True),
        ("coll/ucadata.icu", True),
        ("coll/res_index.res", True),
        ("coll/pool.res", True),
        ("zone/zh_Hans_CN.res", True),
        ("zone/en.res", True),
        ("zoneinfo64.res", True),
        ("supplementalData.res", True),
        ("likelySubtags.res", True),
        ("res_index.res", True),
        ("gb18030.cnv", True),
        ("windows-950-2000.cnv", True),
        ("cnvalias.icu", True),
        ("coll/fr.res", False),
        ("zone/ja.res", False),
        ("lang/sr_Latn_BA.res", False),
        ("yue.res", False),
        ("ibm-943_P15A-2003.cnv", False),
        ("brkitr/cjdict.dict", False),
        ("brkitr/root.res", False),
        ("translit/root.res", False),
        ("rbnf/zh.res", False),
    ],
)
def test_language_data_stays_for_chinese_and_english_only(item: str, kept: bool) -> None:
    assert icu_data.is_kept(item) is kept


def _header() -> bytes:
    """A 32-byte common-data header: size, magic, then UDataInfo with format "CmnD"."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0")
    return (struct.pack("<H", 32) + b"\xda\x27" + info).ljust(32, b"\0")


def test_items_round_trip_with_every_item_16_byte_aligned() -> None:
    named = {
        "icudt73l/a.res": b"x" * 5,
        "icudt73l/coll/fr.res": b"y" * 16,
        "icudt73l/coll/zh.res": b"z" * 33,
    }
    package = icu_data.common_data(_header(), named)

    parsed = icu_data.items(package)

    assert list(parsed) == list(named)
    for name, item in parsed.items():
        assert item.rstrip(b"\0") == named[name]
        assert len(item) % 16 == 0
        assert package.index(item) % 16 == 0


def test_trimmed_keeps_the_order_and_leaves_out_other_languages() -> None:
    named = {
        "icudt73l/coll/fr.res": b"fr",
        "icudt73l/coll/root.res": b"root",
        "icudt73l/coll/zh.res": b"zh",
        "icudt73l/ibm-943_P15A-2003.cnv": b"sjis",
        "icudt73l/gb18030.cnv": b"gb",
    }

    small = icu_data.items(icu_data.trimmed(icu_data.common_data(_header(), named)))

    assert list(small) == ["icudt73l/coll/root.res", "icudt73l/coll/zh.res", "icudt73l/gb18030.cnv"]


def test_other_data_is_refused() -> None:
    with pytest.raises(ValueError):
        icu_data.items(b"\x20\0\0\0" + bytes(60))


_WHEEL_ICU = sorted(
    (Path(__import__("PySide6").__file__).parent / "Qt" / "lib").glob("libicudata.so.*")
)
needs_linux_wheel_icu = pytest.mark.skipif(
    not _WHEEL_ICU or not all(shutil.which(tool) for tool in ("objcopy", "as", "ld")),
    reason="Linux only: the wheel's ICU data and binutils",
)

# What Qt does with ICU (it links collation, converters, time-zone names and case mapping).
_QT_ICU_PROBE = """
import functools, json, sys
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
names = ["张伟", "李娜", "王芳", "欧阳修", "阿强", "陈静", "Zoe", "adam"]
china = QLocale("zh_CN")
zone = QTimeZone(b"Asia/Shanghai")
winter = QDateTime.fromString("2026-01-15T12:00:00", "yyyy-MM-ddTHH:mm:ss")
print(json.dumps({
    "pinyin": sorted(names, key=functools.cmp_to_key(QCollator(china).compare)),
    "upper": china.toUpper("abc ß"),
    "converters": {name: QStringDecoder(name).name() for name in sys.argv[1:]},
    "zone": [zone.displayName(winter, kind, locale) for kind in QTimeZone.NameType
             for locale in (china, QLocale("en_US"))],
    "icu": [line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line][:1],
}, ensure_ascii=False))
"""


def _qt_icu(encodings: list[str], library_folder: Path | None = None) -> dict:
    env = dict(os.environ)
    if library_folder:
        env["LD_LIBRARY_PATH"] = str(library_folder)
    done = subprocess.run(
        [sys.executable, "-c", _QT_ICU_PROBE, *encodings],
        env=env, capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return json.loads(done.stdout)


@needs_linux_wheel_icu
def test_qt_gives_the_same_answers_with_the_smaller_library(tmp_path: Path) -> None:
    encodings = ["GB18030", "GBK", "GB2312", "Big5", "windows-936", "UTF-8", "ISO-8859-1"]
    library = icu_data.smaller_library(_WHEEL_ICU[0], tmp_path)

    full, small = _qt_icu(encodings), _qt_icu(encodings, tmp_path)

    assert small.pop("icu") == [str(library.resolve())]
    assert full.pop("icu") == [str(_WHEEL_ICU[0].resolve())]
    assert small == full
    assert small["pinyin"][:3] == ["阿强", "陈静", "李娜"]
    assert None not in small["converters"].values()
    assert library.stat().st_size < _WHEEL_ICU[0].stat().st_size / 4


@needs_linux_wheel_icu
def test_a_converter_left_out_is_unknown_to_qt(tmp_path: Path) -> None:
    icu_data.smaller_library(_WHEEL_ICU[0], tmp_path)

    assert _qt_icu(["Shift_JIS"])["converters"] == {"Shift_JIS": "Shift_JIS"}
    assert _qt_icu(["Shift_JIS"], tmp_path)["converters"] == {"Shift_JIS": None}


@needs_linux_wheel_icu
def test_every_kept_converter_is_in_the_wheel(tmp_path: Path) -> None:
    package = icu_data.package_in(_WHEEL_ICU[0], tmp_path)
    converters = {name.rpartition("/")[2] for name in icu_data.items(package)}

    assert {f"{name}.cnv" for name in icu_data.KEPT_CONVERTERS} <= converters
