"""The 党员 page with a 300-member branch: how long the list takes to build, reload, search,
filter and sort, and how long the member form takes to open.

    .venv/bin/python bench/members_page.py [--members 300] [--runs 5]

Runs on the offscreen platform unless a display is set. Figures are medians over the runs.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from PySide6.QtCore import Qt  # noqa: E402

from app.branch import list_groups  # noqa: E402
from app.members.service import add_member  # noqa: E402
from app.profile import ProfileInput, save_profile  # noqa: E402
from bench.measure import Timings, qt_app  # noqa: E402
from bench.roster import GROUPS, TODAY, people  # noqa: E402
from db.database import Database  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dialogs.member_form import MemberForm  # noqa: E402
from ui.members.page import MembersPage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = qt_app()
    with tempfile.TemporaryDirectory() as folder, Database.open(Path(folder) / "b.db") as db:
        with db.session() as session:
            save_profile(session, ProfileInput(name="中共测试支部", code="T1", groups=GROUPS))
            groups = list_groups(session)
            rng = random.Random(7)
            for data in people(rng, args.members):
                data.group_id = rng.choice(groups).id
                add_member(session, data, today=TODAY)
        context = AppContext(db)
        page: MembersPage | None = None

        def build() -> None:
            nonlocal page
            page = MembersPage(context)
            page.resize(1246, 700)
            page.show()

        timings = Timings(args.runs)
        timings.time("open the page (build + first load)", build)
        assert page is not None
        timings.time("reload (`refresh`, after any change)", page.refresh)
        timings.time("search: one more character typed",
                     lambda: (page.search.setText("1"), page.search.setText("13")), per_call=2)
        page.search.clear()
        timings.time("filter by 党小组 (a group, then all again)",
                     lambda: (page.group_filter.setCurrentIndex(2),
                              page.group_filter.setCurrentIndex(0)), per_call=2)
        timings.time("sort by 入党日期 (descending, then ascending)",
                     lambda: (page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder),
                              page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)),
                     per_call=2)
        member_id = page.proxy.row_at(0).id
        forms: list[MemberForm] = []

        def open_form() -> None:
            forms.append(MemberForm(context, member_id))
            forms[-1].show()

        timings.time("open the member form", open_form)
        for form in forms:  # while the database is still there: closing validates the fields
            form.close()
        page.close()
        timings.print(f"{args.members} members")
        app.quit()


if __name__ == "__main__":
    main()
