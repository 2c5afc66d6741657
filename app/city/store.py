"""The city's typed copy of each branch's records: one SQLite file per branch, holding the
branch's own tables, in a folder beside the city database (`city-branches/CODE.db`).

The branch's rules (meeting compliance, who is on the roster, the fund's totals) run on it
directly, as on the branch's own database. The JSON copies in `city_record` stay the record
of what arrived (restore packages are built from them, and a newer program's columns are
kept there); the store follows them. Each change of a store carries a new stamp, written in
the store and in `city_branch.store_stamp`: the store is written and committed first, then
the city's transaction. A store whose stamp differs (a crash between the two commits, a
store file lost or copied from elsewhere) is rebuilt from the JSON copies before it is used.
"""

import contextlib
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import URL, Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.util import LRUCache

from app.city.store_rows import store_rows
from app.sync.records import decode_record, synced_tables
from db import bulk
from db.base import Base
from db.city.database import beside, engine_of
from db.city.models import CityBranch, CityRecord
from db.models import Setting

WRITE_CACHE_KIB = 32 * 1024
STAMP = Table("city_store_stamp", MetaData(), Column("id", Integer, primary_key=True),
              Column("stamp", String(36)))


def store_tables() -> list[Table]:
    """The branch tables the store holds: the synced ones and the settings the rules read."""
    return [*synced_tables(), cast(Table, Setting.__table__)]


def stores_folder(city: Engine) -> Path:
    """`city-branches/` beside a city database file (for PostgreSQL, in the data folder);
    the stores are rebuilt from the city database whenever they are missing."""
    return beside(city, "branches")


#: The SQL compiled for the stores' statements, shared by all of them: a quarter's batch
#: opens one store per branch, and each would otherwise compile the rules' queries again.
COMPILED: LRUCache[Any, Any] = LRUCache(1000)


@functools.cache
def _dialect() -> Dialect:
    """One SQLite dialect for every store. SQLAlchemy's compiled statements are cached per
    dialect (and so are the columns' conversions), so the stores share them only through
    one dialect; it is set up once, from a connection to an empty database."""
    first = create_engine("sqlite://")
    with first.connect():
        pass
    first.dispose()
    return first.dialect


def store_engine(path: Path) -> Engine:
    """An engine on a store file with the shared dialect and compiled statements: what
    `create_engine` makes for a SQLite file (a pool of its connections, the dialect's own
    set-up of each), without a dialect of its own."""
    dialect = _dialect()
    url = URL.create("sqlite", database=str(path))
    args, options = dialect.create_connect_args(url)
    pool = dialect.get_dialect_pool_class(url)(lambda: dialect.connect(*args, **options),
                                               dialect=dialect)
    prepare = dialect.on_connect_url(url)
    if prepare is not None:
        event.listen(pool, "connect", lambda connection, _record: prepare(connection))
    engine = Engine(pool, dialect, url, query_cache_size=0,
                    execution_options={"compiled_cache": COMPILED})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # A store can always be rebuilt from the city database, so a lost last commit after
        # a power cut is repaired by the stamp check, not by synchronous=FULL.
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    return engine


