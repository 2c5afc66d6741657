"""党员名册: the roster on a given day, printed landscape (the front of the branch's book).

Members are listed 党小组 by 党小组 (those in none last), each in order of joining.
"""

import datetime as dt

from sqlalchemy.orm import Session

from app.branch import get_profile, list_groups
from app.members.rules import PROBATIONARY, party_age
from app.members.service import list_members
from app.reports.common import branch_name, date_text
from app.reports.document import SIZES, Document
from db.models import Member

HEADER = ("序号", "姓名", "性别", "民族", "出生年月", "学历", "人员类别", "入党时间",
          "转正时间", "党龄", "党小组", "党内职务", "工作岗位及职务", "联系电话")
WIDTHS = (1.2, 2, 1.2, 1.3, 2, 2.5, 2.2, 2.2, 2.2, 1.3, 3.2, 2.4, 3.8, 3.2)
ALIGN = ("center", "center", "center", "center", "center", "center", "center", "center",
         "center", "center", "center", "center", "left", "center")


def _month(day: dt.date | None) -> str:
    return f"{day:%Y.%m}" if day else ""


def roster_members(session: Session, day: dt.date) -> list[Member]:
    order = {g.id: i for i, g in enumerate(list_groups(session))}
    members = list_members(session, on=day)
    return sorted(members, key=lambda m: order.get(m.group_id or "", len(order)))


def roster_title(day: dt.date) -> str:
    return f"党员名册（{date_text(day)}）"


def roster_pdf(session: Session, day: dt.date) -> bytes:
    """The members on the roster on `day`, with a count by category and the signatures."""
    branch = branch_name(session)
    members = roster_members(session, day)
    probationary = sum(1 for m in members if m.category == PROBATIONARY)
    rows = [
        [str(number), m.name, m.gender, m.ethnicity, _month(m.birth_date), m.education,
         m.category, _month(m.join_date), _month(m.full_date),
         "" if (age := party_age(m, day)) is None else str(age),
         m.group.name if m.group else "", m.party_post, " ".join(filter(None, (m.job, m.rank))),
         m.phone]
        for number, m in enumerate(members, start=1)
    ]
    doc = Document.for_branch(session, roster_title(day), landscape=True, author=branch)
    doc.title("党员名册", subtitle=branch)
    profile = get_profile(session)
    secretary = next((c["name"] for c in profile.committee if c.get("post") == "书记"), "") \
        if profile else ""
    doc.fields([
        [("统计日期", date_text(day)),
         ("党员人数", f"{len(members)}名（正式党员{len(members) - probationary}名，"
                      f"预备党员{probationary}名）")],
        [("支部书记", secretary), ("党小组", f"{len(list_groups(session))}个")],
    ])
    doc.table(HEADER, rows, widths=WIDTHS, align=ALIGN, size=SIZES["五号"])
    doc.note("党龄自转正之日起计算，预备党员不计党龄。")
    doc.signatures(["制表人", "支部书记"])
    return doc.build()
