"""Saving a 慰问 in the branch window with every page built, on the ten-year demo branch: the
time from pressing 保存 until the window answers again (the page in view refreshed).

    .venv/bin/python bench/visit_save.py [--runs 5] [--db DEMO.db]

Runs on the offscreen platform unless a display is set; medians over the runs.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.members.service import list_members  # noqa: E402
from app.visits.service import PersonInput  # noqa: E402
from bench.measure import TODAY, arguments, demo_path  # noqa: E402


def main() -> None:
    args = arguments(__doc__).parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-visit-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    path = demo_path(folder, args.db)
    from ui.main_window import PAGES, MainWindow
    from ui.visits.dialog import VisitDialog

    window = MainWindow()
    window.show()
    window.open_database(path)
    for index in range(len(PAGES)):  # every page built, as after a while of use
        window.show_page(index)
        app.processEvents()
    window.go_to("慰问")
    page = window.page("慰问")
    with window.context.session() as session:
        member = list_members(session)[0]
    times = []
    for _run in range(args.runs):
        dialog = VisitDialog(window.context, TODAY, None, None, page)
        dialog.show()
        app.processEvents()
        dialog.kind.set_text("困难党员")
        dialog.add_person(member.id, member.name,
                          PersonInput(member.id, member.name, Decimal("200"), [], member.name))
        start = time.perf_counter()
        dialog.save()
        app.processEvents()
        times.append(time.perf_counter() - start)
    window.close()
    print(f"save a 慰问, every page built: median {statistics.median(times) * 1000:.0f} ms "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
