"""Members with a 核定 for the dues tests."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app.dues.assessment import AssessmentInput, save_assessment
from app.idcard import check_character
from app.members.service import MemberInput, add_member
from db.models import Member

TODAY = dt.date(2026, 11, 25)
_seq = iter(range(11, 999, 2))


def make_member(session: Session, name: str = "张伟", *, join: dt.date = dt.date(2000, 7, 1),
                probationary: bool = False, employment: str = "在职") -> Member:
    first17 = f"320102{1970}0101{next(_seq):03d}"
    data = MemberInput(
        name=name, id_number=first17 + check_character(first17),
        category="预备党员" if probationary else "正式党员", join_date=join,
        full_date=None if probationary else join.replace(year=join.year + 1),
        employment=employment,
    )
    member, _warnings = add_member(session, data, today=TODAY)
    return member


def assess(session: Session, member: Member, years: range | list[int], base: str = "5100",
           category: str = "在职", start_month: int = 1) -> None:
    for year in years:
        save_assessment(session, AssessmentInput(member.id, year, category, base=Decimal(base),
                                                 start_month=start_month),
                        today=dt.date(year, 1, 10))
