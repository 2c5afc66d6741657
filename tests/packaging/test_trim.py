"""What the bundle leaves out (packaging/trim.py, used by packaging/branchdesk.spec)."""

import os
from pathlib import Path

import pytest

from tests.packaging import packaging_module

trim = packaging_module("trim")


@pytest.mark.parametrize(
    "name",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/QtPdf.pyd",
        "reportlab/fonts/Vera.ttf",
    ],
)
def test_kept(name: str) -> None:
    assert not trim.is_unused(name)


@pytest.mark.parametrize(
    "name",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/translations/qt_zh_CN.qm",
        "PySide6/opengl32sw.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
    ],
)
def test_left_out(name: str) -> None:
    assert trim.is_unused(name)


def real(path: str) -> str:
    """The form trim compares paths in (on Windows "/q/a.so" becomes "C:\\q\\a.so")."""
    return os.path.realpath(path)


GRAPH = {  # a library -> what it links
    "/q/qxcb.so": ["/q/XcbQpa.so"],
    "/q/XcbQpa.so": ["/q/Gui.so"],
    "/q/gtk3.so": ["/q/Gui.so", "/s/gtk.so"],
    "/s/gtk.so": ["/s/cairo.so", "/s/glib.so"],
    "/q/Gui.so": ["/q/Core.so"],
    "/q/Core.so": ["/s/glib.so"],
}
LINKS = {real(library): [real(p) for p in linked] for library, linked in GRAPH.items()}


def imports(path: str) -> list[tuple[str, str | None]]:
    return [(Path(p).name, p) for p in LINKS.get(path, [])] + [("missing.so", None)]


def entry(path: str) -> tuple[str, str, str]:
    return (Path(path).name, path, "BINARY")


def test_libraries_only_a_dropped_plugin_needed_go_with_it() -> None:
    kept = [entry(p) for p in
            ("/q/qxcb.so", "/q/XcbQpa.so", "/q/Gui.so", "/q/Core.so", "/s/gtk.so",
             "/s/cairo.so", "/s/glib.so", "/s/opengl32sw.so")]
    result = trim.without_orphans(kept, [entry("/q/gtk3.so")], imports)
    assert [src for _dest, src, _kind in result] == [
        "/q/qxcb.so", "/q/XcbQpa.so", "/q/Gui.so", "/q/Core.so", "/s/glib.so",
        "/s/opengl32sw.so",  # linked by nothing, but not because of a dropped plugin: kept
    ]


def test_links_to_files_left_out_go_too() -> None:
    toc = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/venv/libQt6Core.so.6", "BINARY"),
    ]
    present = {os.path.normpath("PySide6/Qt/lib/libQt6Core.so.6")}
    assert trim.without_dangling_links(toc, present) == [toc[0], toc[2]]
