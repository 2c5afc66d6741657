"""`branchdesk demo`: a realistic demo branch with ten years of history.

Each area adds its part to `STEPS`; every step gets the same session, random generator and
"today", and runs after the steps it depends on.
"""

import datetime as dt
import random
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo import dues, fund, meetings, members, recruits, service, sync
from base.errors import UserError
from db.database import Database
from db.models import Member

Step = Callable[[Session, random.Random, dt.date], None]

STEPS: tuple[tuple[str, Step], ...] = (
    ("支部和党员", members.populate),
    ("十年会议记录", meetings.populate),
    ("十年党费", dues.populate),
    ("十年互助金和慰问", fund.populate),
    ("十年双报到志愿服务", service.populate),
    ("发展党员", recruits.populate),
    ("三年与工委同步", sync.populate),
)


def build_demo(database: Database, today: dt.date | None = None, seed: int = 7,
               progress: Callable[[str], None] = lambda _label: None,
               steps: tuple[tuple[str, Step], ...] = STEPS) -> None:
    """`steps`: STEPS, or a variant of them (the city demo shapes each of its branches)."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(Member)):
            raise UserError("该数据库已有党员数据。演示数据请生成到新的数据库（--db 新文件）。")
    for label, step in steps:
        progress(label)
        with database.session() as session:
            step(session, rng, today)
