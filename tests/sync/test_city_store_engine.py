"""The branch stores' engines share one dialect and one cache of compiled statements
(`app.city.store.store_engine`): a statement compiled for one store serves every other, and
each store still reads and writes its own file, whatever its tables look like."""

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine.default import DefaultDialect

from app.city.store import COMPILED, BranchStore
from db.models import Meeting, Setting


def _settings(store: BranchStore, hits: list[Any]) -> dict[str, Any]:
    """The store's settings through the ORM; whether the statement came from the cache."""
    def seen(_conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any,
             _many: bool) -> None:
        hits.append(context.cache_hit)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.session() as session:
            return {s.key: s.value for s in session.scalars(
                select(Setting).where(Setting.key.like("t.%")).order_by(Setting.key))}
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def _put(store: BranchStore, **values: Any) -> None:
    with store.session() as session:
        session.add_all(Setting(key=f"t.{key}", value=value) for key, value in values.items())
        session.commit()


def test_two_branches_stores_share_compiled_statements_and_keep_their_own_rows(
        tmp_path: Path) -> None:
    with BranchStore(tmp_path, "A") as a, BranchStore(tmp_path, "B") as b:
        assert a.engine.dialect is b.engine.dialect
        _put(a, colour="红", size=1)
        _put(b, colour="蓝")
        first: list[Any] = []
        assert _settings(a, first) == {"t.colour": "红", "t.size": 1}
        compiled = len(COMPILED)
        second: list[Any] = []
        assert _settings(b, second) == {"t.colour": "蓝"}
        assert second == [DefaultDialect.CACHE_HIT]  # compiled for A, run on B
        assert len(COMPILED) == compiled
    with BranchStore(tmp_path, "A") as again:  # reopened: the rows are in A's own file
        assert _settings(again, []) == {"t.colour": "红", "t.size": 1}


def test_a_cached_statement_reads_a_store_whose_tables_changed(tmp_path: Path) -> None:
    """A store file made again from scratch, and a table laid out otherwise (columns in
    another order, as an older program's store may have it): the compiled statements name
    their columns, so the shared ones read each file right."""
    with BranchStore(tmp_path, "A") as a:
        _put(a, colour="红")
        assert _settings(a, []) == {"t.colour": "红"}
    for path in tmp_path.glob("A.db*"):
        path.unlink()
    with BranchStore(tmp_path, "A") as a:
        assert _settings(a, []) == {}
        _put(a, colour="绿")
        hits: list[Any] = []
        assert _settings(a, hits) == {"t.colour": "绿"}
        assert hits == [DefaultDialect.CACHE_HIT]
    with sqlite3.connect(tmp_path / "A.db") as raw:
        raw.execute("DROP TABLE setting")
        raw.execute("CREATE TABLE setting (value JSON, key VARCHAR(100) PRIMARY KEY)")
        raw.execute("""INSERT INTO setting VALUES ('"黄"', 't.colour')""")
    with BranchStore(tmp_path, "A") as a:
        assert _settings(a, []) == {"t.colour": "黄"}


def test_a_store_gets_the_tables_it_lacks_and_its_settings_on_each_connection(
        tmp_path: Path) -> None:
    """A store made by an older program (a table missing) gets it when opened; every
    connection is in WAL mode with synchronous=NORMAL (a store is rebuilt, never repaired)."""
    with BranchStore(tmp_path, "A"):
        pass
    with sqlite3.connect(tmp_path / "A.db") as raw:
        raw.execute("DROP TABLE meeting_speech")
    with BranchStore(tmp_path, "A") as a, a.session() as session:
        assert session.scalars(select(Meeting)).all() == []
        with a.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
            assert conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'meeting_speech'").scalar() == 1
