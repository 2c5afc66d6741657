"""Migration 0009 on a database made by the previous release (its demo): the history is
derived from what it holds, what cannot be derived is reported, and nothing official moves."""

import datetime as dt
import json
import lzma
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.meetings.detail import get_meeting_details
from app.meetings.snapshots import version_detail
from app.members.history import history_report
from app.members.reminders import member_reminders
from app.members.standing import roster_on
from db.database import Database
from db.migrate import BRANCH
from db.models import CommitteePost, Meeting, Member

OLD = Path(__file__).parent / "data" / "previous_release_demo.db.xz"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def old_figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The previous release's database, and each finalised record as it printed then."""
    path = tmp_path_factory.mktemp("old") / "branch.db"
    path.write_bytes(lzma.decompress(OLD.read_bytes()))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0006_elections",)]
        latest = {}
        for meeting_id, snapshot in conn.execute(
                "SELECT meeting_id, snapshot FROM meeting_version ORDER BY number"):
            latest[meeting_id] = json.loads(snapshot)
    return path, latest


@pytest.fixture(scope="module")
def migrated(old_figures: tuple[Path, dict[str, dict]]) -> Database:
    database = Database.open(old_figures[0], lock=False)
    yield database
    database.close()


def test_the_old_demo_is_upgraded_after_a_backup(migrated: Database) -> None:
    assert BRANCH.current_heads(migrated.engine) == BRANCH.target_heads()
    assert list(migrated.path.parent.glob("backups/*before-migration-0006_elections.db"))


def test_finalised_records_read_and_print_as_before(
        migrated: Database, old_figures: tuple[Path, dict[str, dict]]) -> None:
    """Frozen at 定稿: every finalised record keeps the figures it had."""
    latest = old_figures[1]
    with migrated.session() as session:
        details = get_meeting_details(session, list(latest))
        for detail in details:
            old = latest[detail.id]
            assert (detail.expected, detail.present, detail.voters_expected,
                    detail.committee_present) == (old["expected"], old["present"],
                                                  old["voters_expected"],
                                                  old["committee_present"])
            assert [a.vote.result if a.vote else None for a in detail.agenda] == [
                a["vote"]["result"] if a["vote"] else None for a in old["agenda"]]
        first = details[0]
        assert version_detail(session, first.id, 1).expected == first.expected


def test_committee_history_comes_from_the_elections_and_the_profile(migrated: Database) -> None:
    """委员 history: each finalised 换届 election until the next; the profile's committee
    from its term start."""
    with migrated.session() as session:
        posts = list(session.scalars(select(CommitteePost).order_by(CommitteePost.start)))
        starts = sorted({p.start for p in posts})
        assert starts == [dt.date(2019, 3, 15), dt.date(2022, 3, 15), dt.date(2025, 3, 15)]
        assert all(p.member_id for p in posts)
        current = [p for p in posts if p.end is None]
        assert {p.post for p in current} == {"书记", "副书记", "组织委员", "宣传委员", "纪检委员"}
        in_2020 = [s for s in roster_on(session, dt.date(2020, 6, 1)) if s.committee]
        elected_2019 = {p.member_id for p in posts if p.start == dt.date(2019, 3, 15)}
        assert {s.member_id for s in in_2020} == elected_2019


def test_what_could_not_be_derived_is_reported(migrated: Database) -> None:
    """The report names what the old data cannot tell (here: 委员 before the first recorded
    election) and the 首页 reminds of it."""
    with migrated.session() as session:
        report = history_report(session)
        assert any("2019年03月15日以前的支部委员无记录" in line for line in report)
        reminders = [r.text for r in member_reminders(session, TODAY)]
        assert any("升级" in text and "未能自动推出" in text for text in reminders)


def test_approvals_and_categories_are_derived(migrated: Database) -> None:
    """转正 approval from the finalised meeting that passed it; each attendance row's
    category on the meeting date."""
    with migrated.session() as session:
        approved = list(session.scalars(select(Member).where(
            Member.full_approved_on.is_not(None))))
        assert approved and all(m.full_approved_on >= m.full_date for m in approved)
        drafts = list(session.scalars(select(Meeting.id).where(Meeting.status == "草稿")))
        for detail in get_meeting_details(session, drafts):
            assert not detail.frozen and all(a.category for a in detail.attendees)
