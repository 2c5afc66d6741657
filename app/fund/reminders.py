"""首页 reminders of the fund: applications waiting for a step, donations not passed up,
entries waiting for the second person's check."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app import settings
from app.fund import applications as apps
from app.fund.donations import unremitted
from app.fund.ledger import unconfirmed
from app.fund.settings import CITY_FUND, REQUIRE_CONFIRMATION, mode
from app.reminders import Reminder
from base.money import format_yuan

PAGE = "互助金"
#: Donations kept longer than this should have gone up to the city fund.
REMIT_WITHIN_DAYS = 90
WAITING = {
    apps.REGISTERED: ("注意", "待支委会审核"),
    apps.REVIEWED: ("注意", "已审核、待上报工委"),
    apps.AWAITING_HIGHER: ("提醒", "待上级审批"),
    apps.FUNDED: ("警告", "补助已到账、待发放签收"),
}


def _waiting(application: apps.AidApplication) -> tuple[str, str] | None:
    if application.status == apps.APPROVED:
        return (("提醒", "工委已批准、待登记补助到账") if application.fund_mode == CITY_FUND
                else ("警告", "已批准、待发放签收"))
    return WAITING.get(application.status)


def fund_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    waiting: dict[tuple[str, str], list[str]] = {}
    for application in apps.list_applications(session):
        what = _waiting(application)
        if what is not None:
            waiting.setdefault(what, []).append(application.applicant_name)
    for (level, text), names in waiting.items():
        found.append(Reminder(level, f"{len(names)}份补助申请{text}：" + "、".join(names[:5])
                              + ("等" if len(names) > 5 else ""), PAGE))
    if mode(session) == CITY_FUND:
        old = [d for d in unremitted(session)
               if (today - d.date).days > REMIT_WITHIN_DAYS]
        if old:
            total = sum((d.amount for d in old), Decimal("0.00"))
            found.append(Reminder("注意", f"{len(old)}笔捐款（合计 {format_yuan(total)} 元）"
                                  f"收取已超过{REMIT_WITHIN_DAYS}天，尚未上缴工委", PAGE))
    if settings.get(session, REQUIRE_CONFIRMATION):
        pending = unconfirmed(session)
        if pending:
            found.append(Reminder("注意", f"{len(pending)}笔互助金账目待另一人复核", PAGE))
    return found
