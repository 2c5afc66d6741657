"""党员名册: the roster on a given day, printed on its own (landscape, every column) or as a
section of the yearly book (portrait, the main columns).

Members are listed 党小组 by 党小组 (those in none last), each in order of joining.
"""

import datetime as dt

from sqlalchemy.orm import Session

from app.branch import get_profile, list_groups, secretary_name
from app.members.rules import MemberCategory, party_age
from app.members.service import list_members
from app.reports.common import branch_name, date_text
from app.reports.document import SIZES, Document
from db.models import Member

#: Column: (width weight, alignment).
COLUMNS = {
    "序号": (1.4, "center"), "姓名": (2, "center"), "性别": (1.4, "center"),
    "民族": (1.3, "center"), "出生年月": (2.4, "center"), "学历": (2.5, "center"),
    "人员类别": (2.2, "center"), "入党时间": (2.2, "center"), "转正时间": (2.2, "center"),
    "党龄": (1.3, "center"), "党小组": (3.2, "center"), "党内职务": (2.4, "center"),
    "工作岗位及职务": (3.8, "left"), "联系电话": (3.2, "center"),
}
ALL_COLUMNS = tuple(COLUMNS)
BOOK_COLUMNS = ("序号", "姓名", "性别", "出生年月", "人员类别", "入党时间", "转正时间", "党龄",
                "党小组", "党内职务")


def _month(day: dt.date | None) -> str:
    return f"{day:%Y.%m}" if day else ""


def _cells(number: int, m: Member, day: dt.date) -> dict[str, str]:
    age = party_age(m, day)
    return {
        "序号": str(number), "姓名": m.name, "性别": m.gender, "民族": m.ethnicity,
        "出生年月": _month(m.birth_date), "学历": m.education, "人员类别": m.category,
        "入党时间": _month(m.join_date), "转正时间": _month(m.full_date),
        "党龄": "" if age is None else str(age), "党小组": m.group.name if m.group else "",
        "党内职务": m.party_post, "工作岗位及职务": " ".join(filter(None, (m.job, m.rank))),
        "联系电话": m.phone,
    }


def roster_members(session: Session, day: dt.date) -> list[Member]:
    order = {g.id: i for i, g in enumerate(list_groups(session))}
    members = list_members(session, on=day)
    return sorted(members, key=lambda m: order.get(m.group_id or "", len(order)))


def roster_title(day: dt.date) -> str:
    return f"党员名册（{date_text(day)}）"


def head_count(members: list[Member]) -> str:
    probationary = sum(1 for m in members if m.category == MemberCategory.PROBATIONARY)
    return (f"{len(members)}名（正式党员{len(members) - probationary}名，"
            f"预备党员{probationary}名）")


def add_roster_table(doc: Document, members: list[Member], day: dt.date,
                     columns: tuple[str, ...], size: float = SIZES["五号"]) -> None:
    doc.table(columns, [[cells[c] for c in columns]
                        for cells in (_cells(n, m, day) for n, m in enumerate(members, start=1))],
              widths=[COLUMNS[c][0] for c in columns], align=[COLUMNS[c][1] for c in columns],
              size=size)
    doc.note("党龄自转正之日起计算，预备党员不计党龄。", size=SIZES["五号"])


def roster_pdf(session: Session, day: dt.date) -> bytes:
    """The members on the roster on `day`, with a count by category and the signatures."""
    branch = branch_name(session)
    members = roster_members(session, day)
    doc = Document.for_branch(session, roster_title(day), landscape=True, author=branch)
    doc.title("党员名册", subtitle=branch)
    doc.fields([
        [("统计日期", date_text(day)), ("党员人数", head_count(members))],
        [("支部书记", secretary_name(get_profile(session))),
         ("党小组", f"{len(list_groups(session))}个")],
    ])
    add_roster_table(doc, members, day, ALL_COLUMNS)
    doc.signatures(["制表人", "支部书记"])
    return doc.build()
