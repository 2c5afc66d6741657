"""Chinese fonts for printed documents: the official ones when the PC has them, else bundled.

Each typographic role (title 小标宋, body 仿宋, 黑体, 楷体, 宋体) resolves to one TrueType file.
ReportLab has no per-glyph fallback, so `markup()` splits text into runs and switches to a
bundled font for characters the role's font lacks (GB2312 fonts miss 喆 堃 祎 犇 昇 …).
Fonts are registered once per process; later documents reuse them.
"""

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from base.paths import resource_path

TITLE, BODY, HEI, KAI, SONG = "title", "body", "hei", "kai", "song"
ROLES = (TITLE, BODY, HEI, KAI, SONG)
ROLE_LABELS = {TITLE: "标题", BODY: "正文", HEI: "一级标题（黑体）", KAI: "二级标题（楷体）",
               SONG: "页码与表格（宋体）"}

#: Official font files by role, most preferred first (lower-case file names).
OFFICIAL_FILES: dict[str, tuple[str, ...]] = {
    TITLE: ("方正小标宋简体.ttf", "方正小标宋_gbk.ttf", "fzxbsjw.ttf", "fzxbsk.ttf",
            "fzxiaobiaosong-b05s.ttf"),
    BODY: ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "fangsong_gb2312.ttf", "simfang.ttf"),
    HEI: ("黑体.ttf", "simhei.ttf"),
    KAI: ("楷体_gb2312.ttf", "kt_gb2312.ttf", "kaiti_gb2312.ttf", "simkai.ttf"),
    SONG: ("simsun.ttc", "simsun.ttf", "宋体.ttc"),
}

#: Bundled free fonts (resources/fonts, licences beside them): file, index in a .ttc, name.
BUNDLED: dict[str, tuple[str, int, str]] = {
    # a Ming (Song) face: Arphic Public License
    "uming": ("uming.ttc", 0, "文鼎PL细上海宋 AR PL UMing"),
    "wenkai": ("LXGWWenKai-Regular.ttf", 0, "霞鹜文楷"),  # a Kai face: SIL OFL 1.1
    "microhei": ("wqy-microhei.ttc", 0, "文泉驿微米黑"),  # a sans face: Apache-2.0
}
BUNDLED_FOR_ROLE = {TITLE: "uming", BODY: "uming", HEI: "microhei", KAI: "wenkai",
                    SONG: "uming"}
#: Where a role's font lacks a character, these are tried in order.
FALLBACK_ORDER = ("uming", "wenkai", "microhei")


@dataclass(frozen=True)
class Face:
    name: str  # ReportLab registration name
    label: str  # what the settings page shows
    path: Path
    official: bool
    chars: frozenset[int]


@dataclass(frozen=True)
class FontSet:
    """The face of every role plus the fallback chain for missing characters."""

    faces: dict[str, Face]
    fallbacks: tuple[Face, ...]

    def name(self, role: str) -> str:
        return self.faces[role].name

    def face_for(self, char: str, role: str) -> Face:
        code = ord(char)
        face = self.faces[role]
        if code in face.chars or char.isspace():
            return face
        return next((f for f in self.fallbacks if code in f.chars), face)

    @property
    def fake_bold_title(self) -> bool:
        """The bundled title face is a light Ming; it is stroked to look like 小标宋."""
        return self.faces[TITLE].path.name.lower() not in OFFICIAL_FILES[TITLE]


def system_font_dirs() -> list[Path]:
    """The folders where Windows, Linux and macOS keep installed fonts."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library/Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
            home / ".local/share/fonts"]


def _installed_files(dirs: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for top in dirs:
        for folder, _subdirs, files in os.walk(top):
            for file in files:
                if file.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(file.lower(), Path(folder) / file)
    return found


@cache
def _load(path: Path, index: int, label: str, official: bool) -> Face | None:
    """Register one TrueType face; None for files ReportLab cannot embed (CFF outlines)."""
    name = f"BD-{path.stem}-{index}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError):
        return None
    pdfmetrics.registerFont(font)
    return Face(name, label, path, official, frozenset(font.face.charToGlyph))


def _bundled(key: str) -> Face:
    file, index, name = BUNDLED[key]
    face = _load(resource_path("fonts", file), index, f"{name}（程序自带）", False)
    if face is None:
        raise RuntimeError(f"bundled font {file} is missing or unreadable")
    return face


@cache
def font_set(use_system: bool = True) -> FontSet:
    """The fonts to print with; `use_system=False` uses only the bundled ones."""
    installed = _installed_files(system_font_dirs()) if use_system else {}
    faces: dict[str, Face] = {}
    for role in ROLES:
        candidates = OFFICIAL_FILES[role] + (OFFICIAL_FILES[SONG] if role == TITLE else ())
        for file in candidates:
            path = installed.get(file)
            face = path and _load(path, 0, f"{path.name}（本机：{path.parent}）", True)
            if face:
                faces[role] = face
                break
        else:
            faces[role] = _bundled(BUNDLED_FOR_ROLE[role])
    return FontSet(faces, tuple(_bundled(key) for key in FALLBACK_ORDER))


def markup(text: str, fonts: FontSet, role: str) -> str:
    """Paragraph markup for plain `text`: escaped, line breaks kept, and runs of characters
    the role's font lacks wrapped in a font tag naming a face that has them."""
    own = fonts.faces[role]
    parts: list[str] = []
    run: list[str] = []
    run_face = own

    def flush() -> None:
        if run:
            chunk = escape("".join(run)).replace("\n", "<br/>")
            if run_face is not own:
                chunk = f'<font face="{run_face.name}">{chunk}</font>'
            parts.append(chunk)
            run.clear()

    for char in text.replace("\r\n", "\n"):
        face = fonts.face_for(char, role)
        if face is not run_face:
            flush()
            run_face = face
        run.append(char)
    flush()
    return "".join(parts)
