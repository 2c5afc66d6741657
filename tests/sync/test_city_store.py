"""The city's typed store and kept figures follow every package: what an incremental package
changes is computed again at import, for the years it bears on, and the report stays what the
branch's rules give on the city's copy."""

import copy
import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from app.city.importer import import_packages
from app.city.report import year_report
from app.city.store import ready_store
from app.city.summaries import (
    ALL_SECTIONS,
    EVERY_YEAR,
    UNTRACED,
    WHOLE,
    WHOLE_TABLES,
    branch_year,
    stale,
    touched,
    traces,
    years_of,
)
from app.meetings.types import AttendanceStatus, MeetingType
from app.sync.export import export_package
from db.base import Base
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityRecord, CitySummary
from db.database import Database
from db.models import (
    CommitteePost,
    DuesPayment,
    Meeting,
    MeetingTypeLink,
    MeetingVersion,
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


def _deciding_version(session) -> MeetingVersion:  # type: ignore[no-untyped-def]
    """The latest stored version of a live finalised meeting that decides a step."""
    return session.scalars(select(MeetingVersion).join(
        RecruitStep, RecruitStep.meeting_id == MeetingVersion.meeting_id).join(
        Meeting, Meeting.id == MeetingVersion.meeting_id).where(
        RecruitStep.deleted_at.is_(None), Meeting.deleted_at.is_(None),
        MeetingVersion.deleted_at.is_(None))
        .order_by(Meeting.date.desc(), MeetingVersion.number.desc())).first()


def _deciding_meeting_amended(session) -> None:  # type: ignore[no-untyped-def]
    """A new stored version of a finalised deciding meeting, a year earlier: only the
    version changes, and the step's day (the 发展党员 counts) follows it."""
    latest = _deciding_version(session)
    snapshot = copy.deepcopy(latest.snapshot)
    detail = snapshot.get("detail", snapshot)
    day = dt.date.fromisoformat(detail["date"])
    detail["date"] = day.replace(year=day.year - 1, day=min(day.day, 28)).isoformat()
    session.add(MeetingVersion(meeting_id=latest.meeting_id, number=latest.number + 1,
                               reason="更正日期", actor="测试", snapshot=snapshot))


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


def _review_of(session, year: int) -> Meeting:  # type: ignore[no-untyped-def]
    return session.scalars(select(Meeting).join(
        MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id).where(
        MeetingTypeLink.type == MeetingType.LIFE, Meeting.deleted_at.is_(None),
        Meeting.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))).one()


def _late_review(session) -> None:  # type: ignore[no-untyped-def]
    """2022's 组织生活会 held in February 2023, for 2022."""
    review = _review_of(session, 2022)
    review.date, review.counts_for_year = dt.date(2023, 2, 10), 2022


def _late_review_for_its_own_year(session) -> None:  # type: ignore[no-untyped-def]
    """Its 所属年度 alone changes: it counts for 2023, and 2022 has none."""
    late = session.scalars(select(Meeting).where(Meeting.counts_for_year == 2022)).one()
    late.counts_for_year = None


