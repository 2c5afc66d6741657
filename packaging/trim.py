"""What the bundle leaves out: Qt plugins and translations the program never uses, and the
libraries that only those plugins needed. Used by branchdesk.spec (kept apart to be tested)."""

import os
from collections.abc import Callable, Iterable
from pathlib import PurePath

#: Qt plugin folders dropped whole: desktop themes (the GTK one alone pulls in ~10 MB of GTK
#: libraries), embedded-Linux input and displays, network add-ons, SVG icons (none shipped).
DROPPED_PLUGIN_FOLDERS = (
    "platformthemes",
    "generic",
    "egldeviceintegrations",
    "networkinformation",
    "tls",
    "iconengines",
    "wayland-",
)
#: Folders where only these plugins are kept (file names without "lib" and the suffix).
#: Platforms: Windows, X11 (Linux desktops, also under Wayland), and the two headless ones.
#: Images: what meeting photos come as (PNG and BMP are built into Qt) and .ico.
#: Input methods on Linux (Chinese input through IBus), not Qt's on-screen keyboard, which
#: alone brings Qt Quick and QML (17 MB).
KEPT_PLUGINS = {
    "platforms": {"qwindows", "qxcb", "qoffscreen", "qminimal"},
    "imageformats": {"qjpeg", "qgif", "qwebp", "qico"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
}
KEPT_TRANSLATIONS = {"qtbase_zh_CN.qm"}
#: Windows: software OpenGL and the Direct3D shader compiler serve OpenGL and Qt Quick
#: content only; the program's widgets paint without them.
DROPPED_FILES = {"opengl32sw.dll", "d3dcompiler_47.dll"}

#: A binary's link-time dependencies: (referenced name, resolved full path or None).
Imports = Callable[[str], Iterable[tuple[str, str | None]]]


def is_unused(dest_name: str) -> bool:
    """Whether a collected file (its path inside the bundle) can be left out."""
    parts = PurePath(dest_name.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return False
    if parts[-1].lower() in DROPPED_FILES:
        return True
    if "translations" in parts:
        return parts[-1] not in KEPT_TRANSLATIONS
    if "plugins" not in parts[:-2]:
        return False
    folder = parts[parts.index("plugins") + 1]
    if folder.startswith(DROPPED_PLUGIN_FOLDERS):
        return True
    if folder in KEPT_PLUGINS:
        name = parts[-1].split(".")[0]
        return name.removeprefix("lib") not in KEPT_PLUGINS[folder]
    return False


def _closure(paths: Iterable[str], imports: Imports) -> set[str]:
    """`paths` and every library they load, directly or not (real paths)."""
    seen: set[str] = set()
    todo = [os.path.realpath(p) for p in paths]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [os.path.realpath(found) for _name, found in imports(path) if found]
    return seen


def without_orphans(
    kept: list[tuple[str, str, str]], dropped: list[tuple[str, str, str]], imports: Imports
) -> list[tuple[str, str, str]]:
    """`kept` (TOC entries: dest, source, type) less the libraries that were collected only
    because a dropped file loads them. Anything else stays, even if nothing links it (Qt and
    Python load some libraries by name at run time)."""
    from_dropped = _closure((src for _dest, src, kind in dropped if kind != "SYMLINK"), imports)
    roots = [
        src
        for _dest, src, kind in kept
        if kind != "SYMLINK" and os.path.realpath(src) not in from_dropped
    ]
    needed = _closure(roots, imports)
    return [
        entry
        for entry in kept
        if entry[2] == "SYMLINK"
        or os.path.realpath(entry[1]) not in from_dropped
        or os.path.realpath(entry[1]) in needed
    ]


def without_dangling_links(
    toc: list[tuple[str, str, str]], present: set[str]
) -> list[tuple[str, str, str]]:
    """`toc` less the SYMLINK entries whose target (their source, relative to the link's
    folder) is not among the `present` destinations."""
    return [
        entry
        for entry in toc
        if entry[2] != "SYMLINK"
        or os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])) in present
    ]
