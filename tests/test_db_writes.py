"""watch_writes: the tables a session wrote to, from flushed objects and from statements."""

from sqlalchemy import select, update

from db.database import Database
from db.models import BranchProfile, Setting
from db.writes import watch_writes


def test_flushed_objects_and_statements_name_their_tables(database: Database) -> None:
    with database.session() as session:
        tables = watch_writes(session)
        session.scalars(select(Setting)).all()
        session.flush()
        assert tables == set()  # reading writes nothing
        session.add(Setting(key="a.b", value=1))
        session.flush()
        assert tables == {"setting"}
        tables.clear()
        session.execute(update(Setting).where(Setting.key == "a.b").values(value=2))
        assert tables == {"setting"}
        session.add(BranchProfile(name="测试支部", code="TEST-01"))
        session.flush()
        assert tables == {"setting", "branch_profile", "audit_log"}


def test_a_session_not_watched_collects_nothing(database: Database) -> None:
    with database.session() as session:
        session.add(Setting(key="x", value=1))
    with database.session() as session:
        tables = watch_writes(session)
    assert tables == set()
