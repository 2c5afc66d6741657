"""Arrears: members with consecutive unpaid months. The app warns and flags; only a 支部大会
decision approved by the higher level removes a member, so nothing here changes a status."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from app import settings
from app.branch import branch_start
from app.dues.config import FLAG_MONTHS, WARN_MONTHS
from app.dues.ledger import UNPAID, ZERO, Ledger
from app.dues.months import Month, span, span_label
from app.members.service import list_members
from app.reminders import ReminderLevel
from db.models import Member

CHARTER_ARTICLE_9 = (
    "《中国共产党章程》第九条：党员如果没有正当理由，连续六个月不参加党的组织生活，"
    "或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。支部大会应当决定把这样的"
    "党员除名，并报上级党组织批准。"
)
#: How far back unpaid months are looked for.
LOOKBACK_MONTHS = 120


@dataclass(frozen=True)
class Arrear:
    member_id: str
    name: str
    run: tuple[Month, ...]  # the consecutive unpaid months up to last month
    run_owed: Decimal
    unpaid_months: int  # every unpaid month in the look-back, not only the run
    unpaid_owed: Decimal
    flagged: bool  # six months or more: a matter for the 支部党员大会

    @property
    def months(self) -> int:
        return len(self.run)

    @property
    def level(self) -> ReminderLevel:
        return ReminderLevel.WARNING if self.flagged else ReminderLevel.NOTICE

    @property
    def text(self) -> str:
        period = span_label(self.run[0], self.run[-1])
        return (f"{self.name}已连续{self.months}个月未交纳党费（{period}），"
                f"应交{self.run_owed:.2f}元")

    @property
    def advice(self) -> str:
        if not self.flagged:
            return "请支部委员与其谈心谈话，了解原因，督促按时交纳。"
        return ("请先核实有无正当理由（如已申请减免、因病住院等）；没有正当理由的，按党章第九条"
                "提交支部党员大会讨论，作出决定后报上级党组织批准。本软件不会自动改变党员的党籍状态。")

    @property
    def suggested_topic(self) -> str:
        """The 党员大会 议题 suggested for a flagged member."""
        if not self.flagged:
            return ""
        return f"关于{self.name}同志连续{self.months}个月未交纳党费问题的处理意见（党章第九条）"


def arrears(session: Session, as_of: dt.date,
            members: list[Member] | None = None) -> list[Arrear]:
    """Members on the roster whose run of unpaid months reaches the warning level.

    A month counts once its 交纳截止日 has passed (the ledger's `owed_until`), as in the
    grid, the register and the reports; months before the branch's 启用日期 do not (its
    records start there).
    """
    warn = settings.get(session, WARN_MONTHS)
    members = list_members(session, on=as_of) if members is None else members
    current = Month.of(as_of)
    first = current.shift(-LOOKBACK_MONTHS)
    started = branch_start(session)
    if started is not None:
        first = max(first, Month.of(started))
    ledger = Ledger(session, members, first, current, as_of)
    found = []
    for member in members:
        run = ledger.unpaid_run(member.id, ledger.owed_until.shift(1))
        if len(run) < warn:
            continue
        unpaid = [
            cell for cell in (ledger.cell(member.id, m)
                              for m in span(ledger.first, ledger.owed_until))
            if cell.state == UNPAID
        ]
        found.append(Arrear(
            member_id=member.id, name=member.name, run=tuple(run),
            run_owed=sum((ledger.cell(member.id, m).owed for m in run), ZERO),
            unpaid_months=len(unpaid), unpaid_owed=sum((c.owed for c in unpaid), ZERO),
            flagged=len(run) >= FLAG_MONTHS,
        ))
    return sorted(found, key=lambda a: (-a.months, a.name))
