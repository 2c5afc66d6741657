"""首页 reminders for dues: arrears, members not yet assessed, sums still to pass up."""

import datetime as dt

from sqlalchemy.orm import Session

from app.dues.arrears import arrears
from app.dues.ledger import UNASSESSED, Ledger
from app.dues.months import Month
from app.dues.remittance import balance
from app.members.service import list_members
from app.reminders import Reminder, ReminderLevel

PAGE = "党费"


def _names(names: list[str]) -> str:
    return "、".join(names[:5]) + ("等" if len(names) > 5 else "")


def dues_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found = []
    for arrear in arrears(session, today):
        text = arrear.text
        if arrear.flagged:
            text += "。已达党章第九条规定的六个月，请核实原因，必要时提交支部党员大会讨论"
        found.append(Reminder(arrear.level, text, PAGE))
    members = list_members(session, on=today)
    month = Month.of(today)
    ledger = Ledger(session, members, month, month, today)
    waiting = [m.name for m in members if ledger.cell(m.id, month).state == UNASSESSED]
    if waiting:
        found.append(Reminder(ReminderLevel.HINT,
                              f"{len(waiting)}名党员{today.year}年度党费尚未核定："
                              f"{_names(waiting)}", PAGE))
    last_year = balance(session, today.year - 1)
    if last_year.outstanding > 0:
        found.append(Reminder(ReminderLevel.HINT,
                              f"{today.year - 1}年度党费尚有{last_year.outstanding:.2f}元"
                              "未上缴上级党组织", PAGE))
    return found
