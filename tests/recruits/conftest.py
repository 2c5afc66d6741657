"""A branch (tests.meetings.conftest) and a helper that walks one person along the track."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from app.idcard import check_character
from app.meetings.service import AgendaInput, MeetingInput, OpinionInput, save_meeting
from app.recruits.service import RecruitInput, StepInput, add_recruit, record_step
from app.recruits.steps import STEP_LIST
from db.models import Meeting, Recruit
from tests.meetings.conftest import Branch, attendance, make_branch

TODAY = dt.date(2026, 11, 25)

#: A track done by the book, step by step (the meeting steps take the meeting's date).
DATES = {
    "application": dt.date(2024, 3, 1), "talk": dt.date(2024, 3, 20),
    "activist": dt.date(2024, 4, 10), "activist_filed": dt.date(2024, 4, 20),
    "contacts": dt.date(2024, 4, 10), "review": dt.date(2024, 10, 8),
    "candidate": dt.date(2025, 4, 15), "candidate_filed": dt.date(2025, 4, 20),
    "introducers": dt.date(2025, 4, 20), "vetting": dt.date(2025, 5, 10),
    "training": dt.date(2025, 5, 12), "committee_review": dt.date(2025, 5, 20),
    "pre_review": dt.date(2025, 5, 28), "pledge": dt.date(2025, 6, 5),
    "admission_vote": dt.date(2025, 6, 18), "upper_talk": dt.date(2025, 6, 25),
    "approval": dt.date(2025, 7, 10), "approval_filed": dt.date(2025, 7, 20),
    "placed": dt.date(2025, 7, 12), "oath": dt.date(2025, 7, 15),
    "probation_review": dt.date(2025, 12, 20), "full_application": dt.date(2026, 6, 1),
    "full_vote": dt.date(2026, 6, 18), "full_approval": dt.date(2026, 7, 15),
    "archive": dt.date(2026, 7, 25),
}

SECOND_REVIEW = dt.date(2025, 4, 1)


def person_id(index: int, born: str = "19990101") -> str:
    first17 = f"320102{born}{index:03d}"
    return first17 + check_character(first17)


@dataclass
class Walker:
    """Records the steps of one person with their meetings, as a secretary would."""

    session: Session
    branch: Branch
    recruit: Recruit
    dates: dict[str, dt.date] = field(default_factory=lambda: dict(DATES))
    votes: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    opinions: dict[str, list[OpinionInput]] = field(default_factory=dict)
    absent: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def committee(self, day: dt.date, title: str) -> Meeting:
        return save_meeting(self.session, MeetingInput(
            types=["支部委员会"], date=day, chair_name="赵一", recorder_name="孙三",
            attendance=attendance(self.branch.committee),
            agenda=[AgendaInput(title)]), today=TODAY)

    def general(self, code: str, day: dt.date, title: str) -> Meeting:
        people = self.branch.everyone_on(day)
        if self.recruit.member is not None and self.recruit.member not in people:
            people.append(self.recruit.member)
        voters = len([m for m in people if m.full_date and m.membership_status == "正常"])
        yes, no, abstain = self.votes.get(code, (voters - 2, 0, 0))
        return save_meeting(self.session, MeetingInput(
            types=["支部党员大会"], date=day, chair_name="赵一", recorder_name="孙三",
            attendance=attendance(people, self.absent.get(code)),
            agenda=[AgendaInput(title, kind="表决", votes_yes=yes, votes_no=no,
                                votes_abstain=abstain,
                                subject_member_id=self.recruit.member_id,
                                opinions=self.opinions.get(code, []))]), today=TODAY)

    def step(self, code: str, **values: object) -> None:
        day = self.dates[code]
        data = StepInput(code, date=day)
        name = self.recruit.name
        if code in ("activist", "candidate", "committee_review"):
            meeting = self.committee(day, f"讨论{name}的{code}")
            data = StepInput(code, meeting_id=meeting.id)
        elif code == "admission_vote":
            meeting = self.general(code, day, f"讨论接收{name}为预备党员")
            data = StepInput(code, meeting_id=meeting.id, agenda_item_id=meeting.agenda[0].id)
        elif code == "full_vote":
            meeting = self.general(code, day, f"讨论预备党员{name}转正")
            data = StepInput(code, meeting_id=meeting.id, agenda_item_id=meeting.agenda[0].id)
        elif code == "contacts":
            data.people = [self.branch.full[0].id]
        elif code == "introducers":
            data.people = [self.branch.full[1].id, self.branch.full[2].id]
        elif code == "training":
            data.until = day + dt.timedelta(days=2)
        for key, value in values.items():
            setattr(data, key, value)
        record_step(self.session, self.recruit.id, data, today=TODAY)

    def walk_to(self, last: str) -> None:
        """Every step after the application up to and including `last`."""
        for spec in STEP_LIST[1:]:
            self.step(spec.code)
            if spec.code == "review":  # every half year until 确定发展对象
                self.step("review", date=SECOND_REVIEW)
            if spec.code == last:
                return


@pytest.fixture
def branch(session: Session) -> Branch:
    return make_branch(session)


@pytest.fixture
def walker(session: Session, branch: Branch) -> Walker:
    recruit = add_recruit(session, RecruitInput("林新苗", person_id(1), DATES["application"]),
                          today=TODAY)
    return Walker(session, branch, recruit)