def _committee_without_quorum(session) -> None:  # type: ignore[no-untyped-def]
    """Only the attendance changes: the 委员 of a 支委会 of 2023, alone in its month, are
    marked absent, so the month's 支委会 was held without a quorum."""
    committees = session.scalars(select(Meeting).join(
        MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id).where(
        MeetingTypeLink.type == MeetingType.COMMITTEE, Meeting.deleted_at.is_(None),
        Meeting.date.between(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
        .order_by(Meeting.date)).all()
    months = Counter(m.date.month for m in committees)
    alone = next(m for m in committees if months[m.date.month] == 1)
    present = [a for a in alone.attendance if a.committee and a.deleted_at is None
               and a.status == AttendanceStatus.PRESENT]
    assert present
    for row in present:
        row.status = AttendanceStatus.ABSENT


def test_figures_follow_changes_that_bear_through_other_records(
        demo_database: Database, city: CityDatabase, tmp_path: Path) -> None:
    """A 双报到 wish and a participant bear on the years of their dates; a 组织生活会 held
    by March also on the year it is for (its 所属年度 alone may change); a 支委会's
    attendance on its year (the quorum); the 发展党员 counts (a deciding meeting or a new
    version of one, a step's day, a member a track became) and the member statistics are
    computed for every year; a status period and a 委员 post bear on no figure."""
    connect(demo_database, city)
    first = export_package(demo_database, tmp_path / "one", full=True)
    import_packages(city, [first.path], confirm_key=always)
    today = dt.date.today()
    for number, change in enumerate((_wish_and_participant, _deciding_meeting_amended,
                                     _deciding_meeting, _member_of_a_track, _step_day,
                                     _period_and_post, _late_review, _late_review_for_its_own_year,
                                     _committee_without_quorum), start=2):
        with demo_database.session() as session:
            change(session)
        (result,) = import_packages(city, [export_package(demo_database,
                                                          tmp_path / str(number)).path])
        assert result.ok and result.outcomes["updated"] + result.outcomes["new"] >= 1, \
            change.__name__
        with city.session() as session:
            years = set(session.scalars(select(CitySummary.year)))
            assert len(years) >= 8
            for year in sorted(years):
                assert not stale(session, year, today)
                assert report_json(year_report(session, year, today)) == report_json(
                    reference_report(session, year, today)), (change.__name__, year)


def _tables_read(database: Database, section: str, year: int) -> set[str]:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.session() as session:
            branch_year(session, year, dt.date(year + 1, 2, 1), {section})
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    return {name for text in statements
            for name in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)', text)}


def test_each_yearly_section_reads_only_tables_whose_changes_are_traced(
        demo_database: Database) -> None:
    """A section computed again only for the years a change bears on (`touched`) reads
    exactly the tables whose changes are traced to its years: a rule that reads a new table
    needs its trace (and one no longer read, none). The `WHOLE` sections, computed for
    every year, read exactly the tables whose changes call for them (`WHOLE_TABLES`)."""
    traced: dict[str, set[str]] = {section: set() for section in ALL_SECTIONS}
    for table in Base.metadata.tables:
        for section in (*traces().get(table, UNTRACED).sections,
                        *EVERY_YEAR.get(table, ())):
            traced[section].add(table)
    for section in set(ALL_SECTIONS) - WHOLE:
        read = _tables_read(demo_database, section, 2025)
        assert read == traced[section], (section, read ^ traced[section])
    for section in WHOLE:
        read = _tables_read(demo_database, section, 2025)
        assert read == set(WHOLE_TABLES[section]), (section, read ^ set(WHOLE_TABLES[section]))


def test_whole_sections_are_computed_again_only_when_their_tables_change(
        demo_database: Database) -> None:
    """The 发展党员 counts follow a track, its steps and the meetings deciding them (or their
    versions), not other meetings; the member statistics follow members and transfers."""
    def whole(table: str, model: Any, *where: Any) -> set[str]:
        with demo_database.session() as session:
            rows = session.scalars(select(model).where(*where).limit(3)).all()
            records = [{"id": row.id, **({"meeting_id": row.meeting_id}
                                         if table == "meeting_version" else {})}
                       for row in rows]
            assert records, table
            return touched(session, {table: records}).every & WHOLE

    deciding = select(RecruitStep.meeting_id).where(RecruitStep.meeting_id.is_not(None))
    assert whole("meeting", Meeting, Meeting.id.in_(deciding)) == {"recruits"}
    assert whole("meeting", Meeting, Meeting.id.not_in(deciding)) == set()
    assert whole("meeting_version", MeetingVersion,
                 MeetingVersion.meeting_id.in_(deciding)) == {"recruits"}
    assert whole("meeting_version", MeetingVersion,
                 MeetingVersion.meeting_id.not_in(deciding)) == set()
    assert whole("recruit_step", RecruitStep) == {"recruits"}
    assert whole("member", Member) == {"members"}
    assert whole("dues_payment", DuesPayment) == set()
