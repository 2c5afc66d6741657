"""民主评议党员: the grade set, the 1/3 warning for the top grade, and each member's history."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.meetings.settings import GRADES, TOP_GRADE_SHARE
from db.models import AppraisalGrade, Meeting


def grade_set(session: Session) -> list[str]:
    grades = settings.get(session, GRADES)
    return list(grades)


def grade_warnings(session: Session, grades: list[str]) -> list[str]:
    return top_grade_warnings(grade_set(session), grades)


def top_grade_warnings(choices: list[str], grades: list[str]) -> list[str]:
    """优秀 (the first grade) should normally go to at most a third of those graded."""
    if not grades or not choices:
        return []
    top = choices[0]
    count = grades.count(top)
    share_num, share_den = TOP_GRADE_SHARE
    if count * share_den > len(grades) * share_num:
        return [f"评为“{top}”的有{count}人，超过参评人数（{len(grades)}人）的"
                f"{share_num}/{share_den}，请核实"]
    return []


@dataclass(frozen=True)
class AppraisalRecord:
    year: int
    date: dt.date
    grade: str
    meeting_id: str


def member_appraisals(session: Session, member_id: str) -> list[AppraisalRecord]:
    """The yearly 民主评议 results of one member, newest first (for the member's history)."""
    rows = session.execute(
        select(Meeting.date, AppraisalGrade.grade, Meeting.id)
        .join(Meeting, Meeting.id == AppraisalGrade.meeting_id)
        .where(AppraisalGrade.member_id == member_id, AppraisalGrade.deleted_at.is_(None),
               Meeting.deleted_at.is_(None))
        .order_by(Meeting.date.desc())
    )
    return [AppraisalRecord(day.year, day, grade, meeting_id) for day, grade, meeting_id in rows]
