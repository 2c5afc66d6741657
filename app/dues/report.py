"""A year of dues: the register (member × month), the yearly report and the 公布 notice."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.branch import get_profile
from app.dues.arrears import Arrear, arrears
from app.dues.assessment import members_of_year, year_assessments
from app.dues.ledger import PAID, UNPAID, WAIVED, ZERO, Cell, Ledger
from app.dues.months import Month, year_months
from app.dues.relief import list_reliefs
from app.dues.remittance import Balance, balance
from db.models import DuesAssessment, DuesPayment, Member


@dataclass
class MemberYear:
    """One member's line of the 党费交纳登记表."""

    member: Member
    assessment: DuesAssessment | None  # the latest 核定 of the year
    cells: list[Cell]  # January..December
    voluntary: Decimal = ZERO  # voluntary sums paid in the year

    @property
    def paid(self) -> Decimal:
        return sum((c.paid for c in self.cells), ZERO)

    @property
    def due(self) -> Decimal:
        """What the months so far ask for, plus months already paid ahead."""
        return sum((c.owed for c in self.cells if c.state in (PAID, UNPAID)), ZERO)

    @property
    def unpaid(self) -> list[int]:
        return [i + 1 for i, c in enumerate(self.cells) if c.state == UNPAID]

    @property
    def unpaid_owed(self) -> Decimal:
        return sum((c.owed for c in self.cells if c.state == UNPAID), ZERO)

    @property
    def waived(self) -> int:
        return sum(1 for c in self.cells if c.state == WAIVED)


def register(session: Session, year: int, today: dt.date | None = None) -> list[MemberYear]:
    """The member × month grid of a year (a handful of queries, then memory)."""
    today = today or dt.date.today()
    members = members_of_year(session, year)
    ledger = Ledger(session, members, Month(year, 1), Month(year, 12), today)
    latest: dict[str, DuesAssessment] = {a.member_id: a for a in year_assessments(session, year)}
    voluntary: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for payment in session.scalars(
        select(DuesPayment).where(
            DuesPayment.deleted_at.is_(None), DuesPayment.month.is_(None),
            DuesPayment.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    ):
        voluntary[payment.member_id] += payment.amount
    return [
        MemberYear(m, latest.get(m.id), [ledger.cell(m.id, month) for month in year_months(year)],
                   voluntary[m.id])
        for m in members
    ]


def year_as_of(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are taken: its last day, or today while it runs."""
    return min(dt.date(year, 12, 31), today)


@dataclass
class YearReport:
    year: int
    as_of: dt.date
    branch: str
    rows: list[MemberYear]
    balance: Balance
    arrears: list[Arrear]
    reliefs: int
    by_category: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # count, paid

    @property
    def due(self) -> Decimal:
        return sum((r.due for r in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((r.paid for r in self.rows), ZERO)

    @property
    def voluntary(self) -> Decimal:
        return sum((r.voluntary for r in self.rows), ZERO)

    @property
    def unpaid_owed(self) -> Decimal:
        return sum((r.unpaid_owed for r in self.rows), ZERO)

    @property
    def members_in_arrears(self) -> int:
        return sum(1 for r in self.rows if r.unpaid)

    def month_totals(self) -> list[Decimal]:
        return [sum((r.cells[i].paid for r in self.rows), ZERO) for i in range(12)]

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year, "as_of": self.as_of, "branch": self.branch,
            "members": len(self.rows), "due": self.due, "paid": self.paid,
            "voluntary": self.voluntary, "to_central": self.balance.central,
            "unpaid_owed": self.unpaid_owed, "members_in_arrears": self.members_in_arrears,
            "collected_in_year": self.balance.collected,
            "share_percent": self.balance.share_percent,
            "due_up": self.balance.due_up, "remitted": self.balance.remitted,
            "outstanding_to_remit": self.balance.outstanding, "kept": self.balance.kept,
            "reliefs": self.reliefs,
            "by_category": {k: {"members": n, "paid": v} for k, (n, v) in self.by_category.items()},
            "by_month": {f"{i + 1}月": v for i, v in enumerate(self.month_totals())},
            "arrears": [{"name": a.name, "months": a.months, "owed": a.run_owed,
                         "flagged": a.flagged} for a in self.arrears],
        }


def year_report(session: Session, year: int, today: dt.date | None = None) -> YearReport:
    today = today or dt.date.today()
    rows = register(session, year, today)
    profile = get_profile(session)
    as_of = year_as_of(year, today)
    # Arrears are judged after the year's last month is over, or as of today.
    judged = dt.date(year + 1, 1, 1) if as_of == dt.date(year, 12, 31) else as_of
    by_category: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        category = row.assessment.category if row.assessment else "未核定"
        count, paid = by_category.get(category, (0, ZERO))
        by_category[category] = (count + 1, paid + row.paid)
    return YearReport(
        year=year, as_of=as_of, branch=profile.name if profile else "", rows=rows,
        balance=balance(session, year),
        arrears=arrears(session, min(judged, today)),
        reliefs=len(list_reliefs(session, year)), by_category=by_category,
    )


def notice_text(report: YearReport, contact: str = "支部组织委员") -> str:
    """The body of the yearly 党费收缴情况公布."""
    b = report.balance
    parts = [
        f"根据《关于中国共产党党费收缴、使用和管理的规定》，现将本支部{report.year}年度"
        f"党费收缴情况公布如下：",
        f"本年度应交纳党费的党员{len(report.rows)}名，应交党费{report.due:.2f}元，"
        f"实交{report.paid:.2f}元；党员自愿多交党费{report.voluntary:.2f}元。",
    ]
    if b.central:
        parts.append(f"党员一次性自愿交纳1000元以上的党费共{b.central:.2f}元，全部上缴中央。")
    parts.append(f"本年度共向上级党组织上缴党费{b.remitted:.2f}元。")
    if report.members_in_arrears:
        parts.append(f"截至{report.as_of:%Y年%m月%d日}，尚有{report.members_in_arrears}名党员"
                     f"欠交党费共{report.unpaid_owed:.2f}元，支部将督促补交。")
    else:
        parts.append("全体党员均已按时足额交纳党费。")
    parts.append(f"各位党员对本人交纳情况如有疑问，请向{contact}反映。")
    return "".join(parts[:1]) + "\n" + "".join(parts[1:])