class BranchStore:
    """One branch's typed store. Use as a context manager; `session()` for the rules."""

    def __init__(self, folder: Path, code: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{code}.db"
        self.engine = store_engine(self.path)
        with self.engine.begin() as conn:
            held = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
            missing = [t for t in store_tables() if t.name not in held]
            if missing:  # a new store, or one made by an older program
                Base.metadata.create_all(conn, tables=missing, checkfirst=False)
            if STAMP.name not in held:
                STAMP.create(conn)

    def session(self) -> Session:
        return Session(self.engine)

    def stamp(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(STAMP.c.stamp))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "BranchStore":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(session: Session, code: str) -> BranchStore:
    """The store of a branch of the city database `session` works on."""
    return BranchStore(stores_folder(engine_of(session)), code)


@functools.lru_cache(maxsize=256)
def _full_insert(dialect: Dialect, table: Table) -> bulk.Statement:
    """The insert of rows with every column, given in the driver's terms (`store_rows`)."""
    names = store_rows(table).names
    return bulk.insert(dialect, table, names, given=names)


def _typed(table: Table, records: Iterable[dict[str, Any]]
           ) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """The records as rows of the store: those with every column as tuples for the driver,
    those lacking some (an older program's records lack newer columns) as column values."""
    rows = store_rows(table)
    complete, partial = [], []
    for record in records:
        try:
            complete.append(rows.row(record))
        except KeyError:
            with contextlib.suppress(ValueError):
                partial.append(decode_record(table, record)[0])
        except ValueError:
            continue  # a record this schema cannot hold stays in the JSON copy only
    return complete, partial


def _insert(store: Session, table: Table, records: list[dict[str, Any]]) -> None:
    """All rows at once (the complete ones through one prepared statement, the others grouped
    by the columns they carry); when some break a constraint, one by one leaving those out."""
    dialect = store.get_bind().dialect
    complete, partial = _typed(table, records)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in partial:
        groups[tuple(sorted(row))].append(row)
    statement = _full_insert(dialect, table)
    batches: list[tuple[Callable[[list[Any]], object], list[Any]]] = [
        (lambda rows: statement.run(store.connection(), rows), complete),
        *((lambda rows: store.execute(insert(table), rows), group)
          for group in groups.values())]
    for write, rows in batches:
        if not rows:
            continue
        try:
            with store.begin_nested():
                write(rows)
        except IntegrityError:
            for row in rows:
                with contextlib.suppress(IntegrityError), store.begin_nested():
                    write([row])


def _write(store: Session, records: dict[str, list[dict[str, Any]]], replace_all: bool) -> None:
    tables = store_tables()
    if replace_all:
        for table in reversed(tables):
            store.execute(delete(table))
    for table in tables:
        rows = records.get(table.name, [])
        if rows and not replace_all:
            _by_id(store.get_bind().dialect, table).run(
                store.connection(), [(row["id"],) for row in rows])
        _insert(store, table, rows)


@functools.lru_cache(maxsize=256)
def _by_id(dialect: Dialect, table: Table) -> bulk.Statement:
    """The delete of the rows with these ids (ids as the driver takes them: text)."""
    return bulk.delete(dialect, table, ("id",))


def _stored_records(session: Session, code: str) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, data in session.execute(select(CityRecord.table_name, CityRecord.data).where(
            CityRecord.branch_code == code)):
        records[name].append(data)
    return records


def _only_these(session: Session, code: str, changed: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether the city's copies of the branch are exactly these records (its first package)."""
    held = session.scalar(select(func.count()).select_from(CityRecord).where(
        CityRecord.branch_code == code))
    return held == sum(len(records) for records in changed.values())


def keep_in_step(session: Session, store: BranchStore, code: str,
                 changed: dict[str, list[dict[str, Any]]] | None) -> str:
    """Bring the store up to the city's copy as `session` sees it (its changes flushed, not
    yet committed) and commit it; `changed` are the records just written (None: rebuild).
    Sets the new stamp on the branch in `session`; the caller commits that."""
    branch = session.get(CityBranch, code)
    assert branch is not None
    in_step = branch.store_stamp is not None and store.stamp() == branch.store_stamp
    stamp = str(uuid.uuid4())
    with store.session() as writing:
        # The whole of a branch's store in the cache while it is written: with SQLite's 2 MB
        # default, writing a full package spills and rereads its index pages (15 % more CPU).
        writing.connection().exec_driver_sql(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        if in_step and changed is not None:
            _write(writing, changed, replace_all=False)
        elif changed is not None and _only_these(session, code, changed):
            _write(writing, changed, replace_all=True)  # a first package: no need to read back
        else:
            _write(writing, _stored_records(session, code), replace_all=True)
        writing.execute(delete(STAMP))
        writing.execute(insert(STAMP).values(id=1, stamp=stamp))
        writing.commit()
    branch.store_stamp = stamp
    session.flush()
    return stamp


def ready_store(session: Session, code: str) -> BranchStore:
    """The branch's store, rebuilt first when it is out of step (committed at once)."""
    store = open_store(session, code)
    branch = session.get(CityBranch, code)
    if branch is None or branch.store_stamp is None or store.stamp() != branch.store_stamp:
        keep_in_step(session, store, code, None)
        session.commit()
    return store


class OpenStores:
    """The store a batch of imports writes to, kept open while the packages of one branch
    follow each other (a batch is in branch order); the one before is closed, so that a
    batch of 300 branches holds one store's cache and connection, not 300."""

    def __init__(self) -> None:
        self._open: dict[str, BranchStore] = {}

    def get(self, session: Session, code: str) -> BranchStore:
        if code not in self._open:
            self.close()
            self._open[code] = open_store(session, code)
        return self._open[code]

    def close(self) -> None:
        for store in self._open.values():
            store.close()
        self._open.clear()
