"""The 发展党员 counts of a year read only the days of the tracks' steps: `load_milestones`
gives the same counts as the full tracks, also when deciding meetings are gone, amended to
another day, drafts, or stored in the oldest snapshot format."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.snapshots import SNAPSHOT_VERSION
from app.meetings.types import RecordStatus
from app.recruits.track import load_tracks
from app.recruits.yearly import load_milestones, year_counts
from base.errors import UserError
from db.database import Database
from db.models import Meeting, MeetingVersion, Recruit, RecruitStep

YEARS = range(2012, 2029)


def _counts(session: Session, tracks: list) -> dict[int, dict[str, int]]:
    return {year: year_counts(tracks, year) for year in YEARS}


def _deciding(session: Session, status: str) -> list[Meeting]:
    return list(session.scalars(
        select(Meeting).join(RecruitStep, RecruitStep.meeting_id == Meeting.id)
        .where(RecruitStep.deleted_at.is_(None), Meeting.deleted_at.is_(None),
               Meeting.status == status).order_by(Meeting.date, Meeting.id).distinct()))


def _versions(session: Session, meeting: Meeting) -> list[MeetingVersion]:
    return list(session.scalars(select(MeetingVersion).where(
        MeetingVersion.meeting_id == meeting.id, MeetingVersion.deleted_at.is_(None))
        .order_by(MeetingVersion.number)))


def _snapshot_with_date(version: MeetingVersion, day: dt.date) -> dict:
    data = dict(version.snapshot)
    return {**data, "detail": {**data["detail"], "date": day.isoformat()}}


def _edge_cases(session: Session) -> None:
    """Deciding meetings amended to another day (with a later deleted version), deleted, made
    a draft, stored in format 0; a step without any day, one entered twice; a step and a
    track deleted."""
    finals = _deciding(session, RecordStatus.FINAL)
    assert len(finals) >= 5
    amended, deleted, draft, oldest = finals[0], finals[1], finals[2], finals[3]
    (*_, latest) = _versions(session, amended)
    latest.snapshot = _snapshot_with_date(latest, amended.date.replace(year=amended.date.year - 3))
    session.add(MeetingVersion(meeting_id=amended.id, number=latest.number + 1,
                               snapshot=_snapshot_with_date(latest, dt.date(2013, 1, 5)),
                               deleted_at=dt.datetime.now(dt.UTC)))
    deleted.deleted_at = dt.datetime.now(dt.UTC)
    draft.status = RecordStatus.DRAFT
    (*_, version) = _versions(session, oldest)
    version.snapshot = {**_snapshot_with_date(version, oldest.date.replace(
        year=oldest.date.year + 1))["detail"]}  # format 0: the fields at the top level
    own_days = session.scalars(select(RecruitStep).where(
        RecruitStep.deleted_at.is_(None), RecruitStep.meeting_id.is_(None),
        RecruitStep.date.is_not(None)).order_by(RecruitStep.date)).all()
    own_days[0].date = None
    own_days[1].deleted_at = dt.datetime.now(dt.UTC)
    twice = next(step for step in reversed(own_days) if step.step == "application")
    session.add(RecruitStep(recruit_id=twice.recruit_id, step="application",
                            date=twice.date.replace(year=twice.date.year - 2)))
    session.scalars(select(Recruit).where(Recruit.id != twice.recruit_id)
                    .order_by(Recruit.name)).first().deleted_at = dt.datetime.now(dt.UTC)


def test_the_light_tracks_count_as_the_full_ones(demo_database: Database) -> None:
    with demo_database.session() as session:
        before = _counts(session, load_tracks(session))
        assert _counts(session, load_milestones(session)) == before
        assert sum(before[2025].values()) > 0
        _edge_cases(session)
        session.flush()
        after = _counts(session, load_tracks(session))
        assert after != before  # the edge cases change what is counted
        assert _counts(session, load_milestones(session)) == after


def test_a_snapshot_of_a_newer_program_is_refused_alike(demo_database: Database) -> None:
    with demo_database.session() as session:
        (meeting, *_) = _deciding(session, RecordStatus.FINAL)
        (*_, latest) = _versions(session, meeting)
        latest.snapshot = {**latest.snapshot, "version": SNAPSHOT_VERSION + 1}
        session.flush()
        for load in (load_tracks, load_milestones):
            with pytest.raises(UserError, match="较新版本"):
                load(session)
