"""`branchdesk demo --city`: the demo city (市直机关工委) with several demo branches.

Each branch is the branch demo with its own shape and seed, built in a temporary database that
syncs with this city database through the real export, import and return files (see
`app.demo.sync`), and is removed afterwards. The city also receives its yearly 党费划拨 into the
mutual-aid fund.
"""

import datetime as dt
import tempfile
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from app.city import fund
from app.demo import STEPS, Step, build_demo, members, sync
from app.demo.members import DemoBranch
from base.errors import UserError
from db.audit import ACTOR
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityIdentity
from db.database import Database

#: Sizes stay above what the dues demo needs (eight ordinary working members on the roster);
#: most have no 党小组 (as small branches often do), which also keeps the demo quick.
BRANCHES = (
    DemoBranch("中共市教育局机关党支部", "JYJ-01", "中共市教育局机关委员会", (),
               members=24, retired=3),
    DemoBranch("中共市财政局机关第一党支部", "CZJ-01", "中共市财政局机关委员会",
               ("第一党小组", "第二党小组"), members=28, retired=4),
    DemoBranch("中共市商务局机关党支部", "SWJ-01", "中共市商务局机关委员会", (),
               members=22, retired=2),
    DemoBranch("中共市卫生健康委员会机关第二党支部", "WJW-02", "中共市卫生健康委员会机关委员会",
               ("第一党小组", "第二党小组"), members=32, retired=5),
    DemoBranch("中共市统计局机关党支部", "TJJ-01", "中共市统计局机关委员会", (),
               members=23, retired=2),
    DemoBranch("中共市住房和城乡建设局机关第一党支部", "ZJJ-01", "中共市住房和城乡建设局机关委员会",
               (), members=26, retired=3),
    DemoBranch("中共市交通运输局机关第一党支部", "JTJ-01", "中共市交通运输局机关委员会",
               ("第一党小组", "第二党小组"), members=30, retired=4),
    DemoBranch("中共市审计局机关党支部", "SJJ-01", "中共市审计局机关委员会", (),
               members=22, retired=2),
)
DEFAULT_BRANCHES = 5
ALLOCATION = Decimal("20000.00")
TREASURER = "工委财务室"


def branch_steps(branch: DemoBranch, city: CityDatabase) -> tuple[tuple[str, Step], ...]:
    """The branch demo's steps, shaped as `branch` and syncing with `city`."""
    shaped: dict[Step, Step] = {members.populate: partial(members.populate, branch=branch),
                                sync.populate: partial(sync.populate, city=city)}
    return tuple((label, shaped.get(step, step)) for label, step in STEPS)


def build_city_demo(city: CityDatabase, branches: int = DEFAULT_BRANCHES,
                    today: dt.date | None = None, seed: int = 7,
                    progress: Callable[[str], None] = lambda _label: None) -> None:
    today = today or dt.date.today()
    if not 1 <= branches <= len(BRANCHES):
        raise UserError(f"演示支部数量应为 1 到 {len(BRANCHES)} 个。")
    with city.session() as session:
        if session.get(CityIdentity, 1) is not None or session.scalar(
                select(func.count()).select_from(CityBranch)):
            raise UserError("该工委数据库已有数据。演示数据请生成到新的数据库（--db 新文件）。")
        sync.init_demo_city(session)
    city.session_info[ACTOR] = TREASURER  # who enters the remittances the imports book
    with tempfile.TemporaryDirectory(prefix="branchdesk-demo-") as folder:
        for index, branch in enumerate(BRANCHES[:branches]):
            heading = f"支部 {index + 1}/{branches}（{branch.name}）"
            def step(label: str, heading: str = heading) -> None:
                progress(f"{heading}：{label}")

            with Database.open(Path(folder) / f"{branch.code}.db") as database:
                build_demo(database, today, seed + index, step, branch_steps(branch, city))
    progress("工委互助基金")
    with city.session() as session:
        for year in range(today.year - sync.SYNC_YEARS + 1, today.year + 1):
            day = dt.date(year, 3, 20)
            if day <= today:
                fund.record_income(session, fund.CityEntryKind.DUES_ALLOCATION, day, ALLOCATION,
                                   TREASURER, f"{year}年党费划拨", today=today)
        fund.book_remittances(session, TREASURER, today)
