"""The windows, pages and dialogs of both sides, opened on demo data and saved as pictures.

    make screenshots                      # the manual's pictures, into resources/manual/images
    python tools/screens.py --out /tmp/s --width 0 [--branch demo.db] [--city city.db]

Without --branch/--city, demo databases are built in a temporary folder first (a few
minutes). --width 0 keeps the pictures at their full size (for looking at a screen size,
e.g. under xvfb with QT_SCALE_FACTOR=1.25); the manual's are scaled down to stay small.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.app import setup_application  # noqa: E402

MANUAL_IMAGES = ROOT / "resources" / "manual" / "images"
WINDOW = (1180, 720)  # the size the manual's pictures are taken at
#: A scene opens something on the window and returns the widget to picture.
Scene = Callable[[QWidget], QWidget]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def page(title: str, tab: int | None = None) -> Scene:
    def show(window: QWidget) -> QWidget:
        window.go_to(title)
        if tab is not None:
            window.page(title).tabs.setCurrentIndex(tab)
        return window
    return show


def dialog(title: str, open_it: Callable[[QWidget], QWidget]) -> Scene:
    def show(window: QWidget) -> QWidget:
        window.go_to(title)
        settle()
        return open_it(window.page(title))
    return show


def _meeting_editor(meetings: QWidget) -> QWidget:
    meetings.list.table.selectRow(0)
    return meetings.open_selected() or meetings.editors[-1]


def _member_form(members: QWidget) -> QWidget:
    from ui.dialogs.member_form import MemberForm

    members.table.selectRow(0)
    form = MemberForm(members.context, members.selected_id(), parent=members)
    form.show()
    return form


def _visit_form(visits: QWidget) -> QWidget:
    from ui.visits.dialog import VisitDialog

    form = VisitDialog(visits.context, dt.date.today(), parent=visits)
    form.show()
    return form


BRANCH_SCENES: dict[str, Scene] = {
    "home": page("首页"),
    "members": page("党员"),
    "member-form": dialog("党员", _member_form),
    "meetings": page("会议"),
    "meeting-editor": dialog("会议", _meeting_editor),
    "compliance": page("会议", 1),
    "dues": page("党费"),
    "fund": page("互助金"),
    "visits": page("慰问"),
    "visit-form": dialog("慰问", _visit_form),
    "sync": page("同步"),
    "settings": page("设置"),
}


def _until_read(page: QWidget, ready: Callable[[], bool] = lambda: True) -> None:
    """Until the city tab's work in the background is done and shown."""
    import time

    deadline = time.monotonic() + 120
    while (page.worker is not None or not ready()) and time.monotonic() < deadline:
        settle()
        time.sleep(0.05)


def city_tab(index: int, inner: int | None = None) -> Scene:
    def show(window: QWidget) -> QWidget:
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        if inner is not None:
            page.tabs.setCurrentIndex(inner)
        settle()
        if hasattr(page, "worker"):
            _until_read(page)
        return window
    return show


def _city_report(window: QWidget) -> QWidget:
    report = window.tab("年度汇总")  # built when first shown
    window.tabs.setCurrentWidget(report)
    _until_read(report, lambda: report.table.rowCount() > 0)
    return window


CITY_SCENES: dict[str, Scene] = {
    "city-branches": city_tab(0),
    "city-report": _city_report,
    "city-fund": city_tab(3, 0),
    "city-fund-report": city_tab(3, 2),
}


def wizard_picture(folder: Path, out: Path, width: int) -> None:
    """The set-up wizard as a new branch sees it first."""
    from db.database import Database
    from ui.context import AppContext
    from ui.dialogs.setup_wizard import SetupWizard

    with Database.open(folder / "new.db") as database:
        wizard = SetupWizard(AppContext(database))
        wizard.show()
        save(wizard, out / "setup-wizard.png", width)
        wizard.done(0)


def save(widget: QWidget, path: Path, width: int) -> None:
    settle()
    picture = widget.grab()
    if width and picture.width() > width:
        picture = picture.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    # 256 colours: a picture of the program's windows looks the same at a third of the size.
    picture.toImage().convertToFormat(QImage.Format.Format_Indexed8,
                                      Qt.ImageConversionFlag.AvoidDither).save(str(path))
    print(path)


def take(window: QWidget, scenes: dict[str, Scene], out: Path, width: int, size) -> None:
    for name, scene in scenes.items():
        if size:
            window.resize(*size)
        shown = scene(window)
        save(shown, out / f"{name}.png", width)
        if shown is not window:
            shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            shown.done(0) if hasattr(shown, "done") else shown.close()
            settle()


def demo_databases(folder: Path) -> tuple[Path, Path]:
    from app.demo import build_demo
    from app.demo.city import build_city_demo
    from db.city.database import CityDatabase
    from db.database import Database

    branch, city = folder / "branch.db", folder / "city.db"
    print("正在生成演示支部…")
    with Database.open(branch) as database:
        build_demo(database)
    print("正在生成演示工委…")
    with CityDatabase.open(city) as database:
        build_city_demo(database, branches=2)
    return branch, city


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MANUAL_IMAGES)
    parser.add_argument("--width", type=int, default=800, help="最大宽度（像素），0 为原大小")
    parser.add_argument("--branch", type=Path)
    parser.add_argument("--city", type=Path)
    parser.add_argument("--only", nargs="*", help="只拍这些画面")
    parser.add_argument("--fill-screen", action="store_true",
                        help="窗口占满屏幕可用区域（查看某一屏幕尺寸时用）")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # no remembered geometry
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        setup_application(app)
        branch, city = args.branch, args.city
        if branch is None or city is None:
            branch, city = demo_databases(Path(folder))
        args.out.mkdir(parents=True, exist_ok=True)
        size = None if args.fill_screen else WINDOW
        wanted = set(args.only or [])

        def chosen(scenes: dict[str, Scene]) -> dict[str, Scene]:
            return {k: v for k, v in scenes.items() if not wanted or k in wanted}

        if not wanted or "setup-wizard" in wanted:
            wizard_picture(Path(folder), args.out, args.width)
        from ui.main_window import MainWindow

        window = MainWindow()
        window.showMaximized() if args.fill_screen else window.show()
        window.open_database(branch)
        take(window, chosen(BRANCH_SCENES), args.out, args.width, size)
        window.close()
        from ui.city.window import CityWindow

        city_window = CityWindow()
        city_window.showMaximized() if args.fill_screen else city_window.show()
        city_window.open_database(city)
        take(city_window, chosen(CITY_SCENES), args.out, args.width, size)
        city_window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
