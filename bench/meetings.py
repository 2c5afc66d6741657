"""Meetings on the ten-year demo branch: the meeting list, a year's compliance check,
full-text search (core functions and the 会议 page) and the meeting editor (open a finalised
record and a draft, save a draft).

    .venv/bin/python bench/meetings.py [--runs 7] [--year 2025] [--db DEMO.db]

Builds the demo branch ("today" 2026-11-25) in a temporary folder (or copies --db, a demo
database built earlier), then reports medians. Targets: list < 200 ms, check < 100 ms,
search < 50 ms, editor open and save < 200 ms. Runs on the offscreen platform unless a
display is set.
"""

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from app.meetings.compliance import compliance  # noqa: E402
from app.meetings.detail import get_meeting_detail, get_meeting_details  # noqa: E402
from app.meetings.listing import list_meetings  # noqa: E402
from app.meetings.search import search_meetings  # noqa: E402
from app.meetings.types import MeetingType, RecordStatus  # noqa: E402
from bench.measure import TODAY, Timings, arguments, demo_path, qt_app  # noqa: E402
from db.database import Database  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.meetings.editor import MeetingEditor  # noqa: E402
from ui.meetings.page import MeetingsPage  # noqa: E402


def _editor(context: AppContext, timings: Timings) -> None:
    """The meeting editor on the busiest records: open a finalised 党员大会 (its frozen
    figures), open the latest draft (figures from the roster of its date), save it."""
    with context.session() as session:
        rows = list_meetings(session)
    final = next(r.id for r in rows
                 if r.status == RecordStatus.FINAL and MeetingType.GENERAL in r.types)
    draft = next(r.id for r in rows if r.status == RecordStatus.DRAFT)
    editors: list[MeetingEditor] = []

    def open_editor(meeting_id: str) -> Callable[[], None]:
        def run() -> None:
            editor = MeetingEditor(context, meeting_id, today=lambda: TODAY)
            editor.show()
            editors.append(editor)
        return run

    timings.time("meeting editor: open a finalised 党员大会", open_editor(final))
    timings.time("meeting editor: open a draft", open_editor(draft))
    editor = editors[-1]

    def save() -> None:
        editor.summary.setPlainText(editor.summary.toPlainText() + "。")
        assert editor.store(), editor.error.text()

    timings.time("meeting editor: save the draft (one change)", save)
    for each in editors:
        each.close()


def main() -> None:
    parser = arguments(__doc__, runs=7)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    args = parser.parse_args()
    app = qt_app()
    folder = Path(tempfile.mkdtemp(prefix="bench-meetings-"))
    database = Database.open(demo_path(folder, args.db))
    year, timings = args.year, Timings(args.runs)

    with database.session() as session:
        count = len(list_meetings(session))
        of_year = [r.id for r in list_meetings(session, year=year)]
        some = of_year[0]
        timings.time("list_meetings, all ten years", lambda: list_meetings(session))
        timings.time(f"list_meetings, {year}", lambda: list_meetings(session, year=year))
        timings.time(f"compliance({year})", lambda: compliance(session, year, TODAY))
        timings.time("search, 4 characters (垃圾分类, FTS5 trigram)",
                lambda: search_meetings(session, "垃圾分类"))
        timings.time("search, 3 characters (生活会, FTS5 trigram)",
                lambda: search_meetings(session, "生活会"))
        timings.time("search, 2 characters (党费, scan)", lambda: search_meetings(session, "党费"))
        timings.time("search, 1 character (费, scan)", lambda: search_meetings(session, "费"))
        timings.time("get_meeting_detail (one record)", lambda: get_meeting_detail(session, some))

        def details_of_year() -> None:
            session.expire_all()
            get_meeting_details(session, of_year)

        timings.time(f"get_meeting_details, all {len(of_year)} records of {year}", details_of_year)
    context = AppContext(database)
    pages: list[MeetingsPage] = []

    def open_page() -> None:
        page = MeetingsPage(context)
        page.set_today(lambda: TODAY)
        page.resize(1200, 700)
        page.show()
        pages.append(page)

    timings.time("会议 page: open (build + list of the latest year)", open_page)
    page = pages[-1]

    def show_all_years() -> None:
        page.list.year.setCurrentIndex(0)  # 全部年度: refreshes the list
        page.list.year.setCurrentIndex(1)

    timings.time("会议 page: list all years, then one year again", show_all_years)
    page.compliance.year.setValue(year)
    timings.time(f"会议 page: compliance calendar {year}", page.compliance.refresh)

    page.list.year.setCurrentIndex(0)  # search all ten years

    def search(text: str) -> Callable[[], None]:
        def run() -> None:
            page.list.search.setText(text)
            page.list.refresh()
        return run

    timings.time("会议 page: search 垃圾分类 and show highlighted hits", search("垃圾分类"))
    timings.time("会议 page: search 党费 and show highlighted hits", search("党费"))
    _editor(context, timings)
    timings.print(f"{count} meetings")
    for page in pages:
        page.close()
    database.close()
    shutil.rmtree(folder, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
