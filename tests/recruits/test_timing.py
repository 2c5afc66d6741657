"""Each timing rule of the 细则 at its edge and one day past it, done and not yet done."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.recruits.checks import AGE, TOO_EARLY, TOO_LATE, TRAINING, check_tracks
from app.recruits.service import RecruitInput, add_recruit
from app.recruits.timing import (
    AGE_RULE,
    APPROVAL_RULE,
    CANDIDATE_RULE,
    FULL_APPROVAL_RULE,
    FULL_VOTE_RULE,
    REVIEW_RULE,
    TALK_RULE,
)
from app.recruits.track import load_track
from base.errors import ValidationError
from db.models import RecruitStep
from tests.recruits.conftest import DATES, SECOND_REVIEW, TODAY, Walker, person_id

DAY = dt.timedelta(days=1)


def kinds(session: Session, today: dt.date = TODAY) -> set[tuple[str, str]]:
    return {(v.kind, v.rule) for v in check_tracks(session, today)}


@pytest.mark.parametrize(("talk", "late"), [(dt.date(2024, 4, 1), False),
                                            (dt.date(2024, 4, 2), True)])
def test_talk_within_a_month_of_the_application(
        session: Session, walker: Walker, talk: dt.date, late: bool) -> None:
    walker.step("talk", date=talk)  # application 2024-03-01: the last day is 2024-04-01
    assert ((TOO_LATE, TALK_RULE) in kinds(session)) is late


@pytest.mark.parametrize(("today", "late"), [(dt.date(2024, 4, 1), False),
                                             (dt.date(2024, 4, 2), True)])
def test_a_talk_not_held_is_late_the_day_after_the_month(
        session: Session, walker: Walker, today: dt.date, late: bool) -> None:
    assert ((TOO_LATE, TALK_RULE) in kinds(session, today)) is late
    track = load_track(session, walker.recruit.id)
    assert (track.next_step().code, track.next_step().latest) == ("talk", dt.date(2024, 4, 1))


#: A step's time limit: what a date past it is found as, the last good date and the first bad
#: one, from the walker's dates.
LIMITS = {
    # a candidate a year after becoming an activist (2024-04-10)
    "candidate": ((TOO_EARLY, CANDIDATE_RULE), dt.date(2025, 4, 10), dt.date(2025, 4, 9)),
    # the upper level approves within three months of the vote (2025-06-18)
    "approval": ((TOO_LATE, APPROVAL_RULE), dt.date(2025, 9, 18), dt.date(2025, 9, 19)),
    # 转正 is discussed when the probation ends (admitted 2025-06-18)
    "full_vote": ((TOO_EARLY, FULL_VOTE_RULE), dt.date(2026, 6, 18), dt.date(2026, 6, 17)),
    # and approved within three months of that vote (2026-06-18)
    "full_approval": ((TOO_LATE, FULL_APPROVAL_RULE), dt.date(2026, 9, 18),
                      dt.date(2026, 9, 19)),
}


@pytest.mark.parametrize("past", [False, True], ids=["at-the-limit", "a-day-past"])
@pytest.mark.parametrize("step", LIMITS)
def test_a_step_at_its_time_limit_and_a_day_past_it(
        session: Session, walker: Walker, step: str, past: bool) -> None:
    finding, last_good, first_bad = LIMITS[step]
    walker.dates[step] = first_bad if past else last_good
    walker.walk_to(step)
    assert (finding in kinds(session)) is past


@pytest.mark.parametrize(("second", "late"), [(dt.date(2025, 4, 8), False),
                                              (dt.date(2025, 4, 9), True)])
def test_an_activist_is_reviewed_every_half_year(
        session: Session, walker: Walker, second: dt.date, late: bool) -> None:
    walker.walk_to("contacts")
    walker.step("review")  # 2024-10-08: the next one by 2025-04-08
    walker.step("review", date=second)
    assert ((TOO_LATE, REVIEW_RULE) in kinds(session, dt.date(2025, 4, 10))) is late


@pytest.mark.parametrize(("today", "late"), [(dt.date(2024, 10, 10), False),
                                             (dt.date(2024, 10, 11), True)])
def test_a_review_not_held_is_late_after_half_a_year(
        session: Session, walker: Walker, today: dt.date, late: bool) -> None:
    walker.walk_to("contacts")  # activist 2024-04-10, never reviewed
    assert ((TOO_LATE, REVIEW_RULE) in kinds(session, today)) is late
    assert load_track(session, walker.recruit.id).review_due().latest == dt.date(2024, 10, 10)


@pytest.mark.parametrize(("today", "late"), [(dt.date(2025, 9, 18), False),
                                             (dt.date(2025, 9, 19), True)])
def test_an_approval_not_given_is_late_after_three_months(
        session: Session, walker: Walker, today: dt.date, late: bool) -> None:
    walker.walk_to("upper_talk")
    assert ((TOO_LATE, APPROVAL_RULE) in kinds(session, today)) is late


@pytest.mark.parametrize(("until", "hours", "short"), [
    (dt.date(2025, 5, 14), None, False),  # three days
    (dt.date(2025, 5, 13), 24, False),  # two days, 24 学时
    (dt.date(2025, 5, 13), 23, True),
])
def test_training_of_three_days_or_24_hours(
        session: Session, walker: Walker, until: dt.date, hours: int | None, short: bool) -> None:
    walker.walk_to("vetting")
    walker.step("training", until=until, hours=hours)  # from 2025-05-12
    assert any(k == TRAINING for k, _r in kinds(session)) is short


def test_an_applicant_under_18_is_refused_and_found(session: Session, walker: Walker) -> None:
    born = person_id(2, "20080301")
    with pytest.raises(ValidationError, match="未满十八岁"):
        add_recruit(session, RecruitInput("少年", born, dt.date(2026, 2, 28)), today=TODAY)
    recruit = add_recruit(session, RecruitInput("少年", born, dt.date(2026, 3, 1)), today=TODAY)
    assert (AGE, AGE_RULE) not in kinds(session, dt.date(2026, 3, 1))
    row = next(s for s in recruit.steps if s.step == "application")
    row.date = dt.date(2026, 2, 28)  # as an older record or a package could hold it
    session.flush()
    assert (AGE, AGE_RULE) in kinds(session, dt.date(2026, 3, 1))


def test_a_missing_step_and_steps_out_of_order_are_found(
        session: Session, walker: Walker) -> None:
    walker.walk_to("contacts")
    walker.step("review")
    walker.step("review", date=SECOND_REVIEW)
    talk = next(s for s in walker.recruit.steps if s.step == "talk")
    talk.deleted_at = talk.created_at  # a step missing in an older record
    session.flush()
    found = check_tracks(session, dt.date(2025, 4, 2))
    assert any(v.kind == "缺少步骤" and "党组织派人谈话" in v.message for v in found)
    session.add(RecruitStep(recruit_id=walker.recruit.id, step="talk",
                            date=DATES["activist"] + DAY))
    session.flush()
    found = check_tracks(session, dt.date(2025, 4, 2))
    assert sorted(v.kind for v in found) == ["过晚", "顺序颠倒"]  # and past the month
