"""The city's typed store and kept figures follow every package: what an incremental package
changes is computed again at import, for the years it bears on, and the report stays what the
branch's rules give on the city's copy."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from app.city.importer import import_packages
from app.city.report import year_report
from app.city.store import ready_store
from app.city.summaries import stale, years_of
from app.sync.export import export_package
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityRecord, CitySummary
from db.database import Database
from db.models import (
    CommitteePost,
    DuesPayment,
    Meeting,
    Member,
    MemberStatusPeriod,
    Recruit,
    RecruitStep,
    ServiceParticipant,
    ServiceWish,
    Visit,
)
from tests.sync.conftest import always, connect
from tests.sync.helpers import reference_report, report_json


def _first(session, model, column, year: int):  # type: ignore[no-untyped-def]
    return session.scalars(select(model).where(
        model.deleted_at.is_(None), column.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .order_by(model.id)).first()


def test_figures_follow_an_incremental_package(demo_database: Database, city: CityDatabase,
                                               tmp_path: Path) -> None:
    connect(demo_database, city)
    first = export_package(demo_database, tmp_path / "one", full=True)
    (imported,) = import_packages(city, [first.path], confirm_key=always)
    with city.session() as session:
        code = imported.branch_code
        kept = set(session.scalars(select(CitySummary.year)))
        store = ready_store(session, code)
        with store.session() as reading:
            assert kept == set(years_of(reading))  # every year, computed at import
        store.close()
    with demo_database.session() as session:
        _first(session, Meeting, Meeting.date, 2024).date = dt.date(2025, 3, 15)  # moves year
        _first(session, DuesPayment, DuesPayment.paid_on, 2023).amount += Decimal("1.00")
        _first(session, Visit, Visit.date, 2022).source = "测试来源"
        member = session.scalars(select(Member).order_by(Member.id)).first()
        member.gender = "女" if member.gender == "男" else "男"
    second = export_package(demo_database, tmp_path / "two")

    (result,) = import_packages(city, [second.path])

    today = dt.date.today()
    assert result.ok and result.outcomes["updated"] >= 4
    with city.session() as session:
        assert session.get(CityBranch, code).record_count == session.scalar(
            select(func.count()).select_from(CityRecord).where(CityRecord.deleted.is_(False)))
        for year in range(2021, today.year):
            assert not stale(session, year, today)  # computed again at import, not on reading
            assert report_json(year_report(session, year, today)) == report_json(
                reference_report(session, year, today)), year


def _wish_and_participant(session) -> None:  # type: ignore[no-untyped-def]
    wish = session.scalars(select(ServiceWish).where(ServiceWish.deleted_at.is_(None))
                           .order_by(ServiceWish.id)).first()
    wish.claimed_on = wish.claimed_on.replace(year=wish.claimed_on.year - 2)
    wish.status, wish.done_on = "完成", wish.claimed_on.replace(year=wish.claimed_on.year + 1)
    participant = session.scalars(select(ServiceParticipant).order_by(ServiceParticipant.id))
    participant.first().minutes += 90


def _deciding_meeting(session) -> None:  # type: ignore[no-untyped-def]
    deciding = session.scalars(select(Meeting).join(
        RecruitStep, RecruitStep.meeting_id == Meeting.id).where(
        RecruitStep.deleted_at.is_(None), Meeting.deleted_at.is_(None))
        .order_by(Meeting.date)).first()
    deciding.deleted_at = dt.datetime.now(dt.UTC)  # the step keeps no day of its own then


def _member_of_a_track(session) -> None:  # type: ignore[no-untyped-def]
    became = session.scalars(select(Member).join(Recruit, Recruit.member_id == Member.id)
                             .where(Member.full_date.is_not(None))).first()
    became.full_date = became.full_date.replace(year=became.full_date.year + 1)


def _step_day(session) -> None:  # type: ignore[no-untyped-def]
    step = session.scalars(select(RecruitStep).where(
        RecruitStep.deleted_at.is_(None), RecruitStep.meeting_id.is_(None),
        RecruitStep.date.is_not(None), RecruitStep.step == "application")
        .order_by(RecruitStep.date.desc())).first()
    step.date = step.date.replace(year=step.date.year - 2, day=1)


def _period_and_post(session) -> None:  # type: ignore[no-untyped-def]
    for model in (MemberStatusPeriod, CommitteePost):
        row = session.scalars(select(model).where(model.start.is_not(None))
                              .order_by(model.start)).first()
        row.start = row.start.replace(year=row.start.year - 2)


def test_figures_follow_changes_that_bear_through_other_records(
        demo_database: Database, city: CityDatabase, tmp_path: Path) -> None:
    """A 双报到 wish and a participant bear on the years of their dates; a meeting that
    decides a 发展党员 step on every year's 发展党员 counts; a member (one a track became) on
    every year's member statistics; a 发展党员 step, a status period and a 委员 post on the
    years from their day."""
    connect(demo_database, city)
    first = export_package(demo_database, tmp_path / "one", full=True)
    import_packages(city, [first.path], confirm_key=always)
    today = dt.date.today()
    for number, change in enumerate((_wish_and_participant, _deciding_meeting,
                                     _member_of_a_track, _step_day, _period_and_post),
                                    start=2):
        with demo_database.session() as session:
            change(session)
        (result,) = import_packages(city, [export_package(demo_database,
                                                          tmp_path / str(number)).path])
        assert result.ok and result.outcomes["updated"] >= 1, change.__name__
        with city.session() as session:
            years = set(session.scalars(select(CitySummary.year)))
            assert len(years) >= 8
            for year in sorted(years):
                assert not stale(session, year, today)
                assert report_json(year_report(session, year, today)) == report_json(
                    reference_report(session, year, today)), (change.__name__, year)
