"""谈心谈话 coverage: every pair of 支委, and every 党员 with some 支委, each year."""

import datetime as dt
from itertools import combinations

from sqlalchemy.orm import Session

from app.meetings.reminders import meeting_reminders
from app.meetings.service import AttendanceInput, MeetingInput, save_meeting
from app.meetings.talks import talk_gaps
from db.models import Member
from tests.meetings.conftest import Branch

TODAY = dt.date(2026, 11, 25)


def talk(session: Session, day: dt.date, present: list[Member],
         away: tuple[Member, ...] = ()) -> None:
    people = [AttendanceInput(m.id, "出席", "") for m in present]
    people += [AttendanceInput(m.id, "请假", "出差") for m in away]
    save_meeting(session, MeetingInput(types=["谈心谈话"], date=day, place="书记办公室",
                                       attendance=people), today=TODAY)


def test_without_talks_every_pair_and_member_is_missing(session: Session, branch: Branch
                                                        ) -> None:
    gaps = talk_gaps(session, 2026, TODAY)
    assert len(gaps.committee_pairs) == 10  # 5 支委
    others = [m.name for m in branch.everyone_on(TODAY) if m not in branch.committee]
    assert sorted(gaps.members) == sorted(others)


def test_a_talk_covers_the_people_present_only(session: Session, branch: Branch) -> None:
    secretary, deputy = branch.committee[0], branch.committee[1]
    member, absent = branch.full[6], branch.full[7]
    talk(session, dt.date(2026, 3, 5), [secretary, member], away=(absent,))
    talk(session, dt.date(2026, 4, 5), [secretary, deputy])
    gaps = talk_gaps(session, 2026, TODAY)
    assert (secretary.name, deputy.name) not in gaps.committee_pairs
    assert len(gaps.committee_pairs) == 9
    assert member.name not in gaps.members
    assert absent.name in gaps.members


def talk_in_pairs(session: Session, day: dt.date, people: list[Member]) -> None:
    for first, second in combinations(people, 2):
        talk(session, day, [first, second])


def test_talks_of_another_year_do_not_count(session: Session, branch: Branch) -> None:
    talk_in_pairs(session, dt.date(2025, 12, 30), branch.committee)
    assert len(talk_gaps(session, 2026, TODAY).committee_pairs) == 10
    assert talk_gaps(session, 2025, TODAY).committee_pairs == []


def test_gaps_are_reminded_from_the_fourth_quarter(session: Session, branch: Branch) -> None:
    talk_in_pairs(session, dt.date(2026, 2, 1), branch.committee)
    reminded = [r.text for r in meeting_reminders(session, TODAY)]
    assert any("名党员未与支委谈心谈话" in text for text in reminded)
    assert not any("支委之间" in text for text in reminded)
    september = [r.text for r in meeting_reminders(session, dt.date(2026, 9, 30))]
    assert not any("谈心谈话：" in text or "未与支委谈心谈话" in text for text in september)


def test_a_group_talk_counts_for_the_talker_with_each_person_and_is_flagged(
        session: Session, branch: Branch) -> None:
    """谈心谈话 is one to one (支部工作条例: 支委之间、支委和党员之间每年至少谈心谈话一次):
    a record with several people present counts for its talker (the 主持人) with each of
    the others, not for every pair among them, and is flagged."""
    secretary, *others = branch.committee
    save_meeting(session, MeetingInput(
        types=["谈心谈话"], date=dt.date(2026, 3, 5), chair_name=others[0].name,
        attendance=[AttendanceInput(m.id, "出席", "") for m in branch.committee]), today=TODAY)
    gaps = talk_gaps(session, 2026, TODAY)
    # The talker (钱二, the 主持人) with the other four: 4 of the 10 pairs; not 10.
    assert len(gaps.committee_pairs) == 6
    assert all(others[0].name not in pair for pair in gaps.committee_pairs)
    assert {secretary.name, others[1].name} in [set(pair) for pair in gaps.committee_pairs]
    assert any("5人出席" in text and "按钱二与其余4人各谈一次计" in text for text in gaps.texts())
