"""Opening a branch database: lock, pragmas, migrations after a verified backup, sessions."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from base.errors import UserError
from db import cipher
from db.audit import ACTOR, install_hooks
from db.backup import BackupRotation
from db.errors import database_errors
from db.lock import InstanceLock
from db.migrate import BRANCH
from db.models import AuditEntry


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


class NoDatabase(UserError):
    """A command other than `init` was pointed at a missing or empty database file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"没有找到数据库“{path}”（文件不存在或是空的）。新建支部数据库请先运行 "
            "branchdesk init --name 支部全称 --code 支部代码（或打开图形界面按向导设置）；"
            "已有数据库请用 --db 指明它的位置。")


def exists(path: Path) -> bool:
    """A database file with something in it (SQLite creates an empty file on connect)."""
    return path.is_file() and path.stat().st_size > 0


class Database(OpenDatabase):
    """An open branch database. Use `Database.open(path)`; close it when done."""

    def __init__(self, path: Path, engine: Engine, lock: InstanceLock | None,
                 key: bytes | None = None) -> None:
        super().__init__(engine, lock)
        self.path = path
        self.label = str(path)
        self.key = key  # SQLCipher's key when the database has a password (db.cipher)
        self.actor: str | None = None
        install_hooks(self._sessions)
        self.backups = BackupRotation(path, key=key)

    @classmethod
    def open(cls, path: Path | str, *, lock: bool = True, create: bool = True,
             key: bytes | None = None) -> "Database":
        """Open `path`, migrating an older schema; with `create=False` a missing or empty
        file is refused (NoDatabase) instead of being set up as a new database. A database
        with a password needs its key (db.cipher.unlock)."""
        path = Path(path).resolve()
        existed = exists(path)
        if not existed and not create:
            raise NoDatabase(path)
        if existed and key is None and cipher.is_encrypted(path) and cipher.has_key_file(path):
            raise cipher.Locked(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        instance_lock = InstanceLock(path) if lock else None
        if instance_lock:
            instance_lock.acquire()
        try:
            engine = make_engine(f"sqlite:///{path}", **cipher.engine_options(path, key))
            database = cls(path, engine, instance_lock, key)
            with database_errors(path):
                database._migrate(existed)
        except BaseException:
            if instance_lock:
                instance_lock.release()
            raise
        return database

    def _migrate(self, existed: bool) -> None:
        current = BRANCH.current_heads(self.engine)
        if current == BRANCH.target_heads():
            return
        BRANCH.refuse_newer(self.engine, str(self.path))
        if existed:
            # An older schema: keep a verified copy before touching it.
            label = "before-migration-" + ("-".join(sorted(current)) or "none")
            self.backups.take(label)
        BRANCH.upgrade(self.engine)

    def new_session(self) -> Session:
        session = super().new_session()
        if self.actor:
            session.info[ACTOR] = self.actor
        return session

    def change_marker(self) -> int:
        """Grows with every change; used to decide whether a backup is due."""
        with self.new_session() as session:
            return session.scalar(select(func.max(AuditEntry.seq))) or 0

    def maybe_backup(self) -> Path | None:
        return self.backups.maybe_backup(self.change_marker())
