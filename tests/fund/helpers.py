"""Members, settings and a 支委会 with a 议题 for the fund and visit tests."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app import settings
from app.fund.settings import MODE
from app.idcard import check_character
from app.meetings.service import AgendaInput, MeetingInput, save_meeting
from app.meetings.types import MeetingType
from app.members.service import MemberInput, add_member
from db.models import AgendaItem, Member

TODAY = dt.date(2026, 11, 25)


def yuan(text: str) -> Decimal:
    return Decimal(text)


def make_member(session: Session, name: str = "张伟", birth: str = "19600101", seq: int = 11,
                join: dt.date = dt.date(1985, 7, 1), full: dt.date | None = dt.date(1986, 7, 1),
                **extra: object) -> Member:
    first17 = f"320102{birth}{seq:03d}"
    data = MemberInput(name=name, id_number=first17 + check_character(first17),
                       category="正式党员" if full else "预备党员", join_date=join,
                       full_date=full)
    for key, value in extra.items():
        setattr(data, key, value)
    member, _warnings = add_member(session, data, today=TODAY)
    return member


def committee_item(session: Session, day: dt.date, title: str = "审议党员困难补助申请"
                   ) -> tuple[str, str]:
    """A 支委会 on `day` with one 议题; returns (meeting id, 议题 id)."""
    meeting = save_meeting(session, MeetingInput(
        types=[MeetingType.COMMITTEE], date=day, title="支委会", agenda=[AgendaInput(title)]),
        today=TODAY)
    session.flush()
    item = next(a for a in session.query(AgendaItem).filter_by(meeting_id=meeting.id))
    return meeting.id, item.id


def branch_fund(session: Session) -> None:
    settings.put(session, MODE, "支部基金")
    session.flush()
