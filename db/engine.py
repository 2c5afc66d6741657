"""An open database of either kind (branch or city): the engine with SQLite's safety pragmas,
its instance lock and units of work. Kept apart from db.database so that opening a city
database loads none of the branch's models."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.errors import database_errors
from db.lock import InstanceLock


def _json_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for a database URL; SQLite gets the safety pragmas."""
    engine = create_engine(url, json_serializer=_json_dumps, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class OpenDatabase:
    """An engine with its instance lock, handing out units of work; the branch and the city
    databases both are one."""

    def __init__(self, engine: Engine, lock: InstanceLock | None) -> None:
        self.engine = engine
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.label = str(engine.url.database or engine.url)

    def new_session(self) -> Session:
        return self._sessions()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = self.new_session()
        try:
            with database_errors(self.label):
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def exists(path: Path) -> bool:
    """A database file with something in it (SQLite creates an empty file on connect)."""
    return path.is_file() and path.stat().st_size > 0
