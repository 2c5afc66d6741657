"""首页 reminders of the fund: applications waiting for a step, donations not passed up,
entries waiting for the second person's check."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app import settings
from app.fund import applications as apps
from app.fund.applications import AidStatus
from app.fund.donations import unremitted
from app.fund.ledger import unconfirmed
from app.fund.settings import REQUIRE_CONFIRMATION, FundMode, mode
from app.reminders import Reminder, ReminderLevel
from base.money import format_yuan

PAGE = "互助金"
#: Donations kept longer than this should have gone up to the city fund.
REMIT_WITHIN_DAYS = 90
WAITING: dict[str, tuple[ReminderLevel, str]] = {
    AidStatus.REGISTERED: (ReminderLevel.NOTICE, "待支委会审核"),
    AidStatus.REVIEWED: (ReminderLevel.NOTICE, "已审核、待上报工委"),
    AidStatus.AWAITING_HIGHER: (ReminderLevel.HINT, "待上级审批"),
    AidStatus.FUNDED: (ReminderLevel.WARNING, "补助已到账、待发放签收"),
}


def _waiting(application: apps.AidApplication) -> tuple[ReminderLevel, str] | None:
    if application.status == AidStatus.APPROVED:
        if application.fund_mode == FundMode.CITY:
            return ReminderLevel.HINT, "工委已批准、待登记补助到账"
        return ReminderLevel.WARNING, "已批准、待发放签收"
    return WAITING.get(application.status)


def fund_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    waiting: dict[tuple[ReminderLevel, str], list[str]] = {}
    for application in apps.list_applications(session):
        what = _waiting(application)
        if what is not None:
            waiting.setdefault(what, []).append(application.applicant_name)
    for (level, text), names in waiting.items():
        found.append(Reminder(level, f"{len(names)}份补助申请{text}：" + "、".join(names[:5])
                              + ("等" if len(names) > 5 else ""), PAGE))
    if mode(session) == FundMode.CITY:
        old = [d for d in unremitted(session)
               if (today - d.date).days > REMIT_WITHIN_DAYS]
        if old:
            total = sum((d.amount for d in old), Decimal("0.00"))
            found.append(Reminder(ReminderLevel.NOTICE,
                                  f"{len(old)}笔捐款（合计 {format_yuan(total)} 元）"
                                  f"收取已超过{REMIT_WITHIN_DAYS}天，尚未上缴工委", PAGE))
    if settings.get(session, REQUIRE_CONFIRMATION):
        pending = unconfirmed(session)
        if pending:
            found.append(Reminder(ReminderLevel.NOTICE,
                                  f"{len(pending)}笔互助金账目待另一人复核", PAGE))
    return found
